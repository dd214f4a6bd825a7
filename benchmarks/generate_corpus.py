"""Synthetic Arabic news at any scale, resampled and perturbed from SaudiNewsNet.

SaudiNewsNet has 27,644 articles; grouping must be measured at a million. Each
generated article takes its outlet's paragraphs, shuffled across that outlet's
articles, so vocabulary, paragraph lengths and outlet style stay real while no
article is a real one; sentences are dropped or repeated and a few words changed.
A share of the articles are wire-style copies of a recent article from another
outlet (lightly edited, dated the same day or the next), because copies are what the
copy step has to find. Dates run in order over a year, as a feed would arrive.

    .venv/bin/python benchmarks/generate_corpus.py --count 1000000 --out /tmp/gen-1m.jsonl

Output: JSON Lines in the input shape of ../shared/CONTRACT.md (id, outlet, url,
title, published, text). The same --seed gives the same file. The output is derived
from a corpus whose licence keeps it out of the repository, so paths inside the
repository are refused.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import random
import re
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "saudinewsnet"
# A sentence ends at Arabic or Latin end punctuation followed by a space.
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
# SaudiNewsNet: about a quarter of the articles Masar groups there are copies (648 of
# 2,660 on 2015-08-03/04); 0.2 keeps the copy step's work of the same order.
COPY_RATE = 0.2
RECENT = 2000  # articles a copy may be taken from: about a day of a large feed
WORDS_PER_OUTLET = 50_000
MILLION = 1_000_000  # replacement words are drawn from the outlet's own text


@dataclass(slots=True)
class Outlet:
    """One outlet's material: its articles' titles and paragraph counts, and a paragraph pool."""

    name: str
    titles: list[str] = field(default_factory=list)
    shapes: list[int] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)


def load_outlets(folder: Path) -> list[Outlet]:
    """Every outlet's titles, paragraph counts and paragraphs, in a fixed order (for --seed)."""
    outlets: dict[str, Outlet] = {}
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".json"))
            with archive.open(name) as handle:
                day = json.load(handle)
        for art in day:
            paras = [p.strip() for p in (art.get("content") or "").split("\n") if p.strip()]
            if not paras or not art.get("source"):
                continue
            outlet = outlets.setdefault(art["source"], Outlet(art["source"]))
            outlet.titles.append(art.get("title") or "")
            outlet.shapes.append(len(paras))
            outlet.paragraphs.extend(paras)
            if len(outlet.words) < WORDS_PER_OUTLET:
                outlet.words.extend(" ".join(paras).split()[:500])
    return [outlets[name] for name in sorted(outlets)]


def change_words(text: str, rng: random.Random, words: list[str], count: int) -> str:
    """Replace ``count`` words at random places with words of the same outlet."""
    tokens = text.split(" ")
    for _ in range(count):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens)


def perturb(paras: list[str], rng: random.Random, words: list[str], *, edits: int) -> list[str]:
    """Drop about one sentence in ten, repeat one in twenty, change ``edits`` words."""
    out = []
    for para in paras:
        kept = []
        sents = SENTENCE_END.split(para)
        for sent in sents:
            roll = rng.random()
            if roll < 0.1 and len(sents) > 1:
                continue
            kept.append(sent)
            if roll > 0.95:
                kept.append(sent)
        if kept:
            out.append(" ".join(kept))
    text = "\n".join(out) or paras[0]
    return change_words(text, rng, words, edits).split("\n")


def fresh_article(outlet: Outlet, rng: random.Random) -> tuple[str, list[str]]:
    """A new article: a real article's shape and title, paragraphs drawn from across the outlet."""
    pick = rng.randrange(len(outlet.titles))
    paras = [rng.choice(outlet.paragraphs) for _ in range(outlet.shapes[pick])]
    title = outlet.titles[pick]
    if title:
        title = change_words(title, rng, outlet.words, 1)
    return title, perturb(paras, rng, outlet.words, edits=rng.randint(1, 4))


def copied_article(source: dict, outlet: Outlet, rng: random.Random) -> tuple[str, list[str]]:
    """Another outlet's take on a recent wire text: re-titled, a paragraph cut or not, a few words edited."""
    paras = source["text"].split("\n")
    if len(paras) > 2 and rng.random() < 0.3:
        del paras[rng.randrange(len(paras))]
    title = change_words(source["title"], rng, outlet.words, 2) if source["title"] else ""
    return title, perturb(paras, rng, outlet.words, edits=rng.randint(0, 3))


def generate(outlets: list[Outlet], count: int, *, seed: int, start: dt.date, days: int) -> Iterator[dict]:
    """``count`` records in date order, outlets weighted by their size; deterministic for a seed."""
    rng = random.Random(seed)
    weights = list(itertools.accumulate(len(o.titles) for o in outlets))
    recent: deque[dict] = deque(maxlen=RECENT)
    for i in range(count):
        outlet = outlets[bisect.bisect_right(weights, rng.randrange(weights[-1]))]
        day = start + dt.timedelta(days=i * days // count)
        source = rng.choice(recent) if recent and rng.random() < COPY_RATE else None
        if source and source["outlet"] != outlet.name:
            title, paras = copied_article(source, outlet, rng)
            day = max(day, dt.date.fromisoformat(source["published"]) + dt.timedelta(days=rng.randint(0, 1)))
        else:
            title, paras = fresh_article(outlet, rng)
        rec = {
            "id": f"gen-{seed}-{i:07d}",
            "outlet": outlet.name,
            "url": f"https://{outlet.name}.example/{seed}/{i}",
            "title": title or None,
            "published": day.isoformat(),
            "text": "\n".join(paras),
        }
        recent.append({"outlet": outlet.name, "title": title, "text": rec["text"], "published": rec["published"]})
        yield rec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder of ZIPs")
    ap.add_argument("--out", type=Path, required=True, help="JSON Lines file to write (outside the repository)")
    ap.add_argument("--count", type=int, default=MILLION, help="articles to write")
    ap.add_argument("--seed", type=int, default=0, help="same seed, same file")
    ap.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2016, 1, 1), help="first day")
    ap.add_argument("--days", type=int, default=365, help="days the dates are spread over")
    args = ap.parse_args()
    if args.out.resolve().is_relative_to(REPO):
        ap.error(f"--out {args.out} is inside the repository; the corpus's licence keeps its text out of it")
    if args.count < 1 or args.days < 1:
        ap.error("--count and --days must be at least 1")
    outlets = load_outlets(args.data) if args.data.is_dir() else []
    if not outlets:
        ap.error(f"no SaudiNewsNet ZIPs at {args.data}")
    tmp = args.out.with_name(args.out.name + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        for rec in generate(outlets, args.count, seed=args.seed, start=args.start, days=args.days):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(args.out)  # a killed run leaves no half file under the final name
    print(f"{args.count:,} articles from {len(outlets)} outlets -> {args.out}")


if __name__ == "__main__":
    main()
