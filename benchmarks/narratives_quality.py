"""Quality of the offline default on SemEval-2025 Task 10 train data, per language.

Runs the real pipeline over each language's raw-documents, writes the
official subtask-2 TSV, and scores it with `narrascope evaluate`'s code
against the gold annotations; also scores the all-`Other` baseline.

Usage: python benchmarks/narratives_quality.py [--embedder e5-small|fast] [--out benchmarks/results]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import ROOT, SEMEVAL25, machine, require, stamp

from narrascope import load_pipeline
from narrascope.eval.narratives import read_subtask2, score
from narrascope.ingest import iter_articles
from narrascope.report.semeval import subtask2_row

LANGS = ("EN", "BG", "HI", "PT", "RU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--model", default="", help="a trained model folder instead of the shipped head")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    data = require(SEMEVAL25)
    overrides = {"embedder__name": args.embedder}
    if args.model:
        overrides["narratives__model"] = args.model
    pipeline = load_pipeline(**overrides)
    out = Path(args.out) / f"narratives-{args.embedder.replace('/', '_')}"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for lang in LANGS:
        folder = data / lang
        gold = read_subtask2(folder / "subtask-2-annotations.txt")
        pred_file = out / f"{lang}.tsv"
        start = time.perf_counter()
        with pred_file.open("w", encoding="utf-8") as handle:
            n = 0
            for article in pipeline.pipe(iter_articles([str(folder / "raw-documents")])):
                if article.id in gold:
                    handle.write(subtask2_row(article))
                    n += 1
        elapsed = time.perf_counter() - start
        result = score(gold, read_subtask2(pred_file))
        base = score(gold, {k: ({"Other"}, {"Other"}) for k in gold})
        rows.append((lang, n, result.narratives_f1, result.subnarratives_f1, base.narratives_f1,
                     base.subnarratives_f1, n / elapsed))
    print(f"narratives quality, embedder={args.embedder}{' model=' + args.model if args.model else ''}, "
          f"{stamp()}, {machine()}")
    print("| lang | articles | F1 narratives | F1 subnarratives | all-Other narr. | all-Other subnarr. | articles/s |")
    print("|---|---|---|---|---|---|---|")
    for lang, n, fn, fs, bn, bs, rate in rows:
        print(f"| {lang} | {n} | {fn:.3f} | {fs:.3f} | {bn:.3f} | {bs:.3f} | {rate:.1f} |")


if __name__ == "__main__":
    main()
