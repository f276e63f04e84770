"""Choose the story-grouping weights on the project's own training stories.

Runs the claims layers and the embedder over training_data/compare (never the
evaluation set in benchmarks/data/compare), then scores story clustering
(pairwise F1, all training stories pooled, so stories must be found among all
of them) for a grid of threshold, name-key weight, weekday weight and
cross-language bonus. Prints the best settings; the defaults of
:class:`narrascope.compare.stories.StoryRule` are the top row.

Usage: python scripts/tune_story_rule.py [--embedder e5-small] [--top 10]
"""
from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np

from narrascope import load_pipeline
from narrascope.backends.embedders import get_embedder
from narrascope.compare.run import digest_stream
from narrascope.compare.stories import StoryRule, cluster_stories
from narrascope.doc import Article
from narrascope.eval.compare import read_gold, score_clustering

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["narrascope.language.v1", "narrascope.sentences.v1", "narrascope.entities.v1",
          "narrascope.embeddings.v1", "narrascope.claims.v1"]
GRID = {"threshold": (0.55, 0.65, 0.75, 0.8, 0.85, 0.9, 0.95), "key_weight": (0.5, 1.0, 1.5, 2.0, 2.5),
        "day_weight": (0.0, 0.05, 0.1), "cross_language_bonus": (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    stories = read_gold(sorted((ROOT / "training_data/compare").glob("*.jsonl")))
    articles = [Article(id=a["id"], text=a["text"], title=a.get("title", ""), source=a["outlet"])
                for s in stories for a in s["articles"]]
    pipeline = load_pipeline(embedder__name=args.embedder, pipeline__analyzers=LAYERS)
    digests = [d for d in digest_stream(articles, pipeline, get_embedder(args.embedder))
               if not isinstance(d, Article)]
    vectors = np.stack([d.vector for d in digests])
    keys = [d.keys for d in digests]
    languages = [d.article.language for d in digests]
    gold = {a["id"]: s["story"] for s in stories for a in s["articles"]}
    results = []
    for values in itertools.product(*GRID.values()):
        rule = StoryRule(**dict(zip(GRID, values)))
        groups = cluster_stories(vectors, keys, rule, languages)
        found = {digests[i].article.id: group[0] for group in groups for i in group}
        f1 = score_clustering(gold, {i: found.get(i, i) for i in gold})["f1"]
        results.append((round(f1, 3), values))
    results.sort(key=lambda r: (-r[0], r[1]))  # ties: the smaller weights first
    print(f"{len(stories)} training stories, {len(digests)} articles, embedder={args.embedder}")
    print("| pairwise F1 | " + " | ".join(GRID) + " |")
    print("|---" * (len(GRID) + 1) + "|")
    for f1, values in results[:args.top]:
        print(f"| {f1:.3f} | " + " | ".join(str(v) for v in values) + " |")


if __name__ == "__main__":
    main()
