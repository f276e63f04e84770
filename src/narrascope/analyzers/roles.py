"""Entity framing: each actor mention gets a main and fine role with evidence; each actor a summary.

Mentions come from the entity layer (or from a gold mentions file, see
:func:`narrascope.ingest.mentions.attach_mentions`), are resolved to
canonical actors, and scored by a :class:`RoleHead` from the clause around
them. Articles are processed in batches so that all windows of a batch are
embedded in one call.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from narrascope.analyzers.base import Analyzer
from narrascope.analyzers.role_head import RoleHead, decide_roles
from narrascope.analyzers.stance import antagonist_shift, article_stance
from narrascope.doc import ActorSummary, Article, Label, Mention
from narrascope.errors import ModelError
from narrascope.nlp.actors import ActorResolver
from narrascope.nlp.mentions import mention_window, sentence_index
from narrascope.registry import analyzers

SHIPPED_MODELS = Path(__file__).resolve().parent.parent / "models"
ROLE_ENTITY_TYPES = ("PER", "ORG", "GPE", "NORP")


def shipped_role_dir(embedder: str) -> Path:
    return SHIPPED_MODELS / f"roles-{embedder}"


def mentions_from_entities(article: Article, max_mentions: int) -> list[Mention]:
    spans = [s for s in article.entities if s.label in ROLE_ENTITY_TYPES]
    return [Mention(s.start, s.end, s.text, type=s.label) for s in spans[:max_mentions]]


def summarise_actors(mentions: list[Mention]) -> list[ActorSummary]:
    """Per actor: mention count, role counts, and the dominant main and fine role."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[mention.actor].append(mention)
    summaries = []
    for actor, group in groups.items():
        counts = Counter(m.main_role or "none" for m in group)
        weight: Counter[str] = Counter()
        for m in group:
            if m.main_role:
                weight[m.main_role] += m.main_score
        main = weight.most_common(1)[0][0] if weight else ""
        fines = Counter(f.name for m in group if m.main_role == main for f in m.fine_roles[:1])
        summaries.append(ActorSummary(actor=actor, name=group[0].actor_name, type=group[0].type,
                                      mentions=len(group), main_role=main,
                                      fine_role=fines.most_common(1)[0][0] if fines else "",
                                      role_counts=dict(counts)))
    return sorted(summaries, key=lambda s: (-s.mentions, s.actor))


@analyzers.register("narrascope.roles.v1")
class RoleAnalyzer(Analyzer):
    """Main role (Protagonist, Antagonist, Innocent or none) and fine roles per actor mention.

    ``model`` is a folder written by ``narrascope train roles``; without it,
    the shipped head of the article's embedder is used. Mentions already on
    the article (given mentions) are kept and always get a role; mentions
    found by the entity layer may come out as merely mentioned (no role).
    """

    name = "narrascope.roles.v1"
    requires = ("sentences", "entities", "vectors")
    assigns = ("mentions", "actors")

    def __init__(self, model: str | None = None, max_mentions: int = 300) -> None:
        self.model = model
        self.max_mentions = max_mentions
        self._heads: dict[str, RoleHead | None] = {}
        self._resolver: ActorResolver | None = None

    def initialize(self) -> None:
        if self._resolver is None:
            self._resolver = ActorResolver()
        if self.model and not self._heads:
            head = RoleHead.load(Path(self.model))
            self._heads[head.embedder] = head

    def head_for(self, embedder: str) -> RoleHead | None:
        self.initialize()
        if embedder not in self._heads:
            if self.model:
                trained = next(iter(self._heads))
                raise ModelError(f"the role model {self.model} was trained on {trained!r} vectors, "
                                 f"but the article was embedded with {embedder!r}")
            folder = shipped_role_dir(embedder)
            self._heads[embedder] = RoleHead.load(folder) if folder.is_dir() else None
        return self._heads[embedder]

    def pipe(self, articles: list[Article]) -> list[Article]:
        self.initialize()
        assert self._resolver is not None
        by_model: dict[str, list[Article]] = defaultdict(list)
        for article in articles:
            if not article.ok:
                continue
            if not article.metadata.get("given_mentions"):
                article.mentions = mentions_from_entities(article, self.max_mentions)
            refs = self._resolver.resolve([(m.text, m.type) for m in article.mentions])
            for mention, ref in zip(article.mentions, refs):
                mention.actor, mention.actor_name = ref.id, ref.name
                mention.type = ref.type or mention.type
            if article.mentions and article.vectors is not None:
                by_model[article.vectors.model].append(article)
            else:
                article.actors = summarise_actors(article.mentions)
        for model, group in by_model.items():
            head = self.head_for(model)
            if head is None:
                for article in group:
                    article.warnings.append(f"no role head for embedder {model!r}: actors are "
                                            "listed without roles (train one with narrascope train roles)")
                    article.actors = summarise_actors(article.mentions)
                continue
            self._score(head, group)
        return articles

    def _score(self, head: RoleHead, group: list[Article]) -> None:
        assert self._resolver is not None
        windows, sentence_rows, owners = [], [], []
        known: dict[str, np.ndarray] = {}  # texts whose vector we already have: whole sentences
        for a_index, article in enumerate(group):
            for mention in article.mentions:
                s_index = sentence_index(article.sentences, mention.start)
                sentence = article.sentences[s_index]
                window = mention_window(article.text, sentence, mention.start, mention.end,
                                        head.rule.window_words)
                mention.evidence = window
                windows.append(window.text)
                row = article.vectors.matrix[min(s_index, len(article.vectors.matrix) - 1)]
                sentence_rows.append(row)
                if s_index < len(article.vectors.matrix):
                    known.setdefault(sentence.text, row)
                owners.append(a_index)
        backend = group[0].vectors.backend
        # A window that is its whole sentence (short sentences) reuses the sentence's vector.
        unique = sorted(set(windows) - set(known))
        vectors = backend.encode(unique) if unique else np.zeros((0, 1), np.float32)
        lookup = {**known, **{text: vectors[i] for i, text in enumerate(unique)}}
        window_matrix = np.vstack([lookup[t] for t in windows])
        sentence_matrix = np.vstack(sentence_rows).astype(np.float32)
        owners_arr = np.array(owners)
        for a_index, article in enumerate(group):
            rows = np.flatnonzero(owners_arr == a_index)
            feats = head.features(window_matrix[rows], sentence_matrix[rows], article.language)
            given = bool(article.metadata.get("given_mentions"))
            stance = article_stance(article)
            shift = np.array([antagonist_shift(stance, self._resolver.camp(m.actor),
                                               head.rule.stance_weight) for m in article.mentions])
            decisions = decide_roles(head, head.main_probabilities(feats, shift),
                                     head.fine_probabilities(feats), allow_none=not given)
            for mention, decision in zip(article.mentions, decisions):
                mention.main_role = decision.main
                mention.main_score = round(decision.main_score, 4)
                mention.fine_roles = [Label(f, round(s, 4)) for f, s in decision.fine]
                if not decision.main:
                    mention.evidence = None
            article.actors = summarise_actors(article.mentions)
