"""Dispatch each PATH argument to the reader that fits it, streaming.

Folders are walked lazily (one directory listing at a time), so a folder of
100,000 files never sits in memory as a list of articles.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.columns import ColumnMap
from narrascope.ingest.decode import decode_bytes
from narrascope.ingest.html import read_html_file
from narrascope.ingest.tabular import read_csv, read_jsonl, read_parquet
from narrascope.ingest.text import article_from_text, read_text_file
from narrascope.ingest.url import fetch_url

TEXT_EXT = {".txt", ".text"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
PARQUET_EXT = {".parquet", ".pq"}
HTML_EXT = {".html", ".htm", ".xhtml"}
SEMEVAL_DOC_DIRS = ("raw-documents", "subtask-2-documents")


@dataclass
class ReadOptions:
    """How inputs are read: column names, size caps, URL timeout."""

    columns: ColumnMap = field(default_factory=ColumnMap)
    max_bytes: int = 2_000_000
    url_timeout: float = 15.0


def semeval_document_dir(folder: Path) -> Path | None:
    """The documents folder of a SemEval-2025 Task 10 language folder, if it is one."""
    for name in SEMEVAL_DOC_DIRS:
        if (folder / name).is_dir():
            return folder / name
    return None


def _walk_files(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in a stable order, skipping hidden ones, lazily."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_file(path: Path, options: ReadOptions) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix in JSONL_EXT:
        yield from read_jsonl(path, options.columns, options.max_bytes)
    elif suffix in CSV_EXT:
        yield from read_csv(path, options.columns, options.max_bytes)
    elif suffix in PARQUET_EXT:
        yield from read_parquet(path, options.columns, options.max_bytes)
    elif suffix in HTML_EXT:
        yield read_html_file(path, options.max_bytes)
    else:
        yield read_text_file(path, options.max_bytes)


def read_folder(folder: Path, options: ReadOptions) -> Iterator[Article]:
    docs = semeval_document_dir(folder)
    if docs is not None:
        for path in _walk_files(docs):
            if path.suffix.lower() in TEXT_EXT:
                yield read_text_file(path, options.max_bytes)
        return
    known = TEXT_EXT | JSONL_EXT | CSV_EXT | PARQUET_EXT | HTML_EXT
    for path in _walk_files(folder):
        if path.suffix.lower() in known:
            yield from read_file(path, options)


def read_stdin(options: ReadOptions) -> Article:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    try:
        text, warnings = decode_bytes(data[: options.max_bytes], truncated=len(data) > options.max_bytes)
    except InputError as exc:
        return Article(id="stdin", origin="-").fail(f"stdin: {exc}")
    article = article_from_text(text, id="stdin", origin="-")
    article.warnings.extend(warnings)
    return article


def iter_articles(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article]:
    """Yield one article (or error record) per input, in order, streaming."""
    options = options or ReadOptions()
    for raw in paths:
        if not raw.strip():
            yield Article(id="(empty path)", origin=raw).fail(
                "empty path argument (an unset shell variable?); give a file, folder or URL"
            )
            continue
        if raw == "-":
            yield read_stdin(options)
            continue
        if "://" in raw:
            yield fetch_url(raw, timeout=options.url_timeout, max_bytes=options.max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from read_folder(path, options)
        elif path.is_file():
            yield from read_file(path, options)
        else:
            yield Article(id=path.name or raw, origin=raw).fail(f"no such file or folder: {raw}")


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix in PARQUET_EXT:
        import duckdb

        try:
            with duckdb.connect() as con:
                return int(con.execute("SELECT count(*) FROM read_parquet(?)",
                                       [str(path)]).fetchone()[0])
        except duckdb.Error:
            return 1
    if suffix in JSONL_EXT | CSV_EXT:
        lines, last = 0, b"\n"
        with path.open("rb") as handle:
            while block := handle.read(1 << 22):
                lines += block.count(b"\n")
                last = block[-1:]
        lines += last != b"\n"
        return max(1, lines - (suffix in CSV_EXT))
    return 1


def count_inputs(paths: Iterable[str]) -> int:
    """About how many records ``iter_articles`` will yield (for a progress bar's ETA):
    lines of JSONL/CSV files, rows of Parquet files, one per other file, URL or stream."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if "://" in raw or raw == "-" or not path.exists():
            total += 1
        elif path.is_dir():
            docs = semeval_document_dir(path)
            files = _walk_files(docs or path)
            known = TEXT_EXT if docs else TEXT_EXT | JSONL_EXT | CSV_EXT | PARQUET_EXT | HTML_EXT
            total += sum(_count_file(f) for f in files if f.suffix.lower() in known)
        else:
            total += _count_file(path)
    return total
