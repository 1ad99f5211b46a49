"""One Airflow DAG per site YAML: crawl -> extract_dedup -> publish -> report.

Thin on purpose: the tasks call pipeline.stages.run's stages and pass only a small run reference
(run id, site, day) through XCom; the data goes through the archive's staging area, so the
tasks of one run may execute on different Celery workers. The crawl stage starts Scrapy in its
own process (Twisted's reactor cannot restart).

- Schedule, tags and docs come from the site's YAML.
- extract_dedup and publish run in the `newsarchive_dedup` pool (size 1) across all sites' DAGs,
  so cluster decisions and their publication never race.
- Catchup is off; `airflow backfill create --dag-id newsarchive_<site> --from-date D --to-date D`
  archives past days: a backfill run (or a run triggered with param only_that_day=true) keeps only
  sitemap/feed entries published on its day. Rerunning a day replaces that day's archive.
- Failures and suspicious runs (no articles, a rejection spike) go to NewsarchiveNotifier.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from airflow.sdk import DAG, Param, task

from pipeline.ops.scheduling import CONFIG_DIR, DEDUP_POOL, START_DATE, pipeline_context
from pipeline.config import ConfigError, load_site_file
from pipeline.ops.alerts import NewsarchiveNotifier

log = logging.getLogger(__name__)
DEFAULT_ARGS = {
    "owner": "newsarchive",
    "retries": 2,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,  # 1, 2, 4 ... minutes, capped below
    "max_retry_delay": timedelta(minutes=20),
    "execution_timeout": timedelta(minutes=30),
}
# The crawl is network-bound and sized by max_pages; the rest is local work on one run.
CRAWL_TIMEOUT = timedelta(hours=2)


def _context():
    return pipeline_context()


def _ref(d):
    from pipeline.stages.run import RunRef

    return RunRef(**d)


def _mark_failed(context) -> None:
    """A task failed for good: record it in the catalog so the next run starts clean."""
    from pipeline.stages.run import fail

    ref = context["ti"].xcom_pull(task_ids="crawl")
    if ref:
        fail(_context(), _ref(ref), str(context.get("exception")))


def crawl_window(context) -> dict:
    """since/until for the crawl: a backfill run (or only_that_day) keeps only its day's entries."""
    dag_run = context["dag_run"]
    backfill = str(getattr(dag_run, "run_type", "")).lower().endswith("backfill")
    if backfill or context["params"].get("only_that_day"):
        return {"since": context["ds"], "until": context["ds"]}
    return {}


def site_dag(site) -> DAG:
    doc = (f"### newsarchive: {site.name}\n\nCrawls `{site.name}` "
           f"({', '.join(site.seed_urls)}), extracts articles with trafilatura, folds wire copies, "
           f"and archives WARC + clean records.\n\n- config: `config/sites/{site.name}.yaml`\n"
           f"- schedule: `{site.schedule}`; max pages per run: {site.max_pages}\n"
           f"- topics: {', '.join(site.topics) or 'all'}\n"
           f"- backfill: `airflow backfill create --dag-id newsarchive_{site.name} --from-date D1 --to-date D2` "
           "(each day keeps the sitemap/feed entries published that day); rerunning a day replaces it\n"
           "- report: `reports/site=" + site.name + "/index.html` in the archive")
    with DAG(
        dag_id=f"newsarchive_{site.name}",
        description=f"crawl and archive {site.name}",
        schedule=site.schedule,
        start_date=START_DATE,
        catchup=False,
        max_active_runs=1,  # runs of one site never overlap; different sites do
        dagrun_timeout=timedelta(hours=6),
        default_args={**DEFAULT_ARGS, "on_failure_callback": [_mark_failed, NewsarchiveNotifier()]},
        params={"only_that_day": Param(False, type="boolean",
                                       description="keep only sitemap/feed entries published on the run's day"),
                "max_pages": Param(None, type=["null", "integer"], minimum=1,
                                   description="override the site's max_pages for this run")},
        tags=["newsarchive", f"site:{site.name}", *([f"lang:{site.language}"] if site.language else [])],
        doc_md=doc,
    ) as dag:

        @task(task_id="crawl", execution_timeout=CRAWL_TIMEOUT)
        def crawl_task(**context) -> dict:
            from pipeline.stages import run

            ctx = _context()
            ref = run.new_run(ctx, site.name, context["ds"])
            opts = {**crawl_window(context), "max_pages": context["params"].get("max_pages")}
            stats = run.crawl(ctx, ref, **opts)
            log.info("crawl %s %s: %s", ref.run_id, opts, stats)
            return ref.to_dict()

        @task(task_id="extract_dedup", pool=DEDUP_POOL)
        def extract_dedup_task(ref: dict, **context) -> dict:
            from pipeline.stages import run

            ctx = _context()
            # A retry needs nothing here: the stage undoes what a killed try staged, and a try
            # that had finished is not redone (pipeline/stages/, pipeline/ops/recovery.py).
            log.info("extract+dedup %s: %s", ref["run_id"], run.extract_dedup(ctx, _ref(ref)))
            return ref

        @task(task_id="publish", pool=DEDUP_POOL)
        def publish_task(ref: dict) -> dict:
            from pipeline.stages import run

            log.info("publish %s: %s", ref["run_id"], run.publish(_context(), _ref(ref)))
            return ref

        @task(task_id="report")
        def report_task(ref: dict, **context) -> dict:
            from pipeline.stages import run

            rep = run.report(_context(), _ref(ref))
            summary = {k: rep[k] for k in ("site", "day", "fetched", "articles", "duplicates", "rejected",
                                           "records_in_partition")}
            log.info("report %s: %s", ref["run_id"], summary)
            for alert in rep.get("alerts", []):
                # The run did archive what it found; the alert asks a human to look.
                NewsarchiveNotifier(alert["message"], kind=alert["kind"], details=summary)(context)
            return {**summary, "alerts": [a["kind"] for a in rep.get("alerts", [])]}

        report_task(publish_task(extract_dedup_task(crawl_task())))
    return dag


def broken_site_dag(name: str, error: str) -> DAG:
    """A site whose YAML does not load still shows up in the UI, failing with the reason."""
    with DAG(dag_id=f"newsarchive_{name}", schedule=None, start_date=START_DATE, catchup=False,
             tags=["newsarchive", "config-error"], doc_md=f"**Configuration error**: {error}",
             default_args={"owner": "newsarchive", "retries": 0, "on_failure_callback": NewsarchiveNotifier()}) as dag:

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
