"""Sentence spans and language identification across our languages."""
from __future__ import annotations

import pytest

from narrascope.nlp.langid import detect_language
from narrascope.nlp.sentences import split_sentences


def test_sentences_are_exact_spans_and_respect_abbreviations() -> None:
    text = "Title line\n\nMr. Smith met Dr. J. Doe in the U.S. capital. They agreed! Did they?"
    spans = split_sentences(text)
    assert [s.text for s in spans] == ["Title line", "Mr. Smith met Dr. J. Doe in the U.S. capital.",
                                       "They agreed!", "Did they?"]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_sentences_split_devanagari_danda_and_cyrillic() -> None:
    hi = split_sentences("यह पहला वाक्य है। यह दूसरा है।")
    ru = split_sentences("Путин выступил в Москве. Киев ответил быстро.")
    assert len(hi) == 2 and len(ru) == 2


def test_run_on_text_is_cut_into_bounded_pieces() -> None:
    spans = split_sentences("word " * 2000)
    assert len(spans) > 1 and all(len(s.text) <= 1500 for s in spans)


@pytest.mark.parametrize("text,code", [
    ("The government announced new sanctions against the oil exporters on Monday morning.", "en"),
    ("Правительство объявило о новых санкциях против экспортёров нефти в понедельник.", "ru"),
    ("Уряд оголосив про нові санкції проти експортерів нафти в понеділок вранці.", "uk"),
    ("Правителството обяви нови санкции срещу износителите на петрол в понеделник.", "bg"),
    ("O governo anunciou novas sanções contra os exportadores de petróleo na segunda-feira.", "pt"),
    ("सरकार ने सोमवार को तेल निर्यातकों के खिलाफ नए प्रतिबंधों की घोषणा की।", "hi"),
    ("Die Regierung kündigte am Montag neue Sanktionen gegen die Ölexporteure an.", "de"),
])
def test_detect_language(text: str, code: str) -> None:
    detected, confidence = detect_language(text)
    assert detected == code and 0.0 < confidence <= 1.0


def test_text_without_letters_has_no_language() -> None:
    assert detect_language("12345 !!! 678") == ("", 0.0)
