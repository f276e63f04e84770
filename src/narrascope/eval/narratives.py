"""SemEval-2025 Task 10 subtask 2 scoring: F1-samples for narratives and subnarratives.

Matches the official scorer: each article's predicted and gold label sets
are compared with F1, then averaged over gold articles; labels outside the
class list are ignored; an article with no prediction counts as an empty
prediction; an article whose filtered sets are both empty scores 0 (as
scikit-learn's ``f1_score(average="samples")`` does).
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.errors import InputError
from narrascope.taxonomies.narratives import OTHER, load_taxonomy

LabelSets = dict[str, tuple[set[str], set[str]]]


def _split(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(";") if part.strip()}


def read_subtask2(path: Path) -> LabelSets:
    """``article_id<TAB>narratives<TAB>subnarratives`` -> {id: (narratives, subnarratives)}."""
    rows: LabelSets = {}
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    with handle:
        for lineno, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or not row[0].strip():
                continue
            if len(row) < 3:
                raise InputError(
                    f"{path}:{lineno}: expected 3 tab-separated columns "
                    f"(article_id, narratives, subnarratives), got {len(row)}"
                )
            rows[row[0].strip()] = (_split(row[1]), _split(row[2]))
    return rows


def default_classes() -> tuple[set[str], set[str]]:
    """The official scorer's class lists, derived from the shipped taxonomy."""
    tax = load_taxonomy()
    excluded = set(tax.scorer_excluded)
    return ({OTHER, *tax.narratives}, {OTHER, *(s for s in tax.subnarratives if s not in excluded)})


def read_class_file(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()}


def f1(gold: set[str], pred: set[str]) -> float:
    if not gold and not pred:
        return 0.0
    return 2 * len(gold & pred) / (len(gold) + len(pred))


@dataclass
class LabelCounts:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: set[str], pred: set[str]) -> None:
        for label in gold & pred:
            self.tp[label] += 1
        for label in pred - gold:
            self.fp[label] += 1
        for label in gold - pred:
            self.fn[label] += 1

    def table(self) -> list[tuple[str, float, float, int]]:
        """(label, precision, recall, gold support) for every label seen."""
        labels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        out = []
        for label in labels:
            tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
            out.append((label, tp / (tp + fp) if tp + fp else 0.0,
                        tp / (tp + fn) if tp + fn else 0.0, tp + fn))
        return out


@dataclass
class NarrativeScores:
    narratives_f1: float
    subnarratives_f1: float
    articles: int
    missing_predictions: int
    narrative_counts: LabelCounts
    subnarrative_counts: LabelCounts


def score(gold: LabelSets, pred: LabelSets,
          classes: tuple[set[str], set[str]] | None = None) -> NarrativeScores:
    """Official F1-samples over the gold articles."""
    if not gold:
        raise InputError("the gold file holds no articles")
    n_classes, s_classes = classes or default_classes()
    n_total = s_total = 0.0
    missing = 0
    ncount, scount = LabelCounts(), LabelCounts()
    for art_id, (g_n, g_s) in gold.items():
        if art_id not in pred:
            missing += 1
        p_n, p_s = pred.get(art_id, (set(), set()))
        g_n, p_n = g_n & n_classes, p_n & n_classes
        g_s, p_s = g_s & s_classes, p_s & s_classes
        n_total += f1(g_n, p_n)
        s_total += f1(g_s, p_s)
        ncount.add(g_n, p_n)
        scount.add(g_s, p_s)
    return NarrativeScores(n_total / len(gold), s_total / len(gold), len(gold), missing,
                           ncount, scount)
