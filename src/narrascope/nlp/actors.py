"""Actor resolution: which real-world actor each mention names, within an article and across a corpus.

Three steps, cheapest first:

1. the project's gazetteer (``data/actors.json``): any alias in any of our
   languages, after stripping titles, articles and possessives, and
   "<leader>'s government" -> the leader's country;
2. a phonetic name key (:mod:`narrascope.nlp.translit`) so that spelling and
   script variants (Zelenskyy, Зеленский, ज़ेलेंस्की) meet, plus fuzzy matching
   against the gazetteer;
3. for names outside the gazetteer, in-article clustering: a surname or a
   title + surname joins the one full name it belongs to. Across a corpus,
   :func:`link_corpus` merges these clusters by key, by surname and,
   optionally, by embedding similarity of the names.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from narrascope.nlp.entities import load_actors
from narrascope.nlp.translit import name_key, romanise

_TITLES = {
    "president", "prime minister", "pm", "chancellor", "minister", "foreign minister",
    "defence minister", "defense minister", "mr", "mrs", "ms", "dr", "general", "gen", "mayor",
    "governor", "senator", "secretary", "secretary general", "secretary-general", "king", "queen",
    "prince", "pope", "commander", "colonel", "lieutenant", "sir", "professor", "prof",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "premier", "leader",
    "президент", "премьер", "министр", "глава", "генерал", "мэр", "господин", "г-н",
    "президента", "премьер-министр", "прем'єр", "прем'єр-міністр", "міністр", "мер", "пан",
    "пані", "президентът", "премиерът", "министър", "presidente", "ministro", "ministra",
    "primeiro-ministro", "chanceler", "senhor", "senhora", "राष्ट्रपति", "प्रधानमंत्री",
    "मंत्री", "श्री", "श्रीमती",
}
_GOVERNMENT_WORDS = {"government", "administration", "regime", "cabinet", "authorities", "team",
                     "office", "presidency", "govt", "officials", "leadership"}
_ARTICLES = ("the ", "a ", "an ")
_FUZZY_MIN = 0.88


@dataclass(frozen=True)
class ActorRef:
    """A canonical actor: gazetteer id (or ``~key`` outside it), display name, entity type."""

    id: str
    name: str
    type: str


def _strip(surface: str) -> str:
    """Drop possessives, leading articles and titles: "President Zelensky's" -> "Zelensky"."""
    text = " ".join(surface.replace("’", "'").split())
    text = re.sub(r"'s?$", "", text)
    low = text.lower()
    for article in _ARTICLES:
        if low.startswith(article):
            text, low = text[len(article):], low[len(article):]
    changed = True
    while changed:
        changed = False
        for title in sorted(_TITLES, key=len, reverse=True):
            if low.startswith(title + " ") or low.startswith(title + ". "):
                cut = len(title) + (2 if low[len(title)] == "." else 1)
                text, low, changed = text[cut:], low[cut:], True
                break
    return text.strip(" .,")


class ActorResolver:
    """Maps mention surfaces to canonical actors using the gazetteer, keys and fuzzy matching."""

    def __init__(self, actors: list[dict[str, Any]] | None = None) -> None:
        actors = load_actors() if actors is None else actors
        self.by_id = {a["id"]: a for a in actors}
        self._exact: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, dict[str, Any]] = {}
        for actor in actors:
            for names in actor.get("aliases", {}).values():
                for name in names:
                    self._exact.setdefault(name.casefold(), actor)
                    key = name_key(_strip(name))
                    if len(key) >= 2:
                        self._keys.setdefault(key, actor)
            self._keys.setdefault(name_key(actor["name"]), actor)
        self._by_initial: dict[str, list[str]] = {}
        for key in self._keys:
            if len(key) >= 5:
                self._by_initial.setdefault(key[0], []).append(key)

    def camp(self, actor_id: str) -> str:
        """The side an actor belongs to in our domains ('russia', 'ukraine', 'west',
        'climate_action', 'fossil'), its own or its country's; "" when none."""
        actor = self.by_id.get(actor_id)
        if actor is None:
            return ""
        return actor.get("camp") or self.by_id.get(actor.get("affiliation", ""), {}).get("camp", "")

    def ref(self, actor: dict[str, Any]) -> ActorRef:
        return ActorRef(actor["id"], actor["name"], actor.get("type", ""))

    def lookup(self, surface: str) -> ActorRef | None:
        """The gazetteer actor a surface names, or None."""
        actor = self._exact.get(" ".join(surface.split()).casefold())
        if actor is None:
            actor = self._government_of(surface)
        if actor is None:
            key = name_key(_strip(surface))
            actor = self._keys.get(key) or self._fuzzy(key)
        return self.ref(actor) if actor else None

    def _government_of(self, surface: str) -> dict[str, Any] | None:
        """'Zelensky's government', 'the Biden administration' -> the country they run."""
        words = _strip(surface).replace("'s ", " ").split()
        if len(words) < 2 or words[-1].lower() not in _GOVERNMENT_WORDS:
            return None
        head = " ".join(words[:-1])
        actor = self._exact.get(head.casefold()) or self._keys.get(name_key(_strip(head)))
        if actor is None:
            return None
        if actor.get("type") == "PER":
            return self.by_id.get(actor.get("affiliation", "")) if actor.get("heads_government") else None
        if actor.get("type") == "NORP":  # "Chinese authorities" -> China
            return self.by_id.get(actor.get("affiliation", ""))
        return actor if actor.get("type") == "GPE" else None

    def _fuzzy(self, key: str) -> dict[str, Any] | None:
        if len(key) < 5:
            return None
        candidates = [k for k in self._by_initial.get(key[0], []) if abs(len(k) - len(key)) <= 3]
        best = difflib.get_close_matches(key, candidates, n=1, cutoff=_FUZZY_MIN)
        return self._keys[best[0]] if best else None

    def resolve(self, surfaces: list[tuple[str, str]]) -> list[ActorRef]:
        """Canonical actors for one article's mentions, given as (surface, entity type).

        Names outside the gazetteer are clustered within the article: a
        surname joins the one longer name that ends with it, even when the
        gazetteer knows someone else of that surname (Mike vs Boris Johnson).
        """
        keys = [name_key(_strip(s)) for s, _ in surfaces]
        refs: list[ActorRef | None] = [self.lookup(s) for s, _ in surfaces]
        local_surnames = {k.split()[-1] for k, r in zip(keys, refs) if r is None and len(k.split()) > 1}
        for i, key in enumerate(keys):
            if len(key.split()) == 1 and key in local_surnames:
                refs[i] = None
        unknown = sorted((i for i, r in enumerate(refs) if r is None),
                         key=lambda i: -len(name_key(_strip(surfaces[i][0])).split()))
        clusters: list[tuple[str, ActorRef]] = []  # (key, ref)
        for i in unknown:
            surface, etype = surfaces[i]
            key = name_key(_strip(surface)) or name_key(surface) or surface.casefold()
            match = _match_cluster(key, [k for k, _ in clusters])
            if match is None:
                display = _strip(surface) or surface
                clusters.append((key, ActorRef(outside_id(display), display, etype)))
                refs[i] = clusters[-1][1]
            else:
                refs[i] = clusters[match][1]
        return [r for r in refs if r is not None]


def outside_id(name: str) -> str:
    """The id of an actor outside the gazetteer: ``~`` plus a romanised slug of its name."""
    slug = re.sub(r"[^a-z0-9]+", "_", romanise(name).lower()).strip("_")
    return "~" + (slug or name_key(name).replace(" ", "_"))


def _match_cluster(key: str, cluster_keys: list[str]) -> int | None:
    """Index of the cluster a name key belongs to: same key, unique surname match, or fuzzy."""
    if key in cluster_keys:
        return cluster_keys.index(key)
    tokens = key.split()
    if len(tokens) == 1:
        owners = [i for i, k in enumerate(cluster_keys)
                  if len(k.split()) > 1 and k.split()[-1] == tokens[0]]
        if len(owners) == 1:
            return owners[0]
        if len(owners) > 1:
            return None
    best = difflib.get_close_matches(key, cluster_keys, n=1, cutoff=_FUZZY_MIN)
    return cluster_keys.index(best[0]) if best else None


def link_corpus(actor_ids: Iterable[tuple[str, str]],
                embed: Callable[[list[str]], np.ndarray] | None = None,
                min_similarity: float = 0.9) -> dict[str, str]:
    """Merge out-of-gazetteer actors (ids starting with ``~``) across a corpus.

    ``actor_ids`` yields (actor id, display name) pairs. Returns a mapping
    from every ``~`` id to the id it merges into (itself when alone). Ids
    merge when their keys match, when a lone surname has exactly one full
    name ending in it, when keys are fuzzy-close, and, with ``embed`` (a
    function from names to normalised vectors), when the names' embeddings
    are at least ``min_similarity`` similar.
    """
    names: dict[str, str] = {}
    for actor_id, name in actor_ids:
        if actor_id.startswith("~"):
            names.setdefault(actor_id, name)
    order = sorted(names, key=lambda a: (-len(name_key(_strip(names[a])).split()), a))
    keys: list[str] = []
    owners: list[str] = []
    merged: dict[str, str] = {}
    for actor_id in order:
        key = name_key(_strip(names[actor_id])) or actor_id
        match = _match_cluster(key, keys)
        if match is None:
            keys.append(key)
            owners.append(actor_id)
            merged[actor_id] = actor_id
        else:
            merged[actor_id] = owners[match]
    if embed is not None and len(owners) > 1:
        vectors = embed([names[o] for o in owners])
        sims = vectors @ vectors.T
        for i in range(len(owners)):
            for j in range(i):
                if sims[i, j] >= min_similarity and merged[owners[j]] == owners[j]:
                    for a, target in merged.items():
                        if target == owners[i]:
                            merged[a] = owners[j]
                    break
    return merged
