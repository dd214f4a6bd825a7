"""Writing the store out per ../shared/CONTRACT.md: JSON Lines or CSV, in ingest order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from masar.store.sqlite import Store

__all__ = ["EXPORT_FIELDS", "export_records", "story_records", "write_jsonl", "write_csv", "write_story_jsonl"]

# The contract's fields produced so far; later stages add theirs here.
EXPORT_FIELDS = (
    "id",
    "title",
    "outlet",
    "url",
    "published",
    "anchor_date",
    "text",
    "duplicate_of",
    "story",
    "entities",
    "places",
    "lang",
    "meta",
)
_BATCH = 500


def export_records(store: Store) -> Iterator[dict[str, Any]]:
    """Articles in ingest order, each with the fullest mention of each of its entities."""
    batch: list[dict[str, Any]] = []
    for art in store.iter_articles():
        batch.append(art)
        if len(batch) >= _BATCH:
            yield from _with_entities(store, batch)
            batch = []
    yield from _with_entities(store, batch)


def _with_entities(store: Store, batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    mentions = store.article_mentions([art["seq"] for art in batch])
    for art in batch:
        found = mentions[art["seq"]]
        art["entities"] = [m.entity_dict() for m in found]
        art["places"] = [m.place_dict() for m in found if m.type in ("GPE", "LOC", "FAC")]
        yield {name: art[name] for name in EXPORT_FIELDS}


def write_jsonl(store: Store, out: TextIO) -> int:
    return _dump_jsonl(export_records(store), out)


def _dump_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    count = 0
    for record in export_records(store):
        writer.writerow([_cell(record[name]) for name in EXPORT_FIELDS])
        count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def story_records(store: Store) -> Iterator[dict[str, Any]]:
    """One record per story (CONTRACT.md): its articles, outlets and independent sources."""
    conn = store.conn
    stories = conn.execute(
        "SELECT id, title, first_seen, last_seen, kind, chain FROM stories ORDER BY first_seen, id"
    ).fetchall()
    for story_id, title, first, last, kind, chain in stories:
        members = conn.execute(
            "SELECT id, outlet, COALESCE(copy_group, seq), duplicate_of, COALESCE(anchor_date, published), title "
            "FROM articles WHERE story = ? ORDER BY COALESCE(anchor_date, published), seq",
            (story_id,),
        ).fetchall()
        if not members:
            continue
        yield {
            "id": story_id,
            "title": representative_title(members) or title,
            "first_seen": _day(first),
            "last_seen": _day(last),
            "articles": [m[0] for m in members],
            "outlets": sorted({m[1] for m in members if m[1]}),
            "independent_sources": independent_sources(members),
            "copy_groups": _copy_groups(members),
            "kind": kind,
            "chain": chain,
            "events": [],
        }


def representative_title(members: list[tuple[Any, ...]]) -> str | None:
    """The headline of the earliest original article, skipping continuation parts ("إضافة أولى")."""
    for member in members:
        title = member[5]
        if title and member[3] is None and "إضافة" not in title:
            return str(title)
    return next((str(m[5]) for m in members if m[5]), None)


def independent_sources(members: list[tuple[Any, ...]]) -> int:
    """Outlets that wrote the story themselves: each copy group counts once, by its first article's outlet."""
    firsts: dict[Any, tuple[Any, ...]] = {}
    for member in members:  # members come in date order: the first of a group is its origin
        firsts.setdefault(member[2], member)
    return len({m[1] or m[0] for m in firsts.values()})


def _copy_groups(members: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    for member in members:
        groups.setdefault(member[2], []).append(member)
    return [
        {"first": group[0][0], "first_outlet": group[0][1], "articles": [m[0] for m in group]}
        for group in groups.values()
        if len(group) > 1
    ]


def _day(value: str | None) -> str | None:
    return None if not value or value.startswith("9999") else value


def write_story_jsonl(store: Store, out: TextIO) -> int:
    return _dump_jsonl(story_records(store), out)
