"""Hostile sites on loopback: they cannot steer the crawl elsewhere, stall it, or pass a file off as
an article. Each case is a real crawl (the Scrapy child process) against a small programmable server.

  - a redirect or a link to another origin (another port, another host name) is refused and
    recorded, and the other server never sees a request;
  - with crawl.allow_private_networks false (the real-site default) a loopback site is not fetched;
  - an endless chain of sitemap indexes and a robots.txt of 100,000 Sitemap: lines stop at their
    limits, which the crawl stats name;
  - a PNG or a PDF at an article URL is rejected with its reason, never archived as an article;
  - `extract` refuses a .html.gz that unpacks past the size limit.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.test_spider import crawl, make_config, read_errors, warc_records

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.timeout(180)
ARTICLE = r"/news/\d+\.html$"
PAGE = ("<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        + "<p>" + " ".join(f"word{i}" for i in range(80)) + "</p></article></body></html>")


class Server:
    """Routes: path -> (status, headers, body) or a callable(path) giving one; logs every path."""

    def __init__(self, routes: dict):
        self.routes, self.log = routes, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.log.append(self.path)
                route = server.routes.get(self.path) or next(
                    (r for p, r in server.routes.items() if p.endswith("*") and self.path.startswith(p[:-1])), None)
                status, headers, body = route(self.path) if callable(route) else route or (404, {}, b"no")
                self.send_response(status)
                for k, v in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    made = []

    def make(routes):
        made.append(Server(routes))
        return made[-1]

    yield make
    for s in made:
        s.close()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def site_config(tmp_path, base: str, **crawl_settings) -> Path:
    return make_config(tmp_path, {"hostile": {"start_urls": [f"{base}/"], "article_url_patterns": [ARTICLE],
                                              "max_pages": 50}}, crawl_settings=crawl_settings)


def test_redirects_and_links_to_other_origins_are_refused(tmp_path, servers):
    elsewhere = servers({"/*": (200, HTML, PAGE.format(n=99).encode())})
    site = servers({})
    other_port = elsewhere.base
    site.routes.update({
        "/robots.txt": (200, {}, b"User-agent: *\n"),
        "/": (200, HTML, (f'<a href="/news/1.html">1</a><a href="/news/2.html">2</a>'
                          f'<a href="{other_port}/news/3.html">3</a>'
                          f'<a href="{site.base.replace("127.0.0.1", "localhost")}/news/4.html">4</a>').encode()),
        "/news/1.html": (200, HTML, PAGE.format(n=1).encode()),
        "/news/2.html": (302, {"Location": f"{other_port}/news/2.html"}, b""),
    })
    stats, out = crawl(tmp_path, site_config(tmp_path, site.base), "hostile")
    archived = [h.get_header("WARC-Target-URI") for t, h, _, _ in warc_records(out) if t == "response"]
    assert archived == [f"{site.base}/news/1.html"]
    assert elsewhere.log == [], "the other origin was contacted"
    assert stats["refused_offsite"] >= 3  # the redirect, the other port, the other host name
    errors = {e["url"]: e["reason"] for e in read_errors(out)}
    assert "refused" in errors[f"{site.base}/news/2.html"]


def test_private_addresses_refused_by_default(tmp_path, servers):
    site = servers({"/*": (200, HTML, PAGE.format(n=1).encode())})
    config = site_config(tmp_path, site.base, allow_private_networks=False)
    started = time.monotonic()
    stats, out = crawl(tmp_path, config, "hostile")
    assert site.log == [] and stats["refused_private"] >= 1 and stats["fetched"] == 0
    assert time.monotonic() - started < 60


def test_endless_sitemap_indexes_and_huge_robots_stop_at_their_limits(tmp_path, servers):
    def chain(path):
        n = int(path.rsplit("-", 1)[1].split(".")[0])
        body = (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{site.base}/sm-{n + 1}.xml</loc></sitemap>"
                f"<sitemap><loc>{site.base}/wide-{n}-a.xml</loc></sitemap>"
                f"<sitemap><loc>{site.base}/wide-{n}-b.xml</loc></sitemap></sitemapindex>")
        return 200, {"Content-Type": "application/xml"}, body.encode()

    site = servers({})
    robots = "User-agent: *\n" + "".join(f"Sitemap: {site.base}/robot-{i}.xml\n" for i in range(100_000))
    site.routes.update({"/robots.txt": (200, {"Content-Type": "text/plain"}, robots.encode()),
                        "/sm-*": chain, "/": (200, HTML, b"<p>home</p>")})
    config = make_config(tmp_path, {"hostile": {"sitemaps": [f"{site.base}/sm-0.xml"],
                                                "article_url_patterns": [ARTICLE]}},
                         crawl_settings={"max_sitemap_depth": 3, "max_sitemap_files": 12, "max_robots_sitemaps": 5})
    started = time.monotonic()
    stats, _ = crawl(tmp_path, config, "hostile")
    sitemap_hits = [p for p in site.log if p.endswith(".xml")]
    assert len(sitemap_hits) <= 12
    assert max(int(p.split("-")[1].split(".")[0]) for p in sitemap_hits if p.startswith("/sm-")) <= 3
    assert len([p for p in sitemap_hits if p.startswith("/robot-")]) <= 5
    assert {"max_sitemap_depth", "max_robots_sitemaps"} <= set(stats["limits_hit"]) or \
        "max_sitemap_files" in stats["limits_hit"]
    assert time.monotonic() - started < 90


def test_files_that_are_not_pages_are_rejected_with_their_reason(tmp_path, servers):
    from pipeline.store.archive import read_jsonl_gz
    from pipeline.context import Context
    from pipeline.store.export import Filters, collect
    from pipeline.stages.run import run_site

    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    site = servers({
        "/robots.txt": (200, {}, b"User-agent: *\n"),
        "/": (200, HTML, b'<a href="/news/1.html">1</a><a href="/news/2.html">2</a><a href="/news/3.html">3</a>'),
        "/news/1.html": (200, HTML, PAGE.format(n=1).encode()),
        "/news/2.html": (200, {"Content-Type": "image/png"}, png),
        "/news/3.html": (200, HTML, png),  # a PNG that says it is HTML
    })
    config = site_config(tmp_path, site.base, sibling_pages=0)
    ctx = Context(config, str(tmp_path / "archive"), f"sqlite:///{tmp_path}/catalog.sqlite")
    report = run_site(ctx, "hostile", "2026-11-20")
    assert report["articles"] == 1 and report["rejected_by_reason"].get("not_html") == 2
    assert [r["url"] for r in [r.to_dict() for r in collect(ctx.archive, Filters())]] == [f"{site.base}/news/1.html"]
    rejected = read_jsonl_gz(next((tmp_path / "archive" / "rejections").rglob("*.jsonl.gz")).read_bytes())
    reasons = {r["url"].rsplit("/", 1)[1]: r["detail"] for r in rejected}
    assert reasons["2.html"] == "content type image/png" and "PNG image" in reasons["3.html"]


def test_extract_refuses_a_gzip_bomb(tmp_path, demo_config):
    bomb = tmp_path / "page.html.gz"
    with gzip.open(bomb, "wb") as fh:
        chunk = b"<p>" + b"a " * 500_000 + b"</p>"
        for _ in range(40):  # 40 MB unpacked, 40 KB packed
            fh.write(chunk)
    proc = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()",
                           "--config-dir", str(demo_config), "extract", str(bomb)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    row = json.loads(proc.stdout.splitlines()[0])
    assert "larger than crawl.max_response_bytes" in row["error"]


def test_a_huge_page_is_rejected_unread():
    from pipeline.extract.extractor import Extractor

    page = "<html><body>" + "<p>word word word word</p>" * 200_000 + "</body></html>"
    started = time.monotonic()
    got = Extractor(None, 40, max_chars=1_000_000).extract(page, "http://x.test/a")
    assert got.reason == "too_large" and "extract.max_page_chars" in got.detail
    assert time.monotonic() - started < 1
