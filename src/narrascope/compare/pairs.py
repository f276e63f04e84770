"""A small pair classifier: same claim, conflicting claim, or merely related.

Cosine alone cannot tell "the same fact" from "another fact about the same
event". A logistic regression over a few readable measures of a pair does
better: the cosine of the two language-centred claim vectors and how it ranks
among each claim's other candidates (a claim's best match in the other article,
and whether that match is mutual, says more than the raw score), shared names
and numbers, the explicit conflict checks (numbers, denial), and how each
claim is sourced and hedged. ``FEATURES`` names them in order. It is trained
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
FORMAT = 2
FEATURES = (
    "cosine", "cosine minus the best for claim A", "cosine minus the best for claim B",
    "best for A", "best for B", "mutual best", "rank for A (capped at 5, scaled)",
    "rank for B (capped at 5, scaled)", "name and number key overlap (Jaccard)",
    "shared keys (capped at 4, scaled)", "numbers differ", "one denies what the other asserts",
    "same language", "a value in common", "both give numbers", "sources agree",
    "one hedged, the other not", "A unattributed", "B unattributed",
)


def claim_keys(claim: Claim, language: str) -> frozenset[str]:
    """Names and counted values of a claim, comparable across scripts ("#52", "zarec")."""
    from narrascope.compare.stories import name_keys

    values = {f"#{q['value']:g}" for q in claim.quantities}
    return frozenset(name_keys(claim.text, [], language) | values)


def _shared_value(a: Claim, b: Claim) -> bool:
    values = {round(q["value"], 3) for q in a.quantities}
    return any(round(q["value"], 3) in values for q in b.quantities)


def _one_pair(a: Claim, b: Claim, keys_a: frozenset[str], keys_b: frozenset[str],
              same_language: bool) -> list[float]:
    """The features of a pair that do not depend on the other candidates."""
    from narrascope.compare.align import conflict_reason
    from narrascope.eval.compare import same_source

    reason = conflict_reason(a, b)
    shared = len(keys_a & keys_b)
    jaccard = shared / len(keys_a | keys_b) if keys_a and keys_b else 0.0
    sources = float(same_source(a.source, b.source)) if a.source and b.source else 0.5
    return [jaccard, min(shared, 4) / 4, reason == "numbers differ",
            reason.startswith("one denies"), same_language, _shared_value(a, b),
            bool(a.quantities) and bool(b.quantities), sources,
            (a.certainty == "hedged") != (b.certainty == "hedged"), a.mode == "unattributed",
            b.mode == "unattributed"]


def pair_matrix(vectors_a: np.ndarray, vectors_b: np.ndarray, claims_a: list[Claim],
                claims_b: list[Claim], keys_a: list[frozenset[str]], keys_b: list[frozenset[str]],
                same_language: bool) -> np.ndarray:
    """``FEATURES`` for every claim of article A against every claim of article B:
    an array of shape (claims in A, claims in B, features)."""
    sims = vectors_a @ vectors_b.T
    row_rank = (-sims).argsort(1).argsort(1)
    col_rank = (-sims).argsort(0).argsort(0)
    out = np.zeros((len(claims_a), len(claims_b), len(FEATURES)), np.float32)
    for i, a in enumerate(claims_a):
        for j, b in enumerate(claims_b):
            cosine = sims[i, j]
            ranked = [cosine, cosine - sims[i].max(), cosine - sims[:, j].max(),
                      row_rank[i, j] == 0, col_rank[i, j] == 0,
                      row_rank[i, j] == 0 and col_rank[i, j] == 0,
                      min(row_rank[i, j], 5) / 5, min(col_rank[i, j], 5) / 5]
            out[i, j] = ranked + _one_pair(a, b, keys_a[i], keys_b[j], same_language)
    return out


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
             "format": FORMAT, "features": list(FEATURES)}, indent=1), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> PairModel | None:
        if not (folder / "pairs.npz").is_file():
            return None
        info = json.loads((folder / "pairs.json").read_text("utf-8"))
        if info.get("format") != FORMAT:  # features of another release: retrain, never misread
            return None
        with np.load(folder / "pairs.npz") as data:
            return cls(data["coef"], data["intercept"], tuple(info["classes"]), info["same"],
                       info["conflicting"])
