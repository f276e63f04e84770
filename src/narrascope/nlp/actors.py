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
    "prince", "pope", "commander", "commander-in-chief", "colonel", "lieutenant", "sir",
    "professor", "prof", "spokesman", "spokeswoman", "spokesperson", "ambassador", "premier",
    "leader", "speaker", "house speaker", "district magistrate", "magistrate", "chief", "head",
    "director", "ceo", "chairman", "chairwoman", "chair", "analyst", "activist", "mp",
    "президент", "премьер", "министр", "глава", "генерал", "мэр", "господин", "г-н", "г-жа",
    "госпожа", "президента", "премьер-министр", "прем'єр", "прем'єр-міністр", "міністр", "мер",
    "пан", "пані", "президентът", "премиерът", "министър", "кметът", "кмет", "генерал-лейтенант",
    "presidente", "ministro", "ministra", "primeiro-ministro", "chanceler", "senhor", "senhora",
    "prefeito", "prefeita", "राष्ट्रपति", "प्रधानमंत्री", "मंत्री", "श्री", "श्रीमती", "ज़िलाधिकारी",
    "जिलाधिकारी", "महापौर",
}
_GOVERNMENT_WORDS = {
    "government", "administration", "regime", "cabinet", "authorities", "team", "office",
    "presidency", "govt", "officials", "leadership",
    "власти", "властей", "властям", "правительство", "правительства", "правительству",
    "руководство", "режим", "режима", "влада", "влади", "владу", "уряд", "уряду", "керівництво",
    "власт", "властта", "властите", "правителство", "правителството", "governo", "autoridades", "executivo", "सरकार", "प्रशासन",
}
_ARTICLES = ("the ", "a ", "an ", "o ", "a ", "os ", "as ")
_FUZZY_MIN = 0.88
_STOPWORDS = {"of", "for", "the", "and", "de", "da", "do", "das", "dos", "e", "за", "и", "по",
              "на", "і", "та", "के", "की", "का", "in", "on"}
_SLAVIC_ENDINGS = ("ogo", "omu", "ami", "akh", "ykh", "ikh", "om", "oi", "ei", "ym", "im", "ia",
                   "iu", "ui", "a", "u", "e", "y", "i", "o")


@dataclass(frozen=True)
class ActorRef:
    """A canonical actor: gazetteer id (or ``~key`` outside it), display name, entity type."""

    id: str
    name: str
    type: str


def _strip(surface: str) -> str:
    """Drop possessives, articles, titles and leading lowercase words: "President Zelensky's" -> "Zelensky".

    Leading lowercase words go only when a capitalised word follows, so that
    "официальный Тбилиси" becomes "Тбилиси" but "the bloc" stays as it is.
    """
    text = " ".join(surface.replace("’", "'").split())
    text = re.sub(r"'s?$", "", text)
    changed = True
    while changed:
        changed = False
        low = text.lower()
        for prefix in sorted(_TITLES | {a.strip() for a in _ARTICLES}, key=len, reverse=True):
            if low.startswith((prefix + " ", prefix + ". ")):
                cut = len(prefix) + (2 if low[len(prefix)] == "." else 1)
                text, changed = text[cut:], True
                break
        words = text.split()
        if not changed and len(words) > 1 and words[0][:1].islower() and \
                any(w[:1].isupper() for w in words[1:]):
            text, changed = " ".join(words[1:]), True
    return text.strip(" .,")


def _stem(token: str) -> str:
    """Cut one common case ending off a romanised name token (Sokolova -> sokolov)."""
    if len(token) >= 5:
        for ending in _SLAVIC_ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= 4:
                return token[: -len(ending)]
    return token


def stem_key(key: str) -> str:
    return " ".join(_stem(t) for t in key.split())


def acronym(name: str) -> str:
    """Upper-case initials of a name's significant words ("Black Sea Policy Institute" -> "BSPI")."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _STOPWORDS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 6 and letters.isupper()


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
            actor = self._exact.get(_strip(surface).casefold())
        if actor is None:
            actor = self._government_of(surface)
        if actor is None:
            key = name_key(_strip(surface))
            actor = self._keys.get(key) or self._fuzzy(key)
        return self.ref(actor) if actor else None

    def _government_of(self, surface: str) -> dict[str, Any] | None:
        """'Zelensky's government', 'the Biden administration', 'власти Грузии' -> the country."""
        words = _strip(surface).replace("'s ", " ").split()
        if len(words) < 2:
            return None
        if words[-1].lower() in _GOVERNMENT_WORDS:
            head = " ".join(words[:-1])
        elif words[0].lower() in _GOVERNMENT_WORDS:
            head = " ".join(w for w in words[1:] if w.lower() not in _STOPWORDS)
        else:
            return None
        actor = self._exact.get(head.casefold()) or self._keys.get(name_key(_strip(head)))
        if actor is None:
            return None
        if actor.get("type") == "PER":
            return self.by_id.get(actor.get("affiliation", "")) if actor.get("heads_government") else None
        if actor.get("type") == "NORP":  # "Chinese authorities" -> China
            return self.by_id.get(actor.get("affiliation", ""))
        return actor if actor.get("type") == "GPE" else None

    def _fuzzy(self, key: str) -> dict[str, Any] | None:
        """The gazetteer actor whose alias key is closest to ``key`` (same initial, similar length)."""
        if len(key) < 5:
            return None
        candidates = [k for k in self._by_initial.get(key[0], []) if abs(len(k) - len(key)) <= 3]
        best = difflib.get_close_matches(key, candidates, n=1, cutoff=_FUZZY_MIN)
        return self._keys[best[0]] if best else None

    def resolve(self, surfaces: list[tuple[str, str]]) -> list[ActorRef]:
        """Canonical actors for one article's mentions, given as (surface, entity type).

        Names outside the gazetteer are clustered within the article (see
        :class:`NameClusters`); a surname that belongs to such a local full
        name joins it even when the gazetteer knows someone else of that
        surname (Mike Johnson vs Boris Johnson).
        """
        names = [_strip(s) or s for s, _ in surfaces]
        refs: list[ActorRef | None] = [self.lookup(s) for s, _ in surfaces]
        local_surnames = {stem_key(name_key(n)).split()[-1] for n, r in zip(names, refs)
                          if r is None and len(name_key(n).split()) > 1}
        for i, name in enumerate(names):
            key = stem_key(name_key(name))
            if len(key.split()) == 1 and key in local_surnames:
                refs[i] = None
        clusters = NameClusters()
        unknown = sorted((i for i, r in enumerate(refs) if r is None),
                         key=lambda i: -len(name_key(names[i]).split()))
        for i in unknown:
            owner = clusters.add(names[i])
            refs[i] = ActorRef(outside_id(owner), owner, surfaces[i][1])
        return [r for r in refs if r is not None]


def outside_id(name: str) -> str:
    """The id of an actor outside the gazetteer: ``~`` plus a romanised slug of its name."""
    slug = re.sub(r"[^a-z0-9]+", "_", romanise(name).lower()).strip("_")
    return "~" + (slug or name_key(name).replace(" ", "_"))


class NameClusters:
    """Groups name variants; add longer names first so that short forms find their owner.

    A name joins a cluster when its phonetic key or stemmed key matches, when
    it is the acronym of the cluster's name, when its words are a subset of
    exactly one longer name's words (a surname, a short company name), or
    when the keys are fuzzy-close.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._keys: dict[str, int] = {}
        self._stems: dict[str, int] = {}
        self._acronyms: dict[str, list[int]] = {}
        self._tokens: dict[str, list[int]] = {}
        self._by_initial: dict[str, list[str]] = {}

    def match(self, name: str) -> int | None:
        key = name_key(name)
        stem = stem_key(key)
        if key in self._keys:
            return self._keys[key]
        if stem in self._stems:
            return self._stems[stem]
        if is_acronym(name):
            owners = self._acronyms.get(name_key(name.replace(".", "").replace(" ", "")), [])
            if len(set(owners)) == 1:
                return owners[0]
        tokens = stem.split()
        if tokens:
            owners = set(self._tokens.get(tokens[0], []))
            for token in tokens[1:]:
                owners &= set(self._tokens.get(token, []))
            owners = {i for i in owners if len(stem_key(name_key(self.names[i])).split()) > len(tokens)}
            if len(owners) == 1:
                return owners.pop()
            if len(owners) > 1:
                return None
        if len(key) >= 5:
            # Indexed by the last word's initial: surnames vary less than first names (Olena/Elena).
            candidates = [k for k in self._by_initial.get(key.split()[-1][0], [])
                          if abs(len(k) - len(key)) <= 3]
            best = difflib.get_close_matches(key, candidates, n=1, cutoff=_FUZZY_MIN)
            if best:
                return self._keys[best[0]]
        return None

    def add(self, name: str) -> str:
        """Cluster ``name``; returns the display name of the cluster it joined or founded."""
        found = self.match(name)
        if found is not None:
            return self.names[found]
        index = len(self.names)
        self.names.append(name)
        key = name_key(name) or name.casefold()
        self._keys.setdefault(key, index)
        self._stems.setdefault(stem_key(key), index)
        initials = acronym(name)
        if initials:
            self._acronyms.setdefault(name_key(initials), []).append(index)
        for token in set(stem_key(key).split()):
            if token not in _STOPWORDS:
                self._tokens.setdefault(token, []).append(index)
        if len(key) >= 5:
            self._by_initial.setdefault(key.split()[-1][0], []).append(key)
        return name


def link_corpus(actor_ids: Iterable[tuple[str, str]],
                embed: Callable[[list[str]], np.ndarray] | None = None,
                min_similarity: float = 0.94) -> dict[str, str]:
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
    order = sorted(names, key=lambda a: (-len(name_key(names[a]).split()), a))
    clusters = NameClusters()
    owner_of_name: dict[str, str] = {}
    merged: dict[str, str] = {}
    for actor_id in order:
        owner_name = clusters.add(names[actor_id])
        owner = owner_of_name.setdefault(owner_name, actor_id)
        merged[actor_id] = owner
    owners = list(dict.fromkeys(merged.values()))
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
