"""Read persuasion-annotated data and fit the techniques, genre and frames heads.

Two sources: the project's synthetic articles (JSONL with ``title``,
``paragraphs`` holding ``{{span|Technique}}`` markup, ``genre``, ``frames``),
and a user's SemEval-2023 Task 3 folder (articles one paragraph a line, plus
``train-labels-subtask-{1,2,3}.txt``). Texts are split and embedded exactly
as at analysis time.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from narrascope.analyzers.narrative_head import DecisionRule, NarrativeHead
from narrascope.analyzers.persuasion import PersuasionModel, PersuasionRule
from narrascope.errors import InputError
from narrascope.ingest.decode import decode_bytes
from narrascope.nlp.paragraphs import split_paragraphs
from narrascope.nlp.sentences import split_sentences
from narrascope.taxonomies.persuasion import PersuasionTaxonomy
from narrascope.train.narratives import fit_weights, language_means, pooled

MARKUP = re.compile(r"\{\{([^{}|]+)\|([^{}]+?)\}\}")


@dataclass
class PersuasionExample:
    id: str
    text: str
    language: str
    genre: str = ""
    frames: set[str] = field(default_factory=set)
    spans: list[tuple[int, int, set[str]]] = field(default_factory=list)  # technique spans
    lines: dict[int, set[str]] = field(default_factory=dict)  # paragraph line -> techniques


def parse_article(row: dict, example_id: str) -> PersuasionExample:
    """Plain text (title, blank line, one paragraph a line) and technique spans from markup."""
    text = row["title"].strip() + "\n\n"
    spans: list[tuple[int, int, set[str]]] = []
    lines: dict[int, set[str]] = {}
    for number, para in enumerate(row["paragraphs"], start=3):
        cursor = 0
        names_here: set[str] = set()
        for match in MARKUP.finditer(para):
            text += para[cursor:match.start()]
            names = {n.strip() for n in match.group(2).split(",")}
            spans.append((len(text), len(text) + len(match.group(1)), names))
            names_here |= names
            text += match.group(1)
            cursor = match.end()
        text += para[cursor:] + "\n"
        lines[number] = names_here
    return PersuasionExample(example_id, text, row["lang"], row.get("genre", ""),
                             set(row.get("frames", [])), spans, lines)


def read_persuasion_markup(paths: Sequence[Path]) -> Iterator[PersuasionExample]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if line.strip():
                    yield parse_article(json.loads(line), f"{path.stem}:{lineno}")


def semeval2023_id(article_id: str) -> str:
    """'article111111111.txt' -> '111111111' (the id the SemEval-2023 label files use)."""
    base = article_id.rsplit("/", 1)[-1].removesuffix(".txt")
    return base[len("article"):] if base.startswith("article") and base[7:].isdigit() else base


def _label_rows(path: Path) -> Iterator[list[str]]:
    if path.is_file():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                yield line.rstrip("\r\n").split("\t")


def read_semeval2023(folder: Path) -> Iterator[PersuasionExample]:
    """A SemEval-2023 Task 3 language folder: train-articles-subtask-3/ and the label files."""
    docs = next((p for p in sorted(folder.glob("*articles*")) if p.is_dir()), None)
    if docs is None:
        raise InputError(f"{folder} holds no SemEval-2023 articles folder (e.g. train-articles-subtask-3/)")
    genre = {r[0]: r[1].strip() for r in _label_rows(next(iter(folder.glob("*labels-subtask-1.txt")), Path()))
             if len(r) > 1}
    frames = {r[0]: {f for f in r[1].split(",") if f} for r in
              _label_rows(next(iter(folder.glob("*labels-subtask-2.txt")), Path())) if len(r) > 1}
    lines: dict[str, dict[int, set[str]]] = {}
    for r in _label_rows(next(iter(folder.glob("*labels-subtask-3.txt")), Path())):
        if len(r) >= 2 and r[1].strip().isdigit():
            names = {t for t in (r[2].split(",") if len(r) > 2 else []) if t}
            lines.setdefault(r[0], {})[int(r[1])] = names
    lang = folder.name.lower()[:2]
    for path in sorted(docs.glob("*.txt")):
        key = semeval2023_id(path.name)
        if key not in genre and key not in frames and key not in lines:
            continue
        text, _ = decode_bytes(path.read_bytes())
        yield PersuasionExample(key, text, lang, genre.get(key, ""), frames.get(key, set()),
                                [], lines.get(key, {}))


@dataclass
class Embedded:
    sentences: list  # per example: list[Span]
    vectors: list[np.ndarray]  # per example: sentence matrix


def embed_persuasion(examples: Sequence[PersuasionExample], embedder, max_sentences: int = 400  # type: ignore[no-untyped-def]
                     ) -> Embedded:
    sentences = [split_sentences(ex.text)[:max_sentences] for ex in examples]
    flat = [s.text for sents in sentences for s in sents]
    matrix = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), np.float32)
    vectors, offset = [], 0
    for sents in sentences:
        vectors.append(matrix[offset: offset + len(sents)])
        offset += len(sents)
    return Embedded(sentences, vectors)


def _technique_rows(ex: PersuasionExample, sents: list, matrix: np.ndarray, index: dict[str, int],
                    rows: list[np.ndarray], targets: list[np.ndarray]) -> None:
    """Sentence rows (from spans) and paragraph rows (from line labels) for the techniques head."""
    if ex.spans:
        for s, vec in zip(sents, matrix):
            y = np.zeros(len(index), np.int8)
            for start, end, names in ex.spans:
                if start < s.end and end > s.start:
                    for n in names & set(index):
                        y[index[n]] = 1
            rows.append(vec)
            targets.append(y)
    for para in split_paragraphs(ex.text, sents):
        inside = [i for i, s in enumerate(sents) if s.start >= para.start and s.end <= para.end]
        names = ex.lines.get(int(para.label))
        if not inside or names is None:
            continue
        y = np.zeros(len(index), np.int8)
        for n in names & set(index):
            y[index[n]] = 1
        rows.append(pooled(matrix[inside]))
        targets.append(y)


def fit_persuasion(examples: Sequence[PersuasionExample], embedded: Embedded,
                   taxonomy: PersuasionTaxonomy, embedder_name: str,
                   rule: PersuasionRule | None = None, c: float = 1.0) -> PersuasionModel:
    """Logistic regressions: techniques on sentences and paragraphs, genre and frames on articles.

    Scores keep the labels' training frequencies (unbalanced), so that rare
    techniques need strong evidence; the decision thresholds are low to match.
    """
    if not examples:
        raise InputError("no training examples")
    means = language_means(examples, embedded.vectors)  # type: ignore[arg-type]

    def head(labels: tuple[str, ...]) -> NarrativeHead:
        dim = embedded.vectors[0].shape[1]
        return NarrativeHead(embedder_name, list(labels), np.zeros((dim, len(labels)), np.float32),
                             np.full(len(labels), -10.0, np.float32), DecisionRule(), {}, means)

    techniques, genre, frames = head(taxonomy.techniques), head(taxonomy.genres), head(taxonomy.frames)
    centred = [techniques.prepare(m, ex.language) for ex, m in zip(examples, embedded.vectors)]
    rows: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    index = {n: i for i, n in enumerate(taxonomy.techniques)}
    for ex, sents, matrix in zip(examples, embedded.sentences, centred):
        if len(matrix):
            _technique_rows(ex, sents, matrix, index, rows, targets)
    if rows:
        techniques.weights, techniques.bias = fit_weights(np.vstack(rows), np.vstack(targets),
                                                          [c] * len(index), balanced=False)
    docs = [(ex, pooled(m)) for ex, m in zip(examples, centred) if len(m)]
    for target_head, labels_of in ((genre, lambda ex: {ex.genre} if ex.genre else set()),
                                   (frames, lambda ex: ex.frames)):
        labelled = [(ex, v) for ex, v in docs if labels_of(ex)]
        if labelled:
            x = np.vstack([v for _, v in labelled])
            y = np.array([[int(label in labels_of(ex)) for label in target_head.labels]
                          for ex, _ in labelled], dtype=np.int8)
            target_head.weights, target_head.bias = fit_weights(x, y, [c] * len(target_head.labels),
                                                                balanced=False)
    return PersuasionModel(embedder_name, techniques, genre, frames, rule or PersuasionRule())
