"""Entity framing on real models: roles per mention, actor resolution, summaries, given mentions."""
from __future__ import annotations

import numpy as np
import pytest

from narrascope.analyzers.role_head import NONE, RoleHead, RoleRule, decide_roles
from narrascope.analyzers.roles import RoleAnalyzer, shipped_role_dir, summarise_actors
from narrascope.analyzers.stance import antagonist_shift, article_stance
from narrascope.doc import Article, Label, Mention
from narrascope.ingest.mentions import GIVEN_MENTIONS
from narrascope.ingest.text import article_from_text
from narrascope.taxonomies.roles import MAIN_ROLES, load_roles

TEXT = (
    "Kyiv bombs its own cities, Moscow says\n\n"
    "Russian troops shelled a maternity hospital in Kharkiv on Monday, killing eleven civilians "
    "and wounding dozens of children. The Ukrainian authorities called it a war crime. "
    "Kiev asked NATO for more air defence, and Zelensky thanked the volunteers who dug "
    "survivors out of the rubble. The Kremlin denied everything and blamed Kyiv for staging "
    "the attack, a claim for which it offered no evidence.\n"
)


@pytest.fixture(scope="module")
def analysed(pipeline) -> Article:  # type: ignore[no-untyped-def]
    return pipeline(article_from_text(TEXT, id="kharkiv.txt"))


def test_every_mention_gets_a_valid_role_or_none(analysed: Article) -> None:
    """Mentions come from the entity layer; fine roles always belong to the main role."""
    taxonomy = load_roles()
    assert analysed.ok and analysed.mentions
    cast = [m for m in analysed.mentions if m.main_role]
    assert cast, "no mention was cast in any role"
    for m in analysed.mentions:
        assert analysed.text[m.start:m.end] == m.text
        if m.main_role:
            assert m.main_role in MAIN_ROLES and 0 < m.main_score <= 1
            assert m.fine_roles and all(taxonomy.main_of[f.name] == m.main_role for f in m.fine_roles)
            assert m.evidence is not None
            assert m.evidence.start <= m.start and m.end <= m.evidence.end
            assert analysed.text[m.evidence.start:m.evidence.end] == m.evidence.text
        else:
            assert not m.fine_roles


def test_aliases_resolve_to_one_actor(analysed: Article) -> None:
    """Kyiv, Kiev and the Ukrainian authorities are one actor; the Kremlin is Russia."""
    by_text = {m.text: m.actor for m in analysed.mentions}
    assert by_text["Kyiv"] == by_text["Kiev"] == by_text["Ukrainian authorities"] == "ukraine"
    assert by_text["Kremlin"] == "russia"
    assert by_text["Russian troops"] == "russian_armed_forces"  # the alias beats spaCy's "Russian"
    summary = {a.actor: a for a in analysed.actors}
    assert summary["ukraine"].mentions >= 4
    assert sum(summary["ukraine"].role_counts.values()) == summary["ukraine"].mentions


def test_clear_cases_are_cast_as_written(analysed: Article) -> None:
    """A shelling army is an antagonist; killed civilians are victims (regression check)."""
    roles = {m.text: m for m in analysed.mentions}
    assert roles["Russian troops"].main_role == "Antagonist"
    assert roles["Kremlin"].main_role == "Antagonist"


def test_article_without_entities_has_no_mentions(pipeline) -> None:  # type: ignore[no-untyped-def]
    article = pipeline(article_from_text("it rained all day and the river rose slowly.\n", id="x"))
    assert article.ok and article.mentions == [] and article.actors == []


def test_failed_article_is_left_alone(pipeline) -> None:  # type: ignore[no-untyped-def]
    article = pipeline(article_from_text("", id="empty"))
    assert not article.ok and article.mentions == []


def test_given_mentions_always_get_a_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    """In given-mentions mode 'merely mentioned' is not an answer; the given offsets are kept."""
    article = article_from_text(TEXT, id="given.txt")
    article.metadata[GIVEN_MENTIONS] = True
    start = TEXT.index("NATO")
    article.mentions = [Mention(start, start + 4, "NATO", given=[start, start + 3])]
    out = pipeline(article)
    assert [m.text for m in out.mentions] == ["NATO"]
    assert out.mentions[0].main_role in MAIN_ROLES
    assert out.mentions[0].given == [start, start + 3]


def test_json_round_trip_keeps_mentions_and_actors(analysed: Article) -> None:
    again = Article.from_dict(analysed.to_dict())
    assert again.mentions == analysed.mentions and again.actors == analysed.actors


def test_shipped_heads_exist_for_both_embedders() -> None:
    for name in ("e5-small", "use-multilingual"):
        head = RoleHead.load(shipped_role_dir(name))
        assert head.embedder == name and set(MAIN_ROLES) <= set(head.main_labels)
        assert len(head.fine_labels) == 22


def test_decide_roles_respects_none_and_fine_ratio() -> None:
    """'none' wins only when allowed; a second fine role needs fine_ratio of the first one's score."""
    tax = load_roles()
    labels = [*MAIN_ROLES, NONE]
    head = RoleHead("x", labels, list(tax.fine_roles), [tax.main_of[f] for f in tax.fine_roles],
                    np.zeros((2, 4)), np.zeros(4), np.zeros((2, 22)), np.zeros(22),
                    RoleRule(fine_ratio=0.75, max_fine=2))
    main = np.array([[0.1, 0.3, 0.1, 0.5]])
    fine = np.zeros((1, 22))
    fine[0, head.fine_labels.index("Deceiver")] = 0.5
    fine[0, head.fine_labels.index("Instigator")] = 0.4
    fine[0, head.fine_labels.index("Tyrant")] = 0.1
    assert decide_roles(head, main, fine, allow_none=True)[0].main == ""
    chosen = decide_roles(head, main, fine, allow_none=False)[0]
    assert chosen.main == "Antagonist"
    assert [f for f, _ in chosen.fine] == ["Deceiver", "Instigator"]
    head.rule.fine_ratio = 0.9
    assert [f for f, _ in decide_roles(head, main, fine, allow_none=False)[0].fine] == ["Deceiver"]


def test_stance_prior_direction() -> None:
    """A pro-Kremlin narrative lowers Russia's Antagonist score and raises Ukraine's; 'Other' reverses."""
    article = Article(id="a", narratives=[Label("URW: Discrediting Ukraine", 0.8)])
    stance = article_stance(article)
    assert antagonist_shift(stance, "russia", 2.0) > 0 > antagonist_shift(stance, "ukraine", 2.0)
    neutral = article_stance(Article(id="b", narratives=[Label("Other", 0.9)]))
    assert antagonist_shift(neutral, "russia", 2.0) < 0 < antagonist_shift(neutral, "west", 2.0)
    assert antagonist_shift(stance, "", 2.0) == 0.0


def test_summary_picks_the_weightiest_role() -> None:
    mentions = [Mention(0, 4, "NATO", actor="nato", actor_name="NATO", main_role="Antagonist",
                        main_score=0.9, fine_roles=[Label("Instigator", 0.7)]),
                Mention(10, 14, "NATO", actor="nato", actor_name="NATO", main_role="Protagonist",
                        main_score=0.4, fine_roles=[Label("Guardian", 0.6)]),
                Mention(20, 24, "NATO", actor="nato", actor_name="NATO")]
    (summary,) = summarise_actors(mentions)
    assert (summary.main_role, summary.fine_role, summary.mentions) == ("Antagonist", "Instigator", 3)
    assert summary.role_counts == {"Antagonist": 1, "Protagonist": 1, "none": 1}


def test_trained_model_for_another_embedder_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    head = RoleHead.load(shipped_role_dir("use-multilingual"))
    head.save(tmp_path / "m")
    analyzer = RoleAnalyzer(model=str(tmp_path / "m"))
    with pytest.raises(Exception, match="trained on 'use-multilingual'"):
        analyzer.head_for("e5-small")
