"""The SemEval-2023 Task 3 label sets (genre, frames, techniques) with the project's descriptions."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from narrascope.errors import ConfigError

PERSUASION_FILE = Path(__file__).parent / "semeval2023_persuasion.json"


@dataclass(frozen=True)
class PersuasionTaxonomy:
    genres: tuple[str, ...]
    frames: tuple[str, ...]
    techniques: tuple[str, ...]
    groups: tuple[str, ...]
    group_of: dict[str, str]
    descriptions: dict[str, str]


@lru_cache(maxsize=2)
def load_persuasion(path: str | None = None) -> PersuasionTaxonomy:
    file = Path(path) if path else PERSUASION_FILE
    try:
        data = json.loads(file.read_text("utf-8"))
        techniques = data["techniques"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read persuasion taxonomy {file}: {exc}") from exc
    descriptions = {**data["genres"], **data["frames"], **data["technique_groups"],
                    **{name: info["description"] for name, info in techniques.items()}}
    return PersuasionTaxonomy(tuple(data["genres"]), tuple(data["frames"]), tuple(techniques),
                              tuple(data["technique_groups"]),
                              {name: info["group"] for name, info in techniques.items()},
                              descriptions)
