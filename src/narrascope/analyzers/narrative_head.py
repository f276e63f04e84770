"""A multi-label linear head over sentence embeddings, and how an article is scored.

An article is scored through sliding windows of consecutive sentences (a
window is the normalised mean of its sentence vectors): a narrative usually
lives in a few paragraphs, not in the article's average. Each label's
article score mixes the mean of its top-k window scores with the score of
the whole-article mean vector. One extra column, the *gate*, scores whether
the article carries any narrative at all; it always reads the whole article.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from narrascope.errors import ModelError

HEAD_FILES = ("head.json", "head.npz")
GATE = "narrascope: narrative present"


@dataclass
class DecisionRule:
    """Global hyper-parameters that turn label scores into a label set."""

    window: int = 3
    top_k: int = 2
    window_weight: float = 0.5
    gate_threshold: float = 0.5  # below: the article carries no narrative (Other)
    narrative_threshold: float = 0.6  # extra narratives beyond the best one
    subnarrative_threshold: float = 0.5
    max_narratives: int = 3
    max_subnarratives: int = 2  # per narrative


@dataclass
class NarrativeHead:
    """Weights ``W`` (dim x labels) and bias ``b`` for labels, tied to one embedder."""

    embedder: str
    labels: list[str]
    weights: np.ndarray
    bias: np.ndarray
    rule: DecisionRule = field(default_factory=DecisionRule)
    info: dict = field(default_factory=dict)
    # Per-language mean sentence vectors ("" = all languages). When present, vectors are
    # centred on their language's mean before scoring, so the head cannot learn "language X
    # means label Y" from a corpus whose languages have different label mixes.
    language_means: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {label: i for i, label in enumerate(self.labels)}
        if self.weights.shape[1] != len(self.labels):
            raise ModelError(
                f"head has {self.weights.shape[1]} weight columns for {len(self.labels)} labels"
            )

    def prepare(self, vectors: np.ndarray, language: str) -> np.ndarray:
        """Centre sentence vectors on their language's mean (no-op for heads without means)."""
        if not self.language_means:
            return vectors
        mean = self.language_means.get(language, self.language_means.get(""))
        if mean is None:
            return vectors
        centred = vectors - mean
        return centred / np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Sigmoid scores, shape (n, labels)."""
        logits = vectors @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    def article_scores(self, sentence_vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(label scores for the article, per-window scores) from its sentence vectors."""
        windows = window_vectors(sentence_vectors, self.rule.window)
        doc = sentence_vectors.mean(axis=0, keepdims=True)
        doc /= max(float(np.linalg.norm(doc)), 1e-12)
        window_p = self.probabilities(windows)
        doc_p = self.probabilities(doc)[0]
        k = min(self.rule.top_k, len(window_p))
        top = -np.sort(-window_p, axis=0)[:k].mean(axis=0)
        w = self.rule.window_weight
        scores = w * top + (1 - w) * doc_p
        if GATE in self.index:
            scores[self.index[GATE]] = doc_p[self.index[GATE]]
        return scores, window_p

    def gate(self, scores: np.ndarray) -> float:
        """Probability that the article carries a narrative (1.0 for heads without a gate)."""
        i = self.index.get(GATE)
        return 1.0 if i is None else float(scores[i])

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"embedder": self.embedder, "labels": self.labels, "rule": asdict(self.rule),
                "info": self.info, "format": 1}
        (folder / "head.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
        means = {f"mean_{lang}": vec.astype(np.float32) for lang, vec in self.language_means.items()}
        np.savez_compressed(folder / "head.npz", weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32), **means)

    @classmethod
    def load(cls, folder: Path, kind: str = "narratives") -> NarrativeHead:
        missing = [name for name in HEAD_FILES if not (folder / name).is_file()]
        if missing:
            raise ModelError(
                f"{folder} is not a {kind} model folder (missing {', '.join(missing)}); "
                f"create one with: narrascope train {kind} DATA_DIR -o MODEL_DIR"
            )
        meta = json.loads((folder / "head.json").read_text("utf-8"))
        arrays = np.load(folder / "head.npz")
        means = {key[5:]: arrays[key] for key in arrays.files if key.startswith("mean_")}
        return cls(embedder=meta["embedder"], labels=meta["labels"],
                   weights=arrays["weights"], bias=arrays["bias"],
                   rule=DecisionRule(**meta.get("rule", {})), info=meta.get("info", {}),
                   language_means=means)


def window_vectors(vectors: np.ndarray, size: int) -> np.ndarray:
    """Normalised means of every run of ``size`` consecutive rows (fewer rows -> one window)."""
    n = len(vectors)
    if n <= size:
        out = vectors.mean(axis=0, keepdims=True)
    else:
        csum = np.vstack([np.zeros((1, vectors.shape[1]), vectors.dtype), np.cumsum(vectors, axis=0)])
        out = (csum[size:] - csum[:-size]) / size
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
