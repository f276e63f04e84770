"""Model back-ends behind small base classes (embedders for now)."""
from __future__ import annotations

from narrascope.backends.embedders import Embedder, get_embedder

__all__ = ["Embedder", "get_embedder"]
