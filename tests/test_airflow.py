"""Real Airflow: the DagBag has one DAG per site YAML, and a DAG run archives its site.

Airflow reads its configuration at import, so each check runs in a child Python with its own
AIRFLOW_HOME (SQLite metadata), the way `make demo` does.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.airflow


def run_airflow_script(tmp_path, script: str, config_dir, extra_env=None, output: list | None = None) -> dict:
    """Run `script` in a child Python with its own AIRFLOW_HOME; its last stdout line is JSON.
    `output`, when given, receives the child's whole stdout + stderr (dag.test logs there)."""
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "airflow"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"), "NEWSARCHIVE_CONFIG_DIR": str(config_dir),
           "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path / 'catalog.sqlite'}", **(extra_env or {})}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    if output is not None:
        output.append(proc.stdout + proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


DAGBAG = """
    import json
    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag("dags")
    dags = {i: {"tasks": [t.task_id for t in d.tasks], "pools": [t.pool for t in d.tasks],
                "schedule": getattr(d.timetable, "_expression", None) or str(d.timetable),
                "tags": sorted(d.tags), "catchup": d.catchup, "retries": d.default_args.get("retries"),
                "doc": d.doc_md or "", "params": sorted(d.params.keys()), "max_active_runs": d.max_active_runs,
                "start_year": d.start_date.year,
                "timeouts": [t.execution_timeout.total_seconds() if t.execution_timeout else None for t in d.tasks],
                "backoff": [bool(t.retry_exponential_backoff) for t in d.tasks],
                "task_retries": [t.retries for t in d.tasks],
                "callbacks": [[type(c).__name__ if not callable(c) or hasattr(c, "notify") else c.__name__
                               for c in (t.on_failure_callback if isinstance(t.on_failure_callback, list)
                                         else [t.on_failure_callback])] for t in d.tasks]}
            for i, d in bag.dags.items()}
    print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags}))
"""


def test_dagbag_one_dag_per_site_yaml(tmp_path, config_dir):
    (config_dir / "sites" / "broken.yaml").write_text("start_urls: [http://x.test/]\narticle_url_patterns: ['/a/']\nmaxpages: 1\n")
    result = run_airflow_script(tmp_path, DAGBAG, config_dir)
    assert result["errors"] == {}
    dags = result["dags"]
    assert set(dags) - {"newsarchive_reprocess"} == {f"newsarchive_{p.stem}" for p in (config_dir / "sites").glob("*.yaml")}
    assert dags["newsarchive_reprocess"]["tasks"] == ["partitions", "reprocess", "summary"]
    assert {"newsarchive_sawt", "newsarchive_broken"} <= set(dags)
    sawt = dags["newsarchive_sawt"]
    assert sawt["tasks"] == ["crawl", "extract_dedup", "publish", "report"]
    assert sawt["pools"][1:3] == ["newsarchive_dedup", "newsarchive_dedup"]
    assert "30 5 * * *" in sawt["schedule"] and "site:sawt" in sawt["tags"]
    assert sawt["catchup"] is False and sawt["retries"] >= 1
    assert sawt["max_active_runs"] == 1 and sawt["start_year"] <= 2015  # backfills may reach the past
    assert all(t and t > 0 for t in sawt["timeouts"]) and sawt["timeouts"][0] > sawt["timeouts"][1]
    assert all(sawt["backoff"]) and all(r >= 1 for r in sawt["task_retries"])
    assert all(c == ["_mark_failed", "NewsarchiveNotifier"] for c in sawt["callbacks"])
    assert sawt["params"] == ["max_pages", "only_that_day"]
    assert "config/sites/sawt.yaml" in sawt["doc"] and "backfill" in sawt["doc"]
    assert dags["newsarchive_broken"]["tasks"] == ["config_error"]  # visible in the UI, failing with the reason


DAG_TEST = """
    import json, subprocess, sys
    from pathlib import Path
    subprocess.run([str(Path(sys.executable).with_name("airflow")), "db", "migrate"], check=True, capture_output=True)
    subprocess.run([str(Path(sys.executable).with_name("airflow")), "pools", "set", "newsarchive_dedup", "1", "x"],
                   check=True, capture_output=True)
    from datetime import datetime, timezone
    from airflow.dag_processing.dagbag import DagBag
    dag = DagBag("dags").dags["newsarchive_tigris"]
    run = dag.test(logical_date=datetime(2026, 11, 20, 6, tzinfo=timezone.utc))
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    print(json.dumps({"state": str(run.state), "tasks": states}))
"""


@pytest.mark.slow
def test_dag_test_archives_the_site(tmp_path, config_dir, demo_sites):
    result = run_airflow_script(tmp_path, DAG_TEST, config_dir)
    assert "success" in result["state"], result
    assert all("success" in s for s in result["tasks"].values()), result
    from pipeline.store.export import Filters, collect

    records = [r.to_dict() for r in collect(str(tmp_path / "archive"), Filters(include_duplicates=True))]
    assert len(records) == 12 and {r["site"] for r in records} == {"tigris"}
    assert all(r["raw"]["warc"].startswith("raw/site=tigris/date=2026-11-20/") for r in records)
    assert sum(not r["is_canonical"] for r in records) == 2  # two wire copies on tigris


REPROCESS_TEST = """
    import json, subprocess, sys
    from pathlib import Path
    subprocess.run([str(Path(sys.executable).with_name("airflow")), "db", "migrate"], check=True, capture_output=True)
    subprocess.run([str(Path(sys.executable).with_name("airflow")), "pools", "set", "newsarchive_dedup", "1", "x"],
                   check=True, capture_output=True)
    from airflow.dag_processing.dagbag import DagBag
    dag = DagBag("dags").dags["newsarchive_reprocess"]
    run = dag.test(run_conf={"site": "tigris", "since": "2026-11-20", "until": "2026-11-20"})
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    print(json.dumps({"state": str(run.state), "tasks": states}))
"""


@pytest.mark.slow
def test_reprocess_dag_reprocesses_the_site_days(tmp_path, config_dir, demo_sites):
    """The manual DAG: one mapped task per site-day, the partition swapped, nothing fetched."""
    env = {**os.environ, "NEWSARCHIVE_CONFIG_DIR": str(config_dir), "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path / 'catalog.sqlite'}"}
    proc = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "run", "--sites", "tigris",
                           "--date", "2026-11-20"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    from pipeline.store.archive import Archive
    from pipeline.store.export import Filters, collect
    from pipeline.store.storage import open_storage

    before = [r.to_dict() for r in collect(str(tmp_path / "archive"), Filters(include_duplicates=True))]
    first = Archive(open_storage(str(tmp_path / "archive"))).manifest("tigris", "2026-11-20")["run_id"]
    requests = len(demo_sites.requests_log("tigris"))
    result = run_airflow_script(tmp_path, REPROCESS_TEST, config_dir)
    assert "success" in result["state"], result
    assert all("success" in s for s in result["tasks"].values()), result
    assert set(result["tasks"]) == {"partitions", "reprocess", "summary"}
    assert Archive(open_storage(str(tmp_path / "archive"))).manifest("tigris", "2026-11-20")["run_id"] != first
    assert [r.to_dict() for r in collect(str(tmp_path / "archive"), Filters(include_duplicates=True))] == before
    assert len(demo_sites.requests_log("tigris")) == requests  # no fetch at all
