"""The SQLite store: idempotent upserts, versions, skips, search, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from masar.doc import AnchorDate, Doc, Skip
from masar.errors import ConfigError, StoreError
from masar.store import Store, StoredArticle
from masar.store._schema import SCHEMA_VERSION


def _art(id_: str, text: str, *, digest: str | None = None, title: str = "عنوان") -> StoredArticle:
    doc = Doc(
        id=id_,
        text=text,
        title=title,
        outlet="alofoq",
        published="2025-09-14",
        anchor_date=AnchorDate("2025-09-14", "metadata"),
        lang="ar",
    )
    return StoredArticle(doc, digest or f"h-{hash(text)}", {})


def test_same_article_twice_adds_nothing(store: Store) -> None:
    first = store.write_batch([_art("a1", "نص الخبر الأول عن إدلب")], [])
    again = store.write_batch([_art("a1", "نص الخبر الأول عن إدلب")], [])
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)
    assert store.stats()["articles"] == 1


def test_changed_content_updates_and_keeps_earlier_version(store: Store) -> None:
    store.write_batch([_art("a1", "النص الأول عن إدلب")], [])
    result = store.write_batch([_art("a1", "النص المعدل عن حلب")], [])
    assert result.updated == 1
    [article] = list(store.iter_articles())
    assert article["text"] == "النص المعدل عن حلب" and article["version"] == 2
    [old] = store.article_versions("a1")
    assert old["text"] == "النص الأول عن إدلب"
    # The search index follows the update: the old word is gone, the new one found.
    assert store.search("حلب", limit=5) and not store.search("إدلب", limit=5)


def test_identical_text_different_ids_stay_two_articles(store: Store) -> None:
    store.write_batch([_art("wire-1", "نص البرقية نفسه"), _art("wire-2", "نص البرقية نفسه")], [])
    assert store.stats()["articles"] == 2


def test_skips_are_recorded_once_per_path_and_reason(store: Store) -> None:
    skip = Skip("bad.bin", "", "binary_input", "M014", "binary data")
    store.record_skips([skip])
    store.record_skips([skip])
    assert store.skips() == [skip]
    assert store.conn.execute("SELECT times FROM skips").fetchone()[0] == 2


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ادلب", True),  # hamza-less query finds إدلب
        ("إدلب", True),
        ("لادلب", True),  # with its preposition, as written
        ("اتفاق", True),  # without ال finds الاتفاق
        ("الإتفاق", True),  # wrong hamza still finds it
        ("حلب", False),
        ("إِدْلِب", True),  # diacritics never matter
    ],
)
def test_search_reads_arabic_as_readers_do(store: Store, query: str, found: bool) -> None:
    store.write_batch([_art("a1", "وصل الوفد لإدلب بعد توقيع الاتفاق مع الجانب التركي")], [])
    assert bool(store.search(query, limit=5)) is found


def test_search_filters_by_outlet_and_dates(store: Store) -> None:
    a = _art("a1", "اجتماع في جنيف")
    b = _art("a2", "اجتماع آخر في جنيف")
    b.doc.outlet, b.doc.published = "sada", "2025-10-01"
    store.write_batch([a, b], [])
    assert [h.id for h in store.search("جنيف", limit=5, outlet="sada")] == ["a2"]
    assert [h.id for h in store.search("جنيف", limit=5, since="2025-09-20")] == ["a2"]
    assert [h.id for h in store.search("جنيف", limit=5, until="2025-09-20")] == ["a1"]


@pytest.mark.parametrize("query", ["", "   ", "،؟!", "x" * 600])
def test_search_refuses_empty_or_huge_queries(store: Store, query: str) -> None:
    with pytest.raises(ConfigError):
        store.search(query, limit=5)


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "* AND -", "'; DROP TABLE articles; --"])
def test_search_queries_are_never_sql_or_fts_syntax(store: Store, query: str) -> None:
    store.write_batch([_art("a1", "نص")], [])
    try:
        store.search(query, limit=5)
    except ConfigError:
        pass
    assert store.stats()["articles"] == 1


def test_rebuild_search_index(store: Store) -> None:
    store.write_batch([_art("a1", "محادثات في الدوحة")], [])
    assert store.rebuild_search_index() == 1
    assert store.search("الدوحه", limit=5)


def test_schema_version_is_recorded_and_newer_schema_refused(tmp_path) -> None:
    path = tmp_path / "x.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert err.value.code == "M033"


def test_not_a_database_is_a_store_error(tmp_path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store.open(path)


def test_missing_database_for_reading(tmp_path) -> None:
    with pytest.raises(StoreError) as err:
        Store.open(tmp_path / "nope.db", create=False)
    assert "masar ingest" in str(err.value)


def test_wal_mode(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
