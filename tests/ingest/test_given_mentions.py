"""Given-mentions mode: reading subtask-1 files, attaching gold mentions, markup parsing."""
from __future__ import annotations

from pathlib import Path

import pytest

from narrascope.doc import Article
from narrascope.errors import InputError
from narrascope.ingest.mentions import GIVEN_MENTIONS, GivenMentions, given_mention
from narrascope.train.roles import parse_markup, read_subtask1

TEXT = "Kyiv said Moscow lied. NATO agreed."


def _write(tmp_path: Path, lines: list[str], name: str = "mentions.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- read_subtask1 ------------------------------------------------------------------------


def test_read_subtask1_mentions_only_rows(tmp_path: Path) -> None:
    """Four columns give empty roles; offsets become ints."""
    path = _write(tmp_path, ["a1.txt\tKyiv\t0\t3", "a1.txt\tMoscow\t10\t15"])
    rows = list(read_subtask1(path))
    assert rows == [("a1.txt", "Kyiv", 0, 3, "", []), ("a1.txt", "Moscow", 10, 15, "", [])]


def test_read_subtask1_gold_rows_with_several_fine_roles(tmp_path: Path) -> None:
    """Column 5 is the main role, columns 6+ the fine roles (blank cells dropped)."""
    path = _write(tmp_path, [
        "a1.txt\tMoscow\t10\t15\tAntagonist\tDeceiver\tInstigator",
        "a1.txt\tKyiv\t0\t3\tProtagonist\tGuardian\t",
        "a2.txt\tNATO\t23\t26\tInnocent\tVictim\r",
    ])
    rows = list(read_subtask1(path))
    assert rows[0] == ("a1.txt", "Moscow", 10, 15, "Antagonist", ["Deceiver", "Instigator"])
    assert rows[1] == ("a1.txt", "Kyiv", 0, 3, "Protagonist", ["Guardian"])
    assert rows[2] == ("a2.txt", "NATO", 23, 26, "Innocent", ["Victim"])


def test_read_subtask1_skips_blank_lines(tmp_path: Path) -> None:
    """Blank and whitespace-only lines are not rows."""
    path = _write(tmp_path, ["", "a1.txt\tKyiv\t0\t3", "   ", "", "a1.txt\tNATO\t23\t26"])
    assert [r[1] for r in read_subtask1(path)] == ["Kyiv", "NATO"]


def test_read_subtask1_malformed_row_names_line(tmp_path: Path) -> None:
    """Too few columns raise InputError with the file's line number."""
    path = _write(tmp_path, ["a1.txt\tKyiv\t0\t3", "", "a1.txt\tMoscow\t10"])
    with pytest.raises(InputError, match=r":3: expected at least 4"):
        list(read_subtask1(path))


def test_read_subtask1_non_integer_offsets(tmp_path: Path) -> None:
    """Offsets that are not integers raise InputError naming the line."""
    path = _write(tmp_path, ["a1.txt\tKyiv\t0\t3", "a1.txt\tMoscow\tten\t15"])
    with pytest.raises(InputError, match=r":2: start and end must be integers"):
        list(read_subtask1(path))


# --- parse_markup -------------------------------------------------------------------------


def test_parse_markup_offsets_are_exact() -> None:
    """Mentions' offsets index the plain text; roles and fine roles are split out."""
    marked = ("[[Kyiv|Protagonist|Guardian]] said [[the Kremlin|Antagonist|Instigator, Deceiver]] "
              "lied to [[Reuters|none]].")
    text, mentions = parse_markup(marked)
    assert text == "Kyiv said the Kremlin lied to Reuters."
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [(m.text, m.main, m.fines) for m in mentions] == [
        ("Kyiv", "Protagonist", ["Guardian"]),
        ("the Kremlin", "Antagonist", ["Instigator", "Deceiver"]),
        ("Reuters", "none", []),
    ]


def test_parse_markup_without_marks() -> None:
    """Plain text passes through with no mentions."""
    assert parse_markup("No actors here.") == ("No actors here.", [])


# --- GivenMentions ------------------------------------------------------------------------


@pytest.fixture
def given(tmp_path: Path) -> GivenMentions:
    path = _write(tmp_path, [
        "a1.txt\tKyiv\t0\t3\tProtagonist\tGuardian",
        "a1.txt\tMoscow\t10\t15",
        "a2\tNATO\t23\t26",
        "ghost.txt\tNobody\t0\t5",
    ])
    return GivenMentions.read(path)


def test_read_groups_rows_by_article(given: GivenMentions) -> None:
    """Rows are grouped per article id as (mention, start, inclusive end)."""
    assert given.by_article["a1.txt"] == [("Kyiv", 0, 3), ("Moscow", 10, 15)]
    assert set(given.by_article) == {"a1.txt", "a2", "ghost.txt"}


def test_lookup_with_or_without_txt(given: GivenMentions) -> None:
    """Ids match whether or not either side carries '.txt'."""
    assert given.lookup("a1.txt")[0] == "a1.txt"
    assert given.lookup("a1")[0] == "a1.txt"
    assert given.lookup("a2.txt")[0] == "a2"
    assert given.lookup("a2")[1] == [("NATO", 23, 26)]
    assert given.lookup("a3") is None


def test_attach_gives_realigned_mentions_and_marks_given_mode(given: GivenMentions) -> None:
    """Exact offsets become exclusive spans; the file's offsets are kept in ``given``."""
    articles = list(given.attach([Article("a1", text=TEXT)]))
    art = articles[0]
    assert art.metadata[GIVEN_MENTIONS] is True
    assert [(m.start, m.end, m.text, m.given) for m in art.mentions] == [
        (0, 4, "Kyiv", [0, 3]), (10, 16, "Moscow", [10, 15])]
    assert art.warnings == []


def test_unknown_lists_ids_no_article_used(given: GivenMentions) -> None:
    """Ids in the file that no article matched are reported, sorted."""
    list(given.attach([Article("a1", text=TEXT), Article("a2.txt", text=TEXT)]))
    assert given.unknown == ["ghost.txt"]


def test_unknown_before_attach_lists_everything(given: GivenMentions) -> None:
    """Before any article is attached every id is unknown."""
    assert given.unknown == ["a1.txt", "a2", "ghost.txt"]


def test_article_without_mentions_gets_warning(given: GivenMentions) -> None:
    """An article the file does not list keeps no mentions and is warned about."""
    art = next(given.attach([Article("other.txt", text=TEXT)]))
    assert art.mentions == []
    assert art.metadata[GIVEN_MENTIONS] is True
    assert any("lists no mentions" in w for w in art.warnings)


def test_given_mention_exact() -> None:
    """Matching offsets give no warning."""
    art = Article("a", text=TEXT)
    m = given_mention(art, "NATO", 23, 26)
    assert (m.start, m.end, m.text, m.given) == (23, 27, "NATO", [23, 26])
    assert art.warnings == []


def test_given_mention_text_mismatch_is_realigned_with_warning() -> None:
    """Shifted offsets are re-aligned; the warning names the mention and both positions."""
    art = Article("a", text=TEXT)
    m = given_mention(art, "Moscow", 12, 17)
    assert (m.start, m.end, m.text) == (10, 16, "Moscow")
    assert m.given == [12, 17]
    assert len(art.warnings) == 1
    assert "'Moscow'" in art.warnings[0] and "12-17" in art.warnings[0]
    assert "10-15" in art.warnings[0]


def test_given_mention_out_of_range_offsets() -> None:
    """Offsets beyond the text do not raise; the mention is found elsewhere or guessed."""
    art = Article("a", text=TEXT)
    m = given_mention(art, "NATO", 500, 503)
    assert (m.start, m.end, m.text) == (23, 27, "NATO")
    assert "far away" in art.warnings[-1]
    missing = given_mention(art, "Beijing", 500, 506)
    assert missing.text == "Beijing"
    assert 0 <= missing.start <= missing.end <= len(TEXT)
    assert missing.given == [500, 506]
    assert "'Beijing'" in art.warnings[-1] and "does not contain it" in art.warnings[-1]


def test_attach_warns_per_mismatched_mention(tmp_path: Path) -> None:
    """Attaching a file with a wrong offset puts one warning naming that mention on the article."""
    path = _write(tmp_path, ["a1.txt\tKyiv\t0\t3", "a1.txt\tNATO\t2\t5"])
    art = next(GivenMentions.read(path).attach([Article("a1.txt", text=TEXT)]))
    assert [m.text for m in art.mentions] == ["Kyiv", "NATO"]
    assert len(art.warnings) == 1 and "'NATO'" in art.warnings[0]
