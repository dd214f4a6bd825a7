"""The default store: one SQLite file in WAL mode, written in idempotent batches.

Every write is an upsert keyed by the article id, and each batch is one
transaction, so a run killed at any moment loses only its open batch and a rerun
adds exactly what is missing. SQL is always parameterised.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from masar.arabic.tokens import index_terms, query_terms
from masar.doc import AnchorDate, Doc, Mention, Skip
from masar.errors import ConfigError, StoreError
from masar.store._schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["Store", "StoredArticle", "BatchResult", "SearchHit"]


@dataclass(slots=True)
class StoredArticle:
    """A cleaned article ready to write, with the hash of the input it came from."""

    doc: Doc
    content_hash: str
    skipped_stages: dict[str, str]


@dataclass(slots=True)
class BatchResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(slots=True, frozen=True)
class SearchHit:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    score: float


# Mention's fields in the order article_mentions() selects them (after article_seq).
_MENTION_FIELDS = (
    "text",
    "start",
    "end",
    "type",
    "id",
    "name_ar",
    "name_en",
    "country",
    "sector",
    "role",
    "lat",
    "lon",
    "geonames_id",
    "key",
    "primary",
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A Masar database. Open it with ``Store.open(path)``; close it when done."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        path = str(path)
        if path != ":memory:" and not create and not Path(path).exists():
            raise StoreError(f"no Masar database at {path}; create one with `masar ingest … --db {path}`", code="M031")
        try:
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            store = cls(conn, path)
            store._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot open {path} as a Masar database: {err}", code="M032") from err
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer Masar (schema {version} > {SCHEMA_VERSION}); upgrade masar",
                code="M033",
            )
        for number in range(version, SCHEMA_VERSION):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                self.conn.execute("ROLLBACK")
                raise

    # -- writing -----------------------------------------------------------------

    def known_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """content_hash of each of these ids already stored."""
        ids = list(ids)
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk)
            found.update(dict(rows.fetchall()))
        return found

    def write_batch(
        self,
        articles: list[StoredArticle],
        skips: list[Skip],
        *,
        outlet_lines: dict[tuple[str, str], tuple[str, int]] | None = None,
        known_ids: set[str] | None = None,
    ) -> BatchResult:
        """Upsert articles, record skips and learnt-line counts, in one transaction.

        ``known_ids``, when given, are the ids of this batch already in the store
        (from ``known_hashes``); the others are inserted without a lookup.
        """
        result = BatchResult()
        now = _now()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for art in articles:
                self._upsert(art, now, result, known_ids)
            self._record_skips(skips, now)
            if outlet_lines:
                self.conn.executemany(
                    "INSERT INTO outlet_lines(outlet, line_key, line, articles) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(outlet, line_key) DO UPDATE SET articles = articles + excluded.articles",
                    [(o, k, line, n) for (o, k), (line, n) in outlet_lines.items()],
                )
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"writing to {self.path} failed: {err}", code="M034") from err
        return result

    def _upsert(self, art: StoredArticle, now: str, result: BatchResult, known: set[str] | None) -> None:
        doc = art.doc
        anchor = doc.anchor_date
        row = None
        if known is None or doc.id in known:
            row = self.conn.execute(
                "SELECT seq, content_hash, version, title, outlet, url, published, text, meta "
                "FROM articles WHERE id = ?",
                (doc.id,),
            ).fetchone()
        values = (
            art.content_hash,
            doc.title,
            doc.outlet,
            doc.url,
            doc.published,
            anchor.value if anchor else None,
            anchor.source if anchor else None,
            doc.text,
            doc.lang,
            doc.fmt,
            doc.source_path,
            doc.locator,
            json.dumps(doc.meta, ensure_ascii=False, default=str),
        )
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO articles(id, content_hash, title, outlet, url, published, anchor_date, "
                "anchor_source, text, lang, fmt, source_path, locator, meta, ingested_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, *values, now, now),
            )
            seq = cur.lastrowid
            result.added += 1
        else:
            seq, old_hash, version, *old = row
            if old_hash == art.content_hash:
                result.unchanged += 1
                return
            self.conn.execute(
                "INSERT OR REPLACE INTO article_versions(article_id, version, content_hash, title, outlet, "
                "url, published, text, meta, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, version, old_hash, *old, now),
            )
            self._unindex(seq, old[0], old[4])
            self.conn.execute(
                "UPDATE articles SET content_hash=?, title=?, outlet=?, url=?, published=?, anchor_date=?, "
                "anchor_source=?, text=?, lang=?, fmt=?, source_path=?, locator=?, meta=?, "
                "version=version+1, updated_at=?, grouped=0, story=NULL, duplicate_of=NULL, copy_group=NULL, "
                "entities_version=0 "
                "WHERE seq=?",
                (*values, now, seq),
            )
            # Changed text: its copies and story are found again by the next grouping.
            self.conn.execute("DELETE FROM copy_bands WHERE seq = ?", (seq,))
            self.conn.execute("DELETE FROM mentions WHERE article_seq = ?", (seq,))
            self.conn.execute("DELETE FROM stage_skips WHERE article_id = ?", (doc.id,))
            result.updated += 1
        self.conn.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
            (seq, index_terms(doc.title or ""), index_terms(doc.text)),
        )
        if doc.mentions is not None:
            self._write_mentions(int(seq or 0), doc.mentions, version=1)
        if art.skipped_stages:
            self.conn.executemany(
                "INSERT OR REPLACE INTO stage_skips(article_id, stage, reason) VALUES (?, ?, ?)",
                [(doc.id, stage, reason) for stage, reason in art.skipped_stages.items()],
            )

    def _write_mentions(self, seq: int, mentions: list[Mention], *, version: int) -> None:
        self.conn.execute("DELETE FROM mentions WHERE article_seq = ?", (seq,))
        self.conn.executemany(
            "INSERT INTO mentions(article_seq, start, stop, text, type, entity_key, entity_id, name_ar, name_en, "
            "country, sector, role, lat, lon, geonames_id, is_primary) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    seq,
                    m.start,
                    m.end,
                    m.text,
                    m.type,
                    m.key,
                    m.id,
                    m.name_ar,
                    m.name_en,
                    m.country,
                    m.sector,
                    m.role,
                    m.lat,
                    m.lon,
                    m.geonames_id,
                    int(m.primary),
                )
                for m in mentions
            ],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO person_names(family, entity_key) VALUES (?, ?)",
            {
                (m.key.rsplit(" ", 1)[1], m.key)
                for m in mentions
                if m.type == "PER" and m.key.startswith("~PER:") and " " in m.key
            },
        )
        self.conn.execute("UPDATE articles SET entities_version = ? WHERE seq = ?", (version, seq))

    def write_entities(self, batch: list[tuple[int, list[Mention]]], *, version: int) -> None:
        """Replace the mentions of these articles (by seq) in one transaction."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for seq, mentions in batch:
                self._write_mentions(seq, mentions, version=version)
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"writing entities to {self.path} failed: {err}", code="M034") from err

    def entities_pending(self, version: int, *, limit: int) -> list[tuple[int, str]]:
        """(seq, text) of Arabic articles whose entities are older than ``version``, in ingest order."""
        rows = self.conn.execute(
            "SELECT seq, text FROM articles WHERE entities_version < ? AND (lang = 'ar' OR lang IS NULL) "
            "ORDER BY seq LIMIT ?",
            (version, limit),
        )
        return list(rows)

    def people_by_family(self, families: Iterable[str]) -> dict[str, list[str]]:
        """Keys of persons the knowledge base lacks whose full name ends with each family name."""
        wanted = sorted(set(families))
        out: dict[str, list[str]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for family, key in self.conn.execute(
                f"SELECT family, entity_key FROM person_names WHERE family IN ({marks})", chunk
            ):
                out.setdefault(family, []).append(key)
        return out

    def entities_version(self) -> int:
        return int(self.conn.execute("SELECT COALESCE(MAX(entities_version), 0) FROM articles").fetchone()[0])

    def article_mentions(self, seqs: list[int], *, primary_only: bool = True) -> dict[int, list[Mention]]:
        """Mentions of these articles (by seq), in text order."""
        out: dict[int, list[Mention]] = {seq: [] for seq in seqs}
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT article_seq, text, start, stop, type, entity_id, name_ar, name_en, country, sector, role, "
                f"lat, lon, geonames_id, entity_key, is_primary FROM mentions WHERE article_seq IN ({marks})"
                + (" AND is_primary = 1" if primary_only else "")
                + " ORDER BY article_seq, start",
                chunk,
            )
            for seq, *values in rows:
                fields = dict(zip(_MENTION_FIELDS, values, strict=True))
                fields["primary"] = bool(fields["primary"])
                out[seq].append(Mention(**fields))
        return out

    def _unindex(self, seq: int, title: str | None, text: str) -> None:
        # A contentless FTS5 table forgets a row when given the same terms it indexed.
        self.conn.execute(
            "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
            (seq, index_terms(title or ""), index_terms(text)),
        )

    def _record_skips(self, skips: list[Skip], now: str) -> None:
        self.conn.executemany(
            "INSERT INTO skips(path, locator, reason, code, message, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path, locator, reason) DO UPDATE SET "
            "message = excluded.message, code = excluded.code, last_seen = excluded.last_seen, times = times + 1",
            [(s.path, s.locator, s.reason, s.code, s.message, now, now) for s in skips],
        )

    def record_skips(self, skips: list[Skip]) -> None:
        self.write_batch([], skips)

    def learnt_lines(self, outlet: str, *, min_articles: int) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT line_key, line FROM outlet_lines WHERE outlet = ? AND articles >= ?", (outlet, min_articles)
        )
        return dict(rows.fetchall())

    def line_counts(self, outlet: str, keys: Iterable[str]) -> dict[str, int]:
        keys = list(keys)
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT line_key, articles FROM outlet_lines WHERE outlet = ? AND line_key IN ({marks})",
            (outlet, *keys),
        )
        return dict(rows.fetchall())

    def rebuild_search_index(self) -> int:
        """Re-index every article from its stored text (after the index rules change)."""
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
        count = 0
        for seq, title, text in self.conn.execute("SELECT seq, title, text FROM articles").fetchall():
            self.conn.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
                (seq, index_terms(title or ""), index_terms(text)),
            )
            count += 1
        self.conn.execute("COMMIT")
        return count

    # -- runs --------------------------------------------------------------------

    def start_run(self, inputs: list[str]) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs(started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs, ensure_ascii=False))
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, added: int, updated: int, unchanged: int, refused: int, status: str) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at=?, added=?, updated=?, unchanged=?, refused=?, status=? WHERE id=?",
            (_now(), added, updated, unchanged, refused, status, run_id),
        )

    # -- reading -----------------------------------------------------------------

    def iter_articles(self) -> Iterator[dict[str, Any]]:
        """Every stored article as a dict, in ingest order."""
        cur = self.conn.execute(
            "SELECT id, title, outlet, url, published, anchor_date, anchor_source, text, lang, meta, version, "
            "duplicate_of, story, seq FROM articles ORDER BY seq"
        )
        for row in cur:
            (id_, title, outlet, url, published, anchor, anchor_source, text, lang, meta, version, dup, story, seq) = (
                row
            )
            yield {
                "seq": seq,
                "id": id_,
                "title": title,
                "outlet": outlet,
                "url": url,
                "published": published,
                "anchor_date": AnchorDate(anchor, anchor_source).as_dict() if anchor else None,
                "text": text,
                "lang": lang,
                "version": version,
                "duplicate_of": dup,
                "story": story,
                "meta": json.loads(meta),
            }

    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            "SELECT version, title, text, replaced_at FROM article_versions WHERE article_id=? ORDER BY version",
            (article_id,),
        )
        return [dict(zip(("version", "title", "text", "replaced_at"), row, strict=True)) for row in cur]

    def skips(self, *, limit: int | None = None) -> list[Skip]:
        sql = "SELECT path, locator, reason, code, message FROM skips ORDER BY id"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [Skip(*row) for row in self.conn.execute(sql, params)]

    def stage_skips(self) -> dict[tuple[str, str], int]:
        rows = self.conn.execute("SELECT stage, reason, COUNT(*) FROM stage_skips GROUP BY stage, reason")
        return {(stage, reason): n for stage, reason, n in rows}

    def stats(self) -> dict[str, Any]:
        one = self.conn.execute
        articles, outlets, first, last = one(
            "SELECT COUNT(*), COUNT(DISTINCT outlet), MIN(published), MAX(published) FROM articles"
        ).fetchone()
        return {
            "articles": articles,
            "outlets": outlets,
            "first_published": first,
            "last_published": last,
            "undated": one("SELECT COUNT(*) FROM articles WHERE published IS NULL").fetchone()[0],
            "by_outlet": one(
                "SELECT COALESCE(outlet, '(unknown)'), COUNT(*) FROM articles GROUP BY outlet ORDER BY 2 DESC, 1"
            ).fetchall(),
            "by_lang": one(
                "SELECT COALESCE(lang, 'und'), COUNT(*) FROM articles GROUP BY lang ORDER BY 2 DESC"
            ).fetchall(),
            "by_anchor_source": one(
                "SELECT COALESCE(anchor_source, 'none'), COUNT(*) FROM articles GROUP BY anchor_source ORDER BY 2 DESC"
            ).fetchall(),
            "earlier_versions": one("SELECT COUNT(*) FROM article_versions").fetchone()[0],
            "skips_by_reason": one("SELECT reason, COUNT(*) FROM skips GROUP BY reason ORDER BY 2 DESC").fetchall(),
            "stage_skips": sorted(self.stage_skips().items()),
            "runs": one("SELECT COUNT(*) FROM runs").fetchone()[0],
            "copies": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "copy_groups": one(
                "SELECT COUNT(DISTINCT copy_group) FROM articles WHERE copy_group IS NOT NULL"
            ).fetchone()[0],
            "stories": one("SELECT COUNT(DISTINCT story) FROM articles WHERE story IS NOT NULL").fetchone()[0],
            "stories_multi": one(
                "SELECT COUNT(*) FROM (SELECT story FROM articles WHERE story IS NOT NULL "
                "GROUP BY story HAVING COUNT(*) > 1)"
            ).fetchone()[0],
            "chains": one("SELECT COUNT(DISTINCT chain) FROM stories WHERE chain IS NOT NULL").fetchone()[0],
            "ungrouped": one("SELECT COUNT(*) FROM articles WHERE grouped = 0").fetchone()[0],
            "mentions": one("SELECT COUNT(*) FROM mentions").fetchone()[0],
            "entities": one("SELECT COUNT(DISTINCT entity_key) FROM mentions").fetchone()[0],
            "entities_known": one("SELECT COUNT(DISTINCT entity_id) FROM mentions").fetchone()[0],
            "entities_pending": one(
                "SELECT COUNT(*) FROM articles WHERE entities_version = 0 AND (lang = 'ar' OR lang IS NULL)"
            ).fetchone()[0],
            "schema_version": one("PRAGMA user_version").fetchone()[0],
        }

    def search(
        self,
        query: str,
        *,
        limit: int,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        max_query_chars: int = 500,
    ) -> list[SearchHit]:
        """Articles matching every word of query (normalised, clitics ignored), best first."""
        if len(query) > max_query_chars:
            raise ConfigError(f"query longer than {max_query_chars} characters", code="M042")
        terms = query_terms(query)
        if not terms:
            raise ConfigError("the query has no words to search for", code="M043")
        match = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        sql = (
            "SELECT a.id, a.title, a.outlet, a.published, a.text, bm25(articles_fts, 2.0, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ?"
        )
        params: list[Any] = [match]
        if outlet:
            sql += " AND a.outlet = ? COLLATE NOCASE"
            params.append(outlet)
        if since:
            sql += " AND a.published >= ?"
            params.append(since)
        if until:
            sql += " AND a.published <= ?"
            params.append(until)
        sql += " ORDER BY score LIMIT ?"
        params.append(limit)
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            raise ConfigError(f"search failed: {err}", code="M044") from err
        return [SearchHit(*row) for row in rows]


def _statements(script: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our DDL strings)."""
    return [part.strip() for part in script.split(";") if part.strip()]
