"""Entity-framing quality on SemEval-2025 Task 10 train data with gold mentions, per language.

Runs the real pipeline in given-mentions mode (as `narrascope analyze DOCS
--mentions FILE --format semeval-roles` does) over each language's annotated
articles, writes the official subtask-1 TSV and scores it against the gold
file; also scores the always-Antagonist/Instigator baseline.

Usage: python benchmarks/roles_quality.py [--embedder e5-small|fast] [--model DIR]
       [--stance-weight W] [--fine-ratio R] [--limit N] [--light]
       [--langs EN,BG] [--out benchmarks/results]
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from common import ROOT, SEMEVAL25, machine, require, stamp

from narrascope import load_pipeline
from narrascope.eval.narratives import LabelCounts
from narrascope.eval.roles import read_role_rows, score_roles
from narrascope.ingest import iter_articles
from narrascope.ingest.mentions import GivenMentions
from narrascope.report.semeval import subtask1_rows

LANGS = ("EN", "BG", "HI", "PT", "RU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--model", default="", help="a trained role model folder")
    parser.add_argument("--stance-weight", type=float, help="override the head's stance prior weight")
    parser.add_argument("--fine-ratio", type=float, help="override the head's second-fine-role ratio")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--limit", type=int, default=0, help="first N annotated articles per language")
    parser.add_argument("--light", action="store_true",
                        help="only the layers roles need (language, sentences, embeddings, roles)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args()
    data = require(SEMEVAL25)
    overrides: dict = {"embedder__name": args.embedder}
    if args.light:
        overrides["pipeline__analyzers"] = ["narrascope.language.v1", "narrascope.sentences.v1",
                                            "narrascope.embeddings.v1", "narrascope.roles.v1"]
    if args.model:
        overrides["roles__model"] = args.model
    pipeline = load_pipeline(**overrides)
    pipeline.initialize()
    roles = pipeline.get("narrascope.roles.v1")
    embedders = pipeline.get("narrascope.embeddings.v1")
    found = (roles.head_for(embedders.model_for(lang.lower())) for lang in LANGS)
    heads = list({id(h): h for h in found if h is not None}.values())
    for head in heads:
        if args.stance_weight is not None:
            head.rule.stance_weight = args.stance_weight
        if args.fine_ratio is not None:
            head.rule.fine_ratio = args.fine_ratio
    out = Path(args.out) / f"roles-{args.embedder.replace('/', '_')}"
    out.mkdir(parents=True, exist_ok=True)
    rows, pooled = [], {"gold": {}, "pred": {}, "base": {}}
    for lang in args.langs.split(","):
        folder = data / lang
        gold_file = folder / "subtask-1-annotations.txt"
        given = GivenMentions.read(gold_file)
        paths = [str(folder / "raw-documents" / art_id) for art_id in given.by_article
                 if (folder / "raw-documents" / art_id).is_file()]
        paths = paths[: args.limit] if args.limit else paths
        pred_file = out / f"{lang}.tsv"
        start = time.perf_counter()
        articles = given.attach(iter_articles(paths))
        with pred_file.open("w", encoding="utf-8") as handle, \
                (out / f"{lang}.jsonl").open("w", encoding="utf-8") as records:
            for article in pipeline.pipe(articles):
                handle.write(subtask1_rows(article))
                records.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        elapsed = time.perf_counter() - start
        gold, pred = read_role_rows(gold_file), read_role_rows(pred_file)
        if args.limit:
            kept = {Path(p).name for p in paths}
            gold = {k: v for k, v in gold.items() if k[0] in kept}
        base = {k: (m, "Antagonist", frozenset({"Instigator"})) for k, (m, _, _) in gold.items()}
        result, baseline = score_roles(gold, pred), score_roles(gold, base)
        rows.append((lang, result, baseline, len(paths) / elapsed))
        for name, table in (("gold", gold), ("pred", pred), ("base", base)):
            pooled[name].update({(lang, *k): v for k, v in table.items()})
    total = score_roles(pooled["gold"], pooled["pred"])
    total_base = score_roles(pooled["gold"], pooled["base"])
    print(f"roles quality (gold mentions), embedder={args.embedder}"
          f"{' model=' + args.model if args.model else ''}, rules={[h.rule for h in heads]}, "
          f"{stamp()}, {machine()}")
    print("| lang | mentions | main-role acc. | fine exact match | baseline acc. | baseline EM | articles/s |")
    print("|---|---|---|---|---|---|---|")
    for lang, r, b, rate in rows:
        print(f"| {lang} | {r.mentions} | {r.main_accuracy:.3f} | {r.exact_match:.3f} | "
              f"{b.main_accuracy:.3f} | {b.exact_match:.3f} | {rate:.2f} |")
    print(f"| pooled | {total.mentions} | {total.main_accuracy:.3f} | {total.exact_match:.3f} | "
          f"{total_base.main_accuracy:.3f} | {total_base.exact_match:.3f} | |")
    print("\npooled per-role precision / recall / gold support")
    for title, counts in (("main", total.main_counts), ("fine", total.fine_counts)):
        print_counts(title, counts)
    predicted = Counter(v[1] for v in pooled["pred"].values())
    print(f"\npredicted main roles: {dict(predicted)}")


def print_counts(title: str, counts: LabelCounts) -> None:
    print(f"{title}: precision  recall  support  role")
    for name, p, r, n in counts.table():
        print(f"  {p:9.3f} {r:7.3f} {n:8d}  {name}")


if __name__ == "__main__":
    main()
