"""Group articles into stories: approximate nearest neighbours, then linked components.

Each article has a vector (the mean of its sentence vectors, multilingual) and
a set of name keys (proper names folded across scripts by
:func:`narrascope.nlp.translit.name_key`, so "Berezivka" and "Березівка"
share a key). Only each article's ``neighbours`` nearest articles are scored
(an HNSW index from faiss above a few hundred articles, so the cost grows near
linearly, never with all pairs); a pair joins the same story when

    cosine + key_weight * idf-weighted jaccard(name keys) >= threshold,

and groups merge, strongest links first, only while their average pair
still passes (average linkage: one close pair cannot chain two stories). Near-identical articles
in a story (syndicated copies) are found the same way with a stricter test.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from narrascope.nlp.translit import name_key

_NAME = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w'’-]{3,}")
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F]{4,}")
_NUMBER = re.compile(r"(?<![\d.,])\d{2,}(?:[.,]\d+)?(?!\d)")
_YEAR = re.compile(r"(19|20)\d\d")
EXACT_SEARCH_BELOW = 256
EXACT_IN_STORY_BELOW = 4096  # inside one story exact search is cheap and misses no copy
KEYS_GROW_UNTIL = 8


@dataclass
class StoryRule:
    threshold: float = 0.55
    key_weight: float = 0.5
    neighbours: int = 20
    duplicate_cosine: float = 0.95
    duplicate_overlap: float = 0.8


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


def _idf(keys: list[frozenset[str]]) -> dict[str, float]:
    counts = Counter(k for group in keys for k in group)
    n = len(keys)
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


def cluster_stories(vectors: np.ndarray, keys: list[frozenset[str]],
                    rule: StoryRule | None = None) -> list[list[int]]:
    """Stories as lists of article indices, in order of first appearance.

    Candidate links are each article's nearest neighbours. They are taken
    strongest first, and two groups merge only when their *average* pair
    (mean cosine between members, from running vector sums, plus the
    name-key bonus of the groups' keys) still reaches the threshold: one close
    pair does not chain two stories. A group's key set stops growing at
    ``KEYS_GROW_UNTIL`` members, so a merge costs the same whatever the sizes.
    """
    rule = rule or StoryRule()
    n = len(keys)
    if n == 0:
        return []
    components = _Components(n)
    if n > 1:
        sims, idx = nearest(vectors, rule.neighbours)
        idf = _idf(keys)
        edges = {}
        for i in range(n):
            for sim, j in zip(sims[i], idx[i]):
                j = int(j)
                if j < 0 or j == i or (min(i, j), max(i, j)) in edges:
                    continue
                score = float(sim) + rule.key_weight * _weighted_jaccard(keys[i], keys[j], idf)
                if score >= rule.threshold:
                    edges[(min(i, j), max(i, j))] = score
        sums = {i: vectors[i].astype(np.float64) for i in range(n)}
        sizes = {i: 1 for i in range(n)}
        group_keys = {i: keys[i] for i in range(n)}
        for (i, j), _ in sorted(edges.items(), key=lambda e: -e[1]):
            a, b = components.find(i), components.find(j)
            if a == b:
                continue
            mean_cos = float(sums[a] @ sums[b]) / (sizes[a] * sizes[b])
            bonus = rule.key_weight * _weighted_jaccard(group_keys[a], group_keys[b], idf)
            if mean_cos + bonus < rule.threshold:
                continue
            components.union(a, b)
            root, gone = components.find(a), (b if components.find(a) == a else a)
            sums[root] = sums[a] + sums[b]
            sizes[root] = sizes[a] + sizes[b]
            if sizes[root] <= KEYS_GROW_UNTIL:  # a large group keeps the keys it had by then
                group_keys[root] = group_keys[a] | group_keys[b]
            else:
                group_keys[root] = max(group_keys[a], group_keys[b], key=len)
            del sums[gone], sizes[gone], group_keys[gone]
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(components.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


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
            one = shingles.setdefault(i, _shingles(texts[i]))
            two = shingles.setdefault(j, _shingles(texts[j]))
            if len(one & two) / max(min(len(one), len(two)), 1) >= rule.duplicate_overlap:
                groups.union(a, b)
    return {members[a]: members[groups.find(a)] for a in range(len(members))
            if groups.find(a) != a}
