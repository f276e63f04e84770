"""Read role-annotated data and fit a :class:`RoleHead`.

Two sources: the project's synthetic passages with inline markup
(``[[Kyiv|Antagonist|Instigator,Deceiver]]``, ``[[Reuters|none]]``), and a
user's SemEval-2025 Task 10 folder (``subtask-1-annotations.txt`` beside
``raw-documents/``). Mentions are featurised exactly as at analysis time.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from narrascope.analyzers.role_head import NONE, RoleHead, RoleRule
from narrascope.backends.embedders import Embedder
from narrascope.errors import InputError
from narrascope.ingest.decode import decode_bytes
from narrascope.nlp.mentions import mention_window, realign, sentence_index
from narrascope.nlp.sentences import split_sentences
from narrascope.taxonomies.roles import MAIN_ROLES, RoleTaxonomy

MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]]+?)\]\]")
Progress = Callable[[int], None]


@dataclass
class GoldMention:
    start: int  # exclusive end, like every span in narrascope
    end: int
    text: str
    main: str  # a main role, or "none"
    fines: list[str] = field(default_factory=list)
    given: tuple[int, int] | None = None  # offsets as the annotation file gave them


@dataclass
class RoleExample:
    id: str
    text: str
    language: str
    mentions: list[GoldMention]


def parse_markup(marked: str) -> tuple[str, list[GoldMention]]:
    """Plain text and its mentions from inline ``[[surface|Main|Fine,...]]`` markup."""
    parts, mentions, cursor, length = [], [], 0, 0
    for match in MARKUP.finditer(marked):
        before = marked[cursor:match.start()]
        parts.append(before)
        length += len(before)
        surface, tail = match.group(1), match.group(2).split("|")
        main = tail[0].strip()
        fines = [f.strip() for f in tail[1].split(",")] if len(tail) > 1 else []
        mentions.append(GoldMention(length, length + len(surface), surface, main, fines))
        parts.append(surface)
        length += len(surface)
        cursor = match.end()
    parts.append(marked[cursor:])
    return "".join(parts), mentions


def read_role_markup(paths: Sequence[Path]) -> Iterator[RoleExample]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if line.strip():
                    row = json.loads(line)
                    text, mentions = parse_markup(row["text"])
                    yield RoleExample(f"{path.stem}:{lineno}", text, row["lang"], mentions)


def read_subtask1(path: Path) -> Iterator[tuple[str, str, int, int, str, list[str]]]:
    """Rows of a subtask-1 file: (article_id, mention, start, end_inclusive, main, fines).

    Prediction files and gold files share the layout; a mentions-only file
    (four columns) yields empty roles. Malformed lines raise InputError with
    the line number.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise InputError(f"{path}:{lineno}: expected at least 4 tab-separated columns "
                                 f"(article_id, mention, start, end), found {len(cols)}")
            try:
                start, end = int(cols[2]), int(cols[3])
            except ValueError as exc:
                raise InputError(f"{path}:{lineno}: start and end must be integers") from exc
            main = cols[4].strip() if len(cols) > 4 else ""
            yield cols[0].strip(), cols[1], start, end, main, [c.strip() for c in cols[5:] if c.strip()]


def semeval_role_dirs(data_dir: Path) -> list[Path]:
    if (data_dir / "subtask-1-annotations.txt").is_file():
        return [data_dir]
    found = sorted(p for p in data_dir.iterdir()
                   if p.is_dir() and (p / "subtask-1-annotations.txt").is_file())
    if not found:
        raise InputError(f"{data_dir} holds no SemEval-2025 Task 10 role data: expected "
                         "subtask-1-annotations.txt and raw-documents/ in it or in its "
                         "language sub-folders (EN/, BG/, ...)")
    return found


def read_semeval_roles(data_dir: Path) -> Iterator[RoleExample]:
    """Annotated articles of every language folder under ``data_dir``, offsets re-aligned."""
    for folder in semeval_role_dirs(data_dir):
        docs = folder / "raw-documents"
        by_article: dict[str, list[GoldMention]] = {}
        for art_id, mention, start, end, main, fines in read_subtask1(folder / "subtask-1-annotations.txt"):
            by_article.setdefault(art_id, []).append(
                GoldMention(start, end + 1, mention, main, fines, given=(start, end)))
        for art_id, mentions in by_article.items():
            path = docs / art_id
            if not path.is_file():
                continue
            text, _ = decode_bytes(path.read_bytes())
            for m in mentions:
                m.start, m.end, _ = realign(text, m.text, m.start, m.end)
            yield RoleExample(art_id, text, folder.name.lower(), mentions)


@dataclass
class MentionFeatures:
    windows: np.ndarray
    sentences: np.ndarray
    languages: list[str]
    mains: list[str]
    fines: list[list[str]]


def featurise(examples: Sequence[RoleExample], embedder: Embedder, window_words: int,
              progress: Progress | None = None) -> MentionFeatures:
    """Window and sentence vectors of every mention, embedded in shared batches."""
    windows, sentence_texts, langs, mains, fines = [], [], [], [], []
    for ex in examples:
        sentences = split_sentences(ex.text)
        for m in ex.mentions:
            sentence = sentences[sentence_index(sentences, m.start)] if sentences else None
            if sentence is None:
                continue
            windows.append(mention_window(ex.text, sentence, m.start, m.end, window_words).text)
            sentence_texts.append(sentence.text)
            langs.append(ex.language)
            mains.append(m.main)
            fines.append(m.fines)
        if progress:
            progress(1)
    unique = sorted(set(windows) | set(sentence_texts))
    matrix = embedder.encode(unique) if unique else np.zeros((0, embedder.dim), np.float32)
    row = {t: i for i, t in enumerate(unique)}
    pick = (lambda texts: matrix[[row[t] for t in texts]] if texts
            else np.zeros((0, matrix.shape[1]), np.float32))
    return MentionFeatures(pick(windows), pick(sentence_texts), langs, mains, fines)


def _means(vectors: np.ndarray, languages: list[str], part: str) -> dict[str, np.ndarray]:
    out = {f"{part}_": vectors.mean(axis=0)}
    langs = np.array(languages)
    for lang in sorted(set(languages)):
        out[f"{part}_{lang}"] = vectors[langs == lang].mean(axis=0)
    return out


def fit_role_head(feats: MentionFeatures, taxonomy: RoleTaxonomy, embedder_name: str,
                  rule: RoleRule | None = None, c: float = 1.0, info: dict | None = None) -> RoleHead:
    """Multinomial logistic regressions: main roles (+ none if annotated), fine roles per main role."""
    from sklearn.linear_model import LogisticRegression

    if len(feats.mains) == 0:
        raise InputError("no annotated mentions to train on")
    rule = rule or RoleRule()
    means = {**_means(feats.windows, feats.languages, "window"),
             **_means(feats.sentences, feats.languages, "sentence")}
    dim = feats.windows.shape[1] * 2
    main_labels = [m for m in MAIN_ROLES] + ([NONE] if NONE in feats.mains else [])
    head = RoleHead(embedder_name, main_labels, list(taxonomy.fine_roles),
                    [taxonomy.main_of[f] for f in taxonomy.fine_roles],
                    np.zeros((dim, len(main_labels)), np.float32), np.zeros(len(main_labels), np.float32),
                    np.zeros((dim, len(taxonomy.fine_roles)), np.float32),
                    np.zeros(len(taxonomy.fine_roles), np.float32), rule, info or {}, means)
    x = np.vstack([head.features(feats.windows[i:i + 1], feats.sentences[i:i + 1], lang)
                   for i, lang in enumerate(feats.languages)])
    y = np.array([main_labels.index(m) if m in main_labels else -1 for m in feats.mains])
    keep = y >= 0
    present = sorted(set(y[keep].tolist()))
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x[keep], y[keep])
    head.main_bias[:] = -10.0
    for k, cls in enumerate(model.classes_):
        col = int(cls)
        head.main_weights[:, col] = model.coef_[k] if len(present) > 2 else \
            (model.coef_[0] if k == 1 else -model.coef_[0]) / 2
        head.main_bias[col] = model.intercept_[k] if len(present) > 2 else \
            (model.intercept_[0] if k == 1 else -model.intercept_[0]) / 2
    for main in MAIN_ROLES:
        _fit_fine(head, x, feats, main, c)
    return head


def _fit_fine(head: RoleHead, x: np.ndarray, feats: MentionFeatures, main: str, c: float) -> None:
    """One multinomial regression over ``main``'s fine roles; multi-role mentions count once per role."""
    from sklearn.linear_model import LogisticRegression

    cols = [j for j, parent in enumerate(head.fine_parent) if parent == main]
    rows, targets = [], []
    for i, (m, fines) in enumerate(zip(feats.mains, feats.fines)):
        for fine in fines:
            if m == main and fine in head.fine_labels:
                rows.append(i)
                targets.append(head.fine_labels.index(fine))
    head.fine_bias[cols] = -10.0
    classes = sorted(set(targets))
    if len(classes) == 1:
        head.fine_bias[classes[0]] = 10.0
    if len(classes) < 2:
        return
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x[rows], targets)
    for k, cls in enumerate(model.classes_):
        if len(classes) == 2:
            sign = 1 if k == 1 else -1
            head.fine_weights[:, cls] = sign * model.coef_[0] / 2
            head.fine_bias[cls] = sign * model.intercept_[0] / 2
        else:
            head.fine_weights[:, cls] = model.coef_[k]
            head.fine_bias[cls] = model.intercept_[k]
