"""A grouping run killed at any moment resumes without loss and without counting twice."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_article, write_jsonl
from masar.ingest import IngestOptions, ingest
from masar.store import Store


def _grouped(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles WHERE grouped = 1").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _snapshot(db: Path) -> tuple[dict[str, int], int]:
    with Store.open(db) as store:
        df = dict(store.conn.execute("SELECT term, df FROM term_df").fetchall())
        ungrouped = store.conn.execute("SELECT COUNT(*) FROM articles WHERE grouped = 0 OR story IS NULL").fetchone()[0]
    return df, ungrouped


@pytest.mark.timeout(180)
def test_killed_grouping_resumes_and_counts_each_article_once(tmp_path: Path) -> None:
    total = 3000
    source = write_jsonl(tmp_path / "many.jsonl", [make_article(n) for n in range(total)])
    base = tmp_path / "base.db"
    with Store.open(base) as store:
        ingest([str(source)], store, options=IngestOptions(stories=False))
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    shutil.copy(base, whole)
    shutil.copy(base, killed)
    cmd = [sys.executable, "-m", "masar", "group", "--db"]
    subprocess.run([*cmd, str(whole)], check=True, capture_output=True, timeout=120)

    proc = subprocess.Popen(
        [*cmd, str(killed)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 100
    while time.monotonic() < deadline and proc.poll() is None and _grouped(killed) < 500:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < _grouped(killed) < total, "the grouping should be killed half-way"
    subprocess.run([*cmd, str(killed)], check=True, capture_output=True, timeout=120)

    whole_df, whole_left = _snapshot(whole)
    killed_df, killed_left = _snapshot(killed)
    assert whole_left == killed_left == 0
    assert killed_df == whole_df  # every article's terms counted exactly once
