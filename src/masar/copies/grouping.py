"""Copies and stories for every article not yet grouped, in date order, resumably.

Runs after articles are stored (at the end of ``masar ingest``): it reads the
articles whose ``grouped`` flag is 0, oldest first, and for each one finds its
near-identical copies (bands in ``copy_bands``, confirmed exactly), then its story
(a copy joins its original's story; an opinion piece or a non-Arabic article gets
its own; anything else joins the most similar active story or starts one). Work is
committed in batches with the flags, so a killed run resumes where it stopped.
Stories that can still be joined (within the join window) stay in memory with an
inverted index of their top terms, so each article is compared with a handful of
candidates, never all. Older stories within the chain horizon keep only what chains
need (their top terms, weights and chain) in a second, smaller index: a feed of
thousands of articles a day keeps a few days of full stories in memory, not months.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import sys
from array import array
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from masar.copies import near_duplicates as nd
from masar.copies import stories as st
from masar.store.sqlite import Store

__all__ = ["GroupingReport", "group_pending"]

_BATCH = 500
_UNDATED = "9999-12-31"


@dataclass(slots=True)
class GroupingReport:
    articles: int = 0
    copies: int = 0
    stories_started: int = 0
    stories_joined: int = 0
    chained: int = 0


@dataclass(slots=True)
class _Story:
    id: str
    title: str | None
    first: str
    last: str
    kind: str
    centroid: st.Vector
    chain: str | None
    dirty: bool = False
    posted: set[str] = field(default_factory=set)  # the terms under which postings list it
    actors: Counter[str] = field(default_factory=Counter)  # canonical entity ids, by mentions
    view: tuple[tuple[str, ...], array[float]] | None = None  # top terms for chains, while the centroid holds


class _Recent(OrderedDict[int, set[str]]):
    """A dict that forgets its oldest entries past a size: shingles of recent articles."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: int, value: set[str]) -> None:
        super().__setitem__(key, value)
        if len(self) > self.limit:
            self.popitem(last=False)


@dataclass(slots=True)
class _Past:
    """A story past the join window, kept for chains only: its top terms and their weights."""

    id: str
    last: str
    chain: str | None
    terms: tuple[str, ...]
    weights: array[float]  # 4 bytes a weight: there are many of these
    actors: frozenset[str]


@dataclass(slots=True)
class _State:
    """What one grouping run keeps in memory: document frequencies, the stories that can
    still be joined, and the older ones a new story may continue (chains)."""

    docs: int
    df: dict[str, int]
    stories: dict[str, _Story] = field(default_factory=dict)
    postings: dict[str, set[str]] = field(default_factory=dict)
    past: dict[str, _Past] = field(default_factory=dict)
    past_postings: dict[str, set[str]] = field(default_factory=dict)
    past_order: deque[str] = field(default_factory=deque)  # ids in the order they left the window
    df_delta: Counter[str] = field(default_factory=Counter)
    touched: set[str] = field(default_factory=set)  # stories whose members changed in this batch
    has_mentions: bool = True  # the store holds entity mentions (not with ingest --no-entities)
    shingles: _Recent = field(default_factory=lambda: _Recent(2000))


def group_pending(
    store: Store,
    *,
    copy_cfg: nd.CopyConfig | None = None,
    story_cfg: st.StoryConfig | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> GroupingReport:
    copy_cfg = copy_cfg or nd.CopyConfig()
    story_cfg = story_cfg or st.StoryConfig()
    conn = store.conn
    report = GroupingReport()
    # Date order, then the input's hash rather than arrival order: the same articles
    # arriving in another order are processed in the same order.
    pending = conn.execute(
        "SELECT seq FROM articles WHERE grouped = 0 ORDER BY COALESCE(anchor_date, published, ?), content_hash, seq",
        (_UNDATED,),
    ).fetchall()
    if not pending:
        return report
    state = _load_state(store, story_cfg)
    _count_pending_terms(store, state, story_cfg)
    for start in range(0, len(pending), _BATCH):
        seqs = [row[0] for row in pending[start : start + _BATCH]]
        conn.execute("BEGIN IMMEDIATE")
        try:
            for seq in seqs:
                _group_one(store, state, seq, copy_cfg=copy_cfg, story_cfg=story_cfg, report=report)
            _flush(store, state)
            _evict(state, seqs[-1], store, story_cfg)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if progress:
            progress("grouped", len(seqs))
    return report


def _load_state(store: Store, cfg: st.StoryConfig) -> _State:
    conn = store.conn
    docs = conn.execute("SELECT COUNT(*) FROM articles WHERE grouped = 1 AND lang = 'ar'").fetchone()[0]
    state = _State(docs=docs, df=dict(conn.execute("SELECT term, df FROM term_df").fetchall()))
    state.has_mentions = conn.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is not None
    first_pending = conn.execute(
        "SELECT MIN(COALESCE(anchor_date, published)) FROM articles WHERE grouped = 0"
    ).fetchone()[0]
    since = _shift(first_pending, -cfg.chain_days) if first_pending else "0000"
    joinable = _shift(first_pending, -cfg.window_days) if first_pending else "0000"
    actors = _stories_actors(store, since) if state.has_mentions else {}
    for row in conn.execute(
        "SELECT id, title, first_seen, last_seen, kind, centroid, chain FROM stories "
        "WHERE kind = 'news' AND last_seen >= ? ORDER BY last_seen, id",
        (since,),
    ):
        story = _Story(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6])
        story.actors = actors.get(story.id, Counter())
        if story.last >= joinable or story.first == _UNDATED:
            _activate(state, story, cfg)
        else:
            _retire(state, story, cfg)
    return state


def _count_pending_terms(store: Store, state: _State, cfg: st.StoryConfig) -> None:
    """Document frequencies of the whole run's articles up front, so term weights do not
    depend on which article of the run came first. In memory only: each article's terms
    are written to ``term_df`` in the batch that groups it, so a killed run counts none twice."""
    rows = store.conn.execute("SELECT title, text FROM articles WHERE grouped = 0 AND lang = 'ar'")
    for title, text in rows:
        state.docs += 1
        for term in st.content_terms(title, text, cfg=cfg):
            state.df[term] = state.df.get(term, 0) + 1


def _evict(state: _State, last_seq: int, store: Store, cfg: st.StoryConfig) -> None:
    """Retire stories too old to be joined by what comes next (input is in date order) to
    the chain index, and forget those too old to be continued."""
    day = store.conn.execute(
        "SELECT COALESCE(anchor_date, published) FROM articles WHERE seq = ?", (last_seq,)
    ).fetchone()[0]
    if not day:
        return
    join_horizon = _shift(day, -cfg.window_days)
    old = [sid for sid, story in state.stories.items() if story.last < join_horizon and not story.dirty]
    for story_id in old:
        story = state.stories.pop(story_id)
        for term in story.posted:
            _unpost(state.postings, term, story_id)
        if story.kind == "news":
            _retire(state, story, cfg)
    chain_horizon = _shift(day, -cfg.chain_days)
    while state.past_order and state.past[state.past_order[0]].last < chain_horizon:
        past = state.past.pop(state.past_order.popleft())
        for term in past.terms[: cfg.candidate_terms]:
            _unpost(state.past_postings, term, past.id)


def _retire(state: _State, story: _Story, cfg: st.StoryConfig) -> None:
    """Keep what a later story needs to continue this one: its top terms, weights, chain."""
    terms, weights = story.view or _chain_view(story.centroid, cfg.chain_terms)
    past = _Past(story.id, story.last, story.chain, terms, weights, _top_actors(story, cfg))
    state.past[past.id] = past
    state.past_order.append(past.id)
    for term in past.terms[: cfg.candidate_terms]:
        state.past_postings.setdefault(term, set()).add(past.id)


def _activate(state: _State, story: _Story, cfg: st.StoryConfig) -> None:
    """Keep the story findable under its current top terms, and only those."""
    state.stories[story.id] = story
    terms = set(st.top_terms(story.centroid, cfg.candidate_terms))
    for term in story.posted - terms:
        _unpost(state.postings, term, story.id)
    for term in terms - story.posted:
        state.postings.setdefault(term, set()).add(story.id)
    story.posted = terms


def _unpost(postings: dict[str, set[str]], term: str, story_id: str) -> None:
    members = postings.get(term)
    if members is not None:
        members.discard(story_id)
        if not members:
            del postings[term]


def _group_one(
    store: Store,
    state: _State,
    seq: int,
    *,
    copy_cfg: nd.CopyConfig,
    story_cfg: st.StoryConfig,
    report: GroupingReport,
) -> None:
    conn = store.conn
    id_, title, text, url, lang, day = conn.execute(
        "SELECT id, title, text, url, lang, COALESCE(anchor_date, published) FROM articles WHERE seq = ?", (seq,)
    ).fetchone()
    report.articles += 1
    story_id: str | None = None
    if lang == "ar":
        shingle_set = nd.shingles(text, size=copy_cfg.shingle_size)
        state.shingles[seq] = shingle_set
        bands = nd.signature_bands(shingle_set, cfg=copy_cfg) if len(shingle_set) >= copy_cfg.min_shingles else []
        copy_seqs = _find_copies(store, state, seq, day, shingle_set, bands, copy_cfg)
        conn.executemany(
            "INSERT INTO copy_bands(band_key, day, seq) VALUES (?, ?, ?)",
            [(key, day or _UNDATED, seq) for key in bands],
        )
        if copy_seqs:
            report.copies += 1
            story_id = _join_copy_groups(store, seq, copy_seqs, state.touched)
        counts = st.content_terms(title, text, cfg=story_cfg)
        state.df_delta.update(counts.keys())
        if story_id is None and not st.is_opinion(title, text, url):
            vector = st.weigh(counts, state.df, state.docs, keep=story_cfg.terms_per_article)
            short = sum(counts.values()) < story_cfg.short_words
            actors = _article_actors(store, seq) if state.has_mentions else Counter()
            story_id = _join_similar(state, vector, actors, day, short=short, cfg=story_cfg, report=report)
            if story_id is not None:
                # Heavily edited copies can escape the bands; the story's members are few
                # and similar, so they are checked exactly too.
                copy_seqs = _copies_among(store, state, story_id, seq, shingle_set, copy_cfg)
                if copy_seqs:
                    report.copies += 1
                    _join_copy_groups(store, seq, copy_seqs, state.touched)
            if story_id is None:
                story_id = _start_story(store, state, seq, id_, title, day, "news", vector, story_cfg, report, actors)
    if story_id is None:
        kind = "opinion" if lang == "ar" else "single"
        story_id = _start_story(store, state, seq, id_, title, day, kind, {}, story_cfg, report)
    conn.execute("UPDATE articles SET story = ?, grouped = 1 WHERE seq = ?", (story_id, seq))
    state.touched.add(story_id)


def _find_copies(
    store: Store,
    state: _State,
    seq: int,
    day: str | None,
    shingle_set: set[str],
    keys: list[int],
    cfg: nd.CopyConfig,
) -> list[int]:
    """The seqs of stored articles this one is a near-identical copy of (both halves of a split wire)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    # With the (band_key, day) index, each key is one range seek, however long the corpus.
    low, high = (_shift(day, -cfg.window_days), _shift(day, cfg.window_days)) if day else ("", _UNDATED)
    rows = store.conn.execute(
        f"SELECT seq, COUNT(*) AS hits FROM copy_bands WHERE band_key IN ({marks}) AND day BETWEEN ? AND ? "
        "AND seq != ? GROUP BY seq ORDER BY hits DESC, seq LIMIT 20",
        (*keys, low, high, seq),
    ).fetchall()
    return [int(c) for c, _ in rows if nd.is_copy(shingle_set, _shingles_of(store, state, c, cfg), cfg=cfg)]


def _shingles_of(store: Store, state: _State, seq: int, cfg: nd.CopyConfig) -> set[str]:
    """Shingles of a stored article, kept for recent ones: copies arrive close together."""
    found = state.shingles.get(seq)
    if found is None:
        text = store.conn.execute("SELECT text FROM articles WHERE seq = ?", (seq,)).fetchone()[0]
        found = state.shingles[seq] = nd.shingles(text, size=cfg.shingle_size)
    return found


def _copies_among(
    store: Store, state: _State, story_id: str, seq: int, shingle_set: set[str], cfg: nd.CopyConfig
) -> list[int]:
    if len(shingle_set) < cfg.min_shingles:
        return []
    rows = store.conn.execute(
        "SELECT seq FROM articles WHERE story = ? AND seq != ? ORDER BY seq LIMIT 50", (story_id, seq)
    ).fetchall()
    return [int(c) for (c,) in rows if nd.is_copy(shingle_set, _shingles_of(store, state, c, cfg), cfg=cfg)]


def _join_copy_groups(store: Store, seq: int, copy_seqs: list[int], touched: set[str]) -> str:
    """Put seq and its copies' groups into one group, in one story; point members at the earliest."""
    conn = store.conn
    marks = ",".join("?" * len(copy_seqs))
    found = conn.execute(
        f"SELECT DISTINCT COALESCE(copy_group, seq), story FROM articles WHERE seq IN ({marks}) ORDER BY 1",
        copy_seqs,
    ).fetchall()
    group_id, story_id = int(found[0][0]), str(found[0][1])
    groups = [int(g) for g, _ in found]
    touched.update(str(story) for _, story in found if story)  # a group's members share its story
    gmarks = ",".join("?" * len(groups))
    conn.execute(
        f"UPDATE articles SET copy_group = ?, story = ? WHERE seq = ? OR seq IN ({marks}) OR copy_group IN ({gmarks})",
        (group_id, story_id, seq, *copy_seqs, *groups),
    )
    members = conn.execute(
        "SELECT seq, id, COALESCE(anchor_date, published, ?) FROM articles WHERE copy_group = ?",
        (_UNDATED, group_id),
    ).fetchall()
    root_seq, root_id, _ = min(members, key=lambda m: (m[2], m[0]))
    conn.execute(
        "UPDATE articles SET duplicate_of = CASE WHEN seq = ? THEN NULL ELSE ? END WHERE copy_group = ?",
        (root_seq, root_id, group_id),
    )
    return story_id


def _join_similar(
    state: _State,
    vector: st.Vector,
    actors: Counter[str],
    day: str | None,
    *,
    short: bool,
    cfg: st.StoryConfig,
    report: GroupingReport,
) -> str | None:
    shared: Counter[str] = Counter()
    for term in st.top_terms(vector, cfg.candidate_terms):
        for story_id in state.postings.get(term, ()):
            shared[story_id] += 1
    best, best_score = None, 0.0
    # The stories sharing most top terms; common words ("السعودية") would otherwise
    # bring hundreds of candidates to score.
    for story_id, hits in heapq.nsmallest(cfg.max_candidates, shared.items(), key=lambda kv: (-kv[1], kv[0])):
        story = state.stories[story_id]
        if hits < cfg.min_shared_terms or not _in_window(story, day, cfg.window_days):
            continue
        score = st.cosine(vector, story.centroid)
        if score > best_score or (score == best_score and best is not None and story_id < best.id):
            best, best_score = story, score
    threshold = cfg.short_join_threshold if short else cfg.join_threshold
    if not day:
        # An undated article could belong to any date: only a close match decides.
        threshold = max(threshold, cfg.undated_join_threshold)
    if best is None or best_score < threshold:
        return None
    report.stories_joined += 1
    if day:
        best.first, best.last = min(best.first, day), max(best.last, day)
    if not short:
        best.centroid = st.add_into(best.centroid, vector, keep=cfg.terms_per_story)
        best.view = None
        best.actors.update(actors)
        _activate(state, best, cfg)
    best.dirty = True
    return best.id


def _in_window(story: _Story, day: str | None, days: int) -> bool:
    if not day or story.first == _UNDATED:
        return True  # an undated article may belong to any story, and the reverse
    return _shift(story.first, -days) <= day <= _shift(story.last, days)


def _start_story(
    store: Store,
    state: _State,
    seq: int,
    article_id: str,
    title: str | None,
    day: str | None,
    kind: str,
    vector: st.Vector,
    cfg: st.StoryConfig,
    report: GroupingReport,
    actors: Counter[str] | None = None,
) -> str:
    story = _Story(f"s-{seq:07d}", title, day or _UNDATED, day or _UNDATED, kind, vector, None, dirty=True)
    story.actors = actors or Counter()
    report.stories_started += 1
    if kind == "news":
        story.chain = _chain_for(store, state, story, cfg, report)
        _activate(state, story, cfg)
    else:
        state.stories[story.id] = story
    return story.id


def _chain_for(store: Store, state: _State, story: _Story, cfg: st.StoryConfig, report: GroupingReport) -> str | None:
    """An earlier story on the same matter: this one continues its chain.

    Earlier means ended on a day before this one started: stories of the same day are
    other happenings beside it, not its sequel. An undated story may continue any story.
    Every candidate is scored on its top ``chain_terms`` alone, whether it can still be
    joined or is kept for chains only, so the answer does not depend on which it is.
    """
    shared: Counter[str] = Counter()
    for term in st.top_terms(story.centroid, cfg.candidate_terms):
        shared.update(state.postings.get(term, ()))
        past_ids = state.past_postings.get(term, ())
        if len(past_ids) <= cfg.chain_max_postings:  # a term on thousands of stories finds no sequel
            shared.update(past_ids)
    mine = _top_actors(story, cfg)
    scored: list[tuple[float, str, int]] = []
    low = _shift(story.first, -cfg.chain_days)
    for other_id in sorted(k for k, hits in shared.items() if hits >= cfg.min_shared_terms):
        if other_id == story.id:
            continue
        active = state.stories.get(other_id)
        if active is not None:
            if active.kind != "news":
                continue
            if active.view is None:
                active.view = _chain_view(active.centroid, cfg.chain_terms)
            last, (terms, weights) = active.last, active.view
            theirs = _top_actors(active, cfg)
        else:
            past = state.past[other_id]
            last, terms, weights, theirs = past.last, past.terms, past.weights, past.actors
        if story.first != _UNDATED and not (last != _UNDATED and low <= last < story.first):
            continue
        together = len(mine & theirs)
        if len(mine) >= cfg.chain_shared_actors and len(theirs) >= cfg.chain_shared_actors:
            if together < cfg.chain_shared_actors:
                continue  # both name their actors, and not the same ones: another matter
        score = sum(w * story.centroid.get(t, 0.0) for t, w in zip(terms, weights, strict=True))
        if score >= cfg.chain_threshold:
            scored.append((score, other_id, together))
    if not scored:
        return None
    # The closest earlier story, each actor in common counting a little: a matter is the
    # same actors on the same file.
    _, best_id = min((-(score + cfg.chain_actor_bonus * together), other_id) for score, other_id, together in scored)
    chain = _chain_of(store, state, best_id, story)
    report.chained += 1
    return chain


def _article_actors(store: Store, seq: int) -> Counter[str]:
    """The canonical entities (people, organisations, places) an article names, by how often."""
    rows = store.conn.execute(
        "SELECT entity_id, COUNT(*) FROM mentions WHERE article_seq = ? AND entity_id IS NOT NULL GROUP BY entity_id",
        (seq,),
    )
    return Counter(dict(rows.fetchall()))


def _stories_actors(store: Store, since: str) -> dict[str, Counter[str]]:
    """The actors of every news story last seen on or after ``since``, in one query."""
    rows = store.conn.execute(
        "SELECT a.story, m.entity_id, COUNT(*) FROM articles a JOIN mentions m ON m.article_seq = a.seq "
        "WHERE a.story IN (SELECT id FROM stories WHERE kind = 'news' AND last_seen >= ?) "
        "AND m.entity_id IS NOT NULL GROUP BY a.story, m.entity_id",
        (since,),
    )
    out: dict[str, Counter[str]] = {}
    for story_id, entity_id, count in rows:
        out.setdefault(story_id, Counter())[entity_id] = count
    return out


def _top_actors(story: _Story, cfg: st.StoryConfig) -> frozenset[str]:
    """The entities a story names most: who a chain's stories must share."""
    top = sorted(story.actors.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.chain_actors]
    return frozenset(sys.intern(a) for a, _ in top)


def _chain_view(centroid: st.Vector, n: int) -> tuple[tuple[str, ...], array[float]]:
    """A story's top ``n`` terms and weights, as a retired story keeps them (terms interned:
    the same words recur across thousands of retired stories)."""
    top = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return tuple(sys.intern(t) for t, _ in top), array("f", (w for _, w in top))


def _chain_of(store: Store, state: _State, story_id: str, sequel: _Story) -> str:
    """The chain of an earlier story, started here (labelled by the terms it shares with its sequel) if it had none."""
    active = state.stories.get(story_id)
    past = state.past.get(story_id)
    current = active.chain if active is not None else past.chain if past is not None else None
    if current is not None:
        return current
    weights = (
        active.centroid if active is not None else dict(zip(past.terms, past.weights, strict=True)) if past else {}
    )
    label_terms = [t for t in st.top_terms(weights, 12) if t in sequel.centroid][:4]
    chain = f"c-{story_id[2:]}"
    if not label_terms:
        (title,) = store.conn.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone() or (None,)
        label_terms = [title or ""]
    store.conn.execute("INSERT OR REPLACE INTO chains(id, label) VALUES (?, ?)", (chain, " · ".join(label_terms)))
    if active is not None:
        active.chain, active.dirty = chain, True
    elif past is not None:
        past.chain = chain
        store.conn.execute("UPDATE stories SET chain = ? WHERE id = ?", (chain, story_id))
    return chain


def _flush(store: Store, state: _State) -> None:
    conn = store.conn
    if state.df_delta:
        conn.executemany(
            "INSERT INTO term_df(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            list(state.df_delta.items()),
        )
        state.df_delta.clear()
    for story in state.stories.values():
        if not story.dirty:
            continue
        conn.execute(
            "INSERT INTO stories(id, title, first_seen, last_seen, kind, centroid, chain) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET first_seen = excluded.first_seen, "
            "last_seen = excluded.last_seen, centroid = excluded.centroid, chain = excluded.chain",
            (
                story.id,
                story.title,
                story.first,
                story.last,
                story.kind,
                json.dumps({k: round(v, 5) for k, v in story.centroid.items()}, ensure_ascii=False),
                story.chain,
            ),
        )
        story.dirty = False
    # Sizes from the articles themselves: copies join a story and copy groups move between
    # stories without the story's record in memory.
    conn.executemany(
        "UPDATE stories SET size = (SELECT COUNT(*) FROM articles WHERE story = stories.id) WHERE id = ?",
        [(story_id,) for story_id in sorted(state.touched)],
    )
    state.touched.clear()


def _shift(day: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(day[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return day
