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

Each claim keeps its best partner in every other article of the story. When a
pair model is shipped for the embedder (:mod:`narrascope.compare.pairs`), its
probabilities decide instead of the two cosine thresholds, with the same
conflict checks among its inputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narrascope.compare.pairs import PairModel, claim_keys, pair_matrix
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
               claims_b: list[Claim], vectors_b: np.ndarray, rule: AlignRule,
               model: PairModel | None = None, languages: tuple[str, str] = ("", ""),
               judge: LLMJudge | None = None) -> list[Alignment | None]:
    """For each claim of article A, its best same/conflicting partner in article B, or None."""
    if not claims_a or not claims_b:
        return [None] * len(claims_a)
    sims = vectors_a @ vectors_b.T
    if model is not None:
        offline = _align_with_model(claims_a, vectors_a, article_b, claims_b, vectors_b, model,
                                    languages)
    else:
        offline = _align_by_cosine(claims_a, article_b, claims_b, sims, rule)
    if judge is not None:
        return judge.align(claims_a, sims, article_b, claims_b, offline, rule.related)
    return offline


def _align_by_cosine(claims_a: list[Claim], article_b: str, claims_b: list[Claim],
                     sims: np.ndarray, rule: AlignRule) -> list[Alignment | None]:
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
            best = _alignment(article_b, claims_b[j], relation, cosine, reason)
            break
        out.append(best)
    return out


def _alignment(article: str, other: Claim, relation: str, score: float, reason: str) -> Alignment:
    return Alignment(article, other.id, relation, round(score, 4), reason, other.start, other.end,
                     other.text)


def _align_with_model(claims_a: list[Claim], vectors_a: np.ndarray, article_b: str,
                      claims_b: list[Claim], vectors_b: np.ndarray, model: PairModel,
                      languages: tuple[str, str]) -> list[Alignment | None]:
    keys_a = [claim_keys(c, languages[0]) for c in claims_a]
    keys_b = [claim_keys(c, languages[1]) for c in claims_b]
    features = pair_matrix(vectors_a, vectors_b, claims_a, claims_b, keys_a, keys_b,
                           languages[0] == languages[1])
    p = model.probabilities(features)
    same, conflicting = model.classes.index("same"), model.classes.index("conflicting")
    out: list[Alignment | None] = []
    for i, claim in enumerate(claims_a):
        j = int(np.argmax(np.maximum(p[i, :, same], p[i, :, conflicting])))
        other = claims_b[j]
        if p[i, j, conflicting] >= model.conflicting and p[i, j, conflicting] >= p[i, j, same]:
            reason = conflict_reason(claim, other) or "incompatible versions (pair model)"
            out.append(_alignment(article_b, other, "conflicting", float(p[i, j, conflicting]),
                                  reason))
        elif p[i, j, same] >= model.same:
            out.append(_alignment(article_b, other, "same", float(p[i, j, same]),
                                  "same fact (pair model)"))
        else:
            out.append(None)
    return out


JUDGE_RELATIONS = {"same": "same", "conflicting": "conflicting", "unrelated": "absent"}


class LLMJudge:
    """Claim pairs judged by an LLM back-end; the offline decision stands when it fails."""

    def __init__(self, client: object, candidates: int = 3) -> None:
        self.client = client
        self.candidates = candidates

    def judge(self, a: Claim, b: Claim) -> tuple[str, str] | None:
        import json as _json

        from narrascope.analyzers.llm_narratives import messages
        from narrascope.backends.llm import LLMError

        claims = _json.dumps([{"article": "A", "claim": a.text}, {"article": "B", "claim": b.text}],
                             ensure_ascii=False).replace("<", "\\u003c")

        def check(reply: object) -> tuple[str, str]:
            if not isinstance(reply, dict) or reply.get("relation") not in JUDGE_RELATIONS:
                raise ValueError("relation must be same, conflicting or unrelated")
            return JUDGE_RELATIONS[reply["relation"]], str(reply.get("reason", ""))[:200]

        try:
            return self.client.complete_json(messages("claim_pair.j2", claims=claims), check)
        except LLMError:
            return None

    def align(self, claims_a: list[Claim], sims: np.ndarray, article_b: str,
              claims_b: list[Claim], offline: list[Alignment | None], related: float
              ) -> list[Alignment | None]:
        """Ask about each claim's nearest candidates; keep the offline answer where it fails."""
        out: list[Alignment | None] = []
        for i, claim in enumerate(claims_a):
            answered, found = False, None
            for j in np.argsort(-sims[i])[: self.candidates]:
                if sims[i, j] < related:
                    break
                verdict = self.judge(claim, claims_b[j])
                if verdict is None:
                    continue
                answered = True
                relation, reason = verdict
                if relation != "absent":
                    found = _alignment(article_b, claims_b[j], relation, float(sims[i, j]),
                                       f"{reason} (LLM)")
                    break
            out.append(found if answered else offline[i])
        return out


def claim_status(alignments: list[Alignment]) -> str:
    """contradicted beats shared beats unique."""
    relations = {a.relation for a in alignments}
    if "conflicting" in relations:
        return "contradicted"
    return "shared" if "same" in relations else "unique"
