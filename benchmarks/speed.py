"""Speed of `narrascope analyze` on this machine, and its overhead over the bare embedding pass.

Builds N English articles of ~600 words from the project's own synthetic
passages (deterministic), then, in one run:
  1. start-up: a fresh interpreter imports narrascope and loads the default pipeline;
  2. the full default pipeline over the N articles (read from files), in a child
     process so its peak RSS is its own;
  3. the same pipeline without the role analyzer (entity framing), and without the
     persuasion analyzer, to measure what each adds;
  4. the bare embedding pass over the same sentences with the same embedder;
and reports articles/s, peak RSS, the roles overhead and the ratio of (2) to (4).

Usage: python benchmarks/speed.py [--articles 500] [--words 600] [--embedder e5-small|fast]
       [--roles-only | --persuasion-only | --ratio-only]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, stamp


def build_articles(folder: Path, count: int, words: int, seed: int = 0) -> list[Path]:
    passages = []
    for path in sorted((ROOT / "training_data/narratives").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            if row["lang"] == "en":
                passages.append(row["text"])
    rng = random.Random(seed)
    files = []
    for i in range(count):
        body: list[str] = []
        while sum(len(p.split()) for p in body) < words:
            body.append(rng.choice(passages).replace("\n\n", "\n"))
        title = " ".join(body[0].split()[:8])
        path = folder / f"bench_{i:05d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(body), "utf-8")
        files.append(path)
    return files


def _pipeline_child(folder: str, embedder: str, skip: list[str], queue: mp.Queue) -> None:
    from narrascope import load_pipeline
    from narrascope.config import DEFAULTS
    from narrascope.ingest import iter_articles

    names = [n for n in DEFAULTS["pipeline"]["analyzers"] if n not in skip]
    pipeline = load_pipeline(embedder__name=embedder, pipeline__analyzers=names)
    pipeline.initialize()
    start = time.perf_counter()
    results = list(pipeline.pipe(iter_articles([folder])))
    elapsed = time.perf_counter() - start
    sentences = [[s.text for s in a.sentences] for a in results]
    failed = sum(not a.ok for a in results)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mentions = sum(len(a.mentions) for a in results)
    queue.put({"elapsed": elapsed, "articles": len(results), "failed": failed, "rss_mb": rss,
               "mentions": mentions,
               "sentences": sentences, "models": sorted({getattr(a, "language", "") for a in results})})


def _embedding_child(sentences: list[list[str]], embedder: str, queue: mp.Queue) -> None:
    from narrascope.analyzers.basic import FAST, FAST_DEFAULT
    from narrascope.backends.embedders import get_embedder

    backend = get_embedder(FAST_DEFAULT if embedder == FAST else embedder)
    backend.encode(["warm-up"])
    start = time.perf_counter()
    for i in range(0, len(sentences), 16):  # same batching as the pipeline
        backend.encode([s for art in sentences[i : i + 16] for s in art])
    queue.put({"elapsed": time.perf_counter() - start})


def run_child(target, *args):  # type: ignore[no-untyped-def]
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def startup_seconds(embedder: str) -> float:
    code = ("import time; t=time.perf_counter(); import narrascope; "
            f"p=narrascope.load_pipeline(embedder__name={embedder!r}); p.initialize(); "
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(3)]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--roles-only", action="store_true",
                        help="only measure the full pipeline and the pipeline without roles")
    parser.add_argument("--persuasion-only", action="store_true",
                        help="only measure the full pipeline and the pipeline without persuasion")
    parser.add_argument("--ratio-only", action="store_true",
                        help="only the full pipeline and the bare embedding pass (issue 7's ratio)")
    args = parser.parse_args()
    if args.roles_only:
        layer_overhead(args, "narrascope.roles.v1", "role analysis")
        return
    if args.persuasion_only:
        layer_overhead(args, "narrascope.persuasion.v1", "persuasion analysis")
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = build_articles(Path(tmp), args.articles, args.words)
        words = sum(len(p.read_text("utf-8").split()) for p in files) / len(files)
        startup = startup_seconds(args.embedder)
        full = run_child(_pipeline_child, tmp, args.embedder, [])
        if not args.ratio_only:
            no_roles = run_child(_pipeline_child, tmp, args.embedder, ["narrascope.roles.v1"])
            no_persuasion = run_child(_pipeline_child, tmp, args.embedder,
                                      ["narrascope.persuasion.v1"])
        bare = run_child(_embedding_child, full["sentences"], args.embedder)
    n_sent = sum(len(s) for s in full["sentences"])
    print(f"speed, embedder={args.embedder}, {stamp()}, {machine()}")
    print(f"articles: {full['articles']} (failed {full['failed']}), mean {words:.0f} words, "
          f"{n_sent} sentences")
    print(f"start-up (import + load, best of 3): {startup:.2f} s")
    print(f"full pipeline: {full['elapsed']:.1f} s = {full['articles'] / full['elapsed']:.2f} articles/s, "
          f"peak RSS {full['rss_mb']:.0f} MB")
    if not args.ratio_only:
        print(f"without role analysis: {no_roles['elapsed']:.1f} s; role analysis adds "
              f"{full['elapsed'] / no_roles['elapsed'] - 1:.0%} ({full['mentions']} mentions)")
        print(f"without persuasion analysis: {no_persuasion['elapsed']:.1f} s; persuasion adds "
              f"{full['elapsed'] / no_persuasion['elapsed'] - 1:.0%}")
    print(f"bare embedding pass: {bare['elapsed']:.1f} s = {n_sent / bare['elapsed']:.0f} sentences/s")
    print(f"ratio full / bare embedding: {full['elapsed'] / bare['elapsed']:.2f}")


def layer_overhead(args: argparse.Namespace, layer: str, what: str) -> None:
    """Full pipeline vs the same pipeline without one layer, on the same articles."""
    with tempfile.TemporaryDirectory() as tmp:
        files = build_articles(Path(tmp), args.articles, args.words)
        full = run_child(_pipeline_child, tmp, args.embedder, [])
        without = run_child(_pipeline_child, tmp, args.embedder, [layer])
    print(f"speed ({what} overhead only), embedder={args.embedder}, {stamp()}, {machine()}")
    print(f"articles: {len(files)}; full pipeline {full['elapsed']:.1f} s "
          f"({full['articles'] / full['elapsed']:.2f} articles/s); without {what} "
          f"{without['elapsed']:.1f} s; {what} adds "
          f"{full['elapsed'] / without['elapsed'] - 1:.0%} ({full['mentions']} mentions)")


if __name__ == "__main__":
    main()
