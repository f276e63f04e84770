"""The corpus actor report: actor x source (or language) role tables, CSV and text rendering."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from narrascope.doc import Article, Label, Mention
from narrascope.report.actors import (
    NO_SOURCE,
    ActorRow,
    actor_table,
    read_analysis,
    render_csv,
    render_table,
)

HEADER = ["actor_id", "actor", "type", "source", "articles", "mentions", "protagonist",
          "antagonist", "innocent", "none", "dominant_role", "top_fine_roles"]


def _m(actor: str, name: str, role: str = "", fine: str = "", type_: str = "GPE") -> Mention:
    fines = [Label(fine, 0.9), Label("Other", 0.1)] if fine else []
    return Mention(0, len(name), name, type=type_, actor=actor, actor_name=name, main_role=role,
                   fine_roles=fines)


def _corpus() -> list[Article]:
    """Two sources: 'east' casts Ukraine as antagonist, 'west' as protagonist."""
    return [
        Article("e1", source="east", language="ru", mentions=[
            _m("ukraine", "Ukraine", "Antagonist", "Deceiver"),
            _m("ukraine", "Ukraine", "Antagonist", "Instigator"),
            _m("russia", "Russia", "Protagonist", "Guardian"),
            _m("~hrytsenko", "Hrytsenko", "", type_="PER"),
        ]),
        Article("e2", source="east", language="en", mentions=[
            _m("ukraine", "Ukraine", "Antagonist", "Deceiver"),
            _m("", "someone"),  # no actor: ignored
        ]),
        Article("w1", source="west", language="en", mentions=[
            _m("ukraine", "Ukraine", "Protagonist", "Guardian"),
            _m("ukraine", "Ukraine", "Innocent", "Victim"),
            _m("ukraine", "Ukraine", "Protagonist", "Guardian"),
            _m("~olena_hrytsenko", "Olena Hrytsenko", "Innocent", "Victim", type_="PER"),
        ]),
        Article("n1", source="", language="", mentions=[_m("russia", "Russia", "Antagonist")]),
    ]


def _rows(by: str = "source", **kwargs) -> dict[tuple[str, str], ActorRow]:
    return {(r.actor, r.group): r for r in actor_table(_corpus(), by=by, **kwargs)}


def test_actor_table_counts_per_actor_and_source() -> None:
    """Mentions, articles, role counts and dominant role per (actor, source)."""
    rows = _rows()
    east = rows[("ukraine", "east")]
    assert (east.mentions, east.articles, east.dominant) == (3, 2, "Antagonist")
    assert east.roles["Antagonist"] == 3
    assert east.share("Antagonist") == 1.0
    west = rows[("ukraine", "west")]
    assert (west.mentions, west.articles, west.dominant) == (3, 1, "Protagonist")
    assert west.share("Protagonist") == pytest.approx(2 / 3)
    assert west.share("Innocent") == pytest.approx(1 / 3)
    assert west.share("Antagonist") == 0.0


def test_actor_table_top_fine_role_only_and_none_role() -> None:
    """Only each mention's top fine role counts; mentions without a role count as 'none'."""
    rows = _rows()
    east = rows[("ukraine", "east")]
    assert east.fines == {"Deceiver": 2, "Instigator": 1}
    assert "Other" not in east.fines
    # Hrytsenko merged with Olena Hrytsenko across the corpus; the east mention has no role
    h_east = rows[("~olena_hrytsenko", "east")]
    assert h_east.roles["none"] == 1 and h_east.dominant == "none"


def test_actor_table_links_out_of_gazetteer_ids_across_corpus() -> None:
    """'~hrytsenko' is reported under '~olena_hrytsenko'; no row keeps the short id."""
    rows = _rows()
    assert ("~olena_hrytsenko", "east") in rows and ("~olena_hrytsenko", "west") in rows
    assert not any(actor == "~hrytsenko" for actor, _ in rows)


def test_actor_table_missing_source_and_ordering() -> None:
    """Articles without a source are grouped as NO_SOURCE; actors ordered by total mentions."""
    table = actor_table(_corpus())
    assert ("russia", NO_SOURCE) in {(r.actor, r.group) for r in table}
    order = list(dict.fromkeys(r.actor for r in table))
    assert order == ["ukraine", "russia", "~olena_hrytsenko"]  # 6, 2, 2 mentions; ties by id
    first_groups = [r.group for r in table if r.actor == "ukraine"]
    assert first_groups == ["east", "west"]  # equal mentions: by group name


def test_actor_table_by_language() -> None:
    """--by language groups by article language, '?' when unknown."""
    rows = _rows(by="language")
    assert rows[("ukraine", "ru")].mentions == 2
    assert rows[("ukraine", "en")].mentions == 4
    assert rows[("ukraine", "en")].articles == 2
    assert ("russia", "?") in rows
    assert not any(group in {"east", "west"} for _, group in rows)


def test_actor_table_min_mentions_filters_rows() -> None:
    """Rows below min_mentions are dropped."""
    rows = _rows(min_mentions=2)
    assert set(rows) == {("ukraine", "east"), ("ukraine", "west")}


def test_actor_table_top_keeps_most_mentioned_actors() -> None:
    """top=N keeps the N actors with the most mentions overall."""
    rows = _rows(top=1)
    assert {actor for actor, _ in rows} == {"ukraine"}
    rows = _rows(top=2)
    assert {actor for actor, _ in rows} == {"ukraine", "russia"}


def test_render_csv_parses_back_with_header() -> None:
    """The CSV has the documented header and one parsable line per row."""
    table = actor_table(_corpus())
    parsed = list(csv.reader(io.StringIO(render_csv(table, "source"))))
    assert parsed[0] == HEADER
    assert len(parsed) == len(table) + 1
    records = {(r[0], r[3]): dict(zip(HEADER, r)) for r in parsed[1:]}
    east = records[("ukraine", "east")]
    assert east["actor"] == "Ukraine" and east["type"] == "GPE"
    assert (east["articles"], east["mentions"], east["antagonist"]) == ("2", "3", "3")
    assert east["dominant_role"] == "Antagonist"
    assert east["top_fine_roles"] == "Deceiver:2; Instigator:1"


def test_render_csv_by_language_names_the_column() -> None:
    """The grouping column is named after --by."""
    header = next(csv.reader(io.StringIO(render_csv(actor_table(_corpus(), by="language"),
                                                    "language"))))
    assert header[3] == "language"


def test_render_csv_quotes_awkward_names() -> None:
    """Names with commas and quotes survive the round trip."""
    art = Article("x", source="s", mentions=[_m("~acme", 'Acme, "the firm"', "Antagonist")])
    parsed = list(csv.reader(io.StringIO(render_csv(actor_table([art]), "source"))))
    assert parsed[1][1] == 'Acme, "the firm"'


def test_render_table_contains_actor_names() -> None:
    """The text table shows every actor's name and group."""
    out = render_table(actor_table(_corpus()), "source")
    for name in ("Ukraine", "Russia", "Hrytsenko", "east", "west"):
        assert name in out
    assert "source" in out


def test_read_analysis_skips_and_reports_bad_lines(tmp_path: Path) -> None:
    """Good records load; malformed lines and failed articles are reported with line numbers."""
    good = Article("ok1", text="t", source="east", mentions=[_m("ukraine", "Ukraine", "Antagonist")])
    failed = Article("bad1", text="t").fail("could not decode")
    lines = [json.dumps(good.to_dict()), "{not json", "", json.dumps({"text": "no id"}),
             json.dumps(failed.to_dict())]
    path = tmp_path / "analysis.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = read_analysis(path)
    assert [a.id for a in articles] == ["ok1"]
    assert articles[0].mentions[0].actor == "ukraine"
    assert len(problems) == 3
    assert problems[0].startswith(f"{path}:2:") and "not an analysis record" in problems[0]
    assert problems[1].startswith(f"{path}:4:")
    assert f"{path}:5:" in problems[2] and "'bad1'" in problems[2]
    assert "could not decode" in problems[2]


def test_read_analysis_reports_non_object_json_lines(tmp_path: Path) -> None:
    """Valid JSON that is not an object is a bad line, reported, not fatal."""
    good = Article("ok1", text="t")
    path = tmp_path / "analysis.jsonl"
    path.write_text("[1, 2]\n" + json.dumps(good.to_dict()) + "\n", encoding="utf-8")
    articles, problems = read_analysis(path)
    assert [a.id for a in articles] == ["ok1"]
    assert len(problems) == 1 and f"{path}:1:" in problems[0]
