"""The corpus store: one DuckDB file with articles, their spans and labels, claims, stories.

Every analysed article is stored whole (``record``: exactly ``Article.to_dict()``,
so exports round-trip) and also flattened into query tables (``spans``,
``labels``, ``claims``) for the web app and for SQL users. An article is
identified by its input id; re-ingesting the same content (same hash of title,
source and text) is skipped, changed content becomes a new ``version`` and the
older one stops being ``current``. Each batch is written in one transaction, so a
crash loses at most the batch in flight and never leaves half an article.
Stories are recomputed over the current articles from stored vectors, without
re-embedding.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, Self

import numpy as np

from narrascope.doc import Article
from narrascope.errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR, version INTEGER, current BOOLEAN, content_hash VARCHAR,
    status VARCHAR, error VARCHAR, title VARCHAR, source VARCHAR, url VARCHAR,
    published VARCHAR, language VARCHAR, genre VARCHAR, dominant_narrative VARCHAR,
    words INTEGER, ingested_at TIMESTAMP DEFAULT current_timestamp,
    record JSON, slim JSON, vector FLOAT[], keys VARCHAR[],
    PRIMARY KEY (article_id, version));
CREATE TABLE IF NOT EXISTS spans (
    article_id VARCHAR, version INTEGER, layer VARCHAR, start_char INTEGER, end_char INTEGER,
    text VARCHAR, label VARCHAR, score DOUBLE, detail VARCHAR);
CREATE TABLE IF NOT EXISTS labels (
    article_id VARCHAR, version INTEGER, kind VARCHAR, name VARCHAR, score DOUBLE);
CREATE TABLE IF NOT EXISTS claims (
    article_id VARCHAR, version INTEGER, claim_id VARCHAR, start_char INTEGER,
    end_char INTEGER, text VARCHAR, source VARCHAR, source_type VARCHAR, cue VARCHAR,
    mode VARCHAR, certainty VARCHAR, certainty_cues VARCHAR[], quantities JSON,
    vector FLOAT[]);
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR PRIMARY KEY, title VARCHAR, languages VARCHAR[], sources VARCHAR[],
    articles INTEGER);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id VARCHAR, article_id VARCHAR, version INTEGER, duplicate_of VARCHAR,
    claims INTEGER, shared INTEGER, unique_claims INTEGER, contradicted INTEGER,
    unsupported_unattributed INTEGER);
CREATE TABLE IF NOT EXISTS alignments (
    story_id VARCHAR, article_id VARCHAR, claim_id VARCHAR, other_article_id VARCHAR,
    other_claim_id VARCHAR, relation VARCHAR, score DOUBLE, reason VARCHAR);
CREATE TABLE IF NOT EXISTS terms (
    article_id VARCHAR, version INTEGER, term VARCHAR);
CREATE TABLE IF NOT EXISTS divergence (
    story_id VARCHAR, a VARCHAR, b VARCHAR, score DOUBLE, parts JSON, detail JSON);
"""
TABLES = ("articles", "spans", "labels", "claims", "terms", "stories", "story_articles",
          "alignments", "divergence")
# Full-text search: every distinct lowercase word (2+ letters) of title and text, per version.
INDEX_TERMS = """
INSERT INTO terms
SELECT DISTINCT article_id, version, term FROM (
    SELECT article_id, version,
           unnest(regexp_split_to_array(lower(coalesce(title, '') || ' ' ||
                  coalesce(json_extract_string(record, '$.text'), '')), '[^[:alnum:]]+')) AS term
    FROM articles JOIN batch_keys USING (article_id, version))
WHERE length(term) >= 2"""
STORY_TABLES = ("stories", "story_articles", "alignments", "divergence")
EXPORT_FORMATS = ("parquet", "jsonl", "csv")
SLIM_DROP = ("text", "sentences", "entities", "mentions", "paragraphs", "techniques", "claims")


def content_hash(article: Article) -> str:
    """What makes two versions of an article the same: title, source and text."""
    digest = hashlib.sha256()
    for part in (article.title, article.source, article.text):
        digest.update(part.encode("utf-8", "replace") + b"\x00")
    return digest.hexdigest()


class Store:
    """A DuckDB corpus file; use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        if read_only and not self.path.is_file():
            raise InputError(f"no corpus store at {self.path}; create one with narrascope ingest")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise InputError(f"{self.path} is not a narrascope store (DuckDB said: {exc})") from exc
        if not read_only:
            self.con.execute(SCHEMA)
        self._versions: dict[str, tuple[int, str]] | None = None  # read once, kept by add()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- reading -----------------------------------------------------------------------

    def known_hashes(self) -> dict[str, tuple[int, str]]:
        """article id -> (current version, content hash)."""
        rows = self.con.execute(
            "SELECT article_id, version, content_hash FROM articles WHERE current").fetchall()
        return {a: (v, h) for a, v, h in rows}

    def count(self, current_only: bool = True) -> int:
        where = " WHERE current" if current_only else ""
        return int(self.con.execute(f"SELECT count(*) FROM articles{where}").fetchone()[0])

    def article(self, article_id: str, version: int | None = None) -> Article | None:
        query = "SELECT record FROM articles WHERE article_id = ? AND "
        query += "version = ?" if version is not None else "current"
        params = [article_id, version] if version is not None else [article_id]
        row = self.con.execute(query, params).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    # -- writing -----------------------------------------------------------------------

    def add(self, items: Iterable[tuple[Article, str, Any]]) -> int:
        """Store (article, content hash, digest-or-None) items in one transaction, with one
        multi-row statement per table (a statement per row costs DuckDB milliseconds each)."""
        items = list(items)
        if not items:
            return 0
        if self._versions is None:  # reading every version per batch made ingest quadratic
            self._versions = self.known_hashes()
        known, added = self._versions, {}
        rows: dict[str, list[tuple]] = {"articles": [], "spans": [], "labels": [], "claims": []}
        replaced, keys = set(), []
        last = {article.id: i for i, (article, _, _) in enumerate(items)}
        for i, (article, digest_hash, digest) in enumerate(items):
            previous = added.get(article.id) or known.get(article.id)
            version = previous[0] + 1 if previous else 1
            if previous:
                replaced.add(article.id)
            added[article.id] = (version, digest_hash)
            keys.append((article.id, version))
            _article_rows(rows, article, version, digest_hash, digest, last[article.id] == i)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if replaced:
                self.con.execute("UPDATE articles SET current = false WHERE current AND "
                                 "list_contains(?, article_id)", [sorted(replaced)])
            for table, table_rows in rows.items():
                _insert_many(self.con, table, table_rows)
            self.con.execute("CREATE OR REPLACE TEMP TABLE batch_keys (article_id VARCHAR, "
                             "version INTEGER)")
            _insert_many(self.con, "batch_keys", keys)
            self.con.execute(INDEX_TERMS)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        known.update(added)
        return len(items)

    def sort_terms(self) -> None:
        """Keep the term table in term order: DuckDB's zone maps then skip all but a few
        row groups for a search word (2 ms instead of 80 ms at 100,000 articles)."""
        self.con.execute("CREATE OR REPLACE TABLE terms AS SELECT * FROM terms "
                         "ORDER BY term, article_id")

    # -- stories -------------------------------------------------------------------------

    def digests(self, chunk: int = 2000) -> Iterator[Any]:
        """Digests of the current analysed articles, rebuilt from stored vectors (with the
        text, which duplicate detection compares, but not the sentence-level layers).

        Two ordered streams (articles, and their claims in the same order) merged here:
        one query each instead of one claims query per article, read ``chunk`` rows at a time.
        """
        from narrascope.compare.run import Digest

        where = "a.current AND a.status = 'ok' AND a.vector IS NOT NULL"
        order = "a.ingested_at, a.article_id"
        articles = self.con.cursor().execute(
            "SELECT a.article_id, a.slim, a.vector, a.keys, "
            "coalesce(json_extract_string(a.record, '$.text'), '') "
            f"FROM articles a WHERE {where} "
            f"ORDER BY {order}")
        claims = self.con.cursor().execute(
            "SELECT c.article_id, c.claim_id, c.start_char, c.end_char, c.text, c.source, "
            "c.source_type, c.cue, c.mode, c.certainty, c.certainty_cues, c.quantities, c.vector "
            f"FROM claims c JOIN articles a USING (article_id, version) WHERE {where} "
            f"ORDER BY {order}, c.start_char")
        claim_rows = _rows(claims, chunk)
        pending = next(claim_rows, None)
        for article_id, slim, vector, keys, text in _rows(articles, chunk):
            mine = []
            while pending is not None and pending[0] == article_id:
                mine.append(pending[1:])
                pending = next(claim_rows, None)
            article = Article.from_dict(json.loads(slim))
            article.text = text  # syndicated copies are told apart by their wording
            article.claims = [_claim(row) for row in mine]
            dim = len(vector)
            claim_vectors = np.array([r[-1] or [0.0] * dim for r in mine],
                                     dtype=np.float32).reshape(-1, dim)
            yield Digest(article, np.asarray(vector, dtype=np.float32), claim_vectors,
                         frozenset(keys or []))

    def replace_stories(self, stories: Iterable[dict[str, Any]]) -> int:
        """Swap the story tables for new compare stories, in one transaction; returns how many.
        Stories are written as they come, in multi-row statements, so a large store never
        holds the whole compare document."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in STORY_TABLES:
                self.con.execute(f"DELETE FROM {table}")
            versions = dict(self.con.execute(
                "SELECT article_id, version FROM articles WHERE current").fetchall())
            rows: dict[str, list[tuple]] = {table: [] for table in STORY_TABLES}
            count = 0
            for story in stories:
                count += 1
                _story_rows(rows, story, versions)
                if sum(map(len, rows.values())) >= 5000:
                    self._flush(rows)
            self._flush(rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return count

    def _flush(self, rows: dict[str, list[tuple]]) -> None:
        for table, pending in rows.items():
            _insert_many(self.con, table, pending)
            pending.clear()

    # -- export --------------------------------------------------------------------------

    def export(self, fmt: str, folder: Path) -> list[Path]:
        """One file per table in ``folder``; parquet and jsonl keep every value as stored."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
        folder.mkdir(parents=True, exist_ok=True)
        options = {"parquet": "FORMAT parquet", "jsonl": "FORMAT json",
                   "csv": "FORMAT csv, HEADER true"}[fmt]
        written = []
        for table in TABLES:
            target = folder / f"{table}.{fmt}"
            self.con.execute(f"COPY {table} TO '{_sql_path(target)}' ({options})")
            written.append(target)
        return written


ARTICLE_COLUMNS = ("article_id, version, current, content_hash, status, error, title, source, "
                   "url, published, language, genre, dominant_narrative, words, record, slim, "
                   "vector, keys")


def _article_rows(rows: dict[str, list[tuple]], article: Article, version: int,
                  digest_hash: str, digest: Any, current: bool) -> None:
    """The rows one article version adds to articles, spans, labels and claims."""
    record = article.to_dict()
    slim = {k: v for k, v in record.items() if k not in SLIM_DROP}
    rows["articles"].append((
        article.id, version, current, digest_hash, article.status, article.error, article.title,
        article.source, article.url, article.published, article.language,
        article.genre.name if article.genre else None,
        article.dominant_narrative.narrative if article.dominant_narrative else None,
        len(article.text.split()), json.dumps(record, ensure_ascii=False),
        json.dumps(slim, ensure_ascii=False),
        digest.vector.tolist() if digest is not None else None,
        sorted(digest.keys) if digest is not None else None))
    key = (article.id, version)
    rows["spans"] += [(*key, *span) for span in _span_rows(article)]
    rows["labels"] += [(*key, *label) for label in _label_rows(article)]
    vectors = digest.claim_vectors if digest is not None else np.zeros((0, 0))
    rows["claims"] += [
        (*key, c.id, c.start, c.end, c.text, c.source, c.source_type, c.cue, c.mode, c.certainty,
         c.certainty_cues, json.dumps(c.quantities),
         vectors[i].tolist() if i < len(vectors) else None)
        for i, c in enumerate(article.claims)]


def _story_rows(rows: dict[str, list[tuple]], story: dict[str, Any],
                versions: dict[str, int]) -> None:
    """The rows one compare story adds to the story tables."""
    sid = story["id"]
    rows["stories"].append((sid, story["title"], story["languages"], story["sources"],
                            len(story["articles"])))
    for a in story["articles"]:
        s = a["summary"]
        rows["story_articles"].append(
            (sid, a["id"], versions.get(a["id"]), a["duplicate_of"], s["claims"], s["shared"],
             s["unique"], s["contradicted"], s["unsupported_unattributed"]))
        rows["alignments"] += [(sid, a["id"], c["id"], al["article"], al["claim"],
                                al["relation"], al["score"], al["reason"])
                               for c in a["claims"] for al in c["alignments"]]
    for d in story["divergence"]:
        detail = {k: d[k] for k in ("narratives_only_a", "narratives_only_b",
                                    "role_disagreements", "techniques_per_1000_words")}
        rows["divergence"].append((sid, d["a"], d["b"], d["score"], json.dumps(d["parts"]),
                                   json.dumps(detail, ensure_ascii=False)))


def _insert_many(con: Any, table: str, rows: list[tuple], chunk: int = 500) -> None:
    """INSERT rows with multi-row VALUES statements of up to ``chunk`` rows."""
    if not rows:
        return
    columns = f" ({ARTICLE_COLUMNS})" if table == "articles" else ""
    marks = "(" + ", ".join("?" * len(rows[0])) + ")"
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        con.execute(f"INSERT INTO {table}{columns} VALUES " + ", ".join([marks] * len(part)),
                    [value for row in part for value in row])


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _rows(cursor: Any, chunk: int) -> Iterator[tuple]:
    while part := cursor.fetchmany(chunk):
        yield from part


def _claim(row: tuple) -> Any:
    from narrascope.doc import Claim

    cid, start, end, text, source, stype, cue, mode, certainty, cues, quantities, _ = row
    return Claim(id=cid, start=start, end=end, text=text, score=0.0, source=source,
                 source_type=stype, cue=cue, mode=mode, certainty=certainty,
                 certainty_cues=list(cues or []), quantities=json.loads(quantities or "[]"))


def _span_rows(article: Article) -> Iterator[tuple]:
    """(layer, start, end, text, label, score, detail) for every span-like result."""
    for s in article.sentences:
        yield "sentence", s.start, s.end, s.text, s.label, s.score, None
    for s in article.entities:
        yield "entity", s.start, s.end, s.text, s.label, s.score, None
    for label in article.narratives + article.subnarratives:
        for ev in label.evidence:
            yield "narrative_evidence", ev.start, ev.end, ev.text, label.name, ev.score, None
    for m in article.mentions:
        detail = json.dumps({"actor": m.actor, "actor_name": m.actor_name,
                             "fine_roles": [asdict(f) for f in m.fine_roles[:3]]},
                            ensure_ascii=False)
        yield "mention", m.start, m.end, m.text, m.main_role, m.main_score, detail
    for t in article.techniques:
        yield "technique", t.start, t.end, t.text, t.name, t.score, t.group
    for c in article.claims:
        yield "claim", c.start, c.end, c.text, c.mode, c.score, c.source


def _label_rows(article: Article) -> Iterator[tuple[str, str, float]]:
    for kind, labels in (("narrative", article.narratives), ("subnarrative", article.subnarratives),
                         ("frame", article.frames)):
        for label in labels:
            yield kind, label.name, label.score
    if article.genre:
        yield "genre", article.genre.name, article.genre.score
    for actor in article.actors:
        if actor.main_role:
            yield "actor_role", f"{actor.actor}:{actor.main_role}", float(actor.mentions)
