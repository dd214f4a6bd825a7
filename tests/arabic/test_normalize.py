"""Normalisation for matching: one row per phenomenon, then properties over any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masar.arabic import _resources as R
from masar.arabic import normalize
from masar.arabic.normalize import for_matching

# No example database in the repository: these properties are cheap to rediscover.
PROPERTY = settings(database=None, max_examples=300, deadline=None)

FOR_MATCHING = [
    # diacritics: harakat, tanwin, shadda, sukun, superscript alef, Quranic marks
    ("harakat", "وَزِيرُ الخَارِجِيَّةِ", "وزير الخارجيه"),
    ("tanwin", "عقد اجتماعًا طارئًا", "عقد اجتماعا طاريا"),
    ("shadda and sukun", "الأمم المتّحدة تُدْرِج", "الامم المتحده تدرج"),
    ("superscript alef", "هٰذا الاتفاق", "هذا الاتفاق"),
    ("quranic small high marks", "قال\u06d6 الوزير", "قال الوزير"),
    # tatweel (kashida)
    ("tatweel", "الـريـاض", "الرياض"),
    ("tatweel in a headline", "عـاجـل: وقـف إطـلاق الـنار", "عاجل: وقف اطلاق النار"),
    # alef and hamza forms
    ("alef with hamza above", "أنقرة", "انقره"),
    ("alef with hamza below", "إدلب", "ادلب"),
    ("alef madda", "آذار", "اذار"),
    ("alef wasla", "ٱلقدس", "القدس"),
    ("hamza on waw", "مسؤول أمني", "مسوول امني"),
    ("hamza on ya", "رئيس الوزراء", "رييس الوزراء"),
    ("bare hamza kept", "أنباء عن لقاء", "انباء عن لقاء"),
    # alef maqsura
    ("alef maqsura", "مستشفى في بيروت", "مستشفي في بيروت"),
    ("alef maqsura in a name", "مصطفى", "مصطفي"),
    # ta marbuta
    ("ta marbuta", "هدنة في غزة", "هدنه في غزه"),
    # digits
    ("arabic-indic digits", "٤ تشرين الأول ٢٠٢٥", "4 تشرين الاول 2025"),
    ("persian digits", "۱۵ مهر ۱۴۰۴", "15 مهر 1404"),
    ("ascii digits untouched", "القرار 2254", "القرار 2254"),
    # Persian and Urdu letter shapes
    ("persian kaf and ya", "وزیر خارجه یک کشور", "وزير خارجه يك كشور"),
    ("heh doachashmee, ae and heh with hamza", "ھ ە ۀ", "ه ه ه"),
    # presentation forms
    ("lam-alef ligature", "ﻻ", "لا"),
    ("allah ligature", "ﷲ", "الله"),
    ("positional forms", "ﻣﺼﺮ ﻭﺍﻟﺴﻌﻮﺩﻳﺔ", "مصر والسعوديه"),
    ("lam-alef with hamza ligature", "ﻷ", "لا"),
    # zero-width and bidirectional marks
    ("zero width non-joiner", "لاف\u200cروف", "لافروف"),
    ("zero width joiner", "جن\u200dيف", "جنيف"),
    ("right-to-left mark", "\u200fجنيف\u200f", "جنيف"),
    ("arabic letter mark", "\u061cإدلب", "ادلب"),
    ("bidi isolates around latin", "\u2067Geneva\u2069", "geneva"),
    ("bidi embedding", "\u202bبيروت\u202c", "بيروت"),
    ("byte order mark", "\ufeffبيروت", "بيروت"),
    ("soft hyphen", "Secu\u00adrity", "security"),
    # Latin script is case-folded
    ("latin case", "UN Security Council", "un security council"),
    ("mixed script", "قال Lavrov إن", "قال lavrov ان"),
    # nothing to do
    ("empty", "", ""),
    ("punctuation", "«،؛؟»", "«،؛؟»"),
]


@pytest.mark.parametrize(("text", "expected"), [row[1:] for row in FOR_MATCHING], ids=[row[0] for row in FOR_MATCHING])
def test_for_matching(text: str, expected: str) -> None:
    assert for_matching(text) == expected


HELPERS = [
    # each helper changes its own phenomenon and leaves the others alone
    ("diacritics", "وَزِيرٌ مسؤول", "وزير مسؤول"),
    ("tatweel", "الـقـاهرة", "القاهرة"),
    ("alef", "أإآٱ ؤ ى ة", "اااا ؤ ى ة"),
    ("hamza", "مسؤول رئيس أمن", "مسوول رييس أمن"),
    ("alef_maqsura", "مستشفى ي", "مستشفي ي"),
    ("ta_marbuta", "هدنة غزة", "هدنه غزه"),
    ("digits", "٢٠٢٥ و۱۴۰۴ و2025", "2025 و1404 و2025"),
    ("presentation_forms", "ﻻ ﷲ ﻣﺼﺮ عادي", "لا الله مصر عادي"),
    ("invisible", "\u200fجن\u200cيف\u2069", "جنيف"),
    ("persian_letters", "یک ی ک", "يك ي ك"),
]


@pytest.mark.parametrize(("helper", "text", "expected"), HELPERS, ids=[row[0] for row in HELPERS])
def test_single_helper(helper: str, text: str, expected: str) -> None:
    assert getattr(normalize, helper)(text) == expected


def test_every_exported_helper_has_a_row() -> None:
    exported = set(normalize.__all__) - {"for_matching"}
    assert exported == {row[0] for row in HELPERS}


# Text drawn mostly from the characters the tables care about, plus anything at all.
_INTERESTING = st.sampled_from(
    list("اأإآٱؤئىةيكهو ـ.،٠٩۰۹ABCİẞǅ")
    + R.DIACRITICS
    + R.INVISIBLE
    + [chr(c) for c in (0xFB50, 0xFBFC, 0xFDF2, 0xFDFC, 0xFE8D, 0xFEFB, 0xFEFC, 0xFEFF)]
)
_ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_PRESENTATION = st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF)
TEXT = st.one_of(
    st.text(),
    st.text(st.one_of(_INTERESTING, _ARABIC, _PRESENTATION)),
)


@PROPERTY
@given(TEXT)
def test_for_matching_is_total_and_idempotent(text: str) -> None:
    once = for_matching(text)
    assert for_matching(once) == once


@PROPERTY
@given(TEXT)
def test_for_matching_equals_one_translate_then_lower(text: str) -> None:
    assert for_matching(text) == text.translate(R.MATCHING_TABLE).lower()


@pytest.mark.parametrize("helper", [row[0] for row in HELPERS])
@PROPERTY
@given(text=TEXT)
def test_single_helper_is_idempotent(helper: str, text: str) -> None:
    fn = getattr(normalize, helper)
    once = fn(text)
    assert fn(once) == once
