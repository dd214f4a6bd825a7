"""Writing the store out per ../shared/CONTRACT.md: JSON Lines or CSV, in ingest order."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from masar.store.sqlite import Store

__all__ = ["EXPORT_FIELDS", "export_records", "write_jsonl", "write_csv"]

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
    "lang",
    "meta",
)


def export_records(store: Store) -> Iterator[dict[str, Any]]:
    for art in store.iter_articles():
        yield {name: art[name] for name in EXPORT_FIELDS}


def write_jsonl(store: Store, out: TextIO) -> int:
    count = 0
    for record in export_records(store):
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
