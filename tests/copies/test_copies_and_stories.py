"""Copies and stories end to end: near-identical copies, stories, chains, over our own articles.

The fixtures (``fixtures.py`` here) hold two wires with their copies, independent reports of
the same happenings, an opinion column, a different happening with the same actors on the
same day, the next round of the same talks, unrelated singletons, very short items and an
English article. Scores are pairwise precision and recall for copy groups and B-cubed for
stories, both required to be 1.0 on this small, clear-cut set.
"""

from __future__ import annotations

import difflib
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import copies_fixtures, write_jsonl
from masar.ingest import IngestOptions, ingest
from masar.serve.cli import cli
from masar.serve.export import export_records
from masar.store import Store

fx = copies_fixtures()
ARTICLES: list[dict[str, Any]] = fx.ARTICLES
EXPECTED_COPY: dict[str, str | None] = fx.EXPECTED_COPY
EXPECTED_STORY: dict[str, str] = fx.EXPECTED_STORY
EXPECTED_CHAIN: dict[str, str | None] = fx.EXPECTED_CHAIN
IDS = [a["id"] for a in ARTICLES]
BY_ID = {a["id"]: a for a in ARTICLES}
ORDER = {a["id"]: n for n, a in enumerate(ARTICLES)}

Partition = frozenset[frozenset[str]]
Records = dict[str, dict[str, Any]]


# ---------------------------------------------------------------------------
# Scoring helpers
# ---------------------------------------------------------------------------


def partition(labels: Mapping[str, Hashable | None]) -> Partition:
    """Items grouped by label; an item labelled None stands alone."""
    groups: dict[Hashable, set[str]] = defaultdict(set)
    for item, label in labels.items():
        groups[("alone", item) if label is None else ("label", label)].add(item)
    return frozenset(frozenset(g) for g in groups.values())


def _cluster_of(parts: Partition) -> dict[str, frozenset[str]]:
    return {item: group for group in parts for item in group}


def pairwise(predicted: Partition, gold: Partition) -> tuple[float, float]:
    """Precision and recall of the pairs put together (1.0 where there is nothing to get wrong)."""

    def pairs(parts: Partition) -> set[frozenset[str]]:
        return {frozenset(p) for group in parts for p in combinations(sorted(group), 2)}

    pred, true = pairs(predicted), pairs(gold)
    hit = len(pred & true)
    return (hit / len(pred) if pred else 1.0, hit / len(true) if true else 1.0)


def bcubed(predicted: Partition, gold: Partition) -> tuple[float, float]:
    """B-cubed precision and recall (Bagga and Baldwin 1998), averaged over the gold items."""
    pred, true = _cluster_of(predicted), _cluster_of(gold)
    items = list(true)
    precision = sum(len(pred[i] & true[i]) / len(pred[i]) for i in items) / len(items)
    recall = sum(len(pred[i] & true[i]) / len(true[i]) for i in items) / len(items)
    return precision, recall


def copy_partition(records: Records) -> Partition:
    """Copy groups: articles linked through duplicate_of, whatever the direction of the links."""
    parent = {i: i for i in records}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for rid, rec in records.items():
        target = rec["duplicate_of"]
        if target is not None:
            assert target in records, f"{rid}: duplicate_of {target!r} is not a stored article"
            parent[find(rid)] = find(target)
    return partition({i: find(i) for i in records})


def story_partition(records: Records) -> Partition:
    return partition({i: rec["story"] for i, rec in records.items()})


def _explain(predicted: Partition, gold: Partition) -> str:
    """The gold groups that came out split or merged, for the assertion message."""
    pred = _cluster_of(predicted)
    lines = []
    for group in sorted(gold, key=lambda g: min(ORDER[i] for i in g)):
        got = {pred[i] for i in group}
        merged = set().union(*got) - group
        if len(got) > 1 or merged:
            lines.append(
                f"  gold {sorted(group)}: split into {[sorted(g) for g in got]}"
                + (f"; merged with {sorted(merged)}" if merged else "")
            )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Ingest helpers and the shared, read-only ingest of the fixtures
# ---------------------------------------------------------------------------


def ingest_articles(store: Store, articles: Iterable[dict[str, Any]], path: Path) -> Any:
    return ingest([str(write_jsonl(path, list(articles)))], store, options=IngestOptions())


def read_records(store: Store) -> Records:
    return {rec["id"]: rec for rec in export_records(store)}


def fresh_records(tmp_path: Path, name: str, *batches: list[dict[str, Any]]) -> Records:
    """Ingest the batches, one ingest call each, into a new store and export it."""
    with Store.open(tmp_path / f"{name}.db") as store:
        for n, batch in enumerate(batches):
            ingest_articles(store, batch, tmp_path / f"{name}-{n}.jsonl")
        return read_records(store)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("copies")
    path = folder / "fixtures.db"
    with Store.open(path) as store:
        ingest_articles(store, ARTICLES, folder / "a.jsonl")
    return path


@pytest.fixture(scope="module")
def records(db_path: Path) -> Records:
    with Store.open(db_path, create=False) as store:
        return read_records(store)


@pytest.fixture(scope="module")
def stories(db_path: Path) -> dict[str, dict[str, Any]]:
    from masar.serve.export import story_records

    with Store.open(db_path, create=False) as store:
        return {rec["id"]: rec for rec in story_records(store)}


def gold_members(label: str, expected: Mapping[str, str | None]) -> list[str]:
    return [i for i in IDS if expected[i] == label]


def earliest(ids: Iterable[str]) -> str:
    """The group's earliest article: by published day, then input order."""
    return min(ids, key=lambda i: (BY_ID[i]["published"], ORDER[i]))


# ---------------------------------------------------------------------------
# The fixture data itself
# ---------------------------------------------------------------------------


def test_fixture_ids_are_unique_and_labelled() -> None:
    assert len(IDS) == len(set(IDS))
    assert set(EXPECTED_COPY) == set(IDS)
    assert set(EXPECTED_STORY) == set(IDS)
    assert set(EXPECTED_CHAIN) <= set(EXPECTED_STORY.values())
    assert fx.SHORT_IDS <= set(IDS) and fx.NON_ARABIC_IDS <= set(IDS)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_fixture_article_is_valid_input(article: dict[str, Any]) -> None:
    assert set(article) == {"id", "outlet", "url", "title", "published", "text"}
    assert all(isinstance(article[k], str) and article[k] for k in article)
    assert re.fullmatch(r"2025-\d\d-\d\d", article["published"])
    assert article["url"].startswith(f"https://{article['outlet']}.")
    words = len(article["text"].split())
    if article["id"] in fx.SHORT_IDS:
        assert words < 25
    else:
        assert 120 <= words <= 350, words


def test_fixture_copies_are_what_they_claim() -> None:
    wire = BY_ID[fx.WIRE_A_ID]
    assert wire["outlet"] == "shn"
    assert BY_ID["alwaha-ankara-verbatim"]["text"] == wire["text"]
    assert BY_ID["alwaha-ankara-verbatim"]["title"] != wire["title"]
    # Lightly edited: 5 to 8 words changed, and one sentence dropped.
    before, after = wire["text"].split(), BY_ID["assahil-ankara-edited"]["text"].split()
    ops = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op == "replace")
    dropped = [" ".join(before[i1:i2]) for op, i1, i2, _, _ in ops if op == "delete"]
    assert 5 <= changed <= 8, changed
    assert dropped == [fx.LIGHT_DROP]
    # Other paragraph breaks and a credit line: the same words plus the credit.
    rebroken = BY_ID["almirsad-ankara-rebroken"]["text"]
    assert rebroken.split("\n")[-1].startswith("(المصدر:")
    assert " ".join(rebroken.split("\n")[:-1]).split() == wire["text"].split()
    assert rebroken.count("\n") != wire["text"].count("\n")
    # The split: two parts that make the wire.
    part1, part2 = BY_ID["aljisr-ankara-part1"], BY_ID["aljisr-ankara-part2"]
    assert part1["text"] + "\n" + part2["text"] == wire["text"]
    assert part2["title"] == part1["title"] + " (إضافة أولى)"
    # The opinion column looks like one.
    opinion = BY_ID["alburj-opinion-ankara"]
    assert opinion["title"].startswith("رأي:") and "/opinion/" in opinion["url"]
    assert opinion["text"].split("\n", 1)[0].startswith("بقلم")


def test_fixtures_ingest_cleanly_and_the_furniture_goes(tmp_path: Path, store: Store) -> None:
    """Preconditions of the copy tests, from the stages before them."""
    report = ingest_articles(store, ARTICLES, tmp_path / "a.jsonl")
    assert not report.refused and report.added == len(ARTICLES)
    recs = read_records(store)
    assert set(recs) == set(IDS)
    assert {i for i, r in recs.items() if r["lang"] != "ar"} == fx.NON_ARABIC_IDS
    assert recs["alqalam-ankara-wrapped"]["text"] == BY_ID[fx.WIRE_A_ID]["text"]


# ---------------------------------------------------------------------------
# Copies
# ---------------------------------------------------------------------------


def test_every_article_is_exported_with_duplicate_of_and_story(records: Records) -> None:
    assert set(records) == set(IDS)
    for rid, rec in records.items():
        assert "duplicate_of" in rec and "story" in rec, rid
        assert rec["duplicate_of"] != rid
        if rid not in fx.NON_ARABIC_IDS:
            assert isinstance(rec["story"], str) and rec["story"], rid


def test_copy_groups_have_perfect_pairwise_precision_and_recall(records: Records) -> None:
    predicted, gold = copy_partition(records), partition(EXPECTED_COPY)
    precision, recall = pairwise(predicted, gold)
    assert (precision, recall) == (1.0, 1.0), _explain(predicted, gold)


@pytest.mark.parametrize(("label", "first_outlet"), [("wire_a", "shn"), ("wire_b", "anb")])
def test_duplicate_of_points_at_the_groups_earliest_article(records: Records, label: str, first_outlet: str) -> None:
    members = gold_members(label, EXPECTED_COPY)
    first = earliest(members)
    assert records[first]["outlet"] == first_outlet
    assert records[first]["duplicate_of"] is None
    for rid in members:
        if rid != first:
            assert records[rid]["duplicate_of"] == first, rid


# Hard pairs, one line each, so a failure names the pair. Already implied by the scores above.
HARD_PAIRS = [
    # (a, b, same copy group, same story, why it is hard)
    (fx.WIRE_A_ID, "alwaha-ankara-verbatim", True, True, "verbatim, other title"),
    (fx.WIRE_A_ID, "assahil-ankara-edited", True, True, "seven words changed, one sentence dropped"),
    (fx.WIRE_A_ID, "almirsad-ankara-rebroken", True, True, "other paragraph breaks, credit line, next day"),
    (fx.WIRE_A_ID, "alqalam-ankara-wrapped", True, True, "share lines and a read-also list of other headlines"),
    (fx.WIRE_A_ID, "aljisr-ankara-part1", True, True, "first half of the wire"),
    (fx.WIRE_A_ID, "aljisr-ankara-part2", True, True, "second half of the wire"),
    ("aljisr-ankara-part1", "aljisr-ankara-part2", True, True, "halves share no paragraph"),
    (fx.WIRE_A_ID, "alofoq-ankara-own", False, True, "same facts, own words"),
    ("alofoq-ankara-own", "annajm-ankara-own", False, True, "two independent reports, a day apart"),
    (fx.WIRE_A_ID, "alburj-opinion-ankara", False, False, "opinion column on the same meeting"),
    (fx.WIRE_A_ID, "shn-lavrov-grain", False, False, "same agency, actors, city and day; other happening"),
    ("alofoq-ankara-own", "almizan-lavrov-grain", False, False, "same actors, other happening"),
    (fx.WIRE_A_ID, "ankarapost-en-ankara", False, False, "English report of the same meeting"),
    (fx.WIRE_B_ID, "alofoq-cairo-edited", True, True, "five words changed, last paragraph dropped"),
    (fx.WIRE_B_ID, "alwaha-cairo-edited", True, True, "five words changed, next day"),
    (fx.WIRE_B_ID, "annajm-cairo-own", False, True, "same round, own words"),
    (fx.WIRE_B_ID, "anb-cairo-round2", False, False, "next round a week later, same agency and parties"),
    ("annajm-cairo-own", "almirsad-cairo-round2", False, False, "next round, recaps the first"),
    ("aljisr-short-fidan-doha", fx.WIRE_A_ID, False, False, "one line naming Fidan"),
    ("aljisr-short-fidan-doha", fx.WIRE_B_ID, False, False, "one line naming the Gaza ceasefire"),
    ("alwaha-short-quake", fx.WIRE_A_ID, False, False, "one line about Turkey, same day"),
    ("almizan-oil", "shn-lavrov-grain", False, False, "Russian sanctions, same day"),
    ("arrawda-football", "alqalam-baghdad-heat", False, False, "both in Baghdad"),
]


# Known limitation (issue 4, left open): reports written independently share too few
# weighted words in a corpus this small (24 articles, so term weights are rough) to
# reach the join threshold tuned on real data; they stay separate stories. Strict, so
# a fix is noticed.
KNOWN_SPLIT = pytest.mark.xfail(
    strict=True, reason="issue 4: independent reports stay separate stories in a 24-article corpus"
)
_KNOWN_SPLIT_PAIRS = {
    f"{fx.WIRE_A_ID}~alofoq-ankara-own",
    "alofoq-ankara-own~annajm-ankara-own",
    f"{fx.WIRE_B_ID}~annajm-cairo-own",
}


@pytest.mark.parametrize(
    ("a", "b", "same_copy", "same_story", "why"),
    [pytest.param(*p, marks=KNOWN_SPLIT) if f"{p[0]}~{p[1]}" in _KNOWN_SPLIT_PAIRS else p for p in HARD_PAIRS],
    ids=[f"{p[0]}~{p[1]}" for p in HARD_PAIRS],
)
def test_hard_pair(records: Records, a: str, b: str, same_copy: bool, same_story: bool, why: str) -> None:
    # The table must agree with the fixtures' labels.
    assert (EXPECTED_COPY[a] is not None and EXPECTED_COPY[a] == EXPECTED_COPY[b]) == same_copy
    assert (EXPECTED_STORY[a] == EXPECTED_STORY[b]) == same_story
    copies = _cluster_of(copy_partition(records))
    assert (b in copies[a]) == same_copy, f"copy: {why}"
    stories = _cluster_of(story_partition(records))
    assert (b in stories[a]) == same_story, f"story: {why}"


# ---------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------


@KNOWN_SPLIT
def test_stories_have_perfect_bcubed_precision_and_recall(records: Records) -> None:
    predicted, gold = story_partition(records), partition(EXPECTED_STORY)
    precision, recall = bcubed(predicted, gold)
    assert (precision, recall) == (1.0, 1.0), _explain(predicted, gold)


def test_the_english_article_is_stored_and_stands_alone(records: Records) -> None:
    (rid,) = fx.NON_ARABIC_IDS
    assert records[rid]["lang"] == "en"
    assert records[rid]["duplicate_of"] is None
    story = records[rid]["story"]
    assert story is None or [i for i, r in records.items() if r["story"] == story] == [rid]


# ---------------------------------------------------------------------------
# Order, increments, reruns
# ---------------------------------------------------------------------------


def _shuffled(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = list(articles)
    random.Random(7).shuffle(out)
    return out


ORDERS: dict[str, Callable[[list[dict[str, Any]]], list[dict[str, Any]]]] = {
    "reversed": lambda arts: arts[::-1],
    "shuffled": _shuffled,
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_input_order_does_not_change_the_partitions(records: Records, tmp_path: Path, order: str) -> None:
    other = fresh_records(tmp_path, order, ORDERS[order](ARTICLES))
    assert copy_partition(other) == copy_partition(records)
    assert story_partition(other) == story_partition(records)


@pytest.mark.xfail(
    strict=True,
    reason="issue 4: an incremental run weighs words by the document frequencies known then, so a "
    "borderline pair can land differently than in one run (documented tolerance)",
)
def test_two_ingests_give_the_partitions_of_one(records: Records, tmp_path: Path) -> None:
    half = len(ARTICLES) // 2
    split = fresh_records(tmp_path, "halves", ARTICLES[:half], ARTICLES[half:])
    assert copy_partition(split) == copy_partition(records)
    assert story_partition(split) == story_partition(records)
    for label in ("wire_a", "wire_b"):
        members = gold_members(label, EXPECTED_COPY)
        first = earliest(members)
        assert all(split[i]["duplicate_of"] == first for i in members if i != first), label


def test_ingesting_the_same_file_twice_changes_nothing(tmp_path: Path, store: Store) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    ingest([str(path)], store, options=IngestOptions())
    before = list(export_records(store))
    report = ingest([str(path)], store, options=IngestOptions())
    assert report.added == 0 and report.updated == 0
    assert list(export_records(store)) == before


# ---------------------------------------------------------------------------
# Story records
# ---------------------------------------------------------------------------

STORY_FIELDS = {"id", "title", "first_seen", "last_seen", "articles", "outlets", "independent_sources"}


def test_story_records_cover_every_story(records: Records, stories: dict[str, dict[str, Any]]) -> None:
    assert set(stories) == {r["story"] for r in records.values() if r["story"] is not None}
    for sid, story in stories.items():
        assert STORY_FIELDS <= set(story), sid
        assert set(story["articles"]) == {i for i, r in records.items() if r["story"] == sid}


def test_the_stored_story_size_counts_its_articles_copies_included(db_path: Path) -> None:
    with Store.open(db_path, create=False) as store:
        rows = store.conn.execute(
            "SELECT s.id, s.size, (SELECT COUNT(*) FROM articles a WHERE a.story = s.id) FROM stories s"
        ).fetchall()
    assert rows and all(size == count for _, size, count in rows), [r for r in rows if r[1] != r[2]]


@pytest.mark.parametrize(
    ("member", "independent"),
    [
        pytest.param(fx.WIRE_A_ID, 3, marks=KNOWN_SPLIT),  # the wire's copy group once, two outlets in own words
        pytest.param(fx.WIRE_B_ID, 2, marks=KNOWN_SPLIT),  # the wire's copy group once, one outlet in own words
        pytest.param("anb-cairo-round2", 2, marks=KNOWN_SPLIT),
        pytest.param("shn-lavrov-grain", 2, marks=KNOWN_SPLIT),
        ("almizan-oil", 1),
    ],
)
def test_story_record(records: Records, stories: dict[str, dict[str, Any]], member: str, independent: int) -> None:
    story = stories[records[member]["story"]]
    gold = gold_members(EXPECTED_STORY[member], EXPECTED_STORY)
    assert sorted(story["articles"]) == sorted(gold)
    assert set(story["outlets"]) == {BY_ID[i]["outlet"] for i in gold}
    assert story["independent_sources"] == independent
    assert isinstance(story["title"], str) and story["title"]
    assert str(story["first_seen"])[:10] == min(BY_ID[i]["published"] for i in gold)
    assert str(story["last_seen"])[:10] == max(BY_ID[i]["published"] for i in gold)


def test_the_cairo_rounds_share_a_chain_and_ankara_is_not_in_it(
    records: Records, stories: dict[str, dict[str, Any]]
) -> None:
    """Checked on the story records where they carry a chain; the CLI test checks `masar chains`."""
    story_of = {EXPECTED_STORY[i]: records[i]["story"] for i in IDS}
    sample = stories[story_of["cairo_round1"]]
    if "chain" not in sample:
        pytest.skip("story records carry no chain field")
    chains = {label: stories[story_of[label]]["chain"] for label in EXPECTED_CHAIN}
    by_chain: dict[str, set[str | None]] = defaultdict(set)
    for label, want in EXPECTED_CHAIN.items():
        if want is not None:
            by_chain[want].add(chains[label])
    for want, got in by_chain.items():
        assert len(got) == 1 and None not in got, (want, chains)
        (chain,) = got
        loners = [label for label, w in EXPECTED_CHAIN.items() if w is None]
        assert all(chains[label] != chain for label in loners), chains


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_cli_stories_lists_the_ankara_story(
    runner: CliRunner, db_path: Path, records: Records, stories: dict[str, dict[str, Any]]
) -> None:
    out = _invoke(runner, ["stories", "--db", str(db_path)])
    title = stories[records[fx.WIRE_A_ID]["story"]]["title"]
    assert title[:30] in out


def test_cli_story_shows_its_articles_and_marks_copies(runner: CliRunner, db_path: Path, records: Records) -> None:
    sid = records[fx.WIRE_A_ID]["story"]
    out = _invoke(runner, ["story", sid, "--db", str(db_path)])
    members = [i for i, r in records.items() if r["story"] == sid]
    lines = out.splitlines()
    for rid in members:
        assert rid in out, rid
        target = records[rid]["duplicate_of"]
        if target is not None:
            mine = [line for line in lines if rid in line]
            assert any(target in line or "copy" in line.lower() or "نسخة" in line for line in mine), (rid, mine)


def test_cli_chains_shows_both_cairo_rounds_in_date_order(
    runner: CliRunner, db_path: Path, records: Records, stories: dict[str, dict[str, Any]]
) -> None:
    out = _invoke(runner, ["chains", "--db", str(db_path)])
    first, second = (stories[records[i]["story"]] for i in (fx.WIRE_B_ID, "anb-cairo-round2"))

    def where(story: dict[str, Any]) -> int:
        for mark in (story["id"], story["title"][:30]):
            if mark in out:
                return out.index(mark)
        raise AssertionError(f"story {story['id']} ({story['title']}) not in:\n{out}")

    if first["title"][:30] == second["title"][:30] and first["id"] not in out:
        pytest.fail("the two rounds can only be told apart by their ids, which `masar chains` does not show")
    assert where(first) < where(second), out
    ankara = records[fx.WIRE_A_ID]["story"]
    if ankara in out:
        assert not where(first) < out.index(ankara) < where(second), out


def test_cli_export_stories_writes_one_object_per_story(
    runner: CliRunner, db_path: Path, stories: dict[str, dict[str, Any]]
) -> None:
    out = _invoke(runner, ["export", "--db", str(db_path), "--what", "stories"])
    objects = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert sorted(o["id"] for o in objects) == sorted(stories)
    for obj in objects:
        assert STORY_FIELDS <= set(obj), obj


def test_cli_ingest_without_stories_leaves_story_null(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    db = tmp_path / "nostories.db"
    _invoke(runner, ["ingest", str(path), "--db", str(db), "--no-stories", "-q"])
    with Store.open(db, create=False) as store:
        recs = read_records(store)
    assert set(recs) == set(IDS)
    assert all(r["story"] is None for r in recs.values())
