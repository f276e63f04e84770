"""Scaling of `narrascope batch` (local and Ray engines) and of `narrascope ingest` from its output.

Builds N short articles (a headline and the first ~WORDS words of a passage from
the project's own synthetic corpus, in all six languages, numbered so none is a
copy), writes them to one JSONL file, then for each N and engine runs

    narrascope batch in.jsonl OUT --engine E --workers W [--embedder ...] -q

as a user would (start-up included), and, for the local engine's output,

    narrascope ingest OUT --db store.duckdb -q     (stories regrouped at the end)

and the same ingest once more (nothing new: every record is read and skipped, and the
stories are regrouped, so this row times story regrouping over the whole store).

Reports seconds, articles/s and milliseconds per article for each, and the peak
RSS of any process of the run (/usr/bin/time). Per-article cost should stay flat
as N grows.

Usage: python benchmarks/batch_scale.py [--sizes 1000,10000] [--engines local,ray]
       [--embedder use-multilingual] [--words 60] [--workers 2] [--no-ingest] [--light]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine, stamp

LIGHT = ('pipeline.analyzers=["narrascope.language.v1", "narrascope.sentences.v1", '
         '"narrascope.entities.v1", "narrascope.claims.v1"]')


def passages() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "training_data/narratives").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            found.append((row["lang"], row["text"]))
    return found


def build_input(path: Path, count: int, words: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    pool = passages()
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            lang, text = rng.choice(pool)
            title, _, body = text.partition("\n\n")
            if not body.strip() or len(title.split()) > 20:  # no headline: make one
                title, body = " ".join(text.split()[:8]), text
            kept = " ".join(body.split()[:words])
            kept = re.sub(r"[^.!?…।]*$", "", kept) or kept  # end on a sentence
            handle.write(json.dumps({"id": f"a{i:07d}", "title": f"{title} ({i})",
                                     "text": kept, "lang_hint": lang},
                                    ensure_ascii=False) + "\n")


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the largest process, stderr tail)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", *cmd], capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    rss = [int(m) for m in re.findall(r"MAXRSS (\d+)", done.stderr)]
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, (max(rss) / 1024 if rss else 0.0), done.stderr.strip().splitlines()[-2:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--engines", default="local,ray")
    parser.add_argument("--embedder", default="use-multilingual")
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=250)
    parser.add_argument("--light", action="store_true",
                        help="language, sentences, entities and claims only (no embedder)")
    parser.add_argument("--no-ingest", action="store_true")
    parser.add_argument("--keep", help="keep the work folder here")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="batch_scale_"))
    work.mkdir(parents=True, exist_ok=True)
    narrascope = [sys.executable, "-m", "narrascope"]
    settings = ["--set", LIGHT] if args.light else ["--set", f"embedder.name={args.embedder}"]
    print(f"batch scaling, {'light pipeline' if args.light else 'default pipeline'}"
          f"{'' if args.light else ', embedder=' + args.embedder}, {args.workers} workers, "
          f"shard size {args.shard_size}, ~{args.words}-word articles, {stamp()}, {machine()}")
    print("| articles | step | seconds | articles/s | ms per article | peak RSS (MB) |")
    print("|---|---|---|---|---|---|")
    for size in [int(s) for s in args.sizes.split(",")]:
        source = work / f"in_{size}.jsonl"
        if not source.exists():
            build_input(source, size, args.words)
        for engine in args.engines.split(","):
            out = work / f"out_{engine}_{size}"
            shutil.rmtree(out, ignore_errors=True)
            seconds, rss, tail = timed([*narrascope, "batch", str(source), str(out), "--engine",
                                        engine, "--workers", str(args.workers), "--shard-size",
                                        str(args.shard_size), *settings, "-q"])
            print(f"| {size:,} | batch --engine {engine} | {seconds:.1f} | {size / seconds:.1f} "
                  f"| {1000 * seconds / size:.2f} | {rss:.0f} |", flush=True)
            if engine == "local" and not args.no_ingest:
                db = work / f"store_{size}.duckdb"
                db.unlink(missing_ok=True)
                seconds, rss, tail = timed([*narrascope, "ingest", str(out), "--db", str(db),
                                            "--embedder", args.embedder, "-q"])
                print(f"| {size:,} | ingest (from batch output, with stories) | {seconds:.1f} "
                      f"| {size / seconds:.1f} | {1000 * seconds / size:.2f} | {rss:.0f} |",
                      flush=True)
                if any("note:" in line for line in tail):
                    print(f"  ({' '.join(tail)})")
                seconds, rss, tail = timed([*narrascope, "ingest", str(out), "--db", str(db),
                                            "--embedder", args.embedder, "-q"])
                print(f"| {size:,} | ingest again (all unchanged: read, skip, regroup stories) "
                      f"| {seconds:.1f} | {size / seconds:.1f} | {1000 * seconds / size:.2f} "
                      f"| {rss:.0f} |", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
