"""Stage 1, crawl: Scrapy in its own process -> WARC, errors and stats, uploaded to staging/RUN/.

    settle  what crashed or killed runs of this site left behind (the manifest decides), then
            record this run as running
    fetch   the crawl, in a child process (pipeline/stages/crawl_process.py), into the stage's
            scratch folder; its files uploaded to staging
"""
from __future__ import annotations

from pipeline.ops.recovery import crash_point, reconcile_site
from pipeline.stages.base import Stage, StageState, Step
from pipeline.stages.crawl_process import run_crawl
from pipeline.store.archive import CRAWL_ERRORS, CRAWL_LOG, CRAWL_STATS, CRAWL_WARC

CRAWL_FILES = (CRAWL_WARC, CRAWL_ERRORS, CRAWL_LOG)


class Settle(Step):
    name = "settle"

    def run(self, state: StageState) -> dict:
        reconcile_site(state.storage, state.catalog, state.ref.site, current_run=state.ref.run_id)
        state.catalog.start_run(state.ref.run_id, state.ref.site, state.ref.day)
        crash_point("crawl.start")
        return {}


class Fetch(Step):
    name = "fetch"

    def __init__(self, since: str | None, until: str | None, max_pages: int | None):
        self.since, self.until, self.max_pages = since, until, max_pages

    def run(self, state: StageState) -> dict:
        ref = state.ref
        stats = run_crawl(ref.site, ref.run_id, state.tmp, env=state.ctx.env(), max_pages=self.max_pages,
                          since=self.since, until=self.until)
        for name in CRAWL_FILES:
            if (state.tmp / name).exists():
                state.storage.put_file(state.staging(name), state.tmp / name)
        # a backfill collects only its day's entries
        return {**stats, "window": {"since": self.since, "until": self.until}}


class CrawlStage(Stage):
    """A finished crawl is never redone: its stats in staging say it finished."""

    name = "crawl"

    def __init__(self, since: str | None = None, until: str | None = None, max_pages: int | None = None):
        self.fetch = Fetch(since, until, max_pages)

    def stats_name(self) -> str:
        return CRAWL_STATS

    def steps(self, state: StageState) -> list[Step]:
        return [Settle(), self.fetch]
