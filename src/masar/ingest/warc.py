"""WARC and WARC.gz crawl files: each HTML response record becomes an article.

A truncated or corrupt file keeps every record read before the damage and
records one skip for the rest.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from masar.doc import Doc, Skip
from masar.errors import MasarError
from masar.ingest._encoding import decode
from masar.ingest.html import charset_from_meta, read_html_page

__all__ = ["read_warc"]


# The record types of WARC 1.0 and 1.1: anything else is a damaged header.
_RECORD_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}


def read_warc(data: bytes, *, path: str, max_record_bytes: int) -> Iterator[Doc | Skip]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    read = 0
    try:
        records = ArchiveIterator(io.BytesIO(data))
        for record in records:
            if record.rec_type not in _RECORD_TYPES or record.rec_headers.get_header("Content-Length") is None:
                yield _truncated(path, read, detail="a damaged record header")
                return
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            http = record.http_headers
            content_type = (http.get_header("Content-Type") if http else "") or ""
            if "html" not in content_type.lower():
                continue
            status = http.get_statuscode() if http else ""
            body = record.content_stream().read(max_record_bytes + 1)
            if len(body) <= max_record_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                # Fewer bytes than the record's Content-Length: the file ends inside it.
                yield _truncated(path, read)
                return
            read += 1
            if status and status != "200":
                yield Skip(path, uri, "http_status", "M019", f"response record with HTTP {status}")
                continue
            if len(body) > max_record_bytes:
                yield Skip(path, uri, "too_large", "M013", f"record over {max_record_bytes} bytes")
                continue
            try:
                html, _ = decode(body, declared=_charset(content_type) or charset_from_meta(body), name=uri)
                doc = read_html_page(html, path=path, locator=uri, url=uri or None, fmt="warc")
            except MasarError as err:
                yield Skip(path, uri, err.reason, err.code, err.message)
                continue
            doc.meta["warc_date"] = record.rec_headers.get_header("WARC-Date")
            yield doc
        if data[records.offset :].strip():
            # warcio stops quietly when the file ends inside a record's headers.
            yield _truncated(path, read)
    # warcio reports damage in many ways, AttributeError on a cut gzip member among them.
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, zlib.error) as err:
        yield _truncated(path, read, detail=type(err).__name__)


def _truncated(path: str, read: int, *, detail: str = "cut inside a record") -> Skip:
    return Skip(
        path,
        f"after record {read}",
        "truncated_warc",
        "M020",
        f"WARC file damaged or truncated after {read} HTML records ({detail}); those were kept",
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
