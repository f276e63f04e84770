"""Claims, attribution, certainty and quantities on sentences written for these tests."""
from __future__ import annotations

import pytest

from narrascope.doc import Article, Span
from narrascope.nlp.attribution import attribute, certainty, classify_source
from narrascope.nlp.claims import extract_claims
from narrascope.nlp.quantities import Quantity, conflicting_quantities, find_quantities


@pytest.mark.parametrize(("sentence", "lang", "source", "kind", "cue", "mode"), [
    ('"We will answer this provocation," Kremlin spokesman Dmitry Peskov said on Tuesday.', "en",
     "Kremlin spokesman Dmitry Peskov", "named_person", "said", "direct_quote"),
    ("Ukraine's military said on Wednesday that 12 drones had been shot down.", "en",
     "Ukraine's military", "named_organisation", "said", "indirect"),
    ("According to two people familiar with the matter, the talks stalled.", "en",
     "two people familiar with the matter", "anonymous", "According to", "indirect"),
    ("Reuters reported that four companies were sanctioned.", "en", "Reuters", "media",
     "reported", "indirect"),
    ("Как заявил министр обороны Андрей Белоусов, удар был нанесен по складам.", "ru",
     "министр обороны Андрей Белоусов", "named_person", "Как заявил", "indirect"),
    ("Минобороны России сообщило, что сбиты 20 беспилотников.", "ru", "Минобороны России",
     "named_organisation", "сообщило", "indirect"),
    ("По данным источников в правительстве, переговоры сорваны.", "ru",
     "источников в правительстве", "anonymous", "По данным", "indirect"),
    ("За словами Зеленського, обмін відбувся в неділю.", "uk", "Зеленського", "named_person",
     "За словами", "indirect"),
    ("Segundo a Polícia Federal, três suspeitos foram presos.", "pt", "a Polícia Federal",
     "named_organisation", "Segundo", "indirect"),
    ("रक्षा मंत्रालय ने कहा कि 12 ड्रोन मार गिराए गए।", "hi", "रक्षा मंत्रालय",
     "named_organisation", "ने कहा कि", "indirect"),
])
def test_attribution_finds_source_type_cue_and_mode(sentence: str, lang: str, source: str,
                                                   kind: str, cue: str, mode: str) -> None:
    found = attribute(sentence, lang)
    assert (found.source, found.source_type, found.cue, found.mode) == (source, kind, cue, mode)


def test_unattributed_sentence_is_the_authors_and_pronouns_borrow_the_previous_source() -> None:
    assert attribute("The convoy reached the border at dawn.", "en").mode == "unattributed"
    first = attribute("Interior Minister Ana Lopes said the border would stay open.", "en")
    follow = attribute("She added that 300 officers had been sent.", "en", first)
    assert (follow.source, follow.source_type, follow.cue) == ("Interior Minister Ana Lopes",
                                                               "named_person", "added")


def test_a_cue_inside_a_quotation_is_not_the_attribution() -> None:
    found = attribute('"Nobody said this would be easy," the mayor told reporters.', "en")
    assert (found.source, found.cue, found.mode) == ("the mayor", "told", "direct_quote")


def test_source_types_without_a_cue() -> None:
    assert classify_source("local media", "en") == "media"
    assert classify_source("a senior Western diplomat", "en") == "anonymous"
    assert classify_source("the Defence Ministry", "en") == "named_organisation"
    assert classify_source("Maria Zakharova", "en") == "named_person"


@pytest.mark.parametrize(("sentence", "lang", "level", "cue"), [
    ("The strike reportedly killed 30 people.", "en", "hedged", "reportedly"),
    ("The ministry denied that any civilians were hurt.", "en", "denied", "denied"),
    ("No civilians were hurt in the attack.", "en", "denied", "No"),
    ("Удар предположительно нанесли с территории Крыма.", "ru", "hedged", "предположительно"),
    ("Міністерство спростувало ці повідомлення.", "uk", "denied", "спростувало"),
    ("O governo negou qualquer envolvimento.", "pt", "denied", "negou"),
    ("The depot burned for six hours.", "en", "asserted", None),
])
def test_certainty(sentence: str, lang: str, level: str, cue: str | None) -> None:
    found, cues = certainty(sentence, lang)
    assert found == level
    assert (cue in cues) if cue else cues == []


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("More than 200 people were evacuated", "en", ("More than 200", 200.0, "more_than", "people")),
    ("four companies were fined", "en", ("four", 4.0, "", "companies")),
    ("погибли не менее 30 человек", "ru", ("не менее 30", 30.0, "at_least", "человек")),
    ("cerca de 3,5 milhões de pessoas", "pt", ("cerca de 3,5 milhões", 3_500_000.0, "about",
                                                 "pessoas")),
    ("कम से कम 12 लोग घायल हुए", "hi", ("कम से कम 12", 12.0, "at_least", "लोग")),
    ("prices rose by up to 40%", "en", ("up to 40%", 40.0, "at_most", "%")),
])
def test_quantities_are_normalised(text: str, lang: str, expected: tuple) -> None:
    found = find_quantities(text, lang)
    assert found, text
    q = found[0]
    assert (q.text, q.value, q.qualifier, q.unit) == expected


def test_years_are_not_quantities() -> None:
    assert find_quantities("The station was built in 2011.", "en") == []


def test_conflicting_quantities_respect_qualifiers_and_units() -> None:
    twelve = [Quantity("12", 12, "", "people")]
    assert conflicting_quantities(twelve, [Quantity("at least 30", 30, "at_least", "people")])
    assert not conflicting_quantities([Quantity("more than 200", 200, "more_than", "people")],
                                      [Quantity("250", 250, "", "people")])
    assert not conflicting_quantities(twelve, [Quantity("40", 40, "", "tanks")] * 2)
    # across languages units differ: one quantity each is compared as is
    assert conflicting_quantities(twelve, [Quantity("30", 30, "", "человек")])


def _article(text: str, lang: str = "en") -> Article:
    sentences, start = [], 0
    for part in text.split("\n"):
        sentences.append(Span(start, start + len(part), part))
        start += len(part) + 1
    return Article(id="t", text=text, language=lang, sentences=sentences)


def test_claims_keep_facts_and_drop_questions_opinions_and_slogans() -> None:
    lines = ("Russian drones struck a fuel depot in Berezivka overnight, killing at least 12 people.",
             "Will Europe finally act?",
             "We must stop pretending this war is far away.",
             "Shame!",
             "The regional governor said 40 homes were damaged.")
    text = "\n".join(lines)
    claims = extract_claims(_article(text))
    assert [c.text[:20] for c in claims] == ["Russian drones struc", "40 homes were damage"]
    assert claims[0].mode == "unattributed" and claims[0].quantities[0]["value"] == 12
    assert claims[1].source == "The regional governor" and claims[1].cue == "said"
    assert text[claims[1].start:claims[1].end] == claims[1].text


def test_attributed_opinion_stays_a_claim() -> None:
    claims = extract_claims(_article("The foreign minister said Europe must buy more shells."))
    assert len(claims) == 1 and claims[0].source_type == "named_person"
