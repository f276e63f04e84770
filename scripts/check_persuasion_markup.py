"""Validate synthetic persuasion articles: genre, frames, and {{span|Technique}} markup in paragraphs.

Usage: python scripts/check_persuasion_markup.py FILE.jsonl [FILE.jsonl ...]
Prints one line per problem and counts of genres, frames and techniques; exits 1 on problems.
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

TAXONOMY = Path(__file__).resolve().parents[1] / "src/narrascope/taxonomies/semeval2023_persuasion.json"
MARKUP = re.compile(r"\{\{([^{}|]+)\|([^{}]+?)\}\}")
LANGS = {"en", "ru", "uk", "bg", "pt", "hi"}


def check(path: Path, tax: dict, counts: collections.Counter) -> list[str]:
    problems = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: bad JSON ({exc})")
            continue
        if row.get("lang") not in LANGS:
            problems.append(f"{where}: lang missing or unknown")
        if row.get("genre") not in tax["genres"]:
            problems.append(f"{where}: genre {row.get('genre')!r} unknown")
        counts[f"genre/{row.get('genre')}"] += 1
        frames = row.get("frames") or []
        for frame in frames:
            if frame not in tax["frames"]:
                problems.append(f"{where}: frame {frame!r} unknown")
            counts[f"frame/{frame}"] += 1
        if not frames:
            problems.append(f"{where}: no frames")
        paragraphs = row.get("paragraphs") or []
        if not row.get("title") or len(paragraphs) < 2:
            problems.append(f"{where}: needs a title and at least 2 paragraphs")
        for para in paragraphs:
            rest = MARKUP.sub("", para)
            if "{{" in rest or "}}" in rest:
                problems.append(f"{where}: broken markup in {para[:60]!r}")
            found = MARKUP.findall(para)
            if not found:
                counts["paragraphs without technique"] += 1
            for _, names in found:
                for name in names.split(","):
                    name = name.strip()
                    if name not in tax["techniques"]:
                        problems.append(f"{where}: technique {name!r} unknown")
                    counts[f"technique/{name}"] += 1
            counts["paragraphs"] += 1
    return problems


def main(argv: list[str]) -> int:
    tax = json.loads(TAXONOMY.read_text("utf-8"))
    counts: collections.Counter = collections.Counter()
    problems = []
    for name in argv:
        problems += check(Path(name), tax, counts)
    for problem in problems:
        print(problem)
    for key in sorted(counts):
        print(f"{key}\t{counts[key]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
