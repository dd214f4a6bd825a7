"""Chains: a matter is the same actors on the same file, not the same words.

Two earthquake reports share most of their words but not their places; two rounds of
one ministerial contact share their actors. Both pairs are our own articles, stored
beside the copies-and-stories fixtures so term weights come from a corpus.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import copies_fixtures, write_jsonl
from masar.copies import group_pending
from masar.copies.stories import StoryConfig
from masar.ingest import IngestOptions, ingest
from masar.store import Store

QUAKES = [
    {
        "id": "quake-java",
        "outlet": "الأفق",
        "published": "2026-03-02",
        "title": "زلزال بقوة 5.8 درجات يضرب جزيرة جاوة الإندونيسية",
        "text": (
            "ضرب زلزال بقوة 5.8 درجات على مقياس ريختر جزيرة جاوة في إندونيسيا فجر اليوم الاثنين، "
            "وفق ما أعلنت هيئة الأرصاد الجوية والجيوفيزياء الإندونيسية. وقالت الهيئة إن مركز الزلزال "
            "كان على عمق عشرة كيلومترات قرب مدينة يوغياكارتا، وإن السكان شعروا بالهزة في جاكرتا. "
            "ولم ترد أنباء فورية عن وقوع إصابات أو أضرار مادية، فيما لم يصدر تحذير من موجات مد بحري. "
            "وتقع إندونيسيا على حزام النار في المحيط الهادئ حيث تكثر الزلازل والبراكين، "
            "وتشهد الجزيرة هزات متكررة كل عام، ودعت السلطات السكان إلى الابتعاد عن المباني المتصدعة."
        ),
    },
    {
        "id": "quake-aqaba",
        "outlet": "النجم",
        "published": "2026-03-06",
        "title": "زلزال بقوة 4.3 درجات يضرب جنوب الأردن",
        "text": (
            "هز زلزال متوسط بلغت قوته 4.3 درجات على مقياس ريختر مناطق في جنوب الأردن صباح الجمعة، "
            "بحسب مرصد الزلازل الأردني التابع لوزارة الطاقة. وأوضح المرصد في بيان أن بؤرة الهزة "
            "حددت قرب مدينة العقبة على عمق نحو عشرة كيلومترات، وأن سكانا في معان والطفيلة أبلغوا "
            "عن شعورهم بها. وأكدت مديرية الدفاع المدني عدم تسجيل أي إصابات بشرية أو خسائر في "
            "الممتلكات حتى الآن. ويقع الأردن على امتداد صدع البحر الميت الذي يشهد نشاطا زلزاليا "
            "خفيفا من حين لآخر، ونصحت الجهات المختصة المواطنين باتباع إرشادات السلامة."
        ),
    },
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures and the two reports, stored with their entities but not yet grouped."""
    folder = tmp_path_factory.mktemp("chains")
    path = folder / "pristine.db"
    with Store.open(path) as store:
        source = write_jsonl(folder / "in.jsonl", [*copies_fixtures().ARTICLES, *QUAKES])
        ingest([str(source)], store, options=IngestOptions(stories=False))
    return path


def _chains(store_path: Path, tmp_path: Path, cfg: StoryConfig) -> dict[str, str | None]:
    copy = tmp_path / "round.db"
    copy.write_bytes(store_path.read_bytes())
    with Store.open(copy, create=False) as store:
        group_pending(store, story_cfg=cfg)
        rows = store.conn.execute(
            "SELECT a.id, s.chain FROM articles a JOIN stories s ON s.id = a.story WHERE a.id LIKE 'quake-%'"
        )
        return dict(rows.fetchall())


def test_same_words_about_other_places_are_not_one_matter(store_path: Path, tmp_path: Path) -> None:
    chains = _chains(store_path, tmp_path, StoryConfig())
    assert chains["quake-aqaba"] is None or chains["quake-aqaba"] != chains["quake-java"], chains


def test_without_the_actor_rule_the_two_reports_would_chain(store_path: Path, tmp_path: Path) -> None:
    """The control: the two reports are close enough in words to chain; actors are what keeps them apart."""
    chains = _chains(store_path, tmp_path, dataclasses.replace(StoryConfig(), chain_shared_actors=0))
    assert chains["quake-aqaba"] is not None and chains["quake-aqaba"] == chains["quake-java"], chains


def test_a_later_ingest_continues_a_chain_from_stories_past_the_join_window(tmp_path: Path) -> None:
    """The second Cairo round arrives in its own ingest a week after the first: the first
    round's story is loaded as a retired story (terms, actors, chain only) and still chains."""
    articles = copies_fixtures().ARTICLES
    first = [a for a in articles if (a.get("published") or "") < "2025-11-20"]
    later = [a for a in articles if (a.get("published") or "") >= "2025-11-20"]
    with Store.open(tmp_path / "two.db") as store:
        for n, batch in enumerate((first, later)):
            ingest([str(write_jsonl(tmp_path / f"{n}.jsonl", batch))], store, options=IngestOptions())
        rows = store.conn.execute(
            "SELECT a.id, s.chain FROM articles a JOIN stories s ON s.id = a.story "
            "WHERE a.id IN ('anb-cairo-round1', 'anb-cairo-round2')"
        )
        chains = dict(rows.fetchall())
    assert chains["anb-cairo-round2"] is not None and chains["anb-cairo-round2"] == chains["anb-cairo-round1"], chains
