"""SemEval-2025 Task 10 subtask 1 scoring: exact match of fine-role sets, main-role accuracy.

Gold and predicted rows are matched by (article_id, start, end) as written in
the files; a gold mention without a prediction counts as wrong. Per-role
precision and recall are reported too, because a system that always answers
Antagonist already gets a high main-role accuracy on English.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narrascope.errors import InputError
from narrascope.eval.narratives import LabelCounts
from narrascope.train.roles import read_subtask1

RoleRows = dict[tuple[str, int, int], tuple[str, str, frozenset[str]]]


def read_role_rows(path: Path) -> RoleRows:
    """{(article_id, start, end): (mention, main role, fine roles)} from a subtask-1 file."""
    try:
        rows = read_subtask1(path)
        return {(a, s, e): (m, main, frozenset(fines)) for a, m, s, e, main, fines in rows}
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


@dataclass
class RoleScores:
    exact_match: float
    main_accuracy: float
    mentions: int
    missing_predictions: int
    main_counts: LabelCounts
    fine_counts: LabelCounts


def score_roles(gold: RoleRows, pred: RoleRows) -> RoleScores:
    if not gold:
        raise InputError("the gold file holds no mentions")
    exact = main_ok = missing = 0
    main_counts, fine_counts = LabelCounts(), LabelCounts()
    for key, (_, g_main, g_fines) in gold.items():
        if key not in pred:
            missing += 1
        _, p_main, p_fines = pred.get(key, ("", "", frozenset()))
        exact += int(key in pred and set(g_fines) == set(p_fines))
        main_ok += int(key in pred and g_main == p_main)
        main_counts.add({g_main}, {p_main} - {""})
        fine_counts.add(set(g_fines), set(p_fines))
    n = len(gold)
    return RoleScores(exact / n, main_ok / n, n, missing, main_counts, fine_counts)
