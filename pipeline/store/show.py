"""`newsarchive show URL_OR_DOC_ID [--raw]`: one archived record, or its raw response as fetched.

The catalog says where a document lives (site, day; a redirected URL through its alias); the
site-day's manifest names the current records file, and the record's `raw` pointer the WARC
range of its response. Without the document in the catalog, the manifests are searched.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from pipeline.store.archive import Archive
from pipeline.store.catalog import Catalog, documents, url_aliases
from pipeline.urls import canonicalize, doc_id_for

_DOC_ID = re.compile(r"^[0-9a-f]{12,40}$")


class NotFound(ValueError):
    pass


def find_record(storage, catalog: Catalog, what: str) -> dict:
    """The current record of a doc id or URL (any form of it the crawl met)."""
    arch = Archive(storage)
    doc_ids = [what] if _DOC_ID.match(what) else []
    if re.match(r"^https?://", what):
        key = canonicalize(what)
        doc_ids.append(doc_id_for(key))
        with catalog.engine.connect() as conn:
            doc_ids += list(conn.execute(select(url_aliases.c.doc_id).where(url_aliases.c.url_key == key)).scalars())
    if not doc_ids:
        raise NotFound(f"{what!r} is neither a URL (http://, https://) nor a doc id")
    with catalog.engine.connect() as conn:
        row = conn.execute(select(documents.c.doc_id, documents.c.site, documents.c.day)
                           .where(documents.c.doc_id.in_(doc_ids))).first()
    manifests = [arch.manifest(row.site, row.day)] if row else list(arch.manifests())
    for manifest in filter(None, manifests):
        for rec in arch.records(manifest):
            if rec.doc_id in doc_ids:
                return rec.to_dict()
    raise NotFound(f"{what}: no archived record" + (" (the catalog knows it, but no current manifest holds it: "
                                                    "newsarchive verify)" if row else ""))


def raw_response(storage, record: dict) -> tuple[str, dict, bytes]:
    """(url, HTTP headers, body) of the record's response, read from its WARC by offset."""
    return Archive(storage).raw_response(record["raw"])
