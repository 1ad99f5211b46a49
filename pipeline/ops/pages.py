"""The run report's alert rules and the HTML pages ops look at.

Rules (`check_run`), applied by the report stage to a finished run and the site's history:
  no_articles       the run found no article at all: nothing new and nothing already archived
                    (the site is down, blocks us, changed its layout or its sitemaps)
  rejection_spike   most of what was fetched was rejected for content reasons (not_article,
                    too_short, unparseable, bad_response ...), clearly more than usual for the site

Pages (self-contained HTML, inline SVG, no scripts), rewritten by every run's report stage from
the catalog's runs table:
  reports/index.html              every site: a chart of the last 30 days and the latest run
  reports/site=S/index.html       one site: the chart and a table of its last 30 days
A day's figures are its latest finished run's (a rerun of a day replaces it, as in the archive).
"""
from __future__ import annotations

import json
import statistics
from datetime import date, timedelta
from html import escape

from pipeline.store.archive import VERIFY_KEY

# Rejections that are policy, not trouble: already archived, off-topic.
NOT_TROUBLE = {"already_archived", "topic_mismatch"}
SPIKE_MIN_REJECTED = 5      # fewer rejected pages than this is never a spike
SPIKE_MIN_SHARE = 0.5       # at least half of the fetched pages rejected ...
SPIKE_FACTOR = 2.0          # ... and at least twice the site's usual share


def trouble_rejections(stats: dict) -> int:
    return sum(n for reason, n in (stats.get("rejected_by_reason") or {}).items() if reason not in NOT_TROUBLE)


def _share(stats: dict) -> float:
    fetched = stats.get("fetched") or 0
    return trouble_rejections(stats) / fetched if fetched else 0.0


def check_run(stats: dict, history: list[dict]) -> list[dict]:
    """Alerts for a finished run. `history`: the site's earlier finished runs' stats, newest first."""
    alerts = []
    found = (stats.get("articles") or 0) + (stats.get("skipped_archived") or 0)
    if found == 0:
        before = next((h.get("articles", 0) for h in history if h.get("articles")), None)
        alerts.append({"kind": "no_articles",
                       "message": f"{stats['site']} {stats['day']}: no articles "
                                  f"(fetched {stats.get('fetched', 0)}, rejected {stats.get('rejected', 0)})"
                                  + (f"; an earlier run had {before}" if before else "")})
    rejected = trouble_rejections(stats)
    share = _share(stats)
    usual = statistics.median([_share(h) for h in history[:14]]) if history else 0.0
    if rejected >= SPIKE_MIN_REJECTED and share >= SPIKE_MIN_SHARE and share >= SPIKE_FACTOR * usual:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted((stats.get("rejected_by_reason") or {}).items()))
        alerts.append({"kind": "rejection_spike",
                       "message": f"{stats['site']} {stats['day']}: {rejected} of {stats.get('fetched', 0)} "
                                  f"fetched pages rejected ({share:.0%}, usually {usual:.0%}): {reasons}"})
    return alerts


# ---- pages ------------------------------------------------------------------------------------
DAYS = 30


def latest_per_day(runs: list[dict], days: int = DAYS) -> dict[str, dict]:
    """{day: latest finished run} over the `days` days ending at the newest run's day."""
    finished = [r for r in runs if r.get("status") in ("published", "failed") and r.get("finished_at")]
    if not finished:
        return {}
    last = max(date.fromisoformat(r["day"]) for r in finished)
    first = last - timedelta(days=days - 1)
    by_day: dict[str, dict] = {}
    for r in sorted(finished, key=lambda r: r["finished_at"]):
        if first <= date.fromisoformat(r["day"]) <= last:
            by_day[r["day"]] = r
    return by_day


def _day_range(by_day: dict[str, dict], days: int = DAYS) -> list[str]:
    if not by_day:
        return []
    last = max(date.fromisoformat(d) for d in by_day)
    return [(last - timedelta(days=days - 1 - i)).isoformat() for i in range(days)]


def chart_svg(by_day: dict[str, dict], days: int = DAYS, width: int = 640, height: int = 170) -> str:
    """Stacked bars per day: articles in the day's archive partition, rejected pages on top;
    a red cross marks a failed run. Inline SVG, readable without any script."""
    span = _day_range(by_day, days)
    if not span:
        return '<p class="none">no finished runs yet</p>'
    left, bottom, top = 36, 22, 10
    plot_h = height - bottom - top
    step = (width - left - 6) / len(span)
    vals = [((by_day.get(d) or {}).get("stats") or {}) for d in span]
    peak = max([(v.get("records_in_partition") or 0) + (v.get("rejected") or 0) for v in vals] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="articles and rejections per day">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" stroke="#999"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="10">{peak}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="10">0</text>']
    for i, (day, v) in enumerate(zip(span, vals)):
        x = left + i * step + 1
        w = max(step - 2, 1)
        run = by_day.get(day)
        kept, rejected = v.get("records_in_partition") or 0, v.get("rejected") or 0
        kh, rh = plot_h * kept / peak, plot_h * rejected / peak
        y = top + plot_h - kh
        if run and run.get("status") == "failed":
            cx, cy = x + w / 2, top + plot_h - 6
            parts.append(f'<path d="M{cx - 4:.1f},{cy - 4:.1f}L{cx + 4:.1f},{cy + 4:.1f}M{cx - 4:.1f},{cy + 4:.1f}'
                         f'L{cx + 4:.1f},{cy - 4:.1f}" stroke="#c0392b" stroke-width="2">'
                         f'<title>{day}: run failed</title></path>')
        elif run:
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{kh:.1f}" fill="#2c7fb8">'
                         f'<title>{day}: {kept} articles</title></rect>')
            parts.append(f'<rect x="{x:.1f}" y="{y - rh:.1f}" width="{w:.1f}" height="{rh:.1f}" fill="#e6850e">'
                         f'<title>{day}: {rejected} rejected</title></rect>')
        if i % 5 == 0 or i == len(span) - 1:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{height - 6}" text-anchor="middle" font-size="9">{day[5:]}</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = ("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;"
        "font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.failed{color:#c0392b}.alert{color:#c0392b;"
        "font-weight:600}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}"
        "section{margin-bottom:2em}")
_LEGEND = ('<p class="legend"><span style="background:#2c7fb8"></span>articles archived'
           '<span style="background:#e6850e"></span>rejected<span style="color:#c0392b">&times;</span> failed run</p>')


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>")


def _reasons(stats: dict) -> str:
    return ", ".join(f"{escape(k)} {v}" for k, v in sorted((stats.get("rejected_by_reason") or {}).items()))


def site_page(site: str, by_day: dict[str, dict]) -> str:
    rows = []
    for day in sorted(by_day, reverse=True):
        run = by_day[day]
        s = run.get("stats") or {}
        secs = sum(v or 0 for v in (s.get("timings_s") or {}).values())
        alerts = "; ".join(a["kind"] for a in s.get("alerts") or [])
        status = escape(run["status"]) + (f' <span class="alert">{escape(alerts)}</span>' if alerts else "")
        if run["status"] == "failed":
            status += f'<br><small>{escape(str(s.get("error", ""))[:200])}</small>'
        rows.append(f'<tr class="{escape(run["status"])}"><td>{day}</td><td>{status}</td><td>{s.get("fetched", "")}</td>'
                    f'<td>{s.get("articles", "")}</td><td>{s.get("records_in_partition", "")}</td>'
                    f'<td>{s.get("duplicates", "")}</td><td>{s.get("new_clusters", "")}</td><td>{s.get("rejected", "")}</td>'
                    f'<td>{_reasons(s)}</td><td>{s.get("bytes", "")}</td><td>{secs:.1f}</td>'
                    f'<td><a href="date={day}/{escape(run["run_id"])}.json">{escape(run["run_id"])}</a></td></tr>')
    table = ("<table><tr><th>day</th><th>status</th><th>fetched</th><th>new articles</th><th>in archive</th>"
             "<th>duplicates</th><th>new clusters</th><th>rejected</th><th>rejected by reason</th><th>bytes</th>"
             "<th>seconds</th><th>report</th></tr>" + "".join(rows) + "</table>")
    return _page(f"newsarchive: {site}, last {DAYS} days",
                 f'<p><a href="../index.html">all sites</a></p>{chart_svg(by_day)}{_LEGEND}{table}')


def verify_line(result: dict | None) -> str:
    """The last `newsarchive verify` result, one line for the index."""
    if not result:
        return "<p>archive check: never run (<code>newsarchive verify</code>)</p>"
    kinds: dict[str, int] = {}
    for p in result.get("problems", []):
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    state = ('<b class="published">clean</b>' if result.get("ok") else
             '<b class="failed">' + escape(", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))) + "</b>")
    return f"<p>archive check ({escape(str(result.get('checked_at', ''))[:19])}): {state}</p>"


def index_page(sites: dict[str, dict[str, dict]], verified: dict | None = None) -> str:
    sections = [verify_line(verified), '<p><a href="stories/index.html">stories</a>: related coverage grouped</p>']
    for site in sorted(sites):
        by_day = sites[site]
        latest = by_day[max(by_day)] if by_day else None
        line = ""
        if latest:
            s = latest.get("stats") or {}
            alerts = "; ".join(a["message"] for a in s.get("alerts") or [])
            line = (f'<p>latest: {max(by_day)} <b class="{escape(latest["status"])}">{escape(latest["status"])}</b>, '
                    f'{s.get("articles", 0)} new articles, {s.get("rejected", 0)} rejected'
                    + (f' &mdash; <span class="alert">{escape(alerts)}</span>' if alerts else "") + "</p>")
        sections.append(f'<section><h2><a href="site={escape(site)}/index.html">{escape(site)}</a></h2>'
                        f"{line}{chart_svg(by_day)}</section>")
    return _page("newsarchive runs", _LEGEND + "".join(sections))


def write_pages(storage, catalog, site: str) -> list[str]:
    """Rewrite the site's page and the index from the catalog; returns the keys written."""
    sites = {name: latest_per_day(catalog.runs_of(name, DAYS * 4)) for name in catalog.run_sites()}
    sites.setdefault(site, {})
    keys = [f"reports/site={site}/index.html", "reports/index.html"]
    storage.put_bytes(keys[0], site_page(site, sites[site]).encode("utf-8"))
    verified = json.loads(storage.get_bytes(VERIFY_KEY)) if storage.exists(VERIFY_KEY) else None
    storage.put_bytes(keys[1], index_page(sites, verified).encode("utf-8"))
    return keys
