"""`newsarchive reprocess`: archived site-days extracted again from their WARCs, no fetch.

A demo site is archived once; then its configuration changes the way an extractor change does
(a stricter min_words, a drop selector), and the archive is reprocessed: the records whose text
changed, and only those, are rewritten; a reprocess killed at each point and run again leaves
the same archive, every article once."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.ops.recovery import CRASH_ENV
from pipeline.stages.reprocess import Window, reprocess
from pipeline.store.archive import Archive, read_jsonl_gz
from pipeline.store.export import Filters, collect
from pipeline.store.storage import open_storage

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SITE, DAY = "tigris", "2026-11-20"


def cli(env: dict, *args: str, crash: str | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, **env}
    full.pop(CRASH_ENV, None)
    if crash:
        full[CRASH_ENV] = crash
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          env=full, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture
def archived(tmp_path, demo_config, demo_sites):
    config = tmp_path / "config"
    shutil.copytree(demo_config, config)
    env = {"NEWSARCHIVE_CONFIG_DIR": str(config), "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path}/catalog.sqlite",
           "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": ""}
    proc = cli(env, "run", "--sites", SITE, "--date", DAY)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return env


def records(env) -> dict[str, dict]:
    return {r.doc_id: r.to_dict() for r in collect(env["NEWSARCHIVE_ARCHIVE"], Filters(include_duplicates=True))}


def set_extraction(env, **extraction) -> None:
    path = Path(env["NEWSARCHIVE_CONFIG_DIR"]) / "sites" / f"{SITE}.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    site["extraction"] = {**(site.get("extraction") or {}), **extraction}
    path.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")


def run_reprocess(env) -> dict:
    ctx = Context.from_env(env["NEWSARCHIVE_CONFIG_DIR"], env["NEWSARCHIVE_ARCHIVE"], env["NEWSARCHIVE_CATALOG"])
    return reprocess(ctx, Window())


def too_short(env) -> set[str]:
    arch = Archive(open_storage(env["NEWSARCHIVE_ARCHIVE"]))
    rejected = read_jsonl_gz(arch.storage.get_bytes(arch.manifest(SITE, DAY)["rejections"]))
    return {r["url"] for r in rejected if r["reason"] == "too_short"}


def assert_clean(env) -> None:
    check = cli(env, "verify")
    assert check.returncode == 0, check.stdout + check.stderr


def without(rec: dict, *names: str) -> dict:
    return {k: v for k, v in rec.items() if k not in names}


CLUSTER = ("cluster_id", "is_canonical", "duplicate_of")


def test_same_extractor_rewrites_nothing_but_swaps_the_partition(archived):
    before = records(archived)
    manifest = Archive(open_storage(archived["NEWSARCHIVE_ARCHIVE"])).manifest(SITE, DAY)
    proc = cli(archived, "reprocess", "--site", SITE)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "total" in proc.stdout
    after = records(archived)
    assert after == before  # texts, clusters, run ids, fetch times and WARC pointers: all as they were
    now = Archive(open_storage(archived["NEWSARCHIVE_ARCHIVE"])).manifest(SITE, DAY)
    assert now["run_id"] != manifest["run_id"] and now["warcs"] == manifest["warcs"]
    assert_clean(archived)  # the old run's record files are gone, the catalog agrees


def test_stricter_min_words_rejects_the_short_ones_and_keeps_the_rest(archived):
    before = records(archived)
    counts = sorted(r["word_count"] for r in before.values())
    threshold = counts[len(counts) // 2]
    short = {d for d, r in before.items() if r["word_count"] < threshold}
    assert 0 < len(short) < len(before)
    set_extraction(archived, min_words=threshold)
    too_short_before = too_short(archived)
    result = run_reprocess(archived)["total"]
    after = records(archived)
    assert set(after) == set(before) - short
    assert all(without(after[d], *CLUSTER) == without(before[d], *CLUSTER) for d in after)
    assert result["newly_rejected"] == len(short) and result["texts_changed"] == 0
    assert result["clusters_changed"] == sum(
        [after[d][f] for f in CLUSTER] != [before[d][f] for f in CLUSTER] for d in after)
    assert too_short(archived) == too_short_before | {before[d]["url"] for d in short}
    assert_clean(archived)

    # the change taken back: the same pages are articles again, in their clusters as before
    set_extraction(archived, min_words=None)
    again = run_reprocess(archived)["total"]
    assert again["newly_kept"] == len(short)
    restored = records(archived)
    assert {d: without(r, "run_id") for d, r in restored.items()} == {d: without(r, "run_id") for d, r in before.items()}
    assert_clean(archived)


def test_a_drop_selector_rewrites_the_changed_texts_only(archived):
    before = records(archived)
    set_extraction(archived, drop=["p:first-of-type"])
    result = run_reprocess(archived)["total"]
    after = records(archived)
    assert set(after) == set(before)
    changed = {d for d in after if after[d]["text"] != before[d]["text"]}
    assert changed and result["texts_changed"] == len(changed)
    for d in set(after) - changed:  # untouched records are the old ones, run id included
        assert without(after[d], *CLUSTER) == without(before[d], *CLUSTER)
    for d in changed:
        assert after[d]["run_id"] != before[d]["run_id"] and after[d]["raw"] == before[d]["raw"]
    assert_clean(archived)


@pytest.mark.parametrize("crash", ["reprocess.before_publish", "publish.before_manifest", "publish.after_manifest"])
def test_killed_reprocess_run_again_leaves_every_article_once(archived, crash):
    before = records(archived)
    counts = sorted(r["word_count"] for r in before.values())
    threshold = counts[len(counts) // 2]
    want = {d for d, r in before.items() if r["word_count"] >= threshold}
    set_extraction(archived, min_words=threshold)
    killed = cli(archived, "reprocess", crash=crash)
    assert killed.returncode == -9, killed.stderr[-2000:]
    proc = cli(archived, "reprocess")
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = records(archived)
    assert set(after) == want  # no record lost, none twice (collect would show a second copy)
    assert_clean(archived)


def test_reprocess_and_rebuild_on_s3(tmp_path, demo_config, demo_sites, s3_bucket):
    """The same on the S3 server (moto over HTTP, boto3): a drop selector rewrites the changed
    texts only, and a catalog rebuilt from the bucket alone agrees with it."""
    config = tmp_path / "config"
    shutil.copytree(demo_config, config)
    env = {"NEWSARCHIVE_CONFIG_DIR": str(config), "NEWSARCHIVE_ARCHIVE": f"s3://{s3_bucket}/news",
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path}/catalog.sqlite",
           "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": ""}
    assert cli(env, "run", "--sites", SITE, "--date", DAY).returncode == 0
    before = records(env)
    set_extraction(env, drop=["p:first-of-type"])
    proc = cli(env, "reprocess", "--site", SITE, "--since", DAY, "--until", DAY)
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = records(env)
    changed = {d for d in after if after[d]["text"] != before[d]["text"]}
    assert set(after) == set(before) and changed
    assert all(without(after[d], *CLUSTER) == without(before[d], *CLUSTER) for d in set(after) - changed)
    assert_clean(env)
    for path in tmp_path.glob("catalog.sqlite*"):
        path.unlink()
    rebuilt = cli(env, "catalog", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert_clean(env)
