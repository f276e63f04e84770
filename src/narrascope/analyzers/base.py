"""The analyzer contract (after spaCy's pipeline components).

An analyzer declares what it ``requires`` and ``assigns`` (Article field
names), processes a batch in ``pipe`` and one article in ``__call__``,
loads models lazily in ``initialize`` and never touches failed articles.
"""
from __future__ import annotations

from typing import ClassVar

from narrascope.doc import Article


class Analyzer:
    name: ClassVar[str] = "base"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    assigns: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        """Load models; called once before the first batch (safe to call again)."""

    def process(self, article: Article) -> None:
        """Analyse one article in place (the default ``pipe`` calls this)."""
        raise NotImplementedError

    def pipe(self, articles: list[Article]) -> list[Article]:
        """Analyse a batch; subclasses override this when batching pays."""
        for article in articles:
            if article.ok:
                self.process(article)
        return articles

    def __call__(self, article: Article) -> Article:
        self.initialize()
        return self.pipe([article])[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
