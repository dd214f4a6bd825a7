"""The knowledge base: what ships, where it comes from, name variants, and the user's CSV files."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from masar.arabic.normalize import for_matching
from masar.doc import Mention
from masar.entities.extract import Extractor, extract
from masar.entities.kb import KnowledgeBase, default_kb, load_kb
from masar.errors import KnowledgeBaseError

DATA = resources.files("masar.entities").joinpath("data")
# The Arab League's 22 members, and the neighbours whose news Masar follows.
ARAB_LEAGUE = frozenset(
    "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM".split()
)
REGION = ARAB_LEAGUE | {"IRN", "TUR", "ISR", "PSE"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_kb()


def _cases(rows: list) -> list:
    """Table rows as pytest params: (id, *values) tuples, or ready pytest.param rows with marks."""
    return [row if hasattr(row, "marks") else pytest.param(*row[1:], id=row[0]) for row in rows]


def _one(mentions: list[Mention], surface: str) -> Mention:
    found = [m for m in mentions if m.text == surface]
    assert len(found) == 1, f"expected one mention {surface!r}, got {[(m.text, m.type, m.id) for m in mentions]}"
    return found[0]


# ---------------------------------------------------------------------- what ships
def test_the_shipped_knowledge_base_loads() -> None:
    kb = load_kb()
    places = [
        e
        for e in kb.entries.values()
        if e.type in ("GPE", "LOC", "FAC") and e.lat is not None and e.lon is not None and e.country in REGION
    ]
    actors = [e for e in kb.entries.values() if e.type in ("PER", "ORG") and e.country and e.sector]
    assert len(places) >= 3_000
    assert len(actors) >= 500
    assert len(kb.countries) >= 190
    assert [iso3 for iso3, c in kb.countries.items() if c.lat is None or c.lon is None] == []


def test_every_entry_has_a_known_type(kb: KnowledgeBase) -> None:
    assert {e.type for e in kb.entries.values()} <= {"PER", "ORG", "GPE", "LOC", "FAC"}


DATA_FILES = sorted(f.name for f in DATA.iterdir() if f.is_file() and not f.name.startswith("."))
# A header says where the facts come from: curated by the team, or the named source.
SOURCE = re.compile(r"curated|source|geonames|google|built by", re.IGNORECASE)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_says_where_its_facts_come_from(name: str) -> None:
    lines = DATA.joinpath(name).read_text("utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"{name} does not start with # comment lines"
    assert SOURCE.search("\n".join(header)), f"{name}: the header does not say where its facts come from"


# ---------------------------------------------------------------------- name variants
SAME_NAME = [
    ("trump", "ترامب", "ترمب"),
    ("sergei", "سيرغي", "سيرجي"),
    ("putin", "بوتين", "بوتن"),
    ("astana", "أستانا", "آستانا"),
    ("kazakhstan", "كازاخستان", "كازخستان"),
    ("idlib", "إدلب", "ادلب"),
]


@pytest.mark.parametrize(("a", "b"), _cases(SAME_NAME))
def test_variants_of_one_name_merge(kb: KnowledgeBase, a: str, b: str) -> None:
    na, nb = for_matching(a), for_matching(b)
    assert na == nb or kb.variants_agree(na, nb)


def _negative_rows() -> list:
    """The ``!`` rows of name_variants.tsv, named by their English note."""
    rows = []
    for line in DATA.joinpath("name_variants.tsv").read_text("utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] != "!" or len(cells) < 3:
            continue
        a, b = cells[1].strip(), cells[2].strip()
        name = cells[3].strip() if len(cells) > 3 and cells[3].strip() else f"{a}/{b}"
        marks = ()
        if for_matching(a) == for_matching(b):  # a row that normalisation already merges
            marks = pytest.mark.xfail(
                strict=True,
                reason="name_variants.tsv lists this pair as distinct, but for_matching folds ى into ي, "
                "so the two are one key",
            )
        rows.append(pytest.param(a, b, id=name, marks=marks))
    return rows


DIFFERENT_NAMES = [
    ("hassan/hussein", "حسن", "حسين"),
    ("omar/amr", "عمر", "عمرو"),
    ("saad/said", "سعد", "سعيد"),
    ("mahmoud/mohammed", "محمود", "محمد"),
    ("two given names, one family name", "بشار الأسد", "حافظ الأسد"),
]


@pytest.mark.parametrize(("a", "b"), _negative_rows() + _cases(DIFFERENT_NAMES))
def test_different_names_do_not_merge(kb: KnowledgeBase, a: str, b: str) -> None:
    na, nb = for_matching(a), for_matching(b)
    assert na != nb
    assert not kb.variants_agree(na, nb)


# Two people who share a family name, in one article: each keeps its own identity.
SHARED_FAMILY = [
    pytest.param(
        "قال الرئيس السوري بشار الأسد إن بلاده لن تتخلى عن الجولان. "
        "وكان والده الرئيس الراحل حافظ الأسد قد خاض حرب تشرين عام 1973.",
        "بشار الأسد",
        "حافظ الأسد",
        id="father and son",
    ),
    (
        "king and crown prince",
        "استقبل الملك سلمان بن عبد العزيز وولي العهد الأمير محمد بن سلمان الرئيس الفرنسي في الرياض.",
        "سلمان بن عبد العزيز",
        "محمد بن سلمان",
    ),
    (
        "known commander and an unknown minister",
        "التقى قائد جهاز مكافحة الإرهاب عبد الوهاب الساعدي في بغداد وزير الدفاع العراقي خالد الساعدي.",
        "عبد الوهاب الساعدي",
        "خالد الساعدي",
    ),
]


@pytest.mark.parametrize(("text", "a", "b"), _cases(SHARED_FAMILY))
def test_people_sharing_a_family_name_stay_apart(text: str, a: str, b: str) -> None:
    mentions = extract(text)
    first, second = _one(mentions, a), _one(mentions, b)
    assert first.type == second.type == "PER"
    assert first.key != second.key
    assert first.id is None or first.id != second.id


def test_a_bare_name_goes_to_its_bearer_not_to_a_son_named_after_him() -> None:
    text = (
        "استقبل الملك سلمان بن عبد العزيز وولي العهد الأمير محمد بن سلمان الرئيس الفرنسي في الرياض. "
        "وقال سلمان إن العلاقات بين البلدين متينة."
    )
    later = [m for m in extract(text) if m.text == "سلمان" and m.start > text.index("وقال")]
    # The king, or no one (a given name alone may be dropped); never ali-salman or his son.
    assert all(m.id in ("salman-bin-abdulaziz", None) for m in later)


# ---------------------------------------------------------------------- the user's files
ACTORS_HEADER = "id,name_en,names_ar,country,sector,role\n"
PLACES_HEADER = "id,type,name_en,names_ar,country,lat,lon\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_actor_is_found(tmp_path: Path) -> None:
    actors = _write(
        tmp_path / "actors.csv",
        ACTORS_HEADER
        + "karim-al-zahrani,Karim al-Zahrani,كريم الزهراني|كريم بن سالم الزهراني,SAU,GOV,deputy minister\n",
    )
    kb = load_kb(actors=[actors])
    text = "قال كريم الزهراني في جدة إن المشروع سيكتمل العام المقبل."
    m = _one(Extractor(kb, None).extract(text), "كريم الزهراني")
    assert (m.type, m.id, m.country, m.sector) == ("PER", "karim-al-zahrani", "SAU", "GOV")


def test_a_user_place_is_found_with_its_coordinates(tmp_path: Path) -> None:
    places = _write(
        tmp_path / "places.csv", PLACES_HEADER + "sy-tal-zaafaran,GPE,Tal al-Zaafaran,تل الزعفران,SYR,35.2,37.1\n"
    )
    kb = load_kb(places=[places])
    text = "قصفت المدفعية بلدة تل الزعفران صباح اليوم."
    m = _one(Extractor(kb, None).extract(text), "تل الزعفران")
    assert (m.id, m.country, m.lat, m.lon) == ("sy-tal-zaafaran", "SYR", 35.2, 37.1)


def test_a_row_with_a_missing_field_names_the_file_and_line(tmp_path: Path) -> None:
    actors = _write(
        tmp_path / "actors.csv",
        ACTORS_HEADER
        + "karim-al-zahrani,Karim al-Zahrani,كريم الزهراني,SAU,GOV,deputy minister\n"
        + "sami-al-dosari,Sami al-Dosari,سامي الدوسري,SAU,GOV\n",
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(actors=[actors])
    assert f"{actors}:3" in str(caught.value)


BAD_PLACES = [
    ("latitude is not a number", "sy-tal-zaafaran,GPE,Tal al-Zaafaran,تل الزعفران,SYR,north,37.1\n"),
    ("unknown type", "sy-tal-zaafaran,XYZ,Tal al-Zaafaran,تل الزعفران,SYR,35.2,37.1\n"),
    ("missing field", "sy-tal-zaafaran,GPE,Tal al-Zaafaran,تل الزعفران,SYR,35.2\n"),
]


@pytest.mark.parametrize("row", _cases(BAD_PLACES))
def test_a_bad_place_row_raises(tmp_path: Path, row: str) -> None:
    places = _write(tmp_path / "places.csv", PLACES_HEADER + row)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(places=[places])
    assert str(places) in str(caught.value)


def test_a_bad_number_names_the_line(tmp_path: Path) -> None:
    places = _write(
        tmp_path / "places.csv", PLACES_HEADER + "sy-tal-zaafaran,GPE,Tal al-Zaafaran,تل الزعفران,SYR,north,37.1\n"
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(places=[places])
    assert f"{places}:2" in str(caught.value)


def test_a_missing_user_file_raises(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError):
        load_kb(actors=[tmp_path / "no-such-file.csv"])


def test_the_shipped_tagger_loads_from_the_package_and_tags() -> None:
    from masar.entities.extract import load_tagger
    from masar.entities.features import sentence_features

    tagger = load_tagger()
    assert tagger is not None  # the weights ship inside the package; nothing is downloaded
    words = "قال الرئيس الأمريكي باراك أوباما في واشنطن إن".split()
    labels = tagger.tag(sentence_features(words, default_kb().word_tags(words)))
    assert len(labels) == len(words)
    assert {label[2:] for label in labels if label != "O"} <= {"PER", "ORG", "LOC", "MISC"}
    assert any(label != "O" for label in labels)
