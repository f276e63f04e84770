"""The official SemEval-2025 Task 10 subtask-2 prediction format."""
from __future__ import annotations

from typing import TextIO

from narrascope.doc import Article
from narrascope.taxonomies.narratives import OTHER


def subtask2_row(article: Article) -> str:
    """``article_id<TAB>narratives;...<TAB>subnarratives;...`` (failed articles -> Other)."""
    narratives = [label.name for label in article.narratives] or [OTHER]
    subs = [label.name for label in article.subnarratives] or [OTHER]
    clean = article.id.replace("\t", " ").replace("\n", " ")
    return f"{clean}\t{';'.join(dict.fromkeys(narratives))}\t{';'.join(dict.fromkeys(subs))}\n"


def write_subtask2(articles: list[Article], handle: TextIO) -> None:
    handle.writelines(subtask2_row(article) for article in articles)
