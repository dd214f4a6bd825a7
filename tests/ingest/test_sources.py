"""Inputs to readable items: format sniffing, folder walks, globs, missing paths."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from masar.doc import Skip
from masar.ingest.sources import Input, discover, read_bytes, sniff_format

RSS = '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>وكالة المشرق</title>'
ATOM = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>النهار</title>'
RDF = '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("a.txt", "وصل الوفد إلى جنيف")
    return buf.getvalue()


TEXT_FORMATS = [
    # JSON
    ("json lines", '{"text": "وصل الوفد"}\n{"text": "بدأت المحادثات"}\n', "dump.jsonl", "jsonl"),
    ("one object per line named .json", '{"text": "أ"}\n{"text": "ب"}\n', "dump.json", "jsonl"),
    ("json object", '{\n  "articles": [{"text": "وصل الوفد"}]\n}', "dump.json", "json"),
    ("json array", '[{"text": "وصل الوفد"}]', "dump.txt", "json"),
    ("json lines after a BOM", '\ufeff{"text": "وصل الوفد"}', "dump.jsonl", "jsonl"),
    # feeds, found from the markup whatever the name
    ("rss", RSS, "feed.xml", "feed"),
    ("atom", ATOM, "feed.atom", "feed"),
    ("rdf", RDF, "feed.rdf", "feed"),
    ("rss saved as txt", RSS, "feed.txt", "feed"),
    # HTML
    ("html page", "<!DOCTYPE html>\n<html lang='ar'><head>", "page.html", "html"),
    ("html fragment", "<p>وصل الوفد إلى جنيف</p>", "page.txt", "html"),
    ("html named by extension", "وصل الوفد <b>إلى</b> جنيف", "page.htm", "html"),
    ("other xml", '<?xml version="1.0"?><root><item/></root>', "data.xml", "xml"),
    # plain text
    ("arabic text", "وصل الوفد إلى جنيف\nوبدأت المحادثات.", "news.txt", "text"),
    ("text with a stray tag-like sign", "الفارق 3 < 5 نقاط", "news.txt", "text"),
]


@pytest.mark.parametrize(("head", "name", "fmt"), [r[1:] for r in TEXT_FORMATS], ids=[r[0] for r in TEXT_FORMATS])
def test_sniff_text_formats(head: str, name: str, fmt: str) -> None:
    assert sniff_format(head.encode("utf-8"), head, name) == fmt


BINARY_FORMATS = [
    ("warc", WARC_HEAD, "crawl.warc", "warc"),
    ("warc without extension", WARC_HEAD, "crawl", "warc"),
    ("warc.gz", gzip.compress(WARC_HEAD), "crawl.warc.gz", "warc"),
    ("zip", _zip(), "articles.zip", "zip"),
    ("gzip that is not a warc", gzip.compress("وصل الوفد".encode()), "news.txt.gz", "gzip"),
    ("damaged gzip", b"\x1f\x8b\x08\x00garbage", "news.gz", "gzip"),
]


@pytest.mark.parametrize(("data", "name", "fmt"), [r[1:] for r in BINARY_FORMATS], ids=[r[0] for r in BINARY_FORMATS])
def test_sniff_binary_formats(data: bytes, name: str, fmt: str) -> None:
    assert sniff_format(data, None, name) == fmt


def _tree(root: Path) -> None:
    for relative in [
        "b.jsonl",
        "a.txt",
        "_notes.txt",  # files starting with _ are read; only folders with _ are left out
        ".DS_Store",
        "feeds/z.rss",
        "feeds/a.atom",
        "feeds/2025/09/page.html",
        ".git/config",
        "_drafts/draft.txt",
        "pages/.hidden.html",
        "pages/x.html",
    ]:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("وصل الوفد إلى جنيف", encoding="utf-8")


def _names(items: list[Input | Skip], root: Path) -> list[str]:
    return [Path(i.name).relative_to(root).as_posix() for i in items if isinstance(i, Input)]


def test_discover_walks_a_folder_sorted_and_skips_hidden_and_underscore(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = list(discover([str(tmp_path)]))
    assert _names(items, tmp_path) == [
        "_notes.txt",
        "a.txt",
        "b.jsonl",
        "feeds/a.atom",
        "feeds/z.rss",
        "feeds/2025/09/page.html",
        "pages/x.html",
    ]
    assert all(isinstance(i, Input) and i.path == Path(i.name) for i in items)


def test_discover_keeps_the_order_of_its_arguments(tmp_path: Path) -> None:
    _tree(tmp_path)
    specs = [str(tmp_path / "pages"), str(tmp_path / "b.jsonl"), str(tmp_path / "a.txt")]
    assert _names(list(discover(specs)), tmp_path) == ["pages/x.html", "b.jsonl", "a.txt"]


def test_a_hidden_file_named_explicitly_is_read(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert _names(list(discover([str(tmp_path / "pages/.hidden.html")])), tmp_path) == ["pages/.hidden.html"]


GLOBS = [
    ("top level", "*.txt", ["_notes.txt", "a.txt"]),
    ("recursive", "**/*.html", ["feeds/2025/09/page.html", "pages/x.html"]),
    ("a folder by pattern", "fee?s", ["feeds/a.atom", "feeds/z.rss", "feeds/2025/09/page.html"]),
    ("character class", "[ab].*", ["a.txt", "b.jsonl"]),
]


@pytest.mark.parametrize(("pattern", "expected"), [r[1:] for r in GLOBS], ids=[r[0] for r in GLOBS])
def test_discover_globs(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    _tree(tmp_path)
    assert _names(list(discover([str(tmp_path / pattern)])), tmp_path) == expected


@pytest.mark.parametrize(
    ("spec", "reason"),
    [("missing.jsonl", "not_found"), ("missing-folder/", "not_found"), ("*.warc.gz", "no_match")],
    ids=["missing file", "missing folder", "glob without matches"],
)
def test_discover_missing_inputs_are_skips(tmp_path: Path, spec: str, reason: str) -> None:
    full = str(tmp_path / spec)
    (skip,) = discover([full])
    assert isinstance(skip, Skip)
    assert (skip.path, skip.reason, skip.code) == (full, reason, "M011")


def test_discover_stdin() -> None:
    assert list(discover(["-"])) == [Input("<stdin>", None)]


def test_read_bytes_reads_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 100)
    assert len(read_bytes(Input(str(path), path), limit=10)) == 11
    assert len(read_bytes(Input(str(path), path), limit=1000)) == 100


def test_folder_walk_leaves_out_documentation_but_reads_it_when_named(tmp_path: Path) -> None:
    for name in ("README.md", "LICENSE", "notes.rst", "build.py", "articles.jsonl", "day.zip"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    walked = sorted(Path(item.name).name for item in discover([str(tmp_path)]) if isinstance(item, Input))
    assert walked == ["articles.jsonl", "day.zip"]
    named = [item for item in discover([str(tmp_path / "README.md")]) if isinstance(item, Input)]
    assert len(named) == 1
