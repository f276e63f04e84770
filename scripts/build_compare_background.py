"""Rebuild the per-language background vectors that `narrascope compare` subtracts.

Multilingual sentence vectors carry a strong language component: two Russian
articles about different events can sit closer than a Russian and an English
report of the same one. Subtracting each language's mean vector (over the
project's own synthetic passages, training_data/narratives) removes most of
it. Output: src/narrascope/models/compare-<embedder>/background.npz. Deterministic.

Usage: python scripts/build_compare_background.py [--embedder e5-small] [--per-language 600]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

from narrascope.backends.embedders import get_embedder
from narrascope.compare.run import background_path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?।])\s+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--per-language", type=int, default=600)
    args = parser.parse_args()
    by_language: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "training_data/narratives").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            sentences = [s for s in SENTENCE_END.split(row["text"]) if len(s.split()) > 4]
            by_language[row["lang"]].extend(sentences[:4])
    embedder = get_embedder(args.embedder)
    means = {}
    for language, sentences in sorted(by_language.items()):
        means[language] = embedder.encode(sentences[: args.per_language]).mean(axis=0)
        print(f"{language}: {min(len(sentences), args.per_language)} sentences")
    out = background_path(args.embedder)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **{k: v.astype(np.float32) for k, v in means.items()})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
