"""URL canonicalisation: one key per article, whatever tracking junk a link carries."""
from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that never change what page is served.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ocid", "cmpid", "at_medium", "at_campaign")


def canonicalize(url: str) -> str:
    """Lower-case host, default port and fragment dropped, query sorted, tracking params removed."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING)])
    rebuilt = urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def doc_id_for(url: str) -> str:
    """Stable id of an article: the same URL gives the same id in every run, so reruns replace."""
    return hashlib.sha256(canonicalize(url).encode()).hexdigest()[:20]


def safe_url(url: str) -> str:
    """A URL fit for a log line: the password hidden."""
    if "://" not in url or "@" not in url:
        return url
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not an SQLAlchemy URL: hide everything before '@'
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"


def host_labels(url: str) -> list[str]:
    """The names in a URL's host, without "www" and the top-level domain: "my6sense" of
    https://www.my6sense.com/... (what a site calls itself, as its names do)."""
    labels = (urlsplit(url).hostname or "").split(".")[:-1]
    return [label for label in labels if label and label != "www"]
