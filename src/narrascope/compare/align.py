"""Claim alignment inside a story: same claim, conflicting version, or nothing.

Two claims from different articles are compared by the cosine of their
multilingual vectors, centred per language (so a paraphrase or a
translation scores high while sharing a language does not), and then
checked for conflict: numbers that cannot both be true
(:func:`narrascope.nlp.quantities.conflicting_quantities`), or one version
denying what the other asserts. A pair is

- ``same`` when its cosine reaches ``same`` and nothing conflicts;
- ``conflicting`` when its cosine reaches ``related`` and something conflicts;
- absent otherwise.

Each claim keeps its best partner in every other article of the story.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narrascope.doc import Claim
from narrascope.nlp.quantities import Quantity, conflicting_quantities


@dataclass
class AlignRule:
    same: float = 0.45
    related: float = 0.3


@dataclass
class Alignment:
    article: str
    claim: str
    relation: str
    score: float
    reason: str
    start: int
    end: int
    text: str


def conflict_reason(a: Claim, b: Claim) -> str:
    """Why two claims about the same thing cannot both hold, or "" when they can."""
    qa = [Quantity.from_dict(q) for q in a.quantities]
    qb = [Quantity.from_dict(q) for q in b.quantities]
    if qa and qb and conflicting_quantities(qa, qb):
        return "numbers differ"
    if (a.certainty == "denied") != (b.certainty == "denied"):
        return "one denies what the other asserts"
    return ""


def relate(a: Claim, b: Claim, cosine: float, rule: AlignRule) -> tuple[str, str]:
    """(relation, reason) for one pair: same, conflicting or absent."""
    if cosine < rule.related:
        return "absent", ""
    reason = conflict_reason(a, b)
    if reason:
        return "conflicting", reason
    if cosine >= rule.same:
        return "same", "similar wording or translation"
    return "absent", ""


def align_pair(claims_a: list[Claim], vectors_a: np.ndarray, article_b: str,
               claims_b: list[Claim], vectors_b: np.ndarray,
               rule: AlignRule) -> list[Alignment | None]:
    """For each claim of article A, its best same/conflicting partner in article B, or None."""
    if not claims_a or not claims_b:
        return [None] * len(claims_a)
    sims = vectors_a @ vectors_b.T
    out: list[Alignment | None] = []
    for i, claim in enumerate(claims_a):
        best: Alignment | None = None
        for j in np.argsort(-sims[i]):
            cosine = float(sims[i, j])
            if cosine < rule.related:
                break
            relation, reason = relate(claim, claims_b[j], cosine, rule)
            if relation == "absent":
                continue
            other = claims_b[j]
            best = Alignment(article_b, other.id, relation, round(cosine, 4), reason,
                             other.start, other.end, other.text)
            break
        out.append(best)
    return out


def claim_status(alignments: list[Alignment]) -> str:
    """contradicted beats shared beats unique."""
    relations = {a.relation for a in alignments}
    if "conflicting" in relations:
        return "contradicted"
    return "shared" if "same" in relations else "unique"
