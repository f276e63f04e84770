"""Which column (or JSON key) holds which article field, and row -> Article."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from narrascope.doc import Article
from narrascope.errors import ConfigError, InputError


@dataclass(frozen=True)
class ColumnMap:
    """Names of the columns that hold each field; only ``text`` is required."""

    id: str = "id"
    title: str = "title"
    text: str = "text"
    source: str = "source"
    url: str = "url"
    published: str = "published"
    language: str = "language"

    @classmethod
    def parse(cls, spec: str | None) -> ColumnMap:
        """Parse ``"text=body,id=doc_id"`` into a map (unnamed fields keep defaults)."""
        if not spec:
            return cls()
        known = {f.name for f in fields(cls)}
        values: dict[str, str] = {}
        for part in spec.split(","):
            key, sep, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or key not in known or not value:
                raise ConfigError(
                    f"bad column mapping {part!r}: expected FIELD=COLUMN with FIELD one of "
                    f"{', '.join(sorted(known))}"
                )
            values[key] = value
        return cls(**values)


def row_id(row: dict[str, Any], columns: ColumnMap, fallback_id: str) -> str:
    """The record's id column if it has one, else the fallback (``file:line``)."""
    value = row.get(columns.id)
    return str(value) if value not in (None, "") else fallback_id


def article_from_row(row: dict[str, Any], columns: ColumnMap, fallback_id: str) -> Article:
    """Map one record to an article; raises InputError when it has no usable text."""
    if columns.text not in row:
        found = ", ".join(map(str, row.keys())) or "(none)"
        raise InputError(
            f"no text column {columns.text!r}; columns found: {found}. "
            f"Name the right one with --columns text=NAME"
        )
    text = row.get(columns.text)
    if not isinstance(text, str):
        raise InputError(f"text column {columns.text!r} is not a string (got {type(text).__name__})")
    if not text.strip():
        raise InputError("empty text")

    def get(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    art_id = row_id(row, columns, fallback_id)
    title = get(columns.title) or next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    full = text if not get(columns.title) or text.startswith(get(columns.title)) else (
        f"{get(columns.title)}\n\n{text}"
    )
    extra = {k: v for k, v in row.items() if k not in {getattr(columns, f.name) for f in fields(columns)}}
    return Article(
        id=art_id,
        text=full.replace("\r\n", "\n"),
        title=title[:300],
        source=get(columns.source),
        url=get(columns.url),
        published=get(columns.published),
        language=get(columns.language).lower(),
        metadata={k: v for k, v in extra.items() if isinstance(v, (str, int, float, bool))},
    )
