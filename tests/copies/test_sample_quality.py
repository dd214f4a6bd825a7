"""Quality gate on the bundled sample corpus: copy groups and stories against its gold labels.

The floors are the figures reached when this test was written (see the issue notes);
a change that lowers them fails here. Raise them when the grouping improves.
"""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from itertools import combinations
from pathlib import Path

import pytest

from masar.ingest import IngestOptions, ingest
from masar.store import Store

SAMPLE = Path(str(resources.files("masar").joinpath("sample")))
GOLD = [json.loads(line) for line in (SAMPLE / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
COPY_F1_FLOOR = 1.0
# Reached 0.79 when written (B-cubed precision 1.0): independent reports of one
# happening are the misses in a corpus this small (issue 4 notes).
STORY_F1_FLOOR = 0.77


def b_cubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall of a clustering (pred) against gold labels."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for item, label in gold.items():
        by_gold[label].add(item)
        by_pred[pred[item]].add(item)
    p = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_pred[pred[i]]) for i in gold) / len(gold)
    r = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r


def pairs(labels: dict[str, str | None]) -> set[frozenset[str]]:
    groups = defaultdict(list)
    for item, label in labels.items():
        if label is not None:
            groups[label].append(item)
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module")
def grouped(tmp_path_factory) -> tuple[dict[str, str], dict[str, str | None], dict[str, str], dict[str, str | None]]:
    db = tmp_path_factory.mktemp("quality") / "q.db"
    with Store.open(db) as store:
        ingest([str(SAMPLE / "corpus")], store, options=IngestOptions())
        rows = store.conn.execute(
            "SELECT id, source_path, locator, url, story, COALESCE(copy_group, seq) FROM articles"
        ).fetchall()
    key_to_row = {}
    for row in rows:
        file = row[1].split("sample/", 1)[1].split("!", 1)[0]
        for key in (row[0], row[2], row[3], row[2].removeprefix("item ")):
            key_to_row[(file, str(key))] = row
        key_to_row.setdefault((file, "None"), row)
    gold_story, gold_copy, pred_story, pred_copy = {}, {}, {}, {}
    for g in GOLD:
        row = key_to_row[(g["file"], str(g["locator"]))]
        gold_story[row[0]], gold_copy[row[0]] = g["story"], g["copy"]
        pred_story[row[0]], pred_copy[row[0]] = row[4], str(row[5])
    return gold_story, gold_copy, pred_story, pred_copy


def test_copy_groups_match_the_gold(grouped) -> None:
    _, gold_copy, _, pred_copy = grouped
    gold_pairs, pred_pairs = pairs(gold_copy), pairs(pred_copy)
    p = len(gold_pairs & pred_pairs) / len(pred_pairs)
    r = len(gold_pairs & pred_pairs) / len(gold_pairs)
    assert f1(p, r) >= COPY_F1_FLOOR, (p, r)


def test_stories_b_cubed_f1_floor(grouped) -> None:
    gold_story, _, pred_story, _ = grouped
    p, r = b_cubed(gold_story, pred_story)
    assert f1(p, r) >= STORY_F1_FLOOR, (p, r)


def test_opinion_column_is_its_own_story(grouped) -> None:
    gold_story, _, pred_story, _ = grouped
    opinion = [i for i, label in gold_story.items() if label.startswith("opinion-")]
    assert opinion
    for item in opinion:
        assert [i for i, s in pred_story.items() if s == pred_story[item]] == [item]
