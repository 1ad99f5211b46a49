"""The publication date of one page: candidates from every source, reconciled, the winner named.

One contract: `publication_date(candidates, anchors)` -> `DateChoice(value, source, conflict)`.
`page_candidates(tree, ...)` gathers what the page itself says; the caller adds the anchors that
come from outside the page's markup: the date in its URL and the date of the sitemap or feed
entry that led to it.

Why anchors: a page shows many dates (teaser cards, "most read" rails, a "last updated" line), and
the first one in the source is often another article's. The URL and the discovery entry belong to
this article alone. So a candidate that agrees with an anchor (same day, +-1 day for time zones)
wins over one that does not, and a winner that disagrees with an anchor by more than a day is
flagged (`conflict`): the run report lists it and dedup looks for copies around the anchor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

# Strongest first. `time_near_title` is a <time> right under the headline; `visible` a date in
# words under it (or over it, in its own header); `labelled` a date after a publication label elsewhere; `time_article` any
# <time> inside <article>/<main> (may be a related card's); `htmldate` trafilatura's guess.
SOURCES = ("jsonld", "meta", "selector", "time_near_title", "visible", "labelled", "url", "discovery",
           "time_article", "htmldate")
STRONG = {"jsonld", "meta", "selector"}
AGREE_DAYS = 1

_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/\-_.]|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/\-_.]|$)"),
)


@dataclass
class DateChoice:
    value: str | None          # ISO 8601, as precise as its source
    source: str | None         # which of SOURCES won
    conflict: str | None = None  # "meta 2015-09-27 vs url 2019-03-14" when they disagree > 1 day
    anchor: str | None = None  # the anchor day (url or discovery), for dedup when in conflict


def url_date(url: str) -> str | None:
    """'/2024/05/12/slug', '/2024-05-12-slug', '/20240512/' -> '2024-05-12'."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.I).split("?")[0]
    for pattern in _URL_DATE:
        if m := pattern.search(path):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _agrees(a: str, b: str) -> bool:
    """Two dates that may be one moment: a day apart at most (a UTC day against a local one);
    where both give a time, as far apart as a time zone can put them (a UTC time against a local
    clock without zone: up to 14 hours), or, both with a zone, the same moment within the hour
    (a JSON-LD datePublished that is a day and a half off the meta tag's is another event: the
    CMS item's creation, a preview's date)."""
    da, db = _day(a), _day(b)
    if da is None or db is None or abs(da - db) > timedelta(days=AGREE_DAYS):
        return False
    ma, mb = (_moment(v) if "T" in v else None for v in (a, b))
    if ma is None or mb is None:
        return True
    if (ma.tzinfo is None) != (mb.tzinfo is None):
        ma, mb = (m.astimezone(timezone.utc).replace(tzinfo=None) if m.tzinfo else m for m in (ma, mb))
        return abs(ma - mb) <= MAX_OFFSET
    return abs(ma - mb) <= (SAME_MOMENT if ma.tzinfo else MAX_OFFSET)


def publication_date(candidates: dict[str, str | None], anchors: dict[str, str | None]) -> DateChoice:
    """Reconcile: the strongest candidate that agrees with an anchor; else the strongest page
    source, flagged when an anchor disagrees; else the anchors themselves. With no anchor, the
    strongest candidate that most of the page's other sources agree with."""
    cands = [(s, candidates[s]) for s in SOURCES if candidates.get(s) and _day(candidates[s])]
    anchor_items = [(s, v) for s, v in anchors.items() if v and _day(v)]
    if not anchor_items:
        return _most_supported(cands)
    agreeing = [(s, v) for s, v in cands if any(_agrees(v, a) for _, a in anchor_items)]
    if agreeing:
        return _precise(_on_url_day(agreeing, anchors.get("url")), cands)
    anchor_source, anchor_value = anchor_items[0]
    strong = [(s, v) for s, v in cands if s in STRONG]
    if strong:
        source, value = strong[0]
        return DateChoice(value, source, f"{source} {value[:10]} vs {anchor_source} {anchor_value[:10]}",
                          anchor_value[:10])
    # Only weak page dates (a <time> that may be a teaser's, a visible line): the anchor is this
    # article's own; the page's date is noted as the conflict.
    conflict = f"{cands[0][0]} {cands[0][1][:10]} vs {anchor_source} {anchor_value[:10]}" if cands else None
    return DateChoice(anchor_value, anchor_source, conflict, anchor_value[:10] if conflict else None)


def _most_supported(cands: list[tuple[str, str]]) -> DateChoice:
    """With nothing outside the page to check against: the strongest candidate, unless the page's
    strong sources (JSON-LD, meta, the site's selector) disagree with each other; then the strong
    one that most of the page's other candidates agree with (a JSON-LD date left from another
    article, against the meta tag and the date shown under the headline), flagged. A lone strong
    source is not outvoted: the weak ones may all be one "Updated" <time> read three ways."""
    if not cands:
        return DateChoice(None, None)
    strong = [i for i, (s, _) in enumerate(cands) if s in STRONG]
    if len(strong) < 2 or all(_agrees(cands[i][1], cands[strong[0]][1]) for i in strong):
        return _precise(cands[0], cands)
    support = {i: sum(_agrees(cands[i][1], w) for j, (_, w) in enumerate(cands) if j != i) for i in strong}
    best = max(strong, key=lambda i: (support[i], -i))
    source, value = cands[best]
    other = next(cands[i] for i in strong if not _agrees(cands[i][1], value))
    return DateChoice(value, source, f"{other[0]} {other[1][:10]} vs {source} {value[:10]}")


def _on_url_day(agreeing: list[tuple[str, str]], url_day: str | None) -> tuple[str, str]:
    """The strongest candidate near the anchors, unless it falls on another day than the URL's
    while one of the page's own dates falls on the URL's day: two sources against one (a JSON-LD
    datePublished that is the CMS item's creation, the evening before, against the URL and the
    date shown with the headline). A UTC time a few hours off the URL's day with no page date
    on that day stays: the time zone explains it."""
    best = agreeing[0]
    if not url_day or best[1][:10] == url_day:
        return best
    return next(((s, v) for s, v in agreeing[1:] if v[:10] == url_day and s not in ("url", "discovery")), best)


def _precise(choice: tuple[str, str], cands: list[tuple[str, str]]) -> DateChoice:
    """The choice, with the time another candidate gives for the same day where it has none
    ("February 11, 2025" shown, a <time> of 14:52 on that day): as precise as the page says; and
    a UTC time in the page's own time zone where another candidate shows the same moment on its
    local clock (see _local)."""
    source, value = choice
    if "T" not in value:
        value = next((v for s, v in cands if s != source and "T" in v and v[:10] == value[:10]), value)
    value = _local(value, [v for s, v in cands if s != source])
    return _printed_day(value, cands) or DateChoice(value, source)


def _printed_day(value: str, cands: list[tuple[str, str]]) -> DateChoice | None:
    """A UTC time whose day is not the one printed under the headline, when a time zone explains
    it ("Mar 4, 2024" shown, 2024-03-05T02:14Z in the metadata: the evening of the 4th on the
    American west coast): the printed day, the one the site's readers saw. With no clock time
    shown, the zone and so the local time are unknown: the day alone, as the page says it."""
    utc = _moment(value) if "T" in value else None
    if utc is None or utc.utcoffset() != timedelta(0):
        return None
    for source, shown in cands:
        if source not in ("time_near_title", "visible") or "T" in shown or _day(shown) is None:
            continue
        day = _day(shown)
        if day != utc.date() and (utc - MAX_OFFSET).date() <= day <= (utc + MAX_OFFSET).date():
            return DateChoice(shown[:10], source)
    return None


MAX_OFFSET = timedelta(hours=14)
SAME_MOMENT = timedelta(hours=1)


def _local(value: str, others: list[str]) -> str:
    """A UTC time ("2025-09-13T04:48:00Z") as the page's own clock shows the same moment: another
    candidate with a time zone ("2025-09-12T23:48:00-05:00"), or a local time without one
    ("Sep. 12, 2025 at 11:48 PM" read as 2025-09-12T23:48:00) that differs from it by whole
    quarter hours, up to 14 hours: then that offset is the page's. The moment stays the same; the
    day is the one the site printed (the day its readers saw, which its URL usually shows too)."""
    utc = _moment(value)
    if utc is None or utc.utcoffset() != timedelta(0):
        return value
    for other in others:
        local = _moment(other)
        if local is None or "T" not in other:
            continue
        if local.tzinfo is not None:
            if local == utc and local.utcoffset() != timedelta(0):
                return other
            continue
        shift = local - utc.replace(tzinfo=None, microsecond=0)
        if timedelta(0) < abs(shift) <= MAX_OFFSET and shift % timedelta(minutes=15) == timedelta(0) \
                and local.second == utc.second:
            return local.replace(tzinfo=timezone(shift)).isoformat()
    return value


def same_moment(a: str, b: str) -> bool:
    """Two timestamps with a time of day for one moment ("2025-05-17T09:00:00+04:00", "2025-05-17T05:00Z")."""
    if "T" not in a or "T" not in b:
        return False
    ma, mb = _moment(a), _moment(b)
    if ma is None or mb is None or (ma.tzinfo is None) != (mb.tzinfo is None):
        return False
    return ma == mb


def _moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
