"""JSON Lines and CSV inputs: one record per line/row, errors per line, column mapping."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope.errors import ConfigError
from narrascope.ingest import ReadOptions, iter_articles
from narrascope.ingest.columns import ColumnMap


def test_jsonl_malformed_line_between_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "first", "text": "First good article about sanctions."}) + "\n"
        + '{"id": "broken", "text": "no closing quote}\n'
        + json.dumps({"text": "Third article without an id field.", "source": "Wire"}) + "\n",
        encoding="utf-8")
    records = list(iter_articles([str(path)]))
    assert len(records) == 3
    assert [a.status for a in records] == ["ok", "error", "ok"]
    assert records[0].id == "first"
    assert records[1].id == "feed.jsonl:2"
    assert "malformed JSON" in records[1].error and "line 2" in records[1].error
    assert records[2].id == "feed.jsonl:3"
    assert records[2].source == "Wire"
    assert records[2].origin == f"{path}:3"


def test_jsonl_blank_lines_skipped_and_non_object_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('\n["a", "list"]\n\n{"text": "Real article."}\n', encoding="utf-8")
    records = list(iter_articles([str(path)]))
    assert [a.id for a in records] == ["mixed.jsonl:2", "mixed.jsonl:4"]
    assert records[0].status == "error" and "JSON object" in records[0].error
    assert records[1].ok


def test_jsonl_custom_column_names(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl"
    rows = [{"doc": "d-1", "body": "Body of the first article.", "lang_hint": "en", "views": 5},
            {"doc": "d-2", "body": "Body of the second article."},
            {"body": "A body without a doc id."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    options = ReadOptions(columns=ColumnMap.parse("text=body,id=doc"))
    records = list(iter_articles([str(path)], options))
    assert [a.id for a in records] == ["d-1", "d-2", "custom.jsonl:3"]
    assert all(a.ok for a in records)
    assert records[0].text == "Body of the first article."
    assert records[0].metadata == {"lang_hint": "en", "views": 5}


def test_jsonl_default_columns_on_custom_file_name_the_keys_found(tmp_path: Path) -> None:
    path = tmp_path / "custom.jsonl"
    path.write_text(json.dumps({"doc": "d-1", "body": "Body."}) + "\n", encoding="utf-8")
    [record] = list(iter_articles([str(path)]))
    assert record.status == "error"
    assert "doc, body" in record.error and "--columns" in record.error


def test_column_map_parse_rejects_unknown_field() -> None:
    assert ColumnMap.parse("text=body, id = doc") == ColumnMap(text="body", id="doc")
    with pytest.raises(ConfigError, match="bogus"):
        ColumnMap.parse("bogus=body")
    with pytest.raises(ConfigError, match="FIELD=COLUMN"):
        ColumnMap.parse("text")


def test_csv_missing_text_column_is_one_error_naming_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text('id,headline,content\n1,Title one,"Body, with a comma."\n2,Title two,Body two.\n',
                    encoding="utf-8")
    records = list(iter_articles([str(path)]))
    assert len(records) == 1
    [record] = records
    assert record.status == "error"
    assert record.id == "news.csv"
    assert "id, headline, content" in record.error
    assert "'text'" in record.error


def test_csv_row_with_empty_text_is_error_others_ok(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,title,text\n"
        'r1,First,"The first article text, with a comma; and a semicolon."\n'
        "r2,Second,\n"
        'r3,Third,"Third article text here."\n', encoding="utf-8")
    records = list(iter_articles([str(path)]))
    assert len(records) == 3
    assert [a.status for a in records] == ["ok", "error", "ok"]
    assert records[0].id == "r1" and records[2].id == "r3"
    assert records[0].text == "First\n\nThe first article text, with a comma; and a semicolon."
    assert "row 2" in records[1].error and "empty text" in records[1].error


def test_csv_row_with_empty_text_error_keeps_id_column(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("id,title,text\nr1,First,First text.\nr2,Second,\n", encoding="utf-8")
    records = list(iter_articles([str(path)]))
    assert records[1].status == "error"
    assert records[1].id == "r2"


def test_csv_semicolon_delimited_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffid;text\nx1;Erster Artikel über Sanktionen.\nx2;Second article.\n".encode())
    records = list(iter_articles([str(path)]))
    assert [a.id for a in records] == ["x1", "x2"]
    assert records[0].text == "Erster Artikel über Sanktionen."


def test_csv_long_cell_truncated_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("id,text\nbig," + "word " * 1000 + "\n", encoding="utf-8")
    [record] = list(iter_articles([str(path)], ReadOptions(max_bytes=1000)))
    assert record.ok
    assert len(record.text) == 1000
    assert any("truncated" in w for w in record.warnings)


def test_parquet_rows_stream_with_metadata_and_clear_errors(tmp_path: Path) -> None:
    """Parquet input: one article per row (read in chunks), a null text is an error record,
    a file that is not Parquet and one without the text column are one clear error each."""
    import duckdb

    from narrascope.ingest.tabular import read_parquet

    good = tmp_path / "news.parquet"
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT 'p' || i AS id, CASE WHEN i = 3 THEN NULL ELSE 'Officials said ' || i "
            "|| ' homes flooded.' END AS text, DATE '2024-01-01' + i::INTEGER AS published, "
            "'x'::BLOB AS raw, i AS n FROM range(5) t(i)) "
            f"TO '{good}' (FORMAT parquet)")
        con.execute(f"COPY (SELECT 1 AS body) TO '{tmp_path / 'other.parquet'}' (FORMAT parquet)")
    (tmp_path / "fake.parquet").write_bytes(b"not parquet at all")
    rows = list(read_parquet(good, ColumnMap(), 1000, chunk=2))
    assert [(a.id, a.status) for a in rows] == [
        ("p0", "ok"), ("p1", "ok"), ("p2", "ok"), ("p3", "error"), ("p4", "ok")]
    assert rows[1].published == "2024-01-02" and rows[1].text == "Officials said 1 homes flooded."
    assert rows[3].error == "row 4: empty text"
    fake = list(read_parquet(tmp_path / "fake.parquet", ColumnMap(), 1000))
    assert len(fake) == 1 and "not a readable Parquet file" in fake[0].error
    other = list(read_parquet(tmp_path / "other.parquet", ColumnMap(), 1000))
    assert len(other) == 1 and "columns found: body" in other[0].error
