"""Inputs on the command line to readable items: paths, folders, globs and stdin.

The format is found from the content (magic bytes, first characters, markup),
the extension only breaking ties, so a feed saved as ``.txt`` still reads as a feed.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from masar.doc import Skip

__all__ = ["Input", "discover", "read_bytes", "sniff_format"]

_FEED_MARKERS = ("<rss", "<feed", "<rdf:rdf")
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<div", "<p>", "<p ", "<article", "<meta")


@dataclass(slots=True, frozen=True)
class Input:
    """One file (or stdin) to read: its name for messages, and where the bytes are."""

    name: str
    path: Path | None  # None for stdin


def discover(specs: list[str]) -> Iterator[Input | Skip]:
    """Expand the CLI's inputs in order; folders recursively, hidden files and ``_`` folders left out."""
    for spec in specs:
        if spec == "-":
            yield Input("<stdin>", None)
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield Input(str(path), path)
        elif any(ch in spec for ch in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                yield Skip(spec, "", "no_match", "M011", "the pattern matches no file")
            for match in matches:
                matched = Path(match)
                if matched.is_dir():
                    yield from _walk(matched)
                elif matched.is_file():
                    yield Input(match, matched)
        else:
            yield Skip(spec, "", "not_found", "M011", "no such file or folder")


# Files a data folder carries beside its articles (a dataset's README, its licence,
# scripts). Left out of folder walks; named on the command line they are read.
_NOT_ARTICLES = (".md", ".rst", ".py", ".js", ".css", ".sh", ".toml", ".yml", ".yaml", ".ini", ".cfg", ".lock")
_NOT_ARTICLE_NAMES = ("readme", "license", "licence", "copying", "notice", "changelog")


def _walk(folder: Path) -> Iterator[Input]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            lower = name.lower()
            if lower.endswith(_NOT_ARTICLES) or lower.split(".")[0] in _NOT_ARTICLE_NAMES:
                continue
            if not name.startswith("."):
                full = Path(root) / name
                yield Input(str(full), full)


def read_bytes(item: Input, *, limit: int) -> bytes:
    """Up to limit + 1 bytes, so the caller can tell a file over the cap."""
    if item.path is None:
        return sys.stdin.buffer.read(limit + 1)
    with item.path.open("rb") as handle:
        return handle.read(limit + 1)


def sniff_format(data: bytes, text_head: str | None, name: str) -> str:
    """One of warc, jsonl, json, feed, html, text; ``text_head`` is the decoded start, if any."""
    if data[:2] == b"\x1f\x8b":
        return "warc" if _gunzip_head(data).startswith(b"WARC/") else "gzip"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"WARC/"):
        return "warc"
    head = (text_head or "").lstrip("\ufeff \t\r\n")[:2000].lower()
    lower_name = name.lower()
    if head.startswith("{"):
        return "jsonl" if not lower_name.endswith(".json") or "\n{" in head else "json"
    if head.startswith("["):
        return "json"
    if head.startswith("<"):
        if any(marker in head for marker in _FEED_MARKERS):
            return "feed"
        if any(marker in head for marker in _HTML_MARKERS):
            return "html"
        if head.startswith("<?xml"):
            return "feed" if any(m in head for m in _FEED_MARKERS) else "xml"
        return "html"
    if lower_name.endswith((".html", ".htm", ".xhtml")) and "<" in head:
        return "html"
    return "text"


def _gunzip_head(data: bytes) -> bytes:
    decompressor = gzip.GzipFile(fileobj=io.BytesIO(data))
    try:
        return decompressor.read(64)
    except (OSError, EOFError):
        return b""
