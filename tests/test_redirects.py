"""An article reached through a redirect is not fetched again: the URL discovery scheduled is kept
in the catalog beside the final one (real HTTP: the demo server answers /news/101 with a 301)."""
import json
import socket

import pytest

from pipeline.store.catalog import Catalog
from demo.server import DemoSites
from pipeline.store.export import Filters, collect
from pipeline.stages.run import run_site

HOST = "www.moved-news.test"
PARAGRAPH = ("The {n} council met on Tuesday to discuss the {topic} and agreed to publish a full plan "
             "within a month, officials said after a meeting that lasted more than four hours and "
             "drew residents from every district of the city to the public gallery.")


def build_site(root):
    site = root / "moved"
    (site / "www").mkdir(parents=True)
    (site / "site.json").write_text(json.dumps({"name": "moved", "language": "en", "encoding": "utf-8",
                                                "title": "Moved News", "hostname": HOST}))
    (site / "www" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    links = "".join(f'<a href="/news/{n}">story {n}</a>' for n in (101, 102))  # no slash: 301
    (site / "www" / "index.html").write_text(f"<html><body>{links}</body></html>")
    for n, topic in ((101, "water supply"), (102, "bus routes")):
        page = site / "www" / "news" / str(n) / "index.html"
        page.parent.mkdir(parents=True)
        body = "".join(f"<p>{PARAGRAPH.format(n=k, topic=topic)}</p>" for k in ("first", "second", "third"))
        page.write_text(f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
                        f"{body}</article></body></html>")


@pytest.mark.slow
def test_redirected_article_is_not_fetched_again(tmp_path, make_ctx, config_dir, monkeypatch):
    build_site(tmp_path / "sites")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (config_dir / "sites" / "moved.yaml").write_text(
        f"name: moved\nstart_urls: ['http://{HOST}/']\narticle_url_patterns: ['/news/\\d+/?$']\nlanguage: en\n")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{port}")
    ctx = make_ctx()
    with DemoSites(sites_dir=tmp_path / "sites", base_port=0, proxy_port=port).start() as server:
        first = run_site(ctx, "moved", "2026-11-20")
        assert first["articles"] == 2
        urls = sorted(r["url"] for r in [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))])
        assert urls == [f"http://{HOST}/news/101/", f"http://{HOST}/news/102/"]  # the final URLs
        assert f"http://{HOST}/news/101" in Catalog(ctx.catalog).archived_url_keys("moved")
        server.clear_logs()
        second = run_site(ctx, "moved", "2026-11-21")
        fetched = [p for p in server.requests_log("moved") if p.startswith("/news/")]
        assert fetched == [], f"refetched after a redirect: {fetched}"
        assert second["fetched"] == 0 and second["skipped_archived"] == 2
