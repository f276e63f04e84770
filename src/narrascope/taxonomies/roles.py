"""The entity-role taxonomy: three main roles, each with its fine roles and our descriptions."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from narrascope.errors import ConfigError

ROLES_FILE = Path(__file__).parent / "semeval2025_roles.json"
MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


@dataclass(frozen=True)
class RoleTaxonomy:
    """Main roles, fine roles and their descriptions; ``main_of[fine]`` gives a fine role's parent."""

    main_roles: tuple[str, ...]
    fine_roles: tuple[str, ...]
    main_of: dict[str, str]
    descriptions: dict[str, str]

    def fine_of(self, main: str) -> list[str]:
        return [f for f in self.fine_roles if self.main_of[f] == main]

    def check(self, main: str, fines: list[str]) -> list[str]:
        """Problems with one (main, fine roles) annotation, as readable strings."""
        problems = []
        if main not in self.main_roles:
            problems.append(f"unknown main role {main!r} (expected one of {', '.join(self.main_roles)})")
        for fine in fines:
            if fine not in self.main_of:
                problems.append(f"unknown fine role {fine!r}")
            elif main in self.main_roles and self.main_of[fine] != main:
                problems.append(f"fine role {fine!r} belongs to {self.main_of[fine]}, not {main}")
        return problems


@lru_cache(maxsize=4)
def load_roles(path: str | None = None) -> RoleTaxonomy:
    file = Path(path) if path else ROLES_FILE
    try:
        data = json.loads(file.read_text("utf-8"))
        mains = data["main_roles"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read role taxonomy {file}: {exc}") from exc
    main_of: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for main, info in mains.items():
        descriptions[main] = info.get("description", "")
        for fine, text in info["fine_roles"].items():
            main_of[fine] = main
            descriptions[fine] = text
    return RoleTaxonomy(tuple(mains), tuple(main_of), main_of, descriptions)
