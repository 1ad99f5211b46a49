"""NewsSpider: the one generic spider, driven by config/sites/<site>.yaml.

    scrapy crawl news -a site=NAME [-a run_id=ID] [-a out_dir=DIR] [-a max_pages=N]
                      [-a since=YYYY-MM-DD] [-a until=YYYY-MM-DD]

Discovery: the site's sitemaps (index, news, .xml.gz), the Sitemap: lines of every seed host's
robots.txt, its RSS/Atom feeds, and its listing pages with their pagination. Every article URL
is canonicalised first, so tracking variants collapse to one key, and skipped when the catalog
already holds it or this run already met it. Article requests outrank discovery requests, so
pages are archived while discovery goes on and max_pages is reached early on big sites.

Related coverage: with the site's `follow_related: N`, the links of an archived article that are
the site's own articles (article_url_patterns, the site's origins) go through the same gate as
discovered ones, one level deeper each time, to depth N (a discovered article is depth 0).

Output in out_dir (see spiders.warc and spiders.report): crawl.warc.gz, crawl_errors.jsonl,
crawl_stats.json.
"""
from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from pipeline.store.catalog import Catalog
from pipeline.context import Context
from pipeline.urls import canonicalize
from spiders import discovery
from spiders.guard import SiteOrigins
from spiders.items import ArticlePage, CrawlFailure, status_text
from spiders.report import write_crawl_stats
from spiders.settings import from_crawl_settings

logger = logging.getLogger(__name__)

# Scrapy serves higher priorities first. robots.txt before the rest because its Sitemap:
# lines feed discovery; articles above all so fetched pages, not queued discovery, fill the run.
ARTICLE_PRIORITY = 100
ROBOTS_PRIORITY = 10
DISCOVERY_PRIORITY = 0

SOURCES = ("sitemap", "feed", "listing")
RELATED = "related"  # the source of a URL found in an archived article (follow_related)


class SpiderArgumentError(ValueError):
    """A bad -a argument; the message is one line naming it."""


def _stat(name: str) -> str:
    return f"newsarchive/{name}"


class NewsSpider(scrapy.Spider):
    name = "news"

    @classmethod
    def update_settings(cls, settings):
        """config/settings.yaml `crawl:` wins over spiders/settings.py (but not over -s)."""
        super().update_settings(settings)
        settings.setdict(from_crawl_settings(Context.from_env().settings.crawl), priority="spider")

    def __init__(self, site: str | None = None, run_id: str | None = None, out_dir: str | None = None,
                 max_pages: str | int | None = None, since: str | None = None, until: str | None = None,
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._t0 = time.monotonic()
        ctx = Context.from_env()
        if not site:
            known = ", ".join(sorted(ctx.sites)) or "none"
            raise SpiderArgumentError(f"site: required, pass -a site=NAME (known: {known})")
        self.site = ctx.site(site)  # ConfigError naming the known sites when unknown
        self.crawl_settings = ctx.settings.crawl
        self.run_id = run_id or f"{self.site.name}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}"
        if "/" in self.run_id or "\\" in self.run_id or self.run_id in (".", ".."):
            raise SpiderArgumentError(f"run_id: {self.run_id!r} must not contain a path separator")
        self.out_dir = Path(out_dir) if out_dir else Path("data/work") / self.run_id
        self.max_pages = self._positive_int(max_pages, "max_pages") or self.site.max_pages
        try:
            self.window = discovery.DateWindow(discovery.parse_day(since, "since"),
                                               discovery.parse_day(until, "until"))
        except ValueError as exc:
            raise SpiderArgumentError(str(exc)) from None

        # Loaded once: the crawl must not fetch again what an earlier run archived.
        with Catalog(ctx.catalog) as catalog:
            self.archived = catalog.archived_url_keys(self.site.name)
            history = catalog.template_history_pages(self.site.name)
        # Sibling pages teach a young site's template: the home page, listing pages and a few
        # articles this run does not archive, fetched politely (same robots, throttle, retries).
        self.sibling_budget = 0
        if self.crawl_settings.template_history_pages > history:
            self.sibling_budget = min(self.crawl_settings.sibling_pages,
                                      self.crawl_settings.template_history_pages - history)
        self._sibling_candidates: list[tuple[str, str]] = []
        self._sitemaps_sent = 0
        self._siblings_sent = False

        self._seen: set[str] = set()  # article keys met in this run
        self._source_keys: dict[str, set[str]] = {s: set() for s in SOURCES}
        self._scheduled = 0
        self._listing_seen: set[str] = set()
        self._listing_count: dict[str, int] = defaultdict(int)  # start URL -> pages scheduled
        self._origins = SiteOrigins(self.site)  # where related links may lead (spiders.guard's rule)
        logger.info("Crawl %s of %s into %s: max_pages=%d, %d URLs already archived%s",
                    self.run_id, self.site.name, self.out_dir, self.max_pages, len(self.archived),
                    f", dates {self.window.since or '…'}..{self.window.until or '…'}"
                    if self.window.active else "")

    @staticmethod
    def _positive_int(value, name: str) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SpiderArgumentError(f"{name}: {value!r} is not a whole number") from None
        if number <= 0:
            raise SpiderArgumentError(f"{name}: must be positive, got {number}")
        return number

    # ---- stats ------------------------------------------------------------------------------
    def _inc(self, name: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(_stat(name), count)

    def _count(self, name: str, source: str) -> None:
        """An article gate outcome; a related link's is counted again as related_<name>."""
        self._inc(name)
        if source == RELATED:
            self._inc(f"{RELATED}_{name}")

    @property
    def cap_reached(self) -> bool:
        return self._scheduled >= self.max_pages

    def closed(self, reason: str) -> None:
        write_crawl_stats(self, reason, elapsed_s=time.monotonic() - self._t0,
                          sources={s: len(keys) for s, keys in self._source_keys.items()})

    # ---- seeds ------------------------------------------------------------------------------
    async def start(self):
        hosts = dict.fromkeys(f"{p.scheme}://{p.netloc}" for p in map(urlsplit, self.site.seed_urls))
        for host in hosts:
            yield scrapy.Request(f"{host}/robots.txt", callback=self.parse_robots,
                                 errback=self.discovery_failed, priority=ROBOTS_PRIORITY)
        for url in self.site.sitemaps:
            if request := self._sitemap_request(url):
                yield request
        for url in self.site.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.discovery_failed,
                                 priority=DISCOVERY_PRIORITY)
        if not self.site.start_urls and hosts:  # no listing to learn from: the home page is one
            self._sibling_request(next(iter(hosts)) + "/", role="listing")
        for url in self.site.start_urls:
            if request := self._listing_request(url, root=url):
                yield request

    def _sitemap_request(self, url: str, depth: int = 0) -> scrapy.Request | None:
        """Bounded: crawl.max_sitemap_files per crawl, crawl.max_sitemap_depth of nested indexes
        (an endless chain of indexes must not keep a crawl going for hours)."""
        limits = self.crawl_settings
        if depth > limits.max_sitemap_depth:
            self._limit("max_sitemap_depth", url)
            return None
        if self._sitemaps_sent >= limits.max_sitemap_files:
            self._limit("max_sitemap_files", url)
            return None
        self._sitemaps_sent += 1
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.discovery_failed,
                              priority=DISCOVERY_PRIORITY, meta={"sitemap_depth": depth})

    def _limit(self, name: str, url: str) -> None:
        """A limit was hit: counted (limits_hit in the crawl stats), said once in the log."""
        key = f"limit/{name}"
        if not self.crawler.stats.get_value(_stat(key)):
            logger.warning("Limit crawl.%s reached at %s: further ones are not fetched", name, url)
        self._inc(key)

    def _listing_request(self, url: str, root: str) -> scrapy.Request | None:
        """Pagination is bounded per start URL by settings.crawl.max_listing_pages."""
        key = canonicalize(url)
        if key in self._listing_seen:
            return None
        if self._listing_count[root] >= self.crawl_settings.max_listing_pages:
            self._inc("listing_pages_over_limit")
            return None
        self._listing_seen.add(key)
        self._listing_count[root] += 1
        return scrapy.Request(url, callback=self.parse_listing, errback=self.discovery_failed,
                              priority=DISCOVERY_PRIORITY, meta={"listing_root": root})

    # ---- the article gate -----------------------------------------------------------------------
    def _is_article(self, url: str, key: str) -> bool:
        # Patterns are written against clean URLs; the raw form is a fallback for odd patterns.
        return self.site.is_article_url(key) or self.site.is_article_url(url)

    def _article_request(self, url: str, source: str, raw_date: str | None = None, related_depth: int = 0):
        """A Request for an article URL, or None when it is not an article or is skipped.

        related_depth: 0 for a discovered URL, n for a link found in an article of depth n-1."""
        key = canonicalize(url)
        if not self._is_article(url, key):
            return None
        day = None
        if raw_date:
            day = discovery.parse_entry_date(raw_date)
            if day is None:
                logger.warning("Unreadable date %r for %s (%s): kept", raw_date, url, source)
                self._inc("unreadable_dates")
            elif not self.window.admits(day):
                self._inc("skipped_out_of_range")
                return None if key in self.archived else self._sibling_request(key)
        if source in self._source_keys:
            self._source_keys[source].add(key)
        if key in self._seen:
            self._count("skipped_duplicate_in_run", source)
            return None
        self._seen.add(key)
        self._count("discovered", source)
        if key in self.archived:
            self._count("skipped_archived", source)
            return None
        if self.cap_reached:
            self._count("skipped_max_pages", source)
            return self._sibling_request(key)
        self._scheduled += 1
        self._count("scheduled", source)
        if related_depth:
            self._inc(f"{RELATED}_depth/{related_depth}")
        if self.cap_reached:
            logger.info("max_pages=%d reached: no further articles are scheduled", self.max_pages)
        # A deeper related page waits behind shallower ones (and discovered articles).
        return scrapy.Request(key, callback=self.parse_article, errback=self.article_failed,
                              priority=ARTICLE_PRIORITY - related_depth,
                              meta={"article_key": key, "source": source, "related_depth": related_depth,
                                    "discovered_date": day.isoformat() if day else None})

    def _articles(self, entries, source: str):
        for entry in entries:
            url, raw_date = (entry.url, entry.raw_date) if isinstance(entry, discovery.Entry) else (entry, None)
            if request := self._article_request(url, source, raw_date):
                yield request

    # ---- discovery callbacks -----------------------------------------------------------------
    def parse_robots(self, response):
        for i, url in enumerate(discovery.robots_sitemaps(response)):
            if i >= self.crawl_settings.max_robots_sitemaps:
                self._limit("max_robots_sitemaps", response.url)
                break
            logger.info("robots.txt announces sitemap %s", url)
            if not self.cap_reached and (request := self._sitemap_request(url)):
                yield request

    def parse_sitemap(self, response):
        try:
            body = discovery.sitemap_body(response, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            kind, entries = discovery.parse_sitemap(body) if body else (None, [])
        except Exception as exc:  # lxml/gzip errors: report the sitemap, go on with the rest
            kind, entries = f"unreadable ({type(exc).__name__}: {exc})", []
        if kind == "sitemapindex":
            depth = response.meta.get("sitemap_depth", 0) + 1
            for entry in entries:
                if not self.cap_reached and (request := self._sitemap_request(entry.url, depth)):
                    yield request
        elif kind == "urlset":
            yield from self._articles(entries, "sitemap")
        else:
            self._discovery_problem(response.url, f"not a sitemap (root: {kind or 'none'})")

    def parse_feed(self, response):
        try:
            root, entries = discovery.feed_entries(response)
        except Exception as exc:
            root, entries = f"unreadable ({type(exc).__name__}: {exc})", []
        if not entries and (root or "").lower() not in ("rss", "feed", "rdf"):
            self._discovery_problem(response.url, f"not an RSS/Atom feed (root: {root or 'none'})")
        yield from self._articles(entries, "feed")

    def parse_listing(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            self._discovery_problem(response.url, "listing page is not HTML")
            return
        if self.sibling_budget > 0 and response.status == 200:  # fetched anyway: a free sibling
            self.sibling_budget -= 1
            yield self._page(response, role="listing")
        yield from self._articles(discovery.listing_links(response), "listing")
        if self.cap_reached:
            return
        for url in discovery.pagination_links(response):
            if request := self._listing_request(url, root=response.meta["listing_root"]):
                yield request

    def _discovery_problem(self, url: str, problem: str) -> None:
        logger.warning("Discovery source %s: %s", url, problem)
        self._inc("discovery_errors")

    def discovery_failed(self, failure):
        request = failure.request
        if failure.check(HttpError):
            status = failure.value.response.status
            if request.url.endswith("/robots.txt") and status in (404, 410):
                return  # no robots.txt is normal: nothing announced, nothing forbidden
            self._discovery_problem(request.url, status_text(status))
        elif failure.check(IgnoreRequest):
            logger.info("Discovery source %s not fetched: %s", request.url, failure.value)
        else:
            self._discovery_problem(request.url, f"{failure.type.__name__}: {failure.value}")

    # ---- sibling pages (template learning only) -----------------------------------------------
    def _sibling_request(self, url: str, role: str = "sibling") -> None:
        """Note a sibling candidate; fetched when the crawl goes idle, and only if it archives something.

        role: "sibling" for another article of the site, "listing" for the home page."""
        if len(self._sibling_candidates) < self.sibling_budget and url not in dict(self._sibling_candidates):
            self._sibling_candidates.append((url, role))
        return None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_idle, signal=scrapy.signals.spider_idle)
        return spider

    def _on_idle(self):
        """Siblings last: after every article, only for a run that fetched articles, within budget."""
        if self._siblings_sent or not self._scheduled or self.sibling_budget <= 0 or not self._sibling_candidates:
            return
        self._siblings_sent = True
        for url, role in self._sibling_candidates[:self.sibling_budget]:
            self._inc("sibling_scheduled")
            self.crawler.engine.crawl(scrapy.Request(
                url, callback=self.parse_sibling, errback=self.sibling_failed, priority=DISCOVERY_PRIORITY - 1,
                meta={"article_key": url, "source": "sibling", "role": role}))
        raise DontCloseSpider

    def parse_sibling(self, response):
        if response.status == 200 and isinstance(response, scrapy.http.TextResponse):
            yield self._page(response, role=response.meta.get("role", "sibling"))

    def sibling_failed(self, failure):
        logger.info("Sibling page %s not fetched: %s", failure.request.url, failure.value)
        self._inc("sibling_failed")

    # ---- articles --------------------------------------------------------------------------
    def parse_article(self, response):
        if response.status != 200:  # 2xx without a page (204, 206...) is not an article either
            yield self._failure(response.request, response.status, status_text(response.status))
            return
        yield self._page(response)
        yield from self._related(response)

    def _related(self, response):
        """follow_related: the article's links to the site's other articles, one level deeper.

        Every link on the page is looked at (related-stories boxes sit outside the body). No date
        comes with a link, so a since/until window admits it (DateWindow: undated is kept); the
        extract stage's topics filter still judges the page."""
        depth = response.meta.get("related_depth", 0)
        if depth >= self.site.follow_related or not isinstance(response, scrapy.http.TextResponse):
            return
        for url in discovery.listing_links(response):
            if not self._is_article(url, canonicalize(url)):
                continue
            if not self._origins.admits(url):
                self._inc(f"{RELATED}_skipped_offsite")
                continue
            if request := self._article_request(url, RELATED, related_depth=depth + 1):
                yield request

    def _page(self, response, role: str = "article") -> ArticlePage:
        return ArticlePage(
            url=response.url,
            requested_url=response.meta.get("article_key", response.url),
            status=response.status,
            protocol=response.protocol or "HTTP/1.1",
            headers=_header_pairs(response.headers),
            body=response.body,
            request_method=response.request.method,
            request_headers=_header_pairs(response.request.headers),
            # Scrapy keeps no receive timestamp; the callback runs right after the download.
            fetched_at=datetime.now(timezone.utc),
            source=response.meta.get("source", "listing"),
            discovered_date=response.meta.get("discovered_date"),
            role=role,
        )

    def article_failed(self, failure):
        request = failure.request
        if failure.check(HttpError):
            response = failure.value.response
            reason = status_text(response.status)
            if response.url != request.url:
                reason += f" (redirected to {response.url})"
            yield self._failure(request, response.status, reason)
        elif failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            # Policy, not failure: counted as robots_forbidden in the stats.
            logger.info("Article %s forbidden by robots.txt: not fetched", request.url)
        else:
            yield self._failure(request, None, f"{failure.type.__name__}: {failure.value}")

    def _failure(self, request, status: int | None, reason: str) -> CrawlFailure:
        retries = request.meta.get("retry_times", 0)
        if retries:
            reason += f" (after {retries} retries)"
        url = request.meta.get("article_key", request.url)
        logger.warning("Article %s not archived: %s", url, reason)
        return CrawlFailure(url=url, status=status, reason=re.sub(r"\s+", " ", reason).strip())


def _header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, multi-valued) as ordered (name, value) text pairs. Latin-1 maps
    every byte to one character, so nothing a server sent is lost."""
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]
