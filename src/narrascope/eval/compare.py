"""Scores for claims, attribution, certainty, claim alignment and story clustering.

Gold is the project's comparison set (``benchmarks/data/compare/*.jsonl``: one
story a line, its articles with gold claims, and the same / conflicting claim
pairs). Predicted claims are matched to gold claims by character overlap: a
predicted claim finds a gold claim when it covers at least half of it (ours
are sentences, gold ones may be clauses). Alignment is scored over the
cross-article pairs of gold claims: each pair's gold relation (same,
conflicting, or absent when not listed) against the relation our output gives
the predicted claims they matched (absent when a gold claim was not found).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from narrascope.eval.clustering import ClusterScores, score_clusters


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CompareScores:
    claims: Counts = field(default_factory=Counts)
    matched: int = 0
    source_type: Counter = field(default_factory=Counter)  # (gold, predicted) pairs
    source_match: int = 0
    mode: Counter = field(default_factory=Counter)
    certainty: Counter = field(default_factory=Counter)
    quantities: Counts = field(default_factory=Counts)
    alignment: dict[str, Counts] = field(
        default_factory=lambda: {"same": Counts(), "conflicting": Counts()})
    clustering: dict[str, float] = field(default_factory=dict)

    @staticmethod
    def accuracy(table: Counter) -> float:
        total = sum(table.values())
        return sum(n for (g, p), n in table.items() if g == p) / total if total else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "claims": {"precision": self.claims.precision, "recall": self.claims.recall,
                       "f1": self.claims.f1, "gold": self.claims.tp + self.claims.fn},
            "matched_gold_claims": self.matched,
            "source_type_accuracy": self.accuracy(self.source_type),
            "source_accuracy": self.source_match / self.matched if self.matched else 0.0,
            "mode_accuracy": self.accuracy(self.mode),
            "certainty_accuracy": self.accuracy(self.certainty),
            "quantities": {"precision": self.quantities.precision,
                           "recall": self.quantities.recall},
            "alignment": {k: {"precision": c.precision, "recall": c.recall, "f1": c.f1,
                              "gold": c.tp + c.fn} for k, c in self.alignment.items()},
            "clustering": self.clustering,
        }


def read_gold(paths: list[Path]) -> list[dict[str, Any]]:
    stories = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                stories.append(json.loads(line))
    return stories


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.lower()) if t not in {"the", "a", "an"}}


def same_source(gold: str, predicted: str) -> bool:
    """Sources agree when their words overlap well (the, a ignored): 'the ministry' ~ 'ministry'."""
    g, p = _tokens(gold), _tokens(predicted)
    if not g and not p:
        return True
    if not g or not p:
        return False
    overlap = len(g & p)
    return 2 * overlap / (len(g) + len(p)) >= 0.5


def match_claims(text: str, gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
                 ) -> dict[str, dict[str, Any]]:
    """Gold claim id -> the predicted claim covering most of it (at least half)."""
    found = {}
    for claim in gold:
        start = text.find(claim["text"])
        if start < 0:
            continue
        end = start + len(claim["text"])
        best, cover = None, 0
        for pred in predicted:
            overlap = min(end, pred["end"]) - max(start, pred["start"])
            if overlap > cover:
                best, cover = pred, overlap
        if best is not None and cover >= 0.5 * (end - start):
            found[claim["id"]] = best
    return found


def _norm_quantity(text: str) -> str:
    return " ".join(text.lower().split())


def score_story(story: dict[str, Any], predicted: dict[str, dict[str, Any]],
                scores: CompareScores) -> None:
    """Add one story: ``predicted`` maps article id -> its compare output record."""
    matches: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}
    for article in story["articles"]:
        pred_claims = predicted.get(article["id"], {}).get("claims", [])
        found = match_claims(article["text"], article["claims"], pred_claims)
        matches.update(found)
        for claim in article["claims"]:
            owner[claim["id"]] = article["id"]
        used = {id(p) for p in found.values()}
        scores.claims.tp += len(found)
        scores.claims.fn += len(article["claims"]) - len(found)
        covered = [p for p in pred_claims if id(p) in used]
        scores.claims.fp += len(pred_claims) - len(covered)
        for claim in article["claims"]:
            pred = found.get(claim["id"])
            if pred is None:
                continue
            scores.matched += 1
            scores.source_type[(claim["source_type"], pred["source_type"])] += 1
            scores.source_match += same_source(claim["source"], pred["source"])
            scores.mode[(claim["mode"], pred["mode"])] += 1
            scores.certainty[(claim["certainty"], pred["certainty"])] += 1
            gold_q = {_norm_quantity(q) for q in claim.get("quantities", [])}
            pred_q = {_norm_quantity(q["text"]) for q in pred.get("quantities", [])}
            hit = {g for g in gold_q if any(g in p or p in g for p in pred_q)}
            scores.quantities.tp += len(hit)
            scores.quantities.fn += len(gold_q) - len(hit)
            scores.quantities.fp += max(len(pred_q) - len(hit), 0)
    gold_rel = {}
    for pair in story.get("alignments", []):
        gold_rel[frozenset((pair["a"], pair["b"]))] = pair["relation"]
    claim_ids = [c["id"] for a in story["articles"] for c in a["claims"]]
    for a, b in combinations(claim_ids, 2):
        if owner[a] == owner[b]:
            continue
        gold = gold_rel.get(frozenset((a, b)), "absent")
        guess = _predicted_relation(matches.get(a), owner[b], matches.get(b), owner[a])
        for relation, counts in scores.alignment.items():
            if gold == relation and guess == relation:
                counts.tp += 1
            elif gold == relation:
                counts.fn += 1
            elif guess == relation:
                counts.fp += 1


def _predicted_relation(pa: dict[str, Any] | None, article_b: str, pb: dict[str, Any] | None,
                        article_a: str) -> str:
    if pa is None or pb is None:
        return "absent"
    found = {al["relation"] for al in pa["alignments"]
             if al["article"] == article_b and al["claim"] == pb["id"]}
    found |= {al["relation"] for al in pb["alignments"]
              if al["article"] == article_a and al["claim"] == pa["id"]}
    if "conflicting" in found:
        return "conflicting"
    return "same" if "same" in found else "absent"


def score_clustering(gold_story: dict[str, str], predicted_story: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of story grouping over the articles both cover."""
    ids = sorted(gold_story)
    result = score_clusters([gold_story[i] for i in ids], [predicted_story.get(i, i) for i in ids])
    p, r = result.pairwise_precision, result.pairwise_recall
    return {"precision": p, "recall": r, "f1": ClusterScores.f1(p, r)}
