"""Read-only queries behind every page and API endpoint of `narrascope serve`.

Each function takes a DuckDB cursor (one per request: DuckDB connections are
not shared across threads) and returns plain dicts and lists, so the HTML
pages and the JSON API show exactly the same data.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from narrascope.doc import Article

MAX_PAGE = 200


def query_words(q: str) -> list[str]:
    """Search words: lowercase, letters and digits; each must begin a word of the article."""
    return [w for w in re.split(r"[^\w]+", q.lower()) if len(w) >= 2][:8]


@dataclass
class Filters:
    source: str = ""
    language: str = ""
    narrative: str = ""
    actor: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions on ``a`` (the articles table) and their parameters."""
        parts, params = ["a.current"], []
        for column, value in (("a.source", self.source), ("a.language", self.language)):
            if value:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.date_from:
            parts.append("a.published >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append("a.published <= ?")
            params.append(self.date_to + "\uffff")
        if self.narrative:
            parts.append("EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.article_id AND "
                         "l.version = a.version AND l.kind IN ('narrative', 'subnarrative') "
                         "AND l.name = ?)")
            params.append(self.narrative)
        if self.actor:
            parts.append("EXISTS (SELECT 1 FROM labels l WHERE l.article_id = a.article_id AND "
                         "l.version = a.version AND l.kind = 'actor_role' AND "
                         "split_part(l.name, ':', 1) = ?)")
            params.append(self.actor)
        words = query_words(self.q)
        if words:
            one = "SELECT article_id, version FROM terms WHERE term >= ? AND term < ?"
            match = " INTERSECT ".join([one] * len(words))
            parts.append(f"(a.article_id, a.version) IN ({match})")
            params += [bound for w in words for bound in (w, w + "\uffff")]
        return " AND ".join(parts), params


def list_articles(cur: Any, filters: Filters, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    where, params = filters.where()
    limit = max(1, min(limit, MAX_PAGE))
    total = cur.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    rows = cur.execute(
        f"SELECT article_id, title, source, language, published, status, genre, "
        f"dominant_narrative, words FROM articles a WHERE {where} "
        f"ORDER BY published DESC NULLS LAST, article_id LIMIT ? OFFSET ?",
        [*params, limit, max(offset, 0)]).fetchall()
    keys = ("id", "title", "source", "language", "published", "status", "genre",
            "dominant_narrative", "words")
    return {"total": total, "limit": limit, "offset": offset,
            "articles": [dict(zip(keys, r)) for r in rows]}


def get_article(cur: Any, article_id: str) -> Article | None:
    row = cur.execute("SELECT record FROM articles WHERE article_id = ? AND current",
                      [article_id]).fetchone()
    return Article.from_dict(json.loads(row[0])) if row else None


def story_of(cur: Any, article_id: str) -> str | None:
    row = cur.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                      [article_id]).fetchone()
    return row[0] if row else None


def dashboard(cur: Any, filters: Filters, top: int = 15) -> dict[str, Any]:
    """Counts, narrative prevalence by source and by month, actors by source, technique profiles."""
    where, params = filters.where()
    scope = f"FROM articles a WHERE {where}"
    labels = f"FROM articles a JOIN labels l USING (article_id, version) WHERE {where}"
    spans = f"FROM articles a JOIN spans s USING (article_id, version) WHERE {where}"
    totals = cur.execute(f"SELECT count(*), count(DISTINCT source), count(DISTINCT language) "
                         f"{scope}", params).fetchone()
    by_source = cur.execute(
        f"SELECT coalesce(nullif(a.source, ''), '(no source)'), l.name, count(*) {labels} "
        "AND l.kind = 'narrative' GROUP BY ALL ORDER BY 3 DESC LIMIT 200", params).fetchall()
    by_month = cur.execute(
        f"SELECT substr(a.published, 1, 7) AS month, l.name, count(*) {labels} "
        "AND l.kind = 'narrative' AND a.published <> '' GROUP BY ALL ORDER BY 1, 3 DESC LIMIT 500",
        params).fetchall()
    actors = cur.execute(
        f"SELECT split_part(l.name, ':', 1) AS actor, coalesce(nullif(a.source, ''), '(no source)'), "
        f"split_part(l.name, ':', 2) AS role, count(*) {labels} "
        "AND l.kind = 'actor_role' GROUP BY ALL ORDER BY 4 DESC LIMIT ?", [*params, top * 4]).fetchall()
    techniques = cur.execute(
        f"SELECT coalesce(nullif(a.source, ''), '(no source)'), s.detail, "
        f"round(1000.0 * count(*) / greatest(sum(DISTINCT a.words), 1), 2) "
        f"{spans} "
        "AND s.layer = 'technique' GROUP BY ALL ORDER BY 1, 3 DESC LIMIT 300", params).fetchall()
    narratives = cur.execute(
        f"SELECT l.name, count(*) {labels} "
        "AND l.kind = 'narrative' GROUP BY ALL ORDER BY 2 DESC LIMIT ?", [*params, top]).fetchall()
    return {
        "articles": totals[0], "sources": totals[1], "languages": totals[2],
        "narratives": [{"narrative": n, "articles": c} for n, c in narratives],
        "narratives_by_source": [{"source": s, "narrative": n, "articles": c} for s, n, c in by_source],
        "narratives_by_month": [{"month": m, "narrative": n, "articles": c} for m, n, c in by_month],
        "actors_by_source": [{"actor": a, "source": s, "role": r, "articles": c}
                             for a, s, r, c in actors],
        "techniques_by_source": [{"source": s, "group": g, "per_1000_words": v}
                                 for s, g, v in techniques],
    }


def list_stories(cur: Any, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    rows = cur.execute("SELECT story_id, title, languages, sources, articles FROM stories "
                       "ORDER BY articles DESC, story_id LIMIT ? OFFSET ?",
                       [max(1, min(limit, MAX_PAGE)), max(offset, 0)]).fetchall()
    return [{"id": s, "title": t, "languages": la, "sources": so, "articles": n}
            for s, t, la, so, n in rows]


def get_story(cur: Any, story_id: str) -> dict[str, Any] | None:
    """A story in the shape `narrascope compare` writes, so its report code renders it."""
    head = cur.execute("SELECT story_id, title, languages, sources FROM stories WHERE story_id = ?",
                       [story_id]).fetchone()
    if head is None:
        return None
    members = cur.execute(
        "SELECT article_id, version, duplicate_of, claims, shared, unique_claims, contradicted, "
        "unsupported_unattributed FROM story_articles WHERE story_id = ? ORDER BY article_id",
        [story_id]).fetchall()
    articles = []
    for aid, version, dup, n, shared, unique, contradicted, unsupported in members:
        # one point lookup per member: a join with the whole articles table costs ~0.3 s at 100k
        title, source, lang, text = cur.execute(
            "SELECT title, source, language, json_extract_string(record, '$.text') FROM articles "
            "WHERE article_id = ? AND version = ?", [aid, version]).fetchone() or ("", "", "", "")
        aligned: dict[str, list[dict[str, Any]]] = {}
        for cid, other, other_claim, relation, score, reason, start, end, other_text in cur.execute(
                "SELECT al.claim_id, al.other_article_id, al.other_claim_id, al.relation, al.score, "
                "al.reason, c.start_char, c.end_char, c.text FROM alignments al "
                "JOIN story_articles so ON so.story_id = al.story_id "
                "AND so.article_id = al.other_article_id JOIN claims c ON c.article_id = "
                "so.article_id AND c.version = so.version AND c.claim_id = al.other_claim_id "
                "WHERE al.story_id = ? AND al.article_id = ?", [story_id, aid]).fetchall():
            aligned.setdefault(cid, []).append(
                {"article": other, "claim": other_claim, "relation": relation, "score": score,
                 "reason": reason, "start": start, "end": end, "text": other_text})
        claims = []
        for cid, start, end, ctext, src, stype, cue, mode, certainty, cues in cur.execute(
                "SELECT claim_id, start_char, end_char, text, source, source_type, cue, mode, "
                "certainty, certainty_cues FROM claims WHERE article_id = ? AND version = ? "
                "ORDER BY start_char", [aid, version]).fetchall():
            found = aligned.get(cid, [])
            relations = {x["relation"] for x in found}
            status = "contradicted" if "conflicting" in relations else (
                "shared" if "same" in relations else "unique")
            claims.append({"id": cid, "start": start, "end": end, "text": ctext, "source": src,
                           "source_type": stype, "cue": cue, "mode": mode,
                           "certainty": certainty, "certainty_cues": list(cues or []),
                           "status": status, "alignments": found})
        articles.append({"id": aid, "title": title, "source": source, "language": lang,
                         "duplicate_of": dup, "text": text or "", "claims": claims,
                         "summary": {"claims": n, "shared": shared, "unique": unique,
                                     "contradicted": contradicted,
                                     "unsupported_unattributed": unsupported}})
    divergence = [{"a": a, "b": b, "score": s, "parts": json.loads(p), **json.loads(d)}
                  for a, b, s, p, d in cur.execute(
                      "SELECT a, b, score, parts, detail FROM divergence WHERE story_id = ?",
                      [story_id]).fetchall()]
    return {"id": head[0], "title": head[1], "languages": head[2], "sources": head[3],
            "articles": articles, "divergence": divergence,
            "duplicates": [{"copy": a["id"], "of": a["duplicate_of"]} for a in articles
                           if a["duplicate_of"]]}
