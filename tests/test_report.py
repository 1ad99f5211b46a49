"""Run report: alert rules, the HTML pages from the catalog's runs table, the notifier against a
real loopback HTTP server, and the Airflow connection helpers."""
from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.ops.pages import check_run, chart_svg, latest_per_day, write_pages


def stats(**kw):
    base = {"site": "s", "day": "2026-11-20", "fetched": 40, "articles": 30, "skipped_archived": 0,
            "rejected": 4, "rejected_by_reason": {"not_article": 4}}
    return {**base, **kw}


def test_no_articles_alert_only_when_the_run_found_nothing():
    history = [stats(articles=25), stats(articles=31)]
    alerts = check_run(stats(articles=0, fetched=3, rejected=3, rejected_by_reason={"bad_response": 3}), history)
    assert [a["kind"] for a in alerts] == ["no_articles"]
    assert "an earlier run had 25" in alerts[0]["message"]
    # a rerun of a day whose articles are all archived already is not "nothing"
    assert check_run(stats(articles=0, skipped_archived=30, fetched=2, rejected=0, rejected_by_reason={}),
                     history) == []
    assert check_run(stats(), history) == []


def test_rejection_spike_against_the_sites_usual_share():
    usual = [stats(fetched=40, rejected_by_reason={"not_article": 4})] * 5  # 10 %
    spike = stats(fetched=40, articles=8, rejected=32, rejected_by_reason={"too_short": 30, "already_archived": 2})
    alerts = check_run(spike, usual)
    assert [a["kind"] for a in alerts] == ["rejection_spike"] and "too_short 30" in alerts[0]["message"]
    # a site that always rejects most pages (listing-heavy) is not spiking
    assert check_run(spike, [stats(fetched=40, rejected_by_reason={"not_article": 30})] * 5) == []
    # policy rejections (already archived, off-topic) are not trouble
    assert check_run(stats(fetched=40, articles=5, rejected_by_reason={"already_archived": 35}), usual) == []


def _run(site, day, status, finished, **kw):
    return {"run_id": f"{site}-{day}-{finished}", "site": site, "day": day, "status": status,
            "finished_at": finished, "stats": {**stats(site=site, day=day), "records_in_partition": 20, **kw}}


def test_latest_run_per_day_over_the_last_30_days():
    runs = [_run("s", "2026-10-01", "published", 1), _run("s", "2026-11-20", "published", 2, articles=3),
            _run("s", "2026-11-20", "published", 3, articles=7), _run("s", "2026-11-19", "failed", 4),
            _run("s", "2026-11-18", "running", None)]
    by_day = latest_per_day(runs)
    assert sorted(by_day) == ["2026-11-19", "2026-11-20"]  # 2026-10-01 is older than 30 days; running is not finished
    assert by_day["2026-11-20"]["stats"]["articles"] == 7  # the rerun replaces the day


def test_chart_is_inline_svg_with_one_slot_per_day():
    by_day = {"2026-11-20": _run("s", "2026-11-20", "published", 1, records_in_partition=12, rejected=3),
              "2026-11-19": _run("s", "2026-11-19", "failed", 2)}
    svg = chart_svg(by_day)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "2026-11-20: 12 articles" in svg and "2026-11-20: 3 rejected" in svg
    assert "2026-11-19: run failed" in svg
    assert len(re.findall(r"<text [^>]*>\d\d-\d\d</text>", svg)) == 7  # every 5th day of 30, and the last


def test_pages_written_to_the_archive_from_the_catalog(tmp_path):
    from pipeline.store.catalog import Catalog
    from pipeline.store.storage import LocalStorage

    catalog = Catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    start = date(2026, 10, 15)
    for i in range(35):  # more than 30 days: the page shows the last 30
        day = (start + timedelta(days=i)).isoformat()
        for site, n in (("alpha", 10 + i), ("beta", 5)):
            run_id = f"{site}-{day}"
            catalog.start_run(run_id, site, day)
            status = "failed" if (site, i) == ("beta", 34) else "published"
            catalog.finish_run(run_id, status, {**stats(site=site, day=day, articles=n), "records_in_partition": n,
                                                "timings_s": {"crawl": 1.5}, "alerts": []}
                               if status == "published" else {"error": "CrawlError: <boom> & co"})
    storage = LocalStorage(tmp_path / "archive")
    keys = write_pages(storage, catalog, "alpha")
    catalog.close()
    assert keys == ["reports/site=alpha/index.html", "reports/index.html"]
    page = (tmp_path / "archive" / keys[0]).read_text()
    index = (tmp_path / "archive" / keys[1]).read_text()
    for html in (page, index):
        assert "<script" not in html and "src=" not in html and "<link" not in html  # self-contained
    assert page.count("<tr") == 31  # header + 30 days
    assert "2026-11-18" in page and "2026-10-20" in page and "2026-10-19" not in page
    assert "2026-11-18: 44 articles" in page
    assert 'href="date=2026-11-18/alpha-2026-11-18.json"' in page
    assert 'href="site=alpha/index.html"' in index and 'href="site=beta/index.html"' in index
    assert "2026-11-18: run failed" in index and "<boom>" not in index


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Hook.received
    server.shutdown()
    server.server_close()


def _logged(caplog, capsys) -> str:
    # Airflow's structlog setup may take over stdlib logging (then lines go to stdout)
    return caplog.text + capsys.readouterr().out


def test_notifier_posts_to_a_real_webhook_and_never_logs_its_url(webhook, caplog, capsys, monkeypatch):
    from pipeline.ops.alerts import NewsarchiveNotifier

    base, received = webhook
    url = f"{base}/hooks/T0KEN-SECRET"
    monkeypatch.setenv("NEWSARCHIVE_ALERT_WEBHOOK", url)

    class TI:
        dag_id, task_id, run_id, try_number = "newsarchive_x", "crawl", "manual__1", 3

    with caplog.at_level(logging.INFO, logger="newsarchive.alerts"):
        NewsarchiveNotifier()({"ti": TI(), "exception": RuntimeError("site down")})
        NewsarchiveNotifier("x 2026-11-20: no articles", kind="no_articles", details={"fetched": 0})({"ti": TI()})
    assert [r[0] for r in received] == ["/hooks/T0KEN-SECRET"] * 2
    first, second = received[0][2], received[1][2]
    assert received[0][1] == "application/json"
    assert first["kind"] == "failure" and first["dag_id"] == "newsarchive_x" and first["try_number"] == 3
    assert "RuntimeError: site down" in first["message"]
    assert second == {**second, "kind": "no_articles", "message": "x 2026-11-20: no articles",
                      "details": {"fetched": 0}}
    logged = _logged(caplog, capsys)
    assert "ALERT failure" in logged and "ALERT no_articles" in logged
    assert "T0KEN" not in logged and "webhook on 127.0.0.1: HTTP 204" in logged


def test_notifier_survives_a_dead_webhook(caplog, capsys):
    import socket

    from pipeline.ops.alerts import NewsarchiveNotifier

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with caplog.at_level(logging.INFO, logger="newsarchive.alerts"):
        NewsarchiveNotifier("boom", webhook=f"http://127.0.0.1:{port}/x").notify({})
    logged = _logged(caplog, capsys)
    assert "ALERT failure: boom" in logged and "alert webhook on 127.0.0.1 failed" in logged


def test_connection_helpers():
    from airflow.sdk import Connection

    from pipeline.ops.connections import catalog_url_from_connection, s3_environment
    from pipeline.urls import safe_url

    s3 = Connection(conn_id="newsarchive_s3", conn_type="aws", login="AKIA", password="s3cr/t",
                    extra=json.dumps({"endpoint_url": "http://minio:9000", "region_name": "eu-west-1"}))
    assert s3_environment(s3) == {"AWS_ENDPOINT_URL": "http://minio:9000", "AWS_ACCESS_KEY_ID": "AKIA",
                                  "AWS_SECRET_ACCESS_KEY": "s3cr/t", "AWS_DEFAULT_REGION": "eu-west-1"}
    pg = Connection(conn_id="newsarchive_catalog", conn_type="postgres", host="db", port=5433, login="na",
                    password="p@ss:word", schema="catalog")
    url = catalog_url_from_connection(pg)
    assert url == "postgresql+psycopg2://na:p%40ss%3Aword@db:5433/catalog"
    from sqlalchemy.engine import make_url

    assert make_url(url).password == "p@ss:word"
    assert "p%40ss" not in safe_url(url) and "***" in safe_url(url)
    other = Connection(conn_id="c", conn_type="generic", extra=json.dumps({"sqlalchemy_url": "sqlite:///x.db"}))
    assert catalog_url_from_connection(other) == "sqlite:///x.db"
    with pytest.raises(ValueError, match="not postgres"):
        catalog_url_from_connection(Connection(conn_id="c", conn_type="http", host="x"))


class Smtp(__import__("socketserver").StreamRequestHandler):
    """Just enough SMTP for one plain-text session: no TLS, no AUTH; keeps what it receives."""

    mails: list = []

    def handle(self):
        self.wfile.write(b"220 localhost ESMTP test\r\n")
        mail = {"rcpt": []}
        while line := self.rfile.readline():
            cmd = line.decode().strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb == "MAIL":
                mail["from"] = cmd
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                mail["rcpt"].append(cmd)
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                mail["data"] = b"".join(data).decode(errors="replace")
                Smtp.mails.append(mail)
                mail = {"rcpt": []}
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # HELO, RSET, NOOP
                self.wfile.write(b"250 OK\r\n")


def test_notifier_emails_through_the_smtp_connection(monkeypatch):
    import socketserver

    from pipeline.ops.alerts import NewsarchiveNotifier

    Smtp.mails = []
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Smtp)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT", json.dumps({
            "conn_type": "smtp", "host": "127.0.0.1", "port": server.server_address[1],
            "extra": {"from_email": "newsarchive@example.org", "disable_tls": True, "disable_ssl": True}}))
        monkeypatch.setenv("NEWSARCHIVE_ALERT_EMAIL", "ops@example.org, oncall@example.org")
        monkeypatch.delenv("NEWSARCHIVE_ALERT_WEBHOOK", raising=False)
        NewsarchiveNotifier("tigris 2026-11-20: no articles", kind="no_articles").notify({})
    finally:
        server.shutdown()
        server.server_close()
    assert len(Smtp.mails) == 1
    mail = Smtp.mails[0]
    assert "newsarchive@example.org" in mail["from"]
    assert sorted(r.split(":", 1)[1] for r in mail["rcpt"]) == ["<oncall@example.org>", "<ops@example.org>"]
    assert "[newsarchive] no_articles: tigris 2026-11-20: no articles" in mail["data"]


def test_fail_marks_the_run_and_shows_it_on_the_pages(make_ctx):
    from pipeline.store.catalog import Catalog
    from pipeline.stages.run import RunRef, fail

    ctx = make_ctx()
    ref = RunRef("tigris-2026-11-20-x", "tigris", "2026-11-20")
    catalog = Catalog(ctx.catalog)
    catalog.start_run(ref.run_id, ref.site, ref.day)
    catalog.close()
    fail(ctx, ref, "CrawlError: " + "x" * 2000)
    fail(ctx, ref, "a second callback for the same run changes nothing")
    catalog = Catalog(ctx.catalog)
    try:
        run = catalog.get_run(ref.run_id)
    finally:
        catalog.close()
    assert run["status"] == "failed" and run["stats"]["error"].startswith("CrawlError: ")
    assert len(run["stats"]["error"]) == 500  # cut short: it goes into the archive's pages
    page = (Path(ctx.archive) / "reports" / "site=tigris" / "index.html").read_text()
    assert "2026-11-20: run failed" in page and "CrawlError: xxx" in page
