"""What NewsSpider hands to its item pipeline (internal to spiders/).

Two kinds, so that every scheduled article ends up somewhere: a page that was served
(ArticlePage -> WARC) or a reason it was not (CrawlFailure -> crawl_errors.jsonl).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus


def status_text(status: int) -> str:
    """'429 Too Many Requests': Python's registry is newer than Twisted's (which Scrapy's
    response_status_message uses, and which does not know 429)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:  # a code outside the registry still reads as a status line
        return f"{status} Unknown"


@dataclass
class ArticlePage:
    """One article response as received (body already decompressed by Scrapy)."""

    url: str  # the URL actually fetched, after redirects (WARC-Target-URI)
    requested_url: str  # the canonical URL we scheduled
    status: int
    protocol: str  # e.g. "HTTP/1.1", as the server spoke it
    headers: list[tuple[str, str]]  # response headers, repeated names kept in order
    body: bytes
    request_method: str
    request_headers: list[tuple[str, str]]  # as Scrapy sent them (User-Agent, Accept, ...)
    fetched_at: datetime  # UTC, when the response reached the spider
    source: str  # sitemap | feed | listing | related (a link in an archived article): how the URL was first found
    # the day the sitemap/feed entry gave (evidence for the publication date), None from listings
    discovered_date: str | None = None
    # article | sibling | listing: siblings and listing pages are kept in the WARC only to teach the
    # site's template (a site's first article is cleaned as well as its hundredth); never published
    role: str = "article"


@dataclass
class CrawlFailure:
    """An article URL that was scheduled but not archived: non-200 final status or no response."""

    url: str
    status: int | None  # None when there was no HTTP response (timeout, refused, DNS)
    reason: str

    def to_json(self) -> dict:
        return {"url": self.url, "status": self.status, "reason": self.reason}
