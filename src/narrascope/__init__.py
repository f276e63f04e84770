"""narrascope: what story does a news article push, and how.

>>> import narrascope
>>> [result] = narrascope.analyze(["Sanctions against Russia are ruining Europe ..."])
>>> result.narratives[0].name
"""
from __future__ import annotations

from narrascope.api import analyze, load_pipeline
from narrascope.doc import AnalyzedArticle, Article, DominantNarrative, Label, Span
from narrascope.errors import NarrascopeError
from narrascope.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = [
    "AnalyzedArticle",
    "Article",
    "DominantNarrative",
    "Label",
    "NarrascopeError",
    "Pipeline",
    "Span",
    "__version__",
    "analyze",
    "load_pipeline",
]
