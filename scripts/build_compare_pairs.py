"""Rebuild the shipped claim-pair classifier from the project's own annotated stories.

Input: training_data/compare/*.jsonl (stories written by the project, in the
format of benchmarks/data/compare, which is never used here). The claims layer
and the embedder run over every article; pairs of claims get the relations the
gold alignments give them. Output: src/narrascope/models/compare-<embedder>/pairs.{npz,json}.

Usage: python scripts/build_compare_pairs.py [--embedder e5-small] [--C 1.0]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from narrascope import load_pipeline
from narrascope.backends.embedders import get_embedder
from narrascope.compare.run import SHIPPED_MODELS, digest_stream
from narrascope.doc import Article
from narrascope.eval.compare import read_gold
from narrascope.train.compare_pairs import fit_pair_model, pair_examples

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["narrascope.language.v1", "narrascope.sentences.v1", "narrascope.entities.v1",
          "narrascope.embeddings.v1", "narrascope.claims.v1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--C", dest="c", type=float, default=1.0)
    args = parser.parse_args()
    stories = read_gold(sorted((ROOT / "training_data/compare").glob("*.jsonl")))
    articles = [Article(id=a["id"], text=a["text"], title=a.get("title", ""), source=a["outlet"])
                for s in stories for a in s["articles"]]
    pipeline = load_pipeline(embedder__name=args.embedder, pipeline__analyzers=LAYERS)
    digests = {d.article.id: d for d in digest_stream(articles, pipeline,
                                                      get_embedder(args.embedder))
               if not isinstance(d, Article)}
    features, labels, groups = pair_examples(stories, digests)
    counts = {r: int((labels == r).sum()) for r in ("same", "conflicting", "absent")}
    model, scores = fit_pair_model(features, labels, groups, c=args.c)
    folder = SHIPPED_MODELS / f"compare-{args.embedder}"
    model.save(folder)
    print(f"{len(stories)} stories, {len(articles)} articles, pairs {counts}")
    print(f"story-grouped CV F1 on training pairs: same {scores['same']:.3f}, conflicting "
          f"{scores['conflicting']:.3f}; thresholds same {model.same:.2f}, conflicting "
          f"{model.conflicting:.2f}; wrote {folder}")


if __name__ == "__main__":
    main()
