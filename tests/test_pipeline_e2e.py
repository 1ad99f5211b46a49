"""The whole path on the demo sites: crawl over loopback HTTP, extract, dedup, archive, export.

Checked against the gold files stored beside every demo page.
"""
from __future__ import annotations

import json
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from pipeline.store.catalog import Catalog
from pipeline.store.export import Filters, collect
from pipeline.stages.run import run_site
from pipeline.urls import canonicalize
from tests.conftest import gold_for

pytestmark = pytest.mark.slow
SITES = ["almada", "rafidain", "sawt", "tigris", "nahrain"]


def url_of(demo_sites, entry) -> str:
    return canonicalize(demo_sites.base_url(entry["site"]) + entry["url_path"])


@pytest.fixture(scope="module")
def local_run(demo_sites, demo_config, tmp_path_factory):
    from pipeline.context import Context

    base = tmp_path_factory.mktemp("local")
    ctx = Context(demo_config, str(base / "archive"), f"sqlite:///{base}/catalog.sqlite")
    reports = {site: run_site(ctx, site, "2026-11-20") for site in SITES}
    records = [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))]
    return ctx, reports, records


def test_every_demo_article_archived_exactly_once(local_run, demo_sites, demo_manifest):
    _ctx, reports, records = local_run
    by_url = defaultdict(list)
    for rec in records:
        by_url[canonicalize(rec["url"])].append(rec)
    by_id = {r["doc_id"]: r for r in records}
    articles = [e for e in demo_manifest if e["expect"] == "article"]
    assert len(articles) >= 40
    for entry in articles:
        found = by_url.get(url_of(demo_sites, entry), [])
        assert len(found) == 1, f"{entry['site']}{entry['url_path']}: archived {len(found)} times"
        rec = found[0]
        if not rec["is_canonical"]:
            assert by_id[rec["duplicate_of"]]["is_canonical"], "a copy must point at its canonical"
            assert by_id[rec["duplicate_of"]]["cluster_id"] == rec["cluster_id"]
    expected = {url_of(demo_sites, e) for e in articles}
    assert set(by_url) == expected, f"unexpected records: {set(by_url) - expected}"


def test_non_articles_rejected_with_reason(local_run, demo_sites, demo_manifest):
    ctx, reports, _ = local_run
    from pipeline.store.archive import Archive, read_jsonl_gz
    from pipeline.store.storage import open_storage

    arch = Archive(open_storage(ctx.archive))
    rejected = {}
    for m in arch.manifests():
        for rej in read_jsonl_gz(arch.storage.get_bytes(m["rejections"])):
            rejected[canonicalize(rej["url"])] = rej["reason"]
    for entry in demo_manifest:
        if entry["expect"] == "reject":
            assert rejected.get(url_of(demo_sites, entry)) in ("not_article", "too_short"), entry
    assert sum(r["rejected"] for r in reports.values()) >= sum(e["expect"] == "reject" for e in demo_manifest)


def test_robots_disallowed_never_fetched(local_run, demo_sites, demo_manifest):
    for entry in demo_manifest:
        if entry["expect"] == "robots":
            assert urlsplit(entry["url_path"]).path not in {
                urlsplit(p).path for p in demo_sites.requests_log(entry["site"])}


def test_wire_copies_fold_and_related_coverage_stays_apart(local_run, demo_sites, demo_manifest):
    _ctx, _reports, records = local_run
    by_url = {canonicalize(r["url"]): r for r in records}
    clusters_of_wire = defaultdict(set)
    wire_of_cluster = defaultdict(set)
    for entry in demo_manifest:
        if entry["expect"] != "article":
            continue
        rec = by_url[url_of(demo_sites, entry)]
        key = entry["wire"] or f"own:{entry['site']}{entry['url_path']}"
        clusters_of_wire[key].add(rec["cluster_id"])
        wire_of_cluster[rec["cluster_id"]].add(key)
    assert sum(1 for e in demo_manifest if e.get("wire")) >= 6
    for wire, clusters in clusters_of_wire.items():
        assert len(clusters) == 1, f"copies of {wire} split over {len(clusters)} clusters"
    for cluster, wires in wire_of_cluster.items():
        assert len(wires) == 1, f"different articles merged into cluster {cluster}: {sorted(wires)}"
    for clusters in clusters_of_wire.values():
        members = [r for r in records if r["cluster_id"] in clusters]
        assert sum(r["is_canonical"] for r in members) == 1


def test_no_boilerplate_in_any_record(local_run, demo_sites, demo_manifest):
    _ctx, _reports, records = local_run
    by_url = {canonicalize(r["url"]): r for r in records}
    leaks = []
    for entry in demo_manifest:
        if entry["expect"] != "article":
            continue
        gold = gold_for(entry["site"], entry["url_path"])
        rec = by_url[url_of(demo_sites, entry)]
        leaks += [(entry["url_path"], s) for s in gold["boilerplate"] if s in rec["text"]]
        assert rec["title"] == gold["title"], entry["url_path"]
        assert (rec["published"] or "")[:10] == gold["published"][:10], entry["url_path"]
        assert rec["language"] == gold["language"]
        gold_paras = [p for p in gold["text"].split("\n\n") if p.strip()]
        missing = [p for p in gold_paras if p not in rec["text"]]
        assert len(missing) <= len(gold_paras) // 10, f"{entry['url_path']}: body paragraphs lost: {missing[:2]}"
    assert not leaks, f"boilerplate leaked: {leaks[:5]}"


def test_records_have_the_spec_fields(local_run):
    from pipeline.record import RECORD_FIELDS

    ctx, _reports, records = local_run
    for rec in records:
        assert list(rec) == RECORD_FIELDS
        assert "\n\n" in rec["text"] and rec["word_count"] > 0 and len(rec["content_sha256"]) == 64
        assert rec["raw"]["warc"].startswith(f"raw/site={rec['site']}/date=2026-11-20/")
    # the raw response is really there, at that offset
    from pipeline.store.archive import Archive
    from pipeline.store.storage import open_storage

    url, headers, body = Archive(open_storage(ctx.archive)).raw_response(records[0]["raw"])
    assert url == records[0]["url"] and len(body) > 1000


def test_second_run_same_day_fetches_nothing_and_adds_nothing(local_run, demo_sites, demo_manifest):
    ctx, _reports, records = local_run
    article_paths = {e["url_path"] for e in demo_manifest if e["expect"] == "article"}
    before = {s: len(demo_sites.requests_log(s)) for s in SITES}
    again = {site: run_site(ctx, site, "2026-11-20") for site in SITES}
    for site in SITES:
        new_requests = demo_sites.requests_log(site)[before[site]:]
        refetched = [p for p in new_requests if p in article_paths]
        assert not refetched, f"{site} fetched archived articles again: {refetched[:3]}"
        assert again[site]["articles"] == 0
    after = [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))]
    assert sorted(r["doc_id"] for r in after) == sorted(r["doc_id"] for r in records)
    assert Catalog(ctx.catalog).count_documents() == len(records)


@pytest.mark.postgres
def test_s3_with_postgres_catalog_gives_the_same_export(local_run, demo_config, s3_bucket, pg_url):
    from pipeline.context import Context

    _ctx, _reports, local_records = local_run
    ctx = Context(demo_config, f"s3://{s3_bucket}/archive", pg_url)
    for site in SITES:
        run_site(ctx, site, "2026-11-20")
    s3_records = [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))]

    def comparable(rows):  # what depends on the run itself: its id, fetch time, WARC bytes
        return json.dumps(sorted(({k: v for k, v in r.items() if k not in ("run_id", "fetched_at", "raw")}
                                  for r in rows), key=lambda r: r["doc_id"]), ensure_ascii=False)

    assert comparable(s3_records) == comparable(local_records)
    assert all(r["raw"]["warc"].startswith("raw/") for r in s3_records)


def test_runs_learn_site_templates_into_the_catalog(local_run):
    """Each run adds its slot statistics to the catalog, so later runs of one page know the site."""
    from pipeline.extract.extractor import site_template

    ctx, _reports, _records = local_run
    for site in SITES:
        rows = Catalog(ctx.catalog).template_rows(site)
        assert rows and max(r["pages"] for r in rows) >= 8, site
        assert site_template(ctx, site), site  # a preview's template, from history alone


def test_every_record_has_a_story_and_copies_share_their_canonicals(local_run, demo_sites, demo_manifest, tmp_path):
    """Stories on the demo: copies never outside their canonical's story; the 2015 coverage of the
    Baghdad intelligence centre and its 2020 follow-up are different stories in each language;
    the stories list, export --story, the SQL view and the story pages agree."""
    import subprocess
    import sys

    from pipeline.store.sql import query
    from pipeline.store.storage import open_storage

    ctx, _, records = local_run
    assert all(r["story_id"] for r in records)
    by_cluster = defaultdict(set)
    for r in records:
        by_cluster[r["cluster_id"]].add(r["story_id"])
    assert all(len(s) == 1 for s in by_cluster.values()), "a wire copy outside its canonical's story"
    label = {url_of(demo_sites, e): e.get("story") for e in demo_manifest if e["expect"] == "article"}
    story_of = {(label.get(canonicalize(r["url"])), r["language"]): r["story_id"] for r in records}
    for lang in ("ar", "en"):
        old, new = story_of.get(("baghdad-intel-centre-2015", lang)), story_of.get(("iraq-russia-military-2020", lang))
        if old and new:
            assert old != new, f"the 2020 follow-up joined the 2015 story ({lang})"

    env = {**__import__("os").environ, "NEWSARCHIVE_CONFIG_DIR": str(ctx.config_dir), "NEWSARCHIVE_ARCHIVE": ctx.archive,
           "NEWSARCHIVE_CATALOG": ctx.catalog}
    listed = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "stories", "--json"],
                            env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    rows = [json.loads(line) for line in listed]
    assert sum(r["articles"] + r["copies"] for r in rows) == len(records)
    biggest = max(rows, key=lambda r: r["articles"] + r["copies"])
    out = tmp_path / "story.jsonl"
    subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "export", "--story",
                    biggest["story_id"], "--include-duplicates", "--out", str(out)], env=env, check=True,
                   capture_output=True)
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["story_id"] for r in exported} == {biggest["story_id"]}
    assert len(exported) == biggest["articles"] + biggest["copies"]
    storage = open_storage(ctx.archive)
    _, sql_rows = query(storage, f"SELECT articles, copies FROM stories WHERE story_id = '{biggest['story_id']}'")
    assert sql_rows == [(biggest["articles"], biggest["copies"])]
    assert storage.exists("reports/stories/index.html") and storage.exists(f"reports/stories/{biggest['story_id']}.html")
