"""JSON Lines and JSON arrays of articles: broken lines, field synonyms, --map, meta."""

from __future__ import annotations

import json

import pytest

from masar.doc import Doc, Skip
from masar.errors import ConfigError
from masar.ingest.records import parse_field_map, read_json_array, read_json_lines, record_to_doc

TEXT = "قال وزير الخارجية الروسي سيرغي لافروف أمس الاثنين إن المحادثات مع واشنطن ستستأنف في جنيف."


def _line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _one(obj: dict, field_map: dict[str, str] | None = None) -> Doc | Skip:
    return record_to_doc(obj, path="dump.jsonl", locator="line 1", fmt="jsonl", field_map=field_map or {})


def test_broken_lines_are_skipped_with_their_line_number() -> None:
    lines = [
        _line({"id": "a1", "text": TEXT}),
        _line({"id": "a2", "text": "وصل المبعوث الأممي إلى دمشق."}),
        '{"id": "a3", "text": "نص مقطوع',
        "",
        _line({"id": "a4", "text": "استضافت الدوحة جولة جديدة من المفاوضات."}),
        "هذا ليس JSON",
        _line({"id": "a5", "text": "أعلنت أنقرة استعدادها للوساطة."}),
    ]
    items = list(read_json_lines("\n".join(lines), path="dump.jsonl", field_map={}))
    assert [d.id for d in items if isinstance(d, Doc)] == ["a1", "a2", "a4", "a5"]
    skips = [s for s in items if isinstance(s, Skip)]
    assert [(s.locator, s.reason, s.code) for s in skips] == [
        ("line 3", "bad_json_line", "M017"),
        ("line 6", "bad_json_line", "M017"),
    ]
    assert skips[0].line().startswith("[M017] dump.jsonl:line 3: invalid JSON")


@pytest.mark.parametrize(
    ("line", "kind"),
    [("[1, 2]", "list"), ("42", "int"), ('"نص"', "str"), ("null", "NoneType")],
    ids=["array", "number", "string", "null"],
)
def test_non_object_line_is_skipped(line: str, kind: str) -> None:
    (skip,) = read_json_lines(line, path="dump.jsonl", field_map={})
    assert isinstance(skip, Skip)
    assert (skip.locator, skip.reason) == ("line 1", "bad_json_line")
    assert kind in skip.message


SYNONYMS = [
    # text
    ("content", "text", TEXT, TEXT),
    ("body", "text", TEXT, TEXT),
    ("maintext", "text", TEXT, TEXT),
    # outlet
    ("source", "outlet", "alofoq", "alofoq"),
    ("site_name", "outlet", "sada", "sada"),
    ("publisher", "outlet", "  annahar ", "annahar"),
    # published, parsed to a day
    ("date_extracted", "published", "2025-09-15T08:00:00", "2025-09-15"),
    ("pubdate", "published", "Mon, 15 Sep 2025 08:00:00 +0300", "2025-09-15"),
    ("timestamp", "published", 1757923200, "2025-09-15"),
    ("date", "published", "دمشق 3 أيلول 2025", "2025-09-03"),
    # url, title, id
    ("link", "url", "https://alofoq.example/news/1", "https://alofoq.example/news/1"),
    ("headline", "title", "لافروف: المحادثات تستأنف في جنيف", "لافروف: المحادثات تستأنف في جنيف"),
    ("_id", "id", 42, "42"),
    ("guid", "id", "urn:sada:7", "urn:sada:7"),
]


@pytest.mark.parametrize(("theirs", "ours", "value", "expected"), SYNONYMS, ids=[f"{r[0]} is {r[1]}" for r in SYNONYMS])
def test_synonym(theirs: str, ours: str, value: object, expected: object) -> None:
    obj = {theirs: value} if ours == "text" else {"text": TEXT, theirs: value}
    doc = _one(obj)
    assert isinstance(doc, Doc)
    assert getattr(doc, ours) == expected
    assert theirs not in doc.meta


def test_first_synonym_wins_and_empty_values_are_passed_over() -> None:
    doc = _one(
        {"text": "", "content": TEXT, "title": "", "headline": "العنوان", "url": None, "link": "https://x.example/1"}
    )
    assert isinstance(doc, Doc)
    assert (doc.text, doc.title, doc.url) == (TEXT, "العنوان", "https://x.example/1")


def test_empty_text_field_is_an_empty_article() -> None:
    doc = _one({"id": "e1", "text": "", "outlet": "alofoq"})
    assert isinstance(doc, Doc) and doc.text == "" and doc.html is None


def test_html_field_is_kept_when_there_is_no_text() -> None:
    doc = _one({"raw_html": "<p>وصل الوفد إلى جنيف</p>"})
    assert isinstance(doc, Doc)
    assert (doc.text, doc.html) == ("", "<p>وصل الوفد إلى جنيف</p>")


@pytest.mark.parametrize(
    "obj",
    [{"title": "عنوان فقط"}, {"text": 123}, {"text": ["فقرة"]}, {}],
    ids=["no text field", "number", "list", "empty object"],
)
def test_no_text_field_is_a_skip(obj: dict) -> None:
    skip = _one(obj)
    assert isinstance(skip, Skip)
    assert (skip.reason, skip.code) == ("no_text_field", "M016")


def test_unknown_fields_land_in_meta_and_input_meta_is_merged() -> None:
    doc = _one({"text": TEXT, "category": "سياسة", "tags": ["سوريا", "روسيا"], "meta": {"crawl": 3, "category": "old"}})
    assert isinstance(doc, Doc)
    assert doc.meta == {"crawl": 3, "category": "سياسة", "tags": ["سوريا", "روسيا"]}


def test_input_meta_that_is_not_an_object_is_kept() -> None:
    doc = _one({"text": TEXT, "meta": "مصدر خاص"})
    assert isinstance(doc, Doc)
    assert "مصدر خاص" in doc.meta.values()


FIELD_MAPS = [
    (["text=content"], {"text": "content"}),
    (["text=story_body", "published=crawl_date"], {"text": "story_body", "published": "crawl_date"}),
    (["text = body , outlet = paper"], {"text": "body", "outlet": "paper"}),
    (["title=h1,"], {"title": "h1"}),
    ([], {}),
]


@pytest.mark.parametrize(
    ("pairs", "expected"), FIELD_MAPS, ids=["one", "two options", "spaces and comma", "trailing comma", "none"]
)
def test_parse_field_map(pairs: list[str], expected: dict[str, str]) -> None:
    assert parse_field_map(pairs) == expected


@pytest.mark.parametrize(
    "pair",
    ["text", "text=", "body=content", "=content", "meta=extra"],
    ids=["no equals", "no their field", "unknown field", "no field", "meta is not a field"],
)
def test_bad_field_map_is_a_config_error(pair: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_field_map([pair])
    assert caught.value.code == "M041"
    assert "--map" in str(caught.value)


def test_map_overrides_synonyms() -> None:
    obj = {"text": "ملخص قصير", "story_body": TEXT, "crawl_date": "2025-09-15", "date": "2020-01-01"}
    doc = _one(obj, parse_field_map(["text=story_body", "published=crawl_date"]))
    assert isinstance(doc, Doc)
    assert (doc.text, doc.published) == (TEXT, "2025-09-15")
    assert doc.meta["date"] == "2020-01-01"  # unmapped synonym: an unknown field now
    assert "story_body" not in doc.meta and "crawl_date" not in doc.meta


def test_mapped_field_missing_is_a_skip_naming_it() -> None:
    skip = _one({"text": TEXT}, {"text": "story_body"})
    assert isinstance(skip, Skip) and "story_body" in skip.message


def test_json_array() -> None:
    data = _line([{"id": "a", "content": TEXT}, "نص", {"id": "b", "text": "وصل الوفد."}])
    items = list(read_json_array(data, path="dump.json", field_map={}))
    assert [(type(i).__name__, i.locator) for i in items] == [("Doc", "item 0"), ("Skip", "item 1"), ("Doc", "item 2")]
    assert items[0].fmt == "json" and items[1].reason == "bad_json_item"


@pytest.mark.parametrize(
    "data",
    [{"articles": [{"text": TEXT}]}, {"status": "ok", "items": [{"text": TEXT}]}, {"text": TEXT, "tags": ["سوريا"]}],
    ids=["articles wrapper", "any list wrapper", "single object with a list field"],
)
def test_json_wrappers_and_single_object(data: dict) -> None:
    (doc,) = read_json_array(_line(data), path="dump.json", field_map={})
    assert isinstance(doc, Doc) and doc.text == TEXT


def test_single_object_with_body_and_tags_is_one_article() -> None:
    (doc,) = read_json_array(_line({"body": TEXT, "tags": ["سوريا", "روسيا"]}), path="a.json", field_map={})
    assert isinstance(doc, Doc) and doc.text == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [('[{"text": "نص"', "bad_json"), ("42", "bad_json"), ('"نص"', "bad_json")],
    ids=["truncated", "number", "string"],
)
def test_bad_json_document(data: str, reason: str) -> None:
    (skip,) = read_json_array(data, path="dump.json", field_map={})
    assert isinstance(skip, Skip) and (skip.reason, skip.code) == (reason, "M017")
