"""`newsarchive catalog rebuild`: the demo archive's catalog deleted, rebuilt from the archive
alone; a rerun of the same day then fetches no article again, adds no record, and the clusters
and canonicals are the ones archived."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipeline.store.catalog import Catalog
from pipeline.store.export import Filters, collect

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-11-20"
SITES = "almada,rafidain,sawt,tigris,nahrain"


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def records(env) -> dict[str, dict]:
    return {r.doc_id: r.to_dict() for r in collect(env["NEWSARCHIVE_ARCHIVE"], Filters(include_duplicates=True))}


def test_rebuilt_catalog_refetches_nothing_and_keeps_the_clusters(tmp_path, config_dir, demo_sites):
    catalog_file = tmp_path / "catalog.sqlite"
    env = {"NEWSARCHIVE_CONFIG_DIR": str(config_dir), "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{catalog_file}",
           "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": ""}
    first = cli(env, "run", "--sites", SITES, "--date", DAY)
    assert first.returncode == 0, first.stderr[-2000:]
    before = records(env)
    assert sum(not r["is_canonical"] for r in before.values()) >= 2  # wire copies folded across sites
    with Catalog(env["NEWSARCHIVE_CATALOG"]) as catalog:
        documents = catalog.count_documents()
        aliases = len(catalog.archived_url_keys()) - documents

    refused = cli(env, "catalog", "rebuild")  # the catalog is there: not replaced without --force
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "--force" in refused.stderr

    for path in tmp_path.glob("catalog.sqlite*"):
        path.unlink()
    rebuilt = cli(env, "catalog", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert f"documents {len(before)}" in rebuilt.stdout
    with Catalog(env["NEWSARCHIVE_CATALOG"]) as catalog:
        assert catalog.count_documents() == documents == len(before)
        assert len(catalog.archived_url_keys()) - documents == aliases  # redirected URLs answer again
        assert {r["run_id"] for s in SITES.split(",") for r in catalog.runs_of(s)} >= {r["run_id"] for r in before.values()}
        assert catalog.template_history_pages("tigris") > 0
    check = cli(env, "verify")
    assert check.returncode == 0, check.stdout + check.stderr

    seen = {site: len(demo_sites.requests_log(site)) for site in SITES.split(",")}
    rerun = cli(env, "run", "--sites", SITES, "--date", DAY)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    article_paths = {_path(r["url"]) for r in before.values()}
    fetched = [p for site in SITES.split(",") for p in demo_sites.requests_log(site)[seen[site]:]]
    again = article_paths & {_path(p) for p in fetched}
    assert not again, f"archived articles fetched again: {sorted(again)}"
    assert records(env) == before  # no record added; the same clusters and canonicals


def test_force_replaces_a_catalog(tmp_path, config_dir, demo_sites):
    env = {"NEWSARCHIVE_CONFIG_DIR": str(config_dir), "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path / 'catalog.sqlite'}",
           "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": ""}
    assert cli(env, "run", "--sites", "tigris", "--date", DAY).returncode == 0
    with Catalog(env["NEWSARCHIVE_CATALOG"]) as catalog:
        documents = catalog.count_documents()
    forced = cli(env, "catalog", "rebuild", "--force")
    assert forced.returncode == 0, forced.stderr[-2000:]
    with Catalog(env["NEWSARCHIVE_CATALOG"]) as catalog:
        assert catalog.count_documents() == documents
    assert cli(env, "verify").returncode == 0
