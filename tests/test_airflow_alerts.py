"""Alerts through real Airflow (dag.test): a site that yields nothing and a task that fails both
reach a real loopback webhook through NewsarchiveNotifier; the run report and HTML pages land in
the archive; the webhook's secret path never reaches a task log."""
from __future__ import annotations

import json

import pytest

from tests.test_airflow import run_airflow_script
from tests.test_report import webhook  # noqa: F401 - the loopback HTTP server fixture

pytestmark = [pytest.mark.airflow, pytest.mark.slow]

SCRIPT = """
    import json, subprocess, sys
    from pathlib import Path
    airflow = str(Path(sys.executable).with_name("airflow"))
    subprocess.run([airflow, "db", "migrate"], check=True, capture_output=True)
    subprocess.run([airflow, "pools", "set", "newsarchive_dedup", "1", "x"], check=True, capture_output=True)
    from datetime import datetime, timezone
    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag("dags")
    out = {}
    for dag_id in ("newsarchive_ghost", "newsarchive_broken"):
        run = bag.dags[dag_id].test(logical_date=datetime(2026, 11, 20, 6, tzinfo=timezone.utc))
        out[dag_id] = {"state": str(run.state), "tasks": {t.task_id: str(t.state) for t in run.get_task_instances()}}
    print(json.dumps(out))
"""


def test_no_articles_and_failures_fire_the_notifier(tmp_path, config_dir, demo_sites, webhook):  # noqa: F811
    base, received = webhook
    # a site whose only listing page is gone: the run succeeds, finds nothing, and says so
    (config_dir / "sites" / "ghost.yaml").write_text(
        f"name: ghost\nstart_urls: ['{demo_sites.base_url('tigris')}/gone/']\n"
        "article_url_patterns: ['/news/\\\\d{4}/.+']\nschedule: '0 6 * * *'\nmax_pages: 5\n")
    (config_dir / "sites" / "broken.yaml").write_text("start_urls: [http://x.test/]\nmaxpages: 1\n")
    hook = f"{base}/hooks/SECRET-PATH"
    # the catalog named by the Airflow variable wins over NEWSARCHIVE_CATALOG
    var_catalog = tmp_path / "variable-catalog.sqlite"
    output: list[str] = []
    result = run_airflow_script(tmp_path, SCRIPT, config_dir, {"NEWSARCHIVE_ALERT_WEBHOOK": hook,
                                                                "AIRFLOW_VAR_NEWSARCHIVE_CATALOG": f"sqlite:///{var_catalog}"},
                                output=output)

    assert "success" in result["newsarchive_ghost"]["state"], result  # an alert, not a failure
    assert "failed" in result["newsarchive_broken"]["state"], result
    kinds = {r[2]["kind"]: r[2] for r in received}
    assert set(kinds) == {"no_articles", "failure"}, received
    assert kinds["no_articles"]["dag_id"] == "newsarchive_ghost" and kinds["no_articles"]["task_id"] == "report"
    assert kinds["no_articles"]["message"].startswith("ghost 2026-11-20: no articles")
    assert kinds["failure"]["dag_id"] == "newsarchive_broken" and "ConfigError" in kinds["failure"]["message"]

    archive = tmp_path / "archive"
    reports = list((archive / "reports" / "site=ghost" / "date=2026-11-20").glob("*.json"))
    assert len(reports) == 1
    rep = json.loads(reports[0].read_text())
    assert rep["articles"] == 0 and [a["kind"] for a in rep["alerts"]] == ["no_articles"]
    page = (archive / "reports" / "site=ghost" / "index.html").read_text()
    assert "no_articles" in page and "<svg" in page
    assert "site=ghost/index.html" in (archive / "reports" / "index.html").read_text()
    from pipeline.store.catalog import Catalog

    catalog = Catalog(f"sqlite:///{var_catalog}")
    try:
        assert [r["status"] for r in catalog.runs_of("ghost")] == ["published"]
    finally:
        catalog.close()
    assert not (tmp_path / "catalog.sqlite").exists()
    logs = output[0] + "".join(p.read_text(errors="replace") for p in (tmp_path / "airflow" / "logs").rglob("*.log"))
    assert "SECRET-PATH" not in logs
    assert "from variable newsarchive_catalog" in logs and "S3: no connection newsarchive_s3" in logs
    assert "ALERT no_articles: ghost 2026-11-20: no articles" in logs and "ALERT failure" in logs
