"""Claim clauses: the reported content without its attribution frame, one fact per span."""
from __future__ import annotations

import pytest

from narrascope.nlp.attribution import attribute
from narrascope.nlp.clauses import claim_clauses


def clauses(sentence: str, language: str = "en") -> list[str]:
    attribution = attribute(sentence, language)
    return [sentence[a:b] for a, b in claim_clauses(sentence, language, attribution)]


@pytest.mark.parametrize(("language", "sentence", "expected"), [
    ("en", ("Mayor Ilse Varga said on Monday that 40 homes were flooded and that two bridges "
           "had collapsed."), ["40 homes were flooded", "two bridges had collapsed"]),
    ("en", ("Nine people were arrested overnight, and police seized 300 kilograms of fuel, the "
           "prosecutor's office said."), ["Nine people were arrested overnight",
                                         "police seized 300 kilograms of fuel"]),
    ("en", "According to the port authority, the tanker left without a pilot on board.",
     ["the tanker left without a pilot on board"]),
    ("en", '"We have restored power to every district," the energy minister told reporters.',
     ["We have restored power to every district"]),
    ("en", ("The ferry was held in the harbour, the coast guard said, adding that its 31 "
           "passengers were safe."), ["The ferry was held in the harbour",
                                     "its 31 passengers were safe"]),
    ("ru", "Склад горючего в посёлке сгорел полностью, сообщило областное управление МЧС.",
     ["Склад горючего в посёлке сгорел полностью"]),
    ("ru", "По словам губернатора, из прибрежных сёл эвакуированы 300 человек.",
     ["из прибрежных сёл эвакуированы 300 человек"]),
    ("uk", "Повітряні сили повідомили, що росіяни запустили 40 дронів, з яких 35 вдалося збити.",
     ["росіяни запустили 40 дронів", "35 вдалося збити"]),
    ("pt", ("O ministério informou que a obra custará 8 milhões de euros, mas não divulgou o "
           "contrato."), ["a obra custará 8 milhões de euros", "não divulgou o contrato"]),
])
def test_the_frame_is_stripped_and_joined_facts_are_split(language: str, sentence: str,
                                                           expected: list[str]) -> None:
    assert clauses(sentence, language) == expected


def test_a_sentence_without_a_frame_or_joiner_stays_whole() -> None:
    sentence = "The plant, built in 1972, had already been hit twice this year."
    assert clauses(sentence) == [sentence.rstrip(".")]


def test_a_denial_keeps_its_object_and_short_pieces_are_not_split_off() -> None:
    sentence = "The ministry denied any involvement in the blast."
    assert clauses(sentence) == [sentence.rstrip(".")]
    # "Sofia, Burgas, and Varna": the piece after the comma is too short to be a claim
    listing = "Police searched offices in Sofia, Burgas, and Varna, the prosecutor said."
    assert clauses(listing) == ["Police searched offices in Sofia, Burgas, and Varna"]
