"""A family name alone links to the person an earlier article of the store named in full."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from masar.doc import Mention
from masar.entities.extract import link_across_store
from masar.ingest import IngestOptions, ingest
from masar.store import Store

pytestmark = pytest.mark.issue(3)

FIRST = (
    "أعلن المتحدث باسم الحكومة الأردنية رامز القطامي أن الحكومة ستعقد اجتماعا طارئا يوم الأحد لبحث أزمة "
    "المياه في المحافظات الجنوبية، مؤكدا أن الحلول جاهزة وأن التمويل متوفر."
)


def _ingest(db: Path, tmp_path: Path, articles: list[tuple[str, str, str]]) -> None:
    for article_id, day, text in articles:
        path = tmp_path / f"{article_id}.jsonl"
        record = {"id": article_id, "published": day, "outlet": "o", "title": "خبر", "text": text}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        with Store.open(db) as store:
            ingest([str(path)], store, options=IngestOptions(stories=False))


def _mentions(db: Path, article_id: str) -> list[tuple[str, str]]:
    with Store.open(db) as store:
        return store.conn.execute(
            "SELECT m.text, m.entity_key FROM mentions m JOIN articles a ON a.seq = m.article_seq "
            "WHERE a.id = ? AND m.type = 'PER' ORDER BY m.start",
            (article_id,),
        ).fetchall()


def test_unknown_people_are_remembered_by_family_name(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, [("a1", "2025-09-01", FIRST)])
    assert ("رامز القطامي", "~PER:رامز القطامي") in _mentions(db, "a1")
    with Store.open(db) as store:
        assert store.people_by_family(["القطامي", "غيره"]) == {"القطامي": ["~PER:رامز القطامي"]}


def _alone(name: str) -> Mention:
    return Mention(text=name, start=0, end=len(name), type="PER", key="~PER:" + name)


@pytest.mark.parametrize(
    ("stored", "linked"),
    [
        pytest.param(["~PER:رامز القطامي"], "~PER:رامز القطامي", id="one person bears it"),
        pytest.param(["~PER:رامز القطامي", "~PER:سامر القطامي"], None, id="two people bear it"),
        pytest.param(["~PER:بان القطامي"], None, id="a tagger slip: the first word is no sure given name"),
        pytest.param([], None, id="nobody bears it"),
    ],
)
def test_a_family_name_alone_joins_one_remembered_person(stored: list[str], linked: str | None) -> None:
    mention = _alone("القطامي")
    link_across_store([mention], lambda families: {"القطامي": stored} if stored else {})
    assert mention.key == (linked or "~PER:القطامي")


def test_the_store_is_asked_only_about_unexplained_one_word_people() -> None:
    asked: list[set[str]] = []

    def lookup(families: object) -> dict[str, list[str]]:
        asked.append(set(families))  # type: ignore[call-overload]
        return {}

    mentions = [
        _alone("القطامي"),
        Mention(text="سيرغي لافروف", start=10, end=22, type="PER", id="sergei-lavrov", key="sergei-lavrov"),
        Mention(text="القاهرة", start=30, end=37, type="GPE", id="gn-360630", key="gn-360630"),
        Mention(text="رامز الحمصي", start=40, end=51, type="PER", key="~PER:رامز الحمصي"),
    ]
    link_across_store(mentions, lookup)
    assert asked == [{"القطامي"}]
