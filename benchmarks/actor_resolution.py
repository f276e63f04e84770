"""Actor resolution quality on the project's own test set (benchmarks/data/actor_resolution.jsonl).

Each passage marks actor mentions as [[surface|cluster]]; clusters are
corpus-wide and cross-lingual. The resolver groups mentions within each
passage, then links actors outside the gazetteer across passages; we score
the resulting corpus clustering against the gold clusters (pairwise and
B-cubed precision/recall), next to an exact-surface-string baseline.

Usage: python benchmarks/actor_resolution.py [--no-embeddings]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from common import ROOT, machine, stamp

from narrascope.eval.clustering import ClusterScores, score_clusters
from narrascope.nlp.actors import ActorResolver, link_corpus

DATA = ROOT / "benchmarks" / "data" / "actor_resolution.jsonl"
MARK = re.compile(r"\[\[([^\[\]|]+)\|([a-z0-9_]+)\]\]")


def load(path: Path = DATA) -> list[tuple[str, list[tuple[str, str]]]]:
    """(language, [(surface, gold cluster), ...]) per passage."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append((row["lang"], MARK.findall(row["text"])))
    return out


def resolve_corpus(passages: list[tuple[str, list[tuple[str, str]]]], embed=None) -> list[str]:
    """Predicted corpus-wide actor id for every mention, in passage order."""
    resolver = ActorResolver()
    per_passage = [resolver.resolve([(s, "") for s, _ in mentions]) for _, mentions in passages]
    merged = link_corpus(((r.id, r.name) for refs in per_passage for r in refs), embed=embed)
    return [merged.get(r.id, r.id) for refs in per_passage for r in refs]


def line(name: str, s: ClusterScores) -> str:
    pf = ClusterScores.f1(s.pairwise_precision, s.pairwise_recall)
    bf = ClusterScores.f1(s.bcubed_precision, s.bcubed_recall)
    return (f"| {name} | {s.items} | {s.pairwise_precision:.3f} | {s.pairwise_recall:.3f} | {pf:.3f} | "
            f"{s.bcubed_precision:.3f} | {s.bcubed_recall:.3f} | {bf:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-embeddings", action="store_true", help="string linking only")
    args = parser.parse_args()
    passages = load()
    gold = [c for _, mentions in passages for _, c in mentions]
    langs = [lang for lang, mentions in passages for _ in mentions]
    embed = None
    if not args.no_embeddings:
        from narrascope.backends.embedders import get_embedder

        embed = get_embedder("e5-small").encode
    pred = resolve_corpus(passages, embed)
    surface = [s.casefold() for _, mentions in passages for s, _ in mentions]
    print(f"actor resolution, {len(passages)} passages, {len(gold)} mentions, "
          f"{len(set(gold))} gold clusters, languages {dict(Counter(langs))}, "
          f"embedding links={'off' if embed is None else 'e5-small'}, {stamp()}, {machine()}")
    print("| system | mentions | pairwise P | pairwise R | pairwise F1 | B3 P | B3 R | B3 F1 |")
    print("|---|---|---|---|---|---|---|---|")
    print(line("narrascope resolver", score_clusters(gold, pred)))
    print(line("exact surface string", score_clusters(gold, surface)))
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        print(line(f"resolver, {lang} only", score_clusters([gold[i] for i in idx], [pred[i] for i in idx])))
    wrong = Counter((gold[i], pred[i]) for i in range(len(gold)))
    by_gold: dict[str, set[str]] = {}
    for g, p in wrong:
        by_gold.setdefault(g, set()).add(p)
    split = {g: sorted(ps) for g, ps in by_gold.items() if len(ps) > 1}
    print(f"\ngold clusters split over several predicted actors ({len(split)}):")
    for g, ps in sorted(split.items())[:40]:
        print(f"  {g}: {', '.join(ps)}")


if __name__ == "__main__":
    main()
