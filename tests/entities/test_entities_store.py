"""Mentions in the store: written with the article, replaced whole, pending by version, read in text order."""

from __future__ import annotations

import pytest

from masar.doc import AnchorDate, Doc, Mention
from masar.errors import StoreError
from masar.store import Store, StoredArticle

LAVROV = "بحث وزير الخارجية الروسي سيرغي لافروف في موسكو مع نظيره التركي الوضع في إدلب. وقال لافروف إن الحوار مستمر."
RUBIO = "قال وزير الخارجية الأمريكي ماركو روبيو في واشنطن إن بلاده تدعم جهود التهدئة."


def mention(
    text: str, surface: str, kind: str, entity_id: str | None, *, nth: int = 0, primary: bool = True
) -> Mention:
    """The nth occurrence of surface in text as a mention, keyed by its id."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(
        surface,
        start,
        start + len(surface),
        kind,
        entity_id,
        key=entity_id or f"~{kind}:{surface}",
        primary=primary,
    )


def lavrov_mentions() -> list[Mention]:
    return [
        mention(LAVROV, "سيرغي لافروف", "PER", "sergei-lavrov"),
        mention(LAVROV, "موسكو", "GPE", "gn-524901"),
        mention(LAVROV, "إدلب", "GPE", "gn-169389"),
        mention(LAVROV, "لافروف", "PER", "sergei-lavrov", nth=1, primary=False),
    ]


def article(id_: str, text: str, *, mentions: list[Mention] | None, lang: str | None = "ar") -> StoredArticle:
    doc = Doc(
        id=id_,
        text=text,
        outlet="alofoq",
        published="2025-09-14",
        anchor_date=AnchorDate("2025-09-14", "metadata"),
        lang=lang,
        mentions=mentions,
    )
    return StoredArticle(doc, f"h-{id_}-{hash(text)}", {})


def seqs(store: Store) -> dict[str, int]:
    return dict(store.conn.execute("SELECT id, seq FROM articles").fetchall())


def rows(store: Store) -> list[tuple[object, ...]]:
    return store.conn.execute(
        "SELECT article_seq, start, stop, text, type, entity_key, is_primary FROM mentions ORDER BY 1, 2"
    ).fetchall()


def versions(store: Store) -> dict[str, int]:
    return dict(store.conn.execute("SELECT id, entities_version FROM articles").fetchall())


def test_article_written_with_mentions_gets_them_and_version_1(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=lavrov_mentions())], [])
    assert len(rows(store)) == 4
    assert versions(store) == {"a1": 1}


def test_article_written_without_the_stage_is_pending(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=None), article("a2", RUBIO, mentions=[])], [])
    assert rows(store) == []
    # None: the stage did not run (pending); []: it ran and found nothing (done).
    assert versions(store) == {"a1": 0, "a2": 1}
    assert [seq for seq, _ in store.entities_pending(1, limit=10)] == [seqs(store)["a1"]]


def test_write_entities_replaces_and_twice_is_the_same(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=None)], [])
    seq = seqs(store)["a1"]
    store.write_entities([(seq, lavrov_mentions())], version=1)
    first = rows(store)
    store.write_entities([(seq, lavrov_mentions())], version=2)
    assert rows(store) == first and len(first) == 4
    store.write_entities([(seq, lavrov_mentions()[:1])], version=3)
    assert [r[3] for r in rows(store)] == ["سيرغي لافروف"]
    assert versions(store) == {"a1": 3}


def test_write_entities_is_one_transaction(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=lavrov_mentions()), article("a2", RUBIO, mentions=None)], [])
    ids = seqs(store)
    before = rows(store)
    broken = Mention(None, 0, 4, "PER", None, key="~PER:x")  # text is NOT NULL in the table
    with pytest.raises(StoreError) as err:
        store.write_entities([(ids["a1"], []), (ids["a2"], [broken])], version=2)
    assert err.value.code == "M034"
    assert rows(store) == before  # a1's mentions were not deleted either
    assert versions(store) == {"a1": 1, "a2": 0}
    assert not store.conn.in_transaction


@pytest.mark.parametrize(
    ("lang", "pending"),
    [
        ("ar", True),
        (None, True),  # language unknown: tried
        ("en", False),  # not Arabic: never pending
    ],
)
def test_entities_pending_only_arabic_articles(store: Store, lang: str | None, pending: bool) -> None:
    store.write_batch([article("a1", LAVROV, mentions=None, lang=lang)], [])
    assert bool(store.entities_pending(1, limit=10)) is pending


def test_entities_pending_in_ingest_order_below_the_version_and_limited(store: Store) -> None:
    store.write_batch([article(f"a{n}", f"{LAVROV} ({n})", mentions=None) for n in range(5)], [])
    ids = seqs(store)
    first = store.entities_pending(1, limit=2)
    assert [seq for seq, _ in first] == [ids["a0"], ids["a1"]]
    assert first[0][1] == f"{LAVROV} (0)"
    store.write_entities([(seq, []) for seq, _ in first], version=1)
    assert [seq for seq, _ in store.entities_pending(1, limit=10)] == [ids[f"a{n}"] for n in (2, 3, 4)]
    assert len(store.entities_pending(2, limit=10)) == 5  # a newer version makes every article pending again
    assert store.entities_version() == 1


def test_article_mentions_in_text_order_primary_by_default(store: Store) -> None:
    shuffled = lavrov_mentions()[::-1]
    store.write_batch([article("a1", LAVROV, mentions=shuffled), article("a2", RUBIO, mentions=None)], [])
    ids = seqs(store)
    found = store.article_mentions([ids["a1"], ids["a2"]])
    assert found[ids["a2"]] == []
    assert [m.text for m in found[ids["a1"]]] == ["سيرغي لافروف", "موسكو", "إدلب"]
    every = store.article_mentions([ids["a1"]], primary_only=False)[ids["a1"]]
    assert [m.start for m in every] == sorted(m.start for m in every) and len(every) == 4
    assert all(LAVROV[m.start : m.end] == m.text for m in every)
    assert {m.key for m in every if m.type == "PER"} == {"sergei-lavrov"}


def test_changed_text_drops_the_old_mentions(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=lavrov_mentions())], [])
    store.write_batch([article("a1", RUBIO, mentions=None)], [])
    assert rows(store) == [] and versions(store) == {"a1": 0}
    rubio = [mention(RUBIO, "ماركو روبيو", "PER", "marco-rubio"), mention(RUBIO, "واشنطن", "GPE", "gn-4140963")]
    store.write_batch([article("a1", RUBIO + " ", mentions=rubio)], [])
    assert [r[3] for r in rows(store)] == ["ماركو روبيو", "واشنطن"] and versions(store) == {"a1": 1}


def test_unchanged_article_keeps_its_mentions(store: Store) -> None:
    store.write_batch([article("a1", LAVROV, mentions=lavrov_mentions())], [])
    before = rows(store)
    result = store.write_batch([article("a1", LAVROV, mentions=[])], [])
    assert result.unchanged == 1 and rows(store) == before
