"""Publication dates: from metadata, else from a dateline near the top of the text.

Datelines come as "1266 2017-02-08", "القاهرة - 10 أغسطس 2015",
"الرياض 25 شوال 1436هـ الموافق 10 أغسطس 2015م واس" or with a Hijri date alone,
which hijridate (Umm al-Qura calendar) converts to Gregorian.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources

from masar.arabic.normalize import for_matching
from masar.doc import AnchorDate

__all__ = ["parse_date", "find_dateline", "publication_anchor", "month_names"]

_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
# Datelines sit in the first lines; past this many lines a date is a mention, not a dateline.
_DATELINE_LINES = 6
_DATELINE_MAX_CHARS = 120
_FIRST_YEAR, _LAST_YEAR = 1990, 2100
_FIRST_HIJRI, _LAST_HIJRI = 1410, 1530


@lru_cache(maxsize=1)
def month_names() -> dict[str, list[tuple[str, int]]]:
    """calendar -> [(normalised name, month)], longest names first so ربيع الأول beats ربيع."""
    raw = resources.files("masar.ingest").joinpath("data/months.tsv").read_text("utf-8")
    table: dict[str, list[tuple[str, int]]] = {"gregorian": [], "hijri": []}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        calendar, month, name = line.split("\t")
        table[calendar].append((for_matching(name), int(month)))
    for names in table.values():
        names.sort(key=lambda item: -len(item[0]))
    return table


@lru_cache(maxsize=1)
def _month_patterns() -> dict[str, re.Pattern[str]]:
    patterns = {}
    for calendar, names in month_names().items():
        alternatives = "|".join(re.escape(name) for name, _ in names)
        patterns[calendar] = re.compile(
            rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({alternatives})(?:\s*[/،,-]\s*(?:{alternatives}))?\s*,?\s*(\d{{4}})",
            re.IGNORECASE,
        )
    # English "October 3, 2025"
    english = "|".join(re.escape(n) for n, _ in month_names()["gregorian"] if n.isascii())
    patterns["english_mdy"] = re.compile(rf"\b({english})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
    return patterns


def _month_number(calendar: str, name: str) -> int:
    name = name.lower()
    for known, month in month_names()[calendar]:
        if known == name:
            return month
    raise KeyError(name)


def _valid(year: int, month: int, day: int) -> str | None:
    if not (_FIRST_YEAR <= year <= _LAST_YEAR):
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _hijri_to_iso(year: int, month: int, day: int) -> str | None:
    if not (_FIRST_HIJRI <= year <= _LAST_HIJRI):
        return None
    from hijridate import Hijri

    try:
        return Hijri(year, month, day).to_gregorian().isoformat()
    except (ValueError, OverflowError):
        return None


def parse_date(value: object) -> str | None:
    """A metadata date in any common form to YYYY-MM-DD, or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if 0 < value < 4_102_444_800:  # a Unix timestamp before 2100
            return dt.datetime.fromtimestamp(value, tz=dt.UTC).date().isoformat()
        return None
    text = str(value).strip()
    if not text:
        return None
    return find_date(text) or _rfc2822(text)


def _timestamp(value: float) -> str | None:
    """A Unix timestamp in seconds or milliseconds, before 2100, to its UTC day."""
    if value > 1e11:
        value /= 1000
    if 0 < value < 4_102_444_800:
        return dt.datetime.fromtimestamp(value, tz=dt.UTC).date().isoformat()
    return None


def _rfc2822(text: str) -> str | None:
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def find_date(text: str) -> str | None:
    """The first full date written in text, Gregorian preferred over Hijri."""
    norm = for_matching(text)
    patterns = _month_patterns()
    found: list[tuple[int, str]] = []
    for m in _ISO_RE.finditer(norm):
        iso = _valid(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((m.start(), iso))
    for m in _DMY_RE.finditer(norm):
        iso = _valid(int(m[3]), int(m[2]), int(m[1]))
        if iso:
            found.append((m.start(), iso))
    for m in patterns["gregorian"].finditer(norm):
        iso = _valid(int(m[3]), _month_number("gregorian", m[2]), int(m[1]))
        if iso:
            found.append((m.start(), iso))
    for m in patterns["english_mdy"].finditer(norm):
        iso = _valid(int(m[3]), _month_number("gregorian", m[1]), int(m[2]))
        if iso:
            found.append((m.start(), iso))
    if found:
        return min(found)[1]
    for m in patterns["hijri"].finditer(norm):
        iso = _hijri_to_iso(int(m[3]), _month_number("hijri", m[2]), int(m[1]))
        if iso:
            return iso
    return None


def find_dateline(text: str) -> str | None:
    """The date of a dateline in the first lines of an article, or None."""
    lines = [line for line in text.splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        candidate = line if len(line) <= _DATELINE_MAX_CHARS else line[:_DATELINE_MAX_CHARS]
        iso = find_date(candidate)
        if iso:
            return iso
    return None


def publication_anchor(published: str | None, text: str) -> tuple[str | None, AnchorDate | None]:
    """(published day, anchor date) from metadata first, then the dateline."""
    if published:
        return published, AnchorDate(published, "metadata")
    iso = find_dateline(text)
    if iso:
        return iso, AnchorDate(iso, "dateline")
    return None, None
