"""What the pipeline would keep from given pages (`extract`) or from a site's first pages (`sites check`)."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from pipeline.config import SiteConfig
from pipeline.context import PROJECT_ROOT, Context
from pipeline.extract.content import not_html
from pipeline.store.archive import CRAWL_WARC
from pipeline.extract.extractor import decode_html, extractor_for
from pipeline.record import Record, Rejection
from pipeline.extract.topics import TopicMatcher


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _fetch(ctx: Context, urls: list[str], out_dir: Path) -> list[dict]:
    """Fetch through Scrapy in a child process (the reactor cannot restart in this one), with the
    context's crawl settings (guard, limits, politeness)."""
    proc = subprocess.run([sys.executable, "-m", "spiders.fetch", str(out_dir), *urls], cwd=PROJECT_ROOT,
                          env={**os.environ, **ctx.env(), "SCRAPY_SETTINGS_MODULE": "spiders.settings"},
                          capture_output=True, text=True)
    listing = out_dir / "fetched.jsonl"
    if proc.returncode != 0 or not listing.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return [{"url": u, "error": f"fetch failed: {tail[0]}"} for u in urls]
    return [json.loads(line) for line in listing.read_text().splitlines()]


def _result(source: str, url: str, result: Record | Rejection, matcher: TopicMatcher) -> dict:
    if isinstance(result, Rejection):
        row = {"source": source, "url": url, "rejected": result.reason, "detail": result.detail}
        # a rejected page still shows what was found on it, beside the reason
        row.update({k: v for k, v in (result.found or {}).items() if v is not None})
        return row
    return {"source": source, "url": result.url, "canonical_url": result.canonical_url, "title": result.title,
            "authors": result.authors, "published": result.published, "language": result.language,
            "text": result.text, "word_count": result.word_count, "content_sha256": result.content_sha256,
            "topics": matcher.match(result.title or "", result.text)}


def _links(html: str, base: str) -> list[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html, base_url=base)
    except (lxml.etree.ParserError, ValueError):
        return []
    tree.make_links_absolute(base, handle_failures="discard")
    return [a.get("href") for a in tree.iter("a") if a.get("href", "").startswith(("http://", "https://"))]


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes (a .gz decompressed), refusing more than `limit` bytes: a small .gz may
    unpack to gigabytes (crawl.max_response_bytes, the same bound as a crawl's)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than crawl.max_response_bytes ({limit} bytes){' once decompressed' if path.suffix == '.gz' else ''}")
    return data


def sibling_pages(ctx: Context, site: SiteConfig, urls: list[str], budget: int) -> tuple[list[str], list[str]]:
    """HTML of up to `budget` pages of the site that are not `urls`: (articles linked from its
    home page (or first listing page), [that listing page]). Fetched with Scrapy like any page
    (robots.txt, retries, User-Agent), only to learn the site's template."""
    from urllib.parse import urlsplit

    if budget <= 0 or not urls:
        return [], []
    first = urlsplit(urls[0])
    home = site.start_urls[0] if site.start_urls else f"{first.scheme}://{first.netloc}/"
    wanted = {u.split("#")[0] for u in urls}
    pages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsarchive-siblings-") as tmp:
        got = _fetch(ctx, [home], Path(tmp))[0]
        if got.get("status") != 200:
            return [], []
        html = decode_html((Path(tmp) / got["body"]).read_bytes(), got["content_type"])
        host = urlsplit(got["url"]).netloc
        links = [u for u in dict.fromkeys(link.split("#")[0] for link in _links(html, got["url"]))
                 if urlsplit(u).netloc == host and u not in wanted and site.is_article_url(u)][:budget - 1]
    if links:
        with tempfile.TemporaryDirectory(prefix="newsarchive-siblings-") as tmp:
            for fetched in _fetch(ctx, links, Path(tmp)):
                if fetched.get("status") == 200:
                    pages.append(decode_html((Path(tmp) / fetched["body"]).read_bytes(), fetched["content_type"]))
    return pages, [html]


def _history_pages(ctx: Context, site: str) -> int:
    from pipeline.store.catalog import Catalog

    with Catalog(ctx.catalog) as catalog:
        return catalog.template_history_pages(site)


def preview(ctx: Context, inputs: list[str], url: str | None = None, site: SiteConfig | None = None,
            explain: bool = False, offline: bool = False) -> Iterator[dict]:
    """One dict per input, in input order; all URLs fetched in one Scrapy run up front.

    With a site, pages are extracted with the site's learnt template (catalog history, plus
    what the given pages themselves share when there are several); `explain` adds `removed`:
    each block taken out before extraction and why.
    """
    matcher = TopicMatcher(ctx.topics)
    loaded = _load_inputs(ctx, inputs, url)
    siblings, listings = _template_siblings(ctx, site, loaded, url) if site and not offline else ([], [])
    extractor = extractor_for(site, [h for _, _, h, _ in loaded if h] + siblings if site else [], listings,
                              catalog=ctx.catalog if site else None, min_words=ctx.settings.extract.min_words,
                              max_chars=ctx.settings.extract.max_page_chars, explain=explain)
    for source, page_url, html, error in loaded:
        if error:
            yield {"source": source, "error": error}
            continue
        yield _preview_row(source, page_url, extractor.extract(html, page_url), matcher, explain)


# An input as loaded: (source, url, html, error); html None when error says why not.
_Loaded = tuple[str, str | None, str | None, str | None]


def _load_inputs(ctx: Context, inputs: list[str], url: str | None) -> list[_Loaded]:
    """Every input's HTML or the reason there is none, in input order: the URLs fetched in one
    Scrapy run (the reactor cannot restart), files read here; `url` names a file input's URL."""
    with tempfile.TemporaryDirectory(prefix="newsarchive-fetch-") as tmp:
        urls = [i for i in inputs if _is_url(i)]
        fetched = dict(zip(urls, _fetch(ctx, urls, Path(tmp)))) if urls else {}
        return [_loaded_url(source, fetched[source], Path(tmp)) if _is_url(source) else _loaded_file(ctx, source, url)
                for source in inputs]


def _loaded_url(source: str, got: dict, tmp: Path) -> _Loaded:
    """A fetched URL: its final URL and decoded HTML, or why it has none (fetch error, status, not HTML)."""
    if "error" in got:
        return (source, None, None, got["error"])
    if got["status"] != 200:
        return (source, None, None, f"HTTP {got['status']}")
    body = (tmp / got["body"]).read_bytes()
    if why := not_html(body, got["content_type"]):
        return (source, None, None, f"not an HTML page: {why}")
    return (source, got["url"], decode_html(body, got["content_type"]), None)


def _loaded_file(ctx: Context, source: str, url: str | None) -> _Loaded:
    """A file input (bounded like a crawl's response): its HTML with `url` or its file: URI, or why not."""
    path = Path(source)
    limit = ctx.settings.crawl.max_response_bytes
    try:
        data = _read_bounded(path, limit)
    except (OSError, EOFError, ValueError) as exc:
        return (source, None, None,
                f"cannot read: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}")
    if why := not_html(data, None):
        return (source, None, None, f"not an HTML page: {why}")
    return (source, url or path.resolve().as_uri(), decode_html(data), None)


def _template_siblings(ctx: Context, site: SiteConfig, loaded: list[_Loaded],
                       url: str | None) -> tuple[list[str], list[str]]:
    """(sibling articles, listing pages) to learn the site's template from beside the inputs;
    none when the catalog already holds crawl.template_history_pages pages of its history."""
    # A site with a short template history: learn it from a few of its other pages too, as a
    # crawl does (the home page and articles it links to). --offline skips the fetches.
    crawl = ctx.settings.crawl
    history = _history_pages(ctx, site.name)
    if history >= crawl.template_history_pages:
        return [], []
    page_urls = [u for _, u, h, _ in loaded if h and u and _is_url(u)] or ([url] if url and _is_url(url) else [])
    return sibling_pages(ctx, site, page_urls, min(crawl.sibling_pages, crawl.template_history_pages - history))


def _preview_row(source: str, page_url: str, result: Record | Rejection, matcher: TopicMatcher,
                 explain: bool) -> dict:
    """A preview's row: the record's fields (`_result`) plus what the archive keeps aside
    (captions, how the date was found) and, with `explain`, every removal and why."""
    row = _result(source, page_url, result, matcher)
    if not isinstance(result, Rejection):
        row["captions"] = result.extras.get("captions", [])  # kept out of `text`
        row["date_source"] = result.extras.get("date_source")
        if result.extras.get("date_conflict"):
            row["date_conflict"] = result.extras["date_conflict"]
        if explain:
            row["removed"] = result.extras.get("removed", [])
    return row


def check_site(ctx: Context, site: SiteConfig, sample: int) -> dict:
    """Crawl up to `sample` article pages into a scratch catalog and extract them."""
    from pipeline.store.archive import iter_warc_responses
    from pipeline.stages.crawl_process import run_crawl

    with tempfile.TemporaryDirectory(prefix=f"check-{site.name}-") as tmp:
        env = {**ctx.env(), "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp}/scratch.sqlite"}
        stats = run_crawl(site.name, f"check-{site.name}", Path(tmp), env=env, max_pages=sample)
        pages = []
        warc = Path(tmp) / CRAWL_WARC
        fetched, siblings, listings = [], [], []
        for resp in iter_warc_responses(warc) if warc.exists() else []:
            page = (resp["url"], decode_html(resp["body"], resp["content_type"]))
            {"article": fetched, "sibling": siblings}.get(resp["role"], listings).append(page)
        # As a run would: the site's learnt template plus what the sampled (and sibling) pages share.
        extractor = extractor_for(site, [h for _, h in fetched + siblings], [h for _, h in listings],
                                  catalog=ctx.catalog, min_words=ctx.settings.extract.min_words,
                                  max_chars=ctx.settings.extract.max_page_chars)
        for page_url, html in fetched:
            pages.append(_result(page_url, page_url, extractor.extract(html, page_url), TopicMatcher({})))
    return {"fetched": stats.get("fetched", 0), "discovered": stats.get("discovered", 0), "pages": pages}
