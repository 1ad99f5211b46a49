"""Distributed, for real, on this machine (`make test-distributed`).

Airflow with CeleryExecutor: the machine's Redis as broker (a DB number of its own), PostgreSQL
as metadata DB, Celery result backend and catalog (fresh databases), an api-server (Celery
workers run tasks through its Task Execution API), a scheduler, a dag-processor and two
`airflow celery worker` processes with distinct names. The archive is an S3 server (moto over
HTTP) reached only through the Airflow connection `newsarchive_s3`, the catalog only through the
connection `newsarchive_catalog`: no AWS_* or NEWSARCHIVE_CATALOG in the Airflow processes.

Two demo sites' DAGs that share wire stories (almada, sawt) are triggered at the same time; the
test checks that tasks ran on both workers, every article is archived exactly once, the wire
copies fold into the right clusters across sites, and no secret reached a log or the archive.
It stops every process it started (process groups), also when it fails.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from urllib.parse import urlsplit
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT, _port_open, service_missing

pytestmark = [pytest.mark.distributed, pytest.mark.timeout(900)]
# A separate CI step with its own time budget: conftest leaves this module out of collection
# unless NEWSARCHIVE_TEST_DISTRIBUTED=1 (`make test-distributed`).
SITES = ("almada", "sawt")  # three wire stories appear on both: cross-site clusters under concurrency
DAY = "2026-11-20"
BACKFILL_SITE, BACKFILL_DAYS = "tigris", ("2015-09-27", "2015-09-28")
REDIS_DB = int(os.environ.get("NEWSARCHIVE_TEST_REDIS_DB", "13"))
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _say(msg: str) -> None:
    print(f"[distributed] {msg}", flush=True)


class Cluster:
    """The Airflow processes of the test, each in its own process group."""

    def __init__(self, home: Path, env: dict):
        self.home, self.env = home, env
        self.procs: dict[str, subprocess.Popen] = {}

    def run(self, *args, timeout=300, env=None) -> str:
        proc = subprocess.run([AIRFLOW, *args], env=env or self.env, cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"airflow {' '.join(args)} failed: {(proc.stderr or proc.stdout)[-3000:]}")
        return proc.stdout

    def start(self, name: str, *args, extra_env=None) -> None:
        log = open(self.home / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen([AIRFLOW, *args], env={**self.env, **(extra_env or {})}, cwd=ROOT,
                                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        log.close()

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise AssertionError(f"{name} exited with {proc.returncode}:\n{self.log_tail(name)}")

    def log_tail(self, name: str, n: int = 4000) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""

    def stop(self) -> None:
        """SIGTERM each process group (Celery shuts down warm), SIGKILL what is left."""
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 30
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pass
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group: task supervisors and crawls too
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


def _wait(what: str, check, timeout: float, cluster: Cluster, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cluster.check_alive()
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(scope="module")
def databases(pg_server):
    from sqlalchemy import create_engine, text

    tag = uuid.uuid4().hex[:8]
    names = {"meta": f"newsarchive_dist_meta_{tag}", "catalog": f"newsarchive_dist_catalog_{tag}"}
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        service_missing("PostgreSQL", str(exc).splitlines()[0])
    yield names
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="module")
def redis_db():
    """The broker URL (a DB number of its own) and a queue name no other run uses, so parallel
    runs of this test, or leftovers of an aborted one, never exchange tasks."""
    if not _port_open("127.0.0.1", 6379):
        service_missing("Redis", "nothing listens on 127.0.0.1:6379")
    import redis

    queue = f"newsarchive-dist-{uuid.uuid4().hex[:8]}"
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing("Redis", str(exc))
    yield f"redis://127.0.0.1:6379/{REDIS_DB}", queue
    for key in client.scan_iter(match=f"*{queue}*"):  # only what this run left behind
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def distributed_run(tmp_path_factory, demo_sites, demo_config, databases, redis_db, s3_server):
    import boto3

    base = tmp_path_factory.mktemp("distributed")
    home = base / "airflow"
    home.mkdir()
    config = base / "config"
    shutil.copytree(demo_config, config)
    for path in (config / "sites").glob("*.yaml"):
        if path.stem not in (*SITES, BACKFILL_SITE):
            path.unlink()
    # The backfill site is read from its sitemap and feed only: listing pages carry no dates,
    # so only sitemap/feed entries can be kept to the backfilled day.
    yaml_path = config / "sites" / f"{BACKFILL_SITE}.yaml"
    yaml_path.write_text(re.sub(r"(?m)^start_urls:.*\n", "", yaml_path.read_text(encoding="utf-8")), encoding="utf-8")
    bucket = f"dist-{uuid.uuid4().hex[:8]}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    s3_secret = f"dist-secret-{secrets.token_hex(12)}"
    api_port = _free_port()
    pg = "postgres@127.0.0.1:5432"
    broker, queue = redis_db
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "AIRFLOW", "NEWSARCHIVE_"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        # Only the runs the test triggers: no scheduled run of the latest interval besides them.
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "pipeline.ops.airflow_host.hostname",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{pg}/{databases['meta']}",
        "AIRFLOW__CELERY__BROKER_URL": broker,
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+postgresql+psycopg2://{pg}/{databases['meta']}",
        # One task at a time per worker: with Airflow's late acks and prefetch 1 a busy worker
        # holds no second task, so two runs triggered together are spread over both workers.
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
        "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
        "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "300",
        "NEWSARCHIVE_CONFIG_DIR": str(config),
        "NEWSARCHIVE_ARCHIVE": f"s3://{bucket}/dist",
        "AIRFLOW_CONN_NEWSARCHIVE_S3": json.dumps({
            "conn_type": "aws", "login": "dist-key", "password": s3_secret,
            "extra": {"endpoint_url": s3_server["AWS_ENDPOINT_URL"], "region_name": "us-east-1"}}),
        "AIRFLOW_CONN_NEWSARCHIVE_CATALOG": json.dumps({
            "conn_type": "postgres", "host": "127.0.0.1", "port": 5432, "login": "postgres",
            "schema": databases["catalog"]}),
    })
    cluster = Cluster(home, env)
    started = time.monotonic()
    try:
        _say("airflow db migrate (PostgreSQL metadata) ...")
        cluster.run("db", "migrate", timeout=400)
        cluster.run("pools", "set", "newsarchive_dedup", "1", "newsarchive dedup and publish, serialised")
        cluster.start("api-server", "api-server", "--port", str(api_port), "--host", "127.0.0.1")
        cluster.start("scheduler", "scheduler")
        cluster.start("dag-processor", "dag-processor")
        workers = {}
        for name in ("w1", "w2"):
            cluster.start(f"worker-{name}", "celery", "worker", "--celery-hostname", f"{name}@%h",
                          "--queues", queue, "--concurrency", "1",
                          extra_env={"NEWSARCHIVE_WORKER_NAME": name,
                                     "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port())})
            workers[name] = f"{name}@{socket.gethostname()}"  # = Celery's %h
        meta = _meta_connection(databases["meta"])

        def api_up():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{api_port}/api/v2/monitor/health", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait("the api-server", api_up, 120, cluster)
        dag_ids = [f"newsarchive_{s}" for s in SITES]
        parsed = [*dag_ids, f"newsarchive_{BACKFILL_SITE}"]
        _wait("the DAGs to be parsed", lambda: _rows(meta, "SELECT count(*) FROM serialized_dag WHERE dag_id = ANY(%s)",
                                                     (parsed,))[0][0] == len(parsed), 120, cluster)
        _wait("both workers ready", lambda: all(f"{n}@" in cluster.log_tail(f"worker-{n}", 10**6)
                                                 and "ready" in cluster.log_tail(f"worker-{n}", 10**6)
                                                 for n in workers), 90, cluster)
        _say(f"cluster up in {time.monotonic() - started:.0f}s; triggering {', '.join(dag_ids)} together")
        t0 = time.monotonic()
        triggers = [subprocess.Popen([AIRFLOW, "dags", "trigger", d, "--logical-date", f"{DAY}T06:00:00+00:00"],
                                     env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for d in dag_ids]
        for proc in triggers:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err[-2000:]

        def finished():
            rows = _rows(meta, "SELECT dag_id, state FROM dag_run WHERE dag_id = ANY(%s)", (dag_ids,))
            return rows if len(rows) == len(dag_ids) and all(s in ("success", "failed") for _, s in rows) else None

        runs = _wait("both DAG runs to finish", finished, 420, cluster, every=3)
        elapsed = time.monotonic() - t0
        tis = _rows(meta, "SELECT dag_id, task_id, state, hostname, start_date, end_date, try_number "
                          "FROM task_instance WHERE dag_id = ANY(%s) ORDER BY start_date", (dag_ids,))
        for dag_id, task_id, state, host, start, end, tries in tis:
            secs = (end - start).total_seconds() if start and end else float("nan")
            _say(f"task {dag_id}.{task_id}: {state} on {host} ({secs:.1f}s, try {tries})")
        _say(f"both DAG runs finished in {elapsed:.1f}s: {dict(runs)}")
        for name, host in workers.items():
            log = cluster.log_tail(f"worker-{name}", 10**7)
            ready = re.search(rf"{re.escape(host)} ready", log)
            ran = [f"{d.removeprefix('newsarchive_')}.{t}" for d, t, _, h, *_ in tis if h == host]
            _say(f"worker {host}: celery node {'ready' if ready else 'NOT READY'}, "
                 f"{log.count('Task execute_workload[')} celery task lines, ran {len(ran)}: {', '.join(ran)}")
        backfill = _backfill(cluster, meta)
        meta.close()
        yield {"backfill": backfill, "runs": dict(runs), "tis": tis, "meta_db": databases["meta"], "workers": workers, "bucket": bucket, "env": env,
               "secret": s3_secret, "home": home, "catalog_db": databases["catalog"], "elapsed": elapsed,
               "logs": {n: cluster.log_tail(n, 10**7) for n in cluster.procs}}
    finally:
        cluster.stop()
        _say(f"stopped {len(cluster.procs)} Airflow processes; total {time.monotonic() - started:.0f}s")


def _backfill(cluster: Cluster, meta) -> dict:
    """`airflow backfill create` for two past days, then again for the first day (a rerun)."""
    dag_id = f"newsarchive_{BACKFILL_SITE}"
    first, last = BACKFILL_DAYS[0], BACKFILL_DAYS[-1]
    t0 = time.monotonic()
    _say(f"airflow backfill create --dag-id {dag_id} --from-date {first} --to-date {last}T23:59:59+00:00")
    # --to-date is an inclusive instant: the end of the last day, so its 05:45 run is in.
    cluster.run("backfill", "create", "--dag-id", dag_id, "--from-date", first, "--to-date", f"{last}T23:59:59+00:00",
                timeout=120)

    def runs_done(min_crawl_tries=1):
        rows = _rows(meta, "SELECT r.run_id, r.run_type, r.state, to_char(r.logical_date, 'YYYY-MM-DD'), ti.try_number "
                           "FROM dag_run r JOIN task_instance ti ON ti.dag_id = r.dag_id AND ti.run_id = r.run_id "
                           "AND ti.task_id = 'crawl' WHERE r.dag_id = %s ORDER BY r.logical_date", (dag_id,))
        ok = len(rows) == len(BACKFILL_DAYS) and all(r[2] in ("success", "failed") for r in rows)
        return rows if ok and rows[0][4] >= min_crawl_tries else None

    runs = _wait("the backfill runs", runs_done, 300, cluster, every=3)
    _say(f"backfill: {[(r[3], r[1], r[2]) for r in runs]} in {time.monotonic() - t0:.1f}s")
    # One running backfill per DAG: the scheduler marks the first complete on its next sweep.
    _wait("the backfill to be marked complete", lambda: _rows(
        meta, "SELECT count(*) FROM backfill WHERE dag_id = %s AND completed_at IS NULL", (dag_id,))[0][0] == 0,
        120, cluster)
    t0 = time.monotonic()
    _say(f"rerun of {first}: airflow backfill create ... --reprocess-behavior completed")
    cluster.run("backfill", "create", "--dag-id", dag_id, "--from-date", first, "--to-date", f"{first}T23:59:59+00:00",
                "--reprocess-behavior", "completed", timeout=120)
    rerun = _wait("the rerun of the first backfilled day", lambda: runs_done(2), 300, cluster, every=3)
    _say(f"rerun: {[(r[3], r[2], f'crawl try {r[4]}') for r in rerun]} in {time.monotonic() - t0:.1f}s")
    return {"runs": runs, "rerun": rerun}


def _meta_connection(db: str):
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname=db)
    conn.autocommit = True
    return conn


def _rows(conn, sql, params=()):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_both_runs_succeed_on_both_workers(distributed_run):
    assert set(distributed_run["runs"].values()) == {"success"}, distributed_run["runs"]
    tis = distributed_run["tis"]
    assert len(tis) == 4 * len(SITES) and all(state == "success" for _, _, state, *_ in tis), tis
    hosts = {host for _, _, _, host, *_ in tis}
    assert hosts == set(distributed_run["workers"].values()), f"tasks ran on {hosts}"
    # XCom carries run references only, never article data.
    meta = _meta_connection(distributed_run["meta_db"])
    try:
        xcoms = _rows(meta, "SELECT r.dag_id, x.task_id, x.value::text FROM xcom x JOIN dag_run r ON r.id = x.dag_run_id "
                            "WHERE r.dag_id = ANY(%s) AND x.key = 'return_value'",
                      ([f"newsarchive_{s}" for s in SITES],))
    finally:
        meta.close()
    assert len(xcoms) == 4 * len(SITES), xcoms
    for dag_id, task_id, value in xcoms:
        assert len(value) < 600, (dag_id, task_id, value)
        if task_id != "report":
            assert set(json.loads(value)) == {"run_id", "site", "day"}, value
    # The pool kept dedup/publish serialised: no two of those task instances overlapped.
    pooled = sorted((start, end) for _, task, _, _, start, end, _ in tis if task in ("extract_dedup", "publish"))
    for (_, end), (start, _) in zip(pooled, pooled[1:]):
        assert start >= end, f"pooled tasks overlapped: {pooled}"


def test_every_article_archived_once_and_clusters_right(distributed_run, demo_sites, demo_manifest):
    from pipeline.store.archive import Archive
    from pipeline.store.catalog import Catalog
    from pipeline.store.storage import open_storage
    from pipeline.urls import canonicalize

    arch = Archive(open_storage(f"s3://{distributed_run['bucket']}/dist"))
    manifests = [m for m in arch.manifests() if m["site"] in SITES]
    assert {(m["site"], m["day"]) for m in manifests} == {(s, DAY) for s in SITES}
    records = [r.to_dict() for m in manifests for r in arch.records(m)]
    by_url = defaultdict(list)
    for rec in records:
        by_url[canonicalize(rec["url"])].append(rec)
    articles = [e for e in demo_manifest if e["expect"] == "article" and e["site"] in SITES]
    expected = {canonicalize(demo_sites.base_url(e["site"]) + e["url_path"]) for e in articles}
    assert set(by_url) == expected
    assert all(len(v) == 1 for v in by_url.values()), "an article archived twice"
    assert len({r["doc_id"] for r in records}) == len(records) == len(articles)

    clusters_of_story, stories_of_cluster = defaultdict(set), defaultdict(set)
    for e in articles:
        rec = by_url[canonicalize(demo_sites.base_url(e["site"]) + e["url_path"])][0]
        story = e["wire"] or f"own:{e['site']}{e['url_path']}"
        clusters_of_story[story].add(rec["cluster_id"])
        stories_of_cluster[rec["cluster_id"]].add(story)
    cross_site = [w for w in clusters_of_story if not w.startswith("own:")
                  and len({e["site"] for e in articles if e["wire"] == w}) == 2]
    assert len(cross_site) >= 3  # the concurrency case this test is for
    assert all(len(c) == 1 for c in clusters_of_story.values()), "a wire story split over clusters"
    assert all(len(s) == 1 for s in stories_of_cluster.values()), "different stories merged"
    for clusters in clusters_of_story.values():
        assert sum(r["is_canonical"] for r in records if r["cluster_id"] in clusters) == 1

    catalog = Catalog(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{distributed_run['catalog_db']}")
    try:
        assert sum(len(catalog.documents_for(s, DAY)) for s in SITES) == len(records)
        for site in SITES:
            runs = catalog.runs_of(site)
            assert [r["status"] for r in runs] == ["published"]
            assert runs[0]["stats"]["articles"] == sum(e["site"] == site for e in articles)
    finally:
        catalog.close()
    assert arch.storage.exists(f"reports/site={SITES[0]}/index.html")
    assert not list(arch.storage.list("staging/")), "staging left behind"


def test_no_secret_in_logs_or_archive(distributed_run):
    secret = distributed_run["secret"]
    for name, text in distributed_run["logs"].items():
        assert secret not in text, f"S3 secret in the {name} log"
    for path in (distributed_run["home"] / "logs").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="replace"), f"S3 secret in {path}"
    task_logs = "".join(p.read_text(errors="replace") for p in (distributed_run["home"] / "logs").rglob("*.log"))
    assert "S3: connection newsarchive_s3" in task_logs  # the connection, not an environment, was used
    arch_storage = __import__("pipeline.store.storage", fromlist=["open_storage"]).open_storage(
        f"s3://{distributed_run['bucket']}/dist")
    for key in arch_storage.list(""):
        if not key.endswith((".parquet", ".warc.gz", ".jsonl.gz")):
            assert secret.encode() not in arch_storage.get_bytes(key), key


def test_backfill_keeps_each_day_and_a_rerun_replaces_it(distributed_run, demo_sites, demo_manifest):
    from pipeline.store.archive import Archive
    from pipeline.store.catalog import Catalog
    from pipeline.store.storage import open_storage

    bf = distributed_run["backfill"]
    assert [(r[1], r[2], r[3]) for r in bf["rerun"]] == [("backfill", "success", d) for d in BACKFILL_DAYS]
    arch = Archive(open_storage(f"s3://{distributed_run['bucket']}/dist"))
    sitemap = (ROOT / "demo" / "sites" / BACKFILL_SITE / "www" / "sitemap.xml").read_text(encoding="utf-8")
    for day in BACKFILL_DAYS:
        manifest = arch.manifest(BACKFILL_SITE, day)
        assert manifest, f"no partition for {day}"
        records = [r.to_dict() for r in arch.records(manifest)]
        paths = {urlsplit(r["url"]).path for r in records}
        # exactly the sitemap/feed entries dated that day
        expected = set(re.findall(rf"@BASE_URL@(/[^<]+)</loc><lastmod>{day}T", sitemap))
        assert expected and paths == expected, (day, paths, expected)
        assert all(r["published"].startswith(day) for r in records)
    # the rerun of the first day replaced its manifest: same records, carried forward, no copies
    manifest = arch.manifest(BACKFILL_SITE, BACKFILL_DAYS[0])
    assert manifest["previous_run"] and manifest["new_records"] == 0
    assert manifest["carried_records"] == manifest["records_count"] == len(arch.records(manifest))
    keys = list(arch.storage.list(f"records/site={BACKFILL_SITE}/date={BACKFILL_DAYS[0]}/"))
    assert keys == sorted([manifest["records"], manifest["parquet"]]), "superseded record files left"
    reports = [json.loads(arch.storage.get_bytes(k))
               for k in arch.storage.list(f"reports/site={BACKFILL_SITE}/date={BACKFILL_DAYS[0]}/")
               if k.endswith(".json")]
    assert len(reports) == 2 and all(r["window"] == {"since": BACKFILL_DAYS[0], "until": BACKFILL_DAYS[0]}
                                     for r in reports)
    assert all(r["alerts"] == [] for r in reports)  # nothing new on a rerun is not "no articles"
    catalog = Catalog(f"postgresql+psycopg2://postgres@127.0.0.1:5432/{distributed_run['catalog_db']}")
    try:
        docs = [d for day in BACKFILL_DAYS for d in catalog.documents_for(BACKFILL_SITE, day)]
        assert len(docs) == sum(len(arch.records(arch.manifest(BACKFILL_SITE, d))) for d in BACKFILL_DAYS)
    finally:
        catalog.close()
