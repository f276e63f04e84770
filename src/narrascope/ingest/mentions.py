"""Gold entity mentions for 'given mentions' mode (SemEval-2025 Task 10 subtask 1 layout).

A mentions file has one tab-separated row per mention: ``article_id, mention,
start, end`` (end inclusive), optionally followed by roles, which are
ignored. Offsets that do not match the text are re-aligned by searching for
the mention near them, with a warning on the article; the offsets written
back out are always the ones the file gave.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.doc import Article, Mention
from narrascope.nlp.mentions import realign
from narrascope.train.roles import read_subtask1

GIVEN_MENTIONS = "given_mentions"


@dataclass
class GivenMentions:
    """Mentions by article id, and which ids were used (the rest are unknown to the input)."""

    by_article: dict[str, list[tuple[str, int, int]]]
    used: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, path: Path) -> GivenMentions:
        table: dict[str, list[tuple[str, int, int]]] = {}
        for art_id, mention, start, end, _, _ in read_subtask1(path):
            table.setdefault(art_id, []).append((mention, start, end))
        return cls(table)

    def lookup(self, article_id: str) -> tuple[str, list[tuple[str, int, int]]] | None:
        """The file's id and mentions for an article id (matching with or without '.txt')."""
        for key in (article_id, f"{article_id}.txt", article_id.removesuffix(".txt")):
            if key in self.by_article:
                return key, self.by_article[key]
        return None

    @property
    def unknown(self) -> list[str]:
        return sorted(set(self.by_article) - self.used)

    def attach(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Give each article its listed mentions (re-aligned), marking it as in given mode."""
        for article in articles:
            article.metadata[GIVEN_MENTIONS] = True
            found = self.lookup(article.id)
            if found is None:
                article.warnings.append("the mentions file lists no mentions for this article")
            else:
                key, rows = found
                self.used.add(key)
                article.mentions = [given_mention(article, *row) for row in rows]
            yield article


def given_mention(article: Article, mention: str, start: int, end_inclusive: int) -> Mention:
    """One gold mention; a warning on the article when its offsets had to be re-aligned."""
    s, e, status = realign(article.text, mention, start, end_inclusive + 1)
    if status != "exact":
        what = {"shifted": f"found it at {s}-{e - 1}", "moved": f"found it far away, at {s}-{e - 1}",
                "not_found": "the text does not contain it; its role is guessed from the given offsets"}
        article.warnings.append(f"mention {mention!r} at {start}-{end_inclusive} does not match the "
                                f"text: {what[status]}")
    return Mention(s, e, article.text[s:e] if status != "not_found" else mention,
                   given=[start, end_inclusive])
