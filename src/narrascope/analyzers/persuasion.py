"""Persuasion: techniques per paragraph placed on sentences, genre, frames, and a persuasion profile.

Three linear heads read the sentence vectors the embedding layer already
computed, so this layer costs a few matrix products per article:

- techniques: each sentence gets a score per technique; a paragraph's score
  mixes its best sentence with the paragraph's mean vector; techniques above
  the threshold are reported, placed on the sentence that scores highest;
- genre: the whole-article vector, the best of reporting / opinion / satire;
- frames: like narratives, windows of sentences mixed with the whole article.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from narrascope.analyzers.base import Analyzer
from narrascope.analyzers.narrative_head import NarrativeHead
from narrascope.doc import Article, Label, Technique
from narrascope.errors import ModelError
from narrascope.nlp.paragraphs import is_hedged, split_paragraphs
from narrascope.registry import analyzers
from narrascope.taxonomies.persuasion import load_persuasion

SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"
PARTS = ("techniques", "genre", "frames")


@dataclass
class PersuasionRule:
    """Global decision settings, stored in ``persuasion.json`` beside the three heads."""

    technique_threshold: float = 0.15
    max_techniques_per_paragraph: int = 4
    sentence_weight: float = 0.5  # paragraph score = w * best sentence + (1 - w) * paragraph mean
    frame_threshold: float = 0.2
    max_frames: int = 5


@dataclass
class PersuasionModel:
    embedder: str
    techniques: NarrativeHead
    genre: NarrativeHead
    frames: NarrativeHead
    rule: PersuasionRule

    def save(self, folder: Path) -> None:
        for part in PARTS:
            getattr(self, part).save(folder / part)
        (folder / "persuasion.json").write_text(
            json.dumps({"embedder": self.embedder, "rule": asdict(self.rule), "format": 1}, indent=1),
            "utf-8")

    @classmethod
    def load(cls, folder: Path) -> PersuasionModel:
        meta_file = folder / "persuasion.json"
        if not meta_file.is_file():
            raise ModelError(f"{folder} is not a persuasion model folder (missing persuasion.json); "
                             "create one with: narrascope train techniques DATA_DIR -o MODEL_DIR")
        meta = json.loads(meta_file.read_text("utf-8"))
        heads = {part: NarrativeHead.load(folder / part, kind=part) for part in PARTS}
        return cls(meta["embedder"], rule=PersuasionRule(**meta.get("rule", {})), **heads)


def shipped_persuasion_dir(embedder: str) -> Path:
    return SHIPPED_MODELS / f"persuasion-{embedder}"


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-12)


def find_techniques(article: Article, model: PersuasionModel) -> list[Technique]:
    """Techniques per paragraph, each placed on its best sentence."""
    head, rule, tax = model.techniques, model.rule, load_persuasion()
    vectors = head.prepare(np.asarray(article.vectors.matrix, dtype=np.float32), article.language)
    sentence_p = head.probabilities(vectors)
    found = []
    for p_index, para in enumerate(article.paragraphs):
        rows = [i for i, s in enumerate(article.sentences[: len(vectors)])
                if s.start >= para.start and s.end <= para.end]
        if not rows:
            continue
        best_sentence = sentence_p[rows].max(axis=0)
        para_p = head.probabilities(_unit(vectors[rows].mean(axis=0, keepdims=True)))[0]
        scores = rule.sentence_weight * best_sentence + (1 - rule.sentence_weight) * para_p
        ranked = [j for j in np.argsort(-scores) if scores[j] >= rule.technique_threshold]
        for j in ranked[: rule.max_techniques_per_paragraph]:
            name = head.labels[j]
            where = article.sentences[rows[int(np.argmax(sentence_p[rows, j]))]]
            found.append(Technique(name, tax.group_of.get(name, ""), round(float(scores[j]), 4),
                                   p_index, where.start, where.end, where.text))
    return found


def choose_genre(article: Article, model: PersuasionModel) -> Label:
    head = model.genre
    vectors = head.prepare(np.asarray(article.vectors.matrix, dtype=np.float32), article.language)
    p = head.probabilities(_unit(vectors.mean(axis=0, keepdims=True)))[0]
    best = int(np.argmax(p))
    return Label(head.labels[best], round(float(p[best] / max(p.sum(), 1e-9)), 4))


def choose_frames(article: Article, model: PersuasionModel) -> list[Label]:
    head, rule = model.frames, model.rule
    vectors = head.prepare(np.asarray(article.vectors.matrix, dtype=np.float32), article.language)
    scores, _ = head.article_scores(vectors)
    order = np.argsort(-scores)
    chosen = [j for j in order if scores[j] >= rule.frame_threshold][: rule.max_frames] or [order[0]]
    return [Label(head.labels[j], round(float(scores[j]), 4)) for j in chosen]


def persuasion_profile(article: Article) -> dict[str, object]:
    """Techniques per 1,000 words by group, loaded-language density, hedged vs asserted sentences."""
    words = max(len(article.text.split()), 1)
    groups = Counter(t.group for t in article.techniques)
    per_k = 1000.0 / words
    hedged = sum(is_hedged(s.text, article.language) for s in article.sentences)
    n_sent = max(len(article.sentences), 1)
    return {
        "words": words,
        "techniques_per_1000_words": round(len(article.techniques) * per_k, 2),
        "by_group_per_1000_words": {g: round(groups.get(g, 0) * per_k, 2)
                                    for g in load_persuasion().groups},
        "loaded_language_per_1000_words": round(
            sum(t.name == "Loaded_Language" for t in article.techniques) * per_k, 2),
        "hedged_sentence_share": round(hedged / n_sent, 3),
        "asserted_sentence_share": round(1 - hedged / n_sent, 3),
    }


@analyzers.register("narrascope.persuasion.v1")
class PersuasionAnalyzer(Analyzer):
    """Persuasion techniques (paragraph level, placed on sentences), genre, frames and a profile.

    ``model`` is a folder written by ``narrascope train techniques|genre|frames``;
    without it the shipped model of the article's embedder is used.
    """

    name = "narrascope.persuasion.v1"
    requires = ("sentences", "vectors")
    assigns = ("paragraphs", "techniques", "genre", "frames", "persuasion")

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._models: dict[str, PersuasionModel | None] = {}

    def initialize(self) -> None:
        if self.model and not self._models:
            loaded = PersuasionModel.load(Path(self.model))
            self._models[loaded.embedder] = loaded

    def model_for(self, embedder: str) -> PersuasionModel | None:
        self.initialize()
        if embedder not in self._models:
            if self.model:
                trained = next(iter(self._models))
                raise ModelError(f"the persuasion model {self.model} was trained on {trained!r} "
                                 f"vectors, but the article was embedded with {embedder!r}")
            folder = shipped_persuasion_dir(embedder)
            self._models[embedder] = PersuasionModel.load(folder) if folder.is_dir() else None
        return self._models[embedder]

    def process(self, article: Article) -> None:
        article.paragraphs = split_paragraphs(article.text, article.sentences)
        model = self.model_for(article.vectors.model) if article.vectors is not None else None
        if model is None:
            article.warnings.append("no persuasion model for this embedder: techniques, genre "
                                    "and frames were not analysed")
            return
        article.techniques = find_techniques(article, model)
        article.genre = choose_genre(article, model)
        article.frames = choose_frames(article, model)
        article.persuasion = persuasion_profile(article)
