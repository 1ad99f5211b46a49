"""One Airflow DAG per site YAML: crawl -> extract_dedup -> publish -> report.

Thin on purpose: the tasks call pipeline.run's stages and pass only a small run reference
(run id, site, day) through XCom; the data goes through the archive's staging area.
The crawl stage starts Scrapy in its own process (Twisted's reactor cannot restart).
"""
from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import DAG, task

from pipeline.config import ConfigError, load_site_file
from pipeline.context import PROJECT_ROOT, Context

log = logging.getLogger(__name__)
CONFIG_DIR = Path(os.environ.get("NEWSARCHIVE_CONFIG_DIR") or PROJECT_ROOT / "config")
# dedup + publish of all sites run through this pool: size 1 keeps clustering race-free.
DEDUP_POOL = os.environ.get("NEWSARCHIVE_DEDUP_POOL", "newsarchive_dedup")
DEFAULT_ARGS = {
    "owner": "newsarchive",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=20),
    "execution_timeout": timedelta(hours=2),
}


def _context() -> Context:
    return Context.from_env(config_dir=str(CONFIG_DIR))


def _ref(d):
    from pipeline.run import RunRef

    return RunRef(**d)


def _mark_failed(context) -> None:
    """A task failed for good: record it in the catalog so the next run starts clean."""
    from pipeline.run import fail

    ref = context["ti"].xcom_pull(task_ids="crawl")
    if ref:
        fail(_context(), _ref(ref), str(context.get("exception")))


def site_dag(site) -> DAG:
    doc = (f"### newsarchive: {site.name}\n\nCrawls `{site.name}` "
           f"({', '.join(site.seed_urls)}), extracts articles with trafilatura, folds wire copies, "
           f"and archives WARC + clean records.\n\n- config: `config/sites/{site.name}.yaml`\n"
           f"- max pages per run: {site.max_pages}\n- topics: {', '.join(site.topics) or 'all'}")
    with DAG(
        dag_id=f"newsarchive_{site.name}",
        schedule=site.schedule,
        start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
        catchup=False,
        max_active_runs=1,
        default_args={**DEFAULT_ARGS, "on_failure_callback": _mark_failed},
        tags=["newsarchive", f"site:{site.name}", *([f"lang:{site.language}"] if site.language else [])],
        doc_md=doc,
    ) as dag:

        @task(task_id="crawl")
        def crawl_task(**context) -> dict:
            from pipeline import run

            ctx = _context()
            ref = run.new_run(ctx, site.name, context["ds"])
            stats = run.crawl(ctx, ref)
            log.info("crawl %s: %s", ref.run_id, stats)
            return ref.to_dict()

        @task(task_id="extract_dedup", pool=DEDUP_POOL)
        def extract_dedup_task(ref: dict) -> dict:
            from pipeline import run

            log.info("extract+dedup %s: %s", ref["run_id"], run.extract_dedup(_context(), _ref(ref)))
            return ref

        @task(task_id="publish", pool=DEDUP_POOL)
        def publish_task(ref: dict) -> dict:
            from pipeline import run

            log.info("publish %s: %s", ref["run_id"], run.publish(_context(), _ref(ref)))
            return ref

        @task(task_id="report")
        def report_task(ref: dict) -> dict:
            from pipeline import run

            rep = run.report(_context(), _ref(ref))
            summary = {k: rep[k] for k in ("site", "day", "fetched", "articles", "duplicates", "rejected")}
            log.info("report %s: %s", ref["run_id"], summary)
            return summary

        report_task(publish_task(extract_dedup_task(crawl_task())))
    return dag


def broken_site_dag(name: str, error: str) -> DAG:
    """A site whose YAML does not load still shows up in the UI, failing with the reason."""
    with DAG(dag_id=f"newsarchive_{name}", schedule=None, start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
             catchup=False, tags=["newsarchive", "config-error"], doc_md=f"**Configuration error**: {error}") as dag:

        @task(task_id="config_error")
        def config_error():
            raise ConfigError(error)

        config_error()
    return dag


for _path in sorted((CONFIG_DIR / "sites").glob("*.yaml")):
    try:
        _dag = site_dag(load_site_file(_path))
    except ConfigError as exc:
        log.error("%s", exc)
        _dag = broken_site_dag(_path.stem, str(exc))
    globals()[_dag.dag_id] = _dag
