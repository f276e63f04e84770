"""Analyse inputs into a store: skip unchanged articles, version changed ones, then regroup stories."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from narrascope.backends.embedders import get_embedder
from narrascope.compare.run import (
    CompareRule,
    Digest,
    article_vectors,
    compare_digests,
    default_rule,
    load_background,
    sentence_matrix,
)
from narrascope.doc import Article
from narrascope.pipeline import Pipeline
from narrascope.store.db import Store, content_hash


@dataclass
class IngestStats:
    counts: Counter = field(default_factory=Counter)  # new, updated, unchanged, failed
    errors: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0


def ingest(store: Store, articles: Iterable[Article], pipeline: Pipeline, embedder_name: str,
           batch_size: int = 16, stories: bool = True,
           progress: Callable[[int], None] | None = None) -> IngestStats:
    """Analyse and store every input that is new or changed; failed inputs are stored too."""
    stats = IngestStats()
    known = store.known_hashes()
    hashes: dict[str, str] = {}

    def fresh(stream: Iterable[Article]) -> Iterator[Article]:
        for article in stream:
            digest_hash = content_hash(article)
            if known.get(article.id, (0, ""))[1] == digest_hash:
                stats.counts["unchanged"] += 1
                if progress:
                    progress(1)
                continue
            hashes[article.id] = digest_hash
            yield article

    embedder = get_embedder(embedder_name)
    background = load_background(embedder.name)
    pending: list[tuple[Article, str, Any]] = []
    for article in pipeline.pipe(fresh(articles), batch_size=batch_size, keep_vectors=True):
        digest = None
        if article.ok:
            vector, claims, keys = article_vectors(article, sentence_matrix(article, embedder),
                                                   background)
            digest = Digest(article, vector, claims, keys)
        else:
            stats.errors.append((article.id, article.error))
        article.vectors = None
        kind = "failed" if not article.ok else ("updated" if article.id in known else "new")
        stats.counts[kind] += 1
        pending.append((article, hashes.pop(article.id, content_hash(article)), digest))
        if len(pending) >= batch_size:
            store.add(pending)
            pending = []
        if progress:
            progress(1)
    store.add(pending)
    if stats.counts["new"] + stats.counts["updated"] + stats.counts["failed"]:
        store.sort_terms()
    if stories:
        stats.stories = regroup_stories(store, default_rule(embedder.name))
    return stats


def regroup_stories(store: Store, rule: CompareRule) -> int:
    """Recompute stories, alignments and divergence over the current articles."""
    doc = compare_digests(list(store.digests()), [], rule)
    store.replace_stories(doc)
    return len(doc["stories"])
