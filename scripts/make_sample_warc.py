"""Build ``src/masar/sample/corpus/crawl.warc.gz`` from the pages in ``src/masar/sample/_warc_src/``.

The WARC holds a ``warcinfo`` record, then for each page a ``request`` and an HTML
``response`` record (HTTP 200, ``text/html; charset=utf-8``), and one ``image/png``
response that ingest must skip. Dates and record ids are fixed (ids are UUIDv5 of the
record type and target URI), so rerunning the script gives the same bytes.

Usage:
    .venv/bin/python scripts/make_sample_warc.py [--src DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import tempfile
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "src" / "masar" / "sample"
# One fixed crawl time; each record is one second after the previous one.
CRAWL_START = datetime(2025, 10, 21, 6, 0, 0, tzinfo=UTC)
USER_AGENT = "masar-sample-crawler/1.0 (+https://masar.example/sample)"
IMAGE_URL = "https://alofoq.example/static/img/logo.png"
_CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]+)"', re.IGNORECASE)


def record_id(kind: str, uri: str) -> str:
    """A stable WARC-Record-ID derived from the record type and target URI."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind}:{uri}')}>"


def warc_date(step: int) -> str:
    return (CRAWL_START + timedelta(seconds=step)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(step: int) -> str:
    return (CRAWL_START + timedelta(seconds=step)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def canonical_url(page: str, name: str) -> str:
    match = _CANONICAL.search(page)
    if match is None:
        raise SystemExit(f'{name}: no <link rel="canonical" href=...>; the WARC needs a target URI')
    return match.group(1)


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built here so the script needs no binary fixture."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_pair(writer: WARCWriter, uri: str, body: bytes, content_type: str, step: int) -> None:
    """Write a request record and its response record for one URI."""
    parts = urlsplit(uri)
    response_id = record_id("response", uri)
    response_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", http_date(step)),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
        ],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": warc_date(step)},
    )
    request_headers = StatusAndHeaders(
        f"GET {parts.path or '/'} HTTP/1.1",
        [("Host", parts.netloc), ("User-Agent", USER_AGENT), ("Accept", "*/*")],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        uri,
        "request",
        http_headers=request_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request", uri),
            "WARC-Date": warc_date(step),
            "WARC-Concurrent-To": response_id,
        },
    )
    writer.write_record(request)
    writer.write_record(response)


def build(src: Path, out: Path) -> int:
    """Write the WARC to ``out`` atomically; return the number of HTML pages written."""
    pages = sorted(src.glob("*.html"))
    if not pages:
        raise SystemExit(f"no .html pages in {src}")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".warc.gz.tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            writer = WARCWriter(stream, gzip=True)
            info = (
                b"software: masar scripts/make_sample_warc.py\r\n"
                b"format: WARC File Format 1.0\r\n"
                b"description: Masar sample crawl; pages written by the Masar team (Apache-2.0)\r\n"
                b"isPartOf: masar-sample\r\n"
            )
            warcinfo = writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": record_id("warcinfo", out.name),
                    "WARC-Date": warc_date(0),
                    "WARC-Filename": out.name,
                },
            )
            writer.write_record(warcinfo)
            step = 1
            for path in pages:
                body = path.read_bytes()
                uri = canonical_url(body.decode("utf-8"), path.name)
                write_pair(writer, uri, body, "text/html; charset=utf-8", step)
                step += 1
            write_pair(writer, IMAGE_URL, tiny_png(), "image/png", step)
        os.replace(tmp, out)
    except BaseException:
        os.unlink(tmp)
        raise
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=SAMPLE / "_warc_src", help="folder of .html pages")
    parser.add_argument("--out", type=Path, default=SAMPLE / "corpus" / "crawl.warc.gz", help="WARC file to write")
    args = parser.parse_args()
    count = build(args.src, args.out)
    print(f"wrote {args.out} ({count} pages + 1 image)")


if __name__ == "__main__":
    main()
