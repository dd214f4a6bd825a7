"""Places: coordinates for countries and cities, regions, homonyms chosen by context, unknown places."""

from __future__ import annotations

import pytest

from masar.doc import Mention
from masar.entities.extract import extract
from masar.entities.kb import KnowledgeBase, default_kb

PLACE_TYPES = ("GPE", "LOC", "FAC")


def _cases(rows: list) -> list:
    """Table rows as pytest params: (id, *values) tuples, or ready pytest.param rows with marks."""
    return [row if hasattr(row, "marks") else pytest.param(*row[1:], id=row[0]) for row in rows]


def _places(text: str) -> list[Mention]:
    return [m for m in extract(text) if m.type in PLACE_TYPES and m.primary]


def _one(mentions: list[Mention], surface: str) -> Mention:
    found = [m for m in mentions if m.text == surface]
    assert len(found) == 1, f"expected one place {surface!r}, got {[(m.text, m.id, m.country) for m in mentions]}"
    return found[0]


# ---------------------------------------------------------------------- coordinates
COORDINATES = [
    # (id, sentence, place, lat, lon, country): within half a degree
    ("country centroid", "زار الوفد سوريا ضمن جولة إقليمية.", "سوريا", 34.8, 39.0, "SYR"),
    ("large country centroid", "أكدت أنقرة وروسيا التزامهما بالاتفاق.", "روسيا", 61.5, 105.3, "RUS"),
    ("capital of the region", "وصل المبعوث الأممي إلى دمشق قادما من بيروت.", "دمشق", 33.5, 36.3, "SYR"),
    ("capital, not a small US town", "قال مسؤول في واشنطن إن العقوبات ستبقى.", "واشنطن", 38.9, -77.0, "USA"),
    ("capital after bi", "عقد الاجتماع ببغداد بحضور وزراء المنطقة.", "بغداد", 33.3, 44.4, "IRQ"),
    pytest.param(
        "وصل الوفد إلى دِمَشق أمس.",
        "دِمَشق",
        33.5,
        36.3,
        "SYR",
        id="name written with harakat",
    ),
    pytest.param(
        "وصل العاهل الأردني إلى عمّان بعد جولة أوروبية.",
        "عمّان",
        31.95,
        35.9,
        "JOR",
        id="amman written with shadda",
    ),
]


@pytest.mark.parametrize(("text", "surface", "lat", "lon", "country"), _cases(COORDINATES))
def test_places_get_coordinates(text: str, surface: str, lat: float, lon: float, country: str) -> None:
    m = _one(_places(text), surface)
    assert m.country == country
    assert m.lat == pytest.approx(lat, abs=0.5)
    assert m.lon == pytest.approx(lon, abs=0.5)


COUNTRY_CODES = [
    ("capitals and countries", "عقدت القمة في الدوحة بمشاركة وفود من تركيا وإيران والسعودية ومصر."),
    ("cities", "وصل الوزير إلى بغداد قادما من القاهرة، على أن يتوجه لاحقا إلى بيروت وحلب."),
    ("regions in one country", "قصفت المدفعية ريف حمص الشمالي واستهدفت مواقع في الغوطة الشرقية."),
    pytest.param(
        "تتدفق مياه نهر الفرات من تركيا عبر سوريا إلى العراق، في حين تراقب أوروبا ملف اللاجئين.",
        id="regions across countries",
    ),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return default_kb()


@pytest.mark.parametrize("text", _cases(COUNTRY_CODES))
def test_every_known_place_has_an_iso3_country(kb: KnowledgeBase, text: str) -> None:
    places = _places(text)
    assert places
    for m in places:
        assert m.lat is not None and m.lon is not None, m
        # A sea, river or continent of several countries has none (CONTRACT: ISO alpha-3 or null).
        assert m.country in kb.countries or (m.country is None and (m.id or "").startswith("xx-")), (m.text, m.country)


# ---------------------------------------------------------------------- regions
def test_the_countryside_is_a_region_not_the_city() -> None:
    text = "قصفت الطائرات الحربية ريف حمص بينما هدأت الاشتباكات داخل مدينة حمص."
    places = _places(text)
    region = _one(places, "ريف حمص")
    city = next(m for m in places if m.text.endswith("حمص") and m is not region)
    assert region.type == "LOC"
    assert region.id != city.id
    assert (region.lat, region.lon) != (city.lat, city.lon)


# ---------------------------------------------------------------------- homonyms
# Names held by towns in two countries in places_geonames.tsv: طرابلس (Lebanon's city,
# Libya's capital) and البيضاء (Libya, Yemen). The country the article names decides.
HOMONYMS = [
    ("tripoli in lebanon", "اندلعت اشتباكات في طرابلس شمالي لبنان بين مسلحين من حيين متجاورين.", "طرابلس", "LBN"),
    ("tripoli in libya", "اندلعت اشتباكات في طرابلس بين فصائل مسلحة تتنازع السلطة في ليبيا.", "طرابلس", "LBY"),
    ("bayda in libya", "سيطرت قوات الجيش على البيضاء شرقي ليبيا بعد معارك قصيرة.", "البيضاء", "LBY"),
    pytest.param(
        "سيطر الحوثيون على البيضاء وسط اليمن بعد معارك عنيفة.",
        "البيضاء",
        "YEM",
        id="bayda in yemen",
    ),
    pytest.param(
        "اندلعت اشتباكات في طرابلس بين مسلحين.",
        "طرابلس",
        "LBY",
        id="tripoli without context is the capital",
    ),
]


@pytest.mark.parametrize(("text", "surface", "country"), _cases(HOMONYMS))
def test_homonyms_follow_the_country_the_article_names(text: str, surface: str, country: str) -> None:
    m = _one(_places(text), surface)
    assert m.country == country
    assert m.lat is not None


# ---------------------------------------------------------------------- unknown places
def test_an_unknown_place_is_kept_without_coordinates() -> None:
    text = "نزح مئات السكان من قرية أم الشقوف شرق نهر الفرات."
    start = text.index("أم الشقوف")
    found = [m for m in _places(text) if m.start <= start < m.end]
    assert len(found) == 1
    assert (found[0].id, found[0].lat, found[0].lon) == (None, None, None)
    assert found[0].place_dict()["lat"] is None


def test_part_of_an_unknown_village_is_not_a_foreign_town() -> None:
    text = "قصفت الطائرات بلدة كفر زيتون في ريف إدلب الجنوبي."
    assert [m.country for m in _places(text) if "زيتون" in m.text] in ([], ["SYR"], [None])


def test_place_dict_of_an_unresolved_place() -> None:
    m = Mention(text="أم الشقوف", start=4, end=13, type="GPE")
    assert m.place_dict() == {
        "text": "أم الشقوف",
        "start": 4,
        "end": 13,
        "name_en": None,
        "lat": None,
        "lon": None,
        "country": None,
        "geonames_id": None,
    }
