"""How much stories depend on how articles arrive: day by day against all at once.

Masar groups each ingest's new articles with the document frequencies known at that
time, so a feed ingested daily can group a borderline pair differently than one run
over the same articles would. This measures that tolerance on real data: SaudiNewsNet
days ingested once together and once a day at a time (one ``ingest`` per day, each
grouping its own articles), then the daily partition scored against the one-run
partition (story B-cubed, copy pairwise), and the share of articles whose story
differs at all.

    .venv/bin/python benchmarks/order_tolerance.py --days 11 --json-out /tmp/order.json

Entities are off (stories do not use them); articles are read from ../shared at run
time into a temp folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from stories import DEFAULT_DATA, machine, snn_records, source_digest, write_shards

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from masar.ingest import IngestOptions, ingest  # noqa: E402
from masar.store import Store  # noqa: E402

OPTIONS = IngestOptions(entities=False)


def by_day(records: Iterable[dict]) -> dict[str, list[dict]]:
    days: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        days[rec["id"].split("-", 1)[1][:10]].append(rec)
    return dict(sorted(days.items()))


def partitions(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """Article id -> story, and article id -> copy-group root (itself when it is no copy)."""
    stories, copies = {}, {}
    for art_id, story, duplicate_of in store.conn.execute("SELECT id, story, duplicate_of FROM articles"):
        stories[art_id] = story or art_id
        copies[art_id] = duplicate_of or art_id
    return stories, copies


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of one labelling against another over the same items."""
    pred_groups: dict[str, set[str]] = defaultdict(set)
    gold_groups: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        pred_groups[pred[item]].add(item)
        gold_groups[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        mine, theirs = pred_groups[pred[item]], gold_groups[gold[item]]
        both = len(mine & theirs)
        p += both / len(mine)
        r += both / len(theirs)
    p, r = p / len(gold), r / len(gold)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of the copy pairs (1.0 where there is nothing to get wrong)."""

    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for item, label in labels.items():
            groups[label].append(item)
        return {(a, b) for members in groups.values() for a in members for b in members if a < b}

    pp, gp = pairs(pred), pairs(gold)
    p = len(pp & gp) / len(pp) if pp else 1.0
    r = len(pp & gp) / len(gp) if gp else 1.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def changed_share(pred: dict[str, str], gold: dict[str, str]) -> float:
    """Share of articles whose story does not hold exactly the same articles in both runs."""
    pred_groups: dict[str, frozenset[str]] = {}
    gold_groups: dict[str, frozenset[str]] = {}
    for labels, out in ((pred, pred_groups), (gold, gold_groups)):
        members: dict[str, set[str]] = defaultdict(set)
        for item, label in labels.items():
            members[label].add(item)
        out.update({item: frozenset(members[label]) for item, label in labels.items()})
    return round(sum(pred_groups[i] != gold_groups[i] for i in gold) / len(gold), 4)


def run(work: Path, name: str, batches: list[list[dict]]) -> tuple[dict[str, str], dict[str, str], float]:
    started = time.perf_counter()
    with Store.open(work / f"{name}.db") as store:
        for n, batch in enumerate(batches):
            folder = work / f"{name}-{n:03d}"
            write_shards(batch, len(batch), folder)
            ingest([str(folder)], store, options=OPTIONS)
        stories, copies = partitions(store)
    return stories, copies, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder of ZIPs")
    ap.add_argument("--days", type=int, default=11, help="how many days, from the first")
    ap.add_argument("--json-out", type=Path, help="write the figures here as JSON")
    args = ap.parse_args()
    if not args.data.is_dir() or not any(args.data.glob("*.zip")):
        print(f"No SaudiNewsNet ZIPs at {args.data}: nothing to measure (see benchmarks/README.md).")
        return
    days = dict(list(by_day(snn_records(args.data)).items())[: args.days])
    articles = [rec for recs in days.values() for rec in recs]
    print(f"{len(articles):,} articles over {len(days)} days ({min(days)} to {max(days)})")
    with tempfile.TemporaryDirectory(prefix="masar-order-") as tmp:
        work = Path(tmp)
        once_stories, once_copies, once_s = run(work, "once", [articles])
        daily_stories, daily_copies, daily_s = run(work, "daily", list(days.values()))
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "masar_src": source_digest(),
        "articles": len(once_stories),
        "days": len(days),
        "stories_daily_vs_once_bcubed": bcubed(daily_stories, once_stories),
        "stories_changed_share": changed_share(daily_stories, once_stories),
        "copies_daily_vs_once_pairwise": pairwise(daily_copies, once_copies),
        "seconds": {"once": round(once_s, 1), "daily": round(daily_s, 1)},
    }
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
