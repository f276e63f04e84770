"""SemEval-2023 Task 3 scoring: micro-F1 for techniques (per paragraph) and frames, macro-F1 for genre.

Gold and predicted files share the official layouts:
techniques ``article_id<TAB>paragraph_no<TAB>technique,technique``; frames
``article_id<TAB>frame,frame``; genre ``article_id<TAB>genre``. Items in gold
without a prediction count as empty predictions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from narrascope.errors import InputError
from narrascope.eval.narratives import LabelCounts

Keyed = dict[tuple[str, ...], set[str]]


def read_labels(path: Path, key_columns: int) -> Keyed:
    """Rows keyed by their first ``key_columns`` columns; the next column is a comma list."""
    rows: Keyed = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cols = line.rstrip("\r").split("\t")
        if len(cols) < key_columns:
            raise InputError(f"{path}:{lineno}: expected at least {key_columns} tab-separated "
                             f"columns, found {len(cols)}")
        if key_columns == 2 and not cols[1].strip().isdigit():
            raise InputError(f"{path}:{lineno}: the paragraph number must be an integer")
        labels = cols[key_columns] if len(cols) > key_columns else ""
        rows[tuple(c.strip() for c in cols[:key_columns])] = {x.strip() for x in labels.split(",") if x.strip()}
    return rows


@dataclass
class SetScores:
    micro_f1: float
    precision: float
    recall: float
    items: int
    missing_predictions: int
    counts: LabelCounts


def score_sets(gold: Keyed, pred: Keyed) -> SetScores:
    """Micro-averaged precision/recall/F1 of label sets over the gold items."""
    if not gold:
        raise InputError("the gold file holds no items")
    counts = LabelCounts()
    for key, labels in gold.items():
        counts.add(labels, pred.get(key, set()))
    tp, fp, fn = (sum(c.values()) for c in (counts.tp, counts.fp, counts.fn))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return SetScores(2 * p * r / (p + r) if p + r else 0.0, p, r, len(gold),
                     sum(key not in pred for key in gold), counts)


def score_genre(gold: Keyed, pred: Keyed, classes: tuple[str, ...]) -> tuple[float, float, Counter]:
    """(macro-F1 over ``classes``, accuracy, confusion counter of (gold, pred))."""
    if not gold:
        raise InputError("the gold file holds no items")
    confusion: Counter = Counter()
    for key, labels in gold.items():
        confusion[(next(iter(labels), ""), next(iter(pred.get(key, set())), ""))] += 1
    f1s = []
    for c in classes:
        tp = confusion[(c, c)]
        fp = sum(v for (g, p), v in confusion.items() if p == c and g != c)
        fn = sum(v for (g, p), v in confusion.items() if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    accuracy = sum(v for (g, p), v in confusion.items() if g == p) / len(gold)
    return sum(f1s) / len(classes), accuracy, confusion
