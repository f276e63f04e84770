"""Persuasion quality on SemEval-2023 Task 3 train data (en, ru): techniques, genre, frames.

Runs the pipeline's language, sentence, embedding and persuasion layers over
each language's train articles (one paragraph a line), builds the three
official TSVs exactly as `narrascope analyze --format semeval-techniques|
semeval-genre|semeval-frames` does, and scores them with `narrascope
evaluate`'s code; also scores simple baselines (Loaded_Language for every
paragraph; the most frequent genre; the two most frequent frames). With
--grid, it also scores other global thresholds on the same vectors.

Usage: python benchmarks/persuasion_quality.py [--embedder e5-small|fast] [--model DIR] [--grid]
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import replace
from itertools import islice

from common import SHARED, machine, require, stamp

from narrascope import load_pipeline
from narrascope.analyzers.persuasion import choose_frames, find_techniques
from narrascope.eval.persuasion import read_labels, score_genre, score_sets
from narrascope.ingest import iter_articles
from narrascope.report.semeval import frames_row, genre_row, techniques_rows
from narrascope.taxonomies.persuasion import load_persuasion

DATA = SHARED / "semeval2023-task3"
LAYERS = ["narrascope.language.v1", "narrascope.sentences.v1", "narrascope.embeddings.v1",
          "narrascope.persuasion.v1"]
GRID_T = (0.1, 0.15, 0.2, 0.25, 0.3)
GRID_F = (0.1, 0.2, 0.3, 0.4, 0.5)


def rows_to_labels(text: str, key_columns: int) -> dict:
    out = {}
    for line in text.splitlines():
        cols = line.split("\t")
        labels = cols[key_columns] if len(cols) > key_columns else ""
        out[tuple(cols[:key_columns])] = {x for x in labels.split(",") if x}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--model", default="", help="a trained persuasion model folder")
    parser.add_argument("--langs", default="en,ru")
    parser.add_argument("--grid", action="store_true", help="also score other global thresholds")
    args = parser.parse_args()
    require(DATA)
    overrides = {"embedder__name": args.embedder, "pipeline__analyzers": LAYERS}
    if args.model:
        overrides["persuasion__model"] = args.model
    pipeline = load_pipeline(**overrides)
    pipeline.initialize()
    persuasion = pipeline.get("narrascope.persuasion.v1")
    genres = load_persuasion().genres
    print(f"persuasion quality, embedder={args.embedder}{' model=' + args.model if args.model else ''}, "
          f"{stamp()}, {machine()}")
    print("| lang | articles | techniques micro-F1 (P / R) | Loaded_Language baseline | genre macro-F1 "
          "| majority baseline | frames micro-F1 | top-2 baseline | articles/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    grid_lines = []
    for lang in args.langs.split(","):
        folder = DATA / lang
        docs = next(p for p in sorted(folder.glob("*articles*")) if p.is_dir())
        gold_t = read_labels(next(folder.glob("*labels-subtask-3.txt")), 2)
        gold_g = read_labels(next(folder.glob("*labels-subtask-1.txt")), 1)
        gold_f = read_labels(next(folder.glob("*labels-subtask-2.txt")), 1)
        out = {"techniques": [], "genre": [], "frames": []}
        start, n = time.perf_counter(), 0
        stream = iter_articles([str(docs)])
        while batch := list(islice(stream, 16)):
            for analyzer in pipeline.analyzers:
                pipeline._run(analyzer, batch)  # keeps the vectors for the grid below
            for article in batch:
                n += 1
                out["techniques"].append(techniques_rows(article))
                out["genre"].append(genre_row(article))
                out["frames"].append(frames_row(article))
                model = persuasion.model_for(article.vectors.model) if article.ok else None
                if args.grid and model is not None:
                    for t in GRID_T:
                        model_t = replace(model, rule=replace(model.rule, technique_threshold=t))
                        article.techniques = find_techniques(article, model_t)
                        grid_lines.append((lang, "t", t, techniques_rows(article)))
                    for f in GRID_F:
                        model_f = replace(model, rule=replace(model.rule, frame_threshold=f))
                        article.frames = choose_frames(article, model_f)
                        grid_lines.append((lang, "f", f, frames_row(article)))
                article.vectors = None
        rate = n / (time.perf_counter() - start)
        tech = score_sets(gold_t, rows_to_labels("".join(out["techniques"]), 2))
        tech_base = score_sets(gold_t, {k: {"Loaded_Language"} for k in gold_t})
        genre, _, _ = score_genre(gold_g, rows_to_labels("".join(out["genre"]), 1), genres)
        top_genre = Counter(next(iter(v), "") for v in gold_g.values()).most_common(1)[0][0]
        genre_base, _, _ = score_genre(gold_g, {k: {top_genre} for k in gold_g}, genres)
        frames = score_sets(gold_f, rows_to_labels("".join(out["frames"]), 1))
        top2 = {f for f, _ in Counter(f for v in gold_f.values() for f in v).most_common(2)}
        frames_base = score_sets(gold_f, {k: top2 for k in gold_f})
        print(f"| {lang} | {n} | {tech.micro_f1:.3f} ({tech.precision:.2f} / {tech.recall:.2f}) | "
              f"{tech_base.micro_f1:.3f} | {genre:.3f} | {genre_base:.3f} | {frames.micro_f1:.3f} | "
              f"{frames_base.micro_f1:.3f} | {rate:.2f} |")
        if args.grid:
            for kind, values, gold, keys in (("t", GRID_T, gold_t, 2), ("f", GRID_F, gold_f, 1)):
                for value in values:
                    text = "".join(r for la, k, v, r in grid_lines if la == lang and k == kind and v == value)
                    s = score_sets(gold, rows_to_labels(text, keys))
                    name = "technique" if kind == "t" else "frame"
                    print(f"   {lang} {name} threshold {value}: micro-F1 {s.micro_f1:.3f} "
                          f"(P {s.precision:.2f} R {s.recall:.2f})")


if __name__ == "__main__":
    main()
