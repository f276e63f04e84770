"""Rebuild the shipped role heads from the project's own data (nothing else).

Input: training_data/roles/*.jsonl (synthetic passages written by the project,
with inline [[surface|Main|Fine]] markup). Output:
src/narrascope/models/roles-<embedder>/roles.{json,npz}. Deterministic.

Usage: python scripts/build_role_head.py [--embedder e5-small] [--embedder use-multilingual]
"""
from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from narrascope.analyzers.role_head import RoleRule
from narrascope.analyzers.roles import shipped_role_dir
from narrascope.backends.embedders import get_embedder
from narrascope.taxonomies.roles import load_roles
from narrascope.train.roles import featurise, fit_role_head, read_role_markup

ROOT = Path(__file__).resolve().parent.parent
DATA = sorted((ROOT / "training_data/roles").glob("*.jsonl"))

# Global decision hyper-parameters, the same for every label (see docs/models.md).
RULE = RoleRule(window_words=12, fine_ratio=0.95, max_fine=2, none_margin=0.0, stance_weight=0.0)


def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in DATA:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build(embedder_name: str, c: float, rule: RoleRule = RULE, folder: Path | None = None) -> Path:
    examples = list(read_role_markup(DATA))
    embedder = get_embedder(embedder_name)
    feats = featurise(examples, embedder, rule.window_words)
    head = fit_role_head(feats, load_roles(), embedder.name, rule, c=c,
                         info={"trained_on": "narrascope synthetic role passages",
                               "passages": len(examples), "mentions": len(feats.mains),
                               "data_sha256_16": data_fingerprint(), "C": c})
    folder = folder or shipped_role_dir(embedder.name)
    head.save(folder)
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
