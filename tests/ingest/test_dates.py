"""Publication dates: metadata values, datelines in Arabic calendars and spellings, Hijri."""

from __future__ import annotations

import datetime as dt

import pytest
from hijridate import Hijri

from masar.doc import AnchorDate
from masar.ingest.dates import find_date, find_dateline, month_names, parse_date, publication_anchor


def _hijri(year: int, month: int, day: int) -> str:
    return Hijri(year, month, day).to_gregorian().isoformat()


FIND_DATE = [
    # numeric datelines
    ("wire number then iso date", "4521 2024-11-19", "2024-11-19"),
    ("slashes", "الخميس 2025/09/18", "2025-09-18"),
    ("day first", "بغداد 18/09/2025", "2025-09-18"),
    ("arabic-indic iso date", "٢٠٢٥-٠٩-١٨", "2025-09-18"),
    # Gregorian month names: Egyptian and Gulf, Levantine, Maghrebi
    ("egyptian with dash", "القاهرة - 10 سبتمبر 2025", "2025-09-10"),
    ("gulf", "الرياض 3 أكتوبر 2025 (واس)", "2025-10-03"),
    ("levantine with egyptian after slash", "بيروت 3 أيلول/سبتمبر 2025", "2025-09-03"),
    ("levantine two-word month, arabic-indic digits", "دمشق ٤ تشرين الأول ٢٠٢٥", "2025-10-04"),
    ("levantine kanun al-awwal", "يوم 20 كانون الأول 2024", "2024-12-20"),
    ("maghrebi july", "الجزائر 12 جويلية 2024", "2024-07-12"),
    ("maghrebi may", "الرباط 5 ماي 2025", "2025-05-05"),
    ("min shahr", "غزة 7 من شهر أكتوبر 2025", "2025-10-07"),
    ("hijri then gregorian: gregorian wins", "الرياض 12 ربيع الأول 1447هـ الموافق 4 سبتمبر 2025م واس", "2025-09-04"),
    # English
    ("english abbreviated month with dot", "Oct. 3, 2025", "2025-10-03"),
    ("english full month", "October 3, 2025", "2025-10-03"),
    ("english day first", "15 September 2025", "2025-09-15"),
    ("english sept", "5 Sept 2025", "2025-09-05"),
    # Hijri alone, converted with the Umm al-Qura calendar
    ("hijri rabi al-awwal", "الرياض 12 ربيع الأول 1447هـ واس", _hijri(1447, 3, 12)),
    ("hijri dhu al-qadah", "مكة المكرمة 15 ذو القعدة 1446", _hijri(1446, 11, 15)),
    ("hijri shawwal with space before heh", "2 شوال 1446 هـ", _hijri(1446, 10, 2)),
    # not dates
    ("31 february", "31 فبراير 2025", None),
    ("iso 31 february", "2025-02-31", None),
    ("english february 31", "February 31, 2025", None),
    ("30 ramadan 1446 does not exist", "30 رمضان 1446", None),
    ("rabi without its ordinal", "12 ربيع 1447", None),
    ("year before 1990", "3 مايو 1985", None),
    ("hijri year out of range", "1 محرم 1600", None),
    ("no date", "قال وزير الخارجية إن المحادثات ستستأنف", None),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in FIND_DATE], ids=[r[0] for r in FIND_DATE])
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_hijri_rows_match_the_gregorian_the_agency_printed() -> None:
    assert _hijri(1447, 3, 12) == "2025-09-04"


PARSE_DATE = [
    # metadata strings
    ("iso date", "2025-09-15", "2025-09-15"),
    ("iso datetime with offset", "2025-09-15T23:30:00+03:00", "2025-09-15"),
    ("iso datetime utc", "2025-09-15T08:00:00Z", "2025-09-15"),
    ("iso with space and minutes", "2025-09-15 08:00", "2025-09-15"),
    ("rfc 2822", "Mon, 15 Sep 2025 08:00:00 +0300", "2025-09-15"),
    ("rfc 2822 two-digit year", "15 Sep 25 08:00 GMT", "2025-09-15"),
    ("arabic dateline as metadata", "الأحد 14 أيلول 2025", "2025-09-14"),
    ("surrounding spaces", "  2025-09-15  ", "2025-09-15"),
    # Python values
    ("date", dt.date(2025, 9, 1), "2025-09-01"),
    ("datetime", dt.datetime(2025, 9, 1, 23, 0), "2025-09-01"),
    ("unix timestamp", 1757923200, "2025-09-15"),
    ("float timestamp", 1757923200.5, "2025-09-15"),
    # nothing usable
    ("none", None, None),
    ("empty", "", None),
    ("blank", "   ", None),
    ("invalid rfc 2822 day", "Tue, 31 Feb 2025 08:00:00 +0000", None),
    ("zero", 0, None),
    ("negative timestamp", -5, None),
    ("timestamp in milliseconds", 1757923200000, None),
    ("words", "منذ يومين", None),
]


@pytest.mark.parametrize(("value", "expected"), [r[1:] for r in PARSE_DATE], ids=[r[0] for r in PARSE_DATE])
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_of_a_boolean_is_none() -> None:
    assert parse_date(True) is None


DATELINES = [
    (
        "dateline on the first line",
        "القاهرة - 10 سبتمبر 2025\nقال وزير الخارجية المصري إن المحادثات مستمرة.",
        "2025-09-10",
    ),
    ("wire number line", "4521 2024-11-19\nدمشق (سانا)\nوصل المبعوث الأممي إلى دمشق.", "2024-11-19"),
    ("after a title and blank lines", "المبعوث يصل إلى دمشق\n\n\nدمشق 3 أيلول/سبتمبر 2025\nوصل المبعوث.", "2025-09-03"),
    ("no dateline", "وصل المبعوث الأممي إلى دمشق أمس.\nوالتقى وزير الخارجية.", None),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in DATELINES], ids=[r[0] for r in DATELINES])
def test_find_dateline(text: str, expected: str | None) -> None:
    assert find_dateline(text) == expected


def test_date_deep_in_the_body_is_not_a_dateline() -> None:
    body = [f"وقال المصدر في الفقرة رقم {n} إن الاتصالات مستمرة بين الطرفين." for n in range(1, 8)]
    text = "\n".join([*body, "وكانت الحرب قد اندلعت في 7 أكتوبر 2023 بعد هجوم واسع."])
    assert find_date(text) == "2023-10-07"
    assert find_dateline(text) is None


def test_date_far_along_a_long_first_line_is_not_a_dateline() -> None:
    lead = "قال وزير الخارجية الروسي سيرغي لافروف إن المحادثات مع واشنطن ستستأنف في جنيف " * 2
    assert len(lead) > 120
    assert find_dateline(lead + "بعد اجتماع 10 سبتمبر 2025") is None


ANCHORS = [
    ("metadata beats dateline", "2025-09-01", "القاهرة - 10 سبتمبر 2025\nنص الخبر.", "2025-09-01", "metadata"),
    ("dateline when no metadata", None, "القاهرة - 10 سبتمبر 2025\nنص الخبر.", "2025-09-10", "dateline"),
    ("hijri dateline", None, "الرياض 12 ربيع الأول 1447هـ واس\nنص الخبر.", "2025-09-04", "dateline"),
]


@pytest.mark.parametrize(
    ("published", "text", "value", "source"), [r[1:] for r in ANCHORS], ids=[r[0] for r in ANCHORS]
)
def test_publication_anchor(published: str | None, text: str, value: str, source: str) -> None:
    assert publication_anchor(published, text) == (value, AnchorDate(value, source))


def test_publication_anchor_without_any_date() -> None:
    assert publication_anchor(None, "وصل المبعوث الأممي إلى دمشق أمس.") == (None, None)


def test_every_month_has_names_in_both_calendars() -> None:
    names = month_names()
    for calendar in ("gregorian", "hijri"):
        assert {month for _, month in names[calendar]} == set(range(1, 13))
        lengths = [len(name) for name, _ in names[calendar]]
        assert lengths == sorted(lengths, reverse=True)  # ربيع الأول before any shorter name
