"""Turn raw bytes into text, or say clearly why they are not text."""
from __future__ import annotations

import codecs

from narrascope.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """Mostly-ASCII UTF-16 text has a zero in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(sample)


def _decode_utf8(data: bytes, truncated: bool) -> str:
    """Strict UTF-8; a cut at a size cap may only break the last character (up to 3 bytes)."""
    if truncated:
        for cut in range(4):
            try:
                return data[: len(data) - cut].decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < len(data) - 4:
                    raise
    return data.decode("utf-8")


def decode_bytes(data: bytes, truncated: bool = False) -> tuple[str, list[str]]:
    """Decode article bytes; returns (text, warnings) or raises InputError.

    Accepts UTF-8 (with or without BOM), UTF-16/32 with a BOM or
    recognisable without one, and falls back to Latin-1 for legacy 8-bit
    files with a warning. Binary data and empty input are refused.
    ``truncated`` means the bytes were cut at a size cap, so a broken
    final character is expected and dropped.
    """
    warnings: list[str] = []
    if not data:
        raise InputError("empty input: the file has no content")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:4000]:
        encoding = _looks_like_bomless_utf16(data)
        if encoding is None:
            raise InputError("binary data: found NUL bytes and no text encoding fits")
    if encoding is not None:
        text = data.decode(encoding, errors="replace" if not truncated else "ignore")
        if encoding.startswith(("utf-16", "utf-32")):
            warnings.append(f"decoded as {encoding.upper()}")
    else:
        try:
            text = _decode_utf8(data, truncated)
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            warnings.append("not valid UTF-8; decoded as Latin-1 (check the result)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.01:
        raise InputError("binary data: too many control characters to be an article")
    if not text.strip():
        raise InputError("no text: the input holds only whitespace")
    return text, warnings
