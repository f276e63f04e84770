"""The entity-framing commands: analyze --mentions / semeval-roles, evaluate roles, train roles, actors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrascope.cli import main
from narrascope.taxonomies.roles import MAIN_ROLES, load_roles

DOC_A = (
    "Sanctions hit Europe\n\n"
    "The European Commission keeps adding sanctions while Brussels ignores the farmers who pay "
    "for them. Moscow laughs, and Washington sells its gas at four times the price.\n"
)
DOC_B = (
    "Shelling in Kharkiv\n\n"
    "Russian troops shelled Kharkiv again. Zelensky visited the wounded and promised new "
    "shelters; the Kremlin claimed it hit only military targets.\n"
)


def _span(text: str, mention: str) -> tuple[int, int]:
    start = text.index(mention)
    return start, start + len(mention) - 1


@pytest.fixture
def semeval_folder(tmp_path: Path) -> Path:
    """A SemEval-layout language folder with gold role annotations written by the test."""
    folder = tmp_path / "EN"
    (folder / "raw-documents").mkdir(parents=True)
    (folder / "raw-documents" / "A.txt").write_text(DOC_A, "utf-8")
    (folder / "raw-documents" / "B.txt").write_text(DOC_B, "utf-8")
    rows = []
    for art, text, mention, roles in (
            ("A.txt", DOC_A, "Brussels", "Antagonist\tIncompetent"),
            ("A.txt", DOC_A, "farmers", "Innocent\tVictim"),
            ("A.txt", DOC_A, "Washington", "Antagonist\tCorrupt\tInstigator"),
            ("B.txt", DOC_B, "Russian troops", "Antagonist\tTerrorist"),
            ("B.txt", DOC_B, "Zelensky", "Protagonist\tGuardian"),
            ("B.txt", DOC_B, "the Kremlin", "Antagonist\tDeceiver")):
        start, end = _span(text, mention)
        rows.append(f"{art}\t{mention}\t{start}\t{end}\t{roles}\n")
    (folder / "subtask-1-annotations.txt").write_text("".join(rows), "utf-8")
    return folder


def _read_tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines() if line]


def test_given_mentions_write_official_rows_with_given_offsets(semeval_folder: Path,
                                                               tmp_path: Path) -> None:
    """Every given mention gets one row, with the offsets exactly as given (even shifted ones)."""
    gold = semeval_folder / "subtask-1-annotations.txt"
    lines = gold.read_text("utf-8").splitlines()
    art, mention, start, end, *_ = lines[0].split("\t")
    lines[0] = "\t".join([art, mention, str(int(start) + 3), str(int(end) + 3), "x"])  # off by 3
    lines.append("MISSING.txt\tNATO\t0\t3")
    mentions = tmp_path / "mentions.txt"
    mentions.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(semeval_folder / "raw-documents"), "--mentions",
                                       str(mentions), "-f", "semeval-roles", "-f", "jsonl",
                                       "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "MISSING.txt" in result.output  # unknown article ids are reported, not dropped silently
    rows = _read_tsv(out / "roles.tsv")
    assert len(rows) == 6
    given = {(r[0], r[2], r[3]) for r in (line.split("\t") for line in lines[:6])}
    assert {(r[0], r[2], r[3]) for r in rows} == given
    taxonomy = load_roles()
    for row in rows:
        assert row[4] in MAIN_ROLES
        assert row[5:] and all(taxonomy.main_of[f] == row[4] for f in row[5:])
    records = {r["id"]: r for r in map(json.loads, (out / "analysis.jsonl").read_text("utf-8").splitlines())}
    assert any("does not match the text" in w for w in records["A.txt"]["warnings"])


def test_evaluate_roles_scores_and_json(semeval_folder: Path, tmp_path: Path) -> None:
    gold = semeval_folder / "subtask-1-annotations.txt"
    pred = tmp_path / "pred.txt"
    rows = _read_tsv(gold)
    rows[0][5:] = ["Incompetent"]  # right
    rows[1][4:] = ["Antagonist", "Instigator"]  # main and fine wrong
    rows[2][5:] = ["Instigator", "Corrupt"]  # same set, other order: still exact
    pred.write_text("".join("\t".join(r) + "\n" for r in rows[:5]), "utf-8")  # last one missing
    result = CliRunner().invoke(main, ["evaluate", "roles", str(gold), str(pred)])
    assert result.exit_code == 0, result.output
    assert "exact match ratio (fine roles): 0.6667" in result.output
    assert "main-role accuracy:             0.6667" in result.output
    assert "missing predictions: 1" in result.output
    as_json = json.loads(CliRunner().invoke(main, ["evaluate", "roles", str(gold), str(pred), "--json"]).output)
    assert as_json["per_role"]["main"]["Innocent"]["recall"] == 0.0


def test_evaluate_roles_malformed_file_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("A.txt\tNATO\tzero\t3\tAntagonist\tInstigator\n", "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "roles", str(bad), str(bad)])
    assert result.exit_code == 2 and "integers" in result.output and "Traceback" not in result.output


def test_train_roles_then_analyze_with_role_model(semeval_folder: Path, tmp_path: Path) -> None:
    """A user's annotated folder trains a head that analyze --role-model then uses."""
    model = tmp_path / "model"
    result = CliRunner().invoke(main, ["train", "roles", str(semeval_folder), "-o", str(model), "-q"])
    assert result.exit_code == 0, result.output
    assert (model / "roles.json").is_file() and "6 mentions" in result.output
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(semeval_folder / "raw-documents"), "--role-model",
                                       str(model), "--mentions",
                                       str(semeval_folder / "subtask-1-annotations.txt"),
                                       "-f", "semeval-roles", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert len(_read_tsv(out / "roles.tsv")) == 6


def test_train_roles_markup_folder_and_bad_roles(tmp_path: Path) -> None:
    data = tmp_path / "markup"
    data.mkdir()
    (data / "a.jsonl").write_text(json.dumps({"lang": "en", "domain": "URW", "text":
        "[[NATO|Antagonist|Tyrant,Guardian]] expands."}) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["train", "roles", str(data), "-o", str(tmp_path / "m"), "-q"])
    assert result.exit_code == 2 and "belongs to Protagonist" in result.output


def test_train_roles_empty_folder_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "roles", str(tmp_path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "subtask-1-annotations.txt" in result.output


def test_actors_table_and_csv(tmp_path: Path) -> None:
    """Actors x sources from a JSONL analysis with sources; CSV reads back."""
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps({"id": i, "text": t, "source": s}) + "\n" for i, t, s in (
        ("1", DOC_A, "outlet-one"), ("2", DOC_B, "outlet-two"), ("3", DOC_B, "outlet-one"))), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(docs), "-f", "jsonl", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    table = CliRunner().invoke(main, ["actors", str(out / "analysis.jsonl"), "--no-link-embeddings"])
    assert table.exit_code == 0, table.output
    assert "outlet-one" in table.output and "Zelensky" in table.output
    as_csv = CliRunner().invoke(main, ["actors", str(out / "analysis.jsonl"), "-f", "csv",
                                       "--no-link-embeddings", "--min-mentions", "1"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    zelensky = [r for r in rows if r["actor_id"] == "zelensky"]
    assert {r["source"] for r in zelensky} == {"outlet-one", "outlet-two"}
    for row in rows:
        assert int(row["mentions"]) == sum(int(row[k]) for k in ("protagonist", "antagonist",
                                                                  "innocent", "none"))


def test_actors_on_a_file_without_analyses_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not json\n", "utf-8")
    result = CliRunner().invoke(main, ["actors", str(junk), "--no-link-embeddings"])
    assert result.exit_code == 2 and "holds no analysed articles" in result.output
