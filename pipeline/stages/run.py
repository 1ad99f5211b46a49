"""One site-day run in four stages; the CLI and the Airflow tasks call these same functions.

    crawl          Scrapy in its own process -> WARC + crawl stats, uploaded to staging/RUN/
    extract_dedup  WARC -> records or rejections; dedup decisions under the catalog lock,
                   documents staged in the catalog -> staging/RUN/records.jsonl.gz
    publish        WARC, record files (JSONL.gz + Parquet), rejections to their partitions;
                   manifest last (the run becomes visible at once); catalog marked published
    report         counts, reasons, timings -> reports/..., run marked finished

Stages exchange only the run id: everything else is in the archive's staging area, so each stage
can run on a different machine (Airflow workers), and each can be retried as it is
(pipeline/stages/base.py says how).
"""
from __future__ import annotations

from pipeline.context import Context
from pipeline.stages.base import Progress, RunRef, get_json, new_run, put_json
from pipeline.stages.crawl import CrawlStage
from pipeline.stages.extract import ExtractStage
from pipeline.stages.publish import PublishStage
from pipeline.stages.report import fail, report

__all__ = ["RunRef", "new_run", "crawl", "extract_dedup", "publish", "report", "fail", "run_site",
           "get_json", "put_json"]


def crawl(ctx: Context, ref: RunRef, *, since: str | None = None, until: str | None = None,
          max_pages: int | None = None) -> dict:
    return CrawlStage(since, until, max_pages)(ctx, ref)


def extract_dedup(ctx: Context, ref: RunRef, progress: Progress | None = None) -> dict:
    return ExtractStage()(ctx, ref, progress)


def publish(ctx: Context, ref: RunRef) -> dict:
    return PublishStage()(ctx, ref)


def run_site(ctx: Context, site: str, day: str | None = None, progress: Progress | None = None,
             **crawl_opts) -> dict:
    """All four stages for one site-day, in this process (the crawl in a child process)."""
    ref = new_run(ctx, site, day)
    try:
        if progress:
            progress("crawl", 0, None)
        crawl(ctx, ref, **crawl_opts)
        extract_dedup(ctx, ref, progress)
        if progress:
            progress("publish", 0, None)
        publish(ctx, ref)
        return report(ctx, ref)
    except BaseException as exc:
        fail(ctx, ref, f"{type(exc).__name__}: {exc}")
        raise
