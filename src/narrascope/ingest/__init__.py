"""Readers that turn files, rows, URLs and folders into :class:`Article` records.

Every reader yields one record per input, including inputs it cannot read
(those come back with ``status='error'`` and a one-line reason).
"""
from __future__ import annotations

from narrascope.ingest.sources import ReadOptions, iter_articles

__all__ = ["ReadOptions", "iter_articles"]
