"""The output folder of `narrascope batch`: how shards are written and read back.

Shard k of a run is three files, written in this order, each to a temporary
name and then renamed (so a file that exists is complete):

- ``errors-0000k.jsonl``: the inputs that failed, ``{"id", "origin", "error"}``;
- ``vectors-0000k.npz``: for analysed articles that have sentence vectors, the
  article vector and one vector per claim (what stories and claim comparison
  need), so ``narrascope ingest`` can load the folder without embedding again;
- ``shard-0000k.jsonl`` or ``.parquet``: the analysis records. Its presence
  marks the shard done.

The folder is a local path or any URI pyarrow's filesystems understand
(``s3://bucket/prefix``, ``gs://bucket/prefix``, ``hdfs://...``, ``file://...``), so
the workers of a Ray cluster can all write to one place.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def is_uri(spec: str) -> bool:
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", spec) is not None


class ShardFolder:
    """Where a batch run's files live: a local folder, or a pyarrow filesystem URI."""

    def __init__(self, spec: str | Path) -> None:
        self.spec = str(spec)
        self.fs: object | None = None
        if is_uri(self.spec):
            from pyarrow import fs

            self.fs, self.root = fs.FileSystem.from_uri(self.spec)
        else:
            self.root = str(Path(self.spec))

    def prepare(self) -> None:
        """Create the folder and drop temporary files a killed run left behind."""
        if self.fs is not None:
            self.fs.create_dir(self.root, recursive=True)  # type: ignore[attr-defined]
            return
        Path(self.root).mkdir(parents=True, exist_ok=True)
        for stale in Path(self.root).glob(".*.tmp"):
            stale.unlink()

    def names(self) -> list[str]:
        if self.fs is not None:
            from pyarrow import fs

            try:
                infos = self.fs.get_file_info(fs.FileSelector(self.root))  # type: ignore[attr-defined]
            except (FileNotFoundError, OSError):
                return []
            return [info.base_name for info in infos if info.type == fs.FileType.File]
        folder = Path(self.root)
        return [p.name for p in folder.iterdir()] if folder.is_dir() else []

    def exists(self, name: str) -> bool:
        if self.fs is not None:
            from pyarrow import fs

            info = self.fs.get_file_info(f"{self.root}/{name}")  # type: ignore[attr-defined]
            return info.type == fs.FileType.File
        return (Path(self.root) / name).is_file()

    def write(self, name: str, write: Callable[[Path], None]) -> None:
        """Write a complete file under ``name``: locally to a temporary name then renamed;
        to an object store by one upload (an object appears only when its upload completes)."""
        if self.fs is None:
            path = Path(self.root) / name
            tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
            write(tmp)
            os.replace(tmp, path)
            return
        with tempfile.TemporaryDirectory(prefix="narrascope-") as tmp:
            local = Path(tmp) / name
            write(local)
            with local.open("rb") as source, \
                    self.fs.open_output_stream(f"{self.root}/{name}") as target:  # type: ignore[attr-defined]
                shutil.copyfileobj(source, target, 1 << 20)

    @contextmanager
    def fetch(self, name: str) -> Iterator[Path]:
        """A local path holding the file ``name`` (downloaded first from a remote folder)."""
        if self.fs is None:
            yield Path(self.root) / name
            return
        with tempfile.TemporaryDirectory(prefix="narrascope-") as tmp:
            local = Path(tmp) / name
            with self.fs.open_input_stream(f"{self.root}/{name}") as source, \
                    local.open("wb") as target:  # type: ignore[attr-defined]
                shutil.copyfileobj(source, target, 1 << 20)
            yield local


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


def write_shard(folder: ShardFolder, number: int, fmt: str, articles: list[Article],
                vectors: dict[str, CompareVectors] | None = None) -> tuple[int, int]:
    """Write errors, vectors (if any), then the shard; returns (analysed, failed)."""
    ok = [a.to_dict() for a in articles if a.ok]
    failed = [{"id": a.id, "origin": a.origin, "error": a.error} for a in articles if not a.ok]
    folder.write(f"errors-{number:05d}.jsonl", _write_jsonl(failed))
    if vectors:
        ids = [r["id"] for r in ok if r["id"] in vectors]
        folder.write(f"vectors-{number:05d}.npz", _write_vectors(ids, [vectors[i] for i in ids]))
    writer = _write_parquet if fmt == "parquet" else _write_jsonl
    folder.write(shard_name(number, fmt), writer(ok))
    return len(ok), len(failed)


# -- reading a batch output folder back ---------------------------------------------------


def is_batch_output(spec: str | Path) -> bool:
    """True for a folder (or URI) holding at least one finished shard of `narrascope batch`."""
    if not is_uri(str(spec)) and not Path(spec).is_dir():
        return False
    return bool(shard_files(ShardFolder(spec)))


def shard_files(folder: ShardFolder) -> list[tuple[int, str]]:
    found = [(int(m.group(1)), name) for name in folder.names() if (m := SHARD_RE.match(name))]
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
    with np.load(path) as data:
        offsets = data["claim_offsets"]
        return {str(article_id): CompareVectors(str(model), data["article"][i],
                                                data["claims"][offsets[i] : offsets[i + 1]])
                for i, (article_id, model) in enumerate(zip(data["ids"], data["models"]))}


def read_batch_output(spec: str | Path) -> Iterator[tuple[Article, CompareVectors | None]]:
    """Every record of a batch output folder, shard by shard: analysed articles with their
    comparison vectors (None when the run had no embedder), then that shard's failed inputs."""
    folder = ShardFolder(spec)
    names = set(folder.names())
    for number, name in shard_files(folder):
        vectors: dict[str, CompareVectors] = {}
        if f"vectors-{number:05d}.npz" in names:
            with folder.fetch(f"vectors-{number:05d}.npz") as path:
                vectors = _vectors(path)
        with folder.fetch(name) as path:
            for record in _records(path):
                yield Article.from_dict(record), vectors.get(record["id"])
        if f"errors-{number:05d}.jsonl" not in names:
            continue
        with folder.fetch(f"errors-{number:05d}.jsonl") as path:
            for record in _records(path):
                failed = Article(id=record["id"], origin=record.get("origin", ""))
                yield failed.fail(record.get("error", "failed")), None
