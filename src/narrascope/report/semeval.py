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


def subtask1_rows(article: Article) -> str:
    """Official subtask-1 rows: ``article_id, mention, start, end, main_role, fine_role...``.

    Given mentions keep the offsets the mentions file gave; found mentions
    use their own offsets with an inclusive end. Mentions without a role
    (merely mentioned, or a failed article) are not written.
    """
    clean_id = article.id.replace("\t", " ").replace("\n", " ")
    lines = []
    for m in article.mentions:
        if not m.main_role:
            continue
        start, end = m.given if m.given is not None else (m.start, m.end - 1)
        surface = " ".join(m.text.split())
        fines = "\t".join(f.name for f in m.fine_roles)
        lines.append(f"{clean_id}\t{surface}\t{start}\t{end}\t{m.main_role}\t{fines}\n")
    return "".join(lines)


def _semeval2023_id(article: Article) -> str:
    from narrascope.train.persuasion import semeval2023_id

    return semeval2023_id(article.id).replace("\t", " ").replace("\n", " ")


def techniques_rows(article: Article) -> str:
    """Official SemEval-2023 subtask-3 rows: ``article_id<TAB>paragraph_no<TAB>technique,...``.

    One row per non-empty line of the article (the paragraph number is the
    line number, title = 1), also for lines with no technique.
    """
    by_line: dict[str, list[str]] = {}
    for para in article.paragraphs:
        by_line.setdefault(para.label, [])
    for t in article.techniques:
        line = article.paragraphs[t.paragraph].label
        if t.name not in by_line[line]:
            by_line[line].append(t.name)
    aid = _semeval2023_id(article)
    return "".join(f"{aid}\t{line}\t{','.join(names)}\n" for line, names in by_line.items())


def genre_row(article: Article) -> str:
    return f"{_semeval2023_id(article)}\t{article.genre.name if article.genre else ''}\n"


def frames_row(article: Article) -> str:
    return f"{_semeval2023_id(article)}\t{','.join(f.name for f in article.frames)}\n"
