"""Dispatching paths: folders (recursive, streaming), SemEval folders, missing paths, stdin."""
from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pytest

from narrascope.ingest import ReadOptions, iter_articles, sources


def test_iter_articles_nested_folder_recursive_sorted_ignores_non_articles(tmp_articles) -> None:  # type: ignore[no-untyped-def]
    root = tmp_articles({
        "b.txt": "Bee article\n\nAbout bees.",
        "a.txt": "Ay article\n\nAbout apples.",
        "sub/z.txt": "Zed article\n\nAbout zebras.",
        "sub/deeper/page.html": "<html><body><article><h1>Deep page</h1><p>"
                                + "This deep article talks about rivers and bridges. " * 10
                                + "</p></article></body></html>",
        "sub/picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "sub/notes.docx": b"PK\x03\x04",
        ".hidden.txt": "should be skipped",
        ".git/config.txt": "should be skipped too",
    })
    records = list(iter_articles([str(root)]))
    assert [a.id for a in records] == ["a.txt", "b.txt", "z.txt", "page.html"]
    assert all(a.ok for a in records), [a.error for a in records]
    assert records[2].origin == str(root / "sub" / "z.txt")
    assert records[2].title == "Zed article"
    assert "rivers and bridges" in records[3].text


def test_iter_articles_semeval_folder_ids_are_file_names(tmp_path: Path) -> None:
    lang = tmp_path / "EN"
    docs = lang / "raw-documents"
    docs.mkdir(parents=True)
    (docs / "EN_UA_001.txt").write_text("Kyiv takes orders\n\nKyiv takes orders from Washington.")
    (docs / "EN_CC_002.txt").write_text("Climate scam\n\nThe climate agenda is a scam for profit.")
    (lang / "subtask-2-annotations.txt").write_text(
        "EN_UA_001.txt\tURW: Discrediting Ukraine\tURW: Discrediting Ukraine: Ukraine is a puppet of the West\n"
        "EN_CC_002.txt\tCC: Criticism of climate policies\tCC: Criticism of climate policies: Other\n")
    (lang / "subtask-3-dominant-narratives.txt").write_text("EN_UA_001.txt\tx\ty\n")
    records = list(iter_articles([str(lang)]))
    assert [a.id for a in records] == ["EN_CC_002.txt", "EN_UA_001.txt"]
    assert all(a.ok for a in records)
    assert records[1].text == "Kyiv takes orders\n\nKyiv takes orders from Washington."


def test_iter_articles_missing_path_is_error_record(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    good = tmp_path / "good.txt"
    good.write_text("Good article\n\nIt exists.")
    records = list(iter_articles([str(missing), str(good)]))
    assert [a.id for a in records] == ["article.txt", "good.txt"]
    assert records[0].status == "error"
    assert "no such file or folder" in records[0].error and str(missing) in records[0].error
    assert records[1].ok


def test_iter_articles_empty_path_string_is_error_record(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "unrelated.txt").write_text("Some unrelated file in the working folder.")
    records = list(iter_articles([""]))
    assert len(records) == 1
    assert records[0].status == "error"


class _FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_iter_articles_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Stdin headline\n\nПривет from standard input, café."
    monkeypatch.setattr("sys.stdin", _FakeStdin(text.encode("utf-8")))
    [article] = list(iter_articles(["-"]))
    assert article.ok
    assert article.id == "stdin"
    assert article.origin == "-"
    assert article.text == text
    assert article.title == "Stdin headline"


def test_iter_articles_stdin_empty_is_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _FakeStdin(b""))
    [article] = list(iter_articles(["-"]))
    assert article.status == "error"
    assert article.id == "stdin"
    assert "stdin" in article.error and "empty" in article.error


def test_iter_articles_stdin_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _FakeStdin(b"word " * 10_000))
    [article] = list(iter_articles(["-"], ReadOptions(max_bytes=1000)))
    assert article.ok
    assert len(article.text) <= 1000


def test_iter_articles_streams_folder_of_10000_files(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    for d in range(100):
        sub = root / f"d{d:03d}"
        sub.mkdir(parents=True)
        for i in range(100):
            (sub / f"a{d:03d}_{i:03d}.txt").write_text(f"Article {d}-{i}\n\nA short text about item {i}.")

    reads: list[Path] = []
    real_read = sources.read_text_file

    def counting_read(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(path)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(sources, "read_text_file", counting_read)
    tracemalloc.start()
    try:
        started = time.perf_counter()
        stream = iter_articles([str(root)])
        first = next(stream)
        first_after = time.perf_counter() - started
        # Only one file was read, and the walk has not reached the last folder yet:
        # a file added there now must still come out of the same generator.
        assert first.id == "a000_000.txt" and first.ok
        assert len(reads) == 1
        (root / "d099" / "zz_late.txt").write_text("Late article\n\nWritten after the first record.")
        count, last = 1, first
        for article in stream:
            count += 1
            last = article
            assert article.ok
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_001  # the 10,000 files plus the one written mid-walk
    assert last.id == "zz_late.txt"
    assert first_after < 2.0
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_count_inputs_gives_the_progress_bar_its_total(tmp_path: Path) -> None:
    """The batch ETA rests on this count: lines of JSONL, rows of CSV, one per text file,
    one per path that does not exist (it becomes one error record)."""
    from narrascope.ingest.sources import count_inputs

    (tmp_path / "a.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "3"}', "utf-8")
    (tmp_path / "b.csv").write_text("text\nx\ny\n", "utf-8")
    (tmp_path / "c.txt").write_text("Some article.", "utf-8")
    (tmp_path / "notes.py").write_text("ignored = True", "utf-8")
    paths = [str(tmp_path), str(tmp_path / "missing.txt")]
    assert count_inputs(paths) == 3 + 2 + 1 + 1
    assert count_inputs(paths) == sum(1 for _ in iter_articles(paths))
