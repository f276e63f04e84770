"""Linear heads that read a mention's context vectors and score its main and fine roles.

A mention is represented by two vectors from the article's embedder: its
window (the clause around it) and its whole sentence, each centred on its
language's mean, concatenated. The main head is a softmax over Protagonist,
Antagonist, Innocent and ``none`` (merely mentioned); the fine head is a
softmax over the fine roles of each main role separately.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from narrascope.errors import ModelError

NONE = "none"
HEAD_FILES = ("roles.json", "roles.npz")


@dataclass
class RoleRule:
    """Global settings that turn role scores into a decision."""

    window_words: int = 12
    fine_ratio: float = 0.95  # a second fine role needs this share of the first one's score
    max_fine: int = 2
    none_margin: float = 0.0  # added to the 'none' score before the argmax (analyze mode)
    stance_weight: float = 0.0  # strength of the narrative/side prior (see analyzers.stance); off by default


@dataclass
class RoleHead:
    """Softmax weights for main roles (+ none) and fine roles, tied to one embedder."""

    embedder: str
    main_labels: list[str]
    fine_labels: list[str]
    fine_parent: list[str]
    main_weights: np.ndarray
    main_bias: np.ndarray
    fine_weights: np.ndarray
    fine_bias: np.ndarray
    rule: RoleRule = field(default_factory=RoleRule)
    info: dict = field(default_factory=dict)
    language_means: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.main_weights.shape[1] != len(self.main_labels) or \
                self.fine_weights.shape[1] != len(self.fine_labels):
            raise ModelError("role head weights do not match its label lists")

    def centre(self, vectors: np.ndarray, language: str, part: str) -> np.ndarray:
        """Centre window or sentence vectors on their language's mean and re-normalise."""
        mean = self.language_means.get(f"{part}_{language}", self.language_means.get(f"{part}_"))
        if mean is None:
            return vectors
        centred = vectors - mean
        return centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)

    def features(self, windows: np.ndarray, sentences: np.ndarray, language: str) -> np.ndarray:
        return np.hstack([self.centre(windows, language, "window"),
                          self.centre(sentences, language, "sentence")]).astype(np.float32)

    def main_probabilities(self, features: np.ndarray, antagonist_shift: np.ndarray | None = None
                           ) -> np.ndarray:
        """Softmax over main roles; ``antagonist_shift`` (one value a row) lowers Antagonist's logit."""
        logits = features @ self.main_weights + self.main_bias
        if antagonist_shift is not None and "Antagonist" in self.main_labels:
            logits[:, self.main_labels.index("Antagonist")] -= antagonist_shift
        return _softmax(logits)

    def fine_probabilities(self, features: np.ndarray) -> np.ndarray:
        """Softmax within each main role's group of fine roles."""
        logits = features @ self.fine_weights + self.fine_bias
        out = np.zeros_like(logits)
        parents = np.array(self.fine_parent)
        for main in set(self.fine_parent):
            cols = np.flatnonzero(parents == main)
            out[:, cols] = _softmax(logits[:, cols])
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"embedder": self.embedder, "main_labels": self.main_labels,
                "fine_labels": self.fine_labels, "fine_parent": self.fine_parent,
                "rule": asdict(self.rule), "info": self.info, "format": 1}
        (folder / "roles.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        means = {f"mean_{k}": v.astype(np.float32) for k, v in self.language_means.items()}
        np.savez_compressed(folder / "roles.npz", main_weights=self.main_weights.astype(np.float32),
                            main_bias=self.main_bias.astype(np.float32),
                            fine_weights=self.fine_weights.astype(np.float32),
                            fine_bias=self.fine_bias.astype(np.float32), **means)

    @classmethod
    def load(cls, folder: Path) -> RoleHead:
        missing = [name for name in HEAD_FILES if not (folder / name).is_file()]
        if missing:
            raise ModelError(f"{folder} is not a role model folder (missing {', '.join(missing)}); "
                             "create one with: narrascope train roles DATA_DIR -o MODEL_DIR")
        meta = json.loads((folder / "roles.json").read_text("utf-8"))
        arrays = np.load(folder / "roles.npz")
        means = {key[5:]: arrays[key] for key in arrays.files if key.startswith("mean_")}
        return cls(embedder=meta["embedder"], main_labels=meta["main_labels"],
                   fine_labels=meta["fine_labels"], fine_parent=meta["fine_parent"],
                   main_weights=arrays["main_weights"], main_bias=arrays["main_bias"],
                   fine_weights=arrays["fine_weights"], fine_bias=arrays["fine_bias"],
                   rule=RoleRule(**meta.get("rule", {})), info=meta.get("info", {}),
                   language_means=means)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class RoleDecision:
    main: str
    main_score: float
    fine: list[tuple[str, float]]


def decide_roles(head: RoleHead, main_p: np.ndarray, fine_p: np.ndarray,
                 allow_none: bool) -> list[RoleDecision]:
    """One decision per row: the best main role (``none`` only if allowed), then its fine roles."""
    decisions = []
    none_col = head.main_labels.index(NONE) if NONE in head.main_labels else None
    for row_main, row_fine in zip(main_p, fine_p):
        scores = row_main.copy()
        if none_col is not None:
            if allow_none:
                scores[none_col] += head.rule.none_margin
            else:
                scores[none_col] = -1.0
        best = int(np.argmax(scores))
        main = head.main_labels[best]
        if main == NONE:
            decisions.append(RoleDecision("", float(row_main[best]), []))
            continue
        ranked = sorted(((head.fine_labels[j], float(row_fine[j])) for j in range(len(head.fine_labels))
                         if head.fine_parent[j] == main), key=lambda x: -x[1])
        fine = [ranked[0]] + [(f, s) for f, s in ranked[1:head.rule.max_fine]
                              if s >= head.rule.fine_ratio * ranked[0][1]]
        total = float(row_main[best]) / max(1e-9, 1.0 - float(row_main[none_col])) \
            if none_col is not None and not allow_none else float(row_main[best])
        decisions.append(RoleDecision(main, min(total, 1.0), fine))
    return decisions
