"""RSS and Atom feeds with feedparser; with --fetch, the linked pages too.

An item's full content is used when the feed carries it, else its summary. With a
``Fetcher``, each item's page is downloaded (timeout, size cap, polite delay per
host) and its main text replaces the summary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from masar.doc import Doc, Skip
from masar.errors import FetchError, MasarError
from masar.ingest._encoding import decode
from masar.ingest.dates import parse_date
from masar.ingest.html import charset_from_meta, fragment_to_text, outlet_from_url, read_html_page

__all__ = ["Fetcher", "read_feed"]


@dataclass(slots=True)
class Fetcher:
    """Downloads pages politely; ``transport`` lets tests inject canned responses."""

    timeout_s: float
    max_bytes: int
    delay_s: float
    transport: httpx.BaseTransport | None = None
    _client: httpx.Client | None = None
    _last_hit: dict[str, float] = field(default_factory=dict)

    def load(self) -> Fetcher:
        self._client = httpx.Client(
            timeout=self.timeout_s,
            follow_redirects=True,
            transport=self.transport,
            headers={"User-Agent": "masar/0.1 (+news monitoring; polite fetcher)"},
        )
        return self

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def get(self, url: str) -> tuple[bytes, str | None]:
        """(body, declared charset). Raises FetchError on any failure."""
        client = self._client if self._client is not None else self.load()._client
        if client is None:
            raise FetchError("the fetcher could not be started", reason="fetch_failed")
        host = urlsplit(url).netloc
        wait = self._last_hit.get(host, 0.0) + self.delay_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            with client.stream("GET", url) as response:
                self._last_hit[host] = time.monotonic()
                if response.status_code != 200:
                    raise FetchError(f"{url}: HTTP {response.status_code}", reason="http_error")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"{url}: page over {self.max_bytes} bytes", reason="too_large")
                return bytes(body), response.charset_encoding
        except httpx.HTTPError as err:
            raise FetchError(f"{url}: {type(err).__name__}: {err}", reason="fetch_failed") from err


def read_feed(data: bytes, *, path: str, fetcher: Fetcher | None = None) -> Iterator[Doc | Skip]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        yield Skip(path, "", "bad_feed", "M018", f"not a readable RSS or Atom feed ({parsed.bozo_exception})")
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries):
        link = entry.get("link") or None
        outlet = outlet_from_url(link) or outlet_from_url(parsed.feed.get("link")) or feed_title
        locator = link or f"item {index}"
        published = _entry_date(entry)
        if fetcher is not None and link:
            try:
                yield _fetched(entry, link, fetcher=fetcher, path=path, outlet=outlet, published=published)
                continue
            except MasarError as err:
                yield Skip(path, locator, err.reason, err.code, err.message)
                continue
        body = _entry_body(entry)
        doc = Doc(
            id=entry.get("id") or None,
            text=body,
            title=(entry.get("title") or "").strip() or None,
            outlet=outlet,
            url=link,
            published=published,
            source_path=path,
            locator=locator,
            fmt="feed",
        )
        if feed_title:
            doc.meta["feed_title"] = feed_title
        yield doc


def _entry_body(entry: dict[str, Any]) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return fragment_to_text(best if len(best) >= len(summary) else summary)


def _entry_date(entry: dict[str, Any]) -> str | None:
    """The day as the feed wrote it (its own time zone); feedparser's parsed tuples are UTC."""
    day = parse_date(entry.get("published") or entry.get("updated"))
    if day:
        return day
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _fetched(
    entry: dict[str, Any], link: str, *, fetcher: Fetcher, path: str, outlet: str | None, published: str | None
) -> Doc:
    body, charset = fetcher.get(link)
    html, _ = decode(body, declared=charset or charset_from_meta(body), name=link)
    doc = read_html_page(html, path=path, locator=link, url=link, fmt="feed+page")
    doc.id = entry.get("id") or None
    doc.title = doc.title or (entry.get("title") or "").strip() or None
    doc.outlet = doc.outlet or outlet
    doc.published = published or doc.published
    return doc
