"""Ingest throughput on the real SaudiNewsNet corpus: Masar against the floor.

The floor is what any ingester of these ZIPs must pay (unzip, json.load, SQLite
rows plus a full-text index); the ratio to it says how much Masar's cleaning,
dating, language check and idempotency cost. The HTML path compares Masar's
ingest of generated pages with trafilatura alone, since trafilatura is the
extractor Masar calls. Each part runs in its own child process, pinned to one
core, so timings and peak memory (each child's own peak RSS) don't mix.

    .venv/bin/python benchmarks/ingest.py --json-out /tmp/ingest.json

The corpus is read at run time and pages are built in a temp folder; nothing of
its text is written into the repository (its licence forbids that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "saudinewsnet"
BATCH = 500
CHILD_TIMEOUT_S = 1800
MIN_JSON_RATE = 1500.0
MAX_FLOOR_RATIO = 3.0
MAX_PEAK_MB = 400.0
MIN_HTML_RATIO = 1.0


def corpus_zips(folder: Path) -> list[Path]:
    """The day files, in date order (their names are YYYY-MM-DD.zip)."""
    return sorted(folder.glob("*.zip"))


def read_articles(folder: Path) -> Iterator[dict]:
    """Every article object of every ZIP in folder, one day's array at a time."""
    for path in corpus_zips(folder):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                with archive.open(name) as handle:
                    yield from json.load(handle)


def part_floor(work: Path) -> dict:
    """Unzip, parse, insert and index: the cost no ingester avoids."""
    start = time.perf_counter()
    conn = sqlite3.connect(work / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, outlet TEXT, url TEXT, title TEXT, published TEXT, text TEXT)"
    )
    # Contentless like Masar's index: the text is already stored once in `articles`.
    conn.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', tokenize='unicode61')")
    count = 0
    conn.execute("BEGIN")
    for count, art in enumerate(read_articles(work / "input"), start=1):
        row = (
            count,
            art.get("source"),
            art.get("url"),
            art.get("title"),
            art.get("date_extracted"),
            art.get("content") or "",
        )
        conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", row)
        conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", (count, row[3], row[5]))
        if count % BATCH == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.close()
    return {"items": count, "stored": count, "seconds": time.perf_counter() - start}


def _masar_ingest(folder: Path, db: Path) -> dict:
    """Masar's ingest exactly as `masar ingest FOLDER --db DB` runs it (imports not timed)."""
    import trafilatura  # noqa: F401  (imported here so neither HTML part pays it in the timing)

    from masar.ingest import IngestOptions, ingest
    from masar.store import Store

    start = time.perf_counter()
    store = Store.open(db)
    # Ingest stage alone: grouping is measured by benchmarks/stories.py, entities by benchmarks/entities.py.
    report = ingest([str(folder)], store, options=IngestOptions(stories=False, entities=False))
    store.close()
    seconds = time.perf_counter() - start
    # Each record ends added, updated, unchanged or refused, and refusals before the
    # record stage are in `refused` too, so this is the input count. (records +
    # len(refused) counts twice the records refused after reading, e.g. empty text.)
    items = report.added + report.updated + report.unchanged + len(report.refused)
    return {
        "items": items,
        "records": report.records,
        "stored": report.added,
        "refused": dict(Counter(skip.reason for skip in report.refused)),
        "seconds": seconds,
    }


def part_trafilatura(work: Path) -> dict:
    """trafilatura.bare_extraction alone over the pages, already read into memory."""
    import trafilatura

    pages = [p.read_text("utf-8") for p in sorted((work / "pages").glob("*.html"))]
    start = time.perf_counter()
    found = sum(
        1 for page in pages if trafilatura.bare_extraction(page, with_metadata=True, include_comments=False) is not None
    )
    return {"items": len(pages), "stored": found, "seconds": time.perf_counter() - start}


PARTS = {
    "floor": ("floor (JSON)", part_floor),
    "masar": ("masar (JSON)", lambda work: _masar_ingest(work / "input", work / "masar.db")),
    "trafilatura": ("trafilatura (HTML)", part_trafilatura),
    "masar_html": ("masar (HTML)", lambda work: _masar_ingest(work / "pages", work / "html.db")),
}


def peak_mb() -> float:
    """Peak RSS in MiB from VmHWM, which starts afresh at exec: Linux's ru_maxrss keeps the
    forked parent's high-water mark across exec and would charge it to every child."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_main(part: str, work: Path, pages: int) -> None:
    """Run one part on one core and print its figures, with this process's peak RSS, as JSON."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if part == "pages":
        result = {"pages": build_pages(work, pages)}
    else:
        result = PARTS[part][1](work)
        result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def run_child(part: str, work: Path, pages: int = 0) -> dict:
    """A fresh interpreter per part: no warm caches or freed-but-kept memory carried over."""
    for old in work.glob("*.db*"):  # every round writes a fresh database
        old.unlink()
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--part",
        part,
        "--workdir",
        str(work),
        "--html-pages",
        str(pages),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        sys.exit(f"part {part} failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "items" in result:
        result["rate"] = result["items"] / result["seconds"]
    return result


NAV = ("الرئيسية", "محليات", "سياسة", "اقتصاد", "رياضة", "ثقافة", "رأي", "اتصل بنا")
SHARE = ("تويتر", "فيسبوك", "واتساب", "البريد")


def page_html(art: dict, related: list[str]) -> str:
    """One news page around an article: head metadata, menu, body paragraphs, footer."""
    esc = html.escape
    title, outlet = esc(art.get("title") or ""), esc(art.get("source") or "")
    when = (art.get("date_extracted") or "").replace(" ", "T") + "+03:00"
    paras = "\n".join(f"<p>{esc(line.strip())}</p>" for line in (art.get("content") or "").splitlines() if line.strip())
    menu = "".join(f'<li><a href="/section/{i}">{esc(n)}</a></li>' for i, n in enumerate(NAV))
    share = "".join(f'<a class="share" href="https://share.example/{i}">{n}</a> ' for i, n in enumerate(SHARE))
    also = "".join(f'<li><a href="/article/{i}">{esc(t)}</a></li>' for i, t in enumerate(related))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<link rel="canonical" href="{esc(art.get("url") or "")}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{when}">
<link rel="stylesheet" href="/static/site.css"><script src="/static/site.js"></script>
</head><body>
<header><div class="logo"><a href="/">{outlet}</a></div><nav><ul>{menu}</ul></nav></header>
<main><article><h1>{title}</h1>
<div class="byline"><span class="author">{esc(art.get("author") or "")}</span>
<time datetime="{when}">{esc(art.get("date_extracted") or "")}</time></div>
{paras}
</article></main>
<footer><div class="share-links">شارك: {share}</div>
<section class="related"><h3>اقرأ أيضا</h3><ul>{also}</ul></section>
<p>جميع الحقوق محفوظة © {outlet} 2015</p></footer>
</body></html>
"""


def build_pages(work: Path, count: int) -> int:
    """Write count pages, spread evenly over the selected days, into work/pages."""
    arts = [a for a in read_articles(work / "input") if (a.get("content") or "").strip()]
    step = max(1, len(arts) // max(1, count))
    chosen = arts[::step][:count]
    (work / "pages").mkdir()
    for i, art in enumerate(chosen):
        related = [a.get("title") or "" for a in arts[i * step + 1 : i * step + 4]]
        (work / "pages" / f"{i:05d}.html").write_text(page_html(art, related), "utf-8")
    return len(chosen)


def machine() -> dict:
    """What the figures depend on besides the code: cores, CPU model, Python."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def source_digest() -> str:
    """Hash of src/masar/**/*.py: says which state of a moving tree the figures are of."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted((REPO / "src" / "masar").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def verdicts(parts: dict, ratios: dict) -> list[tuple[bool, str]]:
    """The targets, as (met, line); the memory target covers both Masar parts."""
    masar_peak = max(parts["masar"]["peak_mb"], parts["masar_html"]["peak_mb"])
    return [
        (
            parts["masar"]["rate"] >= MIN_JSON_RATE,
            f"masar JSON path >= {MIN_JSON_RATE:,.0f} articles/s: {parts['masar']['rate']:,.0f}",
        ),
        (
            ratios["masar_over_floor_time"] <= MAX_FLOOR_RATIO,
            f"masar within {MAX_FLOOR_RATIO:g}x of the floor: {ratios['masar_over_floor_time']:.2f}x",
        ),
        (masar_peak < MAX_PEAK_MB, f"masar peak memory < {MAX_PEAK_MB:,.0f} MB: {masar_peak:,.0f} MB"),
        (
            ratios["html_masar_over_trafilatura_rate"] >= MIN_HTML_RATIO,
            f"masar HTML pages/s >= trafilatura alone: ratio {ratios['html_masar_over_trafilatura_rate']:.2f}",
        ),
    ]


def print_report(parts: dict, ratios: dict, checks: list[tuple[bool, str]]) -> None:
    """The table, the ratios, refusals by reason, and one PASS/MISS line per target."""
    print(f"{'part':<20}{'in':>8}{'stored':>8}{'seconds':>10}{'items/s':>10}{'peak MB':>9}")
    for key, (label, _) in PARTS.items():
        r = parts[key]
        print(
            f"{label:<20}{r['items']:>8,}{r['stored']:>8,}{r['seconds']:>10.2f}{r['rate']:>10,.0f}{r['peak_mb']:>9,.0f}"
        )
    print(
        f"masar/floor time: {ratios['masar_over_floor_time']:.2f}x   "
        f"masar/trafilatura HTML pages/s: {ratios['html_masar_over_trafilatura_rate']:.2f}"
    )
    if parts["masar"]["refused"] or parts["masar_html"]["refused"]:
        print(f"refused: JSON {parts['masar']['refused']}  HTML {parts['masar_html']['refused']}")
    for ok, line in checks:
        print(("PASS " if ok else "MISS ") + line)


def _median_run(runs: list[dict]) -> dict:
    """The run with the median time, with every round's seconds and the highest peak kept beside it."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    median = dict(ordered[len(ordered) // 2])
    median["seconds_all"] = [round(run["seconds"], 2) for run in runs]
    median["peak_mb"] = max(run["peak_mb"] for run in runs)
    return median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="SaudiNewsNet folder of ZIPs")
    ap.add_argument("--limit-days", type=int, default=None, help="use only the first N ZIPs")
    ap.add_argument("--html-pages", type=int, default=2000, help="pages for the HTML path")
    ap.add_argument("--json-out", type=Path, default=None, help="write the figures here as JSON")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of every part; medians are reported")
    ap.add_argument("--part", choices=[*PARTS, "pages"], help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.part:
        child_main(args.part, args.workdir, args.html_pages)
        return
    if args.html_pages < 1 or args.repeat < 1 or (args.limit_days is not None and args.limit_days < 1):
        ap.error("--html-pages, --repeat and --limit-days must be at least 1")
    zips = corpus_zips(args.data)[: args.limit_days] if args.data.is_dir() else []
    if not zips:
        print(f"No SaudiNewsNet ZIPs at {args.data}: nothing to benchmark (see benchmarks/README.md).")
        return
    with tempfile.TemporaryDirectory(prefix="masar-bench-") as tmp:
        work = Path(tmp)
        (work / "input").mkdir()
        for path in zips:  # only the ZIPs, so floor and Masar read exactly the same input
            (work / "input" / path.name).symlink_to(path.resolve())
        # Built in a child too, so the parent stays small (its memory is not measured).
        pages = run_child("pages", work, args.html_pages)["pages"]
        print(f"{len(zips)} ZIPs from {args.data}, {pages} HTML pages; one part at a time, one core")
        # Rounds interleave the parts, so a slow spell of a shared machine hits all of
        # them; each figure is the median round, each ratio the median of per-round ratios.
        rounds = [{key: run_child(key, work) for key in PARTS} for _ in range(args.repeat)]
    parts = {key: _median_run([r[key] for r in rounds]) for key in PARTS}
    ratios = {
        "masar_over_floor_time": statistics.median(r["masar"]["seconds"] / r["floor"]["seconds"] for r in rounds),
        "html_masar_over_trafilatura_rate": statistics.median(
            r["masar_html"]["rate"] / r["trafilatura"]["rate"] for r in rounds
        ),
    }
    checks = verdicts(parts, ratios)
    print_report(parts, ratios, checks)
    if args.json_out:
        out = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "masar_src": source_digest(),
            "zips": len(zips),
            "html_pages": pages,
            "repeat": args.repeat,
            "parts": parts,
            "ratios": ratios,
            "targets": [{"pass": ok, "check": line} for ok, line in checks],
        }
        args.json_out.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
