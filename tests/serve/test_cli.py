"""The masar command: help with examples, exit codes, one-line errors, every command end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_article, write_jsonl
from masar.serve.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner) -> str:
    path = write_jsonl(tmp_path / "in.jsonl", [make_article(n) for n in range(12)])
    db = str(tmp_path / "cli.db")
    result = runner.invoke(cli, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"masar {command.split()[0]}" in result.output


def test_ingest_summary_and_rerun(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [make_article(n) for n in range(3)])
    db = str(tmp_path / "x.db")
    first = runner.invoke(cli, ["ingest", str(path), "--db", db])
    assert first.exit_code == 0
    assert "added 3" in first.output and "already stored 0" in first.output
    second = runner.invoke(cli, ["ingest", str(path), "--db", db])
    assert "added 0" in second.output and "already stored 3" in second.output


def test_refused_inputs_give_exit_code_3_and_are_listed(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"\x00\x01\x02\x03" * 100)
    write_jsonl(tmp_path / "b.jsonl", [make_article(1)])
    db = str(tmp_path / "x.db")
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", db])
    assert result.exit_code == 3
    assert "[M014]" in result.output and "a.bin" in result.output
    listed = runner.invoke(cli, ["skips", "--db", db])
    assert "binary_input" in listed.output


def test_ingest_from_stdin(runner: CliRunner, tmp_path: Path) -> None:
    line = json.dumps(make_article(7), ensure_ascii=False) + "\n"
    db = str(tmp_path / "x.db")
    result = runner.invoke(cli, ["ingest", "-", "--db", db], input=line.encode("utf-8"))
    assert result.exit_code == 0 and "added 1" in result.output


def test_field_map_option(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(
        json.dumps(
            [{"body": "أعلنت وزارة الخارجية القطرية استئناف المحادثات في الدوحة.", "when": "2025-09-03"}],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "x.db")
    result = runner.invoke(cli, ["ingest", str(path), "--db", db, "--map", "text=body", "--map", "published=when"])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(cli, ["export", "--db", db])
    assert exported.exit_code == 0, (exported.output, exported.exception)
    assert json.loads(exported.output)["published"] == "2025-09-03"


def test_bad_map_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--map", "body"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("[M041]") and len(result.output.strip().splitlines()) == 1


def test_errors_are_one_line_with_a_code_and_debug_shows_traceback(runner: CliRunner, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.db")
    result = runner.invoke(cli, ["stats", "--db", missing])
    assert result.exit_code == 4
    assert result.output.strip().startswith("[M031]") and len(result.output.strip().splitlines()) == 1
    debug = runner.invoke(cli, ["--debug", "stats", "--db", missing])
    assert debug.exception is not None and type(debug.exception).__name__ == "StoreError"


def test_search_finds_with_snippet_and_filters(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["search", "ادلب", "--db", db])
    assert result.exit_code == 0
    assert "[إدلب]" in result.output
    as_json = runner.invoke(cli, ["search", "ادلب", "--db", db, "--json", "--since", "2025-09-10"])
    hits = [json.loads(line) for line in as_json.output.splitlines()]
    assert hits and all(h["published"] >= "2025-09-10" for h in hits)
    none = runner.invoke(cli, ["search", "ادلب", "--db", db, "--outlet", "nobody"])
    assert "No articles match." in none.output


def test_export_jsonl_and_csv_in_ingest_order(runner: CliRunner, db: str, tmp_path: Path) -> None:
    jsonl = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl"])
    records = [json.loads(line) for line in jsonl.output.splitlines()]
    assert [r["id"] for r in records] == [f"t-{n:05d}" for n in range(12)]
    assert set(records[0]) >= {"id", "title", "outlet", "url", "published", "anchor_date", "text"}
    out = tmp_path / "out.csv"
    runner.invoke(cli, ["export", "--db", db, "--format", "csv", "-o", str(out)])
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert not Path(str(out) + ".part").exists()


def test_stats(runner: CliRunner, db: str) -> None:
    result = runner.invoke(cli, ["stats", "--db", db])
    assert "articles: 12 from 1 outlets" in result.output and "alofoq" in result.output


def test_settings_lists_every_setting(runner: CliRunner) -> None:
    from masar.settings import Settings

    output = runner.invoke(cli, ["settings"]).output
    assert all(name in output for name in Settings.names())


def test_demo_ingests_the_bundled_corpus(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    result = runner.invoke(cli, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "added 48" in result.output and "8 outlets" in result.output


def test_group_after_ingest_without_stories(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [make_article(n) for n in range(6)])
    db = str(tmp_path / "x.db")
    runner.invoke(cli, ["ingest", str(path), "--db", db, "--no-stories"])
    before = [json.loads(line)["story"] for line in runner.invoke(cli, ["export", "--db", db]).output.splitlines()]
    assert before == [None] * 6
    result = runner.invoke(cli, ["group", "--db", db])
    assert result.exit_code == 0 and "Grouped 6 articles" in result.output
    after = [json.loads(line)["story"] for line in runner.invoke(cli, ["export", "--db", db]).output.splitlines()]
    assert all(after)
    assert "Grouped 0 articles" in runner.invoke(cli, ["group", "--db", db]).output
