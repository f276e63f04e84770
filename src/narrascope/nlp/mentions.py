"""Where a mention sits: its sentence, the clause-sized window around it, and re-alignment of given offsets.

The role a text gives an actor is usually decided by the few words around
the mention (the verb it governs or undergoes, the adjectives on it), so the
role head reads a window of words around each mention inside its sentence.
"""
from __future__ import annotations

import bisect
import re

from narrascope.doc import Span

_WORD = re.compile(r"\S+")
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:but|while|whereas|although|though|as|which|who|and)\s", re.IGNORECASE)
_SEARCH_RADIUS = 200


def sentence_index(sentences: list[Span], offset: int) -> int:
    """Index of the sentence that contains ``offset`` (the nearest one before it otherwise)."""
    if not sentences:
        return -1
    starts = [s.start for s in sentences]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def mention_window(text: str, sentence: Span, start: int, end: int, words: int = 12) -> Span:
    """The mention plus up to ``words`` words each side, inside its sentence.

    Where the sentence breaks into clauses (semicolon, dash, ", but"), the
    window stops at the break nearest the mention, so that a clause about
    someone else does not colour this mention.
    """
    lo, hi = min(sentence.start, start), max(sentence.end, end)
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)]
    first_after = _CLAUSE_BREAK.search(text, end, hi)
    c_lo = breaks_before[-1] if breaks_before else lo
    c_hi = first_after.start() if first_after else hi
    if len(text[c_lo:c_hi].split()) >= 6:  # a clause too short to carry the role keeps the sentence
        lo, hi = c_lo, c_hi
    before, after = text[lo:start], text[end:hi]
    left = [m.start() for m in _WORD.finditer(before)]
    right = [m.end() for m in _WORD.finditer(after)]
    w_start = lo + left[-words] if len(left) >= words else lo + (left[0] if left else len(before))
    w_end = end + right[words - 1] if len(right) >= words else end + (right[-1] if right else 0)
    return Span(w_start, w_end, text[w_start:w_end])


def realign(text: str, mention: str, start: int, end: int) -> tuple[int, int, str]:
    """Exclusive (start, end) where ``mention`` really is, near the given offsets.

    Returns the offsets unchanged with status ``exact`` when they match, the
    nearest occurrence within 200 characters (``shifted``), the nearest
    anywhere (``moved``), or the given offsets clipped to the text
    (``not_found``).
    """
    if mention and text[start:end] == mention and 0 <= start <= end:
        return start, end, "exact"
    hits = [(m.start(), m.end()) for m in re.finditer(re.escape(mention), text)] if mention else []
    if not hits and mention:
        hits = [(m.start(), m.end()) for m in re.finditer(re.escape(mention), text, re.IGNORECASE)]
    if hits:
        best = min(hits, key=lambda h: abs(h[0] - start))
        status = "shifted" if abs(best[0] - start) <= _SEARCH_RADIUS else "moved"
        return best[0], best[1], status
    start = min(max(start, 0), len(text))
    return start, min(max(end, start), len(text)), "not_found"
