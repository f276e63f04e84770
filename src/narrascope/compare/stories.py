"""Group articles into stories: approximate nearest neighbours, then linked components.

Each article has a vector (the mean of its sentence vectors, multilingual) and
a set of name keys (proper names folded across scripts by
:func:`narrascope.nlp.translit.name_key`, so "Berezivka" and "Березівка"
share a key). Only each article's ``neighbours`` nearest articles are scored
(an HNSW index from faiss above a few hundred articles, so the cost grows near
linearly, never with all pairs); a pair joins the same story when

    cosine + key_weight * idf-weighted jaccard(name keys) + day and language terms >= threshold,

where the day term is a small bonus when both name the same weekday (a penalty
when both name weekdays and none is shared: two strikes four days apart) and
the language term a bonus for a pair in two languages (a translation's cosine
runs lower than a same-language paraphrase's). Groups merge, strongest links first, only while their average
pair still passes (average linkage: one close pair cannot chain two stories).
Near-identical articles in a story (syndicated copies) are found the same way
with a stricter test.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from narrascope.nlp.translit import name_key
from narrascope.nlp.weekdays import weekdays

_NAME = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w'’-]{3,}")
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F]{4,}")
_NUMBER = re.compile(r"(?<![\d.,])\d{2,}(?:[.,]\d+)?(?!\d)")
_YEAR = re.compile(r"(19|20)\d\d")
EXACT_SEARCH_BELOW = 256
EXACT_IN_STORY_BELOW = 4096  # inside one story exact search is cheap and misses no copy
KEYS_GROW_UNTIL = 8


@dataclass
class StoryRule:
    # chosen on the training stories (training_data/compare), never on the evaluation set
    threshold: float = 0.85
    key_weight: float = 2.0
    neighbours: int = 20
    duplicate_cosine: float = 0.95
    duplicate_overlap: float = 0.8
    day_weight: float = 0.05  # + when a shared weekday is named, - when only different ones are
    cross_language_bonus: float = 0.3  # added to a pair in two languages


def name_keys(text: str, entity_texts: list[str], language: str = "en") -> frozenset[str]:
    """What pins an article to one event: names of places and people, and its numbers.

    Proper names become folded 5-letter stems (they survive inflection and
    transliteration: "Berezivka", "Березівці" -> "berez"); countries, bodies
    and titles known to the gazetteer are left out (they name a topic, not an
    event); numbers other than years become "#52". Hindi has no capitals, so
    every longer Devanagari word is a candidate there.
    """
    words = set(_NAME.findall(text)) | {w for e in entity_texts for w in e.split()}
    if language == "hi":
        words |= set(_DEVANAGARI_WORD.findall(text))
    common = _common_words()
    keys = set()
    for word in words:
        if word.lower() in common:
            continue
        key = name_key(word)
        if len(key) >= 4:
            keys.add(key[:5])
    keys |= {"#" + n for n in _NUMBER.findall(text) if not _YEAR.fullmatch(n)}
    return frozenset(keys)


def event_keys(text: str, entity_texts: list[str], language: str = "en") -> frozenset[str]:
    """An article's name keys plus the weekdays it names ("@0" = Monday)."""
    return name_keys(text, entity_texts, language) | {f"@{d}" for d in weekdays(text)}


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from narrascope.nlp import cues
    from narrascope.nlp.attribution import _non_person_names

    words: set[str] = set()
    for lang in cues.LANGUAGES:
        words |= _non_person_names(lang)
        for table in (cues.ORGANISATION, cues.PERSON_TITLES):
            words |= {w.rstrip("*") for w in table.get(lang, ())}
    return frozenset(words)


IDF_CORPUS_AT_LEAST = 50  # rarity means little among a handful of articles


def _idf(keys: list[frozenset[str]]) -> dict[str, float]:
    """Rarity weights; a small corpus counts as 50 articles, so that in a compare of two
    articles a name both share is not discounted as "common"."""
    counts = Counter(k for group in keys for k in group)
    n = max(len(keys), IDF_CORPUS_AT_LEAST)
    return {k: math.log((n + 1) / (c + 0.5)) for k, c in counts.items()}


def _weighted_jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str],
                      idf: dict[str, float]) -> float:
    """Jaccard with each key weighted by its rarity in the compared corpus."""
    if not a or not b:
        return 0.0
    union = sum(idf.get(k, 0.0) for k in a | b)
    return sum(idf.get(k, 0.0) for k in a & b) / union if union else 0.0


def nearest(vectors: np.ndarray, k: int, exact_below: int = EXACT_SEARCH_BELOW
            ) -> tuple[np.ndarray, np.ndarray]:
    """(similarities, indices) of each row's k nearest rows by inner product, self included:
    exact for fewer than ``exact_below`` rows, an HNSW index (near-linear, approximate) above."""
    import faiss

    n, dim = vectors.shape
    k = min(k + 1, n)
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    if n < exact_below:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = max(64, 2 * k)
    index.add(data)
    return index.search(data, k)


class _Components:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _split_keys(keys: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(name and number keys, weekday keys)."""
    days = frozenset(k for k in keys if k.startswith("@"))
    return (keys - days if days else keys), days


def _day_term(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 1.0 if a & b else -1.0


class _Groups:
    """Running sums of a partition, so an average-link test costs the same whatever the sizes."""

    def __init__(self, vectors: np.ndarray, names: list[frozenset[str]],
                 days: list[frozenset[str]], languages: list[str]) -> None:
        self.sums = {i: vectors[i].astype(np.float64) for i in range(len(names))}
        self.sizes = {i: 1 for i in range(len(names))}
        self.names = dict(enumerate(names))
        self.days = dict(enumerate(days))
        self.languages = {i: Counter([lang]) for i, lang in enumerate(languages)}

    def mean_cosine(self, a: int, b: int) -> float:
        return float(self.sums[a] @ self.sums[b]) / (self.sizes[a] * self.sizes[b])

    def bonus(self, a: int, b: int, rule: StoryRule, idf: dict[str, float]) -> float:
        """What the groups' name keys, weekdays and languages add to their mean cosine."""
        pairs = self.sizes[a] * self.sizes[b]
        same_language = sum(n * self.languages[b][lang] for lang, n in self.languages[a].items())
        return (rule.key_weight * _weighted_jaccard(self.names[a], self.names[b], idf)
                + rule.day_weight * _day_term(self.days[a], self.days[b])
                + rule.cross_language_bonus * (pairs - same_language) / pairs)

    def merge(self, root: int, gone: int) -> None:
        self.sums[root] = self.sums[root] + self.sums.pop(gone)
        self.languages[root] = self.languages[root] + self.languages.pop(gone)
        size = self.sizes[root] + self.sizes.pop(gone)
        self.sizes[root] = size
        for table in (self.names, self.days):
            mine, theirs = table[root], table.pop(gone)
            # a large group keeps the keys it had by then
            table[root] = mine | theirs if size <= KEYS_GROW_UNTIL else max(mine, theirs, key=len)


def cluster_stories(vectors: np.ndarray, keys: list[frozenset[str]],
                    rule: StoryRule | None = None, languages: list[str] | None = None
                    ) -> list[list[int]]:
    """Stories as lists of article indices, in order of first appearance.

    Candidate links are each article's nearest neighbours. They are taken
    strongest first, and two groups merge only when their *average* pair
    (mean cosine between members, from running vector sums, plus the
    name-key, weekday and language terms of the groups) still reaches the
    threshold: one close pair does not chain two stories. A group's key set
    stops growing at ``KEYS_GROW_UNTIL`` members, so a merge costs the same
    whatever the sizes.
    """
    rule = rule or StoryRule()
    n = len(keys)
    if n == 0:
        return []
    components = _Components(n)
    if n > 1:
        sims, idx = nearest(vectors, rule.neighbours)
        names, days = zip(*map(_split_keys, keys))
        idf = _idf(list(names))
        groups = _Groups(vectors, list(names), list(days), list(languages or [""] * n))
        edges = {}
        for i in range(n):
            for sim, j in zip(sims[i], idx[i]):
                j = int(j)
                if j < 0 or j == i or (min(i, j), max(i, j)) in edges:
                    continue
                score = float(sim) + groups.bonus(i, j, rule, idf)
                if score >= rule.threshold:
                    edges[(min(i, j), max(i, j))] = score
        for (i, j), _ in sorted(edges.items(), key=lambda e: -e[1]):
            a, b = components.find(i), components.find(j)
            if a == b or groups.mean_cosine(a, b) + groups.bonus(a, b, rule, idf) < rule.threshold:
                continue
            components.union(a, b)
            root = components.find(a)
            groups.merge(root, b if root == a else a)
    found: dict[int, list[int]] = {}
    for i in range(n):
        found.setdefault(components.find(i), []).append(i)
    return sorted(found.values(), key=lambda g: g[0])


def _shingles(text: str, size: int = 5) -> set[str]:
    words = text.lower().split()
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def find_duplicates(members: list[int], vectors: np.ndarray, texts: list[str],
                    rule: StoryRule | None = None) -> dict[int, int]:
    """Syndicated copies in one story: {copy index: index of the earliest original}.

    Only each article's ``rule.neighbours`` nearest neighbours are tested (exact search in a
    story of up to ``EXACT_IN_STORY_BELOW`` articles, HNSW above, so a huge story stays
    near-linear); copies of copies join one group whose first member is the original.
    """
    rule = rule or StoryRule()
    if len(members) < 2:
        return {}
    sims, idx = nearest(vectors[members], rule.neighbours, EXACT_IN_STORY_BELOW)
    shingles: dict[int, set[str]] = {}
    groups = _Components(len(members))
    for a in range(len(members)):
        for sim, b in zip(sims[a], idx[a]):
            b = int(b)
            if b <= a or float(sim) < rule.duplicate_cosine:
                continue  # each pair once; neighbours come most similar first
            i, j = members[a], members[b]
            for k in (i, j):  # each text is cut into shingles once, when first needed
                if k not in shingles:
                    shingles[k] = _shingles(texts[k])
            one, two = shingles[i], shingles[j]
            if len(one & two) / max(min(len(one), len(two)), 1) >= rule.duplicate_overlap:
                groups.union(a, b)
    return {members[a]: members[groups.find(a)] for a in range(len(members))
            if groups.find(a) != a}
