"""follow_related: links inside archived articles, followed to the site's depth, against a real
HTTP server on loopback through the real runner (a Scrapy child process per crawl).

The site (tests/fixtures/related_site/www): the listing knows only A; A links to B, B to C, C to
D. A also links to an article an earlier run archived, to another host's article, to a
robots.txt-disallowed article, to a non-article page and to itself.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.test_spider import ARTICLE_PATTERN, FixtureSite, archived_urls, crawl, make_config, mark_archived

RELATED_WWW = Path(__file__).parent / "fixtures" / "related_site" / "www"
A, B, C, D = "/2024/06/01/a.html", "/2024/06/02/b.html", "/2024/06/03/c.html", "/2024/06/04/d.html"
ARCHIVED = "/2024/06/06/old.html"  # in the catalog before the crawl
FORBIDDEN = "/private/2024/06/05/secret.html"  # robots.txt: Disallow: /private/
OFFSITE_HOST = "localhost"  # {OTHER} in A: same server, another host, not one of the site's origins

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def related_site():
    site = FixtureSite(RELATED_WWW).start()
    site.substitutions["{OTHER}"] = f"http://{OFFSITE_HOST}:{site.port}"
    yield site
    site.stop()


def related_crawl(site: FixtureSite, tmp_path: Path, follow: int, name: str = "run", max_pages: int = 100,
                  **kwargs) -> tuple[dict, set[str], list[dict]]:
    """(stats, paths archived, request log) of one crawl of the related site."""
    config = make_config(tmp_path / f"{name}-config", {"related": {
        "start_urls": [f"{site.base_url}/news/"], "article_url_patterns": [ARTICLE_PATTERN],
        "max_pages": max_pages, "follow_related": follow}})
    catalog = tmp_path / f"{name}-catalog.sqlite"
    mark_archived(catalog, "related", [site.base_url + ARCHIVED])
    site.log.clear()
    stats, out = crawl(tmp_path, config, "related", name=name, catalog=catalog, **kwargs)
    return stats, {urlsplit(u).path for u in archived_urls(out)}, list(site.log)


def article_requests(log: list[dict]) -> list[str]:
    return sorted(e["path"] for e in log if e["path"].startswith(("/2024/", "/private/")))


@pytest.mark.parametrize("follow, expected, by_depth", [
    (0, [A], {}),
    (1, [A, B], {"1": 2}),  # B and the robots-forbidden one
    (2, [A, B, C], {"1": 2, "2": 1}),
    (3, [A, B, C, D], {"1": 2, "2": 1, "3": 1}),
])
def test_follow_related_to_depth(related_site, tmp_path, follow, expected, by_depth):
    stats, archived, log = related_crawl(related_site, tmp_path, follow)
    assert archived == set(expected)
    # each followed article requested once; never the archived one, the forbidden one, a non-article
    assert article_requests(log) == sorted(expected)
    assert "/about.html" not in [e["path"] for e in log]
    # the other host's article: not followed, so not even refused by the origin guard
    assert not [e for e in log if e["host"].startswith(OFFSITE_HOST)]
    assert stats["refused_offsite"] == 0
    assert stats["related_by_depth"] == by_depth
    assert stats["related_scheduled"] == sum(by_depth.values())
    assert stats["scheduled"] == 1 + stats["related_scheduled"]
    assert stats["discovered"] == stats["scheduled"] + stats["skipped_archived"] + stats["skipped_max_pages"]
    assert stats["fetched"] == len(expected)
    if follow:
        assert stats["related_skipped_archived"] == stats["skipped_archived"] == 1
        assert stats["related_skipped_offsite"] == 1
        assert stats["robots_forbidden"] == 1  # scheduled, then refused by robots.txt
        assert stats["related_skipped_duplicate_in_run"] == follow  # A#comments in A; A in B; B in C
    else:
        assert stats["robots_forbidden"] == stats["skipped_archived"] == stats["related_skipped_offsite"] == 0
    assert stats["sources"] == {"sitemap": 0, "feed": 0, "listing": 1}


def test_follow_related_counts_against_max_pages(related_site, tmp_path):
    stats, archived, log = related_crawl(related_site, tmp_path, 3, max_pages=2)
    assert archived == {A, B} and article_requests(log) == [A, B]
    assert stats["scheduled"] == 2 and stats["related_by_depth"] == {"1": 1}
    assert stats["related_skipped_max_pages"] == stats["skipped_max_pages"] == 2  # the forbidden one, C


def test_follow_related_in_a_date_window(related_site, tmp_path):
    """A link has no date: like every undated URL, a since/until window admits it."""
    stats, archived, log = related_crawl(related_site, tmp_path, 1, since="2024-06-01", until="2024-06-01")
    assert archived == {A, B}
    assert stats["skipped_out_of_range"] == 0
