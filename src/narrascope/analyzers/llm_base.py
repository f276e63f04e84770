"""What every LLM-backed analyzer shares: one client, a thread pool, per-article fallback."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

from narrascope.analyzers.base import Analyzer
from narrascope.backends.llm import LLMClient, LLMConfig, LLMError
from narrascope.doc import Article


class LLMAnalyzer(Analyzer):
    """Subclasses implement ``wants`` and ``apply``; a failure keeps the offline result.

    The outcome is recorded in ``article.metadata[metadata_key]``: ``{"status": "ok"}``
    plus what ``apply`` returns, or ``{"status": "fallback", "reason": ...}`` and a warning.
    """

    metadata_key: ClassVar[str] = "llm"
    kept: ClassVar[str] = "offline results"

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.client: LLMClient | None = None

    def initialize(self) -> None:
        if self.client is None:
            self.client = LLMClient(self.config)

    def wants(self, article: Article) -> bool:
        raise NotImplementedError

    def apply(self, article: Article) -> dict[str, Any]:
        """Ask the model and update the article; raise LLMError when it gives no valid answer."""
        raise NotImplementedError

    def pipe(self, articles: list[Article]) -> list[Article]:
        self.initialize()
        todo = [a for a in articles if a.ok and self.wants(a)]
        with ThreadPoolExecutor(max(1, self.config.concurrency)) as pool:
            list(pool.map(self.process, todo))
        return articles

    def process(self, article: Article) -> None:
        try:
            extra = self.apply(article)
        except LLMError as exc:
            article.warnings.append(f"LLM back-end failed ({exc}); {self.kept} kept")
            article.metadata[self.metadata_key] = {"status": "fallback",
                                                   "model": self.config.model,
                                                   "reason": str(exc)[:300]}
            return
        article.metadata[self.metadata_key] = {"status": "ok", "model": self.config.model,
                                               **extra}
