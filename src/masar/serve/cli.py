"""The ``masar`` command: thin click commands over the library.

Errors print as one line ``[Mxxx] message`` on stderr with a distinct exit code;
``--debug`` shows tracebacks. Progress bars go to stderr, only on a terminal.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import click

from masar.errors import EXIT_CODES, MasarError
from masar.serve._options import db_option, kb_options
from masar.settings import SETTINGS, Settings

__all__ = ["main", "cli"]


class MasarGroup(click.Group):
    """Turns MasarError into one line and an exit code, unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MasarError as err:
            if ctx.meta.get("masar.debug"):
                raise
            click.echo(str(err), err=True)
            ctx.exit(err.exit_code)


@click.group(cls=MasarGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="masar")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Masar (مسار): Arabic news in, a verifiable record of what happened out.

    Start with `masar demo`, then point `masar ingest` at your own articles.

    \b
    Example:
        masar ingest ~/news/ feeds.xml crawl.warc.gz --db news.db
        masar search "ادلب" --db news.db --since 2025-09-01
    """
    ctx.meta["masar.debug"] = debug


def _progress(quiet: bool) -> tuple[Callable[[str, int], None] | None, Callable[[], None]]:
    """A rich progress counter on stderr when it is a terminal, else nothing."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} articles"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("ingesting", total=None)
    bar.start()

    def advance(_kind: str, n: int) -> None:
        bar.advance(task, n)

    return advance, bar.stop


def _settings(**overrides: Any) -> Settings:
    return Settings().with_changes(**{k: v for k, v in overrides.items() if v is not None})


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--map",
    "field_map",
    multiple=True,
    metavar="FIELD=THEIRS",
    help="Map an input field to ours (id, text, html, title, outlet, url, published); repeatable.",
)
@click.option("--outlet", "default_outlet", metavar="NAME", help="Outlet of inputs that name none (plain text files).")
@click.option("--fetch", is_flag=True, help="For feed items, download the linked page and use its full text.")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs larger than this many bytes (default 20 MB).")
@click.option("--batch-size", type=int, default=None, help="Articles per transaction (default 500).")
@click.option("--no-stories", is_flag=True, help="Store articles only; group copies and stories later.")
@click.option("--no-entities", is_flag=True, help="Skip entities and places (run `masar reprocess` later).")
@kb_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    field_map: tuple[str, ...],
    default_outlet: str | None,
    fetch: bool,
    max_bytes: int | None,
    batch_size: int | None,
    no_stories: bool,
    no_entities: bool,
    actors: tuple[Path, ...],
    places: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Read articles from files, folders, globs or stdin (-) into the database.

    Formats are recognised from content: JSON Lines, JSON arrays, HTML pages,
    RSS/Atom feeds, WARC(.gz) crawls, plain text and ZIP archives of these.
    Folders are read recursively, leaving out hidden files, folders whose
    names start with "_", and documentation (README, LICENSE, *.md, scripts).
    Inputs that cannot be read are recorded (see `masar skips`) and the run goes
    on; the exit code is then 3. Running the same input again adds nothing.

    \b
    Example:
        masar ingest articles.jsonl pages/ 'feeds/*.xml' --db news.db
        masar ingest ../shared/data/saudinewsnet --db snn.db
        masar ingest dump.json --map text=body --map published=date --db news.db
        cat today.jsonl | masar ingest - --db news.db
    """
    from masar.ingest import IngestOptions, parse_field_map
    from masar.ingest import ingest as run_ingest
    from masar.store import Store

    options = IngestOptions(
        field_map=parse_field_map(list(field_map)),
        fetch=fetch,
        default_outlet=default_outlet,
        stories=not no_stories,
        entities=not no_entities,
        actors=actors,
        places=places,
        settings=_settings(max_input_bytes=max_bytes, batch_size=batch_size),
    )
    advance, stop = _progress(quiet)
    with Store.open(db) as store:
        try:
            report = run_ingest(list(paths), store, options=options, progress=advance)
        finally:
            stop()
        if not quiet:
            _print_summary(report, store, db)
    if report.refused:
        sys.exit(EXIT_CODES["inputs_refused"])


def _print_summary(report: Any, store: Any, db: str) -> None:
    stats = store.stats()
    echo = click.echo
    echo(f"Read {report.records:,} articles from {report.inputs:,} inputs into {db}")
    if report.formats:
        echo("  formats: " + ", ".join(f"{fmt} {n:,}" for fmt, n in report.formats.most_common()))
    echo(f"  added {report.added:,}, updated {report.updated:,}, already stored {report.unchanged:,}")
    span = f"{stats['first_published']} … {stats['last_published']}" if stats["first_published"] else "no dates"
    echo(
        f"  the store holds {stats['articles']:,} articles from {stats['outlets']:,} outlets, {span}"
        f" ({stats['undated']:,} undated)"
    )
    langs = ", ".join(f"{lang} {n:,}" for lang, n in stats["by_lang"])
    echo(f"  languages: {langs}")
    echo(
        f"  stories: {stats['stories']:,} ({stats['stories_multi']:,} told by several articles), "
        f"{stats['chains']:,} chains; near-identical copies: {stats['copies']:,} in {stats['copy_groups']:,} groups"
        + (f"; {stats['ungrouped']:,} not grouped yet" if stats["ungrouped"] else "")
    )
    if report.refused:
        echo(f"  refused {len(report.refused):,} inputs or items:")
        for skip in report.refused[:20]:
            echo(f"    {skip.line()}")
        if len(report.refused) > 20:
            echo(f"    … and {len(report.refused) - 20:,} more: see `masar skips --db {db}`")


@cli.command()
@db_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def demo(db: str, quiet: bool) -> None:
    """Ingest the bundled sample corpus and print what Masar made of it.

    The corpus (in the package, written by the Masar team) has every input
    format: JSON Lines, a JSON dump, HTML pages, RSS and Atom feeds, a WARC
    crawl and plain text, including a Windows-1256 file and an English article.

    \b
    Example:
        masar demo --db masar-demo.db
        masar search "لافروف" --db masar-demo.db
    """
    from masar.ingest import IngestOptions
    from masar.ingest import ingest as run_ingest
    from masar.store import Store

    corpus = resources.files("masar").joinpath("sample/corpus")
    with resources.as_file(corpus) as folder:
        advance, stop = _progress(quiet)
        with Store.open(db) as store:
            try:
                report = run_ingest([str(folder)], store, options=IngestOptions(), progress=advance)
            finally:
                stop()
            click.echo("Masar demo: the bundled sample corpus")
            _print_summary(report, store, db)
            click.echo("Stories told by several articles, latest first:")
            from masar.serve.cli_entities import top_entities
            from masar.serve.cli_stories import print_stories

            print_stories(store, limit=5, min_articles=2)
            click.echo("Most named actors and places:")
            for row in top_entities(store, limit=8):
                english = f" ({row['name_en']})" if row["name_en"] else ""
                click.echo(f"    {row['type']:<4} {row['name_ar']}{english}: {row['articles']} articles")
            click.echo(f'Next: masar search "إدلب" --db {db}    masar entities --db {db}    masar export --db {db}')


@cli.command()
@click.argument("query")
@db_option
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only articles published on or before this day.")
@click.option("--limit", type=int, default=None, help="How many results (default 20).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result instead of text.")
def search(
    query: str, db: str, outlet: str | None, since: str | None, until: str | None, limit: int | None, as_json: bool
) -> None:
    """Find articles containing every word of QUERY, as Arabic readers search.

    Diacritics, hamza and alef forms, ta marbuta and attached و ف ب ل ك and ال
    do not matter: "ادلب" finds إدلب, لإدلب and وادلب.

    \b
    Example:
        masar search "ادلب" --db news.db
        masar search "لافروف جنيف" --outlet alofoq --since 2025-09-01 --db news.db
    """
    import json

    from masar.arabic.tokens import query_terms
    from masar.serve._snippet import snippet
    from masar.store import Store

    cfg = Settings()
    with Store.open(db, create=False) as store:
        hits = store.search(
            query,
            limit=limit or cfg.search_limit,
            outlet=outlet,
            since=since,
            until=until,
            max_query_chars=cfg.max_query_chars,
        )
    terms = query_terms(query)
    if as_json:
        for hit in hits:
            click.echo(
                json.dumps(
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "outlet": hit.outlet,
                        "published": hit.published,
                        "score": round(-hit.score, 4),
                        "snippet": snippet(hit.text, terms),
                    },
                    ensure_ascii=False,
                )
            )
        return
    if not hits:
        click.echo("No articles match.")
        return
    color = sys.stdout.isatty()
    mark = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    for n, hit in enumerate(hits, 1):
        click.echo(
            f"{n}. {hit.title or '(no title)'}  —  {hit.outlet or '?'}, {hit.published or 'undated'}  ({hit.id})"
        )
        click.echo(f"   {snippet(hit.text, terms, mark=mark)}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option(
    "--what",
    type=click.Choice(["articles", "stories"]),
    default="articles",
    show_default=True,
    help="One record per article, or one per story (JSON Lines only).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export(db: str, fmt: str, what: str, output: str | None) -> None:
    """Write every stored article per the data contract, in ingest order.

    \b
    Example:
        masar export --db news.db --format jsonl > news.jsonl
        masar export --db news.db --format csv -o news.csv
        masar export --db news.db --what stories > stories.jsonl
    """
    from masar.errors import ConfigError
    from masar.serve.export import write_csv, write_jsonl, write_story_jsonl
    from masar.store import Store

    if what == "stories" and fmt != "jsonl":
        raise ConfigError("--what stories is written as JSON Lines only: drop --format csv", code="M045")
    writer = write_story_jsonl if what == "stories" else write_jsonl if fmt == "jsonl" else write_csv
    with Store.open(db, create=False) as store:
        if output:
            tmp = Path(output + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as out:
                writer(store, out)
            os.replace(tmp, output)
        else:
            # Arabic text must reach pipes as UTF-8 whatever the locale says.
            stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
            try:
                writer(store, stdout)
            finally:
                stdout.detach()


@cli.command()
@db_option
def stats(db: str) -> None:
    """What the database holds: articles, outlets, dates, languages, refusals.

    \b
    Example:
        masar stats --db news.db
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        s = store.stats()
    echo = click.echo
    echo(f"{db} (schema {s['schema_version']}, {s['runs']} runs)")
    echo(f"  articles: {s['articles']:,} from {s['outlets']:,} outlets")
    echo(f"  published: {s['first_published'] or '-'} … {s['last_published'] or '-'} ({s['undated']:,} undated)")
    echo("  date source: " + ", ".join(f"{k} {n:,}" for k, n in s["by_anchor_source"]))
    echo("  languages: " + ", ".join(f"{k} {n:,}" for k, n in s["by_lang"]))
    echo(f"  earlier versions kept: {s['earlier_versions']:,}")
    echo(
        f"  entities: {s['mentions']:,} mentions of {s['entities']:,} entities "
        f"({s['entities_known']:,} in the knowledge base)"
        + (f"; {s['entities_pending']:,} articles without (masar reprocess)" if s["entities_pending"] else "")
    )
    if s["stage_skips"]:
        echo("  skipped by stages: " + ", ".join(f"{st}/{r} {n:,}" for (st, r), n in s["stage_skips"]))
    if s["skips_by_reason"]:
        echo("  refused inputs: " + ", ".join(f"{r} {n:,}" for r, n in s["skips_by_reason"]))
    echo("  top outlets:")
    for outlet, n in s["by_outlet"][:15]:
        echo(f"    {outlet:<24} {n:>8,}")


@cli.command()
@db_option
@click.option("--limit", type=int, default=200, show_default=True, help="Show at most this many.")
def skips(db: str, limit: int) -> None:
    """Inputs and items that were refused, with their reason code and message.

    \b
    Example:
        masar skips --db news.db
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        refused = store.skips(limit=limit)
    if not refused:
        click.echo("Nothing was refused.")
    for skip in refused:
        click.echo(f"{skip.reason:<18} {skip.line()}")


@cli.command()
@db_option
def reindex(db: str) -> None:
    """Rebuild the search index from the stored texts (after upgrading Masar).

    \b
    Example:
        masar reindex --db news.db
    """
    from masar.store import Store

    with Store.open(db, create=False) as store:
        count = store.rebuild_search_index()
    click.echo(f"Re-indexed {count:,} articles.")


@cli.command(name="settings")
def show_settings() -> None:
    """List every setting with its default and what it does.

    \b
    Example:
        masar settings
    """
    for setting in SETTINGS:
        click.echo(f"{setting.name:<22} {setting.default!s:<12} {setting.help}")


from masar.serve.cli_entities import entities, entity, reprocess  # noqa: E402  (commands register below)
from masar.serve.cli_stories import chains, group, stories, story  # noqa: E402

cli.add_command(stories)
cli.add_command(story)
cli.add_command(chains)
cli.add_command(group)
cli.add_command(entities)
cli.add_command(entity)
cli.add_command(reprocess)


def main() -> None:
    cli(prog_name="masar")
