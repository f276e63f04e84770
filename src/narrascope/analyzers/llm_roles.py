"""Entity roles by an LLM back-end: one decision per actor, from the sentences that mention it.

Runs after the offline role analyzer. For the article's most-mentioned actors
the model picks a main role (or "none") and one or two fine roles of that main
role, citing sentence numbers; answers outside the role taxonomy or citing
other sentences are rejected and retried. The actor's mentions and summary
then take that role; when the server fails, the offline roles stay and the
article says so in ``metadata["llm_roles"]`` and its warnings.
"""
from __future__ import annotations

from typing import Any

from narrascope.analyzers.llm_base import LLMAnalyzer
from narrascope.analyzers.llm_narratives import (
    MAX_SENTENCES,
    _evidence,
    messages,
    numbered_sentences,
)
from narrascope.analyzers.roles import summarise_actors
from narrascope.doc import Article, Label
from narrascope.registry import analyzers
from narrascope.taxonomies.roles import MAIN_ROLES, load_roles

MAX_ACTORS = 8
NONE = "none"


def _sentence_numbers(article: Article, starts: list[int]) -> list[int]:
    numbers = []
    for start in starts:
        for k, s in enumerate(article.sentences[:MAX_SENTENCES], start=1):
            if s.start <= start < s.end:
                numbers.append(k)
                break
    return sorted(set(numbers))


@analyzers.register("narrascope.roles.llm.v1")
class LLMRoleAnalyzer(LLMAnalyzer):
    """Per-actor main and fine roles by an OpenAI-compatible model, offline roles as fallback."""

    name = "narrascope.roles.llm.v1"
    requires = ("sentences", "mentions")
    assigns = ("mentions", "actors")
    metadata_key = "llm_roles"
    kept = "offline roles"

    def wants(self, article: Article) -> bool:
        return bool(article.mentions)

    def apply(self, article: Article) -> dict[str, Any]:
        decisions = self.decide(article)
        for mention in article.mentions:
            if mention.actor in decisions:
                main, fines = decisions[mention.actor]
                mention.main_role = "" if main == NONE else main
                mention.main_score = 1.0
                mention.fine_roles = [Label(f, 1.0) for f in fines]
        article.actors = summarise_actors(article.mentions)
        return {"actors": len(decisions)}

    def decide(self, article: Article) -> dict[str, tuple[str, list[str]]]:
        assert self.client is not None
        tax = load_roles()
        counts: dict[str, list[int]] = {}
        names: dict[str, str] = {}
        for m in article.mentions:
            counts.setdefault(m.actor, []).append(m.start)
            names.setdefault(m.actor, m.actor_name or m.text)
        chosen = sorted(counts, key=lambda a: -len(counts[a]))[:MAX_ACTORS]
        text = numbered_sentences(article)
        n = min(len(article.sentences), MAX_SENTENCES)
        mains = [(main, tax.descriptions.get(main, "")) for main in MAIN_ROLES]
        fines = [(f, tax.main_of[f], tax.descriptions.get(f, "")) for f in tax.fine_roles]
        decisions = {}
        for actor in chosen:
            def check(reply: Any) -> tuple[str, list[str]]:
                if not isinstance(reply, dict):
                    raise TypeError("expected a JSON object")
                main, picked = reply.get("main_role"), reply.get("fine_roles", [])
                if main not in (*MAIN_ROLES, NONE) or not isinstance(picked, list):
                    raise ValueError(f"main role must be one of {MAIN_ROLES} or none")
                if main == NONE:
                    return NONE, []
                if not picked or any(tax.main_of.get(f) != main for f in picked):
                    raise ValueError(f"fine roles must be 1-2 fine roles of {main}")
                _evidence(reply.get("evidence", []), n)
                return main, list(dict.fromkeys(picked))[:2]

            numbers = _sentence_numbers(article, counts[actor])
            decisions[actor] = self.client.complete_json(
                messages("roles.j2", actor=names[actor], mains=mains, fines=fines,
                         sentences=text, mentions=numbers), check)
        return decisions
