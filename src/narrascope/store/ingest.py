"""Analyse inputs into a store: skip unchanged articles, version changed ones, then regroup stories."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from narrascope.backends.embedders import get_embedder
from narrascope.compare.run import (
    CompareRule,
    Digest,
    article_vectors,
    default_rule,
    iter_stories,
    load_background,
    sentence_matrices,
    sentence_matrix,
)
from narrascope.compare.stories import event_keys
from narrascope.doc import Article
from narrascope.pipeline import Pipeline
from narrascope.shards import CompareVectors
from narrascope.store.db import Store, content_hash


@dataclass
class IngestStats:
    counts: Counter = field(default_factory=Counter)  # new, updated, unchanged, failed
    errors: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    embedded: int = 0  # analysed records whose sentences had to be embedded again


def ingest(store: Store, articles: Iterable[Article], pipeline: Pipeline, embedder_name: str,
           batch_size: int = 16, stories: bool = True,
           progress: Callable[[int], None] | None = None) -> IngestStats:
    """Analyse and store every input that is new or changed; failed inputs are stored too."""
    stats = IngestStats()
    embedder = get_embedder(embedder_name)
    background = load_background(embedder.name)
    fresh = _fresh(store, articles, stats, progress)

    def digested() -> Iterator[tuple[Article, Digest | None]]:
        for article in pipeline.pipe(fresh, batch_size=batch_size, keep_vectors=True):
            if article.ok:
                yield article, _digest(article, sentence_matrix(article, embedder), background)
            else:
                yield article, None

    _store_all(store, digested(), stats, batch_size, progress)
    if stories:
        stats.stories = regroup_stories(store, default_rule(embedder.name))
    return stats


def ingest_analysed(store: Store, items: Iterable[tuple[Article, CompareVectors | None]],
                    embedder_name: str, batch_size: int = 16, stories: bool = True,
                    progress: Callable[[int], None] | None = None) -> IngestStats:
    """Store records analysed earlier (`narrascope batch` output, `analyze` JSONL) without
    analysing them again. Their saved comparison vectors are used when they come from
    ``embedder_name``; otherwise only the sentences are embedded again (``stats.embedded``)."""
    stats = IngestStats()
    embedder = get_embedder(embedder_name)
    background = load_background(embedder.name)
    saved: dict[str, CompareVectors | None] = {}

    def articles() -> Iterator[Article]:
        for article, vectors in items:
            saved[article.id] = vectors
            yield article

    def digested() -> Iterator[tuple[Article, Digest | None]]:
        stream = _fresh(store, articles(), stats, progress)
        while batch := list(islice(stream, batch_size)):
            redo = [a for a in batch if a.ok and not _usable(saved.get(a.id), embedder.name)]
            matrices = dict(zip(map(id, redo), sentence_matrices(redo, embedder)))
            stats.embedded += len(redo)
            for article in batch:
                vectors = saved.pop(article.id, None)
                if not article.ok:
                    yield article, None
                elif id(article) in matrices:
                    yield article, _digest(article, matrices[id(article)], background)
                else:
                    assert vectors is not None
                    keys = event_keys(article.title + "\n" + article.text[:5000],
                                      [e.text for e in article.entities], article.language)
                    yield article, Digest(article, vectors.vector, vectors.claim_vectors, keys)

    _store_all(store, digested(), stats, batch_size, progress)
    if stories:
        stats.stories = regroup_stories(store, default_rule(embedder.name))
    return stats


def _usable(vectors: CompareVectors | None, embedder_name: str) -> bool:
    return vectors is not None and vectors.model == embedder_name


def _fresh(store: Store, articles: Iterable[Article], stats: IngestStats,
           progress: Callable[[int], None] | None) -> Iterator[Article]:
    """The articles whose content differs from the stored version (unchanged ones counted)."""
    known = store.known_hashes()
    for article in articles:
        if known.get(article.id, (0, ""))[1] == content_hash(article):
            stats.counts["unchanged"] += 1
            if progress:
                progress(1)
            continue
        yield article


def _digest(article: Article, matrix: Any, background: dict[str, Any]) -> Digest:
    vector, claims, keys = article_vectors(article, matrix, background)
    article.vectors = None
    return Digest(article, vector, claims, keys)


def _store_all(store: Store, items: Iterable[tuple[Article, Digest | None]], stats: IngestStats,
               batch_size: int, progress: Callable[[int], None] | None) -> None:
    """Add (article, digest) items in transactions of ``batch_size``, counting what happened."""
    known = store.known_hashes()
    pending: list[tuple[Article, str, Any]] = []
    for article, digest in items:
        if not article.ok:
            stats.errors.append((article.id, article.error))
        article.vectors = None
        kind = "failed" if not article.ok else ("updated" if article.id in known else "new")
        stats.counts[kind] += 1
        pending.append((article, content_hash(article), digest))
        if len(pending) >= batch_size:
            store.add(pending)
            pending = []
        if progress:
            progress(1)
    store.add(pending)
    if stats.counts["new"] + stats.counts["updated"] + stats.counts["failed"]:
        store.sort_terms()


def regroup_stories(store: Store, rule: CompareRule) -> int:
    """Recompute stories, alignments and divergence over the current articles."""
    return store.replace_stories(iter_stories(list(store.digests()), rule))
