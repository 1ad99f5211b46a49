"""Reading discovery sources: sitemaps, robots.txt, RSS/Atom feeds, listing pages.

Pure functions from a Scrapy response to URLs (with the entry's date where the source gives
one); NewsSpider decides what to schedule. Parsing is Scrapy's own: scrapy.utils.sitemap for
sitemaps and robots.txt, Scrapy selectors for feeds, LinkExtractor for listing pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urljoin, urlsplit

from scrapy import Selector
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from pipeline.config import parse_day  # noqa: F401 - spiders' callers import it from here
from pipeline.urls import canonicalize


@dataclass(frozen=True)
class Entry:
    """A URL listed by a sitemap or feed, with the date the source gives for it (if any)."""

    url: str
    raw_date: str | None = None  # the text as the source wrote it

    @property
    def date(self) -> date | None:
        return parse_entry_date(self.raw_date)


# ---- dates ----------------------------------------------------------------------------------
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_entry_date(text: str | None) -> date | None:
    """The calendar day of a sitemap/feed date: W3C/ISO 8601 (lastmod, news:publication_date,
    Atom) or RFC 822 (RSS pubDate). The day is the one written in the source's own offset,
    i.e. the publisher's day, not the UTC day. None when absent or unreadable."""
    if not text or not text.strip():
        return None
    if m := _ISO_DAY.match(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class DateWindow:
    """since/until, both inclusive and optional. Undated entries are always admitted: without
    a date we cannot know, and dropping them would lose articles silently."""

    since: date | None = None
    until: date | None = None

    def __post_init__(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")

    @property
    def active(self) -> bool:
        return bool(self.since or self.until)

    def admits(self, day: date | None) -> bool:
        if day is None:
            return True
        return not ((self.since and day < self.since) or (self.until and day > self.until))


# ---- sitemaps and robots.txt -----------------------------------------------------------------
class NewsSitemap(Sitemap):
    """Scrapy's Sitemap keeps only the direct children of <url>; Google News sitemaps put the
    date one level down (<news:news><news:publication_date>), so lift it up before they go."""

    __slots__ = ()

    def _process_sitemap_element(self, elem):
        published = None
        for el in elem.iter():
            if self._get_tag_name(el) == "publication_date" and el.text and el.text.strip():
                published = el.text.strip()
                break
        entry = super()._process_sitemap_element(elem)
        if entry is not None and published:
            entry["publication_date"] = published
        return entry


def sitemap_body(response: Response, max_size: int = 0) -> bytes | None:
    """The XML of a sitemap response: .xml.gz files are gunzipped (Scrapy's HttpCompression
    only undoes Content-Encoding, not a gzip file served as such). None if it is not XML."""
    if gzip_magic_number(response):
        return gunzip(response.body, max_size=max_size)
    body = response.body.lstrip()
    if isinstance(response, XmlResponse) or body.startswith(b"<"):
        return response.body
    return None


def parse_sitemap(body: bytes) -> tuple[str, list[Entry]]:
    """(type, entries): type is 'urlset', 'sitemapindex' or whatever else the root was.

    An entry's date is news:publication_date when given (when the story appeared), else
    lastmod (when the page last changed)."""
    sitemap = NewsSitemap(body)
    entries = [Entry(d["loc"], d.get("publication_date") or d.get("lastmod") or None)
               for d in sitemap if d.get("loc")]
    return sitemap.type, entries


def robots_sitemaps(response: Response) -> list[str]:
    return list(sitemap_urls_from_robots(response.body, base_url=response.url))


# ---- feeds ------------------------------------------------------------------------------------
def feed_entries(response: Response) -> tuple[str | None, list[Entry]]:
    """(root element name, entries) of an RSS 2.0 / RSS 1.0 / Atom feed.

    RSS: item/link (else a permalink guid), date pubDate or dc:date. Atom: entry/link
    rel=alternate (or no rel) @href, date published else updated."""
    xml = response if isinstance(response, XmlResponse) else response.replace(cls=XmlResponse)
    sel = Selector(xml, type="xml")
    sel.remove_namespaces()  # RSS modules (dc:, content:) and Atom's default namespace alike
    root = sel.xpath("name(/*)").get()
    entries: list[Entry] = []
    for item in sel.xpath("//item"):
        link = (item.xpath("normalize-space(link/text())").get()
                or item.xpath("normalize-space(guid[not(@isPermaLink='false')]/text())").get())
        when = item.xpath("normalize-space(pubDate)").get() or item.xpath("normalize-space(date)").get()
        if link:
            entries.append(Entry(urljoin(response.url, link), when or None))
    for entry in sel.xpath("//entry"):
        href = (entry.xpath("link[@rel='alternate']/@href").get()
                or entry.xpath("link[not(@rel)]/@href").get())
        when = entry.xpath("normalize-space(published)").get() or entry.xpath("normalize-space(updated)").get()
        if href:
            entries.append(Entry(urljoin(response.url, href.strip()), when or None))
    return root, entries


# ---- listing pages ------------------------------------------------------------------------------
_LINKS = LinkExtractor(canonicalize=False, unique=True)
_PAGE_SEGMENT = re.compile(r"/page/\d+(?=/|$)")


def listing_links(response: Response) -> list[str]:
    """Every link on an HTML page, absolute (<base href> and page encoding respected)."""
    if not isinstance(response, TextResponse):
        return []
    return [link.url for link in _LINKS.extract_links(response)]


def _listing_identity(url: str) -> tuple:
    """A listing page with its page number removed: two URLs with the same identity are
    pages of the same listing."""
    parts = urlsplit(canonicalize(url))
    path = _PAGE_SEGMENT.sub("", parts.path).rstrip("/") or "/"
    query = tuple(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                         if k.lower() != "page"))
    return parts.scheme, parts.netloc, path, query


def _has_page_number(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_PAGE_SEGMENT.search(parts.path)) or any(
        k.lower() == "page" and v.strip().isdigit() for k, v in parse_qsl(parts.query))


def pagination_links(response: Response) -> list[str]:
    """Next pages of a listing: rel=next links (<a> or <link>), and links to the same listing
    that differ only by a page=N parameter or a /page/N/ path segment."""
    if not isinstance(response, TextResponse):
        return []
    found: list[str] = []
    for href in response.css("a[rel~=next]::attr(href), link[rel~=next]::attr(href)").getall():
        found.append(response.urljoin(href.strip()))
    here = _listing_identity(response.url)
    for url in listing_links(response):
        if _has_page_number(url) and _listing_identity(url) == here:
            found.append(url)
    return list(dict.fromkeys(u for u in found if u.startswith(("http://", "https://"))))
