"""Validate synthetic role passages written with inline [[surface|Main|Fine,...]] markup.

Usage: python scripts/check_role_markup.py FILE.jsonl [FILE.jsonl ...]
Prints one line per problem and a count of main and fine roles; exits 1 on problems.
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

ROLES_FILE = Path(__file__).resolve().parents[1] / "src/narrascope/taxonomies/semeval2025_roles.json"
MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]]+?)\]\]")
LANGS = {"en", "ru", "uk", "bg", "pt", "hi"}


def fine_roles_by_main() -> dict[str, set[str]]:
    data = json.loads(ROLES_FILE.read_text("utf-8"))
    return {main: set(info["fine_roles"]) for main, info in data["main_roles"].items()}


def check(path: Path, roles: dict[str, set[str]], counts: collections.Counter) -> list[str]:
    problems = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: bad JSON ({exc})")
            continue
        if row.get("lang") not in LANGS or row.get("domain") not in {"URW", "CC"}:
            problems.append(f"{path}:{n}: lang/domain missing or unknown")
        text = row.get("text", "")
        marks = MARKUP.findall(text)
        if not marks:
            problems.append(f"{path}:{n}: no [[...]] markup")
        if MARKUP.sub("", text).count("[[") or MARKUP.sub("", text).count("]]"):
            problems.append(f"{path}:{n}: broken markup")
        for surface, tail in marks:
            parts = tail.split("|")
            if parts == ["none"]:
                counts["none"] += 1
                continue
            if len(parts) != 2 or parts[0] not in roles:
                problems.append(f"{path}:{n}: bad role '{tail}' on '{surface}'")
                continue
            fines = [f.strip() for f in parts[1].split(",")]
            wrong = [f for f in fines if f not in roles[parts[0]]]
            if wrong or not fines:
                problems.append(f"{path}:{n}: fine roles {wrong} not under {parts[0]}")
                continue
            counts[parts[0]] += 1
            for fine in fines:
                counts[f"  {parts[0]}/{fine}"] += 1
    return problems


def main(argv: list[str]) -> int:
    roles = fine_roles_by_main()
    counts: collections.Counter = collections.Counter()
    problems = []
    for name in argv:
        problems += check(Path(name), roles, counts)
    for problem in problems:
        print(problem)
    for key in sorted(counts):
        print(f"{key}\t{counts[key]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
