"""Item pipeline: article responses -> <out_dir>/crawl.warc.gz, failures -> crawl_errors.jsonl.

The WARC is the run's raw record, read back later by extraction (and by anyone re-extracting
a past day), so it must describe what the reader will find in it:
- one warcinfo record, then per article a response record and a request record linked by
  WARC-Concurrent-To (warcio's write_request_response_pair), both dated at fetch time;
- gzip per record, flushed after each, so a crashed crawl leaves a readable prefix;
- Scrapy has already undone Content-Encoding / chunking, so the stored HTTP headers drop
  Content-Encoding and Transfer-Encoding and carry the decoded body's Content-Length; a reader
  that trusted the original headers would try to gunzip plain HTML. Content-Type stays as
  sent: its charset is what decodes the body (windows-1256 sites exist);
- WARC-Target-URI is the URL finally fetched; after a redirect the response record also
  carries Newsarchive-Requested-URI, the canonical URL that was scheduled (the key discovery
  meets next time, so a catalog may want to remember both).
"""
from __future__ import annotations

import json
from datetime import timezone
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from pipeline.store.archive import CRAWL_ERRORS, CRAWL_WARC
from spiders.items import ArticlePage, CrawlFailure, status_text

WARC_NAME = CRAWL_WARC
ERRORS_NAME = CRAWL_ERRORS
# WARC extension field (ours, hence no WARC- prefix) on response records whose target differs
# from the URL that was scheduled, i.e. after redirects.
REQUESTED_URI_HEADER = "Newsarchive-Requested-URI"
# The day the sitemap/feed entry gave the page: evidence for its publication date.
DISCOVERED_DATE_HEADER = "Newsarchive-Discovered-Date"
# Why a page that is not an article is in the WARC: "sibling" / "listing" (template learning).
ROLE_HEADER = "Newsarchive-Role"
# Describe the stored (decoded) body, not the one on the wire.
_DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def response_http_headers(page: ArticlePage) -> StatusAndHeaders:
    headers = [(k, v) for k, v in page.headers if k.lower() not in _DROPPED_HEADERS]
    headers.append(("Content-Length", str(len(page.body))))
    return StatusAndHeaders(status_text(page.status), headers, protocol=page.protocol or "HTTP/1.1")


def request_http_headers(page: ArticlePage) -> StatusAndHeaders:
    parts = urlsplit(page.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Scrapy's HTTP client adds Host itself; the record shows it as sent.
    headers = [("Host", parts.netloc)] + [(k, v) for k, v in page.request_headers if k.lower() != "host"]
    return StatusAndHeaders(f"{page.request_method} {target} {page.protocol or 'HTTP/1.1'}", headers,
                            is_http_request=True)


class WarcWriterPipeline:
    """Writes what NewsSpider yields; opens its files in the spider's out_dir at spider open."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self._warc_file = None
        self._writer: WARCWriter | None = None
        self._errors_file = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        spider = self.crawler.spider
        out_dir = Path(spider.out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        # A rerun of the same run_id starts the files afresh: stats describe this attempt only.
        self._warc_file = open(out_dir / WARC_NAME, "wb")
        self._writer = WARCWriter(self._warc_file, gzip=True, warc_version="1.1")
        info = {
            "software": "newsarchive spiders (Scrapy, warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "http-header-user-agent": self.crawler.settings.get("USER_AGENT"),
            "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "isPartOf": spider.run_id,
            "site": spider.site.name,
            "description": "Article responses as received; bodies decoded "
                           "(Content-Encoding/Transfer-Encoding removed, Content-Length recomputed).",
        }
        self._writer.write_record(self._writer.create_warcinfo_record(WARC_NAME, info))
        self._errors_file = open(out_dir / ERRORS_NAME, "w", encoding="utf-8")

    def process_item(self, item):
        if isinstance(item, ArticlePage):
            self._write_article(item)
        elif isinstance(item, CrawlFailure):
            self._errors_file.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
            self._errors_file.flush()
            self.stats.inc_value("newsarchive/errors")
        else:  # a programming error, not bad input: refuse loudly rather than lose it
            raise TypeError(f"WarcWriterPipeline got an unexpected item {type(item).__name__}")
        return item

    def _write_article(self, page: ArticlePage) -> None:
        date = datetime_to_iso_date(page.fetched_at.astimezone(timezone.utc).replace(tzinfo=None),
                                    use_micros=True)
        warc_headers = {"WARC-Date": date}
        if page.requested_url != page.url:
            # Redirected: keep the URL we asked for, the key discovery and the catalog know it by.
            warc_headers[REQUESTED_URI_HEADER] = page.requested_url
        if page.discovered_date:
            warc_headers[DISCOVERED_DATE_HEADER] = page.discovered_date
        if page.role != "article":
            warc_headers[ROLE_HEADER] = page.role
        response = self._writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), length=len(page.body),
            http_headers=response_http_headers(page), warc_headers_dict=warc_headers)
        request = self._writer.create_warc_record(
            page.url, "request", http_headers=request_http_headers(page),
            warc_headers_dict={"WARC-Date": date})
        self._writer.write_request_response_pair(request, response)
        article = page.role == "article"
        self.stats.inc_value("newsarchive/fetched" if article else "newsarchive/sibling_pages")
        self.stats.inc_value("newsarchive/archived_bytes" if article else "newsarchive/sibling_bytes", len(page.body))

    def close_spider(self):
        for fh in (self._warc_file, self._errors_file):
            if fh is not None:
                fh.close()
