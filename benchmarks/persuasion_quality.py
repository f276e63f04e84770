"""Persuasion quality on SemEval-2023 Task 3 train data (en, ru): techniques, genre, frames.

Runs the real pipeline over each language's train articles (one paragraph a
line), writes the three official TSVs as `narrascope analyze --format
semeval-techniques|semeval-genre|semeval-frames` does, and scores them with
`narrascope evaluate`'s code; also scores simple baselines (Loaded_Language
for every paragraph; the most frequent genre; the two most frequent frames).

Usage: python benchmarks/persuasion_quality.py [--embedder e5-small|fast] [--model DIR]
       [--technique-threshold T] [--frame-threshold F]
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from common import ROOT, SHARED, machine, require, stamp

from narrascope import load_pipeline
from narrascope.eval.persuasion import read_labels, score_genre, score_sets
from narrascope.ingest import iter_articles
from narrascope.report.semeval import frames_row, genre_row, techniques_rows
from narrascope.taxonomies.persuasion import load_persuasion

DATA = SHARED / "semeval2023-task3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--model", default="", help="a trained persuasion model folder")
    parser.add_argument("--technique-threshold", type=float)
    parser.add_argument("--frame-threshold", type=float)
    parser.add_argument("--langs", default="en,ru")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    require(DATA)
    overrides = {"embedder__name": args.embedder}
    if args.model:
        overrides["persuasion__model"] = args.model
    pipeline = load_pipeline(**overrides)
    pipeline.initialize()
    analyzer = pipeline.get("narrascope.persuasion.v1")
    embedders = pipeline.get("narrascope.embeddings.v1")
    out = Path(args.out) / f"persuasion-{args.embedder.replace('/', '_')}"
    out.mkdir(parents=True, exist_ok=True)
    genres = load_persuasion().genres
    print(f"persuasion quality, embedder={args.embedder}{' model=' + args.model if args.model else ''}, "
          f"{stamp()}, {machine()}")
    print("| lang | articles | techniques micro-F1 | LL baseline | genre macro-F1 | majority baseline "
          "| frames micro-F1 | top-2 baseline | articles/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for lang in args.langs.split(","):
        folder = DATA / lang
        model = analyzer.model_for(embedders.model_for(lang))
        if model is not None:
            if args.technique_threshold is not None:
                model.rule.technique_threshold = args.technique_threshold
            if args.frame_threshold is not None:
                model.rule.frame_threshold = args.frame_threshold
        docs = next(p for p in sorted(folder.glob("*articles*")) if p.is_dir())
        files = {k: (out / f"{lang}-{k}.tsv").open("w", encoding="utf-8")
                 for k in ("techniques", "genre", "frames")}
        start, n = time.perf_counter(), 0
        for article in pipeline.pipe(iter_articles([str(docs)])):
            files["techniques"].write(techniques_rows(article))
            files["genre"].write(genre_row(article))
            files["frames"].write(frames_row(article))
            n += 1
        rate = n / (time.perf_counter() - start)
        for handle in files.values():
            handle.close()
        gold_t = read_labels(next(folder.glob("*labels-subtask-3.txt")), 2)
        gold_g = read_labels(next(folder.glob("*labels-subtask-1.txt")), 1)
        gold_f = read_labels(next(folder.glob("*labels-subtask-2.txt")), 1)
        tech = score_sets(gold_t, read_labels(out / f"{lang}-techniques.tsv", 2))
        tech_base = score_sets(gold_t, {k: {"Loaded_Language"} for k in gold_t})
        genre, _, _ = score_genre(gold_g, read_labels(out / f"{lang}-genre.tsv", 1), genres)
        top_genre = Counter(next(iter(v), "") for v in gold_g.values()).most_common(1)[0][0]
        genre_base, _, _ = score_genre(gold_g, {k: {top_genre} for k in gold_g}, genres)
        frames = score_sets(gold_f, read_labels(out / f"{lang}-frames.tsv", 1))
        top2 = {f for f, _ in Counter(f for v in gold_f.values() for f in v).most_common(2)}
        frames_base = score_sets(gold_f, {k: top2 for k in gold_f})
        print(f"| {lang} | {n} | {tech.micro_f1:.3f} (P {tech.precision:.2f} R {tech.recall:.2f}) | "
              f"{tech_base.micro_f1:.3f} | {genre:.3f} | {genre_base:.3f} | {frames.micro_f1:.3f} | "
              f"{frames_base.micro_f1:.3f} | {rate:.2f} |")


if __name__ == "__main__":
    main()
