"""Analyzers: each adds one layer to an Article. Importing registers them."""
from __future__ import annotations

from narrascope.analyzers.base import Analyzer
from narrascope.analyzers.basic import (
           EmbeddingAnalyzer,
           EntityAnalyzer,
           LanguageAnalyzer,
           SentenceAnalyzer,
)
from narrascope.analyzers.claims import ClaimAnalyzer
from narrascope.analyzers.llm_narratives import LLMNarrativeAnalyzer
from narrascope.analyzers.llm_roles import LLMRoleAnalyzer
from narrascope.analyzers.narratives import NarrativeAnalyzer
from narrascope.analyzers.persuasion import PersuasionAnalyzer
from narrascope.analyzers.roles import RoleAnalyzer

__all__ = [
           "Analyzer",
           "ClaimAnalyzer",
           "EmbeddingAnalyzer",
           "EntityAnalyzer",
           "LLMNarrativeAnalyzer",
           "LLMRoleAnalyzer",
           "LanguageAnalyzer",
           "NarrativeAnalyzer",
           "PersuasionAnalyzer",
           "RoleAnalyzer",
           "SentenceAnalyzer",
]
