"""`newsarchive`: the command line. Bad input or configuration: one line on stderr, exit 2."""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.config import ConfigError
from pipeline.urls import safe_url
from pipeline.context import Context
from pipeline.store.storage import StorageError

log = logging.getLogger("newsarchive.cli")
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Scrape-and-archive pipeline for news: crawl, extract, dedup, archive, export.")
sites_app = typer.Typer(no_args_is_help=True, help="List, check and scaffold site configurations.")
app.add_typer(sites_app, name="sites")
eval_app = typer.Typer(invoke_without_command=True,
                       help="Measure quality on labelled data: extraction (default), `eval dedup` "
                            "or `eval stories`.")
app.add_typer(eval_app, name="eval")
# Piped output (logs, scripts) is not wrapped at 80 columns.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


class UsageError(Exception):
    """Bad arguments: reported as one line, exit 2."""


@app.callback()
def common(
    ctx: typer.Context,
    config_dir: Optional[str] = typer.Option(None, "--config-dir", envvar="NEWSARCHIVE_CONFIG_DIR",
                                             help="Directory with sites/, settings.yaml, topics.yaml [default: config]"),
    archive: Optional[str] = typer.Option(None, "--archive", envvar="NEWSARCHIVE_ARCHIVE",
                                          help="s3://bucket/prefix or a local directory [default: data/archive]"),
    catalog: Optional[str] = typer.Option(None, "--catalog", envvar="NEWSARCHIVE_CATALOG",
                                          help="SQLAlchemy URL of the catalog [default: sqlite:///data/catalog.sqlite]"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
):
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = Context.from_env(config_dir, archive, catalog)


def _day(value: Optional[str], flag: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag}: {value!r} is not a date (want YYYY-MM-DD)") from None


# ---- run -------------------------------------------------------------------------------------
@app.command()
def run(
    ctx: typer.Context,
    sites: Optional[str] = typer.Option(None, "--sites", help="Comma-separated site names [default: all]"),
    day: Optional[str] = typer.Option(None, "--date", help="The day this run archives (YYYY-MM-DD) [default: today]"),
    only_that_day: bool = typer.Option(False, "--only-that-day",
                                       help="Keep only sitemap/feed entries dated that day (backfill)."),
    max_pages: Optional[int] = typer.Option(None, "--max-pages", min=1, help="Override each site's max_pages."),
):
    """One full pass for the sites: crawl, extract, dedup, archive (the same code the DAG tasks call)."""
    from pipeline.stages.run import run_site

    c: Context = ctx.obj
    known = c.sites
    names = [s.strip() for s in sites.split(",") if s.strip()] if sites else list(known)
    for name in names:
        if name not in known:
            raise ConfigError(f"{c.config_dir}/sites/{name}.yaml: no site named {name!r} "
                              f"(known: {', '.join(known) or 'none'})")
    the_day = (_day(day, "--date") or date.today()).isoformat()
    window = {"since": the_day, "until": the_day} if only_that_day else {}
    reports = []
    with Progress(SpinnerColumn(), TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False,
                  disable=not err.is_terminal) as bar:  # a log file gets the table, not spinner frames
        for name in names:
            task = bar.add_task(f"{name}: crawl", total=None)

            def progress(stage, done, total, task=task, name=name):
                bar.update(task, description=f"{name}: {stage}", completed=done, total=total)

            rep = run_site(c, name, the_day, progress, max_pages=max_pages, **window)
            bar.update(task, description=f"{name}: done", completed=1, total=1)
            reports.append(rep)
    table = Table(title=f"newsarchive run {the_day}")
    for col in ("site", "fetched", "articles", "copies", "rejected", "in archive", "seconds"):
        table.add_column(col, justify="right" if col != "site" else "left", no_wrap=True)
    for r in reports:
        table.add_row(r["site"], str(r["fetched"]), str(r["articles"]), str(r["duplicates"]), str(r["rejected"]),
                      str(r["records_in_partition"]), f"{sum(v or 0 for v in r['timings_s'].values()):.1f}")
    out.print(table)
    for r in reports:
        if r["rejected_by_reason"]:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(r["rejected_by_reason"].items()))
            out.print(f"rejected on {r['site']}: {reasons}")
    out.print(f"archive: {c.archive}   catalog: {safe_url(c.catalog)}")
    out.print("pull it:  newsarchive export --out articles.jsonl [--format csv|parquet] [--include-duplicates]",
              soft_wrap=True)


# ---- export ----------------------------------------------------------------------------------
@app.command()
def export(
    ctx: typer.Context,
    out_path: Path = typer.Option(..., "--out", help="Output file"),
    fmt: Optional[str] = typer.Option(None, "--format", help="jsonl | csv | parquet [default: from --out's extension, else jsonl]"),
    since: Optional[str] = typer.Option(None, "--since", help="Published on or after (YYYY-MM-DD)"),
    until: Optional[str] = typer.Option(None, "--until", help="Published on or before (YYYY-MM-DD)"),
    site: Optional[str] = typer.Option(None, "--site"),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language code, e.g. ar, en"),
    topic: Optional[str] = typer.Option(None, "--topic", help="A topic of config/topics.yaml"),
    include_duplicates: bool = typer.Option(False, "--include-duplicates",
                                            help="Also the wire copies (is_canonical false, duplicate_of set)"),
    story: Optional[str] = typer.Option(None, "--story", help="One story's coverage (a story_id: newsarchive stories)"),
):
    """Pull cleaned articles from the archive (canonical articles only unless --include-duplicates)."""
    from pipeline.store.export import Filters, export as do_export

    c: Context = ctx.obj
    s, u = _day(since, "--since"), _day(until, "--until")
    if s and u and s > u:
        raise UsageError(f"--since {s} is after --until {u}")
    if topic and topic not in c.topics:
        raise UsageError(f"--topic: unknown topic {topic!r} (known: {', '.join(c.topics) or 'none'})")
    filters = Filters(s, u, site, lang, topic, include_duplicates, story)
    with Progress(TextColumn("export"), BarColumn(), MofNCompleteColumn(), console=err, transient=True) as bar:
        task = bar.add_task("export", total=None)
        n = do_export(c.archive, out_path, fmt, filters, lambda d, t: bar.update(task, completed=d, total=t))
    out.print(f"wrote {n} records to {out_path}")


# ---- verify ----------------------------------------------------------------------------------
@app.command()
def verify(
    ctx: typer.Context,
    repair: bool = typer.Option(False, "--repair", help="Fix what is safe to fix: settle runs a crash left "
                                "unfinished (the manifest decides), delete files no manifest names. "
                                "Not while runs are in flight."),
    no_raw: bool = typer.Option(False, "--skip-raw", help="Do not resolve every record's WARC pointer (faster)"),
):
    """Check the archive against itself and the catalog; exit 1 when something is wrong.

    Every manifest's files exist and parse, counts agree, every record's raw pointer resolves to its
    WARC response, no doc_id twice, no file no manifest names, catalog and archive agree, no run
    left unfinished. The result is kept in reports/verify.json and shown on the reports index."""
    from pipeline.ops import pages
    from pipeline.store.catalog import Catalog
    from pipeline.store.storage import open_storage
    from pipeline.ops.verify import verify as do_verify

    c: Context = ctx.obj
    storage = open_storage(c.archive)
    with Catalog(c.catalog) as catalog:
        with Progress(SpinnerColumn(), TextColumn("verify"), console=err, transient=True) as bar:
            bar.add_task("verify", total=None)
            result = do_verify(storage, catalog, repair=repair, raw_pointers=not no_raw)
        for site in catalog.run_sites()[:1]:  # the index page shows the result
            pages.write_pages(storage, catalog, site)
    for line in result["repaired"]:
        out.print(f"repaired: {line}", soft_wrap=True)
    for p in result["problems"]:
        out.print(f"{p['kind']}: {p['where']} {p['detail']}".rstrip(), soft_wrap=True)
    out.print(f"{result['manifests']} manifests checked: " + ("clean" if result["ok"] else
              f"{len(result['problems'])} problems" + ("" if repair else " (--repair fixes what is safe)")))
    raise typer.Exit(0 if result["ok"] else 1)


# ---- sql -------------------------------------------------------------------------------------
@app.command()
def sql(
    ctx: typer.Context,
    statement: str = typer.Argument(..., help='e.g. "SELECT site, count(*) FROM records GROUP BY site"'),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv | jsonl | parquet [default: a table on a "
                                      "terminal, else from --out's extension, else jsonl]"),
    out_path: Optional[Path] = typer.Option(None, "--out", help="Write to FILE (.csv, .jsonl, .parquet)"),
):
    """SQL over the archive (embedded DuckDB), local or S3. Views: records (current runs only, as
    the manifests say), rejections, runs, stories (one row a story)."""
    from pipeline.store import sql as archive_sql
    from pipeline.store.storage import open_storage

    c: Context = ctx.obj
    chosen = archive_sql.format_for(out_path, fmt)
    if chosen == "table" and not out.is_terminal:
        chosen = "jsonl"
    columns, rows = archive_sql.query(open_storage(c.archive), statement)
    if chosen == "table":
        table = Table(*columns)
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        out.print(table)
        return
    if out_path is None:
        archive_sql.write(columns, rows, chosen, sys.stdout)
        return
    try:
        if chosen == "parquet":
            archive_sql.write(columns, rows, chosen, str(out_path))
        else:
            with open(out_path, "w", encoding="utf-8", newline="") as fh:
                archive_sql.write(columns, rows, chosen, fh)
    except OSError as exc:
        raise UsageError(f"--out {out_path}: cannot write: {exc.strerror}") from None
    err.print(f"wrote {len(rows)} rows to {out_path}")


# ---- show ------------------------------------------------------------------------------------
@app.command()
def show(
    ctx: typer.Context,
    what: str = typer.Argument(..., help="An article URL (any form the crawl met) or a doc_id"),
    raw: bool = typer.Option(False, "--raw", help="The archived HTTP body, byte for byte, on stdout "
                             "(status and headers on stderr)"),
):
    """One archived record as JSON, or with --raw its response exactly as it was fetched."""
    from pipeline.store.catalog import Catalog
    from pipeline.store.show import find_record, raw_response
    from pipeline.store.storage import open_storage

    c: Context = ctx.obj
    storage = open_storage(c.archive)
    with Catalog(c.catalog) as catalog:
        record = find_record(storage, catalog, what)
    if not raw:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        return
    url, headers, body = raw_response(storage, record)
    sys.stderr.write(f"# {url}\n" + "".join(f"# {k}: {v}\n" for k, v in headers.items()))
    sys.stdout.buffer.write(body)
    sys.stdout.flush()


# ---- extract ---------------------------------------------------------------------------------
@app.command()
def extract(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(..., help="HTML files, .html.gz files or http(s) URLs"),
    url: Optional[str] = typer.Option(None, "--url", help="The URL a single file input was fetched from"),
    site: Optional[str] = typer.Option(None, "--site", help="Apply this site's extraction settings and learnt template"),
    explain: bool = typer.Option(False, "--explain", help="Also list each block removed before extraction, and why"),
    offline: bool = typer.Option(False, "--offline", help="With --site: fetch no sibling pages (home page, "
                                 "other articles) to learn a young site's template; use only the catalog's history"),
):
    """Preview what the pipeline keeps from pages: one JSON line per input, in input order.

    A rejected page still shows the title and text found on it, beside the reason. With --site,
    a site whose template history is short is learnt from a few of its other pages first
    (crawl.sibling_pages, fetched politely through Scrapy) unless --offline."""
    from pipeline.cli.preview import preview

    c: Context = ctx.obj
    if url and len(inputs) != 1:
        raise UsageError("--url names the URL of a single file input; give one input with it")
    site_cfg = c.site(site) if site else None
    failures = 0
    for line in preview(c, inputs, url=url, site=site_cfg, explain=explain, offline=offline):
        failures += "error" in line
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    raise typer.Exit(1 if failures else 0)


# ---- sites -----------------------------------------------------------------------------------
@sites_app.command("list")
def sites_list(ctx: typer.Context):
    """List the configured sites."""
    c: Context = ctx.obj
    table = Table()
    for col in ("site", "language", "schedule", "max_pages", "discovery", "topics"):
        table.add_column(col)
    for s in c.sites.values():
        disc = ", ".join(f"{len(v)} {k}" for k, v in (("start", s.start_urls), ("sitemaps", s.sitemaps),
                                                      ("feeds", s.feeds)) if v)
        table.add_row(s.name, s.language or "-", s.schedule, str(s.max_pages), disc, ", ".join(s.topics) or "-")
    out.print(table)


@sites_app.command("check")
def sites_check(ctx: typer.Context, name: str = typer.Argument(...),
                sample: int = typer.Option(3, "--sample", min=0, help="Article pages to fetch and extract")):
    """Validate a site's YAML and fetch a few articles to show what would be kept."""
    from pipeline.cli.preview import check_site

    c: Context = ctx.obj
    site = c.site(name)
    from pipeline.config import check_site_topics

    check_site_topics(site, c.topics, c.config_dir)
    out.print(f"[green]ok[/green] {c.config_dir}/sites/{name}.yaml is valid")
    if sample == 0:
        return
    result = check_site(c, site, sample)
    table = Table(title=f"{name}: {result['fetched']} fetched, {result['discovered']} article URLs discovered")
    for col in ("url", "verdict", "title", "published", "words"):
        table.add_column(col, overflow="fold")
    for row in result["pages"]:
        table.add_row(row["url"], row.get("rejected") or "article", row.get("title") or "",
                      row.get("published") or "", str(row.get("word_count") or ""))
    out.print(table)
    if not result["pages"]:
        _error(f"{name}: no article page found (check article_url_patterns and the discovery URLs)")
        raise typer.Exit(1)


SITE_TEMPLATE = """\
# {name}: added with `newsarchive sites new`. Fields: see README, "Add a site".
name: {name}
start_urls: [https://www.example.com/]          # listing pages to follow (pagination is followed)
sitemaps: []                                     # sitemap, sitemap index or news sitemap URLs
feeds: []                                        # RSS/Atom; robots.txt Sitemap: lines are used too
article_url_patterns: ['/\\d{{4}}/\\d{{2}}/[\\w-]+']   # regexes: which links are articles
deny_url_patterns: ['/tag/', '/author/']
language: en
schedule: "0 5 * * *"
max_pages: 500
# topics: [russia-iraq]                          # only keep articles on these topics (config/topics.yaml)
follow_related: 0                                # 0-3: also fetch the site's articles linked from archived ones,
                                                 # to this depth (0 = off); they count against max_pages
# Boilerplate is learnt from the site's own pages; see what would be removed and why with
# `newsarchive extract URL1 URL2 URL3 --site {name} --explain`, and only then add help:
# extraction:
#   drop: ['.comments', '.related']              # CSS selectors removed before extraction
#   date_selector: '.meta .date'                 # where the date is when the page has none in its metadata
"""


@sites_app.command("new")
def sites_new(ctx: typer.Context, name: str = typer.Argument(...)):
    """Scaffold config/sites/NAME.yaml to edit."""
    c: Context = ctx.obj
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise UsageError(f"site name {name!r}: use lower-case letters, digits, '-' and '_'")
    path = Path(c.config_dir) / "sites" / f"{name}.yaml"
    if path.exists():
        raise UsageError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SITE_TEMPLATE.format(name=name), encoding="utf-8")
    out.print(f"created {path}: edit its URLs and patterns, then `newsarchive sites check {name}`")


# ---- eval ------------------------------------------------------------------------------------
# `newsarchive eval`: extraction quality (pipeline/eval/extraction.py); `newsarchive eval dedup`:
# pair decisions on the calibration set (pipeline/eval/dedup.py); `newsarchive eval stories`: story
# similarity on human-scored pairs (pipeline/eval/stories.py).
@eval_app.callback()
def eval_extraction(ctx: typer.Context,
                    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON"),
                    bench: list[Path] = typer.Option([], "--bench", help="A benchmark folder of real pages with "
                                                     "ground truth (AEB or fundus layout; repeatable), scored "
                                                     "instead of the demo pages"),
                    group_by_host: bool = typer.Option(False, "--group-by-host", help="With --bench: learn a "
                                                       "template from each host's pages first, as a run would"),
                    pages: bool = typer.Option(False, "--pages", help="With --bench: page-by-page table"),
                    rounds: int = typer.Option(3, "--timing-rounds", min=0, help="With --bench: CPU time per "
                                               "page, least of N interleaved tries (0: no timing)")):
    """Extraction quality: newsarchive and plain trafilatura on the same pages, in one run.

    Default: the demo gold pages and the unseen fixtures. `--bench DIR`: a folder of real pages
    (../shared/benchmarks/aeb-dev, ../shared/benchmarks/fundus), scored with the AEB metric.
    """
    if ctx.invoked_subcommand:
        return
    if bench:
        from pipeline.eval.benchmarks import run_benchmark_eval

        raise typer.Exit(run_benchmark_eval(bench, out, ctx.obj.settings.extract.min_words, group_by_host,
                                            json_out, pages, rounds))
    from pipeline.eval.extraction import run_extraction_eval

    raise typer.Exit(run_extraction_eval(ctx.obj, out, json_out))


@eval_app.command("dedup")
def eval_dedup(ctx: typer.Context,
               json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON")):
    """Precision and recall of duplicate decisions on the labelled pair set, and the thresholds."""
    from pipeline.eval.dedup import run_dedup_eval

    raise typer.Exit(run_dedup_eval(ctx.obj, out, json_out))


@eval_app.command("stories")
def eval_stories(pairs: Optional[Path] = typer.Option(None, "--pairs", help="Pairs CSV in SemEval-2022 Task 8 "
                                                      "format (default ../shared/benchmarks/semeval2022-task8/"
                                                      "train.csv)"),
                 json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON")):
    """Story similarity on human-scored article pairs: Pearson per language, same-story precision/recall."""
    from pipeline.eval.stories import run_stories_eval

    raise typer.Exit(run_stories_eval(pairs, out, json_out))


# ---- reprocess, catalog (pipeline/cli/recovery.py) ---------------------------------------------
def _register_recovery() -> None:
    from pipeline.cli import recovery, stories

    recovery.register(app, _day)
    stories.register(app)


_register_recovery()


def _error(message: str) -> None:
    """One plain line (never wrapped, never styled), so scripts and logs can grep it."""
    sys.stderr.write(f"error: {' '.join(message.split())}\n")


_COMMON_OPTIONS = ("--config-dir", "--archive", "--catalog", "--verbose", "-v")


def _usage_line(exc) -> str:
    """A command-line usage error as one line, with a hint where one helps."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    opt = getattr(exc, "option_name", None)
    if opt in _COMMON_OPTIONS:
        message += f" ({opt} is a common option: it goes before the command, newsarchive {opt} ... COMMAND)"
    return f"{message} (see newsarchive --help)"


def _register_plugins() -> None:
    """Commands other packages add (pipeline/plugins.py); a broken plugin costs its commands only."""
    from pipeline.plugins import load

    try:
        registered = load("newsarchive.commands")
    except Exception as exc:  # noqa: BLE001 - an unimportable plugin must not take the CLI down
        log.warning("newsarchive.commands plugins not loaded: %s", exc)
        return
    for register in registered.values():
        register(app)


def main() -> None:
    from pipeline.store.catalog import CatalogError

    _register_plugins()
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except (ConfigError, StorageError, CatalogError, UsageError, ValueError) as exc:
        _error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # crawl failures and the like: one line, the log has the rest
        # typer carries its own copy of click (typer._click): its exceptions are not click's
        if type(exc).__name__ == "Abort":
            sys.exit(1)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # a usage error
            _error(_usage_line(exc))
            sys.exit(2)
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):  # the catalog went away mid-run
            _error(f"catalog: {str(exc.orig if hasattr(exc, 'orig') else exc).strip().splitlines()[0]}")
            sys.exit(2)
        from pipeline.stages.crawl_process import CrawlError

        if isinstance(exc, CrawlError):  # the crawl log has the rest
            _error(getattr(exc, "summary", None) or str(exc))
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
