"""Serve the bundled demo news sites (demo/sites/<name>/www) over HTTP, for tests and the demo.

Standard library only. Each site listens on its own loopback port (base_port + the site's
port_offset, so almada is http://127.0.0.1:8701 by default). Optionally one extra "proxy" port serves
every site by Host header or by absolute request URI (`GET http://www.almada.test/ HTTP/1.1`), which
is how tests exercise `http_proxy`.

Layout of a site directory::

    <sites_dir>/<name>/site.json     {"name", "port_offset", "language", "encoding", "title",
                                      optional "hostname", "flaky", "flaky_status", "query_routes",
                                      "server"}
    <sites_dir>/<name>/www/...       the static files

URL -> file mapping (see `page_path`):
  /a/b/                 -> www/a/b/index.html (or index.xml)
  /a/b  (a directory)   -> 301 to /a/b/
  /a/b  (no such file)  -> www/a/b.html when that exists ("clean URLs")
  /news.php?id=7        -> www/news.php/id=7.html when "/news.php" is in the site's query_routes
                           (only the listed parameters count, in the listed order; others such as
                           utm_* are ignored). Without any listed parameter -> www/news.php/index.html.
  any other query string is ignored (tracking parameters and the like).
`*.gold.json` files are never served.

Text responses (HTML, XML, robots.txt) have the literal `@BASE_URL@` replaced by the base URL the
client used (scheme + Host), so sitemaps and feeds carry absolute URLs whatever the port.

Failure injection: site.json `"flaky": {"/path": 2}` makes the first 2 requests for that path (per
DemoSites instance) answer `flaky_status` (default 503) with `Retry-After: 1`.
"""
from __future__ import annotations

import email.utils
import gzip
import html
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITES_DIR = REPO_ROOT / "demo" / "sites"
BASE_URL_PLACEHOLDER = "@BASE_URL@"

_TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
               "application/json", "application/javascript")
_STATIC_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


# ---- sites ------------------------------------------------------------------------------------
@dataclass
class Site:
    name: str
    root: Path
    port_offset: int | None
    language: str = "en"
    encoding: str = "utf-8"
    title: str = ""
    hostname: str | None = None
    flaky: dict = field(default_factory=dict)
    flaky_status: int = 503
    query_routes: dict = field(default_factory=dict)
    server: str = "nginx"

    @property
    def www(self) -> Path:
        return self.root / "www"

    @classmethod
    def load(cls, root: Path) -> "Site":
        meta = json.loads((root / "site.json").read_text(encoding="utf-8"))
        return cls(
            name=meta.get("name", root.name), root=root, port_offset=meta.get("port_offset"),
            language=meta.get("language", "en"), encoding=meta.get("encoding", "utf-8"),
            title=meta.get("title", ""), hostname=(meta.get("hostname") or None),
            flaky=dict(meta.get("flaky") or {}), flaky_status=int(meta.get("flaky_status", 503)),
            query_routes={k: list(v) for k, v in (meta.get("query_routes") or {}).items()},
            server=meta.get("server", "nginx"),
        )


def load_sites(sites_dir: Path | str) -> dict[str, Site]:
    sites = {}
    for child in sorted(Path(sites_dir).iterdir()):
        if child.is_dir() and (child / "site.json").is_file():
            site = Site.load(child)
            sites[site.name] = site
    return sites


def _split_target(url_path: str) -> tuple[str, str]:
    path, _, query = url_path.partition("?")
    return path.partition("#")[0] or "/", query.partition("#")[0]


def resolve(site: Site, url_path: str) -> tuple[str, Path | str | None]:
    """Map a request path (with optional query) to ("file", Path), ("redirect", location) or
    ("missing", None)."""
    path, query = _split_target(url_path)
    path = unquote(path)
    if "\x00" in path or "\\" in path:
        return "missing", None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return "missing", None
    www = site.www
    base = www.joinpath(*parts) if parts else www
    route = site.query_routes.get(path.rstrip("/") or "/")
    if route is not None:
        given = dict(parse_qsl(query, keep_blank_values=True))
        keys = [k for k in route if given.get(k)]
        if not keys:
            candidate = base / "index.html"
        else:
            values = [given[k] for k in keys]
            if any("/" in v or v in (".", "..") or "\x00" in v for v in values):
                return "missing", None
            candidate = base / ("&".join(f"{k}={v}" for k, v in zip(keys, values)) + ".html")
        return ("file", candidate) if _servable(candidate, www) else ("missing", None)
    if path.endswith("/"):
        for index in ("index.html", "index.xml"):
            if _servable(base / index, www):
                return "file", base / index
        return "missing", None
    if _servable(base, www):
        return "file", base
    if base.is_dir():
        return "redirect", path + "/" + (f"?{query}" if query else "")
    clean = base.with_name(base.name + ".html")
    if _servable(clean, www):
        return "file", clean
    return "missing", None


def _servable(fp: Path, www: Path) -> bool:
    if not fp.is_file() or fp.name.endswith(".gold.json"):
        return False
    try:
        fp.resolve().relative_to(www.resolve())
    except ValueError:
        return False
    return True


def page_path(sites_dir: Path | str, site: str, url_path: str) -> Path:
    """The HTML file a demo URL path is served from (raises FileNotFoundError)."""
    s = Site.load(Path(sites_dir) / site)
    kind, target = resolve(s, url_path)
    if kind == "redirect":
        kind, target = resolve(s, str(target))
    if kind != "file":
        raise FileNotFoundError(f"{site}: no page for {url_path}")
    return Path(target)


def gold_path(sites_dir: Path | str, site: str, url_path: str) -> Path:
    """The gold file stored beside a demo page: same stem + `.gold.json`."""
    page = page_path(sites_dir, site, url_path)
    return page.with_name(page.name.rsplit(".", 1)[0] + ".gold.json")


def content_type(site: Site, fp: Path, head: bytes) -> str:
    ext = fp.suffix.lower()
    if ext in (".html", ".htm"):
        return f"text/html; charset={site.encoding}"
    if ext == ".xml":
        sniff = head[:600].lower()
        if b"<rss" in sniff:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in sniff:
            return "application/atom+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    return _STATIC_TYPES.get(ext, "application/octet-stream")


# ---- HTTP -------------------------------------------------------------------------------------
class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, demo: "DemoSites", site: Site | None):
        self.demo = demo
        self.site = site
        super().__init__(addr, _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 15
    server: _Server

    def version_string(self) -> str:
        site = getattr(self, "_site", None) or self.server.site
        return site.server if site else "demo-proxy"

    def log_message(self, fmt, *args):  # noqa: N802 - stdlib name
        if self.server.demo.verbose:
            sys.stderr.write(f"[demo {getattr(self, '_site_name', '-')}] {self.address_string()} {fmt % args}\n")

    def do_GET(self):  # noqa: N802
        self._handle(head=False)

    def do_HEAD(self):  # noqa: N802
        self._handle(head=True)

    # ------------------------------------------------------------------
    def _handle(self, head: bool) -> None:
        demo = self.server.demo
        target = self.path
        if target.lower().startswith(("http://", "https://")):
            parts = urlsplit(target)
            netloc = parts.netloc
            url_path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        else:
            netloc = self.headers.get("Host", "")
            url_path = target if target.startswith("/") else "/" + target
        site = demo._site_for(netloc, self.server.site)
        if site is None:
            self._site_name = "-"
            self._simple(502, "Bad Gateway", f"unknown host {netloc!r}", head)
            return
        self._site = site
        self._site_name = site.name
        demo._record(site.name, url_path)

        path, query = _split_target(url_path)
        flaky_key = url_path if url_path in site.flaky else path if path in site.flaky else None
        if flaky_key is not None and demo._flaky_hit(site.name, flaky_key, int(site.flaky[flaky_key])):
            reason = "Too Many Requests" if site.flaky_status == 429 else "Service Unavailable"
            self._simple(site.flaky_status, reason, "temporarily unavailable, retry later", head,
                         extra={"Retry-After": "1"})
            return

        kind, target_file = resolve(site, url_path)
        if kind == "redirect":
            self._simple(301, "Moved Permanently", f"moved to {target_file}", head,
                         extra={"Location": str(target_file)})
            return
        if kind != "file":
            self._simple(404, "Not Found", f"no page at {path}", head)
            return
        self._send_file(site, Path(target_file), netloc, head)

    def _send_file(self, site: Site, fp: Path, netloc: str, head: bool) -> None:
        data = fp.read_bytes()
        ctype = content_type(site, fp, data)
        if ctype.startswith(_TEXT_TYPES):
            base = f"http://{netloc}" if netloc else self.server.demo.base_url(site.name)
            data = data.replace(BASE_URL_PLACEHOLDER.encode(), base.encode())
        mtime = int(fp.stat().st_mtime)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                since = None
            if since is not None and mtime <= since:
                self.send_response(304)
                self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        headers = {"Content-Type": ctype, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if ctype.startswith(_TEXT_TYPES):
            headers["Vary"] = "Accept-Encoding"
            if _accepts_gzip(self.headers.get("Accept-Encoding", "")):
                data = gzip.compress(data, mtime=0)
                headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _simple(self, status: int, reason: str, message: str, head: bool, extra: dict | None = None) -> None:
        body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{status} {reason}</title></head>"
                f"<body><h1>{status} {reason}</h1><p>{html.escape(message)}</p></body></html>\n").encode()
        self.send_response(status, reason)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _accepts_gzip(value: str) -> bool:
    for token in value.split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return True
            return True
    return False


# ---- public API -------------------------------------------------------------------------------
class DemoSites:
    """The demo sites on loopback ports.

    >>> with DemoSites(base_port=8700).start() as sites:
    ...     sites.base_url("almada")          # 'http://127.0.0.1:8701'
    """

    def __init__(self, sites_dir: Path | str | None = None, host: str = "127.0.0.1", base_port: int = 8700,
                 *, extra_sites_dirs: Iterable[Path | str] = (), proxy_port: int | None = None,
                 sites: Iterable[str] | None = None, verbose: bool = False):
        self.sites_dir = Path(sites_dir) if sites_dir else DEFAULT_SITES_DIR
        self.host = host
        self.base_port = int(base_port)
        self.proxy_port = proxy_port
        self.verbose = verbose
        self.sites: dict[str, Site] = {}
        for d in [self.sites_dir, *map(Path, extra_sites_dirs)]:
            for name, site in load_sites(d).items():
                if name in self.sites:
                    raise ValueError(f"demo site {name!r} is defined twice ({self.sites[name].root}, {site.root})")
                self.sites[name] = site
        if sites is not None:
            wanted = list(sites)
            unknown = [n for n in wanted if n not in self.sites]
            if unknown:
                raise ValueError(f"unknown demo site(s): {', '.join(unknown)}")
            self.sites = {n: self.sites[n] for n in wanted}
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._log: dict[str, list[str]] = {name: [] for name in self.sites}
        self._flaky: dict[tuple[str, str], int] = {}
        self._started = False

    # -- info --
    def site_names(self) -> list[str]:
        """Sites with their own port, in port order."""
        ported = [s for s in self.sites.values() if s.port_offset is not None]
        return [s.name for s in sorted(ported, key=lambda s: (s.port_offset, s.name))]

    def port(self, site: str) -> int:
        s = self.sites[site]
        if s.port_offset is None:
            raise KeyError(f"demo site {site!r} has no port (reachable through the proxy port only)")
        return self.base_port + int(s.port_offset)

    def base_url(self, site: str) -> str:
        s = self.sites[site]
        if s.port_offset is None:
            return f"http://{s.hostname}"
        return f"http://{self.host}:{self.port(site)}"

    @property
    def proxy_url(self) -> str | None:
        return f"http://{self.host}:{self.proxy_port}" if self.proxy_port is not None else None

    def requests_log(self, site: str) -> list[str]:
        """Paths (with query) requested from a site so far, in order, including failed ones."""
        with self._lock:
            return list(self._log[site])

    def clear_logs(self) -> None:
        with self._lock:
            for entries in self._log.values():
                entries.clear()

    def reset_flaky(self) -> None:
        with self._lock:
            self._flaky.clear()

    # -- lifecycle --
    def start(self) -> "DemoSites":
        if self._started:
            return self
        try:
            for name in self.site_names():
                self._listen(name, self.port(name), self.sites[name])
            if self.proxy_port is not None:
                self._listen("proxy", int(self.proxy_port), None)
        except BaseException:
            self.stop()
            raise
        self._started = True
        return self

    def _listen(self, label: str, port: int, site: Site | None) -> None:
        try:
            srv = _Server((self.host, port), self, site)
        except OSError as exc:
            what = f"site {label}" if site is not None else "the demo proxy"
            raise RuntimeError(f"port {port} for {what} is in use or unavailable on {self.host} ({exc}); "
                               f"stop whatever listens there or pick another base port") from exc
        thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                                  name=f"demo-site-{label}", daemon=True)
        self._servers[label] = srv
        self._threads.append(thread)
        thread.start()

    def stop(self) -> None:
        servers, self._servers = self._servers, {}
        for srv in servers.values():
            srv.shutdown()
            srv.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self._started = False

    def serve_forever(self, stop_after: float | None = None) -> None:
        """Block until Ctrl-C or until `stop_after` seconds have passed, then stop."""
        self.start()
        deadline = None if stop_after is None else time.monotonic() + float(stop_after)
        try:
            while True:
                if deadline is None:
                    time.sleep(0.5)
                    continue
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                time.sleep(min(0.2, remaining))
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "DemoSites":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- internals used by the handler --
    def _site_for(self, netloc: str, default: Site | None) -> Site | None:
        host, _, port = netloc.strip().lower().rpartition(":") if ":" in netloc else (netloc.strip().lower(), "", "")
        host = host.strip("[]")
        if host:
            for s in self.sites.values():
                if s.hostname and s.hostname.lower() == host:
                    return s
            if port.isdigit() and host in ("127.0.0.1", "localhost", self.host):
                for name in self.site_names():
                    if self.port(name) == int(port):
                        return self.sites[name]
        return default

    def _record(self, site: str, url_path: str) -> None:
        with self._lock:
            self._log[site].append(url_path)

    def _flaky_hit(self, site: str, key: str, limit: int) -> bool:
        with self._lock:
            n = self._flaky.get((site, key), 0)
            if n < limit:
                self._flaky[(site, key)] = n + 1
                return True
            return False
