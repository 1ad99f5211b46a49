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
from pipeline.extract import Extracted, Extractor, decode_html, site_template
from pipeline.record import Rejection
from pipeline.topics import TopicMatcher


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _fetch(urls: list[str], out_dir: Path) -> list[dict]:
    """Fetch through Scrapy in a child process (the reactor cannot restart in this one)."""
    proc = subprocess.run([sys.executable, "-m", "spiders.fetch", str(out_dir), *urls], cwd=PROJECT_ROOT,
                          env={**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"},
                          capture_output=True, text=True)
    listing = out_dir / "fetched.jsonl"
    if proc.returncode != 0 or not listing.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return [{"url": u, "error": f"fetch failed: {tail[0]}"} for u in urls]
    return [json.loads(line) for line in listing.read_text().splitlines()]


def _result(source: str, url: str, result: Extracted | Rejection, matcher: TopicMatcher) -> dict:
    if isinstance(result, Rejection):
        row = {"source": source, "url": url, "rejected": result.reason, "detail": result.detail}
        # a rejected page still shows what was found on it, beside the reason
        row.update({k: v for k, v in (result.found or {}).items() if v is not None})
        return row
    return {"source": source, "url": result.url, "canonical_url": result.canonical_url, "title": result.title,
            "authors": result.authors, "published": result.published, "language": result.language,
            "text": result.text, "word_count": result.word_count, "content_sha256": result.content_sha256,
            "topics": matcher.match(result.title or "", result.text)}


def preview(ctx: Context, inputs: list[str], url: str | None = None, site: SiteConfig | None = None,
            explain: bool = False) -> Iterator[dict]:
    """One dict per input, in input order; all URLs fetched in one Scrapy run up front.

    With a site, pages are extracted with the site's learnt template (catalog history, plus
    what the given pages themselves share when there are several); `explain` adds `removed`:
    each block taken out before extraction and why.
    """
    matcher = TopicMatcher(ctx.topics)
    with tempfile.TemporaryDirectory(prefix="newsarchive-fetch-") as tmp:
        urls = [i for i in inputs if _is_url(i)]
        fetched = dict(zip(urls, _fetch(urls, Path(tmp)))) if urls else {}
        loaded: list[tuple[str, str | None, str | None, str | None]] = []  # source, url, html, error
        for source in inputs:
            if _is_url(source):
                got = fetched[source]
                if "error" in got:
                    loaded.append((source, None, None, got["error"]))
                elif got["status"] != 200:
                    loaded.append((source, None, None, f"HTTP {got['status']}"))
                else:
                    html = decode_html((Path(tmp) / got["body"]).read_bytes(), got["content_type"])
                    loaded.append((source, got["url"], html, None))
                continue
            path = Path(source)
            try:
                data = path.read_bytes()
                if path.suffix == ".gz":
                    data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                loaded.append((source, None, None,
                               f"cannot read: {exc.strerror if isinstance(exc, OSError) else exc}"))
                continue
            loaded.append((source, url or path.resolve().as_uri(), decode_html(data), None))
    template = site_template(ctx, site.name, [h for _, _, h, _ in loaded if h]) if site else None
    extractor = Extractor(site, ctx.settings.extract.min_words, template=template, explain=explain)
    for source, page_url, html, error in loaded:
        if error:
            yield {"source": source, "error": error}
            continue
        result = extractor.extract(html, page_url)
        row = _result(source, page_url, result, matcher)
        if not isinstance(result, Rejection):
            row["captions"] = result.extras.get("captions", [])  # kept out of `text`
            if explain:
                row["removed"] = result.extras.get("removed", [])
        yield row


def check_site(ctx: Context, site: SiteConfig, sample: int) -> dict:
    """Crawl up to `sample` article pages into a scratch catalog and extract them."""
    from pipeline.archive import iter_warc_responses
    from spiders.crawl import run_crawl

    with tempfile.TemporaryDirectory(prefix=f"check-{site.name}-") as tmp:
        env = {**ctx.env(), "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp}/scratch.sqlite"}
        stats = run_crawl(site.name, f"check-{site.name}", Path(tmp), env=env, max_pages=sample)
        pages = []
        warc = Path(tmp) / "crawl.warc.gz"
        fetched = []
        for resp in iter_warc_responses(warc) if warc.exists() else []:
            ctype = next((v for k, v in resp["headers"].items() if k.lower() == "content-type"), None)
            fetched.append((resp["url"], decode_html(resp["body"], ctype)))
        # As a run would: the site's learnt template plus what the sampled pages share.
        extractor = Extractor(site, ctx.settings.extract.min_words,
                              template=site_template(ctx, site.name, [h for _, h in fetched]))
        for page_url, html in fetched:
            pages.append(_result(page_url, page_url, extractor.extract(html, page_url), TopicMatcher({})))
    return {"fetched": stats.get("fetched", 0), "discovered": stats.get("discovered", 0), "pages": pages}
