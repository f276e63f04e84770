"""Cross-source comparison quality on the project's own evaluation set (benchmarks/data/compare).

Runs the default pipeline and `narrascope compare`'s code over every article of
every story at once (so stories must be found among all of them), then scores
claim detection, attribution (source, source type, mode), certainty,
quantities, claim alignment (same, conflicting) and story clustering
(pairwise) with :mod:`narrascope.eval.compare`. Stories x01-x04 are the dev
half (where the default thresholds were chosen), x05-x08 the test half.
With --grid, other story and alignment thresholds are scored on the same vectors.
With --diagnose, bounds that say where the error lies: alignment inside the gold stories (no
story errors); an oracle that gives every pair of predicted claims the gold relation it
carries (the ceiling set by claim segmentation); the pair model given the gold claims, with
their gold sources and certainty, each embedded on its own (the ceiling set by the pair
decision); and the pair model's two stages on the evaluation pairs (related or not, then
same or conflicting).

Usage: python benchmarks/compare_quality.py [--embedder e5-small] [--grid] [--no-pairs]
       [--diagnose]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
from common import ROOT, machine, stamp

from narrascope import load_pipeline
from narrascope.backends.embedders import get_embedder
from narrascope.compare.align import AlignRule
from narrascope.compare.run import (
    Digest,
    _unit,
    align_story,
    compare_digests,
    default_rule,
    digest_stream,
    load_background,
)
from narrascope.compare.stories import StoryRule, cluster_stories
from narrascope.doc import Article, Claim
from narrascope.eval.compare import (
    CompareScores,
    match_claims,
    read_gold,
    score_clustering,
    score_story,
)
from narrascope.nlp.quantities import find_quantities
from narrascope.train.compare_pairs import pair_examples

DATA = ROOT / "benchmarks" / "data" / "compare"


def split_of(story_id: str) -> str:
    return "dev" if int(story_id[1:]) <= 4 else "test"


def evaluate(stories: list[dict], doc: dict, which: str) -> CompareScores:
    records, story_of = {}, {}
    for story in doc["stories"]:
        for record in story["articles"]:
            records[record["id"]] = record
            story_of[record["id"]] = story["id"]
    scores = CompareScores()
    chosen = [s for s in stories if which == "all" or split_of(s["story"]) == which]
    for story in chosen:
        score_story(story, records, scores)
    gold = {a["id"]: s["story"] for s in chosen for a in s["articles"]}
    scores.clustering = score_clustering(gold, {i: story_of.get(i, i) for i in gold})
    return scores


def in_gold_stories(stories: list[dict], digests: list, rule) -> dict:
    """Claims aligned inside each gold story, as if stories were found without error."""
    by_id = {d.article.id: d for d in digests}
    return {"stories": [{"id": s["story"], "articles": align_story(
        [by_id[a["id"]] for a in s["articles"] if a["id"] in by_id], {}, rule)} for s in stories]}


def oracle(stories: list[dict], digests: list) -> dict:
    """Every pair of predicted claims gets the gold relation of the gold pairs it carries
    (conflicting when votes tie): the best any pair decision can do on sentence-level claims."""
    by_id = {d.article.id: d for d in digests}
    doc = {"stories": []}
    for story in stories:
        records, mapped = {}, {}
        for article in story["articles"]:
            claims = [asdict(c) | {"alignments": []} for c in by_id[article["id"]].article.claims]
            records[article["id"]] = {"id": article["id"], "claims": claims}
            for gold_id, pred in match_claims(article["text"], article["claims"], claims).items():
                mapped[gold_id] = (article["id"], pred)
        votes: dict[tuple, Counter] = {}
        for pair in story["alignments"]:
            if pair["a"] in mapped and pair["b"] in mapped:
                (_, claim), (other_article, other) = mapped[pair["a"]], mapped[pair["b"]]
                key = (id(claim), other_article, other["id"])
                votes.setdefault(key, Counter())[pair["relation"]] += 1
                if votes[key].total() == 1:
                    claim["alignments"].append({"article": other_article, "claim": other["id"],
                                                "_key": key})
        for record in records.values():
            for claim in record["claims"]:
                for alignment in claim["alignments"]:
                    count = votes[alignment.pop("_key")]
                    alignment["relation"] = ("conflicting" if count["conflicting"] >= count["same"]
                                             else "same")
        doc["stories"].append({"id": story["story"], "articles": list(records.values())})
    return doc


def with_gold_claims(stories: list[dict], digests: list, embedder) -> list:
    """Digests whose claims are the gold claims (gold source, type, mode, certainty; numbers
    read by our parser), each embedded on its own and centred like ours."""
    by_id = {d.article.id: d for d in digests}
    background = load_background(embedder.name)
    out = []
    for story in stories:
        for gold in story["articles"]:
            digest = by_id[gold["id"]]
            language = digest.article.language
            claims = []
            for n, c in enumerate(gold["claims"], start=1):
                start = gold["text"].find(c["text"])
                claims.append(Claim(
                    id=f"g{n}", start=max(start, 0), end=max(start, 0) + len(c["text"]),
                    text=c["text"], score=1.0, source=c["source"], source_type=c["source_type"],
                    cue=c["cue"], mode=c["mode"], certainty=c["certainty"],
                    certainty_cues=list(c["certainty_cues"]),
                    quantities=[asdict(q) for q in find_quantities(c["text"], language)]))
            matrix = _unit(embedder.encode([c.text for c in claims]))
            if language in background:
                matrix = _unit(matrix - background[language])
            article = replace(digest.article, claims=claims)
            out.append(Digest(article, digest.vector, matrix, digest.keys))
    return out


def pair_stages(stories: list[dict], digests: list, model) -> str:
    """The pair model's two decisions over every cross-article claim pair of each gold story:
    related (same or conflicting) or not, as ROC AUC and best F1; then, on the truly related
    pairs, same or conflicting, as accuracy against the majority class."""
    from sklearn.metrics import roc_auc_score

    features, labels, _ = pair_examples(stories, {d.article.id: d for d in digests})
    p = model.probabilities(features)
    same, conflicting = model.classes.index("same"), model.classes.index("conflicting")
    related, truth = p[:, same] + p[:, conflicting], labels != "absent"
    best = max(2 * ((related >= t) & truth).sum() / max((related >= t).sum() + truth.sum(), 1)
               for t in np.linspace(0.05, 0.95, 19))
    guess = np.where(p[truth, same] >= p[truth, conflicting], "same", "conflicting")
    majority = max(np.mean(labels[truth] == r) for r in ("same", "conflicting"))
    return (f"related vs absent: ROC AUC {roc_auc_score(truth, related):.3f}, best F1 {best:.3f} "
            f"({truth.sum()} related of {len(labels)} pairs); same vs conflicting among related: "
            f"accuracy {np.mean(guess == labels[truth]):.3f} (majority class {majority:.3f})")


def two_at_a_time(stories: list[dict], digests: list, rule) -> str:
    """Every pair of articles grouped alone, as `narrascope compare A B` would: how many pairs
    of one story form one story, and how many pairs of different stories do."""
    gold = {a["id"]: s["story"] for s in stories for a in s["articles"]}
    joined, pairs = Counter(), Counter()
    for i, first in enumerate(digests):
        for second in digests[i + 1:]:
            kind = "same story" if gold[first.article.id] == gold[second.article.id] else "different"
            groups = cluster_stories(np.stack([first.vector, second.vector]),
                                     [first.keys, second.keys], rule.stories,
                                     [first.article.language, second.article.language])
            pairs[kind] += 1
            joined[kind] += len(groups) == 1
    return ", ".join(f"{kind}: {joined[kind]} of {pairs[kind]} joined" for kind in pairs)


def row(name: str, s: CompareScores) -> str:
    x = s.summary()
    a = x["alignment"]
    return (f"| {name} | {x['claims']['gold']} | {x['claims']['precision']:.2f} / "
            f"{x['claims']['recall']:.2f} | {x['source_type_accuracy']:.3f} | "
            f"{x['source_accuracy']:.3f} | {x['mode_accuracy']:.3f} | {x['certainty_accuracy']:.3f} | "
            f"{x['quantities']['precision']:.2f} / {x['quantities']['recall']:.2f} | "
            f"{a['same']['f1']:.3f} ({a['same']['precision']:.2f} / {a['same']['recall']:.2f}) | "
            f"{a['conflicting']['f1']:.3f} ({a['conflicting']['precision']:.2f} / "
            f"{a['conflicting']['recall']:.2f}) | {x['clustering']['f1']:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--json", help="also write the compare output here")
    parser.add_argument("--diagnose", action="store_true",
                        help="also score alignment inside the gold stories and the oracle bound")
    parser.add_argument("--no-pairs", action="store_true",
                        help="align with the cosine thresholds only, not the shipped pair model")
    args = parser.parse_args()
    stories = read_gold(sorted(DATA.glob("*.jsonl")))
    articles = [Article(id=a["id"], text=a["text"], title=a.get("title", ""), source=a["outlet"])
                for s in stories for a in s["articles"]]
    pipeline = load_pipeline(embedder__name=args.embedder)
    embedder = get_embedder(args.embedder)
    digests, failed = [], []
    for item in digest_stream(articles, pipeline, embedder):
        (failed if isinstance(item, Article) else digests).append(item)
    base = default_rule(args.embedder)
    if args.no_pairs:
        base = replace(base, pairs=None)
    doc = compare_digests(digests, failed, base)
    if args.json:
        Path(args.json).write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    print(f"compare quality, embedder={args.embedder}, {stamp()}, {machine()}")
    print(f"pair model: {'shipped' if base.pairs else 'none (cosine thresholds)'}")
    print(f"{len(stories)} stories, {len(articles)} articles, failed {len(failed)}, "
          f"predicted stories {len(doc['stories'])}")
    print("| split | gold claims | claims P / R | source type acc | source acc | mode acc "
          "| certainty acc | quantities P / R | same F1 (P / R) | conflicting F1 (P / R) "
          "| clustering pairwise F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for which in ("dev", "test", "all"):
        print(row(which, evaluate(stories, doc, which)))
    confusion = evaluate(stories, doc, "all").source_type
    print("source type confusion (gold -> predicted: n):",
          ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(confusion.items()) if g != p))
    if args.diagnose:
        print(row("all, in gold stories", evaluate(stories, in_gold_stories(stories, digests, base),
                                                  "all")))
        print(row("all, oracle pair decisions", evaluate(stories, oracle(stories, digests), "all")))
        gold_claims = with_gold_claims(stories, digests, embedder)
        print(row("all, gold claims, pair model", evaluate(
            stories, in_gold_stories(stories, gold_claims, base), "all")))
        if base.pairs is not None:
            print("pair model stages:", pair_stages(stories, digests, base.pairs))
        language = {a["id"]: a["lang"] for s in stories for a in s["articles"]}
        mix = Counter((p["relation"], language[p["a"].rsplit("-", 1)[0]]
                       != language[p["b"].rsplit("-", 1)[0]]) for s in stories
                      for p in s["alignments"])
        print("gold pairs (relation, across languages):", dict(mix))
        print("two articles compared alone:", two_at_a_time(stories, digests, base))
    if args.grid:
        for threshold in (0.75, 0.8, 0.85, 0.9, 0.95):
            rule = replace(base, stories=StoryRule(threshold=threshold))
            print(row(f"story {threshold}", evaluate(stories, compare_digests(digests, [], rule),
                                                     "all")))
        for same in (0.4, 0.45, 0.5, 0.55):
            for related in (0.25, 0.3, 0.35, 0.4):
                if related > same:
                    continue
                rule = replace(base, align=replace(AlignRule(), same=same, related=related),
                               pairs=None)
                print(row(f"same {same} related {related}",
                          evaluate(stories, compare_digests(digests, [], rule), "dev")))


if __name__ == "__main__":
    main()
