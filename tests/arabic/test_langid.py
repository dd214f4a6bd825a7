"""Language identification: Arabic script by counting letters, other scripts by py3langid."""

from __future__ import annotations

import pytest

from masar.arabic.langid import LanguageIdentifier, arabic_ratio


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier().load()


LANGUAGES = [
    # Arabic, also with Latin names and in presentation forms
    ("arabic", "قال وزير الخارجية الروسي سيرغي لافروف أمس الاثنين إن المحادثات مع واشنطن ستستأنف في جنيف.", "ar"),
    (
        "arabic quoting latin names",
        "وقال المتحدث باسم حلف الناتو Mark Rutte إن الحلف يتابع التطورات في البحر الأسود عن كثب.",
        "ar",
    ),
    ("arabic in presentation forms", "ﻗﺎﻝ ﻭﺯﻳﺮ ﺍﻟﺨﺎﺭﺟﻴﺔ ﺇﻥ ﺍﻟﻤﺤﺎﺩﺛﺎﺕ ﺳﺘﺴﺘﺄﻧﻒ ﻓﻲ ﺟﻨﻴﻒ", "ar"),
    ("iraqi arabic with gaf and che", "وصل الوفد إلى كركوك وجمجمال بعد لقاء مع محافظ گرميان ومسؤولي چمچمال", "ar"),
    # Persian writes ی and ک
    ("persian", "وزیر امور خارجه ایران گفت که مذاکرات با آمریکا در ژنو ادامه خواهد یافت و کشور آماده است.", "fa"),
    # Urdu adds ے ں ٹ
    ("urdu", "پاکستان کے وزیر خارجہ نے کہا کہ بات چیت جاری رہے گی اور ٹیم کل جنیوا پہنچے گی۔ یہ اہم ہے۔", "ur"),
    # other scripts go to the model
    ("english", "The Russian foreign minister said on Monday that talks with Washington would resume in Geneva.", "en"),
    (
        "english quoting a short arabic phrase",
        "Protesters in Beirut chanted «ثورة» as the cabinet met to discuss the reform plan and the budget.",
        "en",
    ),
    (
        "french",
        "Le ministre russe des Affaires étrangères a déclaré lundi que les négociations reprendraient à Genève.",
        "fr",
    ),
    # no letters at all
    ("empty", "", "und"),
    ("digits and punctuation", "2025-09-15 ، 3.5% !!! ١٢٣", "und"),
    ("whitespace", " \n\t ", "und"),
]


@pytest.mark.parametrize(("text", "lang"), [r[1:] for r in LANGUAGES], ids=[r[0] for r in LANGUAGES])
def test_identify(identifier: LanguageIdentifier, text: str, lang: str) -> None:
    guess = identifier.identify(text)
    assert guess.lang == lang
    assert 0.0 <= guess.confidence <= 1.0


def test_no_letters_has_zero_confidence(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("١٢٣ - 456").confidence == 0.0


def test_arabic_does_not_need_the_model() -> None:
    guess = LanguageIdentifier().identify("استأنفت المفاوضات في جنيف بعد توقف دام أشهرا")
    assert guess.lang == "ar" and guess.confidence == 1.0


def test_identify_loads_the_model_when_needed() -> None:
    assert LanguageIdentifier().identify("Negotiations resumed in Geneva on Monday.").lang == "en"


RATIOS = [
    ("all arabic", "وصل الوفد إلى جنيف", 1.0),
    ("all latin", "Geneva talks", 0.0),
    ("half and half", "جنيف Genf", 0.5),
    ("presentation forms count as arabic", "ﻣﺼﺮ Egypt", 3 / 8),
    ("digits are not letters", "جنيف 2025", 1.0),
    ("no letters", "2025", 0.0),
]


@pytest.mark.parametrize(("text", "ratio"), [r[1:] for r in RATIOS], ids=[r[0] for r in RATIOS])
def test_arabic_ratio(text: str, ratio: float) -> None:
    assert arabic_ratio(text) == pytest.approx(ratio)
