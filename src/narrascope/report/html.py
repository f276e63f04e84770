"""A self-contained HTML report: summary, then each article with its evidence highlighted.

Article text is untrusted: the template autoescapes everything, highlighted
text is built from escaped segments, and the page loads no external resource
and runs no script.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from narrascope.doc import Article
from narrascope.taxonomies.narratives import OTHER

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


def article_view(article: Article) -> dict[str, Any]:
    spans: dict[tuple[int, int], list[str]] = {}
    for label in article.narratives + article.subnarratives:
        for ev in label.evidence:
            spans.setdefault((ev.start, ev.end), []).append(label.name)
    marked = [(s, e, "; ".join(dict.fromkeys(names))) for (s, e), names in spans.items()]
    return {"a": article, "body": highlight(article.text, marked), "actors": actor_rows(article),
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
        )

    def write(self, path: Path) -> None:
        path.write_text(self.render(), encoding="utf-8")
