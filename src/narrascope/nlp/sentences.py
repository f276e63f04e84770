"""Sentence boundaries as character spans, for all supported languages.

A rule-based splitter: fast (no model), predictable, and good enough for
news prose. Paragraph breaks always end a sentence; ``. ! ? …`` and the
Devanagari danda end one when followed by space and a likely sentence
start, unless the word before is a known abbreviation or an initial.
"""
from __future__ import annotations

import re

from narrascope.doc import Span

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e",
    "approx", "fig", "т.е", "т.д", "т.к", "г", "гг", "тыс", "млн", "млрд", "руб", "им", "ул",
    "д", "проф", "акад", "sra", "dra", "pág", "nº",
}
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then spaces.
_BOUNDARY = re.compile(r"([.!?…]+|।|॥)([\"'”’»)\]]*)(\s+)")
_MAX_SENTENCE_CHARS = 1500


def _previous_word(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].strip("\"'“«(").lower()


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    punct = match.group(1)
    nxt = match.end()
    if nxt >= len(text):
        return True
    following = text[nxt]
    if punct in ("।", "॥") or punct[0] in "!?…":
        return not following.islower()
    word = _previous_word(text, match.start(1))
    if word.rstrip(".") in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return False
    return not following.islower()


def _split_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut run-on text (tables, lists without punctuation) at spaces near the cap."""
    pieces = []
    while end - start > _MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + _MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (end exclusive), whitespace trimmed, empty ones dropped."""
    spans: list[Span] = []
    offset = 0
    for paragraph in text.split("\n"):
        p_start = offset
        offset += len(paragraph) + 1
        if not paragraph.strip():
            continue
        cursor = 0
        bounds = []
        for match in _BOUNDARY.finditer(paragraph):
            if _is_boundary(paragraph, match):
                bounds.append((cursor, match.end(2)))
                cursor = match.end()
        bounds.append((cursor, len(paragraph)))
        for s, e in bounds:
            chunk = paragraph[s:e]
            stripped = chunk.strip()
            if not stripped:
                continue
            s2 = s + (len(chunk) - len(chunk.lstrip()))
            e2 = s2 + len(stripped)
            for a, b in _split_long(p_start + s2, p_start + e2, text):
                piece = text[a:b].strip()
                if piece:
                    a2 = a + (len(text[a:b]) - len(text[a:b].lstrip()))
                    spans.append(Span(start=a2, end=a2 + len(piece), text=piece))
    return spans
