"""The crawler against real HTTP servers on loopback, through the real runner (a Scrapy child
process per crawl).

Two kinds of site:
- the fixture site (tests/fixtures/spider_site/www, served by FixtureSite below): small and
  fully known, with every edge case in one place — sitemap index only in robots.txt, .xml.gz,
  Google News dates, RSS + Atom, pagination, utm variants, robots-disallowed, 404, 500,
  connection refused, redirect, a 503-then-200 page, gzip transfer, windows-1256;
- the bundled demo sites (demo.server, demo/sites/MANIFEST.json), when present.
"""
from __future__ import annotations

import gzip
import json
import shutil
import threading
import time
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from demo.run import DEMO_CRAWL_SETTINGS
from pipeline.urls import canonicalize
from pipeline.stages.crawl_process import CrawlArgumentError, CrawlError, run_crawl

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_WWW = Path(__file__).parent / "fixtures" / "spider_site" / "www"
ARTICLE_PATTERN = r"/\d{4}/\d{2}/\d{2}/[\w-]+\.html$"

pytestmark = pytest.mark.timeout(120)


# ---- the fixture server ------------------------------------------------------------------------
class FixtureSite:
    """Serves FIXTURE_WWW ({BASE} in files = http://<Host>, and any other `substitutions`), logs
    every request, and answers proxy-form requests (absolute URI) too, so it doubles as an HTTP
    proxy for any host."""

    FLAKY = "/2024/05/06/flaky.html"  # 503 + Retry-After: 1 on the first hit, then 200
    DOWN = "/2024/05/15/down.html"  # always 500
    MOVED = "/2024/05/12/moved.html"  # 301 to moved-final.html
    GZIPPED = "/2024/05/14/gz.html"  # Content-Encoding: gzip when the client accepts it

    def __init__(self, www: Path = FIXTURE_WWW):
        self.www = www
        self.substitutions: dict[str, str] = {}  # placeholder in served files -> text
        self.log: list[dict] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_GET(self):
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FixtureSite":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def paths(self, host: str | None = None) -> list[str]:
        with self._lock:
            return [e["path"] for e in self.log if host is None or e["host"] == host]

    def hits(self, path: str) -> list[dict]:
        with self._lock:
            return [e for e in self.log if e["path"] == path]

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        target = urlsplit(req.path)
        proxied = bool(target.scheme)
        host = target.netloc if proxied else req.headers.get("Host", "")
        path = target.path or "/"
        with self._lock:
            self.log.append({"path": path, "query": target.query, "host": host, "proxied": proxied,
                             "time": time.monotonic(), "user_agent": req.headers.get("User-Agent")})
            first_hit = sum(e["path"] == path for e in self.log) == 1
        if path == self.FLAKY and first_hit:
            return self._send(req, 503, b"busy", "text/plain", {"Retry-After": "1"})
        if path == self.DOWN:
            return self._send(req, 500, b"broken", "text/plain")
        if path == self.MOVED:
            return self._send(req, 301, b"", "text/plain", {"Location": "/2024/05/12/moved-final.html"})
        file = self.www / path.lstrip("/")
        if path.endswith(".xml.gz"):
            file = file.with_suffix("")
        elif file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return self._send(req, 404, b"not found", "text/plain")
        body = file.read_bytes()
        if file.suffix in (".xml", ".txt", ".html"):
            body = body.replace(b"{BASE}", f"http://{host}".encode())
            for placeholder, text in self.substitutions.items():
                body = body.replace(placeholder.encode(), text.encode())
        kind = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain"}[file.suffix]
        if "cp1256" in path:
            kind = "text/html; charset=windows-1256"
        extra = {}
        if path.endswith(".xml.gz"):
            body, kind = gzip.compress(body), "application/x-gzip"
        elif path == self.GZIPPED and "gzip" in req.headers.get("Accept-Encoding", ""):
            body, extra = gzip.compress(body), {"Content-Encoding": "gzip"}
        self._send(req, 200, body, kind, extra)

    @staticmethod
    def _send(req, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        req.send_response(status)
        req.send_header("Content-Type", content_type)
        req.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            req.send_header(name, value)
        req.end_headers()
        req.wfile.write(body)


# Everything the fixture site links that is an article and serves 200 (path -> WARC target path).
FIXTURE_ARCHIVED = {
    "/2024/05/01/alpha.html", "/2024/05/02/beta.html", "/2024/05/03/gamma.html",
    "/2024/05/04/delta.html", "/2024/05/05/epsilon.html", "/2024/05/06/flaky.html",
    "/2024/05/07/zeta.html", "/2024/05/08/eta.html", "/2024/05/12/moved-final.html",
    "/2024/05/13/cp1256.html", "/2024/05/14/gz.html", "/2024/05/17/theta.html",
}
FIXTURE_ERRORS = {"/2024/05/11/missing.html": 404, "/2024/05/15/down.html": 500,
                  "/2024/05/16/refused.html": None}


# ---- helpers ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fixture_site():
    site = FixtureSite().start()
    yield site
    site.stop()


def make_config(tmp_path: Path, sites: dict[str, dict], *, base: Path | None = None,
                crawl_settings: dict | None = None) -> Path:
    """A config dir: config/settings.yaml with quick backoff (and `crawl_settings`), plus the given
    site YAMLs (added to a copy of `base` when given)."""
    cfg = tmp_path / "config"
    if base is not None:
        shutil.copytree(base, cfg)
    (cfg / "sites").mkdir(parents=True, exist_ok=True)
    settings = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"))
    # these tests count article requests and WARC records exactly; sibling pages have their own test
    settings["crawl"].update({**DEMO_CRAWL_SETTINGS, "backoff_base": 0.05, "download_timeout": 10, "sibling_pages": 0,
                              **(crawl_settings or {})})
    (cfg / "settings.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    for name, data in sites.items():
        (cfg / "sites" / f"{name}.yaml").write_text(yaml.safe_dump({"name": name, **data}), encoding="utf-8")
    return cfg


def fixture_config(tmp_path: Path, base_url: str, crawl_settings: dict | None = None, **overrides) -> Path:
    site = {"start_urls": [f"{base_url}/news/"],
            "feeds": [f"{base_url}/feed.xml", f"{base_url}/atom.xml"],
            "article_url_patterns": [ARTICLE_PATTERN], "deny_url_patterns": ["/tag/"],
            "language": "en", "max_pages": 100, **overrides}
    return make_config(tmp_path, {"fixture": site}, crawl_settings=crawl_settings)


def crawl(tmp_path: Path, config: Path, site: str, name: str = "run", catalog: Path | None = None,
          extra_env: dict | None = None, **kwargs) -> tuple[dict, Path]:
    out = tmp_path / name
    env = {"NEWSARCHIVE_CONFIG_DIR": str(config),
           "NEWSARCHIVE_CATALOG": f"sqlite:///{catalog or tmp_path / 'catalog.sqlite'}",
           # A proxy in the test machine's environment must not capture loopback traffic.
           "http_proxy": "", "HTTP_PROXY": "", "https_proxy": "", "HTTPS_PROXY": "",
           **(extra_env or {})}
    stats = run_crawl(site, f"{site}-{name}", out, env=env, **kwargs)
    return stats, out


def warc_records(out: Path) -> list:
    """(type, WARC headers, HTTP headers, body) of every record, in file order."""
    records = []
    with open(out / "crawl.warc.gz", "rb") as fh:
        for rec in ArchiveIterator(fh):
            records.append((rec.rec_type, rec.rec_headers, rec.http_headers, rec.content_stream().read()))
    return records


def archived_urls(out: Path) -> list[str]:
    return [h.get_header("WARC-Target-URI") for t, h, _, _ in warc_records(out) if t == "response"]


def read_errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "crawl_errors.jsonl").read_text(encoding="utf-8").splitlines()]


def mark_archived(catalog_path: Path, site: str, urls) -> None:
    """Publish documents for these URLs in the catalog, as a finished earlier run would."""
    from sqlalchemy import insert

    from pipeline.store.catalog import Catalog, documents
    from pipeline.urls import doc_id_for

    catalog = Catalog(f"sqlite:///{catalog_path}")
    with catalog.engine.begin() as conn:
        for url in urls:
            conn.execute(insert(documents).values(
                doc_id=doc_id_for(url), url_key=canonicalize(url), site=site, day="2024-05-01",
                run_id="earlier", status="published", word_count=100, content_sha256="0" * 64,
                is_canonical=True, priority=0))
    catalog.close()


# ---- units without a server ---------------------------------------------------------------------------
def test_retry_after_and_backoff():
    from datetime import datetime, timezone

    from spiders.middlewares import backoff_delay, parse_retry_after

    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after(b"7", now) == 7.0
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now) == 0.0  # in the past: go now
    assert parse_retry_after(b"soon", now) is None and parse_retry_after(None) is None
    assert [backoff_delay(n, 0.5, 30) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff_delay(10, 0.5, 30) == 30  # capped
    assert backoff_delay(0, 0.5, 30, retry_after=3600) == 30  # Retry-After capped too
    assert backoff_delay(3, 0.5, 30, retry_after=1) == 1  # the server's word wins


def test_entry_dates_and_window():
    from spiders.discovery import DateWindow, parse_day, parse_entry_date

    assert parse_entry_date("2024-05-02T23:30:00+03:00") == date(2024, 5, 2)  # publisher's day
    assert parse_entry_date("Sun, 05 May 2024 09:00:00 +0000") == date(2024, 5, 5)
    assert parse_entry_date("2024-05-04") == date(2024, 5, 4)
    assert parse_entry_date("yesterday") is None and parse_entry_date("") is None
    window = DateWindow(parse_day("2024-05-02", "since"), parse_day("2024-05-04", "until"))
    assert [window.admits(date(2024, 5, d)) for d in (1, 2, 4, 5)] == [False, True, True, False]
    assert window.admits(None)  # undated entries are kept
    with pytest.raises(ValueError, match="until: '5/4/2024' is not a date"):
        parse_day("5/4/2024", "until")


def test_pagination_links():
    from scrapy.http import HtmlResponse

    from spiders.discovery import pagination_links

    html = b"""<html><body>
      <a href="/archive.php?page=2&amp;utm_source=x">2</a> <a href="/archive.php?page=3">3</a>
      <a href="/archive.php?cat=sport&amp;page=2">other listing</a> <a href="/news.php?id=4">story</a>
      <a href="/news/page/2/">news p2</a> <a rel="next nofollow" href="/elsewhere?p=2">next</a>
    </body></html>"""
    resp = HtmlResponse("http://example.test/archive.php?page=1", body=html, encoding="utf-8")
    assert pagination_links(resp) == ["http://example.test/elsewhere?p=2",
                                      "http://example.test/archive.php?page=2&utm_source=x",
                                      "http://example.test/archive.php?page=3"]
    resp = HtmlResponse("http://example.test/news/", body=html, encoding="utf-8")
    assert "http://example.test/news/page/2/" in pagination_links(resp)


# ---- the fixture site --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def full_crawl(fixture_site, tmp_path_factory):
    """One complete crawl of the fixture site, shared by the tests that inspect it."""
    tmp = tmp_path_factory.mktemp("full")
    fixture_site.log.clear()
    stats, out = crawl(tmp, fixture_config(tmp, fixture_site.base_url), "fixture")
    return stats, out, list(fixture_site.log)


def test_every_article_archived_once(full_crawl, fixture_site):
    stats, out, log = full_crawl
    targets = archived_urls(out)
    paths = [urlsplit(u).path for u in targets]
    assert Counter(paths) == Counter(FIXTURE_ARCHIVED)
    # utm variants collapsed: the canonical URL was requested, never the tracked one
    assert all("utm_" not in u for u in targets)
    assert not any("utm_" in e["query"] for e in log if e["path"] in FIXTURE_ARCHIVED)
    # non-articles and denied links are not fetched
    requested = [e["path"] for e in log]
    assert "/about.html" not in requested and "/tag/2024/05/10/tagged.html" not in requested


def test_discovery_sources(full_crawl):
    stats, out, log = full_crawl
    requested = [e["path"] for e in log]
    # the sitemap index is only in robots.txt; its .xml.gz child and news sitemap are read
    assert {"/robots.txt", "/sitemap_index.xml", "/sitemap-2024.xml.gz", "/news-sitemap.xml"} <= set(requested)
    # pagination: rel=next to page 2, then a plain /page/3/ link
    assert {"/news/", "/news/page/2/", "/news/page/3/"} <= set(requested)
    assert stats["sources"] == {"sitemap": 4, "feed": 4, "listing": 10}


def test_robots_disallowed_never_requested(full_crawl):
    stats, out, log = full_crawl
    assert not any(e["path"].startswith("/private/") for e in log)
    assert stats["robots_forbidden"] >= 1


def test_flaky_page_retried_after_retry_after(full_crawl):
    stats, out, log = full_crawl
    hits = [e for e in log if e["path"] == FixtureSite.FLAKY]
    assert len(hits) == 2
    assert hits[1]["time"] - hits[0]["time"] >= 0.9  # Retry-After: 1 honoured
    # ... without holding up the rest of the crawl meanwhile
    assert any(hits[0]["time"] < e["time"] < hits[1]["time"] for e in log if e["path"] != FixtureSite.FLAKY)
    assert stats["retries"] >= 1
    assert any(urlsplit(u).path == FixtureSite.FLAKY for u in archived_urls(out))
    assert "Retry 1/3 of " in (out / "crawl.log").read_text(encoding="utf-8")


def test_failures_recorded_not_dropped(full_crawl):
    stats, out, log = full_crawl
    errors = {urlsplit(e["url"]).path: e for e in read_errors(out)}
    assert {p: e["status"] for p, e in errors.items()} == FIXTURE_ERRORS
    assert "Not Found" in errors["/2024/05/11/missing.html"]["reason"]
    assert "after 3 retries" in errors["/2024/05/15/down.html"]["reason"]
    assert "Refused" in errors["/2024/05/16/refused.html"]["reason"] or "refused" in errors["/2024/05/16/refused.html"]["reason"]
    assert len([e for e in log if e["path"] == FixtureSite.DOWN]) == 4  # 1 + RETRY_TIMES


def test_warc_records(full_crawl):
    stats, out, log = full_crawl
    records = warc_records(out)
    assert records[0][0] == "warcinfo"
    responses = {h.get_header("WARC-Record-ID"): (h, http, body) for t, h, http, body in records if t == "response"}
    requests = [(h, http) for t, h, http, _ in records if t == "request"]
    assert len(requests) == len(responses) == len(FIXTURE_ARCHIVED)
    for req_h, req_http in requests:
        resp_h, resp_http, body = responses[req_h.get_header("WARC-Concurrent-To")]
        assert req_h.get_header("WARC-Target-URI") == resp_h.get_header("WARC-Target-URI")
        assert req_h.get_header("WARC-Date") == resp_h.get_header("WARC-Date")
        assert req_http.protocol == "GET" and "newsarchive" in req_http.get_header("User-Agent")
        assert resp_http.get_statuscode() == "200"
        assert resp_http.statusline == "200 OK" and resp_http.protocol == "HTTP/1.1"
        assert int(resp_http.get_header("Content-Length")) == len(body)
        assert resp_http.get_header("Content-Encoding") is None
        assert resp_http.get_header("Transfer-Encoding") is None
    by_path = {urlsplit(h.get_header("WARC-Target-URI")).path: (h, http, body) for h, http, body in responses.values()}
    # gzip on the wire, plain HTML in the archive
    assert by_path[FixtureSite.GZIPPED][2].startswith(b"<!doctype html>")
    # the charset survives, and the bytes are the server's
    _, http, body = by_path["/2024/05/13/cp1256.html"]
    assert http.get_header("Content-Type") == "text/html; charset=windows-1256"
    assert "خبر عاجل" in body.decode("cp1256")
    # redirect: the target is where the page was found, the requested URL is kept beside it
    h, _, _ = by_path["/2024/05/12/moved-final.html"]
    assert h.get_header("Newsarchive-Requested-URI").endswith(FixtureSite.MOVED)


def test_stats(full_crawl):
    stats, out, log = full_crawl
    assert json.loads((out / "crawl_stats.json").read_text()) == stats
    assert stats["site"] == "fixture" and stats["run_id"] == "fixture-run"
    assert stats["discovered"] == stats["scheduled"] == 16
    assert stats["fetched"] == len(FIXTURE_ARCHIVED)
    assert stats["errors"] == len(FIXTURE_ERRORS)
    assert stats["skipped_archived"] == 0
    assert stats["skipped_duplicate_in_run"] == 3  # alpha in feed and listing, eta on page 2
    assert stats["retries"] >= 1 + 3
    assert stats["bytes"] > 0 and stats["elapsed_s"] > 0
    for key in ("discovered", "scheduled", "skipped_archived", "skipped_duplicate_in_run", "fetched",
                "errors", "robots_forbidden", "retries", "bytes", "elapsed_s"):
        assert isinstance(stats[key], (int, float)), key


def test_second_crawl_skips_archived(fixture_site, full_crawl, tmp_path):
    _, first_out, _ = full_crawl
    catalog = tmp_path / "catalog.sqlite"
    # What the first run archived, by final URL and (for the redirect) by requested URL too;
    # the failed ones as well, as if a later run had got them.
    done = archived_urls(first_out) + [fixture_site.base_url + FixtureSite.MOVED]
    done += [e["url"] for e in read_errors(first_out)]
    mark_archived(catalog, "fixture", done)
    fixture_site.log.clear()
    stats, out = crawl(tmp_path, fixture_config(tmp_path, fixture_site.base_url), "fixture",
                       name="second", catalog=catalog)
    fetched = [p for p in fixture_site.paths() if p.startswith("/2024/") or p.startswith("/private/")]
    assert fetched == []
    # only the robots-disallowed article, never archived, is scheduled again (and refused again)
    assert stats["scheduled"] == 1 and stats["robots_forbidden"] >= 1
    assert stats["fetched"] == stats["errors"] == 0
    assert stats["skipped_archived"] == 15
    assert archived_urls(out) == []


def test_max_pages_caps_article_requests(fixture_site, tmp_path):
    fixture_site.log.clear()
    stats, out = crawl(tmp_path, fixture_config(tmp_path, fixture_site.base_url), "fixture", max_pages=3)
    fetched = {p for p in fixture_site.paths() if p.startswith("/2024/")}
    assert stats["scheduled"] == 3
    assert len(fetched) <= 3 + 1  # + a redirect target
    assert stats["fetched"] + stats["errors"] + stats["robots_forbidden"] >= 3
    assert stats["skipped_max_pages"] == stats["discovered"] - 3 > 0


def test_sibling_pages_fetched_politely_kept_apart(fixture_site, tmp_path):
    """A young site: a few articles the run does not archive are fetched after the run's own,
    within budget and robots.txt, and written to the WARC with their role."""
    fixture_site.log.clear()
    config = fixture_config(tmp_path, fixture_site.base_url, crawl_settings={"sibling_pages": 3})
    stats, out = crawl(tmp_path, config, "fixture", max_pages=2)
    roles = {}
    for kind, headers, _, _ in warc_records(out):
        if kind == "response":
            roles[urlsplit(headers.get_header("WARC-Target-URI")).path] = headers.get_header("Newsarchive-Role") or "article"
    siblings = [p for p, role in roles.items() if role == "sibling"]
    assert stats["scheduled"] == 2 and stats["skipped_max_pages"] > 0
    assert 1 <= len(siblings) <= 3 and stats["sibling_scheduled"] <= 3
    assert stats["fetched"] == sum(role == "article" for role in roles.values())  # siblings are not articles
    assert not any(p.startswith("/private/") for p in fixture_site.paths())  # robots.txt holds for siblings
    # articles first: no sibling was requested before the last article request
    order = [p for p in fixture_site.paths() if p.startswith("/2024/")]
    assert max(order.index(p) for p in siblings) > max(i for i, p in enumerate(order) if roles.get(p) == "article")
    # a site with enough template history fetches none
    config = fixture_config(tmp_path / "old", fixture_site.base_url,
                            crawl_settings={"sibling_pages": 3, "template_history_pages": 0})
    stats, out = crawl(tmp_path, config, "fixture", name="old", max_pages=2)
    assert stats.get("sibling_scheduled", 0) == 0
    assert all(h.get_header("Newsarchive-Role") in (None, "article") for t, h, _, _ in warc_records(out) if t == "response")


def test_since_until_filters_dated_entries(fixture_site, tmp_path):
    # Sitemaps (via robots.txt) and feeds only: listing links would be kept whatever their date.
    config = fixture_config(tmp_path, fixture_site.base_url, start_urls=[])
    stats, out = crawl(tmp_path, config, "fixture", since="2024-05-02", until="2024-05-04")
    paths = {urlsplit(u).path for u in archived_urls(out)}
    # beta: lastmod 2024-05-02 (its own +03:00 day); gamma: undated, kept; delta: news
    # publication_date 2024-05-04 wins over its lastmod 2024-05-09
    assert paths == {"/2024/05/02/beta.html", "/2024/05/03/gamma.html", "/2024/05/04/delta.html"}
    assert stats["skipped_out_of_range"] == 5  # alpha (sitemap, feed), epsilon, flaky, zeta


def test_http_proxy_honoured(fixture_site, tmp_path):
    """A host that does not resolve is reached through http_proxy (Scrapy's HttpProxyMiddleware)."""
    base = "http://www.unseen-news.test"
    config = make_config(tmp_path, {"unseen": {
        "start_urls": [f"{base}/news/"], "article_url_patterns": [ARTICLE_PATTERN],
        "deny_url_patterns": ["/tag/"], "max_pages": 3}})
    fixture_site.log.clear()
    stats, out = crawl(tmp_path, config, "unseen",
                       extra_env={"http_proxy": fixture_site.base_url, "no_proxy": ""})
    assert stats["fetched"] >= 2
    assert all(urlsplit(u).netloc == "www.unseen-news.test" for u in archived_urls(out))
    proxied = [e for e in fixture_site.log if e["host"] == "www.unseen-news.test"]
    assert proxied and all(e["proxied"] for e in proxied)
    assert "/robots.txt" in [e["path"] for e in proxied]


def test_empty_crawl_still_writes_stats(fixture_site, tmp_path):
    # The site is up but nothing matches its article pattern (say, after a redesign).
    config = fixture_config(tmp_path, fixture_site.base_url, article_url_patterns=[r"/story/\d+$"])
    stats, out = crawl(tmp_path, config, "fixture")
    assert stats["finish_reason"] == "finished"
    assert stats["discovered"] == stats["scheduled"] == stats["fetched"] == stats["errors"] == 0
    assert stats["sources"] == {"sitemap": 0, "feed": 0, "listing": 0}
    assert [t for t, *_ in warc_records(out)] == ["warcinfo"] and read_errors(out) == []


def test_bad_input_is_a_clear_error(fixture_site, tmp_path):
    config = fixture_config(tmp_path, fixture_site.base_url)
    with pytest.raises(CrawlArgumentError, match="since: '2024-13-01' is not a valid calendar date"):
        crawl(tmp_path, config, "fixture", since="2024-13-01")
    with pytest.raises(ValueError, match="since 2024-05-05 is after until 2024-05-01"):
        crawl(tmp_path, config, "fixture", since="2024-05-05", until="2024-05-01")
    from pipeline.config import ConfigError

    with pytest.raises(ConfigError, match=r"no site named 'nope' \(known: fixture\)"):
        crawl(tmp_path, config, "nope")


def test_crawl_failure_raises_with_log_tail(fixture_site, tmp_path):
    config = fixture_config(tmp_path, fixture_site.base_url)
    # Arguments and site are fine, so the child starts; it dies opening the catalog.
    with pytest.raises(CrawlError) as info:
        crawl(tmp_path, config, "fixture", extra_env={"NEWSARCHIVE_CATALOG": "nosuchdb://x"})
    assert info.value.summary.startswith("crawl of fixture (run fixture-run) failed with exit code")
    assert "nosuchdb" in str(info.value)


# ---- the demo sites -----------------------------------------------------------------------------------
DEMO_SITES = ("almada", "rafidain", "sawt", "tigris", "nahrain")


def _demo_available() -> bool:
    return (ROOT / "demo" / "server.py").exists() and (ROOT / "demo" / "sites" / "MANIFEST.json").exists()


demo = pytest.mark.skipif(not _demo_available(), reason="demo sites (demo/server.py, demo/sites) not built yet")


@pytest.fixture(scope="module")
def demo_crawls(demo_sites, demo_config, tmp_path_factory):
    """One crawl of each demo site with the shipped config/ (moved to the test server's ports
    by conftest's demo_config), requests logs kept."""
    tmp = tmp_path_factory.mktemp("demo")
    config = make_config(tmp, {}, base=demo_config)
    demo_sites.reset_flaky()  # the session server's flaky pages may have been spent by other tests
    demo_sites.clear_logs()
    results = {}
    for site in DEMO_SITES:
        stats, out = crawl(tmp, config, site, name=site)
        results[site] = (stats, out, list(demo_sites.requests_log(site)))
    return config, results


def _manifest_articles(manifest: list[dict], site: str, base_url: str) -> set[str]:
    """Canonical URLs of the site's pages the MANIFEST says are articles."""
    return {canonicalize(base_url + e["url_path"]) for e in manifest
            if e["site"] == site and e.get("expect") == "article"}


@demo
@pytest.mark.parametrize("site", DEMO_SITES)
def test_demo_every_manifest_article_archived_once(demo_sites, demo_crawls, demo_manifest, site):
    _, results = demo_crawls
    stats, out, _ = results[site]
    keys = Counter(canonicalize(u) for u in archived_urls(out))
    expected = _manifest_articles(demo_manifest, site, demo_sites.base_url(site))
    assert expected, f"MANIFEST lists no article for {site}"
    missing = expected - set(keys)
    assert not missing, f"{site}: not archived: {sorted(missing)[:5]}"
    assert all(keys[k] == 1 for k in expected)
    assert max(keys.values()) == 1, f"archived twice: {[k for k, n in keys.items() if n > 1]}"


@demo
@pytest.mark.parametrize("site", DEMO_SITES)
def test_demo_robots_disallowed_never_requested(demo_crawls, site):
    from protego import Protego

    _, results = demo_crawls
    stats, out, log = results[site]
    robots = (ROOT / "demo" / "sites" / site / "www" / "robots.txt")
    if not robots.exists():
        pytest.skip(f"{site} has no robots.txt")
    rules = Protego.parse(robots.read_text(encoding="utf-8"))
    ua = yaml.safe_load((ROOT / "config" / "settings.yaml").read_text())["crawl"]["user_agent"]
    for entry in log:
        path = _log_path(entry)
        assert rules.can_fetch(f"http://127.0.0.1{path}", ua), f"{site}: requested disallowed {path}"


def _log_path(entry) -> str:
    """A requests_log entry's path (+query), whatever shape the demo server logs in."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, (tuple, list)):
        return next(x for x in entry if isinstance(x, str) and x.startswith("/"))
    return entry.get("path") or urlsplit(entry.get("url", "")).path


@demo
def test_demo_almada_private_and_sitemap_from_robots(demo_crawls):
    _, results = demo_crawls
    stats, out, log = results["almada"]
    paths = [_log_path(e) for e in log]
    assert not any("/private/" in p for p in paths)
    assert stats["robots_forbidden"] >= 1
    assert stats["sources"]["sitemap"] > 0  # announced only in robots.txt


@demo
def test_demo_flaky_page_retried_and_archived(demo_crawls, demo_manifest):
    _, results = demo_crawls
    retried = [(s, r) for s, r in results.items() if r[0]["retries"] > 0]
    assert retried, "no demo site needed a retry"
    for site, (stats, out, log) in retried:
        counts = Counter(_log_path(e) for e in log)
        flaky = [p for p, n in counts.items() if n > 1 and p != "/robots.txt"]
        archived = {urlsplit(u).path for u in archived_urls(out)}
        assert any(urlsplit(p).path in archived for p in flaky), f"{site}: retried page not archived"


@demo
def test_demo_second_crawl_fetches_no_article(demo_sites, demo_crawls, demo_manifest, tmp_path):
    config, results = demo_crawls
    catalog = tmp_path / "catalog.sqlite"
    stats, out, _ = results["tigris"]
    mark_archived(catalog, "tigris", archived_urls(out))
    before = len(demo_sites.requests_log("tigris"))
    stats2, out2 = crawl(tmp_path, config, "tigris", name="again", catalog=catalog)
    article_paths = {urlsplit(k).path for k in _manifest_articles(demo_manifest, "tigris",
                                                                  demo_sites.base_url("tigris"))}
    again = [_log_path(e) for e in demo_sites.requests_log("tigris")[before:]]
    assert not [p for p in again if urlsplit(p).path in article_paths]
    assert stats2["fetched"] == 0 and stats2["skipped_archived"] >= len(article_paths)


@demo
def test_demo_max_pages(demo_sites, demo_crawls, tmp_path):
    config, _ = demo_crawls
    stats, out = crawl(tmp_path, config, "tigris", name="capped", max_pages=2)
    assert stats["scheduled"] == 2 and len(archived_urls(out)) <= 2


@demo
def test_demo_since_until(demo_sites, demo_crawls, tmp_path):
    """rafidain's news sitemap has dates: a one-day window archives that day's entries only."""
    import urllib.request

    from spiders.discovery import parse_sitemap

    config, _ = demo_crawls
    base_url = demo_sites.base_url("rafidain")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    _, entries = parse_sitemap(opener.open(f"{base_url}/news-sitemap.xml", timeout=10).read())
    dated = sorted({e.date for e in entries if e.date})
    assert len(dated) >= 2, "rafidain's sitemap should carry several dates"
    day = dated[len(dated) // 2]
    # The sitemap alone: listing links are kept whatever their date, so leave them out.
    site = yaml.safe_load((config / "sites" / "rafidain.yaml").read_text(encoding="utf-8"))
    only_sitemap = make_config(tmp_path / "c", {"rafidain": {**site, "start_urls": []}})
    stats, out = crawl(tmp_path, only_sitemap, "rafidain", name="window", since=day.isoformat(),
                       until=day.isoformat())
    want = {canonicalize(e.url) for e in entries if e.date in (None, day)}
    got = {canonicalize(u) for u in archived_urls(out)}
    assert got and got <= want
    assert stats["skipped_out_of_range"] == sum(1 for e in entries if e.date and e.date != day)


@demo
def test_demo_through_proxy(demo_sites, demo_config, demo_manifest, tmp_path):
    """tigris by its own host name, which does not resolve: only the demo proxy port reaches it."""
    assert demo_sites.proxy_url, "conftest's demo_sites should run the proxy port"
    host = demo_sites.sites["tigris"].hostname
    shipped = (demo_config / "sites" / "tigris.yaml").read_text(encoding="utf-8")
    site = yaml.safe_load(shipped.replace(demo_sites.base_url("tigris"), f"http://{host}"))
    config = make_config(tmp_path, {"tigris": site})
    stats, out = crawl(tmp_path, config, "tigris", extra_env={"http_proxy": demo_sites.proxy_url, "no_proxy": ""})
    urls = archived_urls(out)
    assert {urlsplit(u).netloc for u in urls} == {host}
    expected = {urlsplit(k).path for k in _manifest_articles(demo_manifest, "tigris", f"http://{host}")}
    assert expected <= {urlsplit(u).path for u in urls}
