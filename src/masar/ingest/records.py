"""JSON Lines and JSON arrays of article objects, with a field mapping.

Dumps name their fields in many ways (``content``, ``source``, ``date_extracted``):
common synonyms are recognised, and ``--map text=content`` overrides them. Fields
that map to nothing are kept in ``meta`` and written back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from masar.doc import Doc, Skip
from masar.errors import ConfigError
from masar.ingest.dates import parse_date

__all__ = ["FIELDS", "SYNONYMS", "parse_field_map", "read_json_lines", "read_json_array", "record_to_doc"]

FIELDS = ("id", "text", "html", "title", "outlet", "url", "published")
# Field names seen in public Arabic news dumps and scrapers, in order of preference.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "article_id", "guid", "uid", "doc_id"),
    "text": ("text", "content", "body", "article", "article_text", "maintext", "story"),
    "html": ("html", "raw_html", "page", "content_html"),
    "title": ("title", "headline", "heading"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher", "domain", "newspaper"),
    "url": ("url", "link", "href", "source_url"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubdate",
        "date_published",
        "datetime",
        "date_extracted",
        "timestamp",
    ),
}


def parse_field_map(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["text=content", "published=date_extracted"]`` → {"text": "content", …}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        for item in pair.split(","):
            if not item.strip():
                continue
            ours, sep, theirs = item.partition("=")
            ours, theirs = ours.strip(), theirs.strip()
            if not sep or not theirs or ours not in FIELDS:
                raise ConfigError(
                    f"--map expects FIELD=THEIR_FIELD with FIELD one of {', '.join(FIELDS)}; got {item!r}",
                    code="M041",
                )
            mapping[ours] = theirs
    return mapping


def _pick(obj: Mapping[str, Any], field: str, field_map: Mapping[str, str]) -> tuple[str | None, Any]:
    names = (field_map[field],) if field in field_map else SYNONYMS[field]
    for name in names:
        value = obj.get(name)
        if value not in (None, ""):
            return name, value
    if field == "text":
        # A text field that is there but empty is an empty article, not a missing field.
        for name in names:
            if obj.get(name) == "":
                return name, ""
    return None, None


def record_to_doc(
    obj: Mapping[str, Any], *, path: str, locator: str, fmt: str, field_map: Mapping[str, str]
) -> Doc | Skip:
    """One input object to a Doc, or a Skip saying why it cannot be one."""
    used: set[str] = set()
    values: dict[str, Any] = {}
    for field in FIELDS:
        name, value = _pick(obj, field, field_map)
        if name is not None:
            used.add(name)
            values[field] = value
    text, html = values.get("text"), values.get("html")
    if text == "" and isinstance(html, str):
        text = None  # an empty text beside real HTML: the HTML is the article
    if not isinstance(text, str) and not isinstance(html, str):
        wanted = field_map.get("text") or "text"
        return Skip(
            path,
            locator,
            "no_text_field",
            "M016",
            f"no {wanted!r} or 'html' string field; map one with --map text=FIELD",
        )
    # Our own field names never land in meta, even when null: they are not unknown.
    meta = {k: v for k, v in obj.items() if k not in used and k not in FIELDS and k != "meta"}
    if isinstance(obj.get("meta"), dict):
        meta = {**obj["meta"], **meta}
    elif obj.get("meta") is not None:
        meta["meta"] = obj["meta"]  # not an object: kept as it came
    raw_id = values.get("id")
    return Doc(
        id=str(raw_id) if raw_id is not None else None,
        text=text if isinstance(text, str) else "",
        html=html if isinstance(html, str) and not isinstance(text, str) else None,
        title=_str_or_none(values.get("title")),
        outlet=_str_or_none(values.get("outlet")),
        url=_str_or_none(values.get("url")),
        published=parse_date(values.get("published")),
        source_path=path,
        locator=locator,
        fmt=fmt,
        meta=meta,
    )


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_json_lines(text: str, *, path: str, field_map: Mapping[str, str]) -> Iterator[Doc | Skip]:
    """One object per line; a broken line is a Skip naming its line number, the rest go in."""
    # Only "\n" ends a JSON line: str.splitlines() would also cut at U+0085 or U+2028,
    # which JSON writers leave raw inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skip(path, locator, "bad_json_line", "M017", f"invalid JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(obj, dict):
            yield Skip(path, locator, "bad_json_line", "M017", f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield record_to_doc(obj, path=path, locator=locator, fmt="jsonl", field_map=field_map)


def _unwrap(data: dict[str, Any], field_map: Mapping[str, str]) -> Any:
    """{"articles": [...]} holds articles; an object with a text field is one article."""
    text_names = {field_map.get("text"), field_map.get("html"), *SYNONYMS["text"], *SYNONYMS["html"]}
    if any(isinstance(data.get(name), str) for name in text_names if name):
        return [data]
    lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    return lists[0] if lists else [data]


def read_json_array(text: str, *, path: str, field_map: Mapping[str, str]) -> Iterator[Doc | Skip]:
    """A JSON array of objects (or one object, or {"articles": [...]})."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Skip(path, "", "bad_json", "M017", f"invalid JSON at line {err.lineno} ({err.msg})")
        return
    if isinstance(data, dict):
        data = _unwrap(data, field_map)
    if not isinstance(data, list):
        yield Skip(path, "", "bad_json", "M017", "expected an array of article objects")
        return
    for index, obj in enumerate(data):
        locator = f"item {index}"
        if not isinstance(obj, dict):
            yield Skip(path, locator, "bad_json_item", "M017", f"expected an object, got {type(obj).__name__}")
            continue
        yield record_to_doc(obj, path=path, locator=locator, fmt="json", field_map=field_map)
