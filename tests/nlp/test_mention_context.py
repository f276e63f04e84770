"""Where a mention sits: sentence lookup, the clause-sized window around it, offset re-alignment."""
from __future__ import annotations

import pytest

from narrascope.doc import Span
from narrascope.nlp.mentions import mention_window, realign, sentence_index

SENTENCES = [Span(0, 10), Span(11, 20), Span(21, 30)]


def _sentence(text: str, first: str, last_exclusive: str | None = None) -> Span:
    start = text.index(first)
    end = text.index(last_exclusive) - 1 if last_exclusive else len(text)
    return Span(start, end, text[start:end])


# --- sentence_index -----------------------------------------------------------------------


@pytest.mark.parametrize("offset, expected", [(0, 0), (9, 0), (10, 0), (11, 1), (15, 1), (29, 2),
                                              (100, 2)])
def test_sentence_index_finds_containing_or_previous_sentence(offset: int, expected: int) -> None:
    """An offset maps to its sentence, or the nearest one before it."""
    assert sentence_index(SENTENCES, offset) == expected


def test_sentence_index_edge_cases() -> None:
    """No sentences gives -1; an offset before the first sentence gives 0."""
    assert sentence_index([], 5) == -1
    assert sentence_index([Span(5, 10)], 1) == 0


# --- mention_window -----------------------------------------------------------------------

TEXT = ("Intro words here. The mayor said that Kyiv had asked its partners for more help quickly; "
        "the opposition parties in the capital city were not at all convinced by it. Tail.")


def test_window_contains_mention_and_stays_in_sentence() -> None:
    """The window holds the mention and never leaves its sentence."""
    sent = _sentence(TEXT, "The mayor", "Tail")
    start = TEXT.index("Kyiv")
    win = mention_window(TEXT, sent, start, start + 4, words=50)
    assert win.start <= start and win.end >= start + 4
    assert sent.start <= win.start and win.end <= sent.end
    assert win.text == TEXT[win.start:win.end]
    assert "Intro" not in win.text and "Tail" not in win.text


def test_window_respects_word_limit() -> None:
    """At most ``words`` words on each side of the mention."""
    sent = _sentence(TEXT, "The mayor", "Tail")
    start = TEXT.index("Kyiv")
    win = mention_window(TEXT, sent, start, start + 4, words=3)
    assert win.text == "mayor said that Kyiv had asked its"
    before, after = TEXT[win.start:start].split(), TEXT[start + 4:win.end].split()
    assert len(before) == 3 and len(after) == 3


def test_window_cuts_at_semicolon_for_long_clause() -> None:
    """A mention in a clause of >= 6 words reads only its clause, not the one after ';'."""
    sent = _sentence(TEXT, "The mayor", "Tail")
    start = TEXT.index("Kyiv")
    win = mention_window(TEXT, sent, start, start + 4, words=50)
    assert win.text == "The mayor said that Kyiv had asked its partners for more help quickly"
    assert "opposition" not in win.text


def test_window_starts_after_clause_break() -> None:
    """A mention after the ';' reads from the break on."""
    sent = _sentence(TEXT, "The mayor", "Tail")
    start = TEXT.index("opposition")
    win = mention_window(TEXT, sent, start, start + len("opposition"), words=50)
    assert win.text == "the opposition parties in the capital city were not at all convinced by it."
    assert "Kyiv" not in win.text


def test_window_keeps_sentence_when_clause_is_short() -> None:
    """A clause under 6 words cannot carry the role, so the whole sentence is used."""
    text = "Kyiv asked; partners agreed."
    win = mention_window(text, Span(0, len(text), text), 0, 4, words=50)
    assert win.text == text


def test_window_cuts_at_but_clause() -> None:
    """', but' is a clause break too."""
    text = ("Officials in Moscow praised the new agreement on grain exports, but critics in "
            "Brussels warned that nothing had changed at all.")
    start = text.index("Moscow")
    win = mention_window(text, Span(0, len(text), text), start, start + 6, words=50)
    assert win.text.startswith("Officials") and "Brussels" not in win.text


def test_window_at_sentence_edges() -> None:
    """A mention at the sentence start or end still gets a valid window."""
    text = "Kyiv said it would respond to the attack within days, officials confirmed to Reuters"
    sent = Span(0, len(text), text)
    first = mention_window(text, sent, 0, 4, words=2)
    assert first.text == "Kyiv said it"
    last_start = text.index("Reuters")
    last = mention_window(text, sent, last_start, len(text), words=2)
    assert last.text == "confirmed to Reuters"


# --- realign ------------------------------------------------------------------------------

RTEXT = "x" * 10 + "Kyiv said" + "y" * 300 + " Moscow"


def test_realign_exact() -> None:
    """Offsets that match are returned unchanged."""
    assert realign(RTEXT, "Kyiv", 10, 14) == (10, 14, "exact")


def test_realign_shifted_by_a_few_characters() -> None:
    """A nearby occurrence is found and reported as shifted."""
    assert realign(RTEXT, "Kyiv", 13, 17) == (10, 14, "shifted")
    assert realign(RTEXT, "Kyiv", 7, 11) == (10, 14, "shifted")


def test_realign_far_away_is_moved() -> None:
    """An occurrence more than 200 characters away is reported as moved."""
    assert realign(RTEXT, "Kyiv", 300, 304) == (10, 14, "moved")


def test_realign_picks_nearest_occurrence() -> None:
    """With several occurrences the one nearest the given start wins."""
    text = "Kyiv ... Kyiv ... Kyiv"
    assert realign(text, "Kyiv", 10, 14) == (9, 13, "shifted")
    assert realign(text, "Kyiv", 17, 21) == (18, 22, "shifted")


def test_realign_not_found_clips_offsets() -> None:
    """A mention absent from the text keeps its offsets, clipped into the text."""
    assert realign(RTEXT, "Paris", 5, 10) == (5, 10, "not_found")
    assert realign(RTEXT, "Paris", -5, 1000) == (0, len(RTEXT), "not_found")
    s, e, status = realign(RTEXT, "Paris", 20, 10)
    assert status == "not_found" and 0 <= s <= e <= len(RTEXT)


def test_realign_case_insensitive_fallback() -> None:
    """When the exact case is absent, a case-folded match is used."""
    assert realign(RTEXT, "kyiv", 10, 14) == (10, 14, "shifted")
    assert realign(RTEXT, "MOSCOW", 320, 326) == (320, 326, "shifted")
    assert realign(RTEXT, "KYIV", 500, 900) == (10, 14, "moved")


@pytest.mark.parametrize("start, end", [(-3, -1), (10_000, 10_010), (-100, 10_000), (5, 2)])
def test_realign_out_of_range_offsets_never_raise(start: int, end: int) -> None:
    """Any offsets give a valid span inside the text or the found mention."""
    s, e, status = realign(RTEXT, "Kyiv", start, end)
    assert (s, e) == (10, 14) and status in {"shifted", "moved"}
    s, e, status = realign(RTEXT, "Paris", start, end)
    assert status == "not_found" and 0 <= s <= e <= len(RTEXT)


def test_realign_on_empty_text() -> None:
    """An empty text yields a clipped, empty not_found span."""
    assert realign("", "Kyiv", 3, 7) == (0, 0, "not_found")


def test_realign_case_fold_offsets_point_at_the_mention() -> None:
    """The case-insensitive fallback returns offsets of the mention in the original text."""
    text = "Olaf Straße said KYIV would answer"
    s, e, _ = realign(text, "kyiv", 0, 4)
    assert text[s:e] == "KYIV"
