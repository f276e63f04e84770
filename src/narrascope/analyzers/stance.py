"""A prior on roles from the article's narratives and the actor's side.

The narratives of our taxonomy are one-sided: an article pushing the
Ukraine-war narratives (blaming the West, discrediting Ukraine, praising
Russia) casts Russia's side as protagonist or victim and Ukraine and the
West as antagonists; an article pushing climate-sceptic narratives casts
climate institutions and activists as antagonists. An article that pushes
none of them (reporting, Western analysis) tends to the reverse. The prior
shifts the Antagonist score of a mention by ``weight * stance * side``,
where ``stance`` in [-1, 1] comes from the narrative layer and ``side`` from
the actor gazetteer's ``camp`` field. Both tables are ours, written from how
these narratives are defined, not fitted on any data.
"""
from __future__ import annotations

from narrascope.doc import Article

OTHER = "Other"
# +1: the camp these narratives favour; -1: the camp they attack.
CAMP_SIGN = {
    "URW": {"russia": 1.0, "ukraine": -1.0, "west": -1.0},
    "CC": {"climate_action": -1.0, "fossil": 1.0},
}


def article_stance(article: Article) -> dict[str, float]:
    """Per domain, +score when the article pushes that domain's narratives, -score when it pushes none."""
    if not article.narratives:
        return {}
    top = article.narratives[0]
    if top.name == OTHER:
        return {domain: -top.score for domain in CAMP_SIGN}
    domain = top.name.split(":", 1)[0]
    return {domain: top.score} if domain in CAMP_SIGN else {}


def antagonist_shift(stance: dict[str, float], camp: str, weight: float) -> float:
    """How much to lower (negative: raise) a mention's Antagonist logit."""
    return weight * sum(value * CAMP_SIGN[domain].get(camp, 0.0) for domain, value in stance.items())
