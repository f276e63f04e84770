"""What `narrascope train narratives` gives a researcher with the shared-task data.

Two protocols, both with the same code as the CLI (train.narratives):
  * leave-one-language-out: train on four languages, test on the fifth;
  * English held-out fifths: train on the other four languages plus 4/5 of
    English, test on the remaining fifth (5 folds, mean reported).
Embeddings are computed once per article and reused across splits.

Usage: python benchmarks/narratives_train_cv.py [--embedder e5-small]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from common import SEMEVAL25, machine, require, stamp

from narrascope.backends.embedders import get_embedder
from narrascope.eval.narratives import score
from narrascope.taxonomies.narratives import load_taxonomy
from narrascope.train.data import read_semeval
from narrascope.train.narratives import embed_examples, predict_sets, train_from_articles


def evaluate(head, taxonomy, examples, vectors) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    gold = {e.id: (e.narratives, e.subnarratives) for e in examples}
    pred = {e.id: predict_sets(head, taxonomy, v, e.language) for e, v in zip(examples, vectors)}
    result = score(gold, pred)
    return result.narratives_f1, result.subnarratives_f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args()
    data = require(SEMEVAL25)
    taxonomy = load_taxonomy()
    examples = list(read_semeval(Path(data)))
    vectors = embed_examples(examples, get_embedder(args.embedder))
    langs = sorted({e.language for e in examples})
    print(f"narrascope train narratives, embedder={args.embedder}, {stamp()}, {machine()}")
    print("| protocol | test set | F1 narratives | F1 subnarratives |")
    print("|---|---|---|---|")
    for lang in langs:
        train = [i for i, e in enumerate(examples) if e.language != lang]
        test = [i for i, e in enumerate(examples) if e.language == lang]
        head = train_from_articles([examples[i] for i in train], [vectors[i] for i in train],
                                   taxonomy, args.embedder)
        fn, fs = evaluate(head, taxonomy, [examples[i] for i in test], [vectors[i] for i in test])
        print(f"| train on the other four languages | {lang.upper()} | {fn:.3f} | {fs:.3f} |")
    english = [i for i, e in enumerate(examples) if e.language == "en"]
    order = np.random.default_rng(0).permutation(english)
    scores = []
    for k in range(5):
        held = set(order[k::5].tolist())
        train = [i for i in range(len(examples)) if i not in held]
        head = train_from_articles([examples[i] for i in train], [vectors[i] for i in train],
                                   taxonomy, args.embedder)
        scores.append(evaluate(head, taxonomy, [examples[i] for i in sorted(held)],
                               [vectors[i] for i in sorted(held)]))
    fn, fs = np.mean(scores, axis=0)
    print(f"| other languages + 4/5 EN, 5 folds (mean) | held-out EN fifth | {fn:.3f} | {fs:.3f} |")


if __name__ == "__main__":
    main()
