"""Scrapy project settings (scrapy.cfg: default = spiders.settings).

Only what is the same for every crawl lives here. The tunable crawl values (user agent,
concurrency, timeout, AutoThrottle, retries, backoff) come from config/settings.yaml and are
applied by NewsSpider.update_settings, so `scrapy crawl news` and spiders.crawl.run_crawl
honour the same file. The defaults below mirror pipeline.config.CrawlSettings for the rare
spider run without that hook.
"""
from pipeline.config import CrawlSettings

_DEFAULTS = CrawlSettings()

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# An archive crawler identifies itself and respects the site's wishes.
USER_AGENT = _DEFAULTS.user_agent
ROBOTSTXT_OBEY = True

# Politeness adapts to the server's latency instead of a fixed delay.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = _DEFAULTS.autothrottle_start_delay
AUTOTHROTTLE_MAX_DELAY = _DEFAULTS.autothrottle_max_delay
AUTOTHROTTLE_TARGET_CONCURRENCY = _DEFAULTS.autothrottle_target_concurrency
CONCURRENT_REQUESTS_PER_DOMAIN = _DEFAULTS.concurrent_requests_per_domain
DOWNLOAD_TIMEOUT = _DEFAULTS.download_timeout

# Our retry middleware takes the stock one's place (same order slot) and adds backoff.
RETRY_ENABLED = True
RETRY_TIMES = _DEFAULTS.retry_times
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NEWSARCHIVE_BACKOFF_BASE = _DEFAULTS.backoff_base
NEWSARCHIVE_BACKOFF_MAX = _DEFAULTS.backoff_max
DOWNLOADER_MIDDLEWARES = {
    # before robots.txt (100): a foreign or private host is not even asked for its robots.txt
    "spiders.guard.OriginGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
}

ITEM_PIPELINES = {
    "spiders.warc.WarcWriterPipeline": 300,
}

# Backoff sleeps are asyncio coroutines; Scrapy's default reactor, pinned so nobody swaps it.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Every crawl must hit the network: the WARC is the record of what the site served.
HTTPCACHE_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# A news page over 64 MB is not a news page.
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024


def from_crawl_settings(crawl: CrawlSettings) -> dict:
    """config/settings.yaml `crawl:` as Scrapy settings: every crawling process applies them
    (NewsSpider.update_settings, spiders/fetch.py for previews)."""
    return {
        "USER_AGENT": crawl.user_agent,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "AUTOTHROTTLE_START_DELAY": crawl.autothrottle_start_delay,
        "AUTOTHROTTLE_MAX_DELAY": crawl.autothrottle_max_delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        "RETRY_TIMES": crawl.retry_times,
        "NEWSARCHIVE_BACKOFF_BASE": crawl.backoff_base,
        "NEWSARCHIVE_BACKOFF_MAX": crawl.backoff_max,
        "NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS": crawl.allow_private_networks,
        "CLOSESPIDER_TIMEOUT": crawl.max_crawl_seconds,
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes,
        "DOWNLOAD_WARNSIZE": min(crawl.max_response_bytes, 32 * 1024 * 1024),
    }
