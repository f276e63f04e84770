"""The Pipeline: ordered analyzers, batched streaming, and the error policy.

One bad article never stops a run: if an analyzer raises on a batch, the
batch is retried article by article and only the article that fails is
marked ``status='error'`` with the reason.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from narrascope.analyzers.base import Analyzer
from narrascope.doc import Article
from narrascope.errors import NarrascopeError, PipelineError

log = logging.getLogger("narrascope")
INPUT_FIELDS = {"text", "id", "title", "source", "url", "published", "metadata"}


class Pipeline:
    def __init__(self, analyzers: list[Analyzer]) -> None:
        self.analyzers = analyzers
        self.check_order()

    def check_order(self) -> None:
        available = set(INPUT_FIELDS)
        for analyzer in self.analyzers:
            missing = [r for r in analyzer.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"analyzer {analyzer.name!r} requires {', '.join(missing)}, which no earlier "
                    f"analyzer assigns; order: {', '.join(a.name for a in self.analyzers)}"
                )
            available.update(analyzer.assigns)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.analyzers]

    def get(self, name: str) -> Analyzer:
        for analyzer in self.analyzers:
            if analyzer.name == name:
                return analyzer
        raise KeyError(name)

    def initialize(self) -> None:
        for analyzer in self.analyzers:
            analyzer.initialize()

    def _run(self, analyzer: Analyzer, batch: list[Article]) -> None:
        try:
            analyzer.pipe(batch)
        except Exception:  # noqa: BLE001 - isolate the culprit below
            for article in batch:
                if not article.ok:
                    continue
                try:
                    analyzer.pipe([article])
                except NarrascopeError as exc:
                    article.fail(f"{analyzer.name}: {exc}")
                except Exception as exc:
                    log.debug("analyzer %s failed on %s", analyzer.name, article.id, exc_info=True)
                    article.fail(f"{analyzer.name}: {type(exc).__name__}: {exc}")

    def process_batch(self, batch: list[Article], keep_vectors: bool = False) -> list[Article]:
        for analyzer in self.analyzers:
            if any(a.ok for a in batch):
                self._run(analyzer, batch)
        if not keep_vectors:
            for article in batch:
                article.vectors = None  # free memory; vectors are not part of the output
        return batch

    def pipe(self, articles: Iterable[Article], batch_size: int = 16,
             keep_vectors: bool = False) -> Iterator[Article]:
        """Analyse a stream lazily, ``batch_size`` articles at a time, in input order.

        ``keep_vectors`` leaves each article's sentence vectors on it (for
        callers such as ``compare`` that reuse them); the caller frees them.
        """
        self.initialize()
        stream = iter(articles)
        while batch := list(islice(stream, batch_size)):
            yield from self.process_batch(batch, keep_vectors)

    def __call__(self, article: Article) -> Article:
        self.initialize()
        return self.process_batch([article])[0]
