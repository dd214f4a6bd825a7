"""Options shared by several commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "masar.db"


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=lambda: os.environ.get("MASAR_DB", DEFAULT_DB),
        show_default=f"$MASAR_DB or {DEFAULT_DB}",
        help="The Masar database file (SQLite).",
    )(func)
