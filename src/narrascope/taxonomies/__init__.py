"""Label taxonomies shipped as data, with the project's own descriptions."""
from __future__ import annotations

from narrascope.taxonomies.narratives import NarrativeTaxonomy, load_taxonomy

__all__ = ["NarrativeTaxonomy", "load_taxonomy"]
