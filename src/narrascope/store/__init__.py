"""The corpus store (DuckDB): ingest analysed articles, recompute stories, export."""
from narrascope.store.db import Store, content_hash

__all__ = ["Store", "content_hash"]
