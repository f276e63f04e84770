"""Rebuild the shipped persuasion models (techniques, genre, frames) from the project's own data.

Input: training_data/persuasion/*.jsonl (synthetic articles written by the
project, with {{span|Technique}} markup, genre and frames). Output:
src/narrascope/models/persuasion-<embedder>/. Deterministic.

Usage: python scripts/build_persuasion_model.py [--embedder e5-small] [--embedder use-multilingual]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from narrascope.analyzers.persuasion import PersuasionRule, shipped_persuasion_dir
from narrascope.backends.embedders import get_embedder
from narrascope.taxonomies.persuasion import load_persuasion
from narrascope.train.persuasion import embed_persuasion, fit_persuasion, read_persuasion_markup

ROOT = Path(__file__).resolve().parent.parent
DATA = sorted((ROOT / "training_data/persuasion").glob("*.jsonl"))

# Global decision settings, the same for every label (see docs/models.md).
RULE = PersuasionRule(technique_threshold=0.15, max_techniques_per_paragraph=4, sentence_weight=0.5,
                      frame_threshold=0.2, max_frames=5)


def build(embedder_name: str, c: float, rule: PersuasionRule = RULE) -> Path:
    examples = list(read_persuasion_markup(DATA))
    embedder = get_embedder(embedder_name)
    model = fit_persuasion(examples, embed_persuasion(examples, embedder), load_persuasion(),
                           embedder.name, rule, c=c)
    for part in ("techniques", "genre", "frames"):
        getattr(model, part).info = {"trained_on": "narrascope synthetic persuasion articles",
                                     "articles": len(examples), "C": c}
    folder = shipped_persuasion_dir(embedder.name)
    model.save(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", action="append", help="embedder name (repeatable)")
    parser.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the heads")
    args = parser.parse_args()
    for name in args.embedder or ["use-multilingual", "e5-small"]:
        print(f"built {build(name, args.C)}")


if __name__ == "__main__":
    main()
