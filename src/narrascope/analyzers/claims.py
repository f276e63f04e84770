"""Claims with attribution and certainty (see :mod:`narrascope.nlp.claims`)."""
from __future__ import annotations

from narrascope.analyzers.base import Analyzer
from narrascope.doc import Article
from narrascope.nlp.claims import extract_claims
from narrascope.registry import analyzers


@analyzers.register("narrascope.claims.v1")
class ClaimAnalyzer(Analyzer):
    """Check-worthy claims per article: span, source, source type, cue, mode, certainty, numbers."""

    name = "narrascope.claims.v1"
    requires = ("sentences", "entities")
    assigns = ("claims",)

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def process(self, article: Article) -> None:
        article.claims = extract_claims(article, self.threshold)
