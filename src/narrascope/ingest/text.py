"""Plain-text article files: title on the first line, body after it."""
from __future__ import annotations

from pathlib import Path

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.decode import decode_bytes


def read_capped(path: Path, max_bytes: int) -> tuple[bytes, int]:
    """Read at most ``max_bytes`` of a file; returns (data, full size)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        return handle.read(max_bytes), size


def article_from_text(text: str, **meta: str) -> Article:
    """Build an article whose title is the first non-empty line of ``text``."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Article(text=text, title=first[:300], **meta)


def read_text_file(path: Path, max_bytes: int, article_id: str | None = None) -> Article:
    """One ``.txt`` file -> one article (error record if unreadable)."""
    art_id = article_id or path.name
    try:
        data, size = read_capped(path, max_bytes)
        text, warnings = decode_bytes(data, truncated=size > max_bytes)
    except (OSError, InputError) as exc:
        return Article(id=art_id, origin=str(path)).fail(f"{path.name}: {exc}")
    article = article_from_text(text, id=art_id, origin=str(path))
    article.warnings.extend(warnings)
    if size > max_bytes:
        article.warnings.append(f"truncated: file is {size} bytes, read the first {max_bytes}")
    return article
