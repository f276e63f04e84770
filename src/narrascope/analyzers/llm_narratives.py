"""Narratives by an LLM back-end: domain, then narratives, then subnarratives, each constrained.

Runs after the offline narrative analyzer and replaces its labels only when
the model server gives valid answers; otherwise the offline result stays and
the article records why (``warnings`` and ``metadata["llm"]``). Every answer is
validated: labels must come from the list offered at that step, evidence must
be sentence numbers of this article, the explanation at most 80 words. The
article reaches the model as a JSON list of numbered sentences inside
<article> tags, with "<" escaped, so its text cannot close the tag or pass for
an instruction block.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from narrascope.analyzers.llm_base import LLMAnalyzer
from narrascope.backends.llm import LLMConfig
from narrascope.doc import Article, DominantNarrative, Label, Span
from narrascope.registry import analyzers
from narrascope.taxonomies.narratives import OTHER, load_taxonomy

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
DOMAINS = ("URW", "CC", OTHER)
MAX_LABELS = 3
MAX_EXPLANATION_WORDS = 80
MAX_SENTENCES = 120


@lru_cache(maxsize=1)
def _prompts() -> Environment:
    return Environment(loader=FileSystemLoader(PROMPTS), undefined=StrictUndefined,
                       autoescape=False, keep_trailing_newline=True)


def numbered_sentences(article: Article) -> str:
    """The article as a JSON list of {"n", "text"}; '<' escaped so no tag can be faked."""
    items = [{"n": i + 1, "text": s.text} for i, s in enumerate(article.sentences[:MAX_SENTENCES])]
    return json.dumps(items, ensure_ascii=False).replace("<", "\\u003c")


def messages(template: str, **context: Any) -> list[dict[str, str]]:
    env = _prompts()
    return [{"role": "system", "content": env.get_template("system.j2").render()},
            {"role": "user", "content": env.get_template(template).render(**context)}]


def _evidence(value: Any, sentences: int) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(n, int) for n in value):
        raise ValueError("evidence must be a list of sentence numbers")
    if any(n < 1 or n > sentences for n in value):
        raise ValueError(f"evidence cites a sentence outside 1..{sentences}")
    return list(dict.fromkeys(value))[:5]


def _labels(reply: Any, key: str, allowed: set[str], sentences: int) -> list[tuple[str, list[int]]]:
    if not isinstance(reply, dict) or not isinstance(reply.get(key), list):
        raise TypeError(f"expected an object with a {key!r} list")
    out = []
    for item in reply[key][:MAX_LABELS]:
        if not isinstance(item, dict) or item.get("label") not in allowed:
            raise ValueError(f"label outside the offered list: {str(item)[:120]}")
        out.append((item["label"], _evidence(item.get("evidence", []), sentences)))
    return out


@analyzers.register("narrascope.narratives.llm.v1")
class LLMNarrativeAnalyzer(LLMAnalyzer):
    """Hierarchical narrative classification and explanation by an OpenAI-compatible model."""

    name = "narrascope.narratives.llm.v1"
    requires = ("sentences", "narratives")
    assigns = ("narratives", "subnarratives", "dominant_narrative")
    metadata_key = "llm"
    kept = "offline narratives"

    def __init__(self, config: LLMConfig, taxonomy: str | None = None) -> None:
        super().__init__(config)
        self.taxonomy = taxonomy

    def wants(self, article: Article) -> bool:
        return bool(article.sentences)

    def apply(self, article: Article) -> dict[str, Any]:
        article.narratives, article.subnarratives, article.dominant_narrative = \
            self.classify(article)
        return {}

    def classify(self, article: Article) -> tuple[list[Label], list[Label], DominantNarrative | None]:
        assert self.client is not None
        tax = load_taxonomy(self.taxonomy)
        text = numbered_sentences(article)
        n = min(len(article.sentences), MAX_SENTENCES)

        def spans(numbers: list[int]) -> list[Span]:
            return [Span(article.sentences[k - 1].start, article.sentences[k - 1].end,
                         article.sentences[k - 1].text) for k in numbers]

        offered = [(label, tax.descriptions.get(label, "")) for label in tax.narratives]

        def check_top(reply: Any) -> tuple[str, list[tuple[str, list[int]]]]:
            if not isinstance(reply, dict) or reply.get("domain") not in DOMAINS:
                raise ValueError("domain must be URW, CC or Other")
            domain = reply["domain"]
            allowed = {label for label in tax.narratives if tax.domain_of(label) == domain}
            return domain, _labels(reply, "narratives", allowed, n) if domain != OTHER else []

        domain, chosen = self.client.complete_json(
            messages("narratives.j2", narratives=offered, sentences=text), check_top)
        if domain == OTHER or not chosen:
            return [Label(OTHER, 1.0)], [Label(OTHER, 1.0)], None
        narratives, subnarratives = [], []
        for label, evidence in chosen:
            narratives.append(Label(label, 1.0, spans(evidence)))
            children = [(c, tax.descriptions.get(c, "")) for c in tax.children(label)]
            other = tax.other_of(label)
            allowed = {c for c, _ in children}
            example = next((c for c, _ in children if c != other), other)
            subs = self.client.complete_json(
                messages("subnarratives.j2", narrative=label, subnarratives=children, other=other,
                         example=example, sentences=text),
                lambda reply, allowed=allowed: _labels(reply, "subnarratives", allowed, n))
            subnarratives += [Label(s, 1.0, spans(ev)) for s, ev in subs] or [Label(other, 1.0)]
        top = subnarratives[0].name if subnarratives else narratives[0].name

        def check_explanation(reply: Any) -> tuple[str, list[int]]:
            if not isinstance(reply, dict) or not isinstance(reply.get("explanation"), str):
                raise TypeError("expected an explanation string")
            words = reply["explanation"].split()
            if not words or len(words) > MAX_EXPLANATION_WORDS:
                raise ValueError(f"explanation must have 1..{MAX_EXPLANATION_WORDS} words")
            return " ".join(words), _evidence(reply.get("evidence", []), n)

        explanation, evidence = self.client.complete_json(
            messages("explanation.j2", label=top, sentences=text), check_explanation)
        parent = tax.parent.get(top, top)
        dominant = DominantNarrative(parent, top if top != parent else "", explanation,
                                     spans(evidence))
        return narratives, subnarratives, dominant
