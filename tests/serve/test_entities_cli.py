"""The entity commands end to end: ingest fills entities, export shows them, `masar entities`
and `masar entity` list them, `masar reprocess` redoes them (and resumes after a kill).

Every article here was written for these tests; the seeds in ../shared are read at run
time only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import SHARED, make_article, write_jsonl
from masar.arabic.normalize import for_matching
from masar.serve.cli import cli
from masar.store import Store

SAMPLE_CORPUS = Path(str(resources.files("masar").joinpath("sample/corpus")))
TYPES = {"PER", "ORG", "GPE", "LOC", "FAC"}
# CONTRACT.md, "Output": the keys of one entity and of one place, exactly.
ENTITY_KEYS = {"text", "start", "end", "type", "id", "name_ar", "name_en", "country", "sector", "role"}
PLACE_KEYS = {"text", "start", "end", "name_en", "lat", "lon", "country", "geonames_id"}
JSON_ROW_KEYS = {"id", "type", "name_ar", "name_en", "articles", "mentions", "variants"}
ALPHA3 = re.compile(r"[A-Z]{3}")
ENTITY_LINE = re.compile(r"^(PER|ORG|GPE|LOC|FAC) +(.+): (\d+) articles, (\d+) mentions$")
SPELLING_LINE = re.compile(r"^ {5}\S.* ×\d+(, .+ ×\d+)*$")
MENTION_DAY = re.compile(r"^  (\d{4}-\d{2}-\d{2}|undated)  ")


def masar(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def export(db: str | Path) -> list[dict[str, Any]]:
    result = masar("export", "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 0, (result.output, result.exception)
    return json_lines(result.output)


def query(db: str | Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def one(db: str | Path, sql: str, params: tuple[Any, ...] = ()) -> Any:
    return query(db, sql, params)[0][0]


def mention_rows(db: str | Path) -> list[tuple[Any, ...]]:
    """Every mention row with its article id, sorted: two stores with the same rows compare equal."""
    return sorted(
        query(
            db,
            "SELECT a.id, m.start, m.stop, m.text, m.type, m.entity_key, m.entity_id, m.is_primary "
            "FROM mentions m JOIN articles a ON a.seq = m.article_seq",
        )
    )


def duplicate_mentions(db: str | Path) -> list[tuple[Any, ...]]:
    return query(
        db,
        "SELECT article_seq, start, stop, type, COUNT(*) FROM mentions "
        "GROUP BY article_seq, start, stop, type HAVING COUNT(*) > 1",
    )


def day(record: dict[str, Any]) -> str | None:
    """The day `masar entities --since/--until` filters on: the anchor date, else the publication day."""
    return record["anchor_date"]["value"] if record["anchor_date"] else record["published"]


def ingest(db: str | Path, *paths: str | Path, extra: tuple[str, ...] = ()) -> Result:
    return masar("ingest", *map(str, paths), "--db", str(db), *extra)


# --------------------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("entities-cli") / "sample.db"
    result = ingest(db, SAMPLE_CORPUS, extra=("-q",))
    assert result.exit_code == 0, result.output
    return str(db)


@pytest.fixture(scope="module")
def sample_export(sample_db: str) -> list[dict[str, Any]]:
    return export(sample_db)


def entity_rows(db: str, *options: str) -> list[dict[str, Any]]:
    result = masar("entities", "--db", db, "--json", *options)
    assert result.exit_code == 0, result.output
    return json_lines(result.output)


def test_ingest_gives_every_arabic_sample_article_entities(sample_db: str) -> None:
    arabic = one(sample_db, "SELECT COUNT(*) FROM articles WHERE lang = 'ar'")
    assert arabic >= 40
    assert one(sample_db, "SELECT COUNT(*) FROM articles WHERE lang = 'ar' AND entities_version > 0") == arabic
    without = query(
        sample_db,
        "SELECT id FROM articles WHERE lang = 'ar' AND seq NOT IN (SELECT article_seq FROM mentions)",
    )
    assert without == []


def test_export_entities_and_places_follow_the_contract(sample_export: list[dict[str, Any]]) -> None:
    assert len(sample_export) == 48
    for record in sample_export:
        text = record["text"]
        assert isinstance(record["entities"], list) and isinstance(record["places"], list)
        for ent in record["entities"]:
            assert set(ent) == ENTITY_KEYS, ent
            assert ent["type"] in TYPES, ent
            assert text[ent["start"] : ent["end"]] == ent["text"], (record["id"], ent)
            assert ent["country"] is None or ALPHA3.fullmatch(ent["country"]), ent
        spans = {(e["start"], e["end"]) for e in record["entities"] if e["type"] in ("GPE", "LOC", "FAC")}
        for place in record["places"]:
            assert set(place) == PLACE_KEYS, place
            assert text[place["start"] : place["end"]] == place["text"], (record["id"], place)
            for coord in ("lat", "lon"):
                assert place[coord] is None or isinstance(place[coord], (int, float)), place
            assert place["country"] is None or ALPHA3.fullmatch(place["country"]), place
            assert (place["start"], place["end"]) in spans, place  # every place is also one of the entities
    arabic = [r for r in sample_export if r["lang"] == "ar"]
    assert all(r["entities"] for r in arabic), [r["id"] for r in arabic if not r["entities"]]
    assert sum(len(r["places"]) for r in arabic) > len(arabic)
    assert any(p["lat"] is not None for r in arabic for p in r["places"])


def test_export_names_each_entity_once_per_article(sample_export: list[dict[str, Any]]) -> None:
    for record in sample_export:
        pairs = Counter((" ".join(for_matching(e["text"]).split()), e["type"]) for e in record["entities"])
        assert [pair for pair, n in pairs.items() if n > 1] == [], record["id"]


# --------------------------------------------------------------------------- masar entities


def test_entities_prints_most_mentioned_with_counts_and_spellings(sample_db: str) -> None:
    result = masar("entities", "--db", sample_db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    heads = [line for line in lines if not line.startswith(" ")]
    assert 10 <= len(heads) <= 30  # --limit defaults to 30
    for head, spellings in zip(lines[::2], lines[1::2], strict=True):
        assert ENTITY_LINE.match(head), head
        assert SPELLING_LINE.match(spellings), spellings
    counts = [int(ENTITY_LINE.match(h).group(3)) for h in heads]
    assert counts == sorted(counts, reverse=True)
    lavrov = lines.index(next(h for h in heads if h.startswith("PER  sergei-lavrov (Sergei Lavrov) [RUS]: ")))
    assert "سيرغي لافروف ×" in lines[lavrov + 1] and "لافروف ×" in lines[lavrov + 1]
    # The text lines are the JSON rows, in the same order.
    rows = entity_rows(sample_db)
    labels = [re.sub(r" \[[A-Z]{3}\]$", "", ENTITY_LINE.match(h).group(2)).split(" (")[0] for h in heads]
    assert labels == [(r["id"] or r["name_ar"]) for r in rows]


def test_entities_type_filter_shows_only_that_type(sample_db: str) -> None:
    result = masar("entities", "--db", sample_db, "--type", "PER")
    heads = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert heads and all(h.startswith("PER ") for h in heads), heads
    assert any("sergei-lavrov" in h for h in heads)
    rows = entity_rows(sample_db, "--type", "PER", "--limit", "500")
    assert rows and {r["type"] for r in rows} == {"PER"}
    places = entity_rows(sample_db, "--type", "GPE", "--type", "LOC", "--limit", "500")
    assert places and {r["type"] for r in places} <= {"GPE", "LOC"}


def test_entities_json_rows(sample_db: str) -> None:
    rows = entity_rows(sample_db, "--limit", "5")
    assert len(rows) == 5
    for row in rows:
        assert set(row) >= JSON_ROW_KEYS, row
        assert row["type"] in TYPES and row["name_ar"]
        assert 1 <= row["articles"] <= row["mentions"]
        assert row["variants"] and all(isinstance(t, str) and isinstance(n, int) for t, n in row["variants"])
        assert sum(n for _, n in row["variants"]) <= row["mentions"]
    lavrov = next(r for r in entity_rows(sample_db, "--type", "PER") if r["id"] == "sergei-lavrov")
    assert lavrov["name_en"] == "Sergei Lavrov" and lavrov["country"] == "RUS"
    assert {"سيرغي لافروف", "لافروف"} <= {text for text, _ in lavrov["variants"]}


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (None, None),
        ("2025-10-01", None),  # the corpus's last three weeks
        (None, "2025-09-15"),  # its first half month
        ("2025-09-20", "2025-09-30"),
        ("2025-09-01", "2025-10-20"),  # the whole corpus
    ],
)
def test_entities_since_until_count_the_articles_of_those_days(
    sample_db: str, sample_export: list[dict[str, Any]], since: str | None, until: str | None
) -> None:
    options = [f"--since={since}"] if since else []
    options += [f"--until={until}"] if until else []
    rows = entity_rows(sample_db, *options, "--limit", "100000")
    expected: Counter[str] = Counter()
    for record in sample_export:
        when = day(record)
        if (since and (when is None or when < since)) or (until and (when is None or when > until)):
            continue
        expected.update({e["id"] for e in record["entities"] if e["id"]})
    assert {r["id"]: r["articles"] for r in rows if r["id"]} == dict(expected)


def test_entities_window_narrows_the_counts(sample_db: str) -> None:
    whole = {r["key"]: r["mentions"] for r in entity_rows(sample_db, "--limit", "100000")}
    late = {r["key"]: r["mentions"] for r in entity_rows(sample_db, "--since", "2025-10-01", "--limit", "100000")}
    assert late and set(late) < set(whole)
    assert all(n <= whole[key] for key, n in late.items())
    assert sum(late.values()) < sum(whole.values())


@pytest.mark.parametrize(
    "window",
    [
        ("--until", "2025-08-31"),  # before the corpus
        ("--since", "2025-10-21"),  # after it
        ("--since", "2025-10-01", "--until", "2025-09-01"),  # an empty window
    ],
)
def test_entities_outside_the_corpus_dates_are_empty(sample_db: str, window: tuple[str, ...]) -> None:
    assert entity_rows(sample_db, *window) == []
    result = masar("entities", "--db", sample_db, *window)
    assert result.exit_code == 0
    assert result.output.startswith("No entities match")


# --------------------------------------------------------------------------- masar entity ID


def mention_days(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Mentions ("))
    section = lines[start + 1 : lines.index("", start)]
    return [m.group(1) for line in section if (m := MENTION_DAY.match(line))]


def test_entity_shows_mentions_in_time_order_and_who_is_named_with_it(
    sample_db: str, sample_export: list[dict[str, Any]]
) -> None:
    person = next(r for r in entity_rows(sample_db, "--type", "PER") if r["id"])
    result = masar("entity", person["id"], "--db", sample_db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{person['id']}  ")
    assert f"Mentions ({person['articles']} articles, in time order):" in lines
    days = mention_days(result.output)
    dated = [d for d in days if d != "undated"]
    assert dated == sorted(dated) and len(days) == person["articles"]
    expected = [day(r) or "undated" for r in sample_export if any(e["id"] == person["id"] for e in r["entities"])]
    assert sorted(days) == sorted(expected)
    assert "Named with (actors):" in lines
    named = lines[lines.index("Named with (actors):") + 1 :]
    assert named[0].startswith("  ") and named[0].endswith(" articles")


@pytest.mark.parametrize(
    ("written", "entity_id"),
    [
        ("لافروف", "sergei-lavrov"),  # the family name alone
        ("سيرغي لافروف", "sergei-lavrov"),
        ("سيرجي لافروف", "sergei-lavrov"),  # almarsad's spelling
        ("دونالد ترمب", "donald-trump"),
        ("بوتن", "vladimir-putin"),  # annahar-j's spelling
    ],
)
def test_entity_finds_an_arabic_name_as_written(sample_db: str, written: str, entity_id: str) -> None:
    by_name = masar("entity", written, "--db", sample_db)
    by_id = masar("entity", entity_id, "--db", sample_db)
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output.splitlines()[0].startswith(f"{entity_id}  ")
    assert by_name.output == by_id.output


def test_entity_finds_the_most_used_spelling_from_the_json_listing(sample_db: str) -> None:
    for row in entity_rows(sample_db, "--type", "PER", "--limit", "3"):
        by_id = masar("entity", row["id"] or row["key"], "--db", sample_db)
        by_name = masar("entity", row["variants"][0][0], "--db", sample_db)
        assert by_id.exit_code == by_name.exit_code == 0
        assert by_name.output.splitlines()[0] == by_id.output.splitlines()[0]


@pytest.mark.parametrize("unknown", ["no-such-person", "فلان الفلاني"])
def test_entity_unknown_is_a_one_line_usage_error(sample_db: str, unknown: str) -> None:
    result = masar("entity", unknown, "--db", sample_db)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[M042]") and unknown in lines[0]


# --------------------------------------------------------------------------- ingest --no-entities, reprocess


def reprocess(db: str | Path, *options: str) -> Result:
    result = masar("reprocess", "--stage", "entities", "--db", str(db), *options)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def processed(result: Result) -> tuple[int, int]:
    found = re.search(r"(\d+) articles processed; (\d+) mentions in ", result.output)
    assert found, result.output
    return int(found.group(1)), int(found.group(2))


def test_no_entities_then_reprocess_fills_them_once(tmp_path: Path, sample_db: str) -> None:
    db = tmp_path / "late.db"
    assert ingest(db, SAMPLE_CORPUS, extra=("--no-entities", "-q")).exit_code == 0
    assert one(db, "SELECT COUNT(*) FROM mentions") == 0
    assert one(db, "SELECT MAX(entities_version) FROM articles") == 0
    assert all(r["entities"] == [] and r["places"] == [] for r in export(db))
    assert masar("entities", "--db", str(db)).output.startswith("No entities match")

    arabic = one(db, "SELECT COUNT(*) FROM articles WHERE lang = 'ar'")
    done, mentions = processed(reprocess(db))
    assert done == arabic
    assert one(db, "SELECT COUNT(*) FROM articles WHERE lang = 'ar' AND entities_version = 0") == 0
    assert mentions == one(db, "SELECT COUNT(*) FROM mentions") > 0
    # The same texts and the same extractor: exactly what an ingest with entities stores.
    assert mention_rows(db) == mention_rows(sample_db)

    again, mentions_again = processed(reprocess(db))
    assert again == arabic and mentions_again == mentions
    assert duplicate_mentions(db) == []


@pytest.fixture(scope="module", params=["after-no-entities", "after-ingest"])
def killed_reprocess(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A reprocess killed after its first batches, run again, and an uninterrupted one beside it.

    after-no-entities: the first reprocess of articles ingested with --no-entities;
    after-ingest: a reprocess of articles whose entities the ingest already found.
    """
    folder = tmp_path_factory.mktemp(request.param)
    total = 600
    source = write_jsonl(folder / "many.jsonl", [make_article(n) for n in range(total)])
    base = folder / "base.db"
    flags = ("--no-stories", "-q") + (("--no-entities",) if request.param == "after-no-entities" else ())
    assert ingest(base, source, extra=flags).exit_code == 0
    target = one(base, "SELECT MAX(entities_version) FROM articles") + 1
    whole, killed = folder / "whole.db", folder / "killed.db"
    shutil.copy(base, whole)
    shutil.copy(base, killed)
    reprocess(whole, "--batch-size", "2", "-q")

    def done() -> int:
        try:
            return int(one(killed, "SELECT COUNT(*) FROM articles WHERE entities_version >= ?", (target,)))
        except sqlite3.Error:
            return 0

    proc = subprocess.Popen(
        [sys.executable, "-m", "masar", "reprocess", "--stage", "entities", "--db", str(killed), "--batch-size", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and done() < 4:  # two batches of 2
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = done()
    rerun = reprocess(killed)
    return {"total": total, "at_kill": at_kill, "rerun": rerun, "whole": whole, "killed": killed}


@pytest.mark.timeout(120)
def test_killed_reprocess_run_again_equals_an_uninterrupted_run(killed_reprocess: dict[str, Any]) -> None:
    run = killed_reprocess
    assert 0 < run["at_kill"] < run["total"], "the reprocess should be killed half-way"
    whole, killed = run["whole"], run["killed"]
    assert one(killed, "SELECT COUNT(*) FROM mentions") == one(whole, "SELECT COUNT(*) FROM mentions") > 0
    assert mention_rows(killed) == mention_rows(whole)
    assert duplicate_mentions(killed) == []
    assert one(killed, "SELECT COUNT(DISTINCT entities_version) FROM articles") == 1


@pytest.mark.timeout(120)
@pytest.mark.parametrize("killed_reprocess", ["after-no-entities", "after-ingest"], indirect=True)
def test_killed_reprocess_resumes_where_it_stopped(killed_reprocess: dict[str, Any]) -> None:
    run = killed_reprocess
    done, _ = processed(run["rerun"])
    assert done == run["total"] - run["at_kill"]


# --------------------------------------------------------------------------- --actors


# An invented person in an invented article: no knowledge base can know him.
ACTORS_CSV = (
    "id,name_en,names_ar,country,sector,role\n"
    "ramez-al-qatami,Ramez al-Qatami,رامز القطامي|القطامي,JOR,GOV,director of the national water carrier\n"
    'hala-al-mansi,Hala al-Mansi,"هالة المنسي|المنسي",JOR,LEG,member of parliament\n'
)
BAD_ACTORS_CSV = (
    "id,name_en,names_ar,country,sector,role\n"
    "ramez-al-qatami,Ramez al-Qatami,رامز القطامي,JOR,GOV,director of the national water carrier\n"
    "hala-al-mansi,Hala al-Mansi,هالة المنسي,JOR,LEG\n"  # line 3: the role is missing
)
WATER_ARTICLE = {
    "id": "water-1",
    "outlet": "alofoq",
    "published": "2025-10-05",
    "title": "بدء حفر الخط الرئيسي للناقل الوطني للمياه مطلع العام المقبل",
    "text": (
        "عمّان – أكد رامز القطامي، المدير التنفيذي لمشروع الناقل الوطني للمياه، أن أعمال حفر الخط الرئيسي "
        "بين العقبة وعمّان ستبدأ مطلع العام المقبل.\n"
        "وقال القطامي في مؤتمر صحفي عقده اليوم الأحد إن كلفة المرحلة الأولى تقدر بنحو مليار دولار، مشيرا إلى "
        "أن المشروع سيؤمن نحو ثلاثمئة مليون متر مكعب من المياه سنويا للمدن الأردنية.\n"
        "من جهتها طالبت النائبة هالة المنسي بنشر تفاصيل العقود قبل توقيعها."
    ),
}
OTHER_ARTICLE = {
    "id": "weather-1",
    "outlet": "alofoq",
    "published": "2025-10-06",
    "title": "أمطار غزيرة متوقعة",
    "text": "توقعت دائرة الأرصاد الجوية هطول أمطار غزيرة على مناطق واسعة خلال اليومين المقبلين، "
    "ودعت السائقين إلى توخي الحذر على الطرق الخارجية.",
}


def test_user_actors_csv_names_an_invented_person(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "water.jsonl", [WATER_ARTICLE])
    actors = tmp_path / "my.csv"
    actors.write_text(ACTORS_CSV, encoding="utf-8")
    plain, mine = tmp_path / "plain.db", tmp_path / "mine.db"
    assert ingest(plain, source, extra=("-q",)).exit_code == 0
    result = ingest(mine, source, extra=("-q", "--actors", str(actors)))
    assert result.exit_code == 0, result.output
    assert "ramez-al-qatami" not in {e["id"] for e in export(plain)[0]["entities"]}
    [record] = export(mine)
    found = {e["id"]: e for e in record["entities"]}
    assert "ramez-al-qatami" in found, record["entities"]
    ramez = found["ramez-al-qatami"]
    assert (ramez["type"], ramez["name_en"], ramez["country"], ramez["sector"]) == (
        "PER",
        "Ramez al-Qatami",
        "JOR",
        "GOV",
    )
    assert record["text"][ramez["start"] : ramez["end"]] == ramez["text"] == "رامز القطامي"


def test_reprocess_with_user_actors_finds_the_invented_person(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "water.jsonl", [WATER_ARTICLE])
    actors = tmp_path / "my.tsv"
    actors.write_text(ACTORS_CSV.replace(",", "\t").replace('"', ""), encoding="utf-8")
    db = tmp_path / "x.db"
    assert ingest(db, source, extra=("-q",)).exit_code == 0
    reprocess(db, "--actors", str(actors), "-q")
    assert "ramez-al-qatami" in {e["id"] for e in export(db)[0]["entities"]}
    assert duplicate_mentions(db) == []


def snapshot(db: Path) -> tuple[Any, ...]:
    return (
        query(db, "SELECT id, content_hash, text, version, entities_version FROM articles ORDER BY seq"),
        mention_rows(db),
        query(db, "SELECT id, status FROM runs ORDER BY id"),
    )


@pytest.mark.parametrize("command", ["ingest", "reprocess"])
def test_malformed_actors_csv_is_a_one_line_error_naming_the_line(tmp_path: Path, command: str) -> None:
    db = tmp_path / "x.db"
    assert ingest(db, write_jsonl(tmp_path / "old.jsonl", [OTHER_ARTICLE]), extra=("-q",)).exit_code == 0
    before = snapshot(db)
    bad = tmp_path / "my.csv"
    bad.write_text(BAD_ACTORS_CSV, encoding="utf-8")
    if command == "ingest":
        source = write_jsonl(tmp_path / "water.jsonl", [WATER_ARTICLE])
        result = ingest(db, source, extra=("--actors", str(bad)))
    else:
        result = masar("reprocess", "--stage", "entities", "--db", str(db), "--actors", str(bad))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("[M041]") and f"{bad}:3" in lines[0]
    assert snapshot(db) == before  # the stored articles, mentions and runs are untouched


def test_malformed_actors_csv_writes_nothing_to_a_new_db(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    bad = tmp_path / "my.csv"
    bad.write_text(BAD_ACTORS_CSV, encoding="utf-8")
    result = ingest(db, write_jsonl(tmp_path / "water.jsonl", [WATER_ARTICLE]), extra=("--actors", str(bad)))
    assert result.exit_code == 2 and "my.csv:3" in result.output
    if db.exists():
        assert one(db, "SELECT COUNT(*) FROM articles") == one(db, "SELECT COUNT(*) FROM runs") == 0


# --------------------------------------------------------------------------- re-ingesting


LAVROV_CAIRO = (
    "موسكو – بحث وزير الخارجية الروسي سيرغي لافروف في موسكو اليوم الثلاثاء مع نظيره المصري سبل دعم "
    "الحوار بين الأطراف السودانية.\n"
    "وقال لافروف في مؤتمر صحفي إن بلاده مستعدة لاستضافة جولة جديدة من المحادثات قبل نهاية العام."
)
RUBIO_AID = (
    "واشنطن – قال وزير الخارجية الأمريكي ماركو روبيو اليوم الثلاثاء إن بلاده ستعقد اجتماعا مع شركائها "
    "الأوروبيين لبحث المساعدات الإنسانية للسودان.\n"
    "وأضاف روبيو أن الاجتماع سيعقد في واشنطن الأسبوع المقبل بمشاركة منظمات الإغاثة الدولية."
)


def edited(text: str) -> dict[str, Any]:
    return {"id": "edit-1", "outlet": "almarsad", "published": "2025-10-07", "title": "خبر قابل للتعديل", "text": text}


def article_mentions(db: Path, article_id: str) -> list[tuple[Any, ...]]:
    return query(
        db,
        "SELECT m.start, m.stop, m.text, m.entity_id, a.text FROM mentions m JOIN articles a ON a.seq = m.article_seq "
        "WHERE a.id = ? ORDER BY m.start",
        (article_id,),
    )


def test_reingesting_changed_text_replaces_its_mentions(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    source = tmp_path / "edit.jsonl"
    ingest(db, write_jsonl(source, [edited(LAVROV_CAIRO)]), extra=("-q",))
    assert "sergei-lavrov" in {row[3] for row in article_mentions(db, "edit-1")}

    result = ingest(db, write_jsonl(source, [edited(RUBIO_AID)]))
    assert result.exit_code == 0 and "updated 1" in result.output
    rows = article_mentions(db, "edit-1")
    assert "marco-rubio" in {row[3] for row in rows}
    assert not {"sergei-lavrov", "gn-524901"} & {row[3] for row in rows}  # Lavrov and Moscow are gone
    assert all(body[start:stop] == text for start, stop, text, _, body in rows)  # every offset fits the new text
    assert not any("لافروف" in row[2] or "موسكو" in row[2] for row in rows)
    assert duplicate_mentions(db) == []

    before = mention_rows(db)
    again = ingest(db, source)
    assert "added 0, updated 0, already stored 1" in again.output
    assert mention_rows(db) == before


def test_reingesting_changed_text_with_no_entities_drops_the_stale_mentions(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    source = tmp_path / "edit.jsonl"
    ingest(db, write_jsonl(source, [edited(LAVROV_CAIRO)]), extra=("-q",))
    ingest(db, write_jsonl(source, [edited(RUBIO_AID)]), extra=("-q", "--no-entities"))
    assert article_mentions(db, "edit-1") == []
    assert one(db, "SELECT entities_version FROM articles WHERE id = 'edit-1'") == 0
    reprocess(db, "-q")
    assert "marco-rubio" in {row[3] for row in article_mentions(db, "edit-1")}


# --------------------------------------------------------------------------- bad input at ingest


BODY = (
    "ارتفعت أسعار الخضار في الأسواق المحلية خلال الأسبوع الماضي بسبب موجة الحر، وقال تجار إن الطلب "
    "تراجع بشكل ملحوظ.\n"
    "وتوقع مختصون أن تعود الأسعار إلى مستوياتها المعتادة مع تحسن الطقس في الأيام المقبلة."
)
# Furniture lines the boilerplate rules remove, and the names inside them.
BOILERPLATE = [
    # follow and subscribe lines
    ("تابعونا على تويتر وفيسبوك", ("تويتر", "فيسبوك")),
    ("تابعوا صفحتنا على فيسبوك لآخر أخبار دمشق وبيروت", ("فيسبوك", "دمشق", "بيروت")),
    ("اشترك في قناتنا على تلغرام", ("تلغرام",)),
    # share buttons
    ("فيسبوك | تويتر | واتساب", ("فيسبوك", "تويتر", "واتساب")),
    ("شارك عبر واتساب", ("واتساب",)),
    ("شارك على فيسبوك", ("فيسبوك",)),
    # "read also" lines and lists
    ("اقرأ أيضا: لافروف يبحث مع روبيو الملف السوري", ("لافروف", "روبيو")),
    (
        "اقرأ أيضا\nبوتين يستقبل أردوغان في سوتشي\nغوتيريش يدعو إلى وقف القتال في الفاشر",
        ("بوتين", "أردوغان", "سوتشي", "غوتيريش", "الفاشر"),
    ),
    # copyright
    ("جميع الحقوق محفوظة لوكالة الشرق للأنباء 2025", ("الشرق",)),
]
KNOWN_KEPT: dict[str, pytest.MarkDecorator] = {}
BIG_WORD = "عاجل "
BIG_REPEATS = 111_112  # 9 UTF-8 bytes each: 1 MB


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("bad-inputs")
    records: list[dict[str, Any]] = [
        {
            "id": "english-1",
            "outlet": "levant-dispatch",
            "published": "2025-09-10",
            "title": "Ceasefire talks resume in Geneva",
            "text": "Foreign ministers of Russia and the United States met in Geneva on Tuesday to discuss the "
            "ceasefire in Idlib. Sergei Lavrov said the talks would continue next week.",
        },
        {"id": "big-1", "outlet": "alofoq", "published": "2025-09-11", "title": "عاجل", "text": BIG_WORD * BIG_REPEATS},
    ]
    # No outlet: only the rules remove furniture, nothing is learnt from the repeated body.
    for n, (lines, _) in enumerate(BOILERPLATE):
        records.append({"id": f"furniture-{n}", "published": "2025-09-12", "text": BODY + "\n" + lines})
    source = write_jsonl(folder / "bad.jsonl", records)
    db = folder / "bad.db"
    result = ingest(db, source)
    return {"result": result, "db": db, "records": records, "export": {r["id"]: r for r in export(db)}}


def test_bad_inputs_are_all_stored_and_the_run_completes(bad_inputs: dict[str, Any]) -> None:
    result = bad_inputs["result"]
    assert result.exit_code == 0, result.output
    assert f"added {len(bad_inputs['records'])}," in result.output
    assert set(bad_inputs["export"]) == {r["id"] for r in bad_inputs["records"]}
    assert duplicate_mentions(bad_inputs["db"]) == []


def test_english_article_is_kept_without_entities(bad_inputs: dict[str, Any]) -> None:
    record = bad_inputs["export"]["english-1"]
    assert record["lang"] == "en" and "Sergei Lavrov" in record["text"]
    assert record["entities"] == [] and record["places"] == []
    with Store.open(bad_inputs["db"], create=False) as store:
        assert store.stage_skips() == {("arabic", "not_arabic"): 1}


def test_one_megabyte_of_one_word_is_kept_whole(bad_inputs: dict[str, Any]) -> None:
    record = bad_inputs["export"]["big-1"]
    assert record["text"] == (BIG_WORD * BIG_REPEATS).strip()
    assert record["entities"] == [] and record["places"] == []
    assert one(bad_inputs["db"], "SELECT entities_version FROM articles WHERE id = 'big-1'") > 0


@pytest.mark.timeout(60)
def test_one_name_repeated_is_ingested_quickly(tmp_path: Path) -> None:
    warm = write_jsonl(tmp_path / "warm.jsonl", [OTHER_ARTICLE])
    assert ingest(tmp_path / "warm.db", warm, extra=("-q",)).exit_code == 0  # load the models first
    spam = {"id": "names-1", "outlet": "alofoq", "published": "2025-09-11", "text": "محمد " * 4000}
    source = write_jsonl(tmp_path / "names.jsonl", [spam])
    started = time.monotonic()
    result = ingest(tmp_path / "x.db", source, extra=("-q", "--no-stories"))
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 2.0, f"{elapsed:.1f} s for 20,000 characters"


@pytest.mark.parametrize(
    ("n", "names"),
    [
        pytest.param(n, names, id=lines.split("\n")[0], marks=[KNOWN_KEPT[lines]] if lines in KNOWN_KEPT else [])
        for n, (lines, names) in enumerate(BOILERPLATE)
    ],
)
def test_names_in_removed_boilerplate_are_not_entities(
    bad_inputs: dict[str, Any], n: int, names: tuple[str, ...]
) -> None:
    record = bad_inputs["export"][f"furniture-{n}"]
    assert record["text"] == BODY
    found = [e["text"] for e in record["entities"]]
    assert not [name for name in names for text in found if for_matching(name) in for_matching(text)], found
    assert record["entities"] == []  # the body names nobody


# --------------------------------------------------------------------------- the founding seeds


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = next((p for p in (SHARED / "seeds", Path("/work/shared/seeds")) if p.is_dir()), None)
    if folder is None or len(list(folder.glob("00[0-4]_*.txt"))) < 5:
        pytest.skip("the five seeds (../shared/seeds) are not present")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    result = ingest(db, *sorted(folder.glob("00[0-4]_*.txt")), extra=("-q",))
    assert result.exit_code == 0, result.output
    return db


def occurrences(db: Path, seed: str, written: str) -> list[tuple[int, list[Any]]]:
    """Each place the seed's text writes ``written``, with the mentions (all, not only primary) covering it."""
    with Store.open(db, create=False) as store:
        [(seq, text)] = store.conn.execute(
            "SELECT seq, text FROM articles WHERE source_path LIKE ?", (f"%/{seed}_%",)
        ).fetchall()
        mentions = store.article_mentions([seq], primary_only=False)[seq]
    found = []
    for match in re.finditer(re.escape(written), text):
        found.append((match.start(), [m for m in mentions if m.start <= match.start() and match.end() <= m.end]))
    assert found, f"seed {seed} no longer writes {written}"
    return found


# (seed, the name as the seed writes it, what its mention must resolve to)
SEED_NAMES = [
    ("001", "ترامب", {"id": "donald-trump", "type": "PER"}),
    ("000", "ترمب", {"id": "donald-trump", "type": "PER"}),
    ("000", "سيرغي لافروف", {"id": "sergei-lavrov", "country": "RUS", "sector": "GOV"}),
    ("004", "سيرغي لافروف", {"id": "sergei-lavrov", "country": "RUS", "sector": "GOV"}),
    ("002", "ألكسندر لافرينتيف", {"type": "PER", "country": "RUS", "sector": "GOV"}),
    ("003", "الخارجية الروسية", {"type": "ORG", "country": "RUS", "sector": "GOV"}),
    ("000", "الخارجية الروسية", {"type": "ORG", "country": "RUS", "sector": "GOV"}),
    ("001", "داعش", {"id": "ISIL"}),
    ("004", "داعش", {"id": "ISIL"}),
]


@pytest.mark.parametrize(("seed", "written", "expected"), SEED_NAMES)
def test_seed_names_resolve(seeds_db: Path, seed: str, written: str, expected: dict[str, str]) -> None:
    found = occurrences(seeds_db, seed, written)
    first_at, first = found[0]
    assert first, f"no mention covers {written} at {first_at}"
    for _, covering in found:
        for mention in covering:
            assert {k: getattr(mention, k) for k in expected} == expected, mention


def test_seed_trump_spellings_share_one_id(seeds_db: Path) -> None:
    ids = {
        m.id
        for seed, written in (("001", "ترامب"), ("000", "ترمب"))
        for _, ms in occurrences(seeds_db, seed, written)
        for m in ms
    }
    assert ids == {"donald-trump"}


# A person's family name alone, after the article named them in full: every one is a mention.
SEED_FAMILY_NAMES = [
    ("000", "لافروف", "sergei-lavrov"),
    ("001", "لافروف", "sergei-lavrov"),
    ("001", "ترامب", "donald-trump"),
    ("002", "لافرينتيف", "alexander-lavrentiev"),
    ("003", "لافروف", "sergei-lavrov"),
    ("004", "لافروف", "sergei-lavrov"),
]


@pytest.mark.parametrize(("seed", "family", "entity_id"), SEED_FAMILY_NAMES)
def test_seed_family_name_alone_is_the_same_person(seeds_db: Path, seed: str, family: str, entity_id: str) -> None:
    found = occurrences(seeds_db, seed, family)
    missed = [at for at, covering in found if not covering]
    assert missed == [], f"{len(found) - len(missed)} of {len(found)} covered; missed at {missed}"
    assert {m.id for _, covering in found for m in covering} == {entity_id}
