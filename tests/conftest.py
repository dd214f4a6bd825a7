"""Shared fixtures: our own Arabic articles, a fresh store, the shared data folder."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from masar.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Sentences written by the Masar team for tests; combined into many distinct articles.
SUBJECTS = [
    "وزير الخارجية الروسي سيرغي لافروف",
    "المبعوث الأممي إلى سوريا",
    "وزير الخارجية السعودي",
    "الرئيس الأمريكي دونالد ترامب",
    "رئيس الوزراء العراقي",
    "الأمين العام للجامعة العربية",
]
VERBS = ["بحث مع", "التقى", "أجرى اتصالا هاتفيا مع", "استقبل", "ناقش مع"]
OBJECTS = [
    "نظيره التركي في أنقرة سبل تثبيت وقف إطلاق النار في إدلب",
    "وفدا من المعارضة السورية في جنيف لبحث جولة المفاوضات المقبلة",
    "المسؤولين في الدوحة ملف تبادل الأسرى في غزة",
    "السفير الإيراني في بغداد أمن الحدود المشتركة",
    "ممثلي الدول الضامنة في أستانا آلية مراقبة مناطق خفض التصعيد",
]
TAILS = [
    "وأكد الجانبان أهمية مواصلة الحوار.",
    "وقال في مؤتمر صحفي إن «الاتصالات مستمرة ولن تنقطع».",
    "وأضاف أن اللجنة المشتركة ستجتمع الأسبوع المقبل.",
    "ولم تصدر أي تعليقات رسمية من الطرف الآخر حتى الآن.",
]


def make_article(n: int, *, outlet: str = "alofoq") -> dict:
    """The n-th generated article: deterministic, and different for every n."""
    s = SUBJECTS[n % len(SUBJECTS)]
    v = VERBS[(n // 6) % len(VERBS)]
    o = OBJECTS[(n // 30) % len(OBJECTS)]
    t = TAILS[n % len(TAILS)]
    day = 1 + n % 28
    text = f"{s} {v} {o}، يوم {day} أيلول الجاري.\n{t}\nوهذا هو الخبر رقم {n} في سلسلة الاختبار."
    return {
        "id": f"t-{n:05d}",
        "outlet": outlet,
        "url": f"https://{outlet}.example/news/{n}",
        "title": f"{s} {v} {o[:30]}",
        "published": f"2025-09-{day:02d}",
        "text": text,
    }


def copies_fixtures() -> Any:
    """tests/copies/fixtures.py, imported once under a name of its own: a bare ``import
    fixtures`` would collide with any other tests/*/fixtures.py, as test folders have no
    __init__.py."""
    name = "masar_tests_copies_fixtures"
    if name not in sys.modules:
        path = Path(__file__).parent / "copies" / "fixtures.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path):
    db = Store.open(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
