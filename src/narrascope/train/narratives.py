"""Fit a narrative head: one logistic regression per label over embedded texts.

Two sources: the project's synthetic passages (the shipped default head), or
a user's SemEval-2025-layout folder (``narrascope train narratives``). Texts
are embedded sentence by sentence and pooled exactly as at analysis time.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from narrascope.analyzers.narrative_head import DecisionRule, NarrativeHead
from narrascope.backends.embedders import Embedder
from narrascope.errors import InputError
from narrascope.eval.narratives import f1
from narrascope.nlp.sentences import split_sentences
from narrascope.taxonomies.narratives import OTHER, NarrativeTaxonomy
from narrascope.train.data import Example

Progress = Callable[[int], None]


def embed_examples(examples: Sequence[Example], embedder: Embedder, max_sentences: int = 400,
                   progress: Progress | None = None) -> list[np.ndarray]:
    """Sentence-vector matrices, one per example (embedding in shared batches)."""
    out: list[np.ndarray] = []
    batch: list[list[str]] = []

    def flush() -> None:
        texts = [s for sents in batch for s in sents]
        matrix = embedder.encode(texts)
        offset = 0
        for sents in batch:
            out.append(matrix[offset : offset + len(sents)])
            offset += len(sents)
        if progress:
            progress(len(batch))
        batch.clear()

    for example in examples:
        sents = [s.text for s in split_sentences(example.text)][:max_sentences] or [example.text[:500]]
        batch.append(sents)
        if len(batch) >= 16:
            flush()
    if batch:
        flush()
    return out


def pooled(matrix: np.ndarray) -> np.ndarray:
    vec = matrix.mean(axis=0)
    return vec / max(float(np.linalg.norm(vec)), 1e-12)


def label_matrix(examples: Sequence[Example], labels: list[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(examples), len(labels)), dtype=np.int8)
    for row, ex in enumerate(examples):
        for label in ex.narratives | ex.subnarratives:
            if label in index:
                y[row, index[label]] = 1
    return y


def fit_weights(x: np.ndarray, y: np.ndarray, c: float = 4.0) -> tuple[np.ndarray, np.ndarray]:
    """One balanced logistic regression per column of ``y``; labels with no positives get -inf bias."""
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -10.0, dtype=np.float32)
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
            model.fit(x, y[:, j])
            weights[:, j] = model.coef_[0]
            bias[j] = model.intercept_[0]
    return weights, bias


def head_labels(taxonomy: NarrativeTaxonomy) -> list[str]:
    return [*taxonomy.narratives, *taxonomy.subnarratives]


def train_head(examples: Sequence[Example], vectors: Sequence[np.ndarray], taxonomy: NarrativeTaxonomy,
               embedder_name: str, rule: DecisionRule, c: float = 4.0, info: dict | None = None
               ) -> NarrativeHead:
    if not examples:
        raise InputError("no training examples")
    labels = head_labels(taxonomy)
    x = np.vstack([pooled(m) for m in vectors])
    y = label_matrix(examples, labels)
    weights, bias = fit_weights(x, y, c)
    return NarrativeHead(embedder_name, labels, weights, bias, rule, info or {})


def predict_sets(head: NarrativeHead, taxonomy: NarrativeTaxonomy, vectors: np.ndarray
                 ) -> tuple[set[str], set[str]]:
    from narrascope.analyzers.narratives import decide

    scores, _ = head.article_scores(vectors)
    narr, subs = decide(scores, head, taxonomy)
    return {n for n, _ in narr}, {s for s, _ in subs}


def tune_thresholds(head: NarrativeHead, taxonomy: NarrativeTaxonomy, examples: Sequence[Example],
                    vectors: Sequence[np.ndarray]) -> DecisionRule:
    """Pick the two thresholds that maximise mean F1-samples on held-out examples."""
    best = (-1.0, head.rule)
    grid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    for tn in grid:
        for ts in grid:
            head.rule = replace(head.rule, narrative_threshold=tn, subnarrative_threshold=ts)
            total = 0.0
            for ex, vec in zip(examples, vectors):
                n, s = predict_sets(head, taxonomy, vec)
                total += f1(ex.narratives, n) + f1(ex.subnarratives, s)
            if total > best[0]:
                best = (total, head.rule)
    return best[1]


def train_from_articles(examples: Sequence[Example], vectors: Sequence[np.ndarray],
                        taxonomy: NarrativeTaxonomy, embedder_name: str, folds: int = 4,
                        seed: int = 0) -> NarrativeHead:
    """Whole-article training (user data): fit, then tune thresholds by cross-validation."""
    rule = DecisionRule(window_weight=0.0)
    order = np.random.default_rng(seed).permutation(len(examples))
    tuned: list[DecisionRule] = []
    if len(examples) >= 2 * folds:
        for k in range(folds):
            held = set(order[k::folds].tolist())
            train_idx = [i for i in range(len(examples)) if i not in held]
            head = train_head([examples[i] for i in train_idx], [vectors[i] for i in train_idx],
                              taxonomy, embedder_name, rule)
            tuned.append(tune_thresholds(head, taxonomy, [examples[i] for i in sorted(held)],
                                         [vectors[i] for i in sorted(held)]))
    if tuned:
        rule = replace(rule,
                       narrative_threshold=float(np.median([r.narrative_threshold for r in tuned])),
                       subnarrative_threshold=float(np.median([r.subnarrative_threshold for r in tuned])))
    langs = sorted({ex.language for ex in examples})
    return train_head(examples, vectors, taxonomy, embedder_name, rule,
                      info={"trained_on": "user data (SemEval-2025 layout)", "articles": len(examples),
                            "languages": langs, "other_label": OTHER})
