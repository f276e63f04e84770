"""Page times of `narrascope serve` on a synthetic 100,000-article store, then a load test.

Builds a store of N synthetic articles straight into DuckDB (records shaped
like real analyses: ~300-word texts from the project's own passages,
narratives, actor roles, techniques, claims; stories of three articles), starts
the real app under uvicorn on 127.0.0.1, times every page and API endpoint
(p50 / p95 over repeated requests), then runs a bounded load test (default
2,000 requests, 20 at a time) and reports errors and latency.

Usage: python benchmarks/web_pages.py [--articles 100000] [--repeat 20] [--load 2000] [--concurrency 20]
"""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, machine, stamp

sys.path.insert(0, str(ROOT / "tests" / "web"))

SOURCES = [f"Outlet {i}" for i in range(40)]
LANGS = ["en", "ru", "uk", "bg", "pt", "hi"]
NARRATIVES = ["URW: Discrediting Ukraine", "URW: Blaming the war on others rather than the invader",
              "URW: Praise of Russia", "CC: Criticism of institutions and authorities", "Other"]
ACTORS = ["ukraine", "russia", "usa", "nato", "eu", "zelensky", "putin", "china"]
ROLES = ["Protagonist", "Antagonist", "Innocent"]
GROUPS = ["Attack on reputation", "Justification", "Simplification", "Distraction", "Call",
          "Manipulative wording"]


def passages() -> list[str]:
    out = []
    for path in sorted((ROOT / "training_data/narratives").glob("*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    return out


def build_store(db: Path, n: int, seed: int = 0) -> None:
    import duckdb

    from narrascope.store.db import INDEX_TERMS, SCHEMA

    rng = random.Random(seed)
    texts = passages()
    folder = db.parent
    files = {t: (folder / f"{t}.jsonl").open("w", encoding="utf-8")
             for t in ("articles", "labels", "spans", "claims", "stories", "story_articles")}
    for i in range(n):
        aid, text = f"doc{i:06d}.txt", " ".join(rng.sample(texts, 3))
        source, lang = rng.choice(SOURCES), rng.choice(LANGS)
        published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        narrative = rng.choice(NARRATIVES)
        cut = [text.find(". ", k * len(text) // 4) + 2 for k in range(1, 4)]
        claims = [{"id": f"c{k + 1}", "start": cut[k] if cut[k] > 1 else 0,
                   "end": min((cut[k] if cut[k] > 1 else 0) + 80, len(text)), "score": 0.8,
                   "source": "", "source_type": "author", "cue": "", "mode": "unattributed",
                   "certainty": "asserted", "certainty_cues": [], "entities": [], "quantities": []}
                  for k in range(3)]
        for c in claims:
            c["text"] = text[c["start"]:c["end"]]
        record = {"id": aid, "text": text, "title": text[:70], "source": source, "language": lang,
                  "published": published, "status": "ok",
                  "narratives": [{"name": narrative, "score": 0.7, "evidence": []}],
                  "claims": claims, "persuasion": {"techniques_per_1000_words": 12.0}}
        files["articles"].write(json.dumps({
            "article_id": aid, "version": 1, "current": True, "content_hash": str(i),
            "status": "ok", "error": "", "title": text[:70], "source": source, "url": "",
            "published": published, "language": lang, "genre": "opinion",
            "dominant_narrative": narrative, "words": len(text.split()),
            "ingested_at": "2026-11-23 12:00:00", "record": record,
            "slim": {}, "vector": None, "keys": []}) + "\n")
        files["labels"].write(json.dumps({"article_id": aid, "version": 1, "kind": "narrative",
                                          "name": narrative, "score": 0.7}) + "\n")
        for actor in rng.sample(ACTORS, 2):
            files["labels"].write(json.dumps({"article_id": aid, "version": 1,
                                              "kind": "actor_role", "score": 1.0,
                                              "name": f"{actor}:{rng.choice(ROLES)}"}) + "\n")
        for k in range(3):
            files["spans"].write(json.dumps({
                "article_id": aid, "version": 1, "layer": "technique", "start_char": cut[k],
                "end_char": cut[k] + 40, "text": "", "label": "Loaded_Language", "score": 0.5,
                "detail": rng.choice(GROUPS)}) + "\n")
        for c in claims:
            files["claims"].write(json.dumps({
                "article_id": aid, "version": 1, "claim_id": c["id"], "start_char": c["start"],
                "end_char": c["end"], "text": c["text"], "source": "", "source_type": "author",
                "cue": "", "mode": "unattributed", "certainty": "asserted", "certainty_cues": [],
                "quantities": [], "vector": None}) + "\n")
        story = f"story-{i // 3 + 1}"
        if i % 3 == 0:
            files["stories"].write(json.dumps({"story_id": story, "title": text[:70],
                                               "languages": [lang], "sources": [source],
                                               "articles": 3}) + "\n")
        files["story_articles"].write(json.dumps({
            "story_id": story, "article_id": aid, "version": 1, "duplicate_of": None,
            "claims": 3, "shared": 0, "unique_claims": 3, "contradicted": 0,
            "unsupported_unattributed": 3}) + "\n")
    for handle in files.values():
        handle.close()
    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA)
        for table in files:
            spec = ", ".join(f"'{row[0]}': '{row[1]}'"
                             for row in con.execute(f"DESCRIBE {table}").fetchall())
            con.execute(f"INSERT INTO {table} SELECT * FROM read_json('{folder / table}.jsonl', "
                        f"format='newline_delimited', columns={{{spec}}})")
        con.execute(INDEX_TERMS.format(where="true"))
        con.execute("CREATE OR REPLACE TABLE terms AS SELECT * FROM terms ORDER BY term, article_id")


def timed(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return (time.perf_counter() - start) * 1000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--load", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    from test_web import Server

    from narrascope.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.duckdb"
        start = time.perf_counter()
        build_store(db, args.articles)
        print(f"web pages, {args.articles} articles, {stamp()}, {machine()}")
        print(f"synthetic store built in {time.perf_counter() - start:.0f} s "
              f"({db.stat().st_size / 1e6:.0f} MB)")
        mid = f"doc{args.articles // 2:06d}.txt"
        pages = {
            "dashboard /": "/",
            "dashboard, source filter": "/?source=Outlet%207",
            "dashboard, narrative filter": "/?narrative=URW%3A%20Praise%20of%20Russia",
            "dashboard, full-text search": "/?q=sanctions",
            "dashboard, date range": "/?date_from=2025-03-01&date_to=2025-03-31",
            "article view": f"/articles/{mid}",
            "story view": f"/stories/story-{args.articles // 6}",
            "GET /api/articles (deep page)": f"/api/articles?offset={args.articles // 2}",
            "GET /api/articles?q=": "/api/articles?q=Kremlin",
            "GET /api/dashboard": "/api/dashboard",
            "GET /api/stories/ID": f"/api/stories/story-{args.articles // 6}",
        }
        with Server(create_app(db, analyse=False)) as base:
            for path in pages.values():
                timed(base + path)  # warm up
            print("| page | p50 ms | p95 ms |")
            print("|---|---|---|")
            for name, path in pages.items():
                times = [timed(base + path) for _ in range(args.repeat)]
                print(f"| {name} | {statistics.median(times):.0f} | {pct(times, 0.95):.0f} |",
                      flush=True)
            if args.load <= 0:
                return
            paths = list(pages.values())
            errors: list[str] = []

            def one(k: int) -> float:
                try:
                    return timed(base + paths[k % len(paths)])
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(f"{type(exc).__name__}: {exc}")
                    return float("nan")

            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                times = [t for t in pool.map(one, range(args.load)) if not math.isnan(t)]
            elapsed = time.perf_counter() - start
            print(f"load test: {args.load} requests, {args.concurrency} concurrent, "
                  f"{len(errors)} errors, {args.load / elapsed:.1f} requests/s, p50 "
                  f"{statistics.median(times):.0f} ms, p95 {pct(times, 0.95):.0f} ms")


if __name__ == "__main__":
    main()
