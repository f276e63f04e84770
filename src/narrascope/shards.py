"""The output folder of `narrascope batch`: how shards are written and read back.

Shard k of a run is three files, written in this order, each to a temporary
name and then renamed (so a file that exists is complete):

- ``errors-0000k.jsonl``: the inputs that failed, ``{"id", "origin", "error"}``;
- ``vectors-0000k.npz``: for analysed articles that have sentence vectors, the
  article vector and one vector per claim (what stories and claim comparison
  need), so ``narrascope ingest`` can load the folder without embedding again;
- ``shard-0000k.jsonl`` or ``.parquet``: the analysis records. Its presence
  marks the shard done.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.doc import Article

FORMATS = ("jsonl", "parquet")
SHARD_RE = re.compile(r"^shard-(\d{5,})\.(jsonl|parquet)$")


@dataclass
class CompareVectors:
    """What comparison keeps of one article's sentence vectors (see compare.run.article_vectors)."""

    model: str
    vector: np.ndarray
    claim_vectors: np.ndarray


def shard_name(number: int, fmt: str) -> str:
    return f"shard-{number:05d}.{fmt}"


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _write_jsonl(records: list[dict[str, Any]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    return write


def _write_parquet(records: list[dict[str, Any]]) -> Callable[[Path], None]:
    """One row per article: id, status, language, and the whole record as JSON (lossless)."""
    def write(path: Path) -> None:
        import duckdb

        rows = [(r["id"], r["status"], r.get("language", ""),
                 json.dumps(r, ensure_ascii=False)) for r in records]
        with duckdb.connect() as con:
            con.execute("CREATE TABLE shard (id VARCHAR, status VARCHAR, language VARCHAR, "
                        "record JSON)")
            if rows:
                con.executemany("INSERT INTO shard VALUES (?, ?, ?, ?)", rows)
            target = str(path).replace("'", "''")
            con.execute(f"COPY shard TO '{target}' (FORMAT parquet)")
    return write


def _write_vectors(ids: list[str], vectors: list[CompareVectors]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        counts = [len(v.claim_vectors) for v in vectors]
        dim = vectors[0].vector.shape[0]
        claims = [v.claim_vectors for v in vectors if len(v.claim_vectors)]
        with path.open("wb") as handle:
            np.savez(handle, ids=np.array(ids), models=np.array([v.model for v in vectors]),
                     article=np.stack([v.vector for v in vectors]).astype(np.float32),
                     claim_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
                     claims=(np.concatenate(claims) if claims else np.zeros((0, dim))
                             ).astype(np.float32))
    return write


def write_shard(folder: Path, number: int, fmt: str, articles: list[Article],
                vectors: dict[str, CompareVectors] | None = None) -> tuple[int, int]:
    """Write errors, vectors (if any), then the shard; returns (analysed, failed)."""
    ok = [a.to_dict() for a in articles if a.ok]
    failed = [{"id": a.id, "origin": a.origin, "error": a.error} for a in articles if not a.ok]
    atomic_write(folder / f"errors-{number:05d}.jsonl", _write_jsonl(failed))
    if vectors:
        ids = [r["id"] for r in ok if r["id"] in vectors]
        atomic_write(folder / f"vectors-{number:05d}.npz",
                     _write_vectors(ids, [vectors[i] for i in ids]))
    writer = _write_parquet if fmt == "parquet" else _write_jsonl
    atomic_write(folder / shard_name(number, fmt), writer(ok))
    return len(ok), len(failed)


# -- reading a batch output folder back ---------------------------------------------------


def is_batch_output(path: Path) -> bool:
    """True for a folder holding at least one finished shard of `narrascope batch`."""
    return path.is_dir() and any(SHARD_RE.match(p.name) for p in path.iterdir())


def shard_files(folder: Path) -> list[tuple[int, Path]]:
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := SHARD_RE.match(p.name))]
    return sorted(found)


def _records(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".parquet":
        import duckdb

        with duckdb.connect() as con:
            target = str(path).replace("'", "''")
            for (record,) in con.execute(f"SELECT record FROM read_parquet('{target}')").fetchall():
                yield json.loads(record)
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _vectors(path: Path) -> dict[str, CompareVectors]:
    if not path.is_file():
        return {}
    with np.load(path) as data:
        offsets = data["claim_offsets"]
        return {str(article_id): CompareVectors(str(model), data["article"][i],
                                                data["claims"][offsets[i] : offsets[i + 1]])
                for i, (article_id, model) in enumerate(zip(data["ids"], data["models"]))}


def read_batch_output(folder: Path) -> Iterator[tuple[Article, CompareVectors | None]]:
    """Every record of a batch output folder, shard by shard: analysed articles with their
    comparison vectors (None when the run had no embedder), then that shard's failed inputs."""
    for number, path in shard_files(folder):
        vectors = _vectors(folder / f"vectors-{number:05d}.npz")
        for record in _records(path):
            yield Article.from_dict(record), vectors.get(record["id"])
        errors = folder / f"errors-{number:05d}.jsonl"
        for record in (_records(errors) if errors.is_file() else ()):
            failed = Article(id=record["id"], origin=record.get("origin", ""))
            yield failed.fail(record.get("error", "failed")), None
