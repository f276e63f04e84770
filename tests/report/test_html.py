"""The HTML report treats article text as untrusted and highlights evidence."""
from __future__ import annotations

from markupsafe import escape

from narrascope.doc import Article, DominantNarrative, Label, Span
from narrascope.ingest.text import article_from_text
from narrascope.pipeline import Pipeline
from narrascope.report.html import ReportBuilder, highlight

HOSTILE_TITLE = "Breaking <script>alert(1)</script> news"
HOSTILE_BODY = ('See <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">this link</a>. '
                "Ukraine is a puppet of the West.")
HOSTILE_TEXT = f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}"
DU = "URW: Discrediting Ukraine"
PUPPET = f"{DU}: Ukraine is a puppet of the West"


def _hostile_article() -> Article:
    text = HOSTILE_TEXT
    sent = "Ukraine is a puppet of the West."
    start = text.index(sent)
    evidence = Span(start, start + len(sent), sent, score=0.9)
    script_ev = Span(0, len(HOSTILE_TITLE), HOSTILE_TITLE, score=0.4)
    return Article(
        id="evil<script>alert(2)</script>.txt", text=text, title=HOSTILE_TITLE, language="en",
        language_confidence=0.99, source='<img src=x onerror="alert(3)">',
        warnings=["odd <b onmouseover=alert(4)>warning</b>"],
        narratives=[Label(DU, 0.9, [script_ev, evidence])],
        subnarratives=[Label(PUPPET, 0.8, [evidence])],
        dominant_narrative=DominantNarrative(DU, PUPPET, f"Quoted: “{HOSTILE_TITLE}”", [evidence]),
    )


def _assert_no_live_markup(html: str) -> None:
    assert "<script" not in html
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "<a " not in html
    assert 'href="javascript:' not in html
    assert "<b onmouseover" not in html


def test_report_html_escapes_untrusted_text() -> None:
    report = ReportBuilder()
    report.add(_hostile_article())
    failed = Article(id="bad.txt", title="<script>alert(5)</script>").fail(
        "bad.txt: <script>alert(6)</script> broke")
    report.add(failed)
    html = report.render()
    _assert_no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;this link&lt;/a&gt;" in html
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in html
    assert "2 articles analysed, 1 ok, 1 failed." in html
    assert "Content-Security-Policy" in html


def test_report_html_wraps_evidence_in_mark() -> None:
    report = ReportBuilder()
    report.add(_hostile_article())
    html = report.render()
    assert f'<mark title="{DU}; {PUPPET}">Ukraine is a puppet of the West.</mark>' in html
    # evidence over hostile text is highlighted and still escaped
    assert f'<mark title="{DU}">{escape(HOSTILE_TITLE)}</mark>' in html


def test_report_highlight_skips_overlapping_and_out_of_range_spans() -> None:
    out = str(highlight("a<b> c d", [(0, 4, "x"), (2, 6, "y"), (5, 99, "z")]))
    assert out == '<mark title="x">a&lt;b&gt;</mark> c d'


def test_report_html_escapes_pipeline_output(pipeline: Pipeline) -> None:
    text = ("Sanctions <script>alert(1)</script> will backfire on Europe\n\n"
            "The sanctions imposed on Russia are destroying European industry while Moscow grows "
            'richer. Read <a href="javascript:alert(1)">more</a> and <img src=x onerror=alert(1)>. '
            "Energy bills have doubled and factories are closing across Germany because Brussels "
            "obeys Washington. Ordinary Europeans pay the price for a war that is not theirs, and "
            "the sanctions hurt them far more than the Kremlin. Every new package of sanctions "
            "makes Europe poorer and more dependent on expensive American gas.")
    [article] = list(pipeline.pipe([article_from_text(text, id="xss.txt")]))
    assert article.ok, article.error
    report = ReportBuilder()
    report.add(article)
    html = report.render()
    _assert_no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    spans = {(ev.start, ev.end) for lab in article.narratives + article.subnarratives
             for ev in lab.evidence}
    assert spans, "expected evidence spans from the narrative analyzer"
    for start, end in spans:
        assert f">{escape(article.text[start:end])}</mark>" in html


def test_report_lists_cast_actors_escaped() -> None:
    """The actors table shows each cast actor with its role and clause, escaped."""
    from narrascope.doc import ActorSummary, Mention

    text = "The <b>Junta</b> of Ruritania lied again.\n"
    evidence = Span(0, len(text) - 1, text.strip())
    article = Article(id="a", text=text, language="en",
                      mentions=[Mention(4, 16, "<b>Junta</b>", actor="~junta",
                                        actor_name="<b>Junta</b>", main_role="Antagonist",
                                        main_score=0.8, fine_roles=[Label("Deceiver", 0.7)],
                                        evidence=evidence)],
                      actors=[ActorSummary("~junta", "<b>Junta</b>", "ORG", 1, "Antagonist",
                                           "Deceiver", {"Antagonist": 1})])
    report = ReportBuilder()
    report.add(article)
    html = report.render()
    assert 'class="role-Antagonist">Antagonist</span> · Deceiver' in html
    assert "<b>Junta</b>" not in html and str(escape("<b>Junta</b>")) in html


def test_report_highlights_techniques_by_group_with_legend_toggles_and_tooltips() -> None:
    """Each technique span gets its group's colour class and a tooltip naming technique, group
    and our description; the legend has one checkbox per group that CSS uses to hide it."""
    from narrascope.doc import Technique
    from narrascope.taxonomies.persuasion import load_persuasion

    tax = load_persuasion()
    text = "Title\n\nThe <b>corrupt</b> regime lies. Either we act now or we perish.\n"
    loaded = text.index("The <b>")
    dilemma = text.index("Either")
    article = Article(id="t.txt", text=text, language="en", techniques=[
        Technique("Loaded_Language", "Manipulative wording", 0.8, 1, loaded, loaded + 31,
                  text[loaded:loaded + 31]),
        Technique("False_Dilemma-No_Choice", "Simplification", 0.6, 1, dilemma, len(text) - 1,
                  text[dilemma:-1])])
    report = ReportBuilder()
    report.add(article)
    html = report.render()
    wording = f"g{tax.groups.index('Manipulative wording')}"
    simple = f"g{tax.groups.index('Simplification')}"
    for css in (wording, simple):
        assert f'<input type="checkbox" id="show-{css}" checked>' in html
        assert f"#show-{css}:not(:checked) ~ main mark.{css}{{background:transparent}}" in html
    description = escape(tax.descriptions["Loaded_Language"])
    assert (f'<mark class="{wording}" title="Loaded_Language (Manipulative wording, 0.80): '
            f'{description}">The &lt;b&gt;corrupt&lt;/b&gt; regime lies.</mark>') in html
    assert f'<mark class="{simple}" title="False_Dilemma-No_Choice (Simplification' in html
    assert "<b>corrupt</b>" not in html
