"""Stage 4, report: the run report (JSON, next to the run's partitions), alerts, the HTML pages;
the run marked finished in the catalog; staging deleted last, so a retried report task still
finds the stage stats (and a retry after staging was cleared returns the report written)."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from pipeline.ops import pages
from pipeline.ops.story_pages import write_story_pages
from pipeline.ops.recovery import crash_point
from pipeline.context import Context
from pipeline.stages.base import RunRef, get_json, put_json
from pipeline.store import archive as layout
from pipeline.store.archive import read_jsonl_gz
from pipeline.store.catalog import Catalog
from pipeline.store.storage import open_storage

log = logging.getLogger("newsarchive.run")
STAGES = ("crawl", "extract", "publish")


def report(ctx: Context, ref: RunRef) -> dict:
    storage = open_storage(ctx.archive)
    if not storage.exists(layout.staging_key(ref.run_id, layout.stage_stats("publish"))):
        existing = get_json(storage, layout.report_key(ref.site, ref.day, ref.run_id))
        if existing is not None:  # a retried report task after the report was written and staging cleared
            return existing
        raise FileNotFoundError(f"staging/{ref.run_id}/publish_stats.json: run {ref.run_id} was not published")
    stages = {name: get_json(storage, layout.staging_key(ref.run_id, layout.stage_stats(name)), {}) for name in STAGES}
    rep = summary(ref, stages)
    with Catalog(ctx.catalog) as catalog:
        history = [r["stats"] or {} for r in catalog.runs_of(ref.site, 30)
                   if r["status"] == "published" and r["run_id"] != ref.run_id]
        rep["alerts"] = pages.check_run(rep, history)
        put_json(storage, layout.report_key(ref.site, ref.day, ref.run_id), rep)
        crash_point("report.before_finish")
        catalog.finish_run(ref.run_id, "published", {k: v for k, v in rep.items() if k != "stages"})
        pages.write_pages(storage, catalog, ref.site)
        write_story_pages(storage, catalog, _stories_of_run(storage, ref))
    storage.delete(list(storage.list(f"staging/{ref.run_id}/")))
    return rep


def _stories_of_run(storage, ref: RunRef) -> set[str]:
    key = layout.staging_key(ref.run_id, layout.STAGED_RECORDS)
    return {r.get("story_id") for r in read_jsonl_gz(storage.get_bytes(key))} if storage.exists(key) else set()


def summary(ref: RunRef, stages: dict[str, dict]) -> dict:
    """The report's figures from the three stages' stats."""
    crawl_s, extract_s, publish_s = (stages[name] for name in STAGES)
    return {"run_id": ref.run_id, "site": ref.site, "day": ref.day,
            "fetched": crawl_s.get("fetched", 0), "articles": extract_s.get("articles", 0),
            "rejected": extract_s.get("rejected", 0), "rejected_by_reason": extract_s.get("rejected_by_reason", {}),
            "duplicates": extract_s.get("duplicates", 0), "new_clusters": extract_s.get("new_clusters", 0),
            "records_in_partition": publish_s.get("records", 0), "bytes": publish_s.get("bytes", 0),
            "skipped_archived": crawl_s.get("skipped_archived", 0),
            "window": crawl_s.get("window") or {"since": None, "until": None},
            "timings_s": {k: v.get("stage_s") for k, v in stages.items()},
            "date_sources": extract_s.get("date_sources", {}), "date_conflicts": extract_s.get("date_conflicts", []),
            "extract_ms_per_page": extract_s.get("extract_ms_per_page"), "stages": stages,
            "finished_at": datetime.now(timezone.utc).isoformat()}


def fail(ctx: Context, ref: RunRef, error: str) -> None:
    """Mark the run failed in the catalog (its staged documents are forgotten by the next crawl)
    and show it on the report pages; the error text is cut short, it goes into the archive."""
    with Catalog(ctx.catalog) as catalog:
        run = catalog.get_run(ref.run_id)
        if run and run["status"] == "running":
            catalog.finish_run(ref.run_id, "failed", {"site": ref.site, "day": ref.day, "error": error[:500]})
            try:
                pages.write_pages(open_storage(ctx.archive), catalog, ref.site)
            except Exception as exc:  # noqa: BLE001 - the storage may be what failed; the catalog has it
                log.warning("report pages not updated after the failure of %s: %s", ref.run_id, exc)
