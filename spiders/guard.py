"""Where a crawl may go: the site's own origins, never a private address.

One contract: every request, redirects included (a redirect is a new request and comes through
here again), is refused with IgnoreRequest unless

  * its host is one of the site's hosts (those of its start URLs, sitemaps and feeds, with or
    without `www.`, plus the YAML's `allowed_hosts`) and its port is one such a URL names or the
    scheme's default; and
  * the address it reaches is public: not loopback, private, link-local (cloud metadata), shared,
    reserved or multicast, unless `crawl.allow_private_networks` (NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS).

Through a proxy (`http_proxy` / `https_proxy`, or meta["proxy"]) the proxy resolves names, so only
the host name is judged (an IP literal or `localhost`); the proxy itself may be on loopback.
A refusal is counted (newsarchive/refused_offsite, newsarchive/refused_private) and reaches the
request's errback, so an article refused is recorded in crawl_errors.jsonl with the reason.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import urlsplit
from urllib.request import getproxies

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "metadata.google.internal"}


def _strip_www(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class SiteOrigins:
    """The origins a site's requests may go to: the hosts of its start URLs, sitemaps and feeds
    (with or without `www.`, on the ports those URLs name or the scheme's default), plus its
    `allowed_hosts`. With no site, every origin is admitted."""

    def __init__(self, site=None):
        self.hosts: set[str] = set()
        self.ports: dict[str, set[int]] = {}
        if site is None:
            return
        for url in (*site.start_urls, *site.sitemaps, *site.feeds):
            parts = urlsplit(url)
            host = _strip_www((parts.hostname or "").lower())
            self.hosts.add(host)
            self.ports.setdefault(host, set()).add(parts.port or _DEFAULT_PORTS.get(parts.scheme, 0))
        for host in getattr(site, "allowed_hosts", []) or []:
            self.hosts.add(_strip_www(host.lower()))

    def admits(self, url: str) -> bool:
        if not self.hosts:
            return True
        parts = urlsplit(url)
        key = _strip_www((parts.hostname or "").lower())
        try:
            port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError:  # a port out of range or not a number
            return False
        return key in self.hosts and (port in self.ports.get(key, set()) or port == _DEFAULT_PORTS.get(parts.scheme))


class OriginGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.allow_private = crawler.settings.getbool("NEWSARCHIVE_ALLOW_PRIVATE_NETWORKS", False)
        self.origins: SiteOrigins | None = None  # set at spider open, from the spider's site
        self._resolved: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if self.origins is None:  # not a newsarchive spider (no site): no origins to keep to
            self.origins = SiteOrigins(getattr(self.crawler.spider, "site", None))
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        if not self.origins.admits(request.url):
            self._refuse(request, "offsite", f"{parts.scheme}://{parts.netloc} is not one of the site's origins")
        if not self.allow_private and not self._public(host, request):
            self._refuse(request, "private", f"{host} is a loopback, private, link-local or reserved address "
                                             "(crawl.allow_private_networks is false)")
        return None

    def _public(self, host: str, request) -> bool:
        if host in _LOCAL_NAMES or host.endswith(".localhost"):
            return False
        try:
            return is_public(host)
        except ValueError:
            pass  # a name, not an address
        if request.meta.get("proxy") or getproxies().get(urlsplit(request.url).scheme):
            return True  # the proxy resolves it (HttpProxyMiddleware, later in the chain, reads the same)
        if host not in self._resolved:
            try:
                infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
                self._resolved[host] = bool(infos) and all(is_public(i[4][0]) for i in infos)
            except (socket.gaierror, UnicodeError):
                self._resolved[host] = True  # unresolvable: the download fails with its own error
        return self._resolved[host]

    def _refuse(self, request, kind: str, why: str) -> None:
        self.crawler.stats.inc_value(f"newsarchive/refused_{kind}")
        logger.warning("Refused %s: %s", request.url, why)
        raise IgnoreRequest(f"refused: {why}")
