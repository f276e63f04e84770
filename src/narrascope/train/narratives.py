"""Fit a narrative head: one logistic regression per label over embedded texts.

Two sources: the project's synthetic passages (the shipped default head), or
a user's SemEval-2025-layout folder (``narrascope train narratives``). Texts
are embedded sentence by sentence and pooled exactly as at analysis time.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from narrascope.analyzers.narrative_head import GATE, DecisionRule, NarrativeHead
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
    """0/1 targets; the gate column is 1 for every example that carries a narrative."""
    index = {label: i for i, label in enumerate(labels)}
    y = np.zeros((len(examples), len(labels)), dtype=np.int8)
    for row, ex in enumerate(examples):
        for label in ex.narratives | ex.subnarratives:
            if label in index:
                y[row, index[label]] = 1
        if GATE in index and ex.narratives - {OTHER}:
            y[row, index[GATE]] = 1
    return y


def fit_weights(x: np.ndarray, y: np.ndarray, c: Sequence[float], balanced: bool = True
                ) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per column of ``y`` (inverse strength ``c[j]``).

    ``balanced`` weights positives and negatives equally (scores then read as
    "looks like this label"); unbalanced scores keep the label's frequency in
    the training data. Labels without positives (or without negatives) get a
    constant score.
    """
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.full(y.shape[1], -10.0, dtype=np.float32)
    for j in range(y.shape[1]):
        positives = int(y[:, j].sum())
        if positives == len(y):
            bias[j] = 10.0
        elif positives:
            model = LogisticRegression(C=c[j], class_weight="balanced" if balanced else None,
                                       max_iter=3000)
            model.fit(x, y[:, j])
            weights[:, j] = model.coef_[0]
            bias[j] = model.intercept_[0]
    return weights, bias


def head_labels(taxonomy: NarrativeTaxonomy) -> list[str]:
    return [GATE, *taxonomy.narratives, *taxonomy.subnarratives]


def language_means(examples: Sequence[Example], vectors: Sequence[np.ndarray]) -> dict[str, np.ndarray]:
    """Mean sentence vector per language, and over everything under the key ""."""
    rows: dict[str, list[np.ndarray]] = {}
    for ex, matrix in zip(examples, vectors):
        rows.setdefault(ex.language, []).append(matrix)
    means = {lang: np.vstack(ms).mean(axis=0) for lang, ms in rows.items()}
    means[""] = np.vstack([m for ms in rows.values() for m in ms]).mean(axis=0)
    return means


def train_head(examples: Sequence[Example], vectors: Sequence[np.ndarray], taxonomy: NarrativeTaxonomy,
               embedder_name: str, rule: DecisionRule, c: float = 4.0, gate_c: float = 0.5,
               info: dict | None = None, centre: bool = False) -> NarrativeHead:
    """Fit every label (and the gate, more strongly regularised) on pooled example vectors.

    ``centre`` first centres each example on its language's mean (see NarrativeHead).
    """
    if not examples:
        raise InputError("no training examples")
    labels = head_labels(taxonomy)
    head = NarrativeHead(embedder_name, labels, np.zeros((vectors[0].shape[1], len(labels)), np.float32),
                         np.zeros(len(labels), np.float32), rule, info or {},
                         language_means(examples, vectors) if centre else {})
    x = np.vstack([pooled(head.prepare(m, ex.language)) for ex, m in zip(examples, vectors)])
    y = label_matrix(examples, labels)
    head.weights, head.bias = fit_weights(x, y, [gate_c if label == GATE else c for label in labels])
    return head


def predict_sets(head: NarrativeHead, taxonomy: NarrativeTaxonomy, vectors: np.ndarray,
                 language: str = "") -> tuple[set[str], set[str]]:
    from narrascope.analyzers.narratives import decide

    scores, _ = head.article_scores(head.prepare(vectors, language))
    narr, subs = decide(scores, head, taxonomy)
    return {n for n, _ in narr}, {s for s, _ in subs}


GRID = {"gate_threshold": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8), "narrative_threshold": (0.4, 0.6, 0.8),
        "subnarrative_threshold": (0.3, 0.5, 0.7)}


def tune_thresholds(head: NarrativeHead, taxonomy: NarrativeTaxonomy, examples: Sequence[Example],
                    vectors: Sequence[np.ndarray]) -> DecisionRule:
    """The thresholds (from GRID) that maximise mean F1-samples on held-out examples."""
    from itertools import product

    from narrascope.analyzers.narratives import decide

    scores = [head.article_scores(head.prepare(v, ex.language))[0] for ex, v in zip(examples, vectors)]
    best_total, best_rule = -1.0, head.rule
    for g, n, s in product(*GRID.values()):
        rule = replace(head.rule, gate_threshold=g, narrative_threshold=n, subnarrative_threshold=s)
        head.rule = rule
        total = 0.0
        for ex, sc in zip(examples, scores):
            narr, subs = decide(sc, head, taxonomy)
            total += f1(ex.narratives, {x for x, _ in narr}) + f1(ex.subnarratives, {x for x, _ in subs})
        if total > best_total:
            best_total, best_rule = total, rule
    head.rule = best_rule
    return best_rule


def train_from_articles(examples: Sequence[Example], vectors: Sequence[np.ndarray],
                        taxonomy: NarrativeTaxonomy, embedder_name: str, folds: int = 4,
                        seed: int = 0) -> NarrativeHead:
    """Whole-article training (user data): fit, then tune thresholds by cross-validation.

    Vectors are centred per language: in shared-task data the share of ``Other``
    differs a lot between languages, and an uncentred head learns the language
    instead of the narrative.
    """
    rule = DecisionRule(window_weight=0.0)
    order = np.random.default_rng(seed).permutation(len(examples))
    tuned: list[DecisionRule] = []
    if len(examples) >= 2 * folds:
        for k in range(folds):
            held = set(order[k::folds].tolist())
            train_idx = [i for i in range(len(examples)) if i not in held]
            head = train_head([examples[i] for i in train_idx], [vectors[i] for i in train_idx],
                              taxonomy, embedder_name, rule, centre=True)
            tuned.append(tune_thresholds(head, taxonomy, [examples[i] for i in sorted(held)],
                                         [vectors[i] for i in sorted(held)]))
    if tuned:
        rule = replace(rule, **{key: float(np.median([getattr(r, key) for r in tuned]))
                                for key in GRID})
    langs = sorted({ex.language for ex in examples})
    return train_head(examples, vectors, taxonomy, embedder_name, rule, centre=True,
                      info={"trained_on": "user data (SemEval-2025 layout)", "articles": len(examples),
                            "languages": langs, "other_label": OTHER})
