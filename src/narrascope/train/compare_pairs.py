"""Train the claim-pair classifier from stories annotated like benchmarks/data/compare.

Our claims and the gold claims need not cut a sentence the same way, so each
gold claim is mapped to the predicted claim that covers it (as the benchmark
does); a pair of predicted claims takes the relation of the gold pair it
carries (conflicting wins over same), and every other cross-article pair in
the story is ``absent``. Probability thresholds are chosen by cross-validation over
whole stories, so they are never set on the pairs a fold was trained on.
"""
from __future__ import annotations

from dataclasses import asdict
from itertools import combinations
from typing import Any

import numpy as np

from narrascope.compare.pairs import PairModel, claim_keys, pair_matrix
from narrascope.eval.compare import match_claims


def pair_examples(stories: list[dict[str, Any]], digests: dict[str, Any]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, relation labels, story index) for every cross-article claim pair."""
    rows, labels, groups = [], [], []
    for number, story in enumerate(stories):
        mapped: dict[str, tuple[str, str]] = {}
        for article in story["articles"]:
            digest = digests.get(article["id"])
            if digest is None:
                continue
            predicted = [asdict(c) for c in digest.article.claims]
            for gold_id, pred in match_claims(article["text"], article["claims"], predicted).items():
                mapped[gold_id] = (article["id"], pred["id"])
        relation: dict[frozenset, str] = {}
        for pair in story.get("alignments", []):
            if pair["a"] in mapped and pair["b"] in mapped:
                key = frozenset((mapped[pair["a"]], mapped[pair["b"]]))
                if relation.get(key) != "conflicting":
                    relation[key] = pair["relation"]
        ids = [a["id"] for a in story["articles"] if a["id"] in digests]
        for first, second in combinations(ids, 2):
            da, db = digests[first], digests[second]
            la, lb = da.article.language, db.article.language
            claims_a, claims_b = da.article.claims, db.article.claims
            if not claims_a or not claims_b:
                continue
            features = pair_matrix(da.claim_vectors, db.claim_vectors, claims_a, claims_b,
                                   [claim_keys(c, la) for c in claims_a],
                                   [claim_keys(c, lb) for c in claims_b], la == lb)
            for i, ca in enumerate(claims_a):
                for j, cb in enumerate(claims_b):
                    rows.append(features[i, j])
                    labels.append(relation.get(frozenset(((first, ca.id), (second, cb.id))),
                                               "absent"))
                    groups.append(number)
    return np.asarray(rows, dtype=np.float32), np.asarray(labels), np.asarray(groups)


def _best_threshold(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    best = (0.0, 0.5)
    for t in np.linspace(0.05, 0.95, 19):
        hit = scores >= t
        f1 = 2 * (hit & truth).sum() / max(hit.sum() + truth.sum(), 1)
        best = max(best, (float(f1), float(t)))
    return best


def fit_pair_model(features: np.ndarray, labels: np.ndarray, groups: np.ndarray, c: float = 1.0,
                   folds: int = 4) -> tuple[PairModel, dict[str, float]]:
    """Logistic regression on all pairs; thresholds (and their CV F1) from story-grouped folds."""
    from sklearn.linear_model import LogisticRegression

    def fit(x: np.ndarray, y: np.ndarray) -> Any:
        return LogisticRegression(C=c, max_iter=3000).fit(x, y)

    held_out = np.zeros((len(labels), 3))
    classes: list[str] = []
    for fold in range(folds):
        test = groups % folds == fold
        model = fit(features[~test], labels[~test])
        classes = list(model.classes_)
        held_out[test] = model.predict_proba(features[test])
    scores = {}
    thresholds = {}
    for relation in ("same", "conflicting"):
        f1, threshold = _best_threshold(held_out[:, classes.index(relation)], labels == relation)
        scores[relation] = f1
        thresholds[relation] = threshold
    final = fit(features, labels)
    model = PairModel(final.coef_.astype(np.float32), final.intercept_.astype(np.float32),
                      tuple(final.classes_), thresholds["same"], thresholds["conflicting"])
    return model, scores
