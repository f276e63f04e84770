"""A self-contained HTML report: summary, then each article with its evidence highlighted.

Article text is untrusted: the template autoescapes everything, highlighted
text is built from escaped segments, and the page loads no external resource
and runs no script.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from narrascope.doc import Article
from narrascope.taxonomies.narratives import OTHER
from narrascope.taxonomies.persuasion import load_persuasion

MAX_ARTICLES_IN_REPORT = 500
MAX_TEXT_CHARS = 20_000


def highlight(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """Escape ``text`` and wrap each (start, end, title) span in <mark>, skipping overlaps."""
    text = text[:MAX_TEXT_CHARS]
    out: list[str] = []
    cursor = 0
    for start, end, title in sorted(spans):
        if start < cursor or end > len(text):
            continue
        out.append(str(escape(text[cursor:start])))
        out.append(f'<mark title="{escape(title)}">{escape(text[start:end])}</mark>')
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


def highlight_layers(text: str, layers: list[tuple[int, int, str, str]]) -> Markup:
    """Escape ``text`` and mark every stretch covered by (start, end, title, css_class) layers.

    Overlapping layers are cut at their boundaries; each stretch gets the
    titles of every layer over it and the class of the first layer that has one.
    """
    text = text[:MAX_TEXT_CHARS]
    layers = [(s, min(e, len(text)), t, c) for s, e, t, c in layers if 0 <= s < min(e, len(text))]
    cuts = sorted({0, len(text), *(s for s, *_ in layers), *(e for _, e, *_ in layers)})
    out: list[str] = []
    for start, end in pairwise(cuts):
        over = [(t, c) for s, e, t, c in layers if s <= start and end <= e]
        piece = escape(text[start:end])
        if not over:
            out.append(str(piece))
            continue
        title = "; ".join(dict.fromkeys(t for t, _ in over))
        css = next((c for _, c in over if c), "")
        attr = f' class="{escape(css)}"' if css else ""
        out.append(f'<mark{attr} title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))


def group_class(group: str) -> str:
    groups = load_persuasion().groups
    return f"g{groups.index(group)}" if group in groups else "g-other"


def article_view(article: Article) -> dict[str, Any]:
    tax = load_persuasion()
    spans: dict[tuple[int, int], list[str]] = {}
    for label in article.narratives + article.subnarratives:
        for ev in label.evidence:
            spans.setdefault((ev.start, ev.end), []).append(label.name)
    layers = [(s, e, "; ".join(dict.fromkeys(names)), "") for (s, e), names in spans.items()]
    for t in article.techniques:
        tip = f"{t.name} ({t.group}, {t.score:.2f}): {tax.descriptions.get(t.name, '')}"
        layers.append((t.start, t.end, tip, group_class(t.group)))
    return {"a": article, "body": highlight_layers(article.text, layers), "actors": actor_rows(article),
            "classes": [group_class(t.group) for t in article.techniques],
            "truncated": len(article.text) > MAX_TEXT_CHARS}


def actor_rows(article: Article, limit: int = 15) -> list[dict[str, Any]]:
    """Actors the article casts in a role, each with the clause behind its strongest mention."""
    rows = []
    for actor in article.actors:
        if not actor.main_role:
            continue
        cast = [m for m in article.mentions if m.actor == actor.actor and m.main_role == actor.main_role]
        best = max(cast, key=lambda m: m.main_score, default=None)
        evidence = best.evidence.text[:300] if best and best.evidence else ""
        rows.append({"name": actor.name, "main_role": actor.main_role, "fine_role": actor.fine_role,
                     "mentions": actor.mentions, "evidence": evidence})
    return rows[:limit]


@dataclass
class ReportBuilder:
    """Collects articles as they stream by; keeps full detail for the first N only."""

    limit: int = MAX_ARTICLES_IN_REPORT
    kept: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    failed: int = 0
    narratives: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)

    def add(self, article: Article) -> None:
        self.total += 1
        if not article.ok:
            self.failed += 1
        else:
            self.languages[article.language] += 1
            for label in article.narratives:
                self.narratives[label.name] += 1
        if len(self.kept) < self.limit:
            self.kept.append(article_view(article))

    def render(self, title: str = "narrascope report") -> str:
        env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                          autoescape=select_autoescape(["html", "j2"]))
        return env.get_template("report.html.j2").render(
            title=title, articles=self.kept, total=self.total, failed=self.failed,
            narratives=self.narratives.most_common(), languages=self.languages.most_common(),
            omitted=self.total - len(self.kept), other=OTHER,
            groups=[(group_class(g), g, load_persuasion().descriptions[g])
                    for g in load_persuasion().groups],
        )

    def write(self, path: Path) -> None:
        path.write_text(self.render(), encoding="utf-8")
