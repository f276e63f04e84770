"""Story clustering time at 1k, 10k and 100k short synthetic articles (it must grow near-linearly).

Articles are generated from the project's own templates: an event (a kind of
incident, an invented place, spokesperson and organisation, a day and a count)
is reported by 1-4 articles in different wordings, so each event is one gold
story. Vectors come from the
fast embedder (the Universal Sentence Encoder, to keep the 100k run within
minutes), centred on the corpus mean (every generated article shares its
template's component; compare centres on a shipped per-language mean); the timed part is what `narrascope compare` does after embedding:
event keys (names, numbers, weekdays), nearest neighbours (faiss HNSW) and average-linkage
grouping with the default story rule.
Pairwise F1 against the generated stories is printed as a sanity check.

Usage: python benchmarks/compare_scale.py [--sizes 1000,10000,100000] [--embedder use-multilingual]
"""
from __future__ import annotations

import argparse
import random
import resource
import time

import numpy as np
from common import machine, stamp

from narrascope.backends.embedders import get_embedder
from narrascope.compare.stories import cluster_stories, event_keys
from narrascope.eval.clustering import ClusterScores, score_clusters

EVENTS = ["a drone strike hit a fuel depot", "a fire destroyed a grain warehouse",
          "police detained protesters outside the town hall", "a train derailed near the station",
          "a gas pipeline explosion cut supplies", "floods forced residents to leave their homes",
          "a cyberattack shut down the water utility", "a bridge collapsed under a lorry",
          "a factory strike halted production", "a power outage left districts without light"]
WORDINGS = ["{Place}: {event} on {day}, {Person} of the {Org} said; {n} people were affected.",
            "{Person}, speaking for the {Org}, said {event} in {Place} on {day}, affecting {n} people.",
            "On {day}, {event} in {Place}, leaving {n} people affected, the {Org} reported.",
            "{n} people were affected after {event} in {Place} on {day}, according to {Person}."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SYLLABLES = ["ka", "ro", "vi", "len", "mar", "do", "sta", "bel", "gor", "nis", "ta", "vel", "ost",
             "mir", "zan", "pol", "dar", "kov", "lis", "tem"]


def make_articles(count: int, seed: int = 0) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    texts, stories, story = [], [], 0
    while len(texts) < count:
        def name(parts: int) -> str:
            return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

        place, person = name(3), f"{name(2)} {name(3)}"
        org = f"{name(2)} {rng.choice(('Relief Agency', 'Water Board', 'Rail Office', 'Council'))}"
        event, day, n = rng.choice(EVENTS), rng.choice(DAYS), rng.randint(12, 990)
        for wording in rng.sample(WORDINGS, rng.randint(1, 4)):
            text = wording.format(Place=place, Person=person, Org=org, event=event, day=day, n=n)
            texts.append(text[0].upper() + text[1:])
            stories.append(story)
        story += 1
    return texts[:count], stories[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embedder", default="use-multilingual")
    args = parser.parse_args()
    embedder = get_embedder(args.embedder)
    print(f"story clustering scale, embedder={args.embedder}, {stamp()}, {machine()}")
    print("| articles | stories (gold) | embedding s | clustering s | ms / article | pairwise F1 "
          "| peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        texts, gold = make_articles(size)
        start = time.perf_counter()
        vectors = embedder.encode(texts, batch_size=256)
        vectors = vectors - vectors.mean(axis=0)  # templates share a component
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        embedded = time.perf_counter() - start
        start = time.perf_counter()
        keys = [event_keys(t, [], "en") for t in texts]
        groups = cluster_stories(np.asarray(vectors, dtype=np.float32), keys)
        clustered = time.perf_counter() - start
        predicted = [0] * size
        for number, members in enumerate(groups):
            for i in members:
                predicted[i] = number
        scores = score_clusters([str(g) for g in gold], [str(p) for p in predicted])
        f1 = ClusterScores.f1(scores.pairwise_precision, scores.pairwise_recall)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"| {size} | {len(set(gold))} | {embedded:.1f} | {clustered:.1f} | "
              f"{1000 * clustered / size:.2f} | {f1:.3f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()
