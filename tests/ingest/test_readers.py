"""Readers: HTML pages and fragments, plain-text articles, RSS and Atom (with fetching), WARC."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from masar.doc import Doc, Skip
from masar.errors import EmptyError, FetchError
from masar.ingest.feeds import Fetcher, read_feed
from masar.ingest.html import charset_from_meta, fragment_to_text, read_html_page
from masar.ingest.pipeline import IngestOptions, read_input
from masar.ingest.text import read_text_article
from masar.ingest.warc import read_warc

TITLE = "لافروف: المحادثات مع واشنطن تستأنف في جنيف"
PARAS = [
    "قال وزير الخارجية الروسي سيرغي لافروف أمس الاثنين إن المحادثات مع واشنطن ستستأنف في جنيف الأسبوع المقبل.",
    "وأضاف لافروف في مؤتمر صحفي في موسكو أن الجانبين اتفقا على جدول أعمال يشمل الرقابة على الأسلحة النووية.",
    "ولم يصدر تعليق فوري من الخارجية الأمريكية، فيما رجح دبلوماسيون أن تعقد الجولة الأولى على مستوى الخبراء.",
]
URL = "https://mashreq.example/news/"
DATE = "Mon, 15 Sep 2025 08:00:00 +0300"


def _page(title: str = TITLE, paras: list[str] = PARAS, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}"><title>{title} - شبكة الأفق</title>'
        f'<meta property="og:title" content="{title}"><meta property="og:site_name" content="شبكة الأفق">'
        '<meta property="article:published_time" content="2025-09-15T08:30:00+03:00"></head><body>'
        '<nav><a href="/">الرئيسية</a> | <a href="/world">دولي</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة © 2025</footer></body></html>"
    )


def test_read_html_page() -> None:
    doc = read_html_page(_page(), path="lavrov.html")
    assert (doc.title, doc.outlet, doc.published, doc.fmt) == (TITLE, "شبكة الأفق", "2025-09-15", "html")
    assert doc.text.splitlines() == PARAS  # headline line dropped, nav and footer gone
    assert doc.source_path == "lavrov.html"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><div> </div><script>var a;</script></body></html>",
    ],
    ids=["empty body", "only a script"],
)
def test_html_without_text_is_empty_error(html: str) -> None:
    with pytest.raises(EmptyError) as caught:
        read_html_page(html, path="empty.html")
    assert (caught.value.reason, caught.value.code) == ("no_text", "M015")


FRAGMENTS = [
    ("paragraphs", "<p>وصل الوفد إلى <b>جنيف</b>.</p><p>وبدأت المحادثات.</p>", "وصل الوفد إلى جنيف.\nوبدأت المحادثات."),
    ("line breaks and list items", "أولا<br>ثانيا<br><ul><li>دمشق</li><li>بيروت</li></ul>", "أولا\nثانيا\nدمشق\nبيروت"),
    ("script and style dropped", "<p>نص</p><script>var x = 1;</script><style>p{}</style>", "نص"),
    ("spaces collapsed", "<div>  وصل   الوفد \n\n إلى جنيف </div>", "وصل الوفد\nإلى جنيف"),
    ("no markup", "  وصل الوفد إلى جنيف  ", "وصل الوفد إلى جنيف"),
    ("entities", "<p>الأمم المتحدة &amp; الجامعة العربية</p>", "الأمم المتحدة & الجامعة العربية"),
]


@pytest.mark.parametrize(("fragment", "text"), [r[1:] for r in FRAGMENTS], ids=[r[0] for r in FRAGMENTS])
def test_fragment_to_text(fragment: str, text: str) -> None:
    assert fragment_to_text(fragment) == text


@pytest.mark.parametrize(
    "fragment",
    ["وصل الوفد<p>بدأت المحادثات</p>", "<div>مقدمة<p>فقرة أولى</p></div>", "ثانيا<ul><li>دمشق</li></ul>"],
    ids=["text then paragraph", "text then paragraph in a div", "text then list"],
)
def test_text_before_a_block_is_not_glued_to_it(fragment: str) -> None:
    assert len(fragment_to_text(fragment).splitlines()) == 2


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="windows-1256">', "windows-1256"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">', "iso-8859-6"),
        (b"<meta name='x'>", None),
        (b" " * 3000 + b'<meta charset="windows-1256">', None),
    ],
    ids=["meta charset", "http-equiv", "none", "past the first 2 KB"],
)
def test_charset_from_meta(head: bytes, charset: str | None) -> None:
    assert charset_from_meta(head) == charset


HEADLINE = "لافروف يعلن استئناف المحادثات مع واشنطن في جنيف"
BODY = "قال وزير الخارجية الروسي سيرغي لافروف أمس إن المحادثات مع واشنطن ستستأنف في جنيف."
HEADLINES = [
    ("headline first", f"{HEADLINE}\n{BODY}", HEADLINE),
    ("after a section trail and a credit", f"دولي - سوريا - لبنان\nالأفق – (خاص)\n{HEADLINE}\n{BODY}", HEADLINE),
    ("the fullest short line", f"أخبار روسيا والعالم اليوم\n{HEADLINE}\n{BODY}", HEADLINE),
    ("a dateline is not a headline", f"الخميس 18 أيلول 2025 وكالة المشرق للأنباء\n{BODY}", None),
    ("a sentence is not a headline", f"{BODY}\nوأضاف أن الوفد جاهز.", None),
    ("a single line is the article", HEADLINE, None),
]


@pytest.mark.parametrize(("text", "title"), [r[1:] for r in HEADLINES], ids=[r[0] for r in HEADLINES])
def test_read_text_article_headline(text: str, title: str | None) -> None:
    doc = read_text_article(text, path="a.txt")
    assert doc.title == title
    assert BODY in doc.text or doc.text == HEADLINE
    if title:
        assert title not in doc.text.splitlines()


def test_read_text_article_keeps_trail_credit_and_dateline_in_the_body() -> None:
    text = f"دولي - روسيا\nالأفق – (خاص)\n{HEADLINE}\nموسكو - 15 سبتمبر 2025\n{BODY}\n"
    doc = read_text_article(text, path="a.txt")
    assert doc.text.splitlines() == ["دولي - روسيا", "الأفق – (خاص)", "موسكو - 15 سبتمبر 2025", BODY]
    assert doc.fmt == "text"


def _rss(links: list[str], *, extra: str = "<description>ملخص</description>", date: str = DATE) -> bytes:
    entries = "".join(
        f"<item><title>عنوان الخلاصة {n}</title><link>{link}</link><guid>{link}#g</guid><pubDate>{date}</pubDate>"
        f"{extra}</item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>وكالة المشرق</title><link>https://mashreq.example/</link>{entries}</channel></rss>"
    ).encode()


def test_read_rss_prefers_full_content() -> None:
    content = (
        "<description>ملخص قصير</description><content:encoded><![CDATA["
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + "]]></content:encoded>"
    )
    (doc,) = read_feed(_rss([URL + "1"], extra=content), path="m.rss")
    assert isinstance(doc, Doc)
    assert (doc.title, doc.url, doc.id) == ("عنوان الخلاصة 0", URL + "1", URL + "1#g")
    assert (doc.published, doc.fmt, doc.locator) == ("2025-09-15", "feed", URL + "1")
    assert doc.text.splitlines() == PARAS


def test_read_atom_summary() -> None:
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>النهار العربي</title>'
        "<id>urn:annahar</id><updated>2025-10-04T09:00:00Z</updated><entry><title>المبعوث الأممي يزور دمشق</title>"
        '<link href="https://annahar.example/a/7"/><id>urn:annahar:7</id><updated>2025-10-04T09:00:00Z</updated>'
        '<published>2025-10-03T18:30:00Z</published><summary type="html">&lt;p&gt;وصل المبعوث الأممي إلى سوريا '
        "إلى دمشق في زيارة تستمر يومين.&lt;/p&gt;</summary></entry></feed>"
    )
    (doc,) = read_feed(atom.encode(), path="n.atom")
    assert isinstance(doc, Doc)
    assert (doc.title, doc.id, doc.published) == ("المبعوث الأممي يزور دمشق", "urn:annahar:7", "2025-10-03")
    assert doc.url == "https://annahar.example/a/7"
    assert doc.text == "وصل المبعوث الأممي إلى سوريا إلى دمشق في زيارة تستمر يومين."


def test_unreadable_feed_is_a_skip() -> None:
    (skip,) = read_feed("هذا ليس خلاصة <<<".encode(), path="broken.rss")
    assert isinstance(skip, Skip) and (skip.reason, skip.code) == ("bad_feed", "M018")


def test_feed_date_is_the_local_day() -> None:
    data = _rss([URL + "9"], date="Tue, 16 Sep 2025 01:30:00 +0300")
    assert [d.published for d in read_feed(data, path="m.rss")] == ["2025-09-16"]


def _serve(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/news/1":
        body = _page(charset="windows-1256").encode("cp1256")
        return httpx.Response(200, content=body, headers={"content-type": "text/html; charset=windows-1256"})
    if request.url.path == "/news/3":
        return httpx.Response(200, content=b"<html><body></body></html>", headers={"content-type": "text/html"})
    return httpx.Response(404, content=b"not found")


def test_fetched_pages_replace_summaries() -> None:
    fetcher = Fetcher(timeout_s=5, max_bytes=100_000, delay_s=0, transport=httpx.MockTransport(_serve)).load()
    try:
        page, missing, empty = read_feed(_rss([URL + "1", URL + "2", URL + "3"]), path="m.rss", fetcher=fetcher)
    finally:
        fetcher.close()
    assert isinstance(page, Doc)  # a windows-1256 page, decoded by its declared charset
    assert (page.fmt, page.title, page.id, page.published) == ("feed+page", TITLE, URL + "1#g", "2025-09-15")
    assert page.text.splitlines() == PARAS
    assert isinstance(missing, Skip) and (missing.locator, missing.reason, missing.code) == (
        URL + "2",
        "http_error",
        "M050",
    )
    assert isinstance(empty, Skip) and (empty.locator, empty.reason) == (URL + "3", "no_text")


def test_fetcher_maps_transport_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    fetcher = Fetcher(timeout_s=5, max_bytes=1000, delay_s=0, transport=httpx.MockTransport(refuse))
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.get("https://down.example/a")
    finally:
        fetcher.close()
    assert caught.value.reason == "fetch_failed"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        pages = {"/page": _page().encode(), "/big": _page(paras=PARAS * 200).encode()}
        body = pages.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_fetch_from_a_local_server(local_site: str) -> None:
    links = [f"{local_site}/page", f"{local_site}/missing", f"{local_site}/big"]
    data = _rss(links)
    # an explicit transport also keeps proxy settings from the environment out of the test
    fetcher = Fetcher(timeout_s=5, max_bytes=20_000, delay_s=0, transport=httpx.HTTPTransport()).load()
    try:
        page, missing, big = read_feed(data, path="local.rss", fetcher=fetcher)
    finally:
        fetcher.close()
    assert isinstance(page, Doc) and page.text.splitlines() == PARAS and page.url == links[0]
    assert isinstance(missing, Skip) and (missing.locator, missing.reason) == (links[1], "http_error")
    assert isinstance(big, Skip) and (big.locator, big.reason, big.code) == (links[2], "too_large", "M050")


def _warc(*, gz: bool = True) -> bytes:
    """Two HTML responses and an image, with fixed ids and dates so the bytes never change."""
    records = [
        ("https://alofoq.example/a/1", "text/html; charset=utf-8", _page().encode()),
        ("https://alofoq.example/a/2", "text/html", _page("المبعوث الأممي يصل إلى دمشق", PARAS[::-1]).encode()),
        ("https://alofoq.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300)),
    ]
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, (uri, content_type, body) in enumerate(records):
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        ids = {
            "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{n}>",
            "WARC-Date": "2025-09-15T08:00:00Z",
        }
        payload = io.BytesIO(body)
        record = writer.create_warc_record(
            uri, "response", payload, len(body), http_headers=http, warc_headers_dict=ids
        )
        writer.write_record(record)
    return out.getvalue()


def test_read_warc() -> None:
    docs = list(read_warc(_warc(), path="crawl.warc.gz", max_record_bytes=1_000_000))
    assert [(d.url, d.title, d.fmt) for d in docs] == [
        ("https://alofoq.example/a/1", TITLE, "warc"),
        ("https://alofoq.example/a/2", "المبعوث الأممي يصل إلى دمشق", "warc"),
    ]
    assert docs[0].text.splitlines() == PARAS and docs[0].meta["warc_date"] == "2025-09-15T08:00:00Z"


def test_warc_record_over_the_cap_is_a_skip() -> None:
    items = list(read_warc(_warc(gz=False), path="crawl.warc", max_record_bytes=500))
    assert [(s.locator, s.reason) for s in items] == [
        ("https://alofoq.example/a/1", "too_large"),
        ("https://alofoq.example/a/2", "too_large"),
    ]


def test_warc_cut_inside_the_next_record_header() -> None:
    data = _warc(gz=False)
    cut = data.index(b"WARC/1.0", 10) + 4
    doc, skip = read_warc(data[:cut], path="crawl.warc", max_record_bytes=1_000_000)
    assert isinstance(doc, Doc) and doc.url == "https://alofoq.example/a/1"
    assert isinstance(skip, Skip)
    assert (skip.reason, skip.code, skip.locator) == ("truncated_warc", "M020", "after record 1")


def _read_half(how: str) -> list[Doc | Skip]:
    data = _warc(gz=how != "warc via read_warc")
    half = data[: len(data) // 2]
    if how == "warc.gz via read_input":
        return list(read_input("crawl.warc.gz", half, options=IngestOptions()))
    return list(read_warc(half, path="crawl.warc.gz", max_record_bytes=1_000_000))


@pytest.mark.parametrize("how", ["warc.gz via read_warc", "warc.gz via read_input", "warc via read_warc"])
def test_warc_cut_in_half_keeps_the_first_record_and_records_one_skip(how: str) -> None:
    items = _read_half(how)
    assert [d.url for d in items if isinstance(d, Doc)] == ["https://alofoq.example/a/1"]
    assert [s.reason for s in items if isinstance(s, Skip)] == ["truncated_warc"]
