"""Page furniture: golden articles with what must stay and what must go, rules, learnt lines."""

from __future__ import annotations

import pytest

from masar.ingest.boilerplate import edge_lines, line_key, remove_boilerplate

# Our own articles as extracted text, each with the segments that must stay and must go
# (STYLE rule 23) and the kinds of furniture removed.
GOLDEN = [
    {
        "id": "page with currency table, telegram and reader comments",
        "text": (
            "موسكو تعلن استئناف المحادثات مع واشنطن في جنيف\n"
            "قال وزير الخارجية الروسي سيرغي لافروف أمس الاثنين إن المحادثات مع واشنطن بشأن الاستقرار "
            "الاستراتيجي ستستأنف في جنيف الأسبوع المقبل بعد توقف دام أشهرا.\n"
            "دولار أمريكي 1310\n"
            "يورو 1425.5\n"
            "وأضاف لافروف في مؤتمر صحفي مع نظيره المصري أن الجانبين اتفقا على جدول أعمال أولي يشمل "
            "الرقابة على الأسلحة النووية والوضع في أوكرانيا.\n"
            "وكانت الجولة السابقة قد انتهت في الربيع الماضي من دون نتائج ملموسة.\n"
            "تابعونا على قناتنا في تيليجرام\n"
            "https://t.me/alofoq_news\n"
            "اضف تعليقك\n"
            "الاسم والنص والتحقق من الروبوت ضروري\n"
            "التعليقات\n"
            "أبو سامر : لا نتوقع شيئا من هذه المحادثات\n"
            "الموضوع :\n"
            "ابن الشام : الله يحمي البلد"
        ),
        "keep": ["موسكو تعلن استئناف", "ستستأنف في جنيف", "الرقابة على الأسلحة النووية", "من دون نتائج ملموسة."],
        "drop": [
            "دولار أمريكي",
            "يورو",
            "تيليجرام",
            "t.me",
            "اضف تعليقك",
            "الروبوت",
            "التعليقات",
            "أبو سامر",
            "الموضوع",
            "الله يحمي البلد",
        ],
        "kinds": {"currency", "share", "social", "comments"},
    },
    {
        "id": "wire story with tags and trailer",
        "text": (
            "دمشق 15 أيلول/سبتمبر 2025 (سانا)\n"
            "وصل المبعوث الأممي إلى سوريا إلى دمشق اليوم في زيارة يلتقي خلالها وزير الخارجية لبحث "
            "استئناف أعمال اللجنة الدستورية.\n"
            "وقال المبعوث في تصريح للصحفيين لدى وصوله إن الأمم المتحدة مستعدة لدعم أي حوار سوري سوري.\n"
            "سمات: سوريا، روسيا\n"
            "// انتهى //\n"
            "19:05 ت م"
        ),
        "keep": ["دمشق 15 أيلول/سبتمبر 2025 (سانا)", "اللجنة الدستورية.", "حوار سوري سوري."],
        "drop": ["سمات", "انتهى", "19:05"],
        "kinds": {"tags", "trailer"},
    },
    {
        "id": "read-also list, share line and a long paragraph with a link",
        "text": (
            "أنقرة تستضيف اجتماعا ثلاثيا حول الشمال السوري\n"
            "استضافت العاصمة التركية أنقرة أمس اجتماعا ضم وزراء خارجية تركيا وروسيا وإيران لبحث "
            "التطورات في الشمال السوري.\n"
            "اقرأ أيضا\n"
            "لافروف يلتقي نظيره التركي في أنقرة\n"
            "المبعوث الأممي يصل إلى دمشق\n"
            "غوتيريش يدعو إلى وقف فوري لإطلاق النار\n"
            "وفي سياق متصل، أعلنت وزارة الخارجية القطرية أن الوسطاء يواصلون اتصالاتهم مع الطرفين.\n"
            "وكتب وزير الخارجية التركي على حسابه الرسمي twitter.com/MevlutCavusoglu أن الاجتماع كان "
            "مثمرا وأن الأطراف الثلاثة اتفقت على مواصلة التنسيق لمنع أي تصعيد جديد في إدلب وريفها، "
            "مشيرا إلى أن الجولة المقبلة ستعقد في طهران خلال الأسابيع القليلة المقبلة بمشاركة ممثلين "
            "عن الأمم المتحدة، وأن بلاده ستواصل العمل مع شركائها من أجل حل سياسي دائم يضمن عودة "
            "اللاجئين إلى مدنهم وقراهم.\n"
            "فيسبوك تويتر واتساب\n"
            "شارك الخبر"
        ),
        "keep": ["أنقرة تستضيف", "لبحث التطورات", "وفي سياق متصل", "twitter.com/MevlutCavusoglu", "عودة اللاجئين"],
        "drop": ["اقرأ أيضا", "لافروف يلتقي", "المبعوث الأممي يصل", "غوتيريش يدعو", "فيسبوك", "شارك الخبر"],
        "kinds": {"readalso", "share"},
    },
    {
        "id": "comment widget at the very top",
        "text": (
            "التعليقات (0)\n"
            "الدوحة تعلن جولة جديدة من مفاوضات وقف إطلاق النار\n"
            "أعلنت وزارة الخارجية القطرية أمس أن جولة جديدة من المفاوضات غير المباشرة لوقف إطلاق النار "
            "في غزة ستبدأ في الدوحة مطلع الأسبوع المقبل.\n"
            "وأوضح المتحدث باسم الوزارة أن الوسطاء المصريين والأمريكيين سيشاركون في الجولة.\n"
            "جميع الحقوق محفوظة © 2025"
        ),
        "keep": ["الدوحة تعلن جولة جديدة", "مطلع الأسبوع المقبل.", "سيشاركون في الجولة."],
        "drop": ["التعليقات", "جميع الحقوق محفوظة"],
        "kinds": {"comments", "copyright"},
    },
]


@pytest.mark.parametrize("case", GOLDEN, ids=[g["id"] for g in GOLDEN])
def test_golden_article(case: dict) -> None:
    result = remove_boilerplate(case["text"])
    for segment in case["keep"]:
        assert segment in result.text, segment
    for segment in case["drop"]:
        assert segment not in result.text, segment
    assert {kind for kind, _ in result.dropped} == case["kinds"]
    assert all(line in case["text"] for _, line in result.dropped)


FIRST = "قال وزير الخارجية الروسي سيرغي لافروف أمس إن المحادثات مع واشنطن ستستأنف في جنيف الأسبوع المقبل."
LAST = "وأضاف أن الجانبين اتفقا على جدول أعمال أولي يشمل الرقابة على الأسلحة النووية."


def _between_paragraphs(line: str) -> str:
    return f"{FIRST}\n{line}\n{LAST}"


FURNITURE = [
    # currency tables
    ("dollar rate", "دولار أمريكي 1310", "currency"),
    ("euro with decimals", "اليورو 1425.5", "currency"),
    ("currency heading", "أسعار العملات اليوم", "currency"),
    # share and follow lines
    ("share buttons", "فيسبوك تويتر واتساب", "share"),
    ("share buttons with separators", "Facebook | Twitter | WhatsApp", "share"),
    ("share the article", "شارك الخبر عبر", "share"),
    ("telegram subscribe", "اشترك في قناتنا على تيليجرام", "share"),
    ("print", "طباعة", "share"),
    # social links
    ("telegram link in a line", "قناتنا: t.me/sada_news", "social"),
    ("bare url", "https://www.example.com/news/123", "social"),
    # read also
    ("read also with a title on the line", "اقرأ أيضا: لافروف يلتقي نظيره التركي", "readalso"),
    ("related news heading", "أخبار ذات صلة", "readalso"),
    # tags
    ("tags", "الوسوم: لبنان، إسرائيل", "tags"),
    ("keywords", "كلمات مفتاحية: غزة", "tags"),
    # wire trailers
    ("end marker", "// انتهى //", "trailer"),
    ("end marker in brackets", "(انتهى)", "trailer"),
    ("time with makka time", "19:05 ت م", "trailer"),
    ("time gmt", "08.30 GMT", "trailer"),
    ("editor initials", "ع ع / ح ع", "trailer"),
    ("link line", "رابط الخبر بصحيفة الأفق: المجلس يقر خطة الطرق", "trailer"),
    # section menus and breadcrumbs
    ("section names", "سوريا - لبنان - العراق", "menu"),
    ("breadcrumb", "الرئيسية › أخبار › سياسة", "menu"),
    ("menu bar", "أخبار | رياضة | اقتصاد | منوعات", "menu"),
    # copyright
    ("copyright", "جميع الحقوق محفوظة لوكالة الأنباء 2025", "copyright"),
    ("comment subject label", "الموضوع :", "comments"),
]


@pytest.mark.parametrize(("line", "kind"), [r[1:] for r in FURNITURE], ids=[r[0] for r in FURNITURE])
def test_furniture_line_is_dropped(line: str, kind: str) -> None:
    result = remove_boilerplate(_between_paragraphs(line))
    assert result.dropped == [(kind, line)]
    assert line not in result.text
    assert result.text.count("\n") == 1


KEPT = [
    ("sentence about the dollar", "وتراجع سعر الدولار أمام الليرة اللبنانية إلى 89 ألفا بعد الإعلان عن الاتفاق."),
    ("sentence beginning with a currency", "دولار واحد كان يكفي لشراء الخبز قبل الحرب، أما اليوم فلا."),
    ("sentence mentioning twitter", "وقال المتحدث في منشور على تويتر إن الوفد سيصل غدا إلى القاهرة."),
    ("a quoted subject", "وكان الموضوع: مستقبل قوات اليونيفيل في الجنوب."),
    ("dashes around a clause", "وقال - وهو يبتسم - إن الاتفاق بات قريبا جدا."),
    ("dateline with a date", "دمشق - سانا - 2017"),
]


@pytest.mark.parametrize("line", [r[1] for r in KEPT], ids=[r[0] for r in KEPT])
def test_article_sentence_is_kept(line: str) -> None:
    result = remove_boilerplate(_between_paragraphs(line))
    assert result.dropped == []
    assert line in result.text


@pytest.mark.parametrize(
    "line",
    [
        "انضم الأردن إلى الدعوة الدولية لوقف إطلاق النار في غزة.",
        "إرسال قوات حفظ سلام إلى جنوب لبنان بات مطروحا بقوة في مجلس الأمن.",
    ],
    ids=["indamma joined", "irsal sending"],
)
def test_short_paragraph_starting_with_a_share_verb_is_kept(line: str) -> None:
    assert line in remove_boilerplate(_between_paragraphs(line)).text


def test_paragraph_citing_a_twitter_link_is_kept() -> None:
    line = "وكتب الوزير على حسابه twitter.com/mofa أن بلاده ترفض أي تدخل خارجي في الشأن اللبناني وتدعو إلى حوار شامل."
    assert line in remove_boilerplate(_between_paragraphs(line)).text


def test_read_also_list_ends_at_a_sentence() -> None:
    text = _between_paragraphs("اقرأ أيضا:\nلقاء مرتقب بين لافروف وروبيو\nجولة جديدة في الدوحة")
    result = remove_boilerplate(text)
    assert [kind for kind, _ in result.dropped] == ["readalso"] * 3
    assert result.text == f"{FIRST}\n{LAST}"


def test_comments_cut_drops_everything_after_it() -> None:
    text = f"{FIRST}\n{LAST}\nالتعليقات\nسامر : تحليل ممتاز\nالموضوع :\nفادي : متى تنتهي الحرب"
    result = remove_boilerplate(text)
    assert result.text == f"{FIRST}\n{LAST}"
    assert [line for _, line in result.dropped] == text.splitlines()[2:]
    assert {kind for kind, _ in result.dropped} == {"comments"}


LEARNT = "شبكة الأفق الإخبارية - أخبار العالم لحظة بلحظة"
BODY = [
    "استضافت الدوحة جولة جديدة من المفاوضات غير المباشرة لوقف إطلاق النار في غزة.",
    "وقال المتحدث باسم الخارجية القطرية إن الوسطاء متفائلون بحذر.",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([LEARNT, *BODY], BODY),
        ([*BODY, LEARNT], BODY),
        ([LEARNT, "", LEARNT, *BODY, LEARNT], BODY),
        ([BODY[0], LEARNT, BODY[1]], [BODY[0], LEARNT, BODY[1]]),
    ],
    ids=["at the head", "at the tail", "repeated at both edges", "not in the middle"],
)
def test_learnt_line_dropped_only_at_the_edges(lines: list[str], expected: list[str]) -> None:
    result = remove_boilerplate("\n".join(lines), learnt={line_key(LEARNT): LEARNT})
    assert [line for line in result.text.splitlines() if line] == expected
    assert all(kind == "learnt" for kind, _ in result.dropped)


def test_line_key_ignores_spelling_variants_and_spacing() -> None:
    assert line_key("  أخبار  العالم ") == line_key("اخبار العالم")
    assert line_key("أخبار العالم") != line_key("أخبار لبنان")


def test_edge_lines_are_the_short_head_and_tail() -> None:
    lines = [f"سطر رقم {n}" for n in range(20)]
    lines[1] = "ط" * 200
    picked = edge_lines("\n\n".join(lines), max_chars=160)
    assert picked == [lines[0], lines[2], lines[3], *lines[12:]]


def test_empty_text() -> None:
    result = remove_boilerplate("")
    assert (result.text, result.dropped) == ("", [])


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param(
            "وأقر المجلس خطة لتطوير الطرق في المنطقة الشرقية خلال العام المقبل. "
            "رابط الخبر بصحيفة الأفق: المجلس يقر خطة الطرق",
            "وأقر المجلس خطة لتطوير الطرق في المنطقة الشرقية خلال العام المقبل.",
            id="link line run into the last paragraph",
        ),
        pytest.param(
            "وقال الوزير إن رابط الخبر: الذي نشر أمس لا يعكس موقف الحكومة وإن البيان الرسمي سيصدر غدا",
            "وقال الوزير إن رابط الخبر: الذي نشر أمس لا يعكس موقف الحكومة وإن البيان الرسمي سيصدر غدا",
            id="the words inside a sentence stay",
        ),
    ],
)
def test_a_link_trailer_inside_the_last_paragraph_is_cut(text: str, kept: str) -> None:
    assert remove_boilerplate(text).text == kept


def test_each_article_of_a_page_loses_its_link_trailer() -> None:
    text = (
        "افتتح المحافظ المعرض السنوي للكتاب بحضور عدد من المسؤولين. رابط الخبر بصحيفة الأفق: المحافظ يفتتح المعرض\n"
        "استقبل رئيس البلدية المهنئين بالعيد في مقر البلدية صباح أمس. "
        "رابط الخبر بصحيفة الأفق: رئيس البلدية يستقبل المهنئين"
    )
    result = remove_boilerplate(text)
    assert "رابط الخبر" not in result.text
    assert result.text.count("\n") == 1 and [kind for kind, _ in result.dropped] == ["trailer", "trailer"]
