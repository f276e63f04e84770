"""Subtask-1 role scoring and clustering scores, on hand-computed cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.errors import InputError
from narrascope.eval.clustering import ClusterScores, score_clusters
from narrascope.eval.roles import read_role_rows, score_roles


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- read_role_rows -----------------------------------------------------------------------


def test_read_role_rows_keys_and_fine_sets(tmp_path: Path) -> None:
    """Rows are keyed by (article, start, end); fine roles become a frozenset."""
    path = _write(tmp_path / "gold.txt", [
        "a.txt\tMoscow\t10\t15\tAntagonist\tDeceiver\tInstigator",
        "",
        "a.txt\tKyiv\t0\t3\tProtagonist\tGuardian",
    ])
    rows = read_role_rows(path)
    assert rows[("a.txt", 10, 15)] == ("Moscow", "Antagonist", frozenset({"Deceiver", "Instigator"}))
    assert rows[("a.txt", 0, 3)] == ("Kyiv", "Protagonist", frozenset({"Guardian"}))
    assert len(rows) == 2


def test_read_role_rows_missing_file_is_input_error(tmp_path: Path) -> None:
    """An unreadable file raises InputError, not OSError."""
    with pytest.raises(InputError, match="cannot read"):
        read_role_rows(tmp_path / "absent.txt")


def test_read_role_rows_malformed_line_is_input_error(tmp_path: Path) -> None:
    """A malformed row surfaces as InputError with its line number."""
    path = _write(tmp_path / "bad.txt", ["a.txt\tKyiv\t0\t3\tProtagonist", "a.txt\tKyiv"])
    with pytest.raises(InputError, match=":2:"):
        read_role_rows(path)


# --- score_roles --------------------------------------------------------------------------

GOLD = {
    ("a", 0, 3): ("Kyiv", "Protagonist", frozenset({"Guardian"})),
    ("a", 10, 15): ("Moscow", "Antagonist", frozenset({"Deceiver", "Instigator"})),
    ("b", 0, 3): ("NATO", "Innocent", frozenset({"Victim"})),
    ("b", 5, 9): ("Putin", "Antagonist", frozenset({"Tyrant"})),
}


def test_fine_role_sets_match_regardless_of_order(tmp_path: Path) -> None:
    """Fine roles written in another order still match exactly."""
    gold = read_role_rows(_write(tmp_path / "g.txt", ["a\tX\t0\t1\tAntagonist\tDeceiver\tInstigator"]))
    pred = read_role_rows(_write(tmp_path / "p.txt", ["a\tX\t0\t1\tAntagonist\tInstigator\tDeceiver"]))
    result = score_roles(gold, pred)
    assert result.exact_match == 1.0 and result.main_accuracy == 1.0


def test_score_roles_hand_computed() -> None:
    """Exact match, main accuracy, missing predictions and per-role counts."""
    pred = {
        ("a", 0, 3): ("Kyiv", "Protagonist", frozenset({"Guardian"})),             # all right
        ("a", 10, 15): ("Moscow", "Antagonist", frozenset({"Deceiver"})),          # main right, subset
        ("b", 0, 3): ("NATO", "Antagonist", frozenset({"Victim"})),                # main wrong
        ("z", 0, 1): ("Extra", "Antagonist", frozenset({"Tyrant"})),               # not in gold
    }  # ("b", 5, 9) is missing
    result = score_roles(GOLD, pred)
    assert result.mentions == 4
    assert result.missing_predictions == 1
    assert result.exact_match == pytest.approx(2 / 4)
    assert result.main_accuracy == pytest.approx(2 / 4)
    main = {label: (p, r, n) for label, p, r, n in result.main_counts.table()}
    assert main["Antagonist"] == (pytest.approx(1 / 2), pytest.approx(1 / 2), 2)
    assert main["Innocent"] == (0.0, 0.0, 1)
    assert main["Protagonist"] == (1.0, 1.0, 1)
    fine = {label: (p, r, n) for label, p, r, n in result.fine_counts.table()}
    assert fine["Instigator"] == (0.0, 0.0, 1)
    assert fine["Tyrant"] == (0.0, 0.0, 1)  # extra predictions outside gold are not scored
    assert fine["Victim"] == (1.0, 1.0, 1)


def test_all_missing_predictions_score_zero() -> None:
    """No predictions at all: every gold mention counts as wrong."""
    result = score_roles(GOLD, {})
    assert result.exact_match == 0.0
    assert result.main_accuracy == 0.0
    assert result.missing_predictions == 4


def test_perfect_predictions_score_one() -> None:
    """Predicting the gold file scores 1 on both measures."""
    result = score_roles(GOLD, dict(GOLD))
    assert (result.exact_match, result.main_accuracy, result.missing_predictions) == (1.0, 1.0, 0)


def test_empty_gold_is_input_error() -> None:
    """Scoring against an empty gold file is refused."""
    with pytest.raises(InputError, match="no mentions"):
        score_roles({}, GOLD)


def test_missing_prediction_is_wrong_even_without_gold_fine_roles() -> None:
    """A gold mention without a prediction is never an exact match (module docstring)."""
    gold = {("a", 0, 3): ("Kyiv", "Protagonist", frozenset())}
    assert score_roles(gold, {}).exact_match == 0.0


# --- score_clusters -----------------------------------------------------------------------

GOLD_LABELS = ["a", "a", "a", "b", "b", "c"]


def test_perfect_clustering_scores_one() -> None:
    """Same partition under other label names is perfect."""
    s = score_clusters(GOLD_LABELS, ["x", "x", "x", "y", "y", "z"])
    assert (s.pairwise_precision, s.pairwise_recall) == (1.0, 1.0)
    assert (s.bcubed_precision, s.bcubed_recall) == (pytest.approx(1.0), pytest.approx(1.0))
    assert s.items == 6


def test_all_singletons_precise_but_low_recall() -> None:
    """Every item alone: precision 1, pairwise recall 0, B-cubed recall = mean 1/|gold cluster|."""
    s = score_clusters(GOLD_LABELS, [str(i) for i in range(6)])
    assert s.pairwise_precision == 1.0 and s.bcubed_precision == pytest.approx(1.0)
    assert s.pairwise_recall == 0.0
    assert s.bcubed_recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2) + 1) / 6)


def test_one_big_cluster_full_recall_low_precision() -> None:
    """Everything together: recall 1; pairwise precision = gold pairs / all pairs = 4/15."""
    s = score_clusters(GOLD_LABELS, ["all"] * 6)
    assert s.pairwise_recall == 1.0 and s.bcubed_recall == pytest.approx(1.0)
    assert s.pairwise_precision == pytest.approx(4 / 15)
    assert s.bcubed_precision == pytest.approx((3 * 3 / 6 + 2 * 2 / 6 + 1 / 6) / 6)


def test_hand_computed_partial_clustering() -> None:
    """gold {1,2,3}{4,5}{6}, pred {1,2}{3,4,5}{6}."""
    s = score_clusters(GOLD_LABELS, ["p", "p", "q", "q", "q", "r"])
    # pred pairs: 1 + 3 = 4, gold pairs: 3 + 1 = 4, shared: (1,2) and (4,5) = 2
    assert s.pairwise_precision == pytest.approx(2 / 4)
    assert s.pairwise_recall == pytest.approx(2 / 4)
    bp = (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3 + 1) / 6
    br = (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1 + 1) / 6
    assert s.bcubed_precision == pytest.approx(bp)
    assert s.bcubed_recall == pytest.approx(br)


def test_score_clusters_length_mismatch() -> None:
    """Gold and prediction must label the same items."""
    with pytest.raises(ValueError):
        score_clusters(["a", "b"], ["a"])


def test_f1_helper() -> None:
    """Harmonic mean, and 0 when both are 0."""
    assert ClusterScores.f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert ClusterScores.f1(0.0, 0.0) == 0.0
