"""`newsarchive stories`: the archive's coverage grouped into stories, for analysts."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli import options
from pipeline.config import parse_day
from pipeline.context import Context

out = Console(soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("stories")(stories)


def stories(
    ctx: typer.Context,
    site: Optional[str] = options.SITE,
    lang: Optional[str] = options.LANG,
    topic: Optional[str] = typer.Option(None, "--topic", help="Stories with an article of this topic"),
    since: Optional[str] = options.SINCE,
    until: Optional[str] = options.UNTIL,
    as_json: bool = typer.Option(False, "--json", help="One JSON object a story on stdout"),
):
    """Related coverage grouped into stories: title, first and last seen, outlets, articles, copies."""
    from pipeline.store.export import Filters, collect
    from pipeline.store.sql import story_rows

    c: Context = ctx.obj
    records = collect(c.archive, Filters(parse_day(since, "--since"), parse_day(until, "--until"), site, lang,
                                     topic, include_duplicates=True))
    rows = story_rows(records)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} stories")
    for col in ("story_id", "title", "first seen", "last seen", "outlets", "articles", "copies"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["story_id"], (r["title"] or "")[:80], r["first_seen"][:10], r["last_seen"][:10],
                      ", ".join(r["outlets"]), str(r["articles"]), str(r["copies"]))
    out.print(table)
    out.print("one story's coverage: newsarchive export --story STORY_ID --include-duplicates --out story.jsonl")
