"""The `newsarchive` command as users run it: a child process, real files, the demo sites."""
import csv
import gzip
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from tests.conftest import ROOT


def cli(*args, env=None, check=True):
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr[-2000:]}")
    return proc


@pytest.fixture(scope="module")
def archived(demo_sites, demo_config, tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    env = {"NEWSARCHIVE_CONFIG_DIR": str(demo_config), "NEWSARCHIVE_ARCHIVE": str(base / "archive"), "NEWSARCHIVE_CATALOG": f"sqlite:///{base}/c.sqlite"}
    proc = cli("run", "--sites", "tigris,almada", "--date", "2026-11-20", env=env)
    assert "tigris" in proc.stdout and "pull it" in proc.stdout
    return base, env


@pytest.mark.slow
def test_export_formats_agree(archived):
    base, env = archived
    cli("export", "--out", str(base / "a.jsonl"), "--include-duplicates", env=env)
    cli("export", "--out", str(base / "a.csv"), "--include-duplicates", env=env)
    cli("export", "--out", str(base / "a.parquet"), "--include-duplicates", env=env)
    rows = [json.loads(l) for l in (base / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 24
    with open(base / "a.csv", encoding="utf-8") as fh:
        csv_rows = list(csv.DictReader(fh))
    table = pq.read_table(base / "a.parquet").to_pylist()
    assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in csv_rows] == [r["doc_id"] for r in table]
    assert json.loads(csv_rows[0]["authors"]) == rows[0]["authors"] and table[0]["raw"] == rows[0]["raw"]
    assert table[0]["text"] == rows[0]["text"]


@pytest.mark.slow
def test_export_filters(archived):
    base, env = archived

    def export(*args):
        out = base / "f.jsonl"
        cli("export", "--out", str(out), *args, env=env)
        return [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]

    canonical = export()
    # on these two sites only tigris's two English wires have copies
    assert len(canonical) == 24 - 2 and all(r["is_canonical"] for r in canonical)
    assert {r["language"] for r in export("--lang", "en")} == {"en"}
    assert {r["site"] for r in export("--site", "almada")} == {"almada"}
    assert all(r["published"][:4] == "2020" for r in export("--since", "2020-01-01", "--until", "2020-12-31"))
    topical = export("--topic", "russia-iraq", "--include-duplicates")
    assert topical and all("russia-iraq" in r["topics"] for r in topical)
    proc = cli("export", "--out", str(base / "x"), "--topic", "nope", env=env, check=False)
    assert proc.returncode == 2 and "unknown topic 'nope'" in proc.stderr


@pytest.mark.slow
def test_extract_preview_in_input_order(demo_sites, demo_config, tmp_path):
    page = ROOT / "demo/sites/tigris/www/news/2015/09/iraq-intelligence-sharing-russia-iran-syria.html"
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(page.read_bytes()))
    url = demo_sites.base_url("sawt") + "/article/48101-iraq-russia-iran-syria-intelligence-centre"
    proc = cli("--config-dir", str(demo_config), "extract", str(page), url, str(gz), str(tmp_path / "missing.html"),
               "--site", "tigris", check=False)
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [l["source"] for l in lines] == [str(page), url, str(gz), str(tmp_path / "missing.html")]
    assert lines[0]["title"] == lines[2]["title"] and "Reuters" in lines[0]["text"]
    assert lines[1]["language"] == "ar" and lines[1]["word_count"] > 100
    assert "error" in lines[3] and proc.returncode == 1
    assert url.replace(demo_sites.base_url("sawt"), "") in demo_sites.requests_log("sawt")  # fetched by Scrapy


def test_extract_rejects_with_reason(tmp_path):
    short = tmp_path / "short.html"
    short.write_text("<html><body><article><p>Only a caption.</p></article></body></html>")
    line = json.loads(cli("extract", str(short)).stdout)
    assert line["rejected"] in ("too_short", "not_article") and line["source"] == str(short)


def test_sites_new_then_list(config_dir):
    proc = cli("--config-dir", str(config_dir), "sites", "new", "mysite")
    assert (config_dir / "sites" / "mysite.yaml").exists() and "sites check mysite" in proc.stdout
    assert "mysite" in cli("--config-dir", str(config_dir), "sites", "list").stdout
    again = cli("--config-dir", str(config_dir), "sites", "new", "mysite", check=False)
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = cli("--config-dir", str(config_dir), "sites", "new", "My Site", check=False)
    assert bad.returncode == 2


@pytest.mark.slow
def test_sites_check_fetches_a_sample(demo_config):
    proc = cli("--config-dir", str(demo_config), "sites", "check", "rafidain", "--sample", "2")
    assert "is valid" in proc.stdout and "2 fetched" in proc.stdout


# ---- one clear line and exit 2 ------------------------------------------------------------------
SECRET = "s3cr3t-pw"
S3_DOWN = {"AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": SECRET,
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1"}


@pytest.mark.parametrize("args, env, says", [
    (["exprot"], {}, "No such command 'exprot'"),
    (["export", "--bogus"], {}, "No such option: --bogus"),
    (["export", "--out", "x.jsonl", "-v"], {}, "common option: it goes before the command"),
    (["run", "--max-pages", "0"], {}, "--max-pages"),
    (["--catalog", f"postgresql://u:{SECRET}@127.0.0.1:1/x", "verify"], {}, "no database driver 'psycopg'"),
    (["--catalog", f"postgresql+psycopg2://u:{SECRET}@127.0.0.1:1/x", "verify"], {}, "Connection refused"),
    (["--catalog", "sqlite:////proc/no/such/dir/c.sqlite", "verify"], {}, "catalog sqlite:////proc/no"),
    (["--archive", "s3://bucket/p", "export", "--out", "x.jsonl"], S3_DOWN, "Could not connect to the endpoint"),
    (["--archive", "s3://bucket/p", "run", "--sites", "tigris"], S3_DOWN, "Could not connect to the endpoint"),
])
def test_usage_errors_and_unreachable_dependencies_are_one_line_exit_2(args, env, says, demo_config, tmp_path):
    env = {"NEWSARCHIVE_CONFIG_DIR": str(demo_config), "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path}/c.sqlite",
           "NEWSARCHIVE_ARCHIVE": str(tmp_path / "archive"), **env}
    proc = cli(*args, env=env, check=False)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], proc.stderr[-3000:]
    assert SECRET not in proc.stdout + proc.stderr


def test_run_never_prints_the_catalog_password(archived, pg_url):
    from sqlalchemy.engine import make_url

    base, env = archived
    url = make_url(pg_url)
    if not url.password:
        url = url.set(password=SECRET)  # trust auth ignores it; the output must not show it
    proc = cli("--catalog", url.render_as_string(hide_password=False), "run", "--sites", "tigris",
               "--date", "2026-11-20", env=env)
    assert url.password not in proc.stdout + proc.stderr and "***" in proc.stdout


@pytest.mark.slow
def test_show_finds_a_record_and_its_raw_response_byte_for_byte(archived):
    from warcio.archiveiterator import ArchiveIterator

    from pipeline.store.export import Filters, collect

    base, env = archived
    archive = env["NEWSARCHIVE_ARCHIVE"]
    bodies = {}
    for warc in (base / "archive" / "raw").rglob("*.warc.gz"):
        with open(warc, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    bodies[rec.rec_headers.get_header("WARC-Target-URI")] = rec.content_stream().read()
    from pipeline.store.catalog import Catalog
    from pipeline.store.show import find_record, raw_response
    from pipeline.store.storage import open_storage

    records = [r.to_dict() for r in collect(archive, Filters(include_duplicates=True))]
    assert len(records) >= 20
    storage, catalog = open_storage(archive), Catalog(env["NEWSARCHIVE_CATALOG"])
    try:  # every archived article, by URL: the body as the WARC holds it
        for rec in records:
            assert raw_response(storage, find_record(storage, catalog, rec["url"]))[2] == bodies[rec["url"]]
    finally:
        catalog.close()
    for rec in records[:3]:  # and through the command, bytes on stdout
        proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "show", rec["url"], "--raw"], cwd=ROOT,
                              env={**os.environ, **env}, capture_output=True, timeout=120)
        assert proc.returncode == 0 and proc.stdout == bodies[rec["url"]], rec["url"]
    # the CDXJ beside each WARC finds every record's response at its offset (what pywb reads)
    # (other tests of this module may have run again into the same archive: one URL can then sit
    # at the same offset of two WARCs, so an entry is its file, URL and offset together)
    index = set()
    for cdxj in (base / "archive" / "raw").rglob("*.cdxj"):
        assert (cdxj.parent / (cdxj.name[:-5] + ".warc.gz")).exists()
        for line in cdxj.read_text(encoding="utf-8").splitlines():
            fields = json.loads(line.split(" ", 2)[2])
            index.add((fields["filename"], fields["url"], int(fields["offset"])))
    for rec in records:
        assert (rec["raw"]["warc"].rsplit("/", 1)[1], rec["url"], rec["raw"]["offset"]) in index, rec["url"]
    shown = json.loads(cli("show", records[0]["doc_id"], env=env).stdout)
    assert shown == records[0]
    missing = cli("show", "https://nowhere.example/none.html", env=env, check=False)
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and "no archived record" in missing.stderr


@pytest.mark.slow
def test_sql_answers_what_export_does_and_only_from_current_files(archived):
    base, env = archived
    cli("export", "--out", str(base / "ar.jsonl"), "--lang", "ar", "--include-duplicates", env=env)
    exported = sorted(json.loads(l)["doc_id"] for l in (base / "ar.jsonl").read_text(encoding="utf-8").splitlines())
    got = cli("sql", "SELECT doc_id FROM records WHERE language = 'ar' ORDER BY doc_id", "--format", "jsonl", env=env)
    assert [json.loads(l)["doc_id"] for l in got.stdout.splitlines()] == exported
    count = "SELECT count(*) AS n FROM records"
    before = json.loads(cli("sql", count, "--format", "jsonl", env=env).stdout)["n"]
    # a records file no manifest names (a killed publish): a glob would count it, sql does not
    part = next((base / "archive" / "records").glob("site=*/date=*"))
    stray = part / "stray-run.parquet"
    stray.write_bytes(next(part.glob("*.parquet")).read_bytes())
    try:
        assert json.loads(cli("sql", count, "--format", "jsonl", env=env).stdout)["n"] == before
    finally:
        stray.unlink()
    cli("sql", "SELECT site, count(*) AS n FROM records GROUP BY site", "--out", str(base / "n.parquet"), env=env)
    assert pq.read_table(base / "n.parquet").num_rows == 2
    runs = cli("sql", "SELECT site, records_count FROM runs ORDER BY site", "--format", "csv", env=env).stdout
    assert runs.splitlines()[0] == "site,records_count" and len(runs.splitlines()) == 3
    bad = cli("sql", "SELEC 1", env=env, check=False)
    assert bad.returncode == 2 and bad.stderr.strip().startswith("error: sql: Parser Error")


@pytest.mark.slow
def test_sql_over_s3(demo_sites, demo_config, s3_bucket, tmp_path):
    env = {"NEWSARCHIVE_CONFIG_DIR": str(demo_config), "NEWSARCHIVE_ARCHIVE": f"s3://{s3_bucket}/arch",
           "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp_path}/c.sqlite"}
    cli("run", "--sites", "tigris", "--date", "2026-11-20", env=env)
    cli("export", "--out", str(tmp_path / "a.jsonl"), env=env)
    exported = sorted(json.loads(l)["doc_id"] for l in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines())
    got = cli("sql", "SELECT doc_id FROM records WHERE is_canonical ORDER BY doc_id", "--format", "jsonl", env=env)
    assert [json.loads(l)["doc_id"] for l in got.stdout.splitlines()] == exported
