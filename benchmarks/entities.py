"""Entities and places over SaudiNewsNet: full extraction beside knowledge-base matching alone.

    .venv/bin/python benchmarks/entities.py                 # all 27,644 articles
    .venv/bin/python benchmarks/entities.py --limit 5000    # a quicker look

Each part runs in its own process so its peak memory (max RSS) is its own. Parts:

- ``kb_load``: a fresh process loads the knowledge base (every shipped data file).
- ``kb_only``: matching against the knowledge base, no statistical tagger.
- ``full``: what ``masar ingest`` runs: knowledge base + CRF tagger + linking + places.

Reported: articles per second on one core, mentions found, peak memory. The
targets of issue 3: full ≥ 100 articles/s, knowledge base loaded in < 1 s, < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "saudinewsnet"
sys.path.insert(0, str(REPO / "src"))


def read_texts(folder: Path, limit: int | None) -> Iterator[str]:
    count = 0
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                with archive.open(name) as handle:
                    for art in json.load(handle):
                        if limit is not None and count >= limit:
                            return
                        count += 1
                        yield art.get("content") or ""


def part(name: str, data: Path, limit: int | None) -> dict[str, float]:
    started = time.perf_counter()
    from masar.entities.extract import Extractor, load_tagger
    from masar.entities.kb import load_kb

    kb = load_kb()
    loaded = time.perf_counter() - started
    if name == "kb_load":
        return {"seconds": round(loaded, 3), "entries": len(kb.entries), "aliases": len(kb.aliases)}
    texts = list(read_texts(data, limit))
    extractor = Extractor(kb, load_tagger() if name == "full" else None)
    started = time.perf_counter()
    mentions = sum(len(extractor.extract(text)) for text in texts)
    seconds = time.perf_counter() - started
    return {
        "articles": len(texts),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(texts) / seconds, 1),
        "mentions": mentions,
    }


def run_child(name: str, data: Path, limit: int | None) -> dict[str, float]:
    args = [sys.executable, __file__, "--part", name, "--data", str(data)]
    if limit is not None:
        args += ["--limit", str(limit)]
    out = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    if out.returncode != 0:
        raise SystemExit(f"part {name} failed (exit {out.returncode}): {out.stderr[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N articles.")
    parser.add_argument("--part", choices=["kb_load", "kb_only", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        result = part(args.part, args.data, args.limit)
        result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"no SaudiNewsNet at {args.data}: nothing to measure", file=sys.stderr)
        return 2
    results = {name: run_child(name, args.data, args.limit) for name in ("kb_load", "kb_only", "full")}
    results["tagger_cost_ratio"] = round(results["kb_only"]["articles_per_s"] / results["full"]["articles_per_s"], 2)
    results["machine"] = f"{platform.machine()}, Python {platform.python_version()}, one process (one core)"
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
