"""`narrascope batch`: analyse large inputs into shards, resumably, on a local process pool.

Inputs are read in a fixed order and cut into shards of ``shard_size``
articles; shard k always holds the same articles, so a run that stops (Ctrl-C,
a crash, a reboot) and is started again skips every shard already written and
does the rest: no article lost, none written twice. Each shard is written to a
temporary name and renamed when complete (the folder's layout is described
in ``narrascope.shards``). Workers load the pipeline once; at most two shards per worker
are in flight, so memory stays bounded whatever the input size.
"""
from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.doc import Article
from narrascope.shards import CompareVectors, ShardFolder, shard_name, write_shard

_WORKER: dict[str, Any] = {}


@dataclass
class BatchStats:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    shards_written: int = 0
    shards_skipped: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def worker_threads(workers: int) -> int:
    """Threads per worker so that all workers together use the machine's cores once."""
    return max(1, (os.cpu_count() or 2) // max(1, workers))


def _init_worker(config: dict[str, Any], threads: int = 0) -> None:
    """Load the pipeline once per worker process, with ``threads`` for its numeric
    libraries (set before they load; a value the user exported is kept)."""
    if threads:
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, str(threads))
    from narrascope.api import load_pipeline

    _WORKER["pipeline"] = load_pipeline(config)
    _WORKER["pipeline"].initialize()


def _run_shard(task: tuple[str, int, str, list[dict[str, Any]], int]) -> tuple[int, int, int]:
    spec, number, fmt, records, batch_size = task
    folder = ShardFolder(spec)
    articles = [Article.from_dict(r) for r in records]
    analysed = list(_WORKER["pipeline"].pipe(articles, batch_size=batch_size, keep_vectors=True))
    ok, failed = write_shard(folder, number, fmt, analysed, compare_vectors(analysed))
    return number, ok, failed


def compare_vectors(articles: list[Article]) -> dict[str, CompareVectors]:
    """Article and claim vectors of each analysed article with sentence vectors, for
    `narrascope ingest` to load later without embedding again; frees the sentence vectors."""
    from narrascope.compare.run import article_vectors, load_background

    kept = {}
    for article in articles:
        vectors, article.vectors = article.vectors, None
        if article.ok and vectors is not None:
            matrix = np.asarray(vectors.matrix, dtype=np.float32)
            vector, claims, _ = article_vectors(article, matrix, load_background(vectors.model))
            kept[article.id] = CompareVectors(vectors.model, vector, claims)
    return kept


def shards(articles: Iterable[Article], size: int) -> Iterator[tuple[int, list[Article]]]:
    stream = iter(articles)
    number = 0
    while chunk := list(islice(stream, size)):
        yield number, chunk
        number += 1


def _prepare(output: str | Path, config: dict[str, Any]) -> ShardFolder:
    """Build the pipeline once (a bad configuration fails here, not in every worker), make the
    output folder and drop temporary files a killed run left behind."""
    from narrascope.api import load_pipeline

    load_pipeline(config)
    folder = ShardFolder(output)
    folder.prepare()
    return folder


def _shards_to_do(articles: Iterable[Article], folder: ShardFolder, fmt: str, size: int,
                  stats: BatchStats, progress: Callable[[int], None] | None
                  ) -> Iterator[tuple[int, list[Article]]]:
    """The shards not written yet; written ones are counted as skipped."""
    for number, chunk in shards(articles, size):
        if folder.exists(shard_name(number, fmt)):
            stats.shards_skipped += 1
            stats.skipped += len(chunk)
            if progress:
                progress(len(chunk))
            continue
        yield number, chunk


def run_batch(articles: Iterable[Article], output: str | Path, config: dict[str, Any], workers: int = 2,
              shard_size: int = 500, batch_size: int = 16, fmt: str = "jsonl",
              progress: Callable[[int], None] | None = None) -> BatchStats:
    """Analyse ``articles`` into ``output`` (a folder or a pyarrow filesystem URI) with a local
    process pool; resumable."""
    folder = _prepare(output, config)
    stats = BatchStats()
    start = time.perf_counter()
    context = mp.get_context("spawn")
    with context.Pool(max(1, workers), initializer=_init_worker,
                      initargs=(config, worker_threads(workers))) as pool:
        pending: list[Any] = []

        def collect(block: bool) -> None:
            for result in [p for p in pending if block or p.ready()]:
                _, ok, failed = result.get()
                pending.remove(result)
                stats.done += ok
                stats.failed += failed
                stats.shards_written += 1
                if progress:
                    progress(ok + failed)

        for number, chunk in _shards_to_do(articles, folder, fmt, shard_size, stats, progress):
            while len(pending) >= 2 * max(1, workers):
                collect(block=False)
                if len(pending) >= 2 * max(1, workers):
                    pending[0].wait(0.2)
            task = (folder.spec, number, fmt, [a.to_dict() for a in chunk], batch_size)
            pending.append(pool.apply_async(_run_shard, (task,)))
        while pending:
            pending[0].wait()
            collect(block=False)
    stats.seconds = time.perf_counter() - start
    return stats


class _RayShardWorker:
    """A Ray Data actor: loads the pipeline once, then analyses and writes whole shards."""

    def __init__(self, config: dict[str, Any], batch_size: int, threads: int) -> None:
        _init_worker(config, threads)
        self.batch_size = batch_size

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        numbers, oks, fails = [], [], []
        for folder, number, fmt, records in zip(batch["folder"], batch["number"], batch["fmt"],
                                                batch["records"]):
            _, ok, failed = _run_shard((str(folder), int(number), str(fmt),
                                        json.loads(records), self.batch_size))
            numbers.append(int(number))
            oks.append(ok)
            fails.append(failed)
        return {"number": numbers, "ok": oks, "failed": fails}


def run_batch_ray(articles: Iterable[Article], output: str | Path, config: dict[str, Any],
                  workers: int = 2, shard_size: int = 500, batch_size: int = 16,
                  fmt: str = "jsonl", address: str = "",
                  progress: Callable[[int], None] | None = None, window: int = 0,
                  threads: int = 1) -> BatchStats:
    """The same shards, written by a Ray Data actor pool (local Ray or an existing cluster).

    Shards go to Ray in windows of ``window`` (default: 64, or twice the number of
    actors if that is more, so every actor has work) so the driver never holds the whole
    input; the output folder must be reachable by every worker (a shared or
    object-store path on a cluster). Each actor reserves ``threads`` CPUs and runs its
    numeric libraries on that many threads.
    """
    import ray

    folder = _prepare(output, config)
    window = window or max(64, 2 * workers)
    ray.init(address=address or None, ignore_reinit_error=True, include_dashboard=False,
             log_to_driver=False, logging_level=logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False  # the CLI shows its own
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    stats = BatchStats()
    start = time.perf_counter()

    def flush(items: list[dict[str, Any]]) -> None:
        if not items:
            return
        dataset = ray.data.from_items(items).map_batches(
            _RayShardWorker, fn_constructor_args=(config, batch_size, threads), batch_size=1,
            num_cpus=threads,
            compute=ray.data.ActorPoolStrategy(size=max(1, workers)))
        for row in dataset.iter_rows():
            stats.done += int(row["ok"])
            stats.failed += int(row["failed"])
            stats.shards_written += 1
            if progress:
                progress(int(row["ok"]) + int(row["failed"]))

    pending: list[dict[str, Any]] = []
    for number, chunk in _shards_to_do(articles, folder, fmt, shard_size, stats, progress):
        pending.append({"folder": folder.spec, "number": number, "fmt": fmt,
                        "records": json.dumps([a.to_dict() for a in chunk], ensure_ascii=False)})
        if len(pending) >= window:
            flush(pending)
            pending = []
    flush(pending)
    stats.seconds = time.perf_counter() - start
    return stats
