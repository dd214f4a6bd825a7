"""The story commands: ``masar stories``, ``masar story ID``, ``masar chains``."""

from __future__ import annotations

from typing import Any

import click

from masar.serve._options import db_option

__all__ = ["stories", "story", "chains", "group", "print_stories"]

# A sentence is another outlet's addition when less than this share of its word
# triples appears in the story's other articles.
_NEW_SENTENCE_MAX_SHARED = 0.5
_NEW_SENTENCES_SHOWN = 3


@click.command()
@db_option
@click.option("--limit", type=int, default=20, show_default=True, help="How many stories.")
@click.option("--min-articles", type=int, default=2, show_default=True, help="Hide stories with fewer articles.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only stories last seen on or after this day.")
def stories(db: str, limit: int, min_articles: int, since: str | None) -> None:
    """Recent stories: headline, articles, outlets, independent sources, dates.

    Independent sources count the outlets that wrote the story themselves: a wire
    text carried by ten outlets counts once.

    \b
    Example:
        masar stories --db news.db
        masar stories --db news.db --since 2025-09-01 --min-articles 3
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        print_stories(store, limit=limit, min_articles=min_articles, since=since)


def print_stories(store: Any, *, limit: int, min_articles: int, since: str | None = None) -> None:
    """The story listing of `masar stories`, also printed at the end of `masar demo`."""
    from masar.serve.export import story_records

    records = [
        r
        for r in story_records(store)
        if len(r["articles"]) >= min_articles and (not since or (r["last_seen"] or "") >= since)
    ]
    records.sort(key=lambda r: (r["last_seen"] or "", len(r["articles"])), reverse=True)
    if not records:
        click.echo("No stories match.")
    for r in records[:limit]:
        dates = r["first_seen"] or "undated"
        if r["last_seen"] and r["last_seen"] != r["first_seen"]:
            dates += f" … {r['last_seen']}"
        click.echo(f"{r['id']}  {r['title'] or '(no title)'}")
        click.echo(
            f"    {len(r['articles'])} articles, {r['independent_sources']} independent sources, "
            f"{dates}; outlets: {', '.join(r['outlets']) or '?'}" + (f"; chain {r['chain']}" if r["chain"] else "")
        )


@click.command()
@click.argument("story_id")
@db_option
def story(story_id: str, db: str) -> None:
    """One story: its articles in time order, which are copies of which, and what each outlet adds.

    \b
    Example:
        masar story s-0000042 --db news.db
    """
    from masar.errors import ConfigError
    from masar.store import Store

    with Store.open(db, create=False) as store:
        head = store.conn.execute(
            "SELECT title, first_seen, last_seen, kind, chain FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if head is None:
            raise ConfigError(f"no story {story_id!r}; list them with `masar stories --db {db}`", code="M046")
        members = store.conn.execute(
            "SELECT id, outlet, COALESCE(anchor_date, published), title, duplicate_of, text FROM articles "
            "WHERE story = ? ORDER BY COALESCE(anchor_date, published), seq",
            (story_id,),
        ).fetchall()
    click.echo(f"{story_id}  {head[0] or '(no title)'}  [{head[3]}]" + (f"  chain {head[4]}" if head[4] else ""))
    for art_id, outlet, day, title, dup, _ in members:
        mark = f"copy of {dup}" if dup else "independent"
        click.echo(f"  {day or 'undated'}  {outlet or '?':<18} {art_id}  ({mark})  {title or ''}")
    originals = [m for m in members if not m[4]]
    if len(originals) > 1:
        click.echo("What each independent article adds:")
        for member in originals:
            added = _own_sentences(member, members)
            click.echo(f"  {member[1] or member[0]}:")
            for sentence in added[:_NEW_SENTENCES_SHOWN] or ["(nothing the others do not say)"]:
                click.echo(f"    - {sentence}")


def _own_sentences(member: tuple[Any, ...], members: list[tuple[Any, ...]]) -> list[str]:
    """Sentences of one article whose word triples mostly appear in no other article of the story."""
    from masar.arabic.sentences import split_sentences
    from masar.copies.near_duplicates import shingles

    others: set[str] = set()
    for other in members:
        if other[0] != member[0]:
            others |= shingles(other[5])
    own = []
    for sentence in split_sentences(member[5]):
        grams = shingles(sentence.text)
        if len(grams) >= 4 and len(grams & others) / len(grams) < _NEW_SENTENCE_MAX_SHARED:
            own.append(sentence.text)
    return own


@click.command()
@db_option
@click.option("--limit", type=int, default=20, show_default=True, help="How many chains.")
def chains(db: str, limit: int) -> None:
    """Chains of stories that continue one matter over time, each in date order.

    \b
    Example:
        masar chains --db news.db
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        rows = store.conn.execute(
            "SELECT c.id, c.label, s.id, s.title, s.first_seen FROM chains c JOIN stories s ON s.chain = c.id "
            "ORDER BY c.id, s.first_seen, s.id"
        ).fetchall()
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    if not grouped:
        click.echo("No chains yet.")
    ordered = sorted(grouped.values(), key=lambda g: (-len(g), g[-1][4] or ""))
    for group in ordered[:limit]:
        click.echo(f"{group[0][0]}  {group[0][1]}  ({len(group)} stories)")
        for _, _, sid, title, first in group:
            click.echo(f"    {first if first and not first.startswith('9999') else 'undated'}  {sid}  {title or ''}")


@click.command()
@db_option
def group(db: str) -> None:
    """Find copies and stories for every stored article that has none yet.

    `masar ingest` does this itself unless given --no-stories; run this after
    such ingests, or to finish a grouping that was interrupted.

    \b
    Example:
        masar ingest big-dump.jsonl --db news.db --no-stories
        masar group --db news.db
    """
    from masar.copies import group_pending
    from masar.store import Store

    with Store.open(db, create=False) as store:
        report = group_pending(store)
    click.echo(
        f"Grouped {report.articles:,} articles: {report.copies:,} copies, {report.stories_started:,} new stories, "
        f"{report.stories_joined:,} joined an existing story, {report.chained:,} continue a chain."
    )
