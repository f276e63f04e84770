"""The official subtask-2 metric (F1-samples) on hand-computed cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.errors import InputError
from narrascope.eval.narratives import default_classes, f1, read_subtask2, score


def test_f1_of_label_sets() -> None:
    assert f1({"A", "B"}, {"A"}) == pytest.approx(2 / 3)
    assert f1({"A"}, {"B"}) == 0.0
    assert f1(set(), set()) == 0.0


def test_score_averages_over_gold_articles_and_ignores_unknown_labels() -> None:
    classes = ({"A", "B", "Other"}, {"A: x", "Other"})
    gold = {"1": ({"A", "B"}, {"A: x"}), "2": ({"Other"}, {"Other"}), "3": ({"A"}, {"A: x"})}
    pred = {"1": ({"A", "Z"}, {"A: x"}), "2": ({"Other"}, {"Other"})}  # 3 missing, Z unknown
    result = score(gold, pred, classes)
    assert result.narratives_f1 == pytest.approx((2 / 3 + 1 + 0) / 3)
    assert result.subnarratives_f1 == pytest.approx((1 + 1 + 0) / 3)
    assert result.missing_predictions == 1
    table = {name: (p, r) for name, p, r, _ in result.narrative_counts.table()}
    assert table["A"] == (1.0, 0.5) and "Z" not in table


def test_default_classes_leave_out_labels_the_official_list_lacks() -> None:
    narratives, subs = default_classes()
    assert len(narratives) == 22 and "Other" in narratives
    assert "CC: Downplaying climate change: Sea levels are not rising" not in subs
    assert "URW: Discrediting Ukraine: Other" in subs


def test_read_subtask2_rejects_rows_with_too_few_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("a.txt\tOther\n", encoding="utf-8")
    with pytest.raises(InputError, match="3 tab-separated columns"):
        read_subtask2(bad)
