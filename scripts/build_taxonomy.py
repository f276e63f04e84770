"""Merge the project's narrative descriptions (training_data/descriptions/*.json) into the shipped taxonomy.

Usage: python scripts/build_taxonomy.py
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "src/narrascope/taxonomies/semeval2025_narratives.json"


def main() -> None:
    data = json.loads(TAXONOMY.read_text("utf-8"))
    filled = 0
    for part in sorted((ROOT / "training_data/descriptions").glob("*.json")):
        for domain, narratives in json.loads(part.read_text("utf-8")).items():
            for name, body in narratives.items():
                target = data["domains"][domain]["narratives"][name]
                target["description"] = body.get("description", "")
                filled += 1
                for sub, text in body.get("subnarratives", {}).items():
                    if sub not in target["subnarratives"]:
                        raise SystemExit(f"unknown subnarrative {domain}: {name}: {sub} in {part}")
                    target["subnarratives"][sub] = text
                    filled += 1
    TAXONOMY.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    empty = [f"{d}: {n}" for d, dom in data["domains"].items() for n, b in dom["narratives"].items()
             if not b["description"]]
    print(f"filled {filled} descriptions; narratives still without one: {empty or 'none'}")


if __name__ == "__main__":
    main()
