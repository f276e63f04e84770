"""Shared helpers for benchmark scripts (not part of the package)."""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SEMEVAL25 = SHARED / "semeval2025-task10" / "train"


def require(path: Path) -> Path:
    """Exit cleanly (code 0, a clear message) when the research data is absent."""
    if not path.exists():
        print(f"SKIPPED: {path} not found (the research data is not shipped; see docs/benchmarks.md)")
        sys.exit(0)
    return path


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def stamp() -> str:
    return time.strftime("%Y-%m-%d")
