"""Actor resolution: gazetteer lookup, in-article name clusters, corpus linking, transliteration keys."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from narrascope.eval.clustering import score_clusters
from narrascope.nlp.actors import (
    ActorResolver,
    NameClusters,
    acronym,
    link_corpus,
    outside_id,
    stem_key,
)
from narrascope.nlp.translit import name_key, romanise

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    """The resolver over the shipped gazetteer (no model involved)."""
    return ActorResolver()


def _ids(resolver: ActorResolver, surfaces: list[str], type_: str = "PER") -> list[str]:
    return [r.id for r in resolver.resolve([(s, type_) for s in surfaces])]


# --- translit -----------------------------------------------------------------------------


def test_romanise_cyrillic_and_accents() -> None:
    """Cyrillic becomes Latin letters and accents are stripped; Latin text is kept."""
    assert romanise("Зеленский").lower() == "zelenskii"
    assert romanise("Café") == "Cafe"
    assert romanise("Kyiv") == "Kyiv"


def test_romanise_devanagari() -> None:
    """Devanagari is romanised (nukta consonants included), not passed through."""
    out = romanise("ज़ेलेंस्की")
    assert out.isascii() and out.lower().startswith("z")


def test_name_key_folds_spelling_variants_across_scripts() -> None:
    """Spelling systems and scripts meet on one key."""
    assert name_key("Гриценко") == name_key("Hrytsenko") == "gricenko"
    assert name_key("Zelenskyy") == name_key("Зеленский") == name_key("Zelenskiy") == "zelenski"
    assert name_key("ज़ेलेंस्की") == "zelenski"


def test_name_key_drops_punctuation_and_collapses_spaces() -> None:
    """Only lowercase letters, digits and single spaces remain (apostrophes vanish)."""
    assert name_key("  O'Brien -  Smith ") == "obrien smit"
    assert name_key("Kovalenko") != name_key("Kovalchuk")


# --- small helpers ------------------------------------------------------------------------


def test_acronym_of_significant_words() -> None:
    """Initials skip stopwords; a single word has no acronym."""
    assert acronym("Black Sea Policy Institute") == "BSPI"
    assert acronym("Ministry of Defence") == "MD"
    assert acronym("Institute") == ""


def test_stem_key_cuts_one_case_ending_per_token() -> None:
    """Slavic case endings go from long tokens only."""
    assert stem_key("sokolova") == "sokolov"
    assert stem_key("sokolova ivanov") == "sokolov ivanov"
    assert stem_key("olga") == "olga"  # too short to stem


def test_outside_id_is_tilde_plus_romanised_slug() -> None:
    """Out-of-gazetteer ids are '~' + a lowercase ASCII slug."""
    assert outside_id("Olena Hrytsenko") == "~olena_hrytsenko"
    assert outside_id("Гриценко") == "~gritsenko"
    assert outside_id("Black Sea Policy Institute!") == "~black_sea_policy_institute"


# --- gazetteer lookup ---------------------------------------------------------------------


@pytest.mark.parametrize("surface, expected", [
    ("Kyiv", "ukraine"),
    ("Kiev", "ukraine"),
    ("Zelensky's government", "ukraine"),
    ("the Ukrainian authorities", "ukraine"),
    ("Beijing", "china"),
    ("the PRC", "china"),
    ("Chinese authorities", "china"),
    ("the Kremlin", "russia"),
    ("Moscow", "russia"),
    ("Zelenskyy", "zelensky"),
    ("Zelensky", "zelensky"),
    ("Зеленский", "zelensky"),
    ("President Zelensky's", "zelensky"),
    ("the Biden administration", "usa"),
])
def test_lookup_gazetteer(resolver: ActorResolver, surface: str, expected: str) -> None:
    """Aliases, titles, possessives, scripts and '<leader>'s government' reach the right actor."""
    ref = resolver.lookup(surface)
    assert ref is not None and ref.id == expected


def test_lookup_unknown_name_is_none(resolver: ActorResolver) -> None:
    """A name outside the gazetteer is not forced onto a gazetteer actor."""
    assert resolver.lookup("Olena Hrytsenko") is None
    assert resolver.lookup("Mike Johnson") is None


def test_lookup_fuzzy_misspelling(resolver: ActorResolver) -> None:
    """A small misspelling still reaches the gazetteer actor."""
    ref = resolver.lookup("Zelenskky")
    assert ref is not None and ref.id == "zelensky"


def test_government_of_non_leader_person_is_not_a_country() -> None:
    """'X's government' maps to the country only when X heads the government."""
    actors = [
        {"id": "land", "name": "Land", "type": "GPE", "camp": "east", "aliases": {"en": ["Land"]}},
        {"id": "boss", "name": "Anna Boss", "type": "PER", "affiliation": "land",
         "heads_government": True, "aliases": {"en": ["Anna Boss", "Boss"]}},
        {"id": "aide", "name": "Carl Aide", "type": "PER", "affiliation": "land",
         "aliases": {"en": ["Carl Aide", "Aide"]}},
    ]
    r = ActorResolver(actors)
    boss = r.lookup("the Boss administration")
    assert boss is not None and boss.id == "land"
    assert r.lookup("the Aide administration") is None


# --- camp ---------------------------------------------------------------------------------


def test_camp_of_shipped_actors(resolver: ActorResolver) -> None:
    """Putin is in Russia's camp, NATO in the West's; unknown ids have none."""
    assert resolver.camp("putin") == "russia"
    assert resolver.camp("nato") == "west"
    assert resolver.camp("no_such_actor") == ""


def test_camp_falls_back_to_affiliation() -> None:
    """An actor without its own camp takes its country's."""
    actors = [
        {"id": "land", "name": "Land", "type": "GPE", "camp": "east", "aliases": {"en": ["Land"]}},
        {"id": "envoy", "name": "Ed Envoy", "type": "PER", "affiliation": "land",
         "aliases": {"en": ["Ed Envoy"]}},
        {"id": "loner", "name": "Lu Loner", "type": "PER", "aliases": {"en": ["Lu Loner"]}},
    ]
    r = ActorResolver(actors)
    assert r.camp("envoy") == "east"
    assert r.camp("loner") == ""


# --- in-article clustering ----------------------------------------------------------------


def test_resolve_clusters_unknown_name_variants(resolver: ActorResolver) -> None:
    """Full name, surname, title + surname and the Cyrillic spelling form one ~id."""
    ids = _ids(resolver, ["Olena Hrytsenko", "Hrytsenko", "Ms Hrytsenko", "Гриценко"])
    assert len(set(ids)) == 1
    assert ids[0] == "~olena_hrytsenko"


def test_resolve_keeps_order_and_types(resolver: ActorResolver) -> None:
    """One ref per input surface, in order, carrying the given type for outside names."""
    refs = resolver.resolve([("Hrytsenko", "PER"), ("Kyiv", "GPE"), ("Olena Hrytsenko", "PER")])
    assert [r.id for r in refs] == ["~olena_hrytsenko", "ukraine", "~olena_hrytsenko"]
    assert refs[0].type == "PER" and refs[0].name == "Olena Hrytsenko"


def test_resolve_local_johnson_is_not_boris(resolver: ActorResolver) -> None:
    """'Johnson' joins the article's Mike Johnson, apart from the gazetteer's Boris Johnson."""
    ids = _ids(resolver, ["Boris Johnson", "Mike Johnson", "Johnson"])
    assert ids[0] == "johnson"
    assert ids[1] == ids[2] == "~mike_johnson"


def test_resolve_lone_johnson_is_gazetteer(resolver: ActorResolver) -> None:
    """Without a local full name, the surname goes to the gazetteer actor."""
    assert _ids(resolver, ["Johnson"]) == ["johnson"]


def test_resolve_ambiguous_surname_joins_nobody(resolver: ActorResolver) -> None:
    """Two Kovalenkos in one article: a lone 'Kovalenko' is merged into neither."""
    ids = _ids(resolver, ["Taras Kovalenko", "Iryna Kovalenko", "Kovalenko"])
    assert len(set(ids)) == 3
    assert ids[2] not in {"~taras_kovalenko", "~iryna_kovalenko"}


def test_resolve_acronym_joins_its_organisation(resolver: ActorResolver) -> None:
    """'BSPI' joins 'Black Sea Policy Institute' named in the same article."""
    ids = _ids(resolver, ["Black Sea Policy Institute", "BSPI"], "ORG")
    assert ids == ["~black_sea_policy_institute"] * 2


def test_name_clusters_add_returns_owner() -> None:
    """Short forms added after the full name return the full name; strangers found their own."""
    clusters = NameClusters()
    assert clusters.add("Olena Hrytsenko") == "Olena Hrytsenko"
    assert clusters.add("Hrytsenko") == "Olena Hrytsenko"
    assert clusters.add("Гриценко") == "Olena Hrytsenko"
    assert clusters.add("Petro Melnyk") == "Petro Melnyk"
    assert clusters.names == ["Olena Hrytsenko", "Petro Melnyk"]


def test_name_clusters_ambiguous_acronym_is_not_matched() -> None:
    """An acronym shared by two organisations matches neither."""
    clusters = NameClusters()
    clusters.add("Black Sea Policy Institute")
    clusters.add("Baltic Security Policy Initiative")
    assert clusters.match("BSPI") is None


# --- corpus linking -----------------------------------------------------------------------


def test_link_corpus_merges_surname_into_full_name_across_articles() -> None:
    """'~hrytsenko' (and the Cyrillic spelling) merge into '~olena_hrytsenko'; gazetteer ids stay out."""
    merged = link_corpus([
        ("~hrytsenko", "Hrytsenko"),
        ("ukraine", "Ukraine"),
        ("~olena_hrytsenko", "Olena Hrytsenko"),
        ("~gritsenko", "Гриценко"),
        ("zelensky", "Volodymyr Zelensky"),
    ])
    assert merged["~hrytsenko"] == "~olena_hrytsenko"
    assert merged["~gritsenko"] == "~olena_hrytsenko"
    assert merged["~olena_hrytsenko"] == "~olena_hrytsenko"
    assert "ukraine" not in merged and "zelensky" not in merged


def test_link_corpus_keeps_ambiguous_surname_apart() -> None:
    """A lone surname with two full-name owners across the corpus stays on its own."""
    merged = link_corpus([("~kovalenko", "Kovalenko"), ("~taras_kovalenko", "Taras Kovalenko"),
                          ("~iryna_kovalenko", "Iryna Kovalenko")])
    assert merged == {"~kovalenko": "~kovalenko", "~taras_kovalenko": "~taras_kovalenko",
                      "~iryna_kovalenko": "~iryna_kovalenko"}


def _fixed_embed(vectors: dict[str, list[float]], calls: list[list[str]] | None = None):
    """An embed function returning fixed unit vectors per name (no model)."""
    def embed(names: list[str]) -> np.ndarray:
        if calls is not None:
            calls.append(list(names))
        return np.array([vectors[n] for n in names], dtype=np.float64)
    return embed


def _pair(similarity: float) -> dict[str, list[float]]:
    return {"Northwind Logistics": [1.0, 0.0],
            "Sevtrans": [similarity, float(np.sqrt(1.0 - similarity ** 2))]}


PAIR_IDS = [("~northwind_logistics", "Northwind Logistics"), ("~sevtrans", "Sevtrans")]


def test_link_corpus_without_embeddings_keeps_unrelated_names_apart() -> None:
    """Names sharing no key, token or spelling stay separate without embeddings."""
    merged = link_corpus(PAIR_IDS)
    assert merged["~sevtrans"] == "~sevtrans"


def test_link_corpus_embedding_merge_at_threshold() -> None:
    """Similarity exactly at min_similarity merges the two names."""
    calls: list[list[str]] = []
    merged = link_corpus(PAIR_IDS, embed=_fixed_embed(_pair(0.94), calls), min_similarity=0.94)
    assert merged["~sevtrans"] == merged["~northwind_logistics"]
    assert sorted(calls[0]) == ["Northwind Logistics", "Sevtrans"]


def test_link_corpus_embedding_no_merge_below_threshold() -> None:
    """Similarity just under min_similarity keeps them apart."""
    merged = link_corpus(PAIR_IDS, embed=_fixed_embed(_pair(0.9399)), min_similarity=0.94)
    assert merged["~sevtrans"] == "~sevtrans"
    assert merged["~northwind_logistics"] == "~northwind_logistics"


def test_link_corpus_embedding_threshold_is_a_parameter() -> None:
    """A lower min_similarity merges what the default keeps apart."""
    embed = _fixed_embed(_pair(0.8))
    assert link_corpus(PAIR_IDS, embed=embed)["~sevtrans"] == "~sevtrans"
    low = link_corpus(PAIR_IDS, embed=embed, min_similarity=0.75)
    assert low["~sevtrans"] == low["~northwind_logistics"]


def test_link_corpus_embedding_moves_whole_cluster() -> None:
    """When an owner merges by embedding, the ids already merged into it follow."""
    vectors = {"Olena Hrytsenko": [1.0, 0.0], "Sevtrans": [0.0, 1.0],
               "Staroselivka Mayor Office": [0.0, 1.0]}
    merged = link_corpus([("~olena_hrytsenko", "Olena Hrytsenko"), ("~hrytsenko", "Hrytsenko"),
                          ("~sevtrans", "Sevtrans"),
                          ("~staroselivka_mayor_office", "Staroselivka Mayor Office")],
                         embed=_fixed_embed(vectors))
    assert merged["~hrytsenko"] == "~olena_hrytsenko"
    assert merged["~sevtrans"] == merged["~staroselivka_mayor_office"]
    assert merged["~sevtrans"] != merged["~olena_hrytsenko"]


def test_link_corpus_does_not_embed_a_single_owner() -> None:
    """With one cluster there is nothing to compare, so embed is not called."""
    calls: list[list[str]] = []
    merged = link_corpus([("~hrytsenko", "Hrytsenko"), ("~olena_hrytsenko", "Olena Hrytsenko")],
                         embed=_fixed_embed({}, calls))
    assert calls == []
    assert set(merged.values()) == {"~olena_hrytsenko"}


# --- the project's own test set -----------------------------------------------------------


def _load_benchmark(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("_actor_resolution_bench",
                                                  BENCHMARKS / "actor_resolution.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_actor_resolution_without_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    """String-only resolution of benchmarks/data/actor_resolution.jsonl keeps its quality."""
    bench = _load_benchmark(monkeypatch)
    passages = bench.load()
    gold = [c for _, mentions in passages for _, c in mentions]
    assert len(passages) >= 50 and len(set(gold)) > 10
    pred = bench.resolve_corpus(passages, embed=None)
    assert len(pred) == len(gold)
    scores = score_clusters(gold, pred)
    assert scores.pairwise_precision >= 0.95
    assert scores.pairwise_recall >= 0.80
