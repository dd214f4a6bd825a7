"""Golden checks on the bundled sample corpus and on the founding seeds."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from masar.ingest import IngestOptions, ingest
from masar.store import Store

SAMPLE = Path(str(resources.files("masar").joinpath("sample")))
GOLD = [json.loads(line) for line in (SAMPLE / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
# Articles that carry no date anywhere: their day cannot be read, only inferred (a later issue).
UNDATED = {"corpus/text/alofoq-idlib-nodate.txt"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[dict]:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    with Store.open(db) as store:
        report = ingest([str(SAMPLE / "corpus")], store, options=IngestOptions())
        assert not report.refused, [s.line() for s in report.refused]
        rows = store.conn.execute("SELECT id, source_path, locator, url FROM articles ORDER BY seq").fetchall()
        articles = list(store.iter_articles())
    for art, (id_, path, locator, url) in zip(articles, rows, strict=True):
        art["_file"] = path.split("sample/", 1)[1].split("!", 1)[0]
        art["_keys"] = {id_, locator, url, locator.removeprefix("item ")}
    return articles


def _find(corpus: list[dict], gold: dict) -> dict:
    for art in corpus:
        if art["_file"] == gold["file"] and (gold["locator"] is None or str(gold["locator"]) in art["_keys"]):
            return art
    raise AssertionError(f"not ingested: {gold['file']} {gold['locator']}")


def test_every_sample_article_is_stored_once(corpus: list[dict]) -> None:
    assert len(corpus) == len(GOLD) >= 40
    assert len({a["outlet"] for a in corpus if a["outlet"]}) >= 6


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"{g['file']}:{g['locator']}")
def test_sample_article_text_date_and_language(corpus: list[dict], gold: dict) -> None:
    art = _find(corpus, gold)
    expected_day = None if gold["file"] in UNDATED else gold["published"]
    assert art["published"] == expected_day
    assert art["lang"] == gold["lang"]
    for sentence in gold["must_keep"]:
        assert sentence in art["text"]
    for line in gold["must_drop"]:
        assert line not in art["text"].splitlines()


def test_seed_with_comments_and_currency_table_keeps_its_body_whole(shared: Path, tmp_path: Path) -> None:
    [seed] = sorted((shared / "seeds").glob("001_*.txt"))
    raw = seed.read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(raw) if "التلجرام" in line)
    body = [line.strip() for line in raw[:cut] if len(line.strip()) > 80]
    furniture = [line.strip() for line in raw[cut:] if line.strip()]
    with Store.open(tmp_path / "seed.db") as store:
        ingest([str(seed)], store, options=IngestOptions())
        [art] = store.iter_articles()
    kept = art["text"].splitlines()
    assert all(line in kept for line in body)
    assert not any(line in kept for line in furniture)
    assert art["published"] == "2017-02-08" and art["anchor_date"]["source"] == "dateline"
