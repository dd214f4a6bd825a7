"""The ingest run end to end: bad input never loses data, reruns add nothing, kills resume."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_article, write_jsonl
from masar.arabic.langid import LanguageIdentifier
from masar.ingest import IngestOptions, ingest
from masar.serve.export import export_records
from masar.settings import Settings
from masar.store import Store


def _bad_folder(root: Path) -> Path:
    """A folder of what real users drop in: good articles among broken inputs."""
    folder = root / "inbox"
    folder.mkdir()
    write_jsonl(folder / "good.jsonl", [make_article(n) for n in range(5)])
    lines = [json.dumps(make_article(n), ensure_ascii=False) for n in range(5, 10)]
    lines.insert(2, '{"id": "broken", "text": "نص مقطوع')
    lines.insert(5, "this is not json")
    (folder / "two-broken-lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "random.bin").write_bytes(bytes([0, 159, 146, 150, 0, 1, 2, 3]) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes("خبر ".encode() * 3000)
    (folder / "no-text.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (folder / "cp1256.txt").write_bytes(
        "الرياض تستضيف اجتماعا وزاريا\nاستضافت الرياض اجتماعا لوزراء الخارجية العرب لبحث الأوضاع في السودان.".encode(
            "cp1256"
        )
    )
    crawl = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nHTTP/1.1 200 OK\r\n")
    (folder / "truncated.warc.gz").write_bytes(crawl[: len(crawl) // 2])
    return folder


def test_bad_inputs_are_recorded_and_good_ones_stored(tmp_path: Path, store: Store) -> None:
    folder = _bad_folder(tmp_path)
    options = IngestOptions(settings=Settings(max_input_bytes=10_000))
    report = ingest([str(folder)], store, options=options)
    reasons = {(Path(s.path).name, s.locator, s.reason) for s in report.refused}
    assert ("two-broken-lines.jsonl", "line 3", "bad_json_line") in reasons
    assert ("two-broken-lines.jsonl", "line 6", "bad_json_line") in reasons
    assert ("image.png", "", "binary_input") in reasons
    assert ("random.bin", "", "binary_input") in reasons
    assert ("empty.txt", "", "empty_input") in reasons
    assert ("huge.txt", "", "too_large") in reasons
    assert ("no-text.html", "", "no_text") in reasons
    assert any(name == "truncated.warc.gz" for name, _, _ in reasons)
    assert report.added == 11  # 5 + 5 good JSON lines + the cp1256 article
    stored = {a["id"]: a for a in store.iter_articles()}
    assert any("السودان" in a["text"] for a in stored.values())
    assert store.stats()["skips_by_reason"]


def test_second_run_adds_nothing_and_records_skips_once(tmp_path: Path, store: Store) -> None:
    folder = _bad_folder(tmp_path)
    options = IngestOptions(settings=Settings(max_input_bytes=10_000))
    first = ingest([str(folder)], store, options=options)
    second = ingest([str(folder)], store, options=options)
    assert second.added == 0 and second.updated == 0 and second.unchanged == first.added
    assert len(store.skips()) == len(first.refused)


def test_same_id_with_changed_text_updates_and_keeps_version(tmp_path: Path, store: Store) -> None:
    art = make_article(1)
    ingest([str(write_jsonl(tmp_path / "a.jsonl", [art]))], store, options=IngestOptions())
    art["text"] += "\nتحديث: أعلنت الخارجية لاحقا تأجيل الاجتماع."
    report = ingest([str(write_jsonl(tmp_path / "b.jsonl", [art]))], store, options=IngestOptions())
    assert report.updated == 1
    assert store.stats()["articles"] == 1
    assert len(store.article_versions(art["id"])) == 1


def test_articles_without_ids_get_stable_ids(tmp_path: Path, store: Store) -> None:
    records = [{k: v for k, v in make_article(n).items() if k != "id"} for n in range(3)]
    path = write_jsonl(tmp_path / "noid.jsonl", records)
    ingest([str(path)], store, options=IngestOptions())
    ids = [a["id"] for a in store.iter_articles()]
    ingest([str(path)], store, options=IngestOptions())
    assert [a["id"] for a in store.iter_articles()] == ids and len(set(ids)) == 3


def test_non_arabic_article_is_stored_with_its_language_and_skip_reason(tmp_path: Path, store: Store) -> None:
    english = {"id": "en-1", "text": "The foreign ministers met in Geneva on Monday to discuss the ceasefire in Idlib."}
    ingest([str(write_jsonl(tmp_path / "en.jsonl", [english, make_article(2)]))], store, options=IngestOptions())
    langs = {a["id"]: a["lang"] for a in store.iter_articles()}
    assert langs == {"en-1": "en", "t-00002": "ar"}
    assert store.stage_skips() == {("arabic", "not_arabic"): 1}


def test_outlet_furniture_is_learnt_across_its_articles(tmp_path: Path, store: Store) -> None:
    furniture = "تابعوا آخر الأخبار على موقع الأفق الإخباري في كل لحظة"
    records = []
    for n in range(6):
        art = make_article(n)
        art["text"] = f"{art['text']}\n{furniture}"
        records.append(art)
    ingest([str(write_jsonl(tmp_path / "a.jsonl", records))], store, options=IngestOptions())
    texts = [a["text"] for a in store.iter_articles()]
    assert all(furniture not in t for t in texts)
    assert all("سلسلة الاختبار" in t for t in texts)


def test_dateline_gives_the_date_when_metadata_has_none(tmp_path: Path, store: Store) -> None:
    art = {"id": "d1", "text": "دمشق - 14 أيلول 2025\nأعلنت الحكومة السورية أمس عن خطة لإعادة الإعمار في ريف حلب."}
    ingest([str(write_jsonl(tmp_path / "d.jsonl", [art]))], store, options=IngestOptions())
    [stored] = store.iter_articles()
    assert stored["published"] == "2025-09-14"
    assert stored["anchor_date"] == {"value": "2025-09-14", "source": "dateline"}


# Any text survives ingest → export unchanged (STYLE rule 25). Text is what
# remains after boilerplate rules, so it is drawn without line breaks and stripped.
_article_text = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=25, max_size=400)
    .map(str.strip)
    .filter(lambda t: len(t) >= 25)
)


# Loaded once: py3langid's model takes half a second to load.
_LANGUAGE = LanguageIdentifier()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_article_text, title=st.one_of(st.none(), st.text(max_size=80)))
def test_any_unicode_text_survives_ingest_and_export(tmp_path: Path, text: str, title: str | None) -> None:
    db = Store.open(":memory:")
    record = {"id": "p1", "text": text, "title": title, "extra": {"نوع": [1, "٢"]}}
    path = tmp_path / "p.jsonl"
    write_jsonl(path, [record])
    report = ingest([str(path)], db, options=IngestOptions(), language=_LANGUAGE)
    exported = list(export_records(db))
    db.close()
    if report.refused:  # only furniture-only text may be refused, and then it is recorded
        assert report.refused[0].reason in {"boilerplate_only", "too_short"}
        return
    assert exported[0]["text"] == text or exported[0]["text"] != text and _is_furniture_line_dropped(text)
    assert exported[0]["meta"] == {"extra": {"نوع": [1, "٢"]}}
    assert exported[0]["title"] == (title.strip() or None if title else None)


def _is_furniture_line_dropped(text: str) -> bool:
    from masar.ingest.boilerplate import remove_boilerplate

    return remove_boilerplate(text).dropped != []


@pytest.mark.timeout(120)
def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    total = 4000
    path = write_jsonl(tmp_path / "many.jsonl", [make_article(n) for n in range(total)])
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "masar", "ingest", str(path), "--db", str(db), "--batch-size", "50", "-q"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(db)
        if stored >= 200:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < _count(db) < total, "the run should be killed half-way"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=100)
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        ids = [a["id"] for a in store.iter_articles()]
        assert len(ids) == total == len(set(ids))
        # The search index holds each article once: one hit per distinct article number.
        hits = store.search("الخبر رقم 1234", limit=10)
        assert [h.id for h in hits] == ["t-01234"]


def _count(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_changed_article_is_grouped_again(tmp_path: Path, store: Store) -> None:
    art = make_article(3)
    ingest([str(write_jsonl(tmp_path / "a.jsonl", [art]))], store, options=IngestOptions())
    art["text"] = "أعلنت وزارة الزراعة العراقية بدء موسم حصاد القمح في محافظة نينوى وسط توقعات بإنتاج وفير هذا العام."
    ingest([str(write_jsonl(tmp_path / "b.jsonl", [art]))], store, options=IngestOptions())
    [record] = export_records(store)
    assert record["story"] is not None
    assert store.conn.execute("SELECT grouped FROM articles").fetchone()[0] == 1
