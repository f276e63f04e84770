"""Check-worthy claims: sentences that state facts about events, numbers, actors' actions.

A sentence is a claim when it is a statement (not a question), long enough,
carries at least one mark of fact (a reporting cue, a number, a named actor
or a proper name) and is not the author's own opinion (obligation, first
person, evaluative words) unless someone else is quoted saying it. The score
grows with the marks of fact; a small score threshold keeps borderline ones.
"""
from __future__ import annotations

import re
from dataclasses import asdict

from narrascope.doc import Article, Claim, Span
from narrascope.nlp import cues
from narrascope.nlp.attribution import Attribution, attribute, certainty, find_cues
from narrascope.nlp.clauses import claim_clauses
from narrascope.nlp.quantities import find_quantities

MIN_WORDS = 5
MAX_CLAIMS = 200
_CAPITALISED = re.compile(r"(?<=\s)[A-ZА-ЯЁІЇЄҐ][\w'’-]+")


def opinion_marks(sentence: str, language: str) -> list[str]:
    words = tuple(cues.OPINION.get(language, cues.OPINION["en"]))
    return [m.group(0) for m in find_cues(sentence, words)]


def claim_score(sentence: Span, language: str, attribution: Attribution, n_quantities: int,
                entities: list[str]) -> float:
    text = sentence.text.strip()
    if len(text.split()) < MIN_WORDS or text.endswith("?") or "?" in text[-3:]:
        return 0.0
    marks = (attribution.mode != "unattributed") + (n_quantities > 0) + bool(entities)
    marks += bool(_CAPITALISED.search(" " + text[1:])) and not entities
    opinion = opinion_marks(text, language)
    if opinion and attribution.mode == "unattributed":
        return 0.2 if marks else 0.1
    if text.endswith("!"):
        marks -= 1
    return 0.0 if marks <= 0 else min(0.5 + 0.15 * marks, 0.95)


def _frame(sentence: str, ranges: list[tuple[int, int]]) -> str:
    """The sentence with its claim clauses blanked: the source, the cue and what frames them."""
    chars = list(sentence)
    for start, end in ranges:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def extract_claims(article: Article, threshold: float = 0.5) -> list[Claim]:
    """Claims of an analysed article (needs sentences; uses entities when present)."""
    claims: list[Claim] = []
    previous: Attribution | None = None
    for sentence in article.sentences:
        text = sentence.text
        attribution = attribute(text, article.language, previous)
        if attribution.source:
            previous = attribution
        entities = [e.text for e in article.entities
                    if e.start >= sentence.start and e.end <= sentence.end]
        quantities = find_quantities(text, article.language)
        score = claim_score(sentence, article.language, attribution, len(quantities), entities)
        if score < threshold:
            continue
        ranges = claim_clauses(text, article.language, attribution)
        frame_level = certainty(_frame(text, ranges), article.language)
        for start, end in ranges:
            piece = text[start:end]
            level, level_cues = certainty(piece, article.language)
            if level == "asserted":  # "X denied that ...": the frame carries the certainty
                level, level_cues = frame_level
            begin, finish = sentence.start + start, sentence.start + end
            claims.append(Claim(
                id=f"c{len(claims) + 1}", start=begin, end=finish, text=piece,
                score=round(score, 3), source=attribution.source,
                source_type=attribution.source_type, cue=attribution.cue, mode=attribution.mode,
                certainty=level, certainty_cues=level_cues,
                entities=list(dict.fromkeys(e.text for e in article.entities
                                            if e.start >= begin and e.end <= finish)),
                quantities=[asdict(q) for q in find_quantities(piece, article.language)]))
        if len(claims) >= MAX_CLAIMS:
            break
    return claims
