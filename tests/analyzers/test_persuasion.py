"""Persuasion layer on real models: paragraphs, techniques, genre, frames, profile, formats, commands."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrascope.analyzers.persuasion import (
    PersuasionAnalyzer,
    PersuasionModel,
    shipped_persuasion_dir,
)
from narrascope.cli import main
from narrascope.doc import Article
from narrascope.ingest.text import article_from_text
from narrascope.nlp.paragraphs import is_hedged, split_paragraphs
from narrascope.nlp.sentences import split_sentences
from narrascope.taxonomies.persuasion import load_persuasion

OPINION = (
    "Europe's leaders are sleepwalking into disaster\n\n"
    "The spineless bureaucrats in Brussels have once again betrayed ordinary families, "
    "handing billions to a corrupt regime while pensioners freeze in their homes.\n"
    "Either we stop this madness now, or our children will inherit a ruined continent.\n"
    "Officials reportedly plan another package next month, according to two diplomats.\n"
    "Enough is enough. It is time to put our own people first!\n"
)


@pytest.fixture(scope="module")
def analysed(pipeline) -> Article:  # type: ignore[no-untyped-def]
    return pipeline(article_from_text(OPINION, id="article900.txt"))


def test_paragraphs_follow_lines(analysed: Article) -> None:
    assert [p.label for p in analysed.paragraphs] == ["1", "3", "4", "5", "6"]
    for p in analysed.paragraphs:
        assert analysed.text[p.start:p.end] == p.text and "\n" not in p.text


def test_techniques_are_valid_and_placed_in_their_paragraph(analysed: Article) -> None:
    tax = load_persuasion()
    assert analysed.techniques, "an article this loaded should carry some technique"
    for t in analysed.techniques:
        assert t.name in tax.techniques and tax.group_of[t.name] == t.group
        para = analysed.paragraphs[t.paragraph]
        assert para.start <= t.start < t.end <= para.end
        assert analysed.text[t.start:t.end] == t.text
        assert 0 < t.score <= 1


def test_genre_frames_and_profile(analysed: Article) -> None:
    tax = load_persuasion()
    assert analysed.genre is not None and analysed.genre.name in tax.genres
    assert 1 <= len(analysed.frames) <= 5 and all(f.name in tax.frames for f in analysed.frames)
    profile = analysed.persuasion
    words = len(OPINION.split())
    assert profile["words"] == words
    assert profile["techniques_per_1000_words"] == round(len(analysed.techniques) * 1000 / words, 2)
    assert set(profile["by_group_per_1000_words"]) == set(tax.groups)
    assert profile["hedged_sentence_share"] + profile["asserted_sentence_share"] == pytest.approx(1.0)
    assert profile["hedged_sentence_share"] > 0  # "reportedly ... according to"


def test_json_round_trip(analysed: Article) -> None:
    again = Article.from_dict(json.loads(json.dumps(analysed.to_dict())))
    assert again.techniques == analysed.techniques and again.genre == analysed.genre
    assert again.frames == analysed.frames and again.persuasion == analysed.persuasion


def test_giant_single_paragraph_is_split_but_keeps_its_line_number() -> None:
    text = "Title\n\n" + " ".join(f"Sentence number {i} is here." for i in range(30))
    paragraphs = split_paragraphs(text, split_sentences(text))
    assert paragraphs[0].label == "1"
    rest = paragraphs[1:]
    assert len(rest) == 6 and {p.label for p in rest} == {"3"}
    assert rest[0].start == text.index("Sentence number 0") and rest[-1].end == len(text)


def test_hedge_words_per_language() -> None:
    assert is_hedged("По данным СМИ, войска якобы отступили.", "ru")
    assert not is_hedged("Войска отступили.", "ru")
    assert is_hedged("Segundo o ministério, o acordo pode cair.", "pt")


def test_semeval2023_formats_keep_line_numbers_and_ids(tmp_path: Path) -> None:
    """Markup in the text stays text; every non-empty line gets a row; ids lose 'article'/.txt."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "article123.txt").write_text(OPINION.replace("Officials", "<b>Officials</b>"), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(docs), "-o", str(out), "-q", "-f", "html",
                                       "-f", "semeval-techniques", "-f", "semeval-genre",
                                       "-f", "semeval-frames"])
    assert result.exit_code == 0, result.output
    rows = [r.split("\t") for r in (out / "techniques.tsv").read_text("utf-8").splitlines()]
    assert [r[0] for r in rows] == ["123"] * 5 and [r[1] for r in rows] == ["1", "3", "4", "5", "6"]
    tax = load_persuasion()
    assert all(name in tax.techniques for r in rows for name in r[2].split(",") if name)
    genre = (out / "genre.tsv").read_text("utf-8").split("\t")
    assert genre[0] == "123" and genre[1].strip() in tax.genres
    html = (out / "report.html").read_text("utf-8")
    assert "&lt;b&gt;Officials&lt;/b&gt;" in html and 'id="show-g0"' in html


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_evaluate_techniques_counts_mismatched_paragraphs_as_missing(tmp_path: Path) -> None:
    gold = _write(tmp_path / "g.txt", "1\t1\t\n1\t3\tLoaded_Language,Doubt\n1\t4\tSlogans\n")
    pred = _write(tmp_path / "p.txt", "1\t1\t\n1\t3\tLoaded_Language\n1\t9\tSlogans\n")
    result = CliRunner().invoke(main, ["evaluate", "techniques", str(gold), str(pred), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["precision"] == 1.0 and scores["recall"] == pytest.approx(1 / 3)
    assert scores["missing_predictions"] == 1


def test_evaluate_genre_and_frames(tmp_path: Path) -> None:
    gold = _write(tmp_path / "g.txt", "1\topinion\n2\treporting\n3\tsatire\n")
    pred = _write(tmp_path / "p.txt", "1\topinion\n2\topinion\n3\tsatire\n")
    result = CliRunner().invoke(main, ["evaluate", "genre", str(gold), str(pred)])
    assert result.exit_code == 0 and "accuracy: 0.6667" in result.output
    assert "macro-F1: 0.5556" in result.output  # opinion 2/3, reporting 0, satire 1
    gold_f = _write(tmp_path / "gf.txt", "1\tEconomic,Political\n2\tMorality\n")
    pred_f = _write(tmp_path / "pf.txt", "1\tEconomic\n2\tMorality,Political\n")
    result = CliRunner().invoke(main, ["evaluate", "frames", str(gold_f), str(pred_f)])
    assert "micro-F1: 0.6667" in result.output


def test_evaluate_techniques_bad_paragraph_number(tmp_path: Path) -> None:
    bad = _write(tmp_path / "b.txt", "1\tthree\tDoubt\n")
    result = CliRunner().invoke(main, ["evaluate", "techniques", str(bad), str(bad)])
    assert result.exit_code == 2 and "paragraph number" in result.output


def test_train_techniques_on_semeval2023_layout_then_analyze(tmp_path: Path) -> None:
    """A user's folder trains the techniques head; the folder is a complete model afterwards."""
    data = tmp_path / "en"
    arts = data / "train-articles-subtask-3"
    arts.mkdir(parents=True)
    lines3 = []
    for i in range(6):
        (arts / f"article{i}.txt").write_text(OPINION if i % 2 else
                                              "Budget talks\n\nThe ministry published the budget.\n",
                                              "utf-8")
        lines3 += [f"{i}\t3\t{'Loaded_Language' if i % 2 else ''}"]
    (data / "train-labels-subtask-3.txt").write_text("\n".join(lines3) + "\n", "utf-8")
    model = tmp_path / "model"
    result = CliRunner().invoke(main, ["train", "techniques", str(data), "-o", str(model), "-q"])
    assert result.exit_code == 0, result.output
    loaded = PersuasionModel.load(model)
    assert loaded.embedder == "e5-small" and loaded.techniques.labels[0] in load_persuasion().techniques
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(arts), "--persuasion-model", str(model),
                                       "-f", "semeval-techniques", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "techniques.tsv").read_text("utf-8").count("\n") >= 6


def test_train_genre_without_labels_is_a_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "markup"
    data.mkdir()
    (data / "a.jsonl").write_text(json.dumps({"lang": "en", "title": "T", "paragraphs": ["a", "b"],
                                              "frames": ["Political"]}) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["train", "genre", str(data), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2 and "no articles with genre labels" in result.output


def test_model_for_another_embedder_is_refused(tmp_path: Path) -> None:
    PersuasionModel.load(shipped_persuasion_dir("e5-small")).save(tmp_path / "m")
    analyzer = PersuasionAnalyzer(model=str(tmp_path / "m"))
    with pytest.raises(Exception, match="trained on 'e5-small'"):
        analyzer.model_for("use-multilingual")
