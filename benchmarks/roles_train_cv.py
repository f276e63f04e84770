"""What `narrascope train roles` gives a user with the research data: 4-fold cross-validation.

Featurises every annotated mention of the SemEval-2025 Task 10 train split once (exactly as
`train roles` does), then fits the role heads on 3/4 of the articles and scores the held-out
quarter (gold mentions), for every fold. Reported per language and pooled.

Usage: python benchmarks/roles_train_cv.py [--embedder e5-small]
"""
from __future__ import annotations

import argparse
from collections import Counter

import numpy as np
from common import SEMEVAL25, machine, require, stamp

from narrascope.analyzers.role_head import decide_roles
from narrascope.backends.embedders import get_embedder
from narrascope.taxonomies.roles import load_roles
from narrascope.train.roles import MentionFeatures, featurise, fit_role_head, read_semeval_roles


def subset(feats: MentionFeatures, rows: np.ndarray) -> MentionFeatures:
    return MentionFeatures(feats.windows[rows], feats.sentences[rows],
                           [feats.languages[i] for i in rows], [feats.mains[i] for i in rows],
                           [feats.fines[i] for i in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--folds", type=int, default=4)
    args = parser.parse_args()
    examples = list(read_semeval_roles(require(SEMEVAL25)))
    backend = get_embedder(args.embedder)
    feats = featurise(examples, backend, 12)
    owner = np.array([i for i, ex in enumerate(examples) for _ in ex.mentions])
    fold_of = np.random.default_rng(0).permutation(len(examples)) % args.folds
    taxonomy = load_roles()
    hits: Counter = Counter()
    for fold in range(args.folds):
        test = np.flatnonzero(fold_of[owner] == fold)
        train = np.flatnonzero(fold_of[owner] != fold)
        head = fit_role_head(subset(feats, train), taxonomy, backend.name)
        for lang in sorted(set(feats.languages)):
            rows = np.array([i for i in test if feats.languages[i] == lang])
            if not len(rows):
                continue
            x = head.features(feats.windows[rows], feats.sentences[rows], lang)
            decisions = decide_roles(head, head.main_probabilities(x), head.fine_probabilities(x),
                                     allow_none=False)
            for i, d in zip(rows, decisions):
                hits[(lang, "n")] += 1
                hits[(lang, "main")] += d.main == feats.mains[i]
                hits[(lang, "exact")] += {f for f, _ in d.fine} == set(feats.fines[i])
    print(f"roles, train roles + {args.folds}-fold CV by article, embedder={backend.name}, "
          f"{stamp()}, {machine()}")
    print("| lang | mentions | main-role acc. | fine exact match |")
    print("|---|---|---|---|")
    langs = sorted({lang for lang, _ in hits})
    for lang in [*langs, "pooled"]:
        keys = langs if lang == "pooled" else [lang]
        n = sum(hits[(k, "n")] for k in keys)
        print(f"| {lang} | {n} | {sum(hits[(k, 'main')] for k in keys) / n:.3f} | "
              f"{sum(hits[(k, 'exact')] for k in keys) / n:.3f} |")


if __name__ == "__main__":
    main()
