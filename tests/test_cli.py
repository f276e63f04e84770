"""The `narrascope` command line: analyze, evaluate narratives, train narratives."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrascope.cli import analyze as analyze_command
from narrascope.cli import main
from narrascope.taxonomies import load_taxonomy

EN_TEXT = (
    "Sanctions on Russia backfire on Europe\n\n"
    "The sanctions imposed on Russia have hurt European households far more than Moscow. "
    "Energy bills have doubled while Russian exports simply find new buyers in Asia. "
    "Brussels follows orders from Washington, and the factories of Germany are closing.\n"
)
RU_TEXT = (
    "Санкции бьют по Европе\n\n"
    "Западные санкции против России ударили прежде всего по самой Европе. Цены на газ выросли "
    "вдвое, а заводы в Германии закрываются. Вашингтон использует Украину как марионетку в своей "
    "игре против Москвы.\n"
)
TAXONOMY_LABELS = set(load_taxonomy().all_labels)
DU = "URW: Discrediting Ukraine"
PUPPET = f"{DU}: Ukraine is a puppet of the West"
NCW = "URW: Negative Consequences for the West"
BACKFIRE = f"{NCW}: Sanctions imposed by Western countries will backfire"


@pytest.fixture
def three_articles(tmp_articles) -> Path:  # type: ignore[no-untyped-def]
    return tmp_articles({"en.txt": EN_TEXT, "ru.txt": RU_TEXT, "empty.txt": ""}, folder="inputs")


def _runner() -> CliRunner:
    return CliRunner()


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_cli_analyze_folder_subprocess_writes_outputs_and_exits_1(three_articles: Path,
                                                                   tmp_path: Path) -> None:
    """One real run of the installed console script."""
    script = Path(sys.executable).with_name("narrascope")
    assert script.exists(), script
    out = tmp_path / "out"
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.run([str(script), "analyze", str(three_articles), "-o", str(out)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "1 failed" in proc.stderr and "2 ok" in proc.stderr
    records = _jsonl(out / "analysis.jsonl")
    assert [r["id"] for r in records] == ["empty.txt", "en.txt", "ru.txt"]
    assert [r["status"] for r in records] == ["error", "ok", "ok"]
    assert "empty" in records[0]["error"]
    assert records[1]["language"] == "en" and records[2]["language"] == "ru"
    for record in records[1:]:
        assert record["narratives"] and record["dominant_narrative"]
        assert {n["name"] for n in record["narratives"] + record["subnarratives"]} <= TAXONOMY_LABELS
    html = (out / "report.html").read_text("utf-8")
    assert "3 articles analysed, 2 ok, 1 failed." in html
    assert not (out / "narratives.tsv").exists()


def test_cli_analyze_folder_in_process_summary(three_articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _runner().invoke(main, ["analyze", str(three_articles), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "1 failed" in result.stderr
    assert result.stdout == ""
    assert len(_jsonl(out / "analysis.jsonl")) == 3
    assert (out / "report.html").is_file()


def test_cli_analyze_semeval_format_three_columns(three_articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _runner().invoke(main, ["analyze", str(three_articles), "-o", str(out), "-q",
                                     "--format", "semeval-narratives"])
    assert result.exit_code == 1, result.output
    lines = (out / "narratives.tsv").read_text("utf-8").splitlines()
    assert len(lines) == 3
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 3 for row in rows), rows
    assert [row[0] for row in rows] == ["empty.txt", "en.txt", "ru.txt"]
    assert rows[0][1:] == ["Other", "Other"]  # the failed article
    for _, narratives, subnarratives in rows:
        assert set(narratives.split(";")) | set(subnarratives.split(";")) <= TAXONOMY_LABELS
    assert not (out / "analysis.jsonl").exists() and not (out / "report.html").exists()


def test_cli_analyze_stdout_jsonl(three_articles: Path) -> None:
    en_only = three_articles / "en.txt"
    result = _runner().invoke(main, ["analyze", str(en_only), "-o", "-", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == "en.txt" and record["status"] == "ok"
    assert record["text"] == EN_TEXT


def test_cli_analyze_stdout_needs_exactly_one_format(three_articles: Path) -> None:
    result = _runner().invoke(main, ["analyze", str(three_articles), "-o", "-"])
    assert result.exit_code != 0
    assert "exactly one --format" in result.output


def test_cli_analyze_unknown_lang_one_line_error(three_articles: Path, tmp_path: Path) -> None:
    result = _runner().invoke(main, ["analyze", str(three_articles), "-o", str(tmp_path / "o"),
                                     "--lang", "xx"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error:") and "'xx'" in lines[0] and "en" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_cli_analyze_unknown_lang_exit_code_2(three_articles: Path, tmp_path: Path) -> None:
    result = _runner().invoke(main, ["analyze", str(three_articles), "-o", str(tmp_path / "o"),
                                     "--lang", "xx"])
    assert result.exit_code == 2


def test_cli_analyze_bad_columns_exit_2_one_line(three_articles: Path) -> None:
    result = _runner().invoke(main, ["analyze", str(three_articles), "--columns", "bogus"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("Error: bad column mapping 'bogus'")
    assert len(result.output.strip().splitlines()) == 1


def test_cli_analyze_help_mentions_every_option() -> None:
    result = _runner().invoke(main, ["analyze", "--help"])
    assert result.exit_code == 0
    options = [opt for param in analyze_command.params for opt in param.opts if opt.startswith("-")]
    assert len(options) >= 15
    for opt in options:
        assert opt in result.output, opt
    for fmt in ("jsonl", "html", "semeval-narratives"):
        assert fmt in result.output


# --- evaluate narratives -------------------------------------------------------------

def _write_tsv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_evaluate_single_article_partial_match(tmp_path: Path) -> None:
    gold = _write_tsv(tmp_path / "gold.tsv", [("a1.txt", f"{DU};{NCW}", f"{PUPPET};{BACKFIRE}")])
    pred = _write_tsv(tmp_path / "pred.tsv", [("a1.txt", DU, PUPPET)])
    result = _runner().invoke(main, ["evaluate", "narratives", str(gold), str(pred), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    # gold {A, B}, pred {A}: F1 = 2*1 / (2+1) = 0.667 for both levels
    assert scores["f1_samples_narratives"] == pytest.approx(2 / 3)
    assert scores["f1_samples_subnarratives"] == pytest.approx(2 / 3)
    assert scores["per_label"][DU] == {"precision": 1.0, "recall": 1.0, "support": 1}
    assert scores["per_label"][NCW] == {"precision": 0.0, "recall": 0.0, "support": 1}


def test_cli_evaluate_ignores_unknown_labels_and_counts_missing_as_zero(tmp_path: Path) -> None:
    gold = _write_tsv(tmp_path / "gold.tsv", [
        ("a1.txt", f"{DU};{NCW}", f"{PUPPET};{BACKFIRE}"),
        ("a2.txt", "Other", "Other"),
        ("a3.txt", "URW: Praise of Russia", "URW: Praise of Russia: Other"),
    ])
    pred = _write_tsv(tmp_path / "pred.tsv", [
        # "URW: Invented narrative" is not in the class list and must be ignored
        ("a1.txt", f"{DU};URW: Invented narrative", f"{PUPPET};{DU}: Other"),
        ("a2.txt", "Other", "Other"),
        ("extra.txt", DU, PUPPET),  # not in gold: does not count
        # a3.txt has no prediction: F1 0
    ])
    result = _runner().invoke(main, ["evaluate", "narratives", str(gold), str(pred)])
    assert result.exit_code == 0, result.output
    # narratives:    a1 2*1/(2+1)=0.6667 (invented label dropped), a2 1, a3 0 -> 1.6667/3 = 0.5556
    # subnarratives: a1 2*1/(2+2)=0.5, a2 1, a3 0 -> 1.5/3 = 0.5
    assert "articles: 3  (missing predictions: 1)" in result.output
    assert "F1-samples narratives:    0.5556" in result.output
    assert "F1-samples subnarratives: 0.5000" in result.output
    assert "Invented narrative" not in result.output


def test_cli_evaluate_malformed_tsv_one_line_error(tmp_path: Path) -> None:
    gold = _write_tsv(tmp_path / "gold.tsv", [("a1.txt", DU, PUPPET)])
    pred = tmp_path / "pred.tsv"
    pred.write_text("a1.txt only-two-columns\n", encoding="utf-8")
    result = _runner().invoke(main, ["evaluate", "narratives", str(gold), str(pred)])
    assert result.exit_code == 2
    assert "expected 3 tab-separated columns" in result.output
    assert "Traceback" not in result.output


# --- train narratives ----------------------------------------------------------------

PUPPET_SENTENCES = {
    "EN": ["Kyiv takes orders from Washington and cannot decide anything alone.",
           "The Ukrainian government is a puppet of the West, run by foreign advisers.",
           "Zelensky obeys his Western masters in every decision he makes.",
           "Ukraine has become a colony controlled by NATO and the American embassy.",
           "Western handlers in Kyiv dictate the policy of the Ukrainian leadership.",
           "Ukraine is merely a tool of the United States in its fight against Russia."],
    "RU": ["Киев выполняет приказы Вашингтона и ничего не решает сам.",
           "Украинское правительство является марионеткой Запада.",
           "Зеленский подчиняется своим западным хозяевам во всём.",
           "Украина превратилась в колонию под управлением НАТО и посольства США.",
           "Западные кураторы диктуют политику украинскому руководству.",
           "Украина лишь инструмент США в борьбе против России."],
}
OTHER_SENTENCES = {
    "EN": ["The city council opened a new public library on Main Street.",
           "Local farmers expect a good harvest of apples this autumn.",
           "The football club signed a young striker from the youth academy.",
           "A new bakery opened downtown and sells fresh bread every morning.",
           "Scientists discovered a new species of frog in the rainforest.",
           "The museum will host an exhibition of modern paintings next month."],
    "RU": ["Городской совет открыл новую библиотеку на главной улице.",
           "Местные фермеры ожидают хороший урожай яблок этой осенью.",
           "Футбольный клуб подписал молодого нападающего.",
           "В центре открылась новая пекарня со свежим хлебом.",
           "Учёные обнаружили новый вид лягушек в тропическом лесу.",
           "Музей проведёт выставку современной живописи в следующем месяце."],
}


def _semeval_training_folder(root: Path) -> Path:
    for lang in ("EN", "RU"):
        docs = root / lang / "raw-documents"
        docs.mkdir(parents=True)
        annotations = []
        for kind, sentences, labels in (("P", PUPPET_SENTENCES[lang], (DU, PUPPET)),
                                        ("O", OTHER_SENTENCES[lang], ("Other", "Other"))):
            for i, sentence in enumerate(sentences):
                name = f"{lang}_{kind}{i}.txt"
                nxt = sentences[(i + 1) % len(sentences)]
                (docs / name).write_text(f"Article {lang} {kind}{i}\n\n{sentence} {nxt}\n", "utf-8")
                annotations.append(f"{name}\t{labels[0]}\t{labels[1]}\n")
        (root / lang / "subtask-2-annotations.txt").write_text("".join(annotations), "utf-8")
    return root


def test_cli_train_narratives_then_analyze_with_model(tmp_path: Path) -> None:
    data = _semeval_training_folder(tmp_path / "data")
    model = tmp_path / "model"
    runner = _runner()
    result = runner.invoke(main, ["train", "narratives", str(data), "-o", str(model), "-q"])
    assert result.exit_code == 0, result.output
    assert "trained on 24 articles (en, ru)" in result.output
    assert (model / "head.json").is_file() and (model / "head.npz").is_file()
    meta = json.loads((model / "head.json").read_text("utf-8"))
    assert meta["embedder"] == "e5-small"
    assert DU in meta["labels"] and PUPPET in meta["labels"]
    assert meta["info"]["articles"] == 24 and meta["info"]["languages"] == ["en", "ru"]

    out = tmp_path / "out"
    result = runner.invoke(main, ["analyze", str(data / "EN"), "--model", str(model), "-o", str(out),
                                  "-q", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = _jsonl(out / "analysis.jsonl")
    assert len(records) == 12 and all(r["status"] == "ok" for r in records)
    for record in records:
        names = {n["name"] for n in record["narratives"] + record["subnarratives"]}
        assert names and names <= TAXONOMY_LABELS, names
    puppets = [r for r in records if "_P" in r["id"]]
    assert sum(DU in {n["name"] for n in r["narratives"]} for r in puppets) >= 4


def test_cli_train_narratives_empty_folder_one_line_error(tmp_path: Path) -> None:
    result = _runner().invoke(main, ["train", "narratives", str(tmp_path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "no SemEval-2025 Task 10 data" in result.output
    assert "Traceback" not in result.output
