"""Retry with backoff: Scrapy's RetryMiddleware decides *whether* to retry; we add *when*.

A server answering 429/503 is asking us to slow down; retrying at once (the stock behaviour)
only hammers it and burns the retry budget in milliseconds. So before handing the retry
request back we wait `backoff_base * 2**n` seconds (n = retries already made), or what the
server's Retry-After header says, never more than `backoff_max`.

The wait is an awaited asyncio sleep inside an `async def` middleware method (supported since
Scrapy 2.13 under the asyncio reactor): it suspends only this request's middleware chain, the
downloader slot is already free and other downloads go on.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep

from spiders.items import status_text

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_delay(retries_done: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """The wait before the next attempt: the server's Retry-After if it gave one, else exponential."""
    wait = retry_after if retry_after is not None else base * (2 ** retries_done)
    return min(wait, cap)


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware plus exponential backoff and Retry-After (settings NEWSARCHIVE_BACKOFF_*)."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSARCHIVE_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("NEWSARCHIVE_BACKOFF_MAX", 60.0)

    async def process_response(self, request, response):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            retry_after = parse_retry_after(response.headers.get(b"Retry-After"))
            await self._backoff(request, status_text(response.status), retry_after)
        return result

    async def process_exception(self, request, exception):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._backoff(request, f"{type(exception).__name__}: {exception}", None)
        return result

    async def _backoff(self, request: Request, reason: str, retry_after: float | None) -> None:
        done = request.meta.get("retry_times", 0)
        wait = backoff_delay(done, self.backoff_base, self.backoff_max, retry_after)
        max_times = request.meta.get("max_retry_times", self.max_retry_times)
        source = "Retry-After" if retry_after is not None else "backoff"
        logger.info("Retry %d/%d of %s in %.2fs (%s, %s)", done + 1, max_times, request.url, wait,
                    reason, source)
        stats = self.crawler.stats
        stats.inc_value("newsarchive/backoff_count")
        stats.inc_value("newsarchive/backoff_seconds", wait)
        if wait > 0:
            await sleep(wait)
