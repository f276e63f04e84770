"""JSON Lines and CSV files: one article per line or row."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.columns import ColumnMap, article_from_row, row_id

# A CSV cell may legitimately hold a whole article.
csv.field_size_limit(50_000_000)


def _bounded(line: str, max_bytes: int) -> tuple[str, bool]:
    if len(line) > max_bytes:
        return line[:max_bytes], True
    return line, False


def _finish(article: Article, origin: str, max_bytes: int) -> Article:
    """Record where the row came from and cap its text (with a warning when cut)."""
    article.origin = origin
    article.text, cut = _bounded(article.text, max_bytes)
    if cut:
        article.warnings.append(f"truncated to the first {max_bytes} characters")
    return article


def read_jsonl(path: Path, columns: ColumnMap, max_bytes: int) -> Iterator[Article]:
    """Yield one article per non-empty line; a malformed line yields an error record."""
    try:
        handle = path.open("r", encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        yield Article(id=path.name, origin=str(path)).fail(f"{path.name}: {exc}")
        return
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            fallback = f"{path.name}:{lineno}"
            origin = f"{path}:{lineno}"
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise InputError(f"expected a JSON object, got {type(row).__name__}")
                article = article_from_row(row, columns, fallback)
            except json.JSONDecodeError as exc:
                yield Article(id=fallback, origin=origin).fail(f"malformed JSON on line {lineno}: {exc.msg}")
                continue
            except InputError as exc:
                known = row_id(row, columns, fallback) if isinstance(row, dict) else fallback
                yield Article(id=known, origin=origin).fail(f"line {lineno}: {exc}")
                continue
            yield _finish(article, origin, max_bytes)


def read_csv(path: Path, columns: ColumnMap, max_bytes: int) -> Iterator[Article]:
    """Yield one article per row, streaming; a missing text column is one clear error record."""
    try:
        handle = path.open("r", encoding="utf-8-sig", errors="replace", newline="")
    except OSError as exc:
        yield Article(id=path.name, origin=str(path)).fail(f"{path.name}: {exc}")
        return
    with handle:
        sample = handle.read(5000)
        handle.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(handle, dialect=dialect)
        header = reader.fieldnames or []
        if columns.text not in header:
            yield Article(id=path.name, origin=str(path)).fail(
                f"{path.name}: no text column {columns.text!r}; columns found: "
                f"{', '.join(header) or '(none)'}. Name the right one with --columns text=NAME"
            )
            return
        for rowno, row in enumerate(reader, start=1):
            fallback = f"{path.name}:{rowno}"
            try:
                article = article_from_row(dict(row), columns, fallback)
            except InputError as exc:
                yield Article(id=row_id(row, columns, fallback), origin=f"{path}:{rowno}").fail(
                    f"row {rowno}: {exc}")
                continue
            yield _finish(article, f"{path}:{rowno}", max_bytes)


def _plain_row(header: list[str], values: tuple, text_column: str) -> dict[str, Any]:
    """JSON-friendly values: the text column as it is (so a non-string is reported), binary
    columns dropped, dates and nested values as text."""
    row: dict[str, Any] = {}
    for key, value in zip(header, values):
        if key == text_column:
            row[key] = "" if value is None else value
        elif value is None or isinstance(value, (str, int, float, bool)):
            row[key] = value
        elif not isinstance(value, (bytes, bytearray)):
            row[key] = str(value)
    return row


def read_parquet(path: Path, columns: ColumnMap, max_bytes: int,
                 chunk: int = 1000) -> Iterator[Article]:
    """Yield one article per row of a Parquet file, ``chunk`` rows at a time (DuckDB reads it)."""
    import duckdb

    try:
        con = duckdb.connect()
        cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
    except duckdb.Error as exc:
        yield Article(id=path.name, origin=str(path)).fail(f"{path.name}: not a readable Parquet "
                                                           f"file ({exc})")
        return
    header = [d[0] for d in cursor.description]
    if columns.text not in header:
        con.close()
        yield Article(id=path.name, origin=str(path)).fail(
            f"{path.name}: no text column {columns.text!r}; columns found: "
            f"{', '.join(header) or '(none)'}. Name the right one with --columns text=NAME")
        return
    rowno = 0
    with con:
        while rows := cursor.fetchmany(chunk):
            for values in rows:
                rowno += 1
                row = _plain_row(header, values, columns.text)
                fallback, origin = f"{path.name}:{rowno}", f"{path}:{rowno}"
                try:
                    article = article_from_row(row, columns, fallback)
                except InputError as exc:
                    yield Article(id=row_id(row, columns, fallback), origin=origin).fail(
                        f"row {rowno}: {exc}")
                    continue
                yield _finish(article, origin, max_bytes)
