"""The document model that flows through every analyzer.

An :class:`Article` starts as text plus metadata; analyzers only add to it.
Everything is plain dataclasses so that ``to_dict``/``from_dict`` round-trip
through JSON exactly.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

STATUS_OK = "ok"
STATUS_ERROR = "error"


@dataclass
class Span:
    """A character span ``text[start:end]`` (end exclusive) with an optional label."""

    start: int
    end: int
    text: str = ""
    label: str = ""
    score: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(**data)


@dataclass
class Label:
    """A classification label with its confidence and the evidence spans behind it."""

    name: str
    score: float
    evidence: list[Span] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Label:
        return cls(
            name=data["name"],
            score=data["score"],
            evidence=[Span.from_dict(s) for s in data.get("evidence", [])],
        )


@dataclass
class DominantNarrative:
    """The single narrative that best describes the article, and why."""

    narrative: str
    subnarrative: str
    explanation: str
    evidence: list[Span] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DominantNarrative:
        return cls(
            narrative=data["narrative"],
            subnarrative=data["subnarrative"],
            explanation=data["explanation"],
            evidence=[Span.from_dict(s) for s in data.get("evidence", [])],
        )


@dataclass
class Mention:
    """One mention of an actor and the role the article casts it in.

    ``start``/``end`` are character offsets (end exclusive) into the article
    text. ``actor`` is the canonical actor id (a gazetteer id such as
    ``ukraine``, or ``~name`` for an actor outside the gazetteer).
    ``main_role`` is Protagonist, Antagonist or Innocent, or "" when the
    actor is merely mentioned. ``given`` keeps the offsets of a gold mention
    exactly as the mentions file gave them (start, inclusive end).
    """

    start: int
    end: int
    text: str
    type: str = ""
    actor: str = ""
    actor_name: str = ""
    main_role: str = ""
    main_score: float = 0.0
    fine_roles: list[Label] = field(default_factory=list)
    evidence: Span | None = None
    given: list[int] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        kwargs = dict(data)
        kwargs["fine_roles"] = [Label.from_dict(x) for x in data.get("fine_roles", [])]
        kwargs["evidence"] = Span.from_dict(data["evidence"]) if data.get("evidence") else None
        return cls(**kwargs)


@dataclass
class ActorSummary:
    """How one article casts one actor: its mentions and the role it gets most."""

    actor: str
    name: str
    type: str
    mentions: int
    main_role: str
    fine_role: str
    role_counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActorSummary:
        return cls(**data)


@dataclass
class Technique:
    """A persuasion technique found in one paragraph, placed on the sentence that carries it.

    ``paragraph`` indexes ``Article.paragraphs``; ``start``/``end`` (end
    exclusive) are the span in the article text.
    """

    name: str
    group: str
    score: float
    paragraph: int
    start: int
    end: int
    text: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Technique:
        return cls(**data)


@dataclass
class Claim:
    """A check-worthy factual statement, on whose authority it rests, and how sure it sounds.

    ``source_type`` is named_person, named_organisation, anonymous, media or
    author (unattributed); ``mode`` is direct_quote, indirect or unattributed;
    ``certainty`` is asserted, hedged or denied, with ``certainty_cues`` the
    words that say so. ``quantities`` hold numbers as written with their
    normalised value, qualifier and unit.
    """

    id: str
    start: int
    end: int
    text: str
    score: float
    source: str = ""
    source_type: str = "author"
    cue: str = ""
    mode: str = "unattributed"
    certainty: str = "asserted"
    certainty_cues: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        return cls(**data)


@dataclass
class Article:
    """One news article and everything narrascope found in it.

    ``id`` is the file name for files, the id column or line number for
    JSONL/CSV rows, and the URL for URLs. ``status`` is ``ok`` or ``error``;
    an article in error keeps its id and carries the reason in ``error``.
    """

    id: str
    text: str = ""
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    language_confidence: float | None = None
    origin: str = ""
    status: str = STATUS_OK
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    narratives: list[Label] = field(default_factory=list)
    subnarratives: list[Label] = field(default_factory=list)
    dominant_narrative: DominantNarrative | None = None
    mentions: list[Mention] = field(default_factory=list)
    actors: list[ActorSummary] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    genre: Label | None = None
    frames: list[Label] = field(default_factory=list)
    persuasion: dict[str, Any] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    # Sentence vectors shared between analyzers; never serialised.
    vectors: Any = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    def fail(self, reason: str) -> Article:
        """Mark the article as failed with a one-line reason; returns self."""
        self.status = STATUS_ERROR
        self.error = " ".join(reason.split())[:500]
        return self

    def to_dict(self) -> dict[str, Any]:
        data = asdict(replace(self, vectors=None))
        del data["vectors"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["sentences"] = [Span.from_dict(s) for s in data.get("sentences", [])]
        kwargs["entities"] = [Span.from_dict(s) for s in data.get("entities", [])]
        kwargs["narratives"] = [Label.from_dict(x) for x in data.get("narratives", [])]
        kwargs["subnarratives"] = [Label.from_dict(x) for x in data.get("subnarratives", [])]
        dom = data.get("dominant_narrative")
        kwargs["dominant_narrative"] = DominantNarrative.from_dict(dom) if dom else None
        kwargs["mentions"] = [Mention.from_dict(m) for m in data.get("mentions", [])]
        kwargs["actors"] = [ActorSummary.from_dict(a) for a in data.get("actors", [])]
        kwargs["paragraphs"] = [Span.from_dict(s) for s in data.get("paragraphs", [])]
        kwargs["techniques"] = [Technique.from_dict(t) for t in data.get("techniques", [])]
        kwargs["genre"] = Label.from_dict(data["genre"]) if data.get("genre") else None
        kwargs["frames"] = [Label.from_dict(x) for x in data.get("frames", [])]
        kwargs["claims"] = [Claim.from_dict(c) for c in data.get("claims", [])]
        return cls(**kwargs)


# The name the public API uses for an article after analysis: same class, all layers filled.
AnalyzedArticle = Article
