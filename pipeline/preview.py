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
from pipeline.extract import Extracted, Extractor, decode_html
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
        return {"source": source, "url": url, "rejected": result.reason, "detail": result.detail}
    return {"source": source, "url": result.url, "canonical_url": result.canonical_url, "title": result.title,
            "authors": result.authors, "published": result.published, "language": result.language,
            "text": result.text, "word_count": result.word_count, "content_sha256": result.content_sha256,
            "topics": matcher.match(result.title or "", result.text)}


def preview(ctx: Context, inputs: list[str], url: str | None = None, site: SiteConfig | None = None) -> Iterator[dict]:
    """One dict per input, in input order; all URLs fetched in one Scrapy run up front."""
    extractor = Extractor(site, ctx.settings.extract.min_words)
    matcher = TopicMatcher(ctx.topics)
    with tempfile.TemporaryDirectory(prefix="newsarchive-fetch-") as tmp:
        urls = [i for i in inputs if _is_url(i)]
        fetched = dict(zip(urls, _fetch(urls, Path(tmp)))) if urls else {}
        for source in inputs:
            if _is_url(source):
                got = fetched[source]
                if "error" in got:
                    yield {"source": source, "error": got["error"]}
                    continue
                if got["status"] != 200:
                    yield {"source": source, "error": f"HTTP {got['status']}"}
                    continue
                html = decode_html((Path(tmp) / got["body"]).read_bytes(), got["content_type"])
                yield _result(source, got["url"], extractor.extract(html, got["url"]), matcher)
                continue
            path = Path(source)
            try:
                data = path.read_bytes()
                if path.suffix == ".gz":
                    data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                yield {"source": source, "error": f"cannot read: {exc.strerror if isinstance(exc, OSError) else exc}"}
                continue
            page_url = url or path.resolve().as_uri()
            yield _result(source, page_url, extractor.extract(decode_html(data), page_url), matcher)


def check_site(ctx: Context, site: SiteConfig, sample: int) -> dict:
    """Crawl up to `sample` article pages into a scratch catalog and extract them."""
    from pipeline.archive import iter_warc_responses
    from spiders.crawl import run_crawl

    extractor = Extractor(site, ctx.settings.extract.min_words)
    with tempfile.TemporaryDirectory(prefix=f"check-{site.name}-") as tmp:
        env = {**ctx.env(), "NEWSARCHIVE_CATALOG": f"sqlite:///{tmp}/scratch.sqlite"}
        stats = run_crawl(site.name, f"check-{site.name}", Path(tmp), env=env, max_pages=sample)
        pages = []
        warc = Path(tmp) / "crawl.warc.gz"
        for resp in iter_warc_responses(warc) if warc.exists() else []:
            ctype = next((v for k, v in resp["headers"].items() if k.lower() == "content-type"), None)
            result = extractor.extract(decode_html(resp["body"], ctype), resp["url"])
            pages.append(_result(resp["url"], resp["url"], result, TopicMatcher({})))
    return {"fetched": stats.get("fetched", 0), "discovered": stats.get("discovered", 0), "pages": pages}
