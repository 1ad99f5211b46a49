"""The stories' HTML pages beside the run reports: reports/stories/index.html (the latest
stories) and reports/stories/STORY.html (its coverage by outlet, day by day, each article linked).
Written from the catalog by the report stage for the stories a run touched."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from html import escape

from sqlalchemy import func, select

from pipeline.ops.pages import _page
from pipeline.stories.tables import ensure_tables, stories, story_clusters
from pipeline.store.catalog import documents

INDEX_KEY = "reports/stories/index.html"
LATEST = 300  # stories on the index


def story_key(story_id: str) -> str:
    return f"reports/stories/{story_id}.html"


def write_story_pages(storage, catalog, story_ids: set[str]) -> list[str]:
    """Pages of the given stories and the index; returns the keys written."""
    with catalog.engine.begin() as conn:
        ensure_tables(conn)
        keys = []
        for story_id in sorted(s for s in story_ids if s):
            row = conn.execute(select(stories).where(stories.c.story_id == story_id)).first()
            if row is None or row.merged_into:
                continue
            docs = conn.execute(select(documents.c.site, documents.c.day, documents.c.url_key, documents.c.published,
                                       documents.c.is_canonical)
                                .join(story_clusters, story_clusters.c.cluster_id == documents.c.cluster_id)
                                .where(story_clusters.c.story_id == story_id)).all()
            storage.put_bytes(story_key(story_id), story_page(row, docs).encode("utf-8"))
            keys.append(story_key(story_id))
        latest = conn.execute(select(stories).where(stories.c.merged_into.is_(None))
                              .order_by(stories.c.last_ts.desc()).limit(LATEST)).all()
        # counted from the documents, not the running tally (a retried extract may count twice)
        counts = dict(conn.execute(select(story_clusters.c.story_id, func.count(documents.c.doc_id))
                                   .join(documents, documents.c.cluster_id == story_clusters.c.cluster_id)
                                   .where(story_clusters.c.story_id.in_([r.story_id for r in latest]))
                                   .group_by(story_clusters.c.story_id)).all())
    storage.put_bytes(INDEX_KEY, index_page(latest, counts).encode("utf-8"))
    return keys + [INDEX_KEY]


def _day(ts) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).date().isoformat() if ts is not None else ""


def story_page(row, docs) -> str:
    """A timeline of the story's coverage: one column an outlet, one row a day."""
    outlets = sorted({d.site for d in docs})
    by_day = defaultdict(lambda: defaultdict(list))
    for d in docs:
        by_day[(d.published or d.day)[:10]][d.site].append(d)
    head = "<tr><th>day</th>" + "".join(f"<th>{escape(o)}</th>" for o in outlets) + "</tr>"
    rows = []
    for day in sorted(by_day):
        cells = "".join("<td>" + "<br>".join(
            f'<a href="{escape(d.url_key)}">{"article" if d.is_canonical else "copy"}</a>' for d in by_day[day][o])
            + "</td>" for o in outlets)
        rows.append(f"<tr><td>{day}</td>{cells}</tr>")
    body = (f'<p><a href="index.html">all stories</a> &middot; {_day(row.first_ts)} to {_day(row.last_ts)}, '
            f"{len(docs)} articles from {len(outlets)} outlets, language {escape(row.language or '')}</p>"
            f"<table>{head}{''.join(rows)}</table>")
    return _page(row.title or row.story_id, body)


def index_page(latest, counts: dict[str, int]) -> str:
    rows = "".join(f'<tr><td><a href="{escape(r.story_id)}.html">{escape(r.title or r.story_id)}</a></td>'
                   f"<td>{_day(r.first_ts)}</td><td>{_day(r.last_ts)}</td><td>{counts.get(r.story_id, 0)}</td>"
                   f"<td>{escape(r.language or '')}</td></tr>" for r in latest)
    return _page("newsarchive stories", '<p><a href="../index.html">runs</a></p><table><tr><th>story</th>'
                 f"<th>first seen</th><th>last seen</th><th>articles</th><th>language</th></tr>{rows}</table>")
