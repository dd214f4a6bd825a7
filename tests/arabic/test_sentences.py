"""Sentence spans: Arabic punctuation, quotations, numbers and abbreviations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masar.arabic.sentences import split_sentences

PROPERTY = settings(database=None, max_examples=400, deadline=None)

SENTENCES = [
    # ordinary ends
    (
        "full stops",
        "وصل الوفد إلى جنيف. وبدأت المحادثات مساء أمس.",
        ["وصل الوفد إلى جنيف.", "وبدأت المحادثات مساء أمس."],
    ),
    (
        "arabic question mark",
        "هل تصمد الهدنة في غزة؟ يرى دبلوماسيون أن الأيام المقبلة حاسمة.",
        ["هل تصمد الهدنة في غزة؟", "يرى دبلوماسيون أن الأيام المقبلة حاسمة."],
    ),
    (
        "exclamation and stacked marks",
        "لن نقبل بذلك أبدا!؟ قال الوزير غاضبا.",
        ["لن نقبل بذلك أبدا!؟", "قال الوزير غاضبا."],
    ),
    (
        "ellipsis character",
        "وانتظر الجميع الرد… ثم جاء الرفض.",
        ["وانتظر الجميع الرد…", "ثم جاء الرفض."],
    ),
    (
        "arabic full stop",
        "انتهت الجولة الأولى۔ وتبدأ الثانية غدا.",
        ["انتهت الجولة الأولى۔", "وتبدأ الثانية غدا."],
    ),
    ("no final mark", "وصل الوفد. والمحادثات مستمرة", ["وصل الوفد.", "والمحادثات مستمرة"]),
    # quotations: ends inside them are not sentence ends
    (
        "guillemets",
        "وقال لافروف: «لن نتراجع. الحوار هو الطريق الوحيد». وغادر القاعة.",
        ["وقال لافروف: «لن نتراجع. الحوار هو الطريق الوحيد».", "وغادر القاعة."],
    ),
    (
        "a quoted sentence inside the reporting sentence",
        "وقال: «انتهى الاجتماع.» ثم غادر. وعاد مساء.",
        ["وقال: «انتهى الاجتماع.» ثم غادر.", "وعاد مساء."],
    ),
    (
        "curly double quotes",
        "وكتب الوزير “نرحب بالاتفاق. ونأمل تنفيذه” في تغريدة. وردت دمشق بحذر.",
        ["وكتب الوزير “نرحب بالاتفاق. ونأمل تنفيذه” في تغريدة.", "وردت دمشق بحذر."],
    ),
    (
        "straight double quotes",
        'وقال المتحدث "نحن مستعدون. تماما" للصحفيين. ثم انصرف.',
        ['وقال المتحدث "نحن مستعدون. تماما" للصحفيين.', "ثم انصرف."],
    ),
    (
        "question inside a quotation",
        "وتساءل: «إلى متى؟» ثم صمت. وانتهى اللقاء.",
        ["وتساءل: «إلى متى؟» ثم صمت.", "وانتهى اللقاء."],
    ),
    (
        "closing bracket after the mark",
        "وأعلنت الخارجية النبأ (في بيان مقتضب.) ثم عقدت مؤتمرا.",
        ["وأعلنت الخارجية النبأ (في بيان مقتضب.)", "ثم عقدت مؤتمرا."],
    ),
    # numbers, domains, abbreviations
    (
        "decimal number",
        "بلغ النمو 3.5 في المئة هذا العام. وتوقع البنك تحسنا.",
        ["بلغ النمو 3.5 في المئة هذا العام.", "وتوقع البنك تحسنا."],
    ),
    (
        "domain name",
        "ونشر البيان على موقع un.org أمس. ولم يعلق أحد.",
        ["ونشر البيان على موقع un.org أمس.", "ولم يعلق أحد."],
    ),
    (
        "doctor abbreviation",
        "وقال د. أحمد الخطيب إن الوضع خطير. وطالب بتدخل عاجل.",
        ["وقال د. أحمد الخطيب إن الوضع خطير.", "وطالب بتدخل عاجل."],
    ),
    (
        "professor abbreviation",
        "وشارك أ. سمير حداد في الندوة. وقدم ورقة عن اللاجئين.",
        ["وشارك أ. سمير حداد في الندوة.", "وقدم ورقة عن اللاجئين."],
    ),
    # line breaks
    (
        "line break ends a sentence",
        "دمشق 15 أيلول (سانا)\nوصل المبعوث الأممي إلى دمشق",
        ["دمشق 15 أيلول (سانا)", "وصل المبعوث الأممي إلى دمشق"],
    ),
    (
        "line break closes an open quote",
        "وقال «لن نتراجع. أبدا\nثم غادر. وعاد لاحقا.",
        ["وقال «لن نتراجع. أبدا", "ثم غادر.", "وعاد لاحقا."],
    ),
    ("blank lines and spaces", "  \n\nوصل الوفد.  \n\n ", ["وصل الوفد."]),
    ("empty", "", []),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in SENTENCES], ids=[r[0] for r in SENTENCES])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_of_a_paragraph() -> None:
    text = "  وصل الوفد إلى جنيف. وقال «لن نتراجع.»"
    first, second = split_sentences(text)
    assert (first.start, first.end) == (2, 21)
    assert (second.start, second.end) == (22, len(text))


_PIECES = st.sampled_from(
    ["وصل", " ", "الوفد", ".", "؟", "!", "…", "۔", "«", "»", "“", "”", '"', "\n", "3", "د", "a", "\t"]
)
TEXT = st.one_of(st.text(), st.lists(_PIECES, max_size=40).map("".join))


@PROPERTY
@given(TEXT)
def test_spans_point_into_text_and_never_overlap(text: str) -> None:
    previous_end = 0
    for sent in split_sentences(text):
        assert text[sent.start : sent.end] == sent.text
        assert sent.text and sent.text == sent.text.strip()
        assert sent.start >= previous_end
        previous_end = sent.end


@PROPERTY
@given(TEXT)
def test_only_space_is_left_between_sentences(text: str) -> None:
    kept = "".join(s.text for s in split_sentences(text))
    assert "".join(kept.split()) == "".join(text.split())
