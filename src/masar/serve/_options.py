"""Options shared by several commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
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


def kb_options(func: F) -> F:
    """--actors and --places: the user's own knowledge-base files."""
    func = click.option(
        "--places",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        multiple=True,
        help="Your own places (CSV/TSV: id,type,name_en,names_ar,country,lat,lon); repeatable.",
    )(func)
    return click.option(
        "--actors",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        multiple=True,
        help="Your own actors (CSV/TSV: id,name_en,names_ar,country,sector,role); repeatable.",
    )(func)
