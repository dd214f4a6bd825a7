"""Story features and decisions: which happening an article reports.

An article is a weighted bag of content words (normalised, clitics and ال removed,
function words dropped, headline words counted twice), weighted by TF-IDF against
the store's running document frequencies. A story is the sum of its members'
vectors. An article joins the most similar story active within a few days of its
date, if similar enough; otherwise it starts a story. These are pure functions:
``masar.copies.grouping`` feeds them from the store.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from masar.arabic import _resources as R
from masar.arabic.normalize import for_matching
from masar.arabic.tokens import _normalised_forms, stopwords

__all__ = ["StoryConfig", "content_terms", "weigh", "cosine", "add_into", "top_terms", "is_opinion"]

Vector = dict[str, float]


@dataclass(frozen=True, slots=True)
class StoryConfig:
    # Cosine an article needs with a story's centroid to join it. Swept over 0.18–0.36
    # with document frequencies counted over the whole run: on the dev set with
    # SaudiNewsNet 2015-08-03/04 as distractors story B-cubed F1 is 0.85 at 0.22, 0.89
    # at 0.25, 0.94 at 0.28, 0.91 at 0.32; on our small sample corpus and test fixtures
    # (under 50 articles, where term weights are rough) 0.79 and 0.83 at 0.28. Real
    # corpora are what users bring, so the dev set decides.
    join_threshold: float = 0.28
    # Undated articles are compared with stories of every date, so they join only on
    # a closer match: at 0.28 seed-003 (a 2016 call) joined a 2015 story with the unseen
    # distractor days; 0.34 keeps seed-000 joining seed-001 (dev story F1 0.944 on
    # 2015-08-03/04 unchanged, 0.888 → 0.914 on 2015-08-06/07); 0.4 loses that join.
    undated_join_threshold: float = 0.34
    # Articles shorter than this (in content words) join only on a much closer match
    # and never move a story's centroid, so a one-line flash cannot glue two stories.
    short_words: int = 40
    short_join_threshold: float = 0.5
    # A happening's reports come within days; a story takes members dated within
    # this many days of its first and last member.
    window_days: int = 3
    terms_per_article: int = 40
    terms_per_story: int = 80
    # Candidate stories share at least this many of the article's top terms.
    candidate_terms: int = 15
    min_shared_terms: int = 2
    # At most this many candidates are scored, those sharing most terms first.
    max_candidates: int = 50
    # Chains: an older story continues into a newer one when their centroids are
    # this close (lower than joining: same matter, another happening) within this span.
    chain_threshold: float = 0.15
    chain_days: int = 90
    # A story is compared for chains on its top terms only (all a story older than the
    # join window keeps in memory), and a term listed by more than this many older
    # stories is too common to find a sequel by.
    chain_terms: int = 40
    chain_max_postings: int = 2000
    # Where both stories name their actors (their `chain_actors` most named canonical
    # entities), a chain needs this many in common: the same words about other people
    # are another matter. Among the candidates, each actor in common adds this much to
    # the cosine. (Tried: also merging two chains when a new story is close to both —
    # on 11 SaudiNewsNet days it made one chain of 333 stories of regional politics.)
    chain_actors: int = 8
    chain_shared_actors: int = 2
    chain_actor_bonus: float = 0.01
    title_weight: float = 2.0


@lru_cache(maxsize=300_000)
def _stem(word: str) -> str:
    """The last of a normalised word's match forms: without clitics and without ال."""
    return _normalised_forms(word)[-1]


def content_terms(title: str | None, text: str, *, cfg: StoryConfig) -> Counter[str]:
    """Counts of content words (stems), headline words weighted up."""
    counts: Counter[str] = Counter(map(_stem, R.WORD_RE.findall(for_matching(text))))
    if title:
        for stem, n in Counter(map(_stem, R.WORD_RE.findall(for_matching(title)))).items():
            counts[stem] += n * cfg.title_weight  # type: ignore[assignment]
    stop = stopwords()
    for stem in [s for s in counts if len(s) < 2 or s in stop]:
        del counts[stem]
    return counts


def weigh(counts: Counter[str], df: Mapping[str, int], docs: int, *, keep: int) -> Vector:
    """Sublinear TF times smoothed IDF, the ``keep`` heaviest terms, unit length."""
    weights = {
        term: (1.0 + math.log(count)) * (math.log((docs + 1) / (df.get(term, 0) + 1)) + 1.0)
        for term, count in counts.items()
    }
    return _unit(dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]))


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def add_into(centroid: Vector, vector: Vector, *, keep: int) -> Vector:
    """A story's centroid after one more member: summed, trimmed, unit length."""
    summed = dict(centroid)
    for term, weight in vector.items():
        summed[term] = summed.get(term, 0.0) + weight
    return _unit(dict(sorted(summed.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]))


def top_terms(vector: Vector, n: int) -> list[str]:
    return [term for term, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


# Opinion and analysis: by address (/opinion/, /columns/, /kottab/…) or by the
# headline and first line ("رأي:", "بقلم", "مقال", "تحليل"). They stay out of the
# happening's story (GUIDE.md).
_OPINION_URL_RE = re.compile(
    r"/(opinion|opinions|columns?|columnists?|writers?|kottab|articles/opinion|ra2y|views?|analysis)/", re.I
)
_OPINION_TEXT_RE = re.compile(r"^\s*(راي|مقال|مقاله|بقلم|تحليل|وجهه نظر|افتتاحيه|عمود|كلمه الرياض|زاويه)\b|بقلم\s*:?\s")


def is_opinion(title: str | None, text: str, url: str | None) -> bool:
    if url and _OPINION_URL_RE.search(url):
        return True
    first_line = text.lstrip().split("\n", 1)[0][:120]
    return any(_OPINION_TEXT_RE.search(for_matching(part)) for part in (title or "", first_line))
