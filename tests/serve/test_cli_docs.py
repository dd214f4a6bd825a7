"""docs/cli.md is generated from --help: it must match what the commands say now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import REPO


def _generator():
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date() -> None:
    doc = Path(REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert doc == _generator().render(), "run: .venv/bin/python scripts/cli_reference.py"


def test_every_command_is_in_the_reference() -> None:
    from masar.serve.cli import cli

    doc = Path(REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert all(f"## masar {name}\n" in doc for name in cli.commands)
