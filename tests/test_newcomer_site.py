"""A site YAML written by a newcomer, for a site the project has never seen, reached only through
`http_proxy` (its hostname does not resolve): it works with no code change."""
import json
import socket
from pathlib import Path

import pytest

from demo.server import DemoSites
from pipeline.store.export import Filters, collect
from pipeline.stages.run import run_site

FIXTURES = Path(__file__).parent / "fixtures" / "unseen_sites"
NEWCOMER_YAML = """\
# written from the site's robots.txt and one article URL, nothing else
name: dijla
start_urls: [http://www.dijla-news.test/]
article_url_patterns: ['/\\d{4}/\\d{2}/\\d{2}/[\\w-]+\\.html$']
language: ar
schedule: "0 6 * * *"
max_pages: 50
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def proxy():
    port = free_port()
    server = DemoSites(sites_dir=FIXTURES, base_port=0, proxy_port=port).start()
    yield f"http://127.0.0.1:{port}", server
    server.stop()


@pytest.mark.slow
def test_unseen_site_through_http_proxy(proxy, make_ctx, config_dir, monkeypatch):
    proxy_url, server = proxy
    (config_dir / "sites" / "dijla.yaml").write_text(NEWCOMER_YAML, encoding="utf-8")
    monkeypatch.setenv("http_proxy", proxy_url)
    ctx = make_ctx()
    report = run_site(ctx, "dijla", "2026-11-20")
    assert report["articles"] == 3, report
    records = {r["url"]: r for r in [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))]}
    for gold_file in sorted((FIXTURES / "dijla" / "www").rglob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        rec = records["http://www.dijla-news.test" + gold["url_path"]]
        assert rec["text"] == gold["text"]
        assert rec["title"] == gold["title"]
        assert rec["published"] == gold["published"]
        assert rec["authors"] == gold["authors"]
        assert not [s for s in gold["boilerplate"] if s in rec["text"]]
    assert any("robots.txt" in p for p in server.requests_log("dijla"))  # robots.txt honoured via the proxy too
