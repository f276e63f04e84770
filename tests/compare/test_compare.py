"""`narrascope compare` end to end: stories, claim alignment across languages, bad input.

Articles here are written for these tests (an invented strike on an invented
town); the real default pipeline and embedder run on them.
"""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from narrascope.cli import main
from narrascope.compare.run import CompareRule, Digest, compare_digests
from narrascope.compare.stories import cluster_stories, find_duplicates
from narrascope.doc import Article, Claim

EN = """Drone strike hits fuel depot in Verkhnia Dubrava
A drone strike set a fuel depot in the town of Verkhnia Dubrava on fire overnight, the regional governor Oleh Marchuk said on Sunday.
Twelve people were killed and 30 were injured, according to the regional emergency service.
The depot supplied fuel to farms across the district, local officials said.
Firefighters needed nine hours to put out the blaze.
"""
RU = """Удар по нефтебазе в Верхней Дубраве
Беспилотник поджёг нефтебазу в городе Верхняя Дубрава минувшей ночью, заявил губернатор области Олег Марчук.
По данным областной службы спасения, погибли 40 человек.
Министерство обороны отрицает, что удар был нанесён по гражданскому объекту.
"""
OTHER = """Parliament approves new budget for schools
The national parliament approved a budget that raises spending on primary schools by 8 percent, the education ministry said on Friday.
Teachers' unions said the increase would not cover rising heating costs.
The budget passed with 214 votes in favour.
"""


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def story_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("story")
    (folder / "en.txt").write_text(EN, "utf-8")
    (folder / "ru.txt").write_text(RU, "utf-8")
    (folder / "other.txt").write_text(OTHER, "utf-8")
    (folder / "copy.txt").write_text(EN, "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    return folder


@pytest.fixture(scope="module")
def compared(story_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    out = tmp_path_factory.mktemp("out") / "compare.json"
    code, _ = _run(["compare", str(story_folder), "-o", str(out), "-q"])
    return code, json.loads(out.read_text("utf-8"))


def _story_of(doc: dict, article_id: str) -> dict:
    return next(s for s in doc["stories"] if any(a["id"].endswith(article_id)
                                                  for a in s["articles"]))


def _article(story: dict, name: str) -> dict:
    return next(a for a in story["articles"] if a["id"].endswith(name))


def _english_original(story: dict) -> dict:
    """en.txt and copy.txt are the same text: whichever was read first is the original."""
    return next(a for a in story["articles"] if a["id"].endswith(("en.txt", "copy.txt"))
                and a["duplicate_of"] is None)


def test_related_articles_in_two_languages_form_one_story(compared: tuple[int, dict]) -> None:
    _, doc = compared
    story = _story_of(doc, "en.txt")
    ids = sorted(Path(a["id"]).name for a in story["articles"])
    assert ids == ["copy.txt", "en.txt", "ru.txt"]
    assert _story_of(doc, "other.txt") is not story
    assert story["languages"] == ["en", "ru"]


def test_claims_align_across_languages_and_numbers_conflict(compared: tuple[int, dict]) -> None:
    _, doc = compared
    story = _story_of(doc, "en.txt")
    en = _english_original(story)
    relations = {(c["text"][:25], al["relation"]) for c in en["claims"] for al in c["alignments"]}
    assert ("A drone strike set a fuel", "same") in relations
    assert ("Twelve people were killed", "conflicting") in relations
    governor = next(c for c in en["claims"] if c["text"].startswith("A drone strike"))
    assert governor["source"] == "the regional governor Oleh Marchuk"
    assert governor["source_type"] == "named_person" and governor["mode"] == "indirect"
    assert en["summary"]["contradicted"] >= 1 and en["summary"]["shared"] >= 1


def test_russian_denial_is_read_and_unsupported_unattributed_claims_are_counted(
        compared: tuple[int, dict]) -> None:
    _, doc = compared
    ru = _article(_story_of(doc, "ru.txt"), "ru.txt")
    # the claim is what was denied; the frame "Министерство обороны отрицает" is its attribution
    denial = next(c for c in ru["claims"] if c["text"].startswith("удар был нанесён"))
    assert denial["certainty"] == "denied" and denial["source_type"] == "named_organisation"
    en = _english_original(_story_of(doc, "en.txt"))
    firefighters = next(c for c in en["claims"] if c["text"].startswith("Firefighters"))
    assert firefighters["mode"] == "unattributed" and firefighters["status"] == "unique"
    assert en["summary"]["unsupported_unattributed"] >= 1


def test_syndicated_copy_is_reported_and_not_counted(compared: tuple[int, dict]) -> None:
    _, doc = compared
    story = _story_of(doc, "en.txt")
    original = _english_original(story)
    copy = next(a for a in story["articles"] if a["id"].endswith(("en.txt", "copy.txt"))
                and a is not original)
    assert copy["duplicate_of"] == original["id"]
    assert story["duplicates"] == [{"copy": copy["id"], "of": original["id"]}]
    assert all(al["article"] != copy["id"] for c in original["claims"] for al in c["alignments"])


def test_failed_input_is_listed_and_exit_code_is_1(compared: tuple[int, dict]) -> None:
    code, doc = compared
    assert code == 1
    assert [Path(f["id"]).name for f in doc["failed"]] == ["empty.txt"]
    assert doc["articles"] == 5 and doc["format"] == "narrascope.compare.v1"


def test_one_article_compare_has_only_unique_claims(story_folder: Path) -> None:
    code, output = _run(["compare", str(story_folder / "other.txt"), "--format", "json", "-q"])
    assert code == 0
    doc = json.loads(output)
    (story,) = doc["stories"]
    (article,) = story["articles"]
    assert article["claims"] and {c["status"] for c in article["claims"]} == {"unique"}


def test_article_without_claims_gets_a_record(tmp_path: Path) -> None:
    (tmp_path / "shout.txt").write_text("What a day! Is it over? Nobody knows!\n", "utf-8")
    code, output = _run(["compare", str(tmp_path / "shout.txt"), "-f", "json", "-q"])
    assert code == 0
    article = json.loads(output)["stories"][0]["articles"][0]
    assert article["claims"] == [] and article["summary"]["claims"] == 0


def test_markdown_and_html_reports_escape_article_text(tmp_path: Path) -> None:
    hostile = EN.replace("Firefighters", "<script>alert(1)</script> Firefighters")
    (tmp_path / "a.txt").write_text(hostile, "utf-8")
    (tmp_path / "b.txt").write_text(RU, "utf-8")
    code, markdown = _run(["compare", str(tmp_path), "-q"])
    assert code == 0 and markdown.startswith("# narrascope compare: 2 articles, 1 stories")
    assert "**Contradictions**" in markdown
    html_path = tmp_path / "out" / "compare.html"
    code, _ = _run(["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o",
                    str(html_path), "-q"])
    html = html_path.read_text("utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert 'class="claim-contradicted"' in html and "<table>" in html


def test_analysis_jsonl_is_read_back(story_folder: Path, tmp_path: Path) -> None:
    code, _ = _run(["analyze", str(story_folder / "en.txt"), str(story_folder / "ru.txt"),
                    "-o", str(tmp_path), "-f", "jsonl", "-q"])
    assert code == 0
    code, output = _run(["compare", str(tmp_path / "analysis.jsonl"), "-f", "json", "-q"])
    assert code == 0
    doc = json.loads(output)
    assert len(doc["stories"]) == 1 and len(doc["stories"][0]["articles"]) == 2


def test_bad_threshold_combination_is_a_usage_error(story_folder: Path) -> None:
    code, output = _run(["compare", str(story_folder / "en.txt"), "--same-threshold", "0.8",
                         "--related-threshold", "0.9"])
    assert code == 2 and "related-threshold" in output


def _planted(n: int, stories: int, dim: int = 64, seed: int = 0) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(stories, dim))
    labels = [i % stories for i in range(n)]
    vectors = centres[labels] + 0.15 * rng.normal(size=(n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32), labels


def test_clustering_finds_planted_stories_with_hnsw() -> None:
    vectors, labels = _planted(3000, 300)
    groups = cluster_stories(vectors, [frozenset()] * len(labels))
    found = {i: g for g, members in enumerate(groups) for i in members}
    assert len(groups) == 300
    assert all(len({labels[i] for i in members}) == 1 for members in groups)
    assert len(found) == 3000


def _pair(cosine: float) -> np.ndarray:
    """Two unit vectors with the given cosine."""
    return np.array([[1.0, 0.0], [cosine, (1 - cosine ** 2) ** 0.5]], dtype=np.float32)


def test_a_pair_in_two_languages_joins_at_a_lower_cosine_than_one_in_one_language() -> None:
    keys = [frozenset(), frozenset()]
    assert cluster_stories(_pair(0.6), keys, languages=["en", "ru"]) == [[0, 1]]
    assert cluster_stories(_pair(0.6), keys, languages=["en", "en"]) == [[0], [1]]


def test_articles_naming_different_weekdays_split_where_the_same_weekday_joins() -> None:
    vectors = _pair(0.82)
    same_day = [frozenset({"@1"}), frozenset({"@1"})]
    other_day = [frozenset({"@1"}), frozenset({"@4"})]
    assert cluster_stories(vectors, same_day, languages=["en", "en"]) == [[0, 1]]
    assert cluster_stories(vectors, other_day, languages=["en", "en"]) == [[0], [1]]


def test_five_thousand_articles_compare_in_bounded_memory() -> None:
    vectors, labels = _planted(5000, 1000)
    digests = []
    for i, (vector, label) in enumerate(zip(vectors, labels)):
        claim = Claim(id="c1", start=0, end=20, text=f"Claim of story {label} number {i}",
                      score=0.8)
        article = Article(id=f"a{i}", text=claim.text, language="en", claims=[claim])
        digests.append(Digest(article, vector, vector[None, :], frozenset()))
    tracemalloc.start()
    doc = compare_digests(digests, [], CompareRule())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(doc["stories"]) == 1000 and doc["analysed"] == 5000
    assert peak < 200 * 1024 * 1024


def test_duplicates_need_the_same_wording_not_just_close_vectors() -> None:
    vectors, _ = _planted(6, 1)
    vectors[:] = vectors[0]  # every article equally close to every other
    texts = ["Ten drones hit the fuel depot near the port on Tuesday night, officials said."] * 3
    texts += ["A ferry ran aground in the strait; no injuries were reported by the coast guard.",
              "Ten drones hit the fuel depot near the port on Tuesday night, officials said.",
              "Parliament approved the budget after a long debate on military spending."]
    copies = find_duplicates(list(range(6)), vectors, texts)
    assert copies == {1: 0, 2: 0, 4: 0}


def test_one_large_story_is_aligned_with_nearest_partners_only() -> None:
    """A story of 3,000 syndicated and near-identical articles: every copy found, each
    original aligned with at most ``max_partners`` others (not all 3,000)."""
    rng = np.random.default_rng(1)
    centre = rng.normal(size=64)
    digests = []
    for i in range(3000):
        if i % 2 == 0:  # a copy has its original's vector
            vector = centre + 0.05 * rng.normal(size=64)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        text = f"Report {i // 2} on the port strike: ships waited outside the harbour."
        claim = Claim(id="c1", start=0, end=len(text), text=text, score=0.8)
        article = Article(id=f"a{i}", text=text, language="en", claims=[claim])
        digests.append(Digest(article, vector, vector[None, :], frozenset({"harbo"})))
    rule = CompareRule(max_partners=5)
    doc = compare_digests(digests, [], rule)
    assert len(doc["stories"]) == 1
    story = doc["stories"][0]
    assert len(story["duplicates"]) == 1500
    assert all(d["copy"] == f"a{int(d['of'][1:]) + 1}" for d in story["duplicates"])
    partners = [len({al["article"] for c in a["claims"] for al in c["alignments"]})
                for a in story["articles"]]
    assert max(partners) <= 5 and len(story["divergence"]) == 200


def test_fast_embedder_is_refused_with_a_reason(story_folder: Path) -> None:
    code, output = _run(["compare", str(story_folder / "en.txt"), "--embedder", "fast"])
    assert code == 2 and "one embedder for every language" in output


@pytest.mark.slow
def test_five_thousand_files_stream_through_compare(tmp_path: Path) -> None:
    """The whole CLI on 5,000 short files: every one gets a record, memory stays bounded."""
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    places = ["Avelin", "Brodno", "Cester", "Dubrava", "Elmor"]
    for i in range(5000):
        place = places[i % 5]
        (folder / f"{i:05d}.txt").write_text(
            f"Officials in {place}{i // 50} said {i % 90 + 10} homes were flooded on Monday.\n"
            f"The river rose by {i % 7 + 2} metres overnight, the regional governor said.\n",
            "utf-8")
    out = tmp_path / "compare.json"
    script = ("import resource, sys; from narrascope.cli import main\n"
              "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    proc = subprocess.run([sys.executable, "-c", script, "compare", str(folder), "-o", str(out),
                           "-q", "--embedder", "use-multilingual", "--lang", "en"],
                          capture_output=True, text=True, timeout=3600, check=False)
    rss_kb = int(proc.stdout.split("RSS")[-1])
    doc = json.loads(out.read_text("utf-8"))
    assert doc["articles"] == 5000 and not doc["failed"]
    assert sum(len(s["articles"]) for s in doc["stories"]) == 5000
    assert rss_kb < 3 * 1024 * 1024
