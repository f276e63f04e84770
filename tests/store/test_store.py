"""The DuckDB corpus store: ingest, versions, stories, lossless export, crash safety.

Real DuckDB files, the real pipeline; articles written for these tests.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from story_texts import EN, RU

from narrascope.cli import main
from narrascope.doc import Article
from narrascope.store.db import TABLES

LIGHT = ('pipeline.analyzers=["narrascope.language.v1", "narrascope.sentences.v1", '
         '"narrascope.entities.v1", "narrascope.embeddings.v1", "narrascope.claims.v1"]')


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def _rows(db: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query).fetchall()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "en.txt").write_text(EN, "utf-8")
    (folder / "ru.txt").write_text(RU, "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    db = folder.parent / "corpus.duckdb"
    code, output = _run(["ingest", str(folder), "--db", str(db), "-q"])
    assert code == 1, output  # empty.txt failed, and is stored as such
    return folder, db


def test_ingest_stores_articles_spans_labels_claims_and_stories(corpus: tuple[Path, Path]) -> None:
    _, db = corpus
    statuses = dict(_rows(db, "SELECT regexp_extract(article_id, '[^/]+$'), status FROM articles"))
    assert statuses == {"en.txt": "ok", "ru.txt": "ok", "empty.txt": "error"}
    layers = {r[0] for r in _rows(db, "SELECT DISTINCT layer FROM spans")}
    assert {"sentence", "entity", "claim", "technique"} <= layers
    assert _rows(db, "SELECT count(*) FROM labels WHERE kind = 'narrative'")[0][0] >= 2
    assert _rows(db, "SELECT count(*) FROM stories")[0][0] == 1
    relations = {r[0] for r in _rows(db, "SELECT relation FROM alignments")}
    assert relations == {"same", "conflicting"}


def test_reingest_skips_unchanged_and_versions_changed(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "en.txt").write_text(EN, "utf-8")
    db = tmp_path / "v.duckdb"
    base = ["ingest", str(folder), "--db", str(db), "--set", LIGHT, "--no-stories"]
    assert _run(base)[0] == 0
    code, output = _run(base)
    assert code == 0 and "0 new, 0 updated, 1 unchanged" in output
    (folder / "en.txt").write_text(EN.replace("Twelve", "Fifteen"), "utf-8")
    code, output = _run(base)
    assert code == 0 and "0 new, 1 updated" in output
    versions = _rows(db, "SELECT version, current, record::VARCHAR LIKE '%Fifteen%' FROM articles "
                         "ORDER BY version")
    assert versions == [(1, False, False), (2, True, True)]


def test_export_jsonl_round_trips_the_analysis_and_parquet_csv_have_every_table(
        corpus: tuple[Path, Path], tmp_path: Path) -> None:
    _, db = corpus
    code, _ = _run(["export", "--db", str(db), "-f", "jsonl", str(tmp_path / "j")])
    assert code == 0
    rows = [json.loads(line) for line in (tmp_path / "j/articles.jsonl").read_text().splitlines()]
    records = [r["record"] if isinstance(r["record"], dict) else json.loads(r["record"])
               for r in rows]
    for record in records:
        assert Article.from_dict(record).to_dict() == record
    ok = [r for r in records if r["status"] == "ok"]
    assert all(r["claims"] and r["sentences"] for r in ok)
    code, _ = _run(["export", "--db", str(db), "-f", "parquet", str(tmp_path / "p")])
    assert code == 0
    with duckdb.connect() as con:
        n = con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/p/claims.parquet')").fetchone()
    assert n[0] == _rows(db, "SELECT count(*) FROM claims")[0][0]
    code, _ = _run(["export", "--db", str(db), "-f", "csv", str(tmp_path / "c")])
    assert code == 0 and len(list((tmp_path / "c").glob("*.csv"))) == len(TABLES)


def test_export_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    code, output = _run(["export", "--db", str(tmp_path / "none.duckdb"), "-f", "jsonl",
                         str(tmp_path / "out")])
    assert code == 2 and "no corpus store" in output


def test_a_crash_mid_ingest_leaves_a_consistent_store_that_a_rerun_completes(
        tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(200):
        (folder / f"{i:03d}.txt").write_text(
            f"Officials in Town{i} said {i + 10} homes were flooded on Monday.\n"
            f"The river rose by {i % 7 + 2} metres overnight, the governor said.\n", "utf-8")
    db = tmp_path / "crash.duckdb"
    args = [sys.executable, "-m", "narrascope", "ingest", str(folder), "--db", str(db),
            "--set", LIGHT, "--batch-size", "4", "--lang", "en", "-q"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (db.exists() and db.stat().st_size > 0):
        time.sleep(0.2)
    time.sleep(4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _rows(db, "SELECT count(*) FROM articles")[0][0]
    assert stored < 200, "the run finished before it was killed; the test proved nothing"
    orphans = _rows(db, "SELECT count(*) FROM claims c ANTI JOIN articles a "
                        "USING (article_id, version)")[0][0]
    assert orphans == 0
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert _rows(db, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(200, 200)]
    assert _rows(db, "SELECT count(DISTINCT article_id) FROM claims")[0][0] == 200


def test_ingest_of_a_batch_output_folder_reuses_its_analysis_and_vectors(
        corpus: tuple[Path, Path], tmp_path: Path) -> None:
    """`batch` then `ingest OUT` gives the store a direct `ingest` gives, without analysing or
    embedding again (the saved vectors are used: no re-embedding note)."""
    folder, direct = corpus
    out, db = tmp_path / "out", tmp_path / "from_batch.duckdb"
    done = subprocess.run([sys.executable, "-m", "narrascope", "batch", str(folder), str(out),
                           "--workers", "1", "-q"], capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 1, done.stderr  # empty.txt failed
    assert (out / "vectors-00000.npz").is_file()
    code, output = _run(["ingest", str(out), "--db", str(db)])
    assert code == 1 and "note:" not in output, output
    assert "2 new, 0 updated, 0 unchanged, 1 failed" in output
    query = "SELECT article_id, status, record, vector FROM articles ORDER BY article_id"
    stored, expected = _rows(db, query), _rows(direct, query)
    assert [r[:3] for r in stored] == [r[:3] for r in expected]
    for got, want in zip(stored, expected):
        if want[3] is not None:
            assert max(abs(a - b) for a, b in zip(got[3], want[3])) < 1e-4
    for table in ("stories", "alignments"):
        assert _rows(db, f"SELECT count(*) FROM {table}") == _rows(direct, f"SELECT count(*) FROM {table}")
    again_code, again = _run(["ingest", str(out), "--db", str(db)])
    assert again_code == 0
    assert "0 new, 0 updated, 3 unchanged" in again, again


def test_story_regrouping_in_the_store_tells_copies_by_their_wording(tmp_path: Path) -> None:
    """Three stored articles with the same vector: the word-for-word copy is reported as a
    duplicate, the differently worded one is not (the store keeps the text for this)."""
    import numpy as np

    from narrascope.compare.run import CompareRule, Digest
    from narrascope.doc import Claim
    from narrascope.store.db import Store, content_hash
    from narrascope.store.ingest import regroup_stories

    same = "Ten drones struck the fuel depot near Berezivka on Tuesday night, officials said."
    texts = {"a": same, "b": same,
             "c": "Officials said the Berezivka fuel depot was struck by ten drones on Tuesday."}
    vector = np.ones(8, np.float32) / np.sqrt(8)
    items = []
    for article_id, text in texts.items():
        claim = Claim(id="c1", start=0, end=len(text), text=text, score=0.9)
        article = Article(id=article_id, text=text, language="en", claims=[claim])
        items.append((article, content_hash(article),
                      Digest(article, vector, vector[None, :], frozenset({"berez"}))))
    with Store(tmp_path / "s.duckdb") as store:
        store.add(items)
        assert regroup_stories(store, CompareRule()) == 1
    found = _rows(tmp_path / "s.duckdb", "SELECT article_id, duplicate_of FROM story_articles "
                                         "ORDER BY article_id")
    assert found == [("a", None), ("b", "a"), ("c", None)]
