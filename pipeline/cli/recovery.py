"""`newsarchive reprocess` and `newsarchive catalog ...`: the archive re-read, with no fetch."""
from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.cli import options
from pipeline.context import Context

out = Console(soft_wrap=True)
err = Console(stderr=True)
catalog_app = typer.Typer(no_args_is_help=True, help="The catalog: rebuild it from the archive, or create it.")


def register(app: typer.Typer, parse_day) -> None:
    app.command()(reprocess_command(parse_day))
    app.add_typer(catalog_app, name="catalog")


def reprocess_command(parse_day):
    def reprocess(
        ctx: typer.Context,
        since: Optional[str] = options.SINCE,
        until: Optional[str] = options.UNTIL,
        site: Optional[str] = options.SITE,
    ):
        """Re-extract archived site-days from their WARCs with today's extractor; no fetch.

        Each site-day's partition is replaced atomically (its manifest swapped, the old files
        deleted after). Reports texts changed, newly rejected, newly kept, clusters changed.
        """
        from pipeline.stages.reprocess import Window, reprocess as run_reprocess

        c: Context = ctx.obj
        if site:
            c.site(site)  # a one-line config error for an unknown site
        window = Window(parse_day(since, "--since"), parse_day(until, "--until"), site)
        with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("reprocess", total=None)
            result = run_reprocess(c, window, lambda what, done, total: bar.update(task, completed=done, total=total))
        table = Table(title="newsarchive reprocess")
        cols = ("texts_changed", "newly_kept", "newly_rejected", "clusters_changed", "unchanged", "articles")
        table.add_column("site-day", no_wrap=True)
        for col in cols:
            table.add_column(col.replace("_", " "), justify="right")
        for r in result["partitions"]:
            table.add_row(f"{r['site']} {r['day']}", *(str(r[k]) for k in cols))
        table.add_row("total", *(str(result["total"][k]) for k in cols))
        out.print(table)
        if not result["partitions"]:
            out.print("no archived site-day in that window")
    return reprocess


@catalog_app.command("rebuild")
def rebuild(ctx: typer.Context,
            force: bool = typer.Option(False, "--force", help="Rebuild into a catalog that holds documents already "
                                       "(they are replaced)")):
    """Rebuild a lost or corrupted catalog from the archive alone (manifests, records, WARCs)."""
    from pipeline.ops.rebuild import rebuild_catalog

    c: Context = ctx.obj
    with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("rebuild", total=None)
        stats = rebuild_catalog(c, force=force,
                                progress=lambda what, done, total: bar.update(task, description=what,
                                                                               completed=done, total=total))
    out.print(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in stats.items()))


@catalog_app.command("init")
def init(ctx: typer.Context):
    """Create the catalog's tables (opening a catalog does it too) and print the schema version."""
    from pipeline.store.catalog import Catalog

    c: Context = ctx.obj
    with Catalog(c.catalog) as catalog:
        out.print(f"catalog schema version {catalog.schema_version()}")
