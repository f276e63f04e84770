"""`narrascope compare`: analyse (or read analysed) articles, group stories, align claims.

Articles stream through the pipeline once; each keeps only what comparison
needs (its analysis without the sentence-level layers, one article vector,
one vector per claim), so memory grows with the number of claims, not with
the text. Articles that failed (unreadable, empty, unknown language) are
listed under ``failed`` with their reason; every input appears in the output.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from narrascope.backends.embedders import Embedder, get_embedder
from narrascope.compare.align import AlignRule, LLMJudge, align_pair, claim_status
from narrascope.compare.divergence import divergence
from narrascope.compare.pairs import PairModel
from narrascope.compare.stories import (
    EXACT_IN_STORY_BELOW,
    StoryRule,
    cluster_stories,
    event_keys,
    find_duplicates,
    nearest,
)
from narrascope.doc import Article
from narrascope.nlp.claims import extract_claims
from narrascope.pipeline import Pipeline

FORMAT = "narrascope.compare.v1"
SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"
MAX_DIVERGENCE_PAIRS = 200  # per story; a story of n sources has n(n-1)/2 pairs
SLIM_FIELDS = ("sentences", "entities", "mentions", "paragraphs", "techniques")


@dataclass
class CompareRule:
    stories: StoryRule = field(default_factory=StoryRule)
    align: AlignRule = field(default_factory=AlignRule)
    max_partners: int = 30  # an article's claims are aligned with its nearest partners only
    pairs: PairModel | None = None  # the shipped pair classifier, when there is one
    judge: LLMJudge | None = None  # an LLM back-end that judges candidate pairs, when asked


def default_rule(embedder: str) -> CompareRule:
    """Default thresholds plus the pair model shipped for ``embedder`` (if any)."""
    return CompareRule(pairs=PairModel.load(SHIPPED_MODELS / f"compare-{embedder}"))


@dataclass
class Digest:
    """One article as comparison keeps it."""

    article: Article
    vector: np.ndarray
    claim_vectors: np.ndarray
    keys: frozenset[str]


def is_analysis_file(path: Path) -> bool:
    """True for a JSONL written by `narrascope analyze` (records with status and sentences)."""
    if path.suffix.lower() not in (".jsonl", ".ndjson") or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except ValueError:
                    return False
                return isinstance(record, dict) and "status" in record and "sentences" in record
    return False


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-9)).astype(np.float32)


def background_path(embedder: str) -> Path:
    return SHIPPED_MODELS / f"compare-{embedder}" / "background.npz"


@lru_cache(maxsize=8)
def load_background(embedder: str) -> dict[str, np.ndarray]:
    """Per-language mean vectors to subtract (see scripts/build_compare_background.py); {} if none.
    Cached: callers read it, never change it."""
    path = background_path(embedder)
    if not path.is_file():
        return {}
    with np.load(path) as data:
        return {k: data[k].astype(np.float32) for k in data.files}


def _claim_rows(article: Article) -> list[int]:
    """For each claim, the index of the sentence it lies in."""
    rows = []
    for claim in article.claims:
        row = next((i for i, s in enumerate(article.sentences)
                    if s.start <= claim.start < max(s.end, s.start + 1)), 0)
        rows.append(row)
    return rows


def article_vectors(article: Article, matrix: np.ndarray,
                    background: dict[str, np.ndarray] | None = None
                    ) -> tuple[np.ndarray, np.ndarray, frozenset[str]]:
    """(article vector, one vector per claim, event keys), language-centred when possible."""
    rows = _claim_rows(article)
    dim = matrix.shape[1] if matrix.ndim == 2 and matrix.shape[0] else 384
    centre = (background or {}).get(article.language)
    if centre is not None and len(matrix) and centre.shape[0] == dim:
        matrix = _unit(matrix) - centre
    vector = _unit(matrix.mean(axis=0)) if len(matrix) else np.zeros(dim, np.float32)
    claims = _unit(matrix[rows]) if rows and len(matrix) else np.zeros((0, dim), np.float32)
    keys = event_keys(article.title + "\n" + article.text[:5000], [e.text for e in article.entities],
                      article.language)
    return vector.astype(np.float32), claims, keys


def digest(article: Article, matrix: np.ndarray, background: dict[str, np.ndarray] | None = None
           ) -> Digest:
    """Keep the vectors comparison needs, drop the sentence-level layers."""
    vector, claims, keys = article_vectors(article, matrix, background)
    for name in SLIM_FIELDS:
        setattr(article, name, [])
    article.vectors = None
    return Digest(article, vector, claims, keys)


def sentence_matrix(article: Article, embedder: Embedder) -> np.ndarray:
    """The article's sentence vectors from the pipeline, or embedded now with ``embedder``."""
    vectors = article.vectors
    if vectors is not None and vectors.model == embedder.name:
        return np.asarray(vectors.matrix, dtype=np.float32)
    texts = [s.text for s in article.sentences]
    return embedder.encode(texts) if texts else np.zeros((0, 384), np.float32)


def sentence_matrices(articles: list[Article], embedder: Embedder) -> list[np.ndarray]:
    """``sentence_matrix`` for several articles, embedding all missing sentences in one call
    (one call per article costs several times more: each call has a fixed overhead)."""
    missing = [a for a in articles
               if a.vectors is None or a.vectors.model != embedder.name]
    texts = [s.text for a in missing for s in a.sentences]
    encoded = embedder.encode(texts) if texts else np.zeros((0, 384), np.float32)
    fresh: dict[int, np.ndarray] = {}
    offset = 0
    for article in missing:
        fresh[id(article)] = encoded[offset : offset + len(article.sentences)]
        offset += len(article.sentences)
    return [fresh[id(a)] if id(a) in fresh else sentence_matrix(a, embedder) for a in articles]


def digest_stream(articles: Iterable[Article], pipeline: Pipeline, embedder: Embedder,
                  batch_size: int = 16) -> Iterator[Article | Digest]:
    """Analyse raw articles (keeping their vectors) and digest them; failures pass through."""
    for article in pipeline.pipe(articles, batch_size=batch_size, keep_vectors=True):
        if not article.ok:
            yield article
            continue
        yield digest(article, sentence_matrix(article, embedder), load_background(embedder.name))


def digest_analysed(articles: Iterable[Article], embedder: Embedder,
                    batch_size: int = 32) -> Iterator[Digest]:
    """Articles read back from an analysis JSONL: re-embed their sentences (vectors are not
    saved there), ``batch_size`` articles per embedding call."""
    stream = iter(articles)
    while batch := list(islice(stream, batch_size)):
        for article in batch:
            if not article.claims and article.sentences:
                article.claims = extract_claims(article)
        for article, matrix in zip(batch, sentence_matrices(batch, embedder)):
            yield digest(article, matrix, load_background(embedder.name))


def _claim_dict(claim: Any, alignments: list[Any]) -> dict[str, Any]:
    data = asdict(claim)
    data["status"] = claim_status(alignments)
    data["alignments"] = [asdict(a) for a in alignments]
    return data


def align_story(members: list[Digest], copies: dict[int, int], rule: CompareRule) -> list[dict]:
    """Per article: claims with alignments and status, and the counts an analyst reads first."""
    partners = nearest_partners(members, copies, rule.max_partners)
    out = []
    for i, member in enumerate(members):
        article = member.article
        found: list[list[Any]] = [[] for _ in article.claims]
        if i not in copies:
            for j in partners[i]:
                other = members[j]
                pairs = align_pair(article.claims, member.claim_vectors, other.article.id,
                                   other.article.claims, other.claim_vectors, rule.align,
                                   rule.pairs, (article.language, other.article.language),
                                   rule.judge)
                for k, alignment in enumerate(pairs):
                    if alignment is not None:
                        found[k].append(alignment)
        claims = [_claim_dict(c, a) for c, a in zip(article.claims, found)]
        counts = {s: sum(c["status"] == s for c in claims) for s in ("shared", "unique",
                                                                      "contradicted")}
        counts["unsupported_unattributed"] = sum(
            c["mode"] == "unattributed" and c["status"] != "shared" for c in claims)
        out.append({
            "id": article.id, "title": article.title, "source": article.source,
            "url": article.url, "published": article.published, "language": article.language,
            "duplicate_of": members[copies[i]].article.id if i in copies else None,
            "text": article.text, "claims": claims, "summary": {"claims": len(claims), **counts},
            "narratives": [n.name for n in article.narratives],
            "genre": article.genre.name if article.genre else "",
            "persuasion": article.persuasion, "warnings": article.warnings,
        })
    return out


def nearest_partners(members: list[Digest], copies: dict[int, int], limit: int
                     ) -> dict[int, list[int]]:
    """For each original article of a story, its ``limit`` most similar other originals
    (a nearest-neighbour search, so a story of thousands of articles stays near-linear)."""
    originals = [i for i in range(len(members)) if i not in copies]
    if len(originals) < 2:
        return {i: [] for i in originals}
    vectors = np.stack([members[i].vector for i in originals])
    _, idx = nearest(vectors, limit, EXACT_IN_STORY_BELOW)
    return {i: [originals[int(j)] for j in row if j >= 0 and originals[int(j)] != i][:limit]
            for i, row in zip(originals, idx)}


def story_title(members: list[Digest]) -> str:
    for d in members:
        if d.article.title:
            return d.article.title[:200]
    first = members[0].article
    return (first.claims[0].text if first.claims else first.text)[:200]


def iter_stories(digests: list[Digest], rule: CompareRule | None = None,
                 progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """The stories of :func:`compare_digests`, one at a time (a store of millions of
    articles writes them as they come instead of holding the whole document)."""
    rule = rule or CompareRule()
    vectors = np.stack([d.vector for d in digests]) if digests else np.zeros((0, 384), np.float32)
    groups = cluster_stories(vectors, [d.keys for d in digests], rule.stories,
                             [d.article.language for d in digests])
    for number, group in enumerate(groups, start=1):
        members = [digests[i] for i in group]
        copies = find_duplicates(list(range(len(group))), vectors[group],
                                 [d.article.text for d in members], rule.stories)
        originals = [i for i in range(len(members)) if i not in copies]
        pairs = islice(((a, b) for n, a in enumerate(originals) for b in originals[n + 1:]),
                       MAX_DIVERGENCE_PAIRS)
        yield {
            "id": f"story-{number}", "title": story_title(members),
            "languages": sorted({d.article.language for d in members}),
            "sources": sorted({d.article.source for d in members if d.article.source}),
            "articles": align_story(members, copies, rule),
            "duplicates": [{"copy": members[c].article.id, "of": members[o].article.id}
                           for c, o in sorted(copies.items())],
            "divergence": [divergence(members[a].article, members[b].article) for a, b in pairs],
        }
        if progress:
            progress(len(group))


def compare_digests(digests: list[Digest], failed: list[Article],
                    rule: CompareRule | None = None, problems: list[str] | None = None,
                    progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The JSON document `narrascope compare` writes."""
    return {
        "format": FORMAT,
        "articles": len(digests) + len(failed),
        "analysed": len(digests),
        "stories": list(iter_stories(digests, rule, progress)),
        "failed": [{"id": a.id, "origin": a.origin, "error": a.error} for a in failed],
        "problems": list(problems or []),
    }


def read_inputs(paths: list[str], pipeline_factory: Callable[[], Pipeline], embedder_name: str,
                read_articles: Callable[[list[str]], Iterable[Article]]
                ) -> tuple[list[Digest], list[Article], list[str]]:
    """Digest every input: analysis JSONL files are read back, everything else is analysed."""
    from narrascope.report.actors import read_analysis

    embedder = get_embedder(embedder_name)
    digests: list[Digest] = []
    failed: list[Article] = []
    problems: list[str] = []
    raw = [p for p in paths if not is_analysis_file(Path(p))]
    for path in (p for p in paths if is_analysis_file(Path(p))):
        articles, issues = read_analysis(Path(path))
        problems.extend(issues)
        digests.extend(digest_analysed(articles, embedder))
    if raw:
        for item in digest_stream(read_articles(raw), pipeline_factory(), embedder):
            if isinstance(item, Digest):
                digests.append(item)
            else:
                failed.append(item)
    return digests, failed, problems
