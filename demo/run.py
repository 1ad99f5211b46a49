"""`make demo`: the main job end to end on embedded defaults.

Serves the bundled demo sites on loopback, runs every site's DAG once through real Airflow
(`dag.test()`, SQLite metadata under data/demo/airflow), archives to data/demo/archive with a
SQLite catalog, then prints what was archived and how to pull it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from pipeline.context import PROJECT_ROOT

DEMO_DIR = PROJECT_ROOT / "data" / "demo"
# What the loopback demo sites (and the tests) need that real sites must never get.
DEMO_CRAWL_SETTINGS = {"allow_private_networks": True, "autothrottle_start_delay": 0.05,
                       "autothrottle_max_delay": 10, "autothrottle_target_concurrency": 4,
                       "concurrent_requests_per_domain": 4, "backoff_base": 0.5, "backoff_max": 30}


def write_demo_config(dest: Path, crawl: dict | None = None) -> Path:
    """A copy of config/ whose settings.yaml lets crawls reach the loopback demo sites, fast."""
    import yaml

    shutil.copytree(PROJECT_ROOT / "config", dest)
    settings = yaml.safe_load((dest / "settings.yaml").read_text(encoding="utf-8")) or {}
    settings.setdefault("crawl", {}).update({**DEMO_CRAWL_SETTINGS, **(crawl or {})})
    (dest / "settings.yaml").write_text("# written by demo/run.py: config/settings.yaml plus "
                                        "DEMO_CRAWL_SETTINGS\n" + yaml.safe_dump(settings, sort_keys=False),
                                        encoding="utf-8")
    return dest


def _environment() -> dict[str, str]:
    return {
        "AIRFLOW_HOME": str(DEMO_DIR / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "NEWSARCHIVE_CONFIG_DIR": str(DEMO_DIR / "config"),
        "NEWSARCHIVE_ARCHIVE": str(DEMO_DIR / "archive"),
        "NEWSARCHIVE_CATALOG": f"sqlite:///{DEMO_DIR / 'catalog.sqlite'}",
    }


def prepare_airflow(env: dict[str, str]) -> None:
    """Metadata DB and the dedup pool (size 1: dedup/publish of all sites one at a time)."""
    airflow = str(Path(sys.executable).with_name("airflow"))
    run_env = {**os.environ, **env}
    for cmd in ([airflow, "db", "migrate"],
                [airflow, "pools", "set", "newsarchive_dedup", "1", "newsarchive dedup and publish, serialised"]):
        proc = subprocess.run(cmd, env=run_env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"error: `{' '.join(cmd[1:])}` failed: {(proc.stderr or proc.stdout).strip()[-500:]}")


def main() -> None:
    if DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)  # a demo starts from nothing, so its counts mean something
    DEMO_DIR.mkdir(parents=True)
    write_demo_config(DEMO_DIR / "config")
    env = _environment()
    os.environ.update(env)
    print("newsarchive demo: preparing Airflow (SQLite metadata) ...", flush=True)
    prepare_airflow(env)

    from airflow.dag_processing.dagbag import DagBag

    from pipeline.store.archive import Archive
    from demo.server import DemoSites
    from pipeline.store.storage import open_storage

    bag = DagBag(str(PROJECT_ROOT / "dags"))
    if bag.import_errors:
        raise SystemExit(f"error: DAG import errors: {bag.import_errors}")
    dags = [bag.dags[d] for d in sorted(bag.dag_ids) if d.startswith("newsarchive_")]
    started = time.monotonic()
    failed = []
    with DemoSites(base_port=8700).start() as sites:
        print(f"serving {len(sites.site_names())} demo sites on 127.0.0.1:8701-{8700 + len(sites.site_names())}")
        for dag in dags:
            print(f"running DAG {dag.dag_id} through Airflow dag.test() ...", flush=True)
            dag_run = dag.test(logical_date=datetime.now(timezone.utc))
            state = str(getattr(dag_run, "state", "unknown"))
            print(f"  {dag.dag_id}: {state}")
            if "success" not in state:
                failed.append(dag.dag_id)
    elapsed = time.monotonic() - started

    arch = Archive(open_storage(env["NEWSARCHIVE_ARCHIVE"]))
    records = [r for m in arch.manifests() for r in arch.records(m)]
    per_site = Counter(r.site for r in records)
    canonical = sum(r.is_canonical for r in records)
    clusters = Counter(r.cluster_id for r in records)
    print()
    print(f"archived {len(records)} articles in {elapsed:.1f}s: {canonical} canonical, "
          f"{len(records) - canonical} wire copies folded into {sum(1 for c in clusters.values() if c > 1)} clusters")
    for site, n in sorted(per_site.items()):
        print(f"  {site:10s} {n:3d} articles")
    print_stories(records)
    print(f"archive: {env['NEWSARCHIVE_ARCHIVE']}  (raw WARC, records JSONL.gz + Parquet, reports)")
    print(f"catalog: {env['NEWSARCHIVE_CATALOG']}")
    print(f"run reports: {Path(env['NEWSARCHIVE_ARCHIVE']) / 'reports' / 'index.html'} "
          "(per-site charts of the last 30 days; JSON per run beside them; stories/ beside them)")
    print("pull it:")
    print(f"  .venv/bin/newsarchive --archive {env['NEWSARCHIVE_ARCHIVE']} export --out articles.jsonl")
    print(f"  .venv/bin/newsarchive --archive {env['NEWSARCHIVE_ARCHIVE']} export --out all.parquet "
          "--include-duplicates --lang ar")
    print(f"  .venv/bin/newsarchive --archive {env['NEWSARCHIVE_ARCHIVE']} stories")
    if failed:
        raise SystemExit(f"error: DAG runs failed: {', '.join(failed)} (logs under {env['AIRFLOW_HOME']})")


def print_stories(records, most: int = 8) -> None:
    """The demo's stories: related coverage grouped across outlets and days."""
    from pipeline.store.sql import story_rows

    rows = story_rows(records)
    multi = [r for r in rows if len(r["outlets"]) > 1 or r["articles"] > 1]
    print(f"{len(rows)} stories, {len(multi)} of them covered more than once:")
    for r in sorted(multi, key=lambda r: -(r["articles"] + r["copies"]))[:most]:
        print(f"  {r['first_seen'][:10]}..{r['last_seen'][:10]}  {r['articles']:2d} articles {r['copies']:2d} copies  "
              f"{', '.join(r['outlets'])}: {(r['title'] or '')[:70]}")


if __name__ == "__main__":
    main()
