"""Clustering quality: pairwise and B-cubed precision/recall of predicted vs gold cluster ids."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class ClusterScores:
    pairwise_precision: float
    pairwise_recall: float
    bcubed_precision: float
    bcubed_recall: float
    items: int

    @staticmethod
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def score_clusters(gold: Sequence[str], pred: Sequence[str]) -> ClusterScores:
    """Scores of one item-aligned pair of labelings (the label values themselves do not matter)."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must label the same items")
    joint = Counter(zip(gold, pred))
    same_both = _pairs(joint)
    pred_pairs, gold_pairs = _pairs(Counter(pred)), _pairs(Counter(gold))
    g_size, p_size = Counter(gold), Counter(pred)
    bp = sum(joint[(g, p)] / p_size[p] for g, p in zip(gold, pred)) / max(len(gold), 1)
    br = sum(joint[(g, p)] / g_size[g] for g, p in zip(gold, pred)) / max(len(gold), 1)
    return ClusterScores(same_both / pred_pairs if pred_pairs else 1.0,
                         same_both / gold_pairs if gold_pairs else 1.0, bp, br, len(gold))
