"""Grouping throughput at scale: Masar's copies-and-stories step against MinHash-LSH alone.

Masar groups stored articles after ingest (``group_pending``): near-identical copies,
then the story each article reports. Plain MinHash-LSH deduplication with rensa over
the same articles is what the copy step alone costs off the shelf, so its time is
the ratio to beat. Articles are ingested first (not timed, ``stories=False``); each
measurement then runs in a fresh child process pinned to one core, and its peak
memory is that child's own VmHWM, as in ``benchmarks/ingest.py``.

    .venv/bin/python benchmarks/stories.py --sizes 5000,10000,all --json-out /tmp/stories.json

The corpus is read at run time into a temp folder; none of its text enters the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest import DEFAULT_DATA, machine, peak_mb, source_digest

# The off-the-shelf copy finder, as a user would configure rensa: 128 permutations in
# 16 bands of 8 rows, pairs confirmed at estimated Jaccard >= 0.5.
LSH_PERM, LSH_BANDS, LSH_JACCARD, LSH_SEED = 128, 16, 0.5, 42
CHILD_TIMEOUT_S = 3600
SHARD = 2000
MILLION = 1_000_000


def snn_records(folder: Path) -> Iterator[dict]:
    """SaudiNewsNet in date order as contract-shaped records, ids as ../shared/eval/snn_to_jsonl.py gives them."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".json"))
            with archive.open(name) as handle:
                day = json.load(handle)
        for n, art in enumerate(day):
            yield {
                "id": f"snn-{path.stem}-{n:04d}",
                "outlet": art.get("source") or None,
                "url": art.get("url") or None,
                "title": art.get("title") or None,
                "published": (art.get("date_extracted") or "")[:10] or None,
                "text": art.get("content") or "",
            }


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """One input or export file, in the contract's JSON Lines shape."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_shards(records: Iterable[dict], count: int, folder: Path) -> int:
    """The first ``count`` records as JSON Lines files of SHARD records, like day files: Masar
    refuses an input file over its 20 MB cap (max_input_bytes), about 5,500 articles here."""
    folder.mkdir(parents=True, exist_ok=True)
    stream, written = iter(records), 0
    for shard in itertools.count():
        batch = list(itertools.islice(stream, min(SHARD, count - written)))
        if not batch:
            return written
        write_jsonl(folder / f"part-{shard:05d}.jsonl", batch)
        written += len(batch)
    return written


def shingles_raw(text: str) -> set[str]:
    """Word 3-shingles of the text as it comes: whitespace split, no normalisation."""
    words = text.split()
    if len(words) < 3:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def rensa_copies(texts: Iterable[str]) -> list[int]:
    """Each article's copy group (the index of its first member) from rensa's LSH, streamed:
    query then insert, pairs kept at estimated Jaccard >= 0.5, groups as connected components."""
    import rensa

    lsh = rensa.RMinHashLSH(threshold=LSH_JACCARD, num_perm=LSH_PERM, num_bands=LSH_BANDS)
    parent: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sketches: dict[int, rensa.RMinHash] = {}
    for i, text in enumerate(texts):
        parent.append(i)
        shingle_set = shingles_raw(text)
        if not shingle_set:
            continue
        sketch = rensa.RMinHash(num_perm=LSH_PERM, seed=LSH_SEED)
        sketch.update(list(shingle_set))
        for other in lsh.query(sketch):
            if sketch.jaccard(sketches[other]) >= LSH_JACCARD:
                a, b = find(i), find(other)
                parent[max(a, b)] = min(a, b)
        lsh.insert(i, sketch)
        sketches[i] = sketch
    return [find(i) for i in range(len(parent))]


def part_ingest(work: Path) -> dict:
    """Store the input without grouping, and keep the stored texts for the rensa part (not timed)."""
    from masar.ingest import IngestOptions, ingest
    from masar.serve.export import export_records
    from masar.store import Store

    store = Store.open(work / "pristine.db")
    report = ingest([str(work / "input")], store, options=IngestOptions(stories=False, entities=False))
    with (work / "stored.jsonl").open("w", encoding="utf-8") as out:
        for rec in export_records(store):
            out.write(json.dumps({"id": rec["id"], "text": rec["text"]}, ensure_ascii=False) + "\n")
    store.close()
    return {"stored": report.added, "refused": dict(Counter(skip.reason for skip in report.refused))}


def part_group(work: Path, profile: Path | None) -> dict:
    """``group_pending`` alone on a copy of the ungrouped store: the timed Masar step."""
    from masar.copies import group_pending
    from masar.store import Store

    store = Store.open(work / "round.db")
    done, start = 0, time.perf_counter()

    def progress(_stage: str, count: int) -> None:
        """A line per committed batch, so a run cut by --timeout still says how far it got, how fast."""
        nonlocal done
        done += count
        print(json.dumps({"done": done, "seconds": time.perf_counter() - start}), flush=True)

    if profile:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(group_pending, store, progress=progress)
        profiler.dump_stats(profile)
    else:
        report = group_pending(store, progress=progress)
    seconds = time.perf_counter() - start
    store.close()
    return {"items": report.articles, "seconds": seconds, **dataclasses.asdict(report)}


def part_rensa(work: Path) -> dict:
    """Shingling, sketching, LSH query and insert, and grouping over the texts Masar stored. They are
    read as they are used, inside the timing, as Masar's grouping reads its texts from the store."""
    import rensa  # noqa: F401  (import not timed)

    with (work / "stored.jsonl").open(encoding="utf-8") as lines:
        start = time.perf_counter()
        roots = rensa_copies(json.loads(line)["text"] for line in lines)
        seconds = time.perf_counter() - start
    return {"items": len(roots), "seconds": seconds, "copies": sum(1 for i, r in enumerate(roots) if r != i)}


def part_base(_work: Path) -> dict:
    """The interpreter with the parts' imports and nothing else: subtracted for memory per article."""
    import rensa  # noqa: F401

    from masar.copies import group_pending  # noqa: F401
    from masar.store import Store  # noqa: F401

    return {}


PARTS = {"ingest": part_ingest, "group": part_group, "rensa": part_rensa, "base": part_base}


def child_main(part: str, work: Path, profile: Path | None) -> None:
    """Run one part on one core; print its figures and this process's peak RSS as JSON."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    result = part_group(work, profile) if part == "group" else PARTS[part](work)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def run_child(part: str, work: Path, *, timeout: float, profile: Path | None = None) -> dict:
    """A fresh interpreter per measurement; a part that runs past ``timeout`` is reported, not fatal."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", part, "--workdir", str(work)]
    if profile:
        cmd += ["--profile", str(profile)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as cut:
        out = cut.stdout.decode() if isinstance(cut.stdout, bytes) else cut.stdout or ""
        lines = [json.loads(line) for line in out.splitlines() if line.startswith('{"done"')]
        return {"timed_out": True, "seconds": timeout, **({"partial": lines[-1]} if lines else {})}
    if done.returncode != 0:  # negative: killed by that signal (-9: SIGKILL, the OOM killer's)
        sys.exit(f"part {part} failed with exit status {done.returncode}:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("items"):
        result["rate"] = result["items"] / result["seconds"]
    return result


def fresh_store(work: Path) -> None:
    """An ungrouped store for one round (grouping writes into it); a killed round's WAL goes too."""
    for old in work.glob("round.db*"):
        old.unlink()
    shutil.copy(work / "pristine.db", work / "round.db")


def measure_size(work: Path, records: Iterator[dict], size: int, args: argparse.Namespace, base_mb: float) -> dict:
    """Ingest the first ``size`` records once, then time grouping and rensa on them, ``--repeat`` rounds each."""
    work.mkdir()
    count = write_shards(records, size, work / "input")
    stored = run_child("ingest", work, timeout=args.timeout)
    if stored.get("timed_out"):
        return {"articles": count, "ingest_timed_out": True}
    if not stored["stored"]:
        sys.exit(f"Masar stored none of the {count:,} articles (refused: {stored['refused']}); nothing to group")
    shutil.rmtree(work / "input")
    rounds = []
    for _ in range(args.repeat):
        fresh_store(work)
        masar = run_child("group", work, timeout=args.timeout)
        rounds.append({"masar": masar, "rensa": run_child("rensa", work, timeout=args.timeout)})
    if args.profile:  # an extra round: cProfile's overhead stays out of the timings
        fresh_store(work)
        run_child("group", work, timeout=args.timeout, profile=args.profile / f"group-{count}.prof")
    result = {"articles": count, **stored, "rounds": rounds}
    for key in ("masar", "rensa"):
        runs = [r[key] for r in rounds if not r[key].get("timed_out")]
        if not runs:
            result[key] = {"timed_out": True, "seconds": args.timeout}
            continue
        best = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
        best["kib_per_article"] = max(0.0, best["peak_mb"] - base_mb) * 1024 / max(1, best["items"])
        result[key] = best
    if "rate" in result["masar"] and "rate" in result["rensa"]:
        result["masar_over_rensa_time"] = result["masar"]["seconds"] / result["rensa"]["seconds"]
    shutil.rmtree(work)
    return result


def print_row(label: str, res: dict) -> None:
    """One size: both systems side by side, the time ratio last."""
    cells = []
    for key in ("masar", "rensa"):
        r = res.get(key, {})
        if r.get("timed_out") or "rate" not in r:
            part = r.get("partial", {"done": 0, "seconds": 1})  # how far it got: its rate so far
            cut = f"> {r.get('seconds', 0):.0f} s"
            cells.append(f"{cut:>10}{part['done'] / part['seconds']:>9,.0f}{'':>17}{part['done']:>8,} done")
            continue
        cells.append(
            f"{r['seconds']:>10.1f}{r['rate']:>9,.0f}{r['peak_mb']:>8,.0f}{r['kib_per_article']:>9.1f}{r['copies']:>8,}"
        )
    ratio = res.get("masar_over_rensa_time")
    print(f"{label:<16}{res['articles']:>9,}{cells[0]}  |{cells[1]}{ratio or float('nan'):>8.1f}x")


def parse_sizes(text: str) -> list[int | None]:
    """'5000,10000,all' -> [5000, 10000, None]: None is the whole corpus."""
    return [None if part.strip() == "all" else int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder of ZIPs")
    ap.add_argument("--sizes", default="5000,10000,all", help="SaudiNewsNet prefixes in date order ('all' = 27,644)")
    ap.add_argument("--generated", default="", help="sizes to run on a generated corpus, e.g. 200000")
    ap.add_argument("--million", action="store_true", help="add a 1,000,000-article generated run (long)")
    ap.add_argument("--corpus", type=Path, help="a generate_corpus.py output to reuse (else one is generated)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds per size; the median round is reported")
    ap.add_argument("--timeout", type=float, default=CHILD_TIMEOUT_S, help="seconds before a part is given up")
    ap.add_argument("--profile", type=Path, help="folder for a cProfile dump of an extra, untimed grouping per size")
    ap.add_argument("--json-out", type=Path, help="write the figures here as JSON")
    ap.add_argument("--part", choices=list(PARTS), help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.part:
        child_main(args.part, args.workdir, args.profile)
        return
    generated = [int(s) for s in args.generated.split(",") if s.strip()] + ([MILLION] if args.million else [])
    if not args.data.is_dir() or not any(args.data.glob("*.zip")):
        print(f"No SaudiNewsNet ZIPs at {args.data}: nothing to benchmark (see benchmarks/README.md).")
        return
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    src_before = source_digest()
    with tempfile.TemporaryDirectory(prefix="masar-stories-") as tmp:
        work = Path(tmp)
        base_mb = run_child("base", work, timeout=args.timeout)["peak_mb"]
        print(f"{'':<16}{'':>9}{'-- masar group_pending':<52}|{'-- rensa MinHash-LSH':<52}")
        head = f"{'seconds':>10}{'art/s':>9}{'peak MB':>8}{'KiB/art':>9}{'copies':>8}"
        print(f"{'corpus':<16}{'articles':>9}{head}  |{head}{'ratio':>9}")
        for size in parse_sizes(args.sizes):
            res = measure_size(work / f"snn-{size}", snn_records(args.data), size or 10**9, args, base_mb)
            results[f"snn-{res['articles']}"] = res
            print_row("saudinewsnet", res)
        for size in generated:
            corpus = args.corpus or generate(work / "generated.jsonl", max(generated), args.data)
            records = (json.loads(line) for line in corpus.open(encoding="utf-8"))
            res = measure_size(work / f"gen-{size}", records, size, args, base_mb)
            results[f"generated-{res['articles']}"] = res
            print_row("generated", res)
    print(f"ratio = masar seconds / rensa seconds; KiB/art = (peak - {base_mb:.0f} MB of imports) / articles")
    if source_digest() != src_before:
        print("WARNING: src/masar changed during the run; the figures mix two states of the code")
    if args.json_out:
        out = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "masar_src": src_before,
            "masar_src_changed_during_run": source_digest() != src_before,
            "repeat": args.repeat,
            "base_peak_mb": base_mb,
            "lsh": {"num_perm": LSH_PERM, "bands": LSH_BANDS, "jaccard": LSH_JACCARD},
            "sizes": results,
        }
        args.json_out.write_text(json.dumps(out, indent=2) + "\n", "utf-8")


def generate(path: Path, count: int, data: Path) -> Path:
    """Write a generated corpus once per run (seed 0) when none was given with --corpus."""
    if not path.exists():
        script = Path(__file__).resolve().parent / "generate_corpus.py"
        cmd = [sys.executable, str(script), "--data", str(data), "--count", str(count), "--out", str(path)]
        subprocess.run(cmd, check=True)
    return path


if __name__ == "__main__":
    main()
