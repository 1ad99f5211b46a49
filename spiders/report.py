"""<out_dir>/crawl_stats.json: what one crawl did, in numbers, for the run report and alerts.

Written at spider close whatever happened, an empty crawl included (all zeros is a signal:
"the site suddenly yields nothing"). Keys:

  site, run_id, finish_reason            text
  discovered                 distinct article URL keys found (after the since/until filter)
                             = scheduled + skipped_archived + skipped_max_pages
  scheduled                  article requests made (at most max_pages)
  skipped_archived           already in the catalog
  skipped_duplicate_in_run   repeat sightings of a key this run had already met
  skipped_max_pages          found after the max_pages cap was reached
  skipped_out_of_range       dated sitemap/feed entries outside since/until
  fetched                    article responses written to the WARC
  errors                     lines written to crawl_errors.jsonl
  robots_forbidden           requests refused by robots.txt (Scrapy's robotstxt/forbidden)
  retries                    retry attempts (Scrapy's retry/count)
  bytes                      article bytes archived (decoded bodies)
  downloaded_bytes           all bytes received, discovery included
  discovery_errors           sitemaps/feeds/listings that failed or were not what they claimed
  refused_offsite            requests (redirects included) for hosts outside the site's origins
  refused_private            requests for loopback/private/link-local addresses (spiders/guard.py)
  limits_hit                 {limit name: times}: crawl.max_sitemap_files, max_sitemap_depth,
                             max_robots_sitemaps; closespider_timeout when max_crawl_seconds ran out
  sibling_scheduled          pages requested only to learn a young site's template (crawl.sibling_pages)
  sibling_pages              listing and sibling pages written to the WARC for template learning
                             (never articles: reported apart from fetched/bytes)
  sibling_bytes              their bytes
  related_scheduled          of `scheduled`, links found in archived articles (the site's follow_related)
  related_by_depth           {depth: related pages scheduled at it}: 1 = linked from a discovered article
  related_skipped_archived   of `skipped_archived` (likewise _duplicate_in_run, _max_pages): related links
  related_skipped_duplicate_in_run
  related_skipped_max_pages
  related_skipped_offsite    article links in articles to hosts outside the site's origins: not followed
  elapsed_s                  wall time of the crawl
  sources                    {sitemap, feed, listing}: distinct article keys each source
                             listed (a key found by two sources counts for both)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.store.archive import CRAWL_STATS

STATS_NAME = CRAWL_STATS


RELATED_COUNTS = ("scheduled", "skipped_archived", "skipped_duplicate_in_run", "skipped_max_pages",
                  "skipped_offsite")


def _prefixed(stats, prefix: str) -> dict[str, int]:
    """{rest of the name: value} of the stats whose names start with prefix."""
    return {k[len(prefix):]: int(v) for k, v in stats.get_stats().items() if k.startswith(prefix)}


def write_crawl_stats(spider, reason: str, *, elapsed_s: float, sources: dict[str, int]) -> dict:
    stats = spider.crawler.stats

    def ours(name: str) -> int:
        return int(stats.get_value(f"newsarchive/{name}", 0))

    report = {
        "site": spider.site.name,
        "run_id": spider.run_id,
        "finish_reason": reason,  # closespider_timeout: crawl.max_crawl_seconds ran out
        "discovered": ours("discovered"),
        "scheduled": ours("scheduled"),
        "skipped_archived": ours("skipped_archived"),
        "skipped_duplicate_in_run": ours("skipped_duplicate_in_run"),
        "skipped_max_pages": ours("skipped_max_pages"),
        "skipped_out_of_range": ours("skipped_out_of_range"),
        "fetched": ours("fetched"),
        "errors": ours("errors"),
        "robots_forbidden": int(stats.get_value("robotstxt/forbidden", 0)),
        "retries": int(stats.get_value("retry/count", 0)),
        "bytes": ours("archived_bytes"),
        "downloaded_bytes": int(stats.get_value("downloader/response_bytes", 0)),
        "discovery_errors": ours("discovery_errors"),
        "refused_offsite": ours("refused_offsite"),
        "refused_private": ours("refused_private"),
        "limits_hit": _prefixed(stats, "newsarchive/limit/"),
        "sibling_scheduled": ours("sibling_scheduled"),
        "sibling_pages": ours("sibling_pages"),
        "sibling_bytes": ours("sibling_bytes"),
        **{f"related_{name}": ours(f"related_{name}") for name in RELATED_COUNTS},
        "related_by_depth": _prefixed(stats, "newsarchive/related_depth/"),
        "elapsed_s": round(elapsed_s, 3),
        "sources": {name: int(count) for name, count in sources.items()},
    }
    if reason == "closespider_timeout":
        report["limits_hit"]["max_crawl_seconds"] = 1
    out_dir = Path(spider.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Write-then-rename: a reader never sees half a stats file.
    tmp = out_dir / f".{STATS_NAME}.tmp"
    tmp.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out_dir / STATS_NAME)
    return report
