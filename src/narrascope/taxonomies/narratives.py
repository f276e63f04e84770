"""The two-level narrative taxonomy: domains -> narratives -> subnarratives.

Full label strings follow SemEval-2025 Task 10: ``URW: Discrediting Ukraine``,
``URW: Discrediting Ukraine: Ukraine is a puppet of the West``, the catch-all
``URW: Discrediting Ukraine: Other``, and ``Other`` when nothing applies.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

OTHER = "Other"
_DEFAULT = Path(__file__).with_name("semeval2025_narratives.json")


@dataclass
class NarrativeTaxonomy:
    """Label strings and descriptions, with parent/child lookups."""

    domains: dict[str, str] = field(default_factory=dict)
    narratives: list[str] = field(default_factory=list)
    subnarratives: list[str] = field(default_factory=list)
    parent: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    scorer_excluded: list[str] = field(default_factory=list)

    def children(self, narrative: str) -> list[str]:
        return [s for s in self.subnarratives if self.parent[s] == narrative]

    def other_of(self, narrative: str) -> str:
        return f"{narrative}: {OTHER}"

    def domain_of(self, label: str) -> str:
        return label.split(":", 1)[0] if ":" in label else ""

    def is_subnarrative(self, label: str) -> bool:
        return label in self.parent

    @property
    def all_labels(self) -> list[str]:
        return [OTHER, *self.narratives, *self.subnarratives]


def parse_taxonomy(data: dict) -> NarrativeTaxonomy:
    tax = NarrativeTaxonomy(scorer_excluded=list(data.get("scorer_excluded", [])))
    for code, domain in data["domains"].items():
        tax.domains[code] = domain.get("name", code)
        for name, body in domain["narratives"].items():
            narrative = f"{code}: {name}"
            tax.narratives.append(narrative)
            tax.descriptions[narrative] = body.get("description", "")
            for sub, desc in body.get("subnarratives", {}).items():
                label = f"{narrative}: {sub}"
                tax.subnarratives.append(label)
                tax.parent[label] = narrative
                tax.descriptions[label] = desc
            other = f"{narrative}: {OTHER}"
            tax.subnarratives.append(other)
            tax.parent[other] = narrative
            tax.descriptions[other] = body.get("description", "")
    return tax


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> NarrativeTaxonomy:
    """Load a taxonomy JSON file (the shipped SemEval-2025 one by default)."""
    file = Path(path) if path else _DEFAULT
    return parse_taxonomy(json.loads(file.read_text(encoding="utf-8")))
