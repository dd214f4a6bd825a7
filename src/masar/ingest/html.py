"""HTML pages to article text and metadata with trafilatura; fragments with lxml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from masar.doc import Doc
from masar.errors import EmptyError, FormatError
from masar.ingest.dates import parse_date

__all__ = ["read_html_page", "fragment_to_text", "charset_from_meta", "outlet_from_url"]

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article")
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
# trafilatura's fast pass (no readability/jusText fallback) finds the text of
# ordinary article pages; below this many characters the fallbacks are worth their
# cost. 300 is about two sentences, shorter than any article in our sample corpus.
_FALLBACK_BELOW = 300


def charset_from_meta(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB, if any."""
    match = _META_CHARSET_RE.search(data[:2048])
    return match.group(1).decode("ascii") if match else None


def read_html_page(html: str, *, path: str, locator: str = "", url: str | None = None, fmt: str = "html") -> Doc:
    """Main text, title, date and site name of one page. Raises EmptyError when no text is found.

    The page is parsed once. Its title, site name and address come from its meta
    tags, its date from htmldate (trafilatura's own date library), both read-only;
    the main text from trafilatura's fast pass, with its fallbacks only when the
    fast pass finds little. That is faster than trafilatura's all-in-one call,
    whose metadata step also reads categories, tags and licences we do not use.
    """
    tree = _parse(html)
    page = page_metadata(tree)
    result = _extract(tree, url=url, fast=True)
    if result is None or len((result.text or "").strip()) < _FALLBACK_BELOW:
        # Few words from the fast pass: try again with trafilatura's fallback extractors.
        result = _extract(_parse(html), url=url, fast=False) or result
    if result is None or not (result.text or "").strip():
        raise EmptyError("no article text found in this HTML page", reason="no_text")
    url = url or page.url
    text = _drop_leading_title(result.text, page.title)
    doc = Doc(
        id=None,
        text=text,
        title=page.title,
        outlet=outlet_from_url(url) or page.site_name,
        url=url,
        published=page.date,
        source_path=path,
        locator=locator,
        fmt=fmt,
    )
    if page.site_name:
        doc.meta["site_name"] = page.site_name
    return doc


@dataclass(slots=True, frozen=True)
class PageMeta:
    title: str | None
    site_name: str | None
    url: str | None
    date: str | None


def page_metadata(tree: Any) -> PageMeta:
    """Title, site name, canonical address and publication day from a parsed page's head."""
    import htmldate

    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    site_name = metas.get("og:site_name") or metas.get("application-name") or None
    title = (
        metas.get("og:title") or metas.get("twitter:title") or _first_text(tree, "//h1") or _title_tag(tree, site_name)
    )
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    url = metas.get("og:url") or (str(canonical[0]).strip() if canonical else None) or None
    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        found = None
    return PageMeta(_clean(title), _clean(site_name), url, parse_date(found))


def _first_text(tree: Any, xpath: str) -> str | None:
    for element in tree.xpath(xpath):
        text = " ".join(element.text_content().split())
        if text:
            return text
    return None


def _title_tag(tree: Any, site_name: str | None) -> str | None:
    """<title> without the site's name that pages append: "العنوان | الأفق" → "العنوان"."""
    title = _first_text(tree, "//title")
    if not title:
        return None
    parts = re.split(r"\s+[|\-–—:»]\s+", title)
    if len(parts) > 1 and (site_name is None or site_name in parts[-1] or len(parts[-1]) < len(parts[0])):
        return " - ".join(parts[:-1])
    return title


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return " ".join(value.split()) or None


def _parse(html: str) -> Any:
    # lxml refuses str input that declares its encoding; the bytes are decoded already.
    html = _XML_DECLARATION_RE.sub("", html, count=1)
    if not html.strip():
        raise EmptyError("empty HTML page", reason="no_text")
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.LxmlError, ValueError) as err:
        raise FormatError(f"HTML could not be parsed: {err}", reason="bad_html") from err


# Second-level labels under country domains: alriyadh.com.sa → alriyadh.
_SECOND_LEVEL = {"com", "co", "net", "org", "gov", "edu", "ac", "news"}


def outlet_from_url(url: str | None) -> str | None:
    """A short outlet id from a URL's host, as news dumps name outlets: aawsat.com → aawsat.

    Page metadata names one outlet many ways (its Arabic name, its slogan); the host
    name is stable, so the id comes from it and the site name is kept in meta.
    """
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.lower().split(".") if label]
    while labels and labels[0] in ("www", "m", "ar", "amp", "mobile"):
        labels = labels[1:]
    if len(labels) < 2:
        return None
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1]


def _extract(tree: Any, *, url: str | None, fast: bool) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            tree, url=url, fast=fast, with_metadata=False, include_comments=False, include_tables=False
        )
    except (lxml.etree.LxmlError, ValueError, TypeError) as err:
        raise FormatError(f"HTML could not be parsed: {err}", reason="bad_html") from err


def _drop_leading_title(text: str, title: str | None) -> str:
    """trafilatura keeps the page's headline as the first line; the title field has it already."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if first.strip() == title and rest.strip():
        return rest
    return text


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content), one line per block."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for element in root.iter(*_BLOCKS):
        # A break on both sides: "الوفد<p>بدأت" must not read "الوفدبدأت".
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
