"""The corpus view of entity framing: actors x sources with role distributions."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from narrascope.doc import Article
from narrascope.nlp.actors import link_corpus
from narrascope.taxonomies.roles import MAIN_ROLES

NO_SOURCE = "(no source)"
ROLE_COLUMNS = (*MAIN_ROLES, "none")


def read_analysis(path: Path) -> tuple[list[Article], list[str]]:
    """Analysed articles from a JSONL file; failed records and bad lines are reported, not fatal."""
    articles, problems = [], []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise TypeError(f"a JSON {type(record).__name__}, not an object")
                article = Article.from_dict(record)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                problems.append(f"{path}:{lineno}: not an analysis record ({exc})")
                continue
            if article.ok:
                articles.append(article)
            else:
                problems.append(f"{path}:{lineno}: article {article.id!r} failed analysis: {article.error}")
    return articles, problems


@dataclass
class ActorRow:
    actor: str
    name: str
    type: str
    group: str  # the source (or language) compared
    articles: int = 0
    roles: Counter = field(default_factory=Counter)
    fines: Counter = field(default_factory=Counter)

    @property
    def mentions(self) -> int:
        return sum(self.roles.values())

    @property
    def dominant(self) -> str:
        cast = Counter({k: v for k, v in self.roles.items() if k != "none"})
        return cast.most_common(1)[0][0] if cast else "none"

    def share(self, role: str) -> float:
        return self.roles[role] / self.mentions if self.mentions else 0.0


def actor_table(articles: list[Article], by: str = "source",
                embed: Callable[[list[str]], np.ndarray] | None = None,
                min_mentions: int = 1, top: int | None = None) -> list[ActorRow]:
    """Rows per (actor, source or language), actors ordered by total mentions."""
    merged = link_corpus(((m.actor, m.actor_name) for a in articles for m in a.mentions if m.actor),
                         embed=embed)
    names: dict[str, tuple[str, str]] = {}  # merged id -> (display name, type) of its owner
    for article in articles:
        for m in article.mentions:
            owner = merged.get(m.actor, m.actor)
            if m.actor and (owner not in names or m.actor == owner):
                names[owner] = (m.actor_name, m.type)
    rows: dict[tuple[str, str], ActorRow] = {}
    for article in articles:
        group = (article.source or NO_SOURCE) if by == "source" else (article.language or "?")
        seen: set[str] = set()
        for m in article.mentions:
            if not m.actor:
                continue
            actor = merged.get(m.actor, m.actor)
            row = rows.get((actor, group))
            if row is None:
                row = rows[(actor, group)] = ActorRow(actor, *names[actor], group)
            row.roles[m.main_role or "none"] += 1
            row.fines.update(f.name for f in m.fine_roles[:1])
            if actor not in seen:
                row.articles += 1
                seen.add(actor)
    totals: Counter = Counter()
    for row in rows.values():
        totals[row.actor] += row.mentions
    ranked = [actor for actor, _ in sorted(totals.items(), key=lambda x: (-x[1], x[0]))]
    keep = set(ranked[:top] if top else ranked)
    order = {actor: i for i, actor in enumerate(ranked)}
    out = [r for r in rows.values() if r.actor in keep and r.mentions >= min_mentions]
    return sorted(out, key=lambda r: (order[r.actor], -r.mentions, r.group))


def _fines(row: ActorRow, n: int = 3) -> str:
    return "; ".join(f"{name}:{count}" for name, count in row.fines.most_common(n))


def render_csv(rows: list[ActorRow], by: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["actor_id", "actor", "type", by, "articles", "mentions",
                     *[r.lower() for r in ROLE_COLUMNS], "dominant_role", "top_fine_roles"])
    for row in rows:
        writer.writerow([row.actor, row.name, row.type, row.group, row.articles, row.mentions,
                         *[row.roles[r] for r in ROLE_COLUMNS], row.dominant, _fines(row)])
    return buffer.getvalue()


def render_table(rows: list[ActorRow], by: str) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"How each {by} casts each actor (share of mentions)")
    for col in ("actor", by, "articles", "mentions", "Protagonist", "Antagonist", "Innocent",
                "none", "dominant", "top fine roles"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(row.name, row.group, str(row.articles), str(row.mentions),
                      *[f"{row.share(r):.0%}" for r in ROLE_COLUMNS], row.dominant, _fines(row))
    console = Console(file=io.StringIO(), width=160, force_terminal=False)
    console.print(table)
    return console.file.getvalue()
