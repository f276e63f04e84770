"""Decoding article files: encodings, empty and binary inputs, size caps."""
from __future__ import annotations

import codecs
import random
import tracemalloc
from pathlib import Path

import pytest

from narrascope.errors import InputError
from narrascope.ingest import ReadOptions, iter_articles
from narrascope.ingest.decode import decode_bytes

PNG_HEADER = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10"
              b"\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x04gAMA")
ACCENTED = "Café crème à la française\n\nLe président a visité Besançon; déjà vu, über naïve."


def _read_one(path: Path, options: ReadOptions | None = None):  # type: ignore[no-untyped-def]
    records = list(iter_articles([str(path)], options))
    assert len(records) == 1, records
    return records[0]


def test_decode_empty_file_is_error_record(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    article = _read_one(path)
    assert article.status == "error"
    assert article.id == "empty.txt"
    assert "empty" in article.error and "empty.txt" in article.error
    assert article.text == ""


def test_decode_whitespace_only_file_is_error_record(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b"   \n\t\r\n  \n")
    article = _read_one(path)
    assert article.status == "error"
    assert article.id == "blank.txt"
    assert "whitespace" in article.error


def test_decode_random_binary_with_nuls_is_refused(tmp_path: Path) -> None:
    data = random.Random(1234).randbytes(8000)
    assert b"\x00" in data[:4000]
    path = tmp_path / "noise.txt"
    path.write_bytes(data)
    article = _read_one(path)
    assert article.status == "error"
    assert article.id == "noise.txt"
    assert "binary" in article.error
    assert article.text == ""


def test_decode_png_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"  # a misnamed image
    path.write_bytes(PNG_HEADER + bytes(range(256)))
    article = _read_one(path)
    assert article.status == "error"
    assert "binary" in article.error


def test_decode_control_characters_without_nul_are_refused() -> None:
    with pytest.raises(InputError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 50)


def test_decode_latin1_file_decoded_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(ACCENTED.encode("latin-1"))
    article = _read_one(path)
    assert article.ok, article.error
    assert article.text == ACCENTED
    assert article.title == "Café crème à la française"
    assert any("Latin-1" in w for w in article.warnings), article.warnings


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_decode_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Санкции против России\n\nEnergy prices in Europe rose again; café owners complain."
    if codec == "utf-16":
        data = text.encode("utf-16")  # native order with BOM
    elif codec == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    article = _read_one(path)
    assert article.ok, article.error
    assert article.text == text
    assert not article.text.startswith("\ufeff")
    assert any("UTF-16" in w for w in article.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(tmp_path: Path, codec: str) -> None:
    text = "Grain deal collapses\n\nThe ships stayed in port on Monday, the ministry said. Café."
    path = tmp_path / "wide.txt"
    path.write_bytes(text.encode(codec))
    article = _read_one(path)
    assert article.ok, article.error
    assert article.text == text
    assert any(codec.upper() in w for w in article.warnings), article.warnings


def test_decode_utf8_with_bom_strips_bom(tmp_path: Path) -> None:
    text = "Заголовок статьи\n\nТекст статьи о санкциях. Café."
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    article = _read_one(path)
    assert article.ok
    assert article.text == text
    assert article.title == "Заголовок статьи"
    assert article.warnings == []


def test_decode_crlf_line_endings_normalised(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"Title line\r\n\r\nBody line one.\r\nBody line two.\r\n")
    article = _read_one(path)
    assert article.text == "Title line\n\nBody line one.\nBody line two.\n"


def test_decode_50mb_file_truncated_without_loading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"Sanctions are hurting Europe and prices keep rising every single week.\n"
    with path.open("wb") as handle:  # ~3 MB of real text, then a sparse tail up to 50 MB
        handle.write(line * (3_000_000 // len(line) + 1))
        handle.truncate(50 * 1024 * 1024)
    assert path.stat().st_size == 50 * 1024 * 1024
    max_bytes = 1_000_000
    tracemalloc.start()
    try:
        article = _read_one(path, ReadOptions(max_bytes=max_bytes))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert article.ok, article.error
    assert 0 < len(article.text) <= max_bytes
    assert article.text.startswith("Sanctions are hurting Europe")
    assert any("truncated" in w and str(50 * 1024 * 1024) in w for w in article.warnings), article.warnings
    assert peak < 10 * max_bytes, f"reading a capped file allocated {peak} bytes"


def test_decode_truncated_utf8_drops_only_broken_last_character(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(("Привет мир. " * 200).encode("utf-8"))
    article = _read_one(path, ReadOptions(max_bytes=1001))  # 1001 splits a 2-byte letter
    assert article.ok
    assert article.text == ("Привет мир. " * 200).encode("utf-8")[:1000].decode("utf-8")
    assert any("truncated" in w for w in article.warnings)


def test_decode_truncated_latin1_file_keeps_accented_characters(tmp_path: Path) -> None:
    path = tmp_path / "legacy-long.txt"
    path.write_bytes((ACCENTED + "\n").encode("latin-1") * 2000)
    article = _read_one(path, ReadOptions(max_bytes=20_000))
    assert article.ok
    assert article.text.startswith("Café crème à la française")
    assert any("Latin-1" in w for w in article.warnings)
