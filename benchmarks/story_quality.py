"""Story and copy quality on the dev set among SaudiNewsNet distractor days: Masar against two baselines.

Three systems group the same articles (the dev set's 25 plus every article of the
distractor days), and ../shared/eval/score.py scores each export the same way:
story B-cubed and copy pairwise precision, recall and F1 over the annotated articles.

- masar: ``ingest`` with the default options (copies and stories), exported as JSON Lines.
- tfidf-avglink: what a user builds off the shelf with scikit-learn: TF-IDF over title and
  text, average-link clustering on cosine distance cut at a threshold; no copies.
- rensa-lsh-0.5: MinHash-LSH over raw word 3-shingles; copy groups are the connected
  components of pairs at estimated Jaccard >= 0.5, and each copy group is also its story.

    .venv/bin/python benchmarks/story_quality.py --json-out /tmp/story_quality.json
    .venv/bin/python benchmarks/story_quality.py --unseen    # days the thresholds were not tuned on

Articles are read from ../shared at run time and exports go to a temp folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from stories import DEFAULT_DATA, machine, rensa_copies, source_digest, write_jsonl, write_shards

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
DEFAULT_DAYS = "2015-08-03,2015-08-04"  # the dev set's own days: Masar's story threshold was tuned on them
UNSEEN_DAYS = "2015-08-06,2015-08-07"
TFIDF_T = 0.8
SWEEP = (0.6, 0.7, 0.8, 0.9)
# Average link keeps an n x n distance matrix (4,700 articles: 180 MB); past this many
# articles the baseline clusters blocks of whole consecutive days instead.
MAX_AT_ONCE = 6000
UNDATED = "9999-12-31"
T = TypeVar("T")


def build_input(work: Path, data: Path, days: list[str]) -> list[dict]:
    """The dev articles, then every distractor-day article not already in the dev set (same ids)."""
    records = [json.loads(line) for line in (EVAL / "dev_articles.jsonl").open(encoding="utf-8")]
    zips = [str(data / f"{day}.zip") for day in days]
    converted = subprocess.run(
        [sys.executable, str(EVAL / "snn_to_jsonl.py"), *zips], capture_output=True, text=True, check=True
    ).stdout
    seen = {rec["id"] for rec in records}
    records += [rec for rec in map(json.loads, converted.splitlines()) if rec["id"] not in seen]
    write_shards(records, len(records), work / "input")  # files under Masar's 20 MB input cap
    return records


def run_masar(work: Path) -> tuple[Path, int]:
    """Masar as a user runs it: ingest with default options (grouping included), then export."""
    from masar.ingest import IngestOptions, ingest
    from masar.serve.export import export_records
    from masar.store import Store

    store = Store.open(work / "masar.db")
    ingest([str(work / "input")], store, options=IngestOptions())
    rows = [{k: rec[k] for k in ("id", "published", "story", "duplicate_of")} for rec in export_records(store)]
    store.close()
    write_jsonl(work / "masar.jsonl", rows)
    return work / "masar.jsonl", len(rows)


def day_blocks(records: list[dict]) -> list[list[int]]:
    """Indices in blocks of whole consecutive days, each at most MAX_AT_ONCE (undated ones on their own)."""
    if len(records) <= MAX_AT_ONCE:
        return [list(range(len(records)))]
    by_day: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        by_day[rec.get("published") or UNDATED].append(i)
    blocks: list[list[int]] = [[]]
    for day in sorted(by_day):
        if blocks[-1] and (len(blocks[-1]) + len(by_day[day]) > MAX_AT_ONCE or day == UNDATED):
            blocks.append([])
        blocks[-1].extend(by_day[day])
    return blocks


def tfidf_labels(records: list[dict], thresholds: tuple[float, ...]) -> dict[float, list[str]]:
    """Average-link clusters of TF-IDF vectors, one labelling per distance threshold.

    ``metric="precomputed"`` on cosine distances is AgglomerativeClustering(metric="cosine")
    without densifying the TF-IDF matrix, which that path would need."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    labels: dict[float, list[str]] = {t: [""] * len(records) for t in thresholds}
    for b, block in enumerate(day_blocks(records)):
        docs = [f"{records[i].get('title') or ''}\n{records[i].get('text') or ''}" for i in block]
        matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=1).fit_transform(docs)
        distances = cosine_distances(matrix).clip(min=0.0)
        for t in thresholds:
            model = AgglomerativeClustering(
                n_clusters=None, metric="precomputed", linkage="average", distance_threshold=t
            )
            for i, cluster in zip(block, model.fit_predict(distances), strict=True):
                labels[t][i] = f"t{b}-{cluster}"
    return labels


def rensa_rows(records: list[dict]) -> list[dict]:
    """Copy groups from rensa; duplicate_of is the group's earliest member, the story is the group."""
    roots = rensa_copies([rec.get("text") or "" for rec in records])
    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    rows = []
    for i, rec in enumerate(records):
        first = min(members[roots[i]], key=lambda j: (records[j].get("published") or UNDATED, j))
        head = records[first]["id"]
        rows.append({"id": rec["id"], "story": head, "duplicate_of": None if first == i else head})
    return rows


def score(export: Path) -> dict:
    """score.py's stories and copies figures for one export: the one scorer for every system."""
    cmd = [sys.executable, str(EVAL / "score.py"), str(EVAL / "dev_gold.jsonl"), str(export)]
    done = subprocess.run(
        [*cmd, "--articles", str(EVAL / "dev_articles.jsonl"), "--json"], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    return {"stories": result["stories"], "copies": result["copies"], "attached": attached(export)}


def attached(export: Path) -> int:
    """Distractor articles put in a story with a dev article. score.py's B-cubed covers only the
    annotated articles, so a story that swallows unrelated articles shows here, not there."""
    dev = {json.loads(line)["id"] for line in (EVAL / "dev_gold.jsonl").open(encoding="utf-8")}
    stories = {row["id"]: row["story"] for row in map(json.loads, export.open(encoding="utf-8"))}
    dev_stories = {stories[i] for i in dev if i in stories}
    return sum(1 for i, story in stories.items() if i not in dev and story in dev_stories)


def timed(fn: Callable[..., T], *args: object) -> tuple[T, float]:
    """fn(*args) and its wall time in seconds."""
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def run_systems(work: Path, records: list[dict], threshold: float) -> tuple[dict, dict]:
    """Every system's scores (and seconds), and the baseline's sweep over thresholds."""
    (masar_export, stored), masar_s = timed(run_masar, work)
    thresholds = tuple(sorted({*SWEEP, threshold}))
    labels, tfidf_s = timed(tfidf_labels, records, thresholds)
    rensa, rensa_s = timed(rensa_rows, records)
    sweep = {}
    for t in thresholds:
        rows = [
            {"id": rec["id"], "story": lab, "duplicate_of": None} for rec, lab in zip(records, labels[t], strict=True)
        ]
        write_jsonl(work / f"tfidf-{t}.jsonl", rows)
        sweep[t] = {**score(work / f"tfidf-{t}.jsonl"), "clusters": len(set(labels[t]))}
    write_jsonl(work / "rensa.jsonl", rensa)
    systems = {
        "masar": {**score(masar_export), "articles": stored, "seconds": masar_s},
        f"tfidf-avglink-{threshold:g}": {**sweep[threshold], "articles": len(records), "seconds": tfidf_s},
        "rensa-lsh-0.5": {**score(work / "rensa.jsonl"), "articles": len(records), "seconds": rensa_s},
    }
    systems[f"tfidf-avglink-{threshold:g}"]["copies"] = None  # it finds no copies: not scored
    return systems, sweep


def prf(m: dict | None) -> str:
    """Precision, recall and F1 as three cells; n/a where a system makes no claim (copies of the TF-IDF one)."""
    return "     n/a      n/a      n/a" if m is None else f"{m['p']:>8.3f} {m['r']:>8.3f} {m['f1']:>8.3f}"


def print_report(days: list[str], systems: dict, sweep: dict) -> None:
    """Side by side: stories, copies, articles grouped, seconds; then the baseline's sweep."""
    print(f"dev set + SaudiNewsNet {', '.join(days)}")
    print(
        f"{'system':<20}{'story P':>8} {'story R':>8} {'story F1':>8}  {'copy P':>8} {'copy R':>8} {'copy F1':>8}"
        f"{'attached':>9}{'articles':>10}{'seconds':>9}"
    )
    for name, m in systems.items():
        counts = f"{m['attached']:>9,}{m['articles']:>10,}{m['seconds']:>9.1f}"
        print(f"{name:<20}{prf(m['stories'])}  {prf(m['copies'])}{counts}")
    print("tfidf-avglink sweep over the distance threshold T:")
    for t, m in sweep.items():
        print(f"  T={t:<4g} stories {prf(m['stories'])}   clusters {m['clusters']:,}   attached {m['attached']:,}")
    print("attached: distractor articles sharing a story with a dev article (not in score.py's figures)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder of ZIPs")
    ap.add_argument("--days", default=DEFAULT_DAYS, help="distractor days, comma-separated")
    ap.add_argument("--unseen", action="store_true", help=f"distractors from days not tuned on ({UNSEEN_DAYS})")
    ap.add_argument("--threshold", type=float, default=TFIDF_T, help="the TF-IDF baseline's distance threshold")
    ap.add_argument("--json-out", type=Path, help="write the figures here as JSON")
    args = ap.parse_args()
    days = [d.strip() for d in (UNSEEN_DAYS if args.unseen else args.days).split(",") if d.strip()]
    missing = [d for d in days if not (args.data / f"{d}.zip").is_file()]
    if missing or not (EVAL / "dev_gold.jsonl").is_file():
        print(f"No dev set at {EVAL} or no SaudiNewsNet day {missing}: nothing to score (see benchmarks/README.md).")
        return
    src_before = source_digest()
    with tempfile.TemporaryDirectory(prefix="masar-quality-") as tmp:
        work = Path(tmp)
        records = build_input(work, args.data, days)
        systems, sweep = run_systems(work, records, args.threshold)
    print_report(days, systems, sweep)
    if source_digest() != src_before:
        print("WARNING: src/masar changed during the run; the figures mix two states of the code")
    if args.json_out:
        out = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "masar_src": src_before,
            "masar_src_changed_during_run": source_digest() != src_before,
            "days": days,
            "articles": len(records),
            "systems": systems,
            "tfidf_sweep": {str(t): m for t, m in sweep.items()},
        }
        args.json_out.write_text(json.dumps(out, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
