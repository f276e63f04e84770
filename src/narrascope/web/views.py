"""What the article and story pages show, built from an analysis record; all text escaped.

Every highlighted stretch carries the classes of all the layers over it
(``tech g2``, ``ent role-Antagonist``, ``claim claim-unattributed``), so the
page can switch each layer off with a CSS checkbox: techniques colour the
background, actors colour the text, claims are underlined. Narrative evidence
spans get anchors (``#ev-3``) that the side panel links to.
"""
from __future__ import annotations

from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

from narrascope.doc import Article
from narrascope.report.compare import attribution_line, claim_rows
from narrascope.report.html import MAX_TEXT_CHARS, group_class
from narrascope.taxonomies.persuasion import load_persuasion

Layer = tuple[int, int, str, str]  # start, end, css classes, tooltip


def layered_marks(text: str, layers: list[Layer], anchors: dict[int, str] | None = None) -> Markup:
    """Escape ``text``; wrap each stretch covered by layers in one <mark> with all their classes."""
    text = text[:MAX_TEXT_CHARS]
    layers = [(s, min(e, len(text)), c, t) for s, e, c, t in layers if 0 <= s < min(e, len(text))]
    anchors = {k: v for k, v in (anchors or {}).items() if 0 <= k < len(text)}
    cuts = sorted({0, len(text), *anchors, *(s for s, *_ in layers), *(e for _, e, *_ in layers)})
    out: list[str] = []
    for start, end in pairwise(cuts):
        if start in anchors:
            out.append(f'<a id="{escape(anchors[start])}"></a>')
        over = [(c, t) for s, e, c, t in layers if s <= start and end <= e]
        piece = escape(text[start:end])
        if not over:
            out.append(str(piece))
            continue
        classes = " ".join(dict.fromkeys(" ".join(c for c, _ in over).split()))
        title = "; ".join(dict.fromkeys(t for _, t in over if t))
        out.append(f'<mark class="{escape(classes)}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))


def article_view(article: Article) -> dict[str, Any]:
    tax = load_persuasion()
    layers: list[Layer] = []
    for t in article.techniques:
        layers.append((t.start, t.end, f"tech {group_class(t.group)}",
                       f"{t.name} ({t.group}, {t.score:.2f}): {tax.descriptions.get(t.name, '')}"))
    for m in article.mentions:
        if m.main_role:
            fine = ", ".join(f.name for f in m.fine_roles[:2])
            layers.append((m.start, m.end, f"ent role-{m.main_role}",
                           f"{m.actor_name or m.text}: {m.main_role}" + (f" ({fine})" if fine else "")))
    for c in article.claims:
        kind = "claim claim-unattributed" if c.mode == "unattributed" else "claim"
        layers.append((c.start, c.end, kind, "claim: " + attribution_line(_claim_dict(c))))
    evidence: list[dict[str, Any]] = []
    anchors: dict[int, str] = {}
    for label in article.narratives + article.subnarratives:
        links = []
        for ev in label.evidence:
            anchor = anchors.setdefault(ev.start, f"ev-{len(anchors) + 1}")
            links.append({"anchor": anchor, "text": ev.text[:160]})
        evidence.append({"name": label.name, "score": label.score, "links": links})
    return {"a": article, "body": layered_marks(article.text, layers, anchors),
            "narratives": evidence, "groups": [(group_class(g), g) for g in tax.groups],
            "actors": [x for x in article.actors if x.main_role][:20],
            "truncated": len(article.text) > MAX_TEXT_CHARS}


def _claim_dict(claim: Any) -> dict[str, Any]:
    return {"source": claim.source, "source_type": claim.source_type, "cue": claim.cue,
            "mode": claim.mode, "certainty": claim.certainty, "certainty_cues": claim.certainty_cues}


def story_view(story: dict[str, Any]) -> dict[str, Any]:
    texts = {a["id"]: layered_marks(a["text"], [
        (c["start"], c["end"], f"claim-{c['status']}", f"{c['status']}: {attribution_line(c)}")
        for c in a["claims"]]) for a in story["articles"]}
    return {**story, "rows": claim_rows(story["articles"]), "texts": texts,
            "attribution_line": attribution_line}
