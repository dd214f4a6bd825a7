"""Every tunable default in one place, each with a help line (STYLE rule 11).

Settings are passed down explicitly; nothing reads a global. ``SETTINGS`` is the
documented table, ``Settings`` the frozen value a run carries.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["Setting", "SETTINGS", "Settings", "DEFAULT_SETTINGS"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_input_bytes", 20_000_000, "Largest input file read, in bytes; bigger ones are refused (M013)."),
    Setting("max_article_chars", 1_000_000, "Longest article text kept, in characters; longer ones are refused."),
    Setting("min_article_chars", 20, "Shortest article text kept after boilerplate removal, in characters."),
    Setting(
        "batch_size",
        500,
        "Articles written per transaction; a killed run loses at most one batch, which a rerun redoes.",
    ),
    Setting(
        "learn_min_articles",
        3,
        "A line recurring at the edges of this many of an outlet's articles is learnt as that outlet's boilerplate.",
    ),
    Setting(
        "learn_max_line_chars",
        160,
        "Only lines up to this length can be learnt as boilerplate, so body paragraphs never are.",
    ),
    Setting("fetch_timeout_s", 10.0, "Timeout for each page downloaded with --fetch, in seconds."),
    Setting("fetch_max_bytes", 5_000_000, "Largest page downloaded with --fetch, in bytes."),
    Setting("fetch_delay_s", 1.0, "Pause between two downloads from the same host with --fetch, in seconds."),
    Setting("search_limit", 20, "Results shown by `masar search` unless --limit says otherwise."),
    Setting("max_query_chars", 500, "Longest search query accepted, in characters."),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class Settings:
    max_input_bytes: int = _DEFAULTS["max_input_bytes"]
    max_article_chars: int = _DEFAULTS["max_article_chars"]
    min_article_chars: int = _DEFAULTS["min_article_chars"]
    batch_size: int = _DEFAULTS["batch_size"]
    learn_min_articles: int = _DEFAULTS["learn_min_articles"]
    learn_max_line_chars: int = _DEFAULTS["learn_max_line_chars"]
    fetch_timeout_s: float = _DEFAULTS["fetch_timeout_s"]
    fetch_max_bytes: int = _DEFAULTS["fetch_max_bytes"]
    fetch_delay_s: float = _DEFAULTS["fetch_delay_s"]
    search_limit: int = _DEFAULTS["search_limit"]
    max_query_chars: int = _DEFAULTS["max_query_chars"]

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT_SETTINGS = Settings()
