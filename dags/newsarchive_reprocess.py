"""newsarchive_reprocess: archived site-days extracted again from their WARCs, triggered by hand.

    airflow dags trigger newsarchive_reprocess --conf '{"since": "2026-11-01", "until": "2026-11-30", "site": "tigris"}'

One mapped task per site-day (`pipeline.stages.reprocess.reprocess_partition`), in the dedup pool
with the sites' extract and publish tasks, so decisions never race; a retried task starts a new
reprocess of its site-day, which converges on the same archive (the stage's own rule).
"""
from __future__ import annotations

import logging
from datetime import date, timedelta

from airflow.sdk import DAG, Param, task

from pipeline.ops.scheduling import DEDUP_POOL, START_DATE, pipeline_context

log = logging.getLogger(__name__)
FIGURES = ("texts_changed", "newly_kept", "newly_rejected", "clusters_changed", "unchanged", "articles")


def _day(value):
    return date.fromisoformat(value) if value else None


with DAG(
    dag_id="newsarchive_reprocess",
    description="re-extract archived site-days from their WARCs (no fetch)",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "newsarchive", "retries": 1, "retry_delay": timedelta(minutes=1),
                  "execution_timeout": timedelta(hours=2)},
    params={"since": Param(None, type=["null", "string"], format="date", description="first site-day"),
            "until": Param(None, type=["null", "string"], format="date", description="last site-day"),
            "site": Param(None, type=["null", "string"], description="one site (default: all)")},
    tags=["newsarchive", "reprocess"],
    doc_md=__doc__,
) as dag:

    @task(task_id="partitions")
    def partitions(**context) -> list[dict]:
        from pipeline.stages.reprocess import Window
        from pipeline.store.archive import Archive
        from pipeline.store.storage import open_storage

        params, ctx = context["params"], pipeline_context()
        window = Window(_day(params.get("since")), _day(params.get("until")), params.get("site"))
        parts = window.partitions(Archive(open_storage(ctx.archive)))
        log.info("%d site-days to reprocess", len(parts))
        return [{"site": s, "day": d} for s, d in parts]

    @task(task_id="reprocess", pool=DEDUP_POOL)
    def reprocess(part: dict) -> dict:
        from pipeline.stages.reprocess import reprocess_partition

        rep = reprocess_partition(pipeline_context(), part["site"], part["day"])
        log.info("reprocess %s %s: %s", part["site"], part["day"], {k: rep[k] for k in FIGURES})
        return {k: rep[k] for k in ("site", "day", *FIGURES)}

    @task(task_id="summary")
    def summary(results) -> dict:
        # by index up to len(): iterating probes one offset past the end, which the task SDK logs
        # as an "XCom not found" error
        results = [results[i] for i in range(len(results))]
        total = {k: sum(r[k] for r in results) for k in FIGURES}
        log.info("reprocessed %d site-days: %s", len(results), total)
        return {"site_days": len(results), **total}

    summary(reprocess.expand(part=partitions()))
