"""Group articles into stories: approximate nearest neighbours, then linked components.

Each article has a vector (the mean of its sentence vectors, multilingual) and
a set of name keys (proper names folded across scripts by
:func:`narrascope.nlp.translit.name_key`, so "Berezivka" and "Березівка"
share a key). Only each article's ``neighbours`` nearest articles are scored
(an HNSW index from faiss above a few hundred articles, so the cost grows near
linearly, never with all pairs); a pair joins the same story when

    cosine + key_weight * jaccard(name keys) >= threshold.

Stories are the connected components of those links. Near-identical articles
in a story (syndicated copies) are found the same way with a stricter test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from narrascope.nlp.translit import name_key

_NAME = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w'’-]{3,}")
EXACT_SEARCH_BELOW = 256


@dataclass
class StoryRule:
    threshold: float = 0.9
    key_weight: float = 0.25
    neighbours: int = 20
    duplicate_cosine: float = 0.985
    duplicate_overlap: float = 0.8


def name_keys(text: str, entity_texts: list[str]) -> frozenset[str]:
    """Folded 5-letter stems of proper names: survive inflection and transliteration."""
    names = set(_NAME.findall(text)) | set(entity_texts)
    keys = set()
    for name in names:
        for word in name.split():
            key = name_key(word)
            if len(key) >= 4:
                keys.add(key[:5])
    return frozenset(keys)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def nearest(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(similarities, indices) of each row's k nearest rows by inner product, self included."""
    import faiss

    n, dim = vectors.shape
    k = min(k + 1, n)
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    if n < EXACT_SEARCH_BELOW:
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
    """Stories as lists of article indices, in order of first appearance."""
    rule = rule or StoryRule()
    n = len(keys)
    if n == 0:
        return []
    components = _Components(n)
    if n > 1:
        sims, idx = nearest(vectors, rule.neighbours)
        for i in range(n):
            for sim, j in zip(sims[i], idx[i]):
                if j < 0 or j == i:
                    continue
                if sim + rule.key_weight * _jaccard(keys[i], keys[j]) >= rule.threshold:
                    components.union(i, int(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(components.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _shingles(text: str, size: int = 5) -> set[str]:
    words = text.lower().split()
    return {" ".join(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def find_duplicates(members: list[int], vectors: np.ndarray, texts: list[str],
                    rule: StoryRule | None = None) -> dict[int, int]:
    """Syndicated copies in one story: {copy index: index of the earlier original}."""
    rule = rule or StoryRule()
    copies: dict[int, int] = {}
    shingles = {i: _shingles(texts[i]) for i in members}
    for pos, i in enumerate(members):
        if i in copies:
            continue
        for j in members[pos + 1:]:
            if j in copies:
                continue
            if float(vectors[i] @ vectors[j]) < rule.duplicate_cosine:
                continue
            a, b = shingles[i], shingles[j]
            if len(a & b) / max(min(len(a), len(b)), 1) >= rule.duplicate_overlap:
                copies[j] = i
    return copies
