"""Reports for `narrascope compare`: a Markdown summary and a side-by-side HTML page.

Both read the JSON document of :func:`narrascope.compare.run.compare_digests`.
In the HTML page each story is a table with one column per source and one row
per group of aligned claims (shared, contradicted, or unique to one source),
followed by each article's text with its claims highlighted. Article text is
untrusted: everything is escaped, and the page loads nothing and runs no script.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from narrascope.report.html import highlight_layers

MAX_CLAIM_CHARS = 160
MAX_STORIES_IN_HTML = 300


def _short(text: str, limit: int = MAX_CLAIM_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    return _short(text).replace("|", "\\|")


def attribution_line(claim: dict[str, Any]) -> str:
    who = f"{claim['source']} ({claim['source_type'].replace('_', ' ')})" if claim["source"] \
        else "unattributed (the author)"
    parts = [who]
    if claim["cue"]:
        parts.append(f"cue: {claim['cue']}")
    parts.append(claim["mode"].replace("_", " "))
    certainty = claim["certainty"]
    if claim["certainty_cues"]:
        certainty += " (" + ", ".join(claim["certainty_cues"][:3]) + ")"
    parts.append(certainty)
    return " · ".join(parts)


def render_markdown(doc: dict[str, Any]) -> str:
    failed = f", {len(doc['failed'])} failed" if doc["failed"] else ""
    lines = [f"# narrascope compare: {doc['articles']} articles, {len(doc['stories'])} stories"
             + failed, ""]
    for story in doc["stories"]:
        articles = story["articles"]
        sources = f"; sources: {', '.join(story['sources'])}" if story["sources"] else ""
        lines += [f"## {story['id']}: {_cell(story['title'])}",
                  f"{len(articles)} article(s); languages: {', '.join(story['languages'])}{sources}",
                  "",
                  ("| article | source | lang | claims | shared | unique | contradicted "
                   "| unattributed, unsupported |"),
                  "|---|---|---|---|---|---|---|---|"]
        for a in articles:
            s = a["summary"]
            name = a["id"] + (f" (copy of {a['duplicate_of']})" if a["duplicate_of"] else "")
            lines.append(f"| {_cell(name)} | {_cell(a['source'] or '-')} | {a['language']} | "
                         f"{s['claims']} | {s['shared']} | {s['unique']} | {s['contradicted']} | "
                         f"{s['unsupported_unattributed']} |")
        lines.append("")
        conflicts = [(a, c, al) for a in articles for c in a["claims"] for al in c["alignments"]
                     if al["relation"] == "conflicting" and a["id"] < al["article"]]
        if conflicts:
            lines.append("**Contradictions**")
            for a, c, al in conflicts:
                lines.append(f"- {a['id']}: \"{_short(c['text'])}\" vs {al['article']}: "
                             f"\"{_short(al['text'])}\" ({al['reason']})")
            lines.append("")
        flagged = [(a, c) for a in articles for c in a["claims"]
                   if c["mode"] == "unattributed" and c["status"] != "shared"]
        if flagged and len(articles) > 1:
            lines.append("**Unattributed claims no other source supports**")
            lines += [f"- {a['id']}: \"{_short(c['text'])}\"" for a, c in flagged[:30]]
            lines.append("")
        if story["divergence"]:
            lines.append("**Framing divergence** (0 = same framing, 1 = nothing in common)")
            for d in story["divergence"][:20]:
                parts = ", ".join(f"{k} {v:.2f}" for k, v in d["parts"].items() if v is not None)
                roles = "; ".join(f"{r['name'] or r['actor']}: {r['a']} vs {r['b']}"
                                  for r in d["role_disagreements"][:4])
                lines.append(f"- {d['a']} vs {d['b']}: {d['score']:.2f} ({parts})"
                             + (f"; roles: {roles}" if roles else ""))
            lines.append("")
        if story["duplicates"]:
            lines += [f"Syndicated copy: {d['copy']} repeats {d['of']} (not counted twice)"
                      for d in story["duplicates"]] + [""]
    if doc["failed"]:
        lines += ["## Failed inputs", ""] + [f"- {f['id']}: {f['error']}" for f in doc["failed"]]
    if doc.get("problems"):
        lines += ["", "## Problems reading analysis files", ""] + [f"- {p}" for p in doc["problems"]]
    return "\n".join(lines).rstrip() + "\n"


def claim_rows(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the side-by-side table: linked claims (same or conflicting) share a row."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(key: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for a in articles:
        for c in a["claims"]:
            find((a["id"], c["id"]))
            for al in c["alignments"]:
                root_a, root_b = find((a["id"], c["id"])), find((al["article"], al["claim"]))
                if root_a != root_b:
                    parent[root_b] = root_a
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for a in articles:
        for c in a["claims"]:
            row = rows.setdefault(find((a["id"], c["id"])), {"cells": {}, "status": "unique"})
            row["cells"].setdefault(a["id"], []).append(c)
            if c["status"] == "contradicted" or row["status"] == "contradicted":
                row["status"] = "contradicted"
            elif c["status"] == "shared":
                row["status"] = "shared"
    order = {"contradicted": 0, "shared": 1, "unique": 2}
    return sorted(rows.values(), key=lambda r: (order[r["status"]], -len(r["cells"])))


def render_html(doc: dict[str, Any]) -> str:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    stories = []
    for story in doc["stories"][:MAX_STORIES_IN_HTML]:
        columns = story["articles"]
        texts = {a["id"]: highlight_layers(a["text"], [
            (c["start"], c["end"], f"{c['status']}: {attribution_line(c)}", f"claim-{c['status']}")
            for c in a["claims"]]) for a in columns}
        stories.append({**story, "rows": claim_rows(columns), "texts": texts})
    return env.get_template("compare.html.j2").render(
        doc=doc, stories=stories, attribution_line=attribution_line,
        hidden=max(len(doc["stories"]) - MAX_STORIES_IN_HTML, 0))
