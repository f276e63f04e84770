"""The pipeline's error policy, its order check, and the Article round-trip."""
from __future__ import annotations

import json

import pytest

from narrascope.analyzers import LanguageAnalyzer, NarrativeAnalyzer, SentenceAnalyzer
from narrascope.analyzers.base import Analyzer
from narrascope.doc import Article
from narrascope.errors import InputError, PipelineError
from narrascope.ingest.text import article_from_text
from narrascope.pipeline import Pipeline
from narrascope.taxonomies import load_taxonomy

ENGLISH = [
    "Grain exports resume\n\nShips loaded with wheat left the port on Monday. Prices fell slightly.",
    ("Parliament debates budget\n\nLawmakers argued about spending until late at night. BOOM went "
    "the fireworks outside the building."),
    "New bridge opens\n\nThe bridge connects the two halves of the city. Traffic is expected to ease.",
]
SANCTIONS_TEXT = (
    "Sanctions on Russia backfire on Europe\n\n"
    "The sanctions imposed on Russia have hurt European households far more than Moscow. "
    "Energy bills have doubled while Russian exports simply find new buyers in Asia. "
    "Brussels follows orders from Washington, and the factories of Germany are closing. "
    "Ordinary Europeans pay the price for a policy that was never in their interest."
)
GERMAN_TEXT = (
    "Die Bundesregierung hat am Dienstag neue Maßnahmen beschlossen, um die Energiepreise zu "
    "senken. Die Opposition kritisierte den Plan scharf und forderte weitere Entlastungen für "
    "die privaten Haushalte im kommenden Winter."
)


class BoomAnalyzer(Analyzer):
    """Raises on any article whose text contains BOOM."""

    name = "test.boom.v1"
    requires = ("sentences",)
    assigns = ("metadata",)

    def process(self, article: Article) -> None:
        if "BOOM" in article.text:
            raise RuntimeError("cannot handle the BOOM marker")
        article.metadata["boom_checked"] = True


class InputRefusingAnalyzer(Analyzer):
    name = "test.refuse.v1"

    def process(self, article: Article) -> None:
        if "BOOM" in article.text:
            raise InputError("refused this article")


class RecordingAnalyzer(Analyzer):
    name = "test.record.v1"
    requires = ("sentences",)

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process(self, article: Article) -> None:
        self.seen.append(article.id)


def _articles() -> list[Article]:
    return [article_from_text(text, id=f"a{i}") for i, text in enumerate(ENGLISH)]


def test_pipeline_failing_article_isolated_others_ok() -> None:
    recorder = RecordingAnalyzer()
    pipe = Pipeline([LanguageAnalyzer(), SentenceAnalyzer(), BoomAnalyzer(), recorder])
    out = list(pipe.pipe(_articles(), batch_size=16))
    assert [a.id for a in out] == ["a0", "a1", "a2"]
    bad = out[1]
    assert bad.status == "error"
    assert "test.boom.v1" in bad.error
    assert "RuntimeError" in bad.error and "cannot handle the BOOM marker" in bad.error
    for good in (out[0], out[2]):
        assert good.ok, good.error
        assert good.language == "en"
        assert len(good.sentences) >= 2
        assert good.metadata == {"boom_checked": True}
    # a failed article is not handed to later analyzers
    assert recorder.seen == ["a0", "a2"]


def test_pipeline_narrascope_error_message_kept_without_type_name() -> None:
    pipe = Pipeline([InputRefusingAnalyzer()])
    out = list(pipe.pipe(_articles()))
    assert [a.status for a in out] == ["ok", "error", "ok"]
    assert out[1].error == "test.refuse.v1: refused this article"


def test_pipeline_call_single_article() -> None:
    pipe = Pipeline([LanguageAnalyzer(), SentenceAnalyzer(), BoomAnalyzer()])
    article = pipe(article_from_text(ENGLISH[1], id="solo"))
    assert article.status == "error" and "BOOM" in article.error


def test_pipeline_order_check_raises_on_unmet_requirement() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline([LanguageAnalyzer(), BoomAnalyzer(), SentenceAnalyzer()])
    message = str(info.value)
    assert "test.boom.v1" in message and "sentences" in message


def test_pipeline_order_check_rejects_narratives_before_embeddings() -> None:
    with pytest.raises(PipelineError, match="vectors"):
        Pipeline([LanguageAnalyzer(), SentenceAnalyzer(), NarrativeAnalyzer()])


def test_pipeline_unsupported_language_is_error(pipeline: Pipeline) -> None:
    german = article_from_text(GERMAN_TEXT, id="de.txt")
    english = article_from_text(SANCTIONS_TEXT, id="en.txt")
    out = list(pipeline.pipe([german, english]))
    assert out[0].status == "error"
    assert "unsupported language" in out[0].error and "'de'" in out[0].error
    assert out[0].language == "de"
    assert out[0].narratives == []
    assert out[1].ok and out[1].language == "en"


def test_pipeline_article_round_trips_through_json(pipeline: Pipeline) -> None:
    [article] = list(pipeline.pipe([article_from_text(SANCTIONS_TEXT, id="sanctions.txt")]))
    assert article.ok, article.error
    assert article.sentences and article.entities and article.narratives and article.subnarratives
    assert article.dominant_narrative is not None
    labels = set(load_taxonomy().all_labels)
    assert {n.name for n in article.narratives + article.subnarratives} <= labels
    data = json.loads(json.dumps(article.to_dict()))
    assert "vectors" not in data
    restored = Article.from_dict(data)
    assert restored == article
    assert restored.to_dict() == article.to_dict()
