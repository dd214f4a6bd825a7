"""The ingest run: inputs → records → clean articles with dates and language → store.

Work goes in batches (settings.batch_size), each one transaction. Before cleaning,
each record's input hash is checked against the store, so a rerun after a kill
skips what is already in and adds only the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from masar.arabic.langid import LanguageIdentifier
from masar.copies.grouping import GroupingReport, group_pending
from masar.doc import Doc, Skip
from masar.errors import EmptyError, MasarError, TooLargeError
from masar.ingest import boilerplate
from masar.ingest._encoding import decode
from masar.ingest.dates import publication_anchor
from masar.ingest.feeds import Fetcher, read_feed
from masar.ingest.html import charset_from_meta, read_html_page
from masar.ingest.records import read_json_array, read_json_lines
from masar.ingest.sources import discover, read_bytes, sniff_format
from masar.ingest.text import read_text_article
from masar.ingest.warc import read_warc
from masar.settings import Settings
from masar.store.sqlite import Store, StoredArticle

if TYPE_CHECKING:  # the entities stage loads its model only when a run uses it
    from masar.entities.extract import Extractor

__all__ = ["IngestOptions", "IngestReport", "ingest", "read_input", "prepare"]


@dataclass(slots=True, frozen=True)
class IngestOptions:
    field_map: dict[str, str] = field(default_factory=dict)
    fetch: bool = False
    default_outlet: str | None = None  # for records that name no outlet (plain text files)
    stories: bool = True  # group copies and stories at the end of the run
    entities: bool = True  # find entities and places in each Arabic article as it is stored
    actors: tuple[Path, ...] = ()  # the user's knowledge-base additions (CSV or TSV)
    places: tuple[Path, ...] = ()
    settings: Settings = field(default_factory=Settings)


@dataclass(slots=True)
class IngestReport:
    inputs: int = 0
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Skip] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    grouping: GroupingReport | None = None


Progress = Callable[[str, int], None]


def ingest(
    specs: list[str],
    store: Store,
    *,
    options: IngestOptions,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
    language: LanguageIdentifier | None = None,
) -> IngestReport:
    """Read every input named by specs into store; refusals are recorded, never raised."""
    cfg = options.settings
    report = IngestReport()
    language = language or LanguageIdentifier()
    if options.fetch and fetcher is None:
        fetcher = Fetcher(cfg.fetch_timeout_s, cfg.fetch_max_bytes, cfg.fetch_delay_s).load()
    extractor = entity_extractor(options)
    run_id = store.start_run(specs)
    status = "failed"
    try:
        batch: list[Doc] = []
        skips: list[Skip] = []
        for item in _records(specs, options=options, fetcher=fetcher, report=report):
            if isinstance(item, Skip):
                skips.append(item)
                report.refused.append(item)
                continue
            report.records += 1
            batch.append(item)
            if len(batch) >= cfg.batch_size:
                _write(batch, skips, store, cfg=cfg, language=language, report=report, extractor=extractor)
                if progress:
                    progress("articles", len(batch))
                batch, skips = [], []
        _write(batch, skips, store, cfg=cfg, language=language, report=report, extractor=extractor)
        if progress and batch:
            progress("articles", len(batch))
        if options.stories:
            report.grouping = group_pending(store, progress=progress)
        status = "done"
    finally:
        store.finish_run(
            run_id,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            refused=len(report.refused),
            status=status,
        )
        if fetcher is not None and options.fetch:
            fetcher.close()
    return report


def entity_extractor(options: IngestOptions) -> Extractor | None:
    """The entities stage for this run: the shipped one, or one with the user's additions."""
    if not options.entities:
        return None
    from masar.entities.extract import extractor_for

    return extractor_for(options.actors, options.places)


def _records(
    specs: list[str], *, options: IngestOptions, fetcher: Fetcher | None, report: IngestReport
) -> Iterator[Doc | Skip]:
    for item in discover(specs):
        if isinstance(item, Skip):
            yield item
            continue
        report.inputs += 1
        try:
            data = read_bytes(item, limit=options.settings.max_input_bytes)
        except OSError as err:
            yield Skip(item.name, "", "unreadable", "M011", f"cannot read: {err.strerror or err}")
            continue
        for record in read_input(item.name, data, options=options, fetcher=fetcher):
            if isinstance(record, Doc):
                report.formats[record.fmt] += 1
                record.outlet = record.outlet or options.default_outlet
            yield record


def read_input(
    name: str, data: bytes, *, options: IngestOptions, fetcher: Fetcher | None = None
) -> Iterator[Doc | Skip]:
    """Every record in one input's bytes, or the reason it has none."""
    cfg = options.settings
    try:
        if len(data) > cfg.max_input_bytes:
            raise TooLargeError(
                f"over the {cfg.max_input_bytes:,}-byte cap (raise it with --max-bytes)", reason="too_large"
            )
        if not data.strip():
            raise EmptyError("empty file", reason="empty_input")
        fmt = sniff_format(data, None, name)
        if fmt == "zip":
            yield from _read_zip(name, data, options=options, fetcher=fetcher)
            return
        if fmt == "warc":
            yield from read_warc(
                _gunzip(data) if data[:2] == b"\x1f\x8b" else data, path=name, max_record_bytes=cfg.max_input_bytes
            )
            return
        if fmt == "gzip":
            raise EmptyError("a gzip file that is not a WARC; unpack it first", reason="unsupported_format")
        text, _ = decode(data, declared=charset_from_meta(data), name=name)
        fmt = sniff_format(data, text[:2000], name)
        if fmt == "jsonl":
            yield from read_json_lines(text, path=name, field_map=options.field_map)
        elif fmt == "json":
            yield from read_json_array(text, path=name, field_map=options.field_map)
        elif fmt == "feed":
            yield from read_feed(text.encode("utf-8"), path=name, fetcher=fetcher if options.fetch else None)
        elif fmt == "html":
            yield read_html_page(text, path=name)
        elif fmt == "xml":
            raise EmptyError("XML that is neither RSS nor Atom", reason="unsupported_format")
        else:
            yield read_text_article(text, path=name)
    except MasarError as err:
        yield Skip(name, "", err.reason, err.code, err.message)


def _gunzip(data: bytes) -> bytes:
    """Decompress what can be decompressed; a truncated tail is left for the WARC reader to report."""
    import zlib

    out = bytearray()
    rest = data
    while rest[:2] == b"\x1f\x8b":
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decomp.decompress(rest)
        except zlib.error:
            break
        if not decomp.eof:
            out += b"\x00TRUNCATED"  # makes the WARC reader stop with an error at this point
            break
        rest = decomp.unused_data
    return bytes(out)


def _read_zip(name: str, data: bytes, *, options: IngestOptions, fetcher: Fetcher | None) -> Iterator[Doc | Skip]:
    cap = options.settings.max_input_bytes
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        yield Skip(name, "", "bad_zip", "M014", f"damaged ZIP archive: {err}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or info.filename.rsplit("/", 1)[-1].startswith((".", "_")):
                continue
            member = f"{name}!{info.filename}"
            if info.file_size > cap:
                yield Skip(member, "", "too_large", "M013", f"over the {cap:,}-byte cap (raise it with --max-bytes)")
                continue
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError) as err:
                yield Skip(member, "", "bad_zip", "M014", f"cannot extract: {err}")
                continue
            yield from read_input(member, content, options=options, fetcher=fetcher)


def input_hash(doc: Doc) -> str:
    """Hash of a record as read: the same input twice has the same hash."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (doc.title, doc.text, doc.html, doc.url, doc.outlet, doc.published):
        # Length-prefixed, so None, "" and one field's end running into the next stay apart.
        data = b"" if part is None else part.encode("utf-8", "surrogatepass")
        digest.update((-1 if part is None else len(data)).to_bytes(8, "big", signed=True) + data)
    if doc.meta:
        digest.update(
            json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8", "surrogatepass")
        )
    return digest.hexdigest()


def derived_id(doc: Doc, content_hash: str) -> str:
    """An id for a record that brought none: its source (URL, or outlet and file name) and content."""
    source = doc.url or f"{doc.outlet or ''}|{doc.source_path.rsplit('/', 1)[-1]}"
    digest = hashlib.blake2b(f"{source}\x00{content_hash}".encode("utf-8", "surrogatepass"), digest_size=8)
    return "m-" + digest.hexdigest()


def prepare(doc: Doc, *, cfg: Settings) -> Doc | Skip:
    """Turn an embedded-HTML record into text and apply the size limits."""
    if doc.html is not None and not doc.text:
        try:
            page = read_html_page(doc.html, path=doc.source_path, locator=doc.locator, url=doc.url, fmt=doc.fmt)
        except MasarError as err:
            return Skip(doc.source_path, doc.locator, err.reason, err.code, err.message)
        doc.text = page.text
        doc.title = doc.title or page.title
        doc.outlet = doc.outlet or page.outlet
        doc.published = doc.published or page.published
    doc.text = doc.text.replace("\r\n", "\n").replace("\r", "\n")
    if len(doc.text) > cfg.max_article_chars:
        return Skip(
            doc.source_path,
            doc.locator,
            "too_large",
            "M013",
            f"article of {len(doc.text):,} characters, over the {cfg.max_article_chars:,} cap",
        )
    if not doc.text.strip():
        return Skip(doc.source_path, doc.locator, "empty_text", "M015", "the article has no text")
    return doc


def _write(
    docs: list[Doc],
    skips: list[Skip],
    store: Store,
    *,
    cfg: Settings,
    language: LanguageIdentifier,
    report: IngestReport,
    extractor: Extractor | None = None,
) -> None:
    hashes = {}
    for doc in docs:
        digest = input_hash(doc)
        doc.id = doc.id or derived_id(doc, digest)
        hashes[id(doc)] = digest
    known = store.known_hashes(doc.id for doc in docs if doc.id)
    fresh: list[Doc] = []
    for doc in docs:
        if known.get(doc.id or "") == hashes[id(doc)]:
            report.unchanged += 1
        else:
            fresh.append(doc)
    line_counts = _count_edge_lines(fresh, store, cfg=cfg)
    learnt_cache: dict[str, dict[str, str]] = {}
    articles: list[StoredArticle] = []
    for doc in fresh:
        ready = prepare(doc, cfg=cfg)
        if isinstance(ready, Skip):
            skips.append(ready)
            report.refused.append(ready)
            continue
        outlet = doc.outlet or ""
        if outlet not in learnt_cache:
            learnt_cache[outlet] = _learnt(outlet, store, line_counts, cfg=cfg)
        # The dateline is read before cleaning: an outlet's learnt furniture may include it.
        doc.published, doc.anchor_date = publication_anchor(doc.published, doc.text)
        cleaned = boilerplate.remove_boilerplate(doc.text, learnt=learnt_cache[outlet])
        if len(cleaned.text) < cfg.min_article_chars:
            skip = _too_short(doc, cleaned.text, cfg=cfg)
            skips.append(skip)
            report.refused.append(skip)
            continue
        doc.text = cleaned.text
        guess = language.identify(doc.text)
        doc.lang = guess.lang
        skipped = {} if guess.lang == "ar" else {"arabic": "not_arabic"}
        if extractor is not None:
            doc.mentions = extractor.extract_in_store(doc.text, store.people_by_family) if guess.lang == "ar" else []
        articles.append(StoredArticle(doc, hashes[id(doc)], skipped))
    pending = {(o, k): v for (o, k), v in line_counts.items() if v[1] > 0}
    # Ids seen earlier in this batch count as known: the same id twice in one input updates.
    seen = set(known)
    known_ids = set()
    for art in articles:
        if art.doc.id in seen:
            known_ids.add(art.doc.id or "")
        seen.add(art.doc.id or "")
    result = store.write_batch(articles, skips, outlet_lines=pending, known_ids=known_ids)
    report.added += result.added
    report.updated += result.updated
    report.unchanged += result.unchanged


def _too_short(doc: Doc, cleaned: str, *, cfg: Settings) -> Skip:
    if len(doc.text.strip()) < cfg.min_article_chars:
        return Skip(
            doc.source_path,
            doc.locator,
            "too_short",
            "M015",
            f"article of {len(doc.text.strip())} characters, under the {cfg.min_article_chars} minimum",
        )
    return Skip(
        doc.source_path,
        doc.locator,
        "boilerplate_only",
        "M015",
        f"only {len(cleaned)} characters left after removing page furniture",
    )


def _count_edge_lines(docs: Iterable[Doc], store: Store, *, cfg: Settings) -> dict[tuple[str, str], tuple[str, int]]:
    """New counts of each outlet's edge lines in this batch: (outlet, key) → (line, articles)."""
    counts: dict[tuple[str, str], tuple[str, int]] = {}
    for doc in docs:
        if not doc.outlet or not doc.text:
            continue
        keys = {}
        for line in boilerplate.edge_lines(doc.text, max_chars=cfg.learn_max_line_chars):
            keys[boilerplate.line_key(line)] = line
        for key, line in keys.items():
            _, n = counts.get((doc.outlet, key), (line, 0))
            counts[(doc.outlet, key)] = (line, n + 1)
    return counts


def _learnt(
    outlet: str, store: Store, batch_counts: dict[tuple[str, str], tuple[str, int]], *, cfg: Settings
) -> dict[str, str]:
    """Lines learnt as this outlet's furniture: stored counts plus this batch's."""
    if not outlet:
        return {}
    learnt = store.learnt_lines(outlet, min_articles=cfg.learn_min_articles)
    mine = {key: value for (o, key), value in batch_counts.items() if o == outlet}
    stored = store.line_counts(outlet, mine)
    for key, (line, n) in mine.items():
        if stored.get(key, 0) + n >= cfg.learn_min_articles:
            learnt[key] = line
    return learnt
