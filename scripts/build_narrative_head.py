"""Rebuild the shipped narrative heads from the project's own data (nothing else).

Inputs: training_data/narratives/*.jsonl (synthetic passages written by the
project) and the taxonomy's descriptions (also ours). Output:
src/narrascope/models/narratives-<embedder>/head.{json,npz}. Deterministic.

Usage: python scripts/build_narrative_head.py [--embedder use-multilingual] [--embedder e5-small]
"""
from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from narrascope.analyzers.narrative_head import DecisionRule
from narrascope.analyzers.narratives import shipped_model_dir
from narrascope.backends.embedders import get_embedder
from narrascope.taxonomies.narratives import OTHER, load_taxonomy
from narrascope.train.data import Example, read_synthetic
from narrascope.train.narratives import embed_examples, train_head

ROOT = Path(__file__).resolve().parent.parent
DATA = sorted((ROOT / "training_data/narratives").glob("*.jsonl"))

# Global decision hyper-parameters (not fitted per label; see docs/models.md).
RULES = {
    "use-multilingual": DecisionRule(window=3, top_k=2, window_weight=0.5, gate_threshold=0.6,
                                     narrative_threshold=0.6, subnarrative_threshold=0.4),
    "e5-small": DecisionRule(window=3, top_k=2, window_weight=0.5, gate_threshold=0.5,
                             narrative_threshold=0.5, subnarrative_threshold=0.4),
}


def description_examples() -> list[Example]:
    tax = load_taxonomy()
    out = []
    for label, text in tax.descriptions.items():
        if not text or label.endswith(f": {OTHER}"):
            continue
        parent = tax.parent.get(label)
        narratives = {parent} if parent else {label}
        subs = {label} if parent else {tax.other_of(label)}
        out.append(Example(f"desc:{label}", text, "en", narratives, subs))
    return out


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in DATA:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build(embedder_name: str, c: float) -> Path:
    examples = list(read_synthetic(DATA)) + description_examples()
    embedder = get_embedder(embedder_name)
    vectors = embed_examples(examples, embedder)
    rule = RULES.get(embedder.name, DecisionRule())
    head = train_head(examples, vectors, load_taxonomy(), embedder.name, rule, c=c,
                      info={"trained_on": "narrascope synthetic passages + label descriptions",
                            "examples": len(examples), "data_sha256_16": data_fingerprint(),
                            "C": c})
    folder = shipped_model_dir(embedder.name)
    head.save(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", action="append", help="embedder name (repeatable)")
    parser.add_argument("--C", type=float, default=4.0, help="inverse L2 strength of the heads")
    args = parser.parse_args()
    for name in args.embedder or ["use-multilingual", "e5-small"]:
        print(f"built {build(name, args.C)}")


if __name__ == "__main__":
    main()
