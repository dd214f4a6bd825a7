"""The entity commands: ``masar entities``, ``masar entity ID``, ``masar reprocess``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from masar.serve._options import db_option, kb_options

__all__ = ["entities", "entity", "reprocess", "top_entities"]

_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC")
_DAY = "COALESCE(a.anchor_date, a.published)"


@click.command()
@db_option
@click.option("--type", "types", type=click.Choice(_TYPES), multiple=True, help="Only this type; repeatable.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only mentions in articles of this day or later.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only mentions in articles of this day or earlier.")
@click.option("--limit", type=int, default=30, show_default=True, help="How many entities.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity instead of text.")
def entities(db: str, types: tuple[str, ...], since: str | None, until: str | None, limit: int, as_json: bool) -> None:
    """The most mentioned actors and places, with their spellings and counts.

    Each line is one canonical entity: its id (or, for a name the knowledge base
    lacks, the name itself), English name, country, the number of articles and
    mentions, and the spellings the articles used.

    \b
    Example:
        masar entities --db news.db
        masar entities --db news.db --type PER --since 2025-09-01 --limit 50
        masar entities --db news.db --type GPE --type LOC --json
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        rows = top_entities(store, types=types, since=since, until=until, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("No entities match (were the articles ingested with --no-entities? see `masar reprocess`).")
    for row in rows:
        label = row["id"] or row["name_ar"]
        english = f" ({row['name_en']})" if row["name_en"] else ""
        country = f" [{row['country']}]" if row["country"] else ""
        click.echo(
            f"{row['type']:<4} {label}{english}{country}: {row['articles']} articles, {row['mentions']} mentions"
        )
        spellings = ", ".join(f"{text} ×{n}" for text, n in row["variants"])
        click.echo(f"     {spellings}")


def top_entities(
    store: Any, *, types: tuple[str, ...] = (), since: str | None = None, until: str | None = None, limit: int = 30
) -> list[dict[str, Any]]:
    """Entities by number of articles naming them, with their spellings."""
    where, params = _filters(types, since, until)
    rows = store.conn.execute(
        "SELECT m.entity_key, COUNT(DISTINCT m.article_seq) AS n_articles, COUNT(*) AS n_mentions "
        f"FROM mentions m JOIN articles a ON a.seq = m.article_seq {where} "
        "GROUP BY m.entity_key ORDER BY n_articles DESC, n_mentions DESC, m.entity_key LIMIT ?",
        (*params, limit),
    ).fetchall()
    out = []
    for key, n_articles, n_mentions in rows:
        variants = store.conn.execute(
            "SELECT m.text, COUNT(*) AS n FROM mentions m JOIN articles a ON a.seq = m.article_seq "
            f"{where} {'AND' if where else 'WHERE'} m.entity_key = ? GROUP BY m.text ORDER BY n DESC, m.text LIMIT 6",
            (*params, key),
        ).fetchall()
        info = store.conn.execute(
            "SELECT type, entity_id, name_ar, name_en, country, sector, role FROM mentions WHERE entity_key = ? "
            "ORDER BY is_primary DESC, length(text) DESC LIMIT 1",
            (key,),
        ).fetchone()
        kind, entity_id, name_ar, name_en, country, sector, role = info
        out.append(
            {
                "key": key,
                "id": entity_id,
                "type": kind,
                "name_ar": name_ar or variants[0][0],
                "name_en": name_en,
                "country": country,
                "sector": sector,
                "role": role,
                "articles": n_articles,
                "mentions": n_mentions,
                "variants": [list(v) for v in variants],
            }
        )
    return out


def _filters(types: tuple[str, ...], since: str | None, until: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if types:
        clauses.append(f"m.type IN ({','.join('?' * len(types))})")
        params.extend(types)
    if since:
        clauses.append(f"{_DAY} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{_DAY} <= ?")
        params.append(until)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


@click.command()
@click.argument("entity_id")
@db_option
@click.option("--limit", type=int, default=30, show_default=True, help="Show at most this many mentions.")
def entity(entity_id: str, db: str, limit: int) -> None:
    """One entity: its mentions in time order, its roles over time, who is named with it.

    ENTITY_ID is a canonical id from `masar entities` (sergei-lavrov, RUS, ISIL)
    or a name as written in Arabic (لافروف): a name finds the entity most
    often written that way.

    \b
    Example:
        masar entity sergei-lavrov --db news.db
        masar entity لافروف --db news.db
    """
    from masar.errors import ConfigError
    from masar.store import Store

    with Store.open(db, create=False) as store:
        key = _find_key(store, entity_id)
        if key is None:
            raise ConfigError(
                f"no entity {entity_id!r} in {db}; list them with `masar entities --db {db}`", code="M042"
            )
        _print_entity(store, key, limit)


def _find_key(store: Any, wanted: str) -> str | None:
    from masar.arabic.normalize import for_matching

    row = store.conn.execute("SELECT entity_key FROM mentions WHERE entity_key = ? LIMIT 1", (wanted,)).fetchone()
    if row:
        return str(row[0])
    rows = store.conn.execute(
        "SELECT entity_key, text, COUNT(*) FROM mentions GROUP BY entity_key, text ORDER BY COUNT(*) DESC"
    ).fetchall()
    target = for_matching(wanted).strip()
    for key, text, _ in rows:
        if for_matching(text).strip() == target or key.split(":", 1)[-1] == target:
            return str(key)
    return None


def _print_entity(store: Any, key: str, limit: int) -> None:
    conn = store.conn
    info = conn.execute(
        "SELECT type, entity_id, name_ar, name_en, country, sector, role FROM mentions WHERE entity_key = ? "
        "ORDER BY is_primary DESC, length(text) DESC LIMIT 1",
        (key,),
    ).fetchone()
    kind, entity_id, name_ar, name_en, country, sector, role = info
    mentions = conn.execute(
        f"SELECT {_DAY}, a.outlet, a.id, m.text, m.start, m.stop, m.role, a.text FROM mentions m "
        "JOIN articles a ON a.seq = m.article_seq WHERE m.entity_key = ? AND m.is_primary = 1 "
        f"ORDER BY {_DAY}, a.seq",
        (key,),
    ).fetchall()
    variants = conn.execute(
        "SELECT text, COUNT(*) FROM mentions WHERE entity_key = ? GROUP BY text ORDER BY COUNT(*) DESC", (key,)
    ).fetchall()
    click.echo(f"{entity_id or key}  {name_ar or variants[0][0]}" + (f"  ({name_en})" if name_en else ""))
    details = [f"type {kind}"] + [
        f"{label} {value}" for label, value in (("country", country), ("sector", sector), ("role", role)) if value
    ]
    click.echo("    " + ", ".join(details))
    click.echo("    spellings: " + ", ".join(f"{t} ×{n}" for t, n in variants))
    click.echo(f"\nMentions ({len(mentions)} articles, in time order):")
    for day, outlet, article_id, _text, start, stop, _role, body in mentions[:limit]:
        context = _context(body, start, stop)
        click.echo(f"  {day or 'undated'}  {outlet or '?'}  {article_id}")
        click.echo(f"      {context}")
    roles = conn.execute(
        f"SELECT m.role, MIN({_DAY}), MAX({_DAY}), COUNT(*) FROM mentions m JOIN articles a ON a.seq = m.article_seq "
        f"WHERE m.entity_key = ? AND m.role IS NOT NULL GROUP BY m.role ORDER BY MIN({_DAY})",
        (key,),
    ).fetchall()
    if roles and kind == "PER":
        click.echo("\nRoles over time:")
        for role_name, first, last, n in roles:
            click.echo(f"  {first or 'undated'} … {last or 'undated'}  {role_name} ({n} mentions)")
    co = conn.execute(
        "SELECT o.entity_key, COALESCE(MAX(o.name_ar), MAX(o.text)), MAX(o.name_en), "
        "COUNT(DISTINCT o.article_seq) AS n FROM mentions m "
        "JOIN mentions o ON o.article_seq = m.article_seq AND o.entity_key != m.entity_key "
        "WHERE m.entity_key = ? AND o.type IN ('PER', 'ORG') GROUP BY o.entity_key ORDER BY n DESC LIMIT 10",
        (key,),
    ).fetchall()
    if co:
        click.echo("\nNamed with (actors):")
        for other, text, english, n in co:
            click.echo(f"  {other}  {text}" + (f" ({english})" if english else "") + f": {n} articles")
    click.echo("\nQuotes: not extracted yet (the quotes stage is a later issue).")


def _context(text: str, start: int, stop: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[stop : stop + width].replace("\n", " ")
    return f"…{left}[{text[start:stop]}]{right}…"


@click.command()
@db_option
@click.option(
    "--stage", type=click.Choice(["entities"]), default="entities", show_default=True, help="Which stage to run again."
)
@kb_options
@click.option("--batch-size", type=int, default=200, show_default=True, help="Articles per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def reprocess(
    db: str, stage: str, actors: tuple[Path, ...], places: tuple[Path, ...], batch_size: int, quiet: bool
) -> None:
    """Run a stage again over every stored article (after the knowledge base or model changed).

    Each batch of articles is replaced in one transaction, so a run that is
    stopped resumes where it stopped when given the same command again.

    \b
    Example:
        masar reprocess --stage entities --db news.db
        masar reprocess --stage entities --db news.db --actors my_actors.csv
    """
    from masar.entities.extract import extractor_for
    from masar.store import Store

    extractor = extractor_for(actors, places)
    with Store.open(db, create=False) as store:
        target = _target_version(store)
        total = store.conn.execute(
            "SELECT COUNT(*) FROM articles WHERE entities_version < ? AND (lang = 'ar' OR lang IS NULL)", (target,)
        ).fetchone()[0]
        done = 0
        with click.progressbar(length=total, label=stage, hidden=quiet) as bar:
            while True:
                pending = store.entities_pending(target, limit=batch_size)
                if not pending:
                    break
                batch = [(seq, extractor.extract_in_store(text, store.people_by_family)) for seq, text in pending]
                store.write_entities(batch, version=target)
                done += len(pending)
                bar.update(len(pending))
        store.conn.execute("DELETE FROM stage_runs WHERE stage = 'entities'")
        mentions = store.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    if not quiet:
        click.echo(f"{done} articles processed; {mentions} mentions in {db}")


def _target_version(store: Any) -> int:
    """The version of a stopped run to finish, else a new one (recorded, so it can be finished)."""
    row = store.conn.execute("SELECT target FROM stage_runs WHERE stage = 'entities'").fetchone()
    if row:
        return int(row[0])
    high = store.conn.execute("SELECT COALESCE(MAX(entities_version), 0) FROM articles").fetchone()[0]
    target = int(high) + 1
    store.conn.execute("INSERT OR REPLACE INTO stage_runs(stage, target) VALUES ('entities', ?)", (target,))
    # A new run forgets the unknown people earlier runs remembered: the new model names its own.
    store.conn.execute("DELETE FROM person_names")
    return target
