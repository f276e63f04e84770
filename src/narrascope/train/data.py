"""Read labelled narrative data: SemEval-2025 folders and the project's synthetic JSONL."""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from narrascope.errors import InputError
from narrascope.eval.narratives import read_subtask2
from narrascope.ingest.sources import semeval_document_dir
from narrascope.ingest.text import read_text_file


@dataclass
class Example:
    """One labelled text: an article (SemEval) or a passage (synthetic)."""

    id: str
    text: str
    language: str
    narratives: set[str]
    subnarratives: set[str]
    extra: dict = field(default_factory=dict)


def semeval_language_dirs(data_dir: Path) -> list[Path]:
    """``data_dir`` itself if it is one language folder, else its language sub-folders."""
    if (data_dir / "subtask-2-annotations.txt").is_file():
        return [data_dir]
    found = sorted(p for p in data_dir.iterdir() if p.is_dir() and (p / "subtask-2-annotations.txt").is_file())
    if not found:
        raise InputError(
            f"{data_dir} holds no SemEval-2025 Task 10 data: expected subtask-2-annotations.txt "
            "and raw-documents/ in it or in its language sub-folders (EN/, BG/, ...)"
        )
    return found


def read_semeval(data_dir: Path, max_bytes: int = 2_000_000) -> Iterator[Example]:
    """Annotated articles of every language folder under ``data_dir``."""
    for folder in semeval_language_dirs(data_dir):
        docs = semeval_document_dir(folder)
        if docs is None:
            raise InputError(f"{folder} has annotations but no raw-documents/ folder")
        lang = folder.name.lower()
        for art_id, (narr, subs) in read_subtask2(folder / "subtask-2-annotations.txt").items():
            path = docs / art_id
            if not path.is_file():
                continue
            article = read_text_file(path, max_bytes)
            if article.ok:
                yield Example(art_id, article.text, lang, narr, subs)


def read_synthetic(paths: list[Path]) -> Iterator[Example]:
    """The project's JSONL passages: {lang, text, narratives, subnarratives}."""
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                yield Example(f"{path.stem}:{lineno}", row["text"], row["lang"],
                              set(row["narratives"]), set(row["subnarratives"]))
