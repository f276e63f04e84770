"""Narrative classification: two-level labels, confidences, evidence sentences, dominant narrative."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from narrascope.analyzers.base import Analyzer
from narrascope.analyzers.narrative_head import NarrativeHead
from narrascope.doc import Article, DominantNarrative, Label, Span
from narrascope.errors import ModelError
from narrascope.registry import analyzers
from narrascope.taxonomies.narratives import OTHER, NarrativeTaxonomy, load_taxonomy

SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"
MAX_EXPLANATION_WORDS = 80
EVIDENCE_PER_LABEL = 3


def shipped_model_dir(embedder: str) -> Path:
    return SHIPPED_MODELS / f"narratives-{embedder}"


def decide(scores: np.ndarray, head: NarrativeHead, taxonomy: NarrativeTaxonomy
           ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Turn label scores into (narratives, subnarratives), each a list of (label, score).

    If the gate says the article carries no narrative, the answer is ``Other``.
    Otherwise the best narrative is kept, plus others of the same domain above
    ``narrative_threshold`` (at most ``max_narratives``); each narrative gets its
    subnarratives above ``subnarrative_threshold`` or ``<narrative>: Other``.
    """
    rule = head.rule

    def score(label: str) -> float:
        i = head.index.get(label)
        return float(scores[i]) if i is not None else 0.0

    ranked = sorted(((n, score(n)) for n in taxonomy.narratives if n in head.index),
                    key=lambda x: -x[1])
    gate = head.gate(scores)
    if not ranked or gate < rule.gate_threshold:
        return [(OTHER, round(1.0 - gate, 4))], [(OTHER, round(1.0 - gate, 4))]
    domain = taxonomy.domain_of(ranked[0][0])
    chosen = [ranked[0]] + [(n, s) for n, s in ranked[1:]
                            if taxonomy.domain_of(n) == domain and s >= rule.narrative_threshold]
    chosen = chosen[: rule.max_narratives]
    subs: list[tuple[str, float]] = []
    for narrative, _ in chosen:
        kids = sorted(((c, score(c)) for c in taxonomy.children(narrative)
                       if c in head.index and not c.endswith(f": {OTHER}")), key=lambda x: -x[1])
        picked = [(c, s) for c, s in kids if s >= rule.subnarrative_threshold]
        other = taxonomy.other_of(narrative)
        subs.extend(picked[: rule.max_subnarratives] or [(other, score(other))])
    return chosen, subs


def evidence_for(column: int, article: Article, sentence_p: np.ndarray, window_p: np.ndarray,
                 window: int) -> list[Span]:
    """The sentences that most support one label: inside its best windows, ranked by own score."""
    n = len(article.sentences)
    best_windows = np.argsort(-window_p[:, column])[:2]
    candidates = sorted({i for w in best_windows for i in range(int(w), min(int(w) + window, n))})
    ranked = sorted(candidates, key=lambda i: -sentence_p[i, column])[:EVIDENCE_PER_LABEL]
    return [Span(article.sentences[i].start, article.sentences[i].end, article.sentences[i].text,
                 score=round(float(sentence_p[i, column]), 4)) for i in sorted(ranked)]


def short_name(label: str) -> str:
    return label.split(": ")[-1] if ": " in label else label


def explain(narrative: str, subnarrative: str, evidence: list[Span]) -> str:
    """An extractive explanation of at most 80 words, quoting the evidence sentences."""
    head = f"The article pushes '{short_name(narrative)}'"
    if subnarrative and not subnarrative.endswith(f": {OTHER}"):
        head += f" ({short_name(subnarrative)})"
    words = (head + ", notably:").split()
    for span in evidence:
        room = MAX_EXPLANATION_WORDS - len(words)
        if room < 4:
            break
        quote = span.text.split()
        if len(quote) > room:
            quote = quote[: room - 1] + ["…"]
        quote[0], quote[-1] = "“" + quote[0], quote[-1] + "”"
        words.extend(quote)
    return " ".join(words)


@analyzers.register("narrascope.narratives.v1")
class NarrativeAnalyzer(Analyzer):
    """Multi-label, two-level narrative classification with evidence spans.

    ``model`` is a folder written by ``narrascope train narratives``; without
    it, each article is scored by the shipped head of the embedder that
    embedded it (the heads differ per embedder, the labels do not).
    """

    name = "narrascope.narratives.v1"
    requires = ("sentences", "vectors")
    assigns = ("narratives", "subnarratives", "dominant_narrative")

    def __init__(self, model: str | None = None, taxonomy: str | None = None) -> None:
        self.model = model
        self.taxonomy = taxonomy
        self._heads: dict[str, NarrativeHead] = {}

    def initialize(self) -> None:
        if self.model and not self._heads:
            head = NarrativeHead.load(Path(self.model))
            self._heads[head.embedder] = head
        load_taxonomy(self.taxonomy)

    def head_for(self, embedder: str) -> NarrativeHead:
        self.initialize()
        if embedder not in self._heads:
            if self.model:
                trained = next(iter(self._heads))
                raise ModelError(f"the model {self.model} was trained on {trained!r} vectors, "
                                 f"but the article was embedded with {embedder!r}")
            folder = shipped_model_dir(embedder)
            if not folder.is_dir():
                raise ModelError(
                    f"no shipped narrative head for embedder {embedder!r}; train one with "
                    "'narrascope train narratives DATA_DIR -o MODEL_DIR --embedder "
                    f"{embedder}' and pass --model MODEL_DIR"
                )
            self._heads[embedder] = NarrativeHead.load(folder)
        return self._heads[embedder]

    def process(self, article: Article) -> None:
        head, taxonomy = self.head_for(article.vectors.model), load_taxonomy(self.taxonomy)
        vectors = head.prepare(np.asarray(article.vectors.matrix, dtype=np.float32), article.language)
        scores, window_p = head.article_scores(vectors)
        sentence_p = head.probabilities(vectors)
        narratives, subs = decide(scores, head, taxonomy)

        def label(name: str, value: float) -> Label:
            column = head.index.get(name)
            evidence = (evidence_for(column, article, sentence_p, window_p, head.rule.window)
                        if column is not None and name != OTHER else [])
            return Label(name=name, score=round(value, 4), evidence=evidence)

        article.narratives = [label(n, s) for n, s in narratives]
        article.subnarratives = [label(n, s) for n, s in subs]
        top = article.narratives[0]
        if top.name == OTHER:
            best = max(taxonomy.narratives, key=lambda n: scores[head.index[n]] if n in head.index else -1)
            article.dominant_narrative = DominantNarrative(
                narrative=OTHER, subnarrative=OTHER,
                explanation=(f"No narrative of the taxonomy scored above the threshold; the "
                             f"closest was '{short_name(best)}' at {scores[head.index[best]]:.2f}."),
            )
            return
        sub = next((s for s in article.subnarratives if taxonomy.parent.get(s.name) == top.name), None)
        evidence = (sub.evidence if sub and sub.evidence else top.evidence)[:2]
        article.dominant_narrative = DominantNarrative(
            narrative=top.name, subnarrative=sub.name if sub else taxonomy.other_of(top.name),
            explanation=explain(top.name, sub.name if sub else "", evidence), evidence=evidence,
        )
