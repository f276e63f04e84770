"""Narrative analyzer: the decision rule, evidence, explanation, and the shipped heads."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from narrascope.analyzers.narrative_head import GATE, DecisionRule, NarrativeHead, window_vectors
from narrascope.analyzers.narratives import (
    MAX_EXPLANATION_WORDS,
    decide,
    explain,
    shipped_model_dir,
)
from narrascope.doc import Span
from narrascope.taxonomies.narratives import OTHER, load_taxonomy
from narrascope.train.narratives import head_labels

TAX = load_taxonomy()
PUPPET = "URW: Discrediting Ukraine: Ukraine is a puppet of the West"
NAZI = "URW: Discrediting Ukraine: Ukraine is associated with nazism"


def toy_head(**rule: float) -> NarrativeHead:
    labels = head_labels(TAX)
    return NarrativeHead("toy", labels, np.zeros((4, len(labels)), np.float32),
                         np.zeros(len(labels), np.float32), DecisionRule(**rule))


def scores_for(head: NarrativeHead, values: dict[str, float]) -> np.ndarray:
    scores = np.zeros(len(head.labels))
    for label, value in values.items():
        scores[head.index[label]] = value
    return scores


def test_decide_gate_below_threshold_gives_other() -> None:
    head = toy_head(gate_threshold=0.5)
    narr, subs = decide(scores_for(head, {GATE: 0.3, "URW: Discrediting Ukraine": 0.99}), head, TAX)
    assert [n for n, _ in narr] == [OTHER] and [s for s, _ in subs] == [OTHER]


def test_decide_keeps_best_narrative_and_same_domain_extras_only() -> None:
    head = toy_head(gate_threshold=0.5, narrative_threshold=0.6)
    scores = scores_for(head, {GATE: 0.9, "URW: Discrediting Ukraine": 0.7,
                               "URW: Praise of Russia": 0.65, "CC: Downplaying climate change": 0.69,
                               "URW: Russia is the Victim": 0.2})
    narr, _ = decide(scores, head, TAX)
    assert [n for n, _ in narr] == ["URW: Discrediting Ukraine", "URW: Praise of Russia"]


def test_decide_best_narrative_is_kept_even_below_narrative_threshold() -> None:
    head = toy_head(gate_threshold=0.5, narrative_threshold=0.9)
    narr, subs = decide(scores_for(head, {GATE: 0.8, "URW: Praise of Russia": 0.4}), head, TAX)
    assert [n for n, _ in narr] == ["URW: Praise of Russia"]
    assert [s for s, _ in subs] == ["URW: Praise of Russia: Other"]


def test_decide_subnarratives_above_threshold_capped_per_narrative() -> None:
    head = toy_head(subnarrative_threshold=0.5, max_subnarratives=2)
    scores = scores_for(head, {GATE: 0.9, "URW: Discrediting Ukraine": 0.9, PUPPET: 0.8, NAZI: 0.7,
                               "URW: Discrediting Ukraine: Situation in Ukraine is hopeless": 0.6})
    _, subs = decide(scores, head, TAX)
    assert [s for s, _ in subs] == [PUPPET, NAZI]


def test_decide_caps_number_of_narratives() -> None:
    head = toy_head(narrative_threshold=0.1, max_narratives=3)
    values = {GATE: 0.9, **{n: 0.5 + i / 100 for i, n in enumerate(TAX.narratives) if n.startswith("URW")}}
    narr, _ = decide(scores_for(head, values), head, TAX)
    assert len(narr) == 3 and all(n.startswith("URW") for n, _ in narr)


def test_window_vectors_are_normalised_means_of_consecutive_rows() -> None:
    rows = np.eye(4, dtype=np.float32)
    windows = window_vectors(rows, 3)
    assert windows.shape == (2, 4)
    assert np.allclose(windows[0], np.array([1, 1, 1, 0]) / np.sqrt(3))
    assert window_vectors(rows[:2], 3).shape == (1, 4)


def test_explanation_is_bounded_and_quotes_evidence() -> None:
    long_sentence = " ".join(["word"] * 200)
    text = explain("URW: Discrediting Ukraine", PUPPET, [Span(0, 10, "Kyiv obeys Washington."),
                                                        Span(11, 20, long_sentence)])
    assert len(text.split()) <= MAX_EXPLANATION_WORDS
    assert "Ukraine is a puppet of the West" in text and "“Kyiv obeys Washington.”" in text


def test_head_save_and_load_round_trip(tmp_path: Path) -> None:
    head = toy_head(gate_threshold=0.42)
    head.weights[:] = np.random.default_rng(0).normal(size=head.weights.shape)
    head.save(tmp_path)
    again = NarrativeHead.load(tmp_path)
    assert again.labels == head.labels and again.rule.gate_threshold == 0.42
    assert np.allclose(again.weights, head.weights)


def test_loading_a_folder_without_a_head_says_how_to_make_one(tmp_path: Path) -> None:
    from narrascope.errors import ModelError

    with pytest.raises(ModelError, match="narrascope train narratives"):
        NarrativeHead.load(tmp_path)


@pytest.mark.parametrize("embedder", ["e5-small", "use-multilingual"])
def test_shipped_heads_cover_the_whole_taxonomy(embedder: str) -> None:
    head = NarrativeHead.load(shipped_model_dir(embedder))
    assert head.embedder == embedder
    assert set(head.labels) == {GATE, *TAX.narratives, *TAX.subnarratives}
    assert head.info["trained_on"].startswith("narrascope synthetic")


def test_pipeline_output_labels_evidence_and_dominant_narrative(pipeline) -> None:  # type: ignore[no-untyped-def]
    from narrascope.ingest import iter_articles

    articles = {a.id: a for a in pipeline.pipe(iter_articles(["examples"]))}
    blog = articles["en_kyiv_puppet_blog.txt"]
    assert "URW: Discrediting Ukraine" in [n.name for n in blog.narratives]
    for label in blog.narratives + blog.subnarratives:
        assert label.name in TAX.all_labels and 0.0 <= label.score <= 1.0
        for ev in label.evidence:
            assert blog.text[ev.start:ev.end] == ev.text
    dom = blog.dominant_narrative
    assert dom is not None and dom.narrative == blog.narratives[0].name
    assert len(dom.explanation.split()) <= MAX_EXPLANATION_WORDS and dom.evidence
    report = articles["en_grain_corridor_report.txt"]
    assert [n.name for n in report.narratives] == [OTHER]
    assert report.dominant_narrative is not None and report.dominant_narrative.narrative == OTHER


def test_language_means_centre_vectors_and_survive_save_load(tmp_path: Path) -> None:
    head = toy_head()
    head.language_means = {"en": np.array([1, 0, 0, 0], np.float32), "": np.zeros(4, np.float32)}
    rows = np.array([[1.0, 1.0, 0, 0]], np.float32)
    assert np.allclose(head.prepare(rows, "en"), [[0, 1, 0, 0]])
    assert np.allclose(head.prepare(rows, "xx"), rows / np.linalg.norm(rows))
    head.save(tmp_path)
    assert set(NarrativeHead.load(tmp_path).language_means) == {"en", ""}
