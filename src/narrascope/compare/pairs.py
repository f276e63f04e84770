"""A small pair classifier: same claim, conflicting claim, or merely related.

Cosine alone cannot tell "the same fact" from "another fact about the same
event". A logistic regression over the element-wise product and difference of
two language-centred claim vectors, their cosine, shared names and numbers, and
the explicit conflict checks learns which directions matter. It is trained
only on the project's own story set (``training_data/compare``, see
``scripts/build_compare_pairs.py``); the thresholds on its probabilities come
from cross-validation on that set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narrascope.doc import Claim

RELATIONS = ("absent", "conflicting", "same")


def claim_keys(claim: Claim, language: str) -> frozenset[str]:
    """Names and counted values of a claim, comparable across scripts ("#52", "zarec")."""
    from narrascope.compare.stories import name_keys

    values = {f"#{q['value']:g}" for q in claim.quantities}
    return frozenset(name_keys(claim.text, [], language) | values)


def pair_features(v1: np.ndarray, v2: np.ndarray, c1: Claim, c2: Claim, keys1: frozenset[str],
                  keys2: frozenset[str], same_language: bool) -> np.ndarray:
    from narrascope.compare.align import conflict_reason

    reason = conflict_reason(c1, c2)
    jaccard = len(keys1 & keys2) / len(keys1 | keys2) if keys1 and keys2 else 0.0
    extra = [float(v1 @ v2), jaccard, reason == "numbers differ",
             reason.startswith("one denies"), same_language]
    return np.concatenate([v1 * v2, np.abs(v1 - v2), np.asarray(extra, dtype=np.float32)])


@dataclass
class PairModel:
    coef: np.ndarray  # (relations, features)
    intercept: np.ndarray
    classes: tuple[str, ...]
    same: float  # probability thresholds
    conflicting: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=-1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=-1, keepdims=True)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "pairs.npz", coef=self.coef.astype(np.float32),
                 intercept=self.intercept.astype(np.float32))
        (folder / "pairs.json").write_text(json.dumps(
            {"classes": list(self.classes), "same": self.same, "conflicting": self.conflicting,
             "format": 1}, indent=1), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> PairModel | None:
        if not (folder / "pairs.npz").is_file():
            return None
        info = json.loads((folder / "pairs.json").read_text("utf-8"))
        with np.load(folder / "pairs.npz") as data:
            return cls(data["coef"], data["intercept"], tuple(info["classes"]), info["same"],
                       info["conflicting"])
