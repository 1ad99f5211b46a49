"""Cluster fields of archived records kept true to the catalog.

The catalog decides clusters (`pipeline/dedup/index.py`); record files are snapshots. When a
late-arriving earlier original takes over a cluster, the copies already archived in other
site-days still say `is_canonical`/`duplicate_of` as they were. Publish therefore (1) refreshes
the cluster fields of every row it writes from the catalog, and (2) rewrites the other site-day
partitions named in staging/RUN/restate.json: new record files (JSONL.gz + Parquet), then the
manifest swapped in one put (readers see the old or the new partition, never a mix), then the
superseded files deleted. If publish dies between its own manifest and a restatement, the
partition stays stale only until the next publish that touches it or the next takeover.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from pipeline.store import archive as layout
from pipeline.record import Record
from pipeline.store.archive import Archive
from pipeline.store.catalog import Catalog, chunks, documents

FIELDS = ("cluster_id", "is_canonical", "duplicate_of")


def refresh(catalog: Catalog, records: list[Record]) -> int:
    """Set the cluster fields of `records` (in place) from the catalog; returns records changed."""
    current = {}
    ids = [r.doc_id for r in records]
    with catalog.engine.connect() as conn:
        for chunk in chunks(ids):
            for row in conn.execute(select(documents.c.doc_id, *(documents.c[f] for f in FIELDS))
                                    .where(documents.c.doc_id.in_(chunk))):
                current[row.doc_id] = row
    changed = 0
    for r in records:
        cur = current.get(r.doc_id)
        if cur is None:
            continue  # not in this catalog (an archive shared with another catalog): leave as is
        new = (cur.cluster_id, bool(cur.is_canonical), cur.duplicate_of)
        if (r.cluster_id, r.is_canonical, r.duplicate_of) != new:
            r.cluster_id, r.is_canonical, r.duplicate_of = new
            changed += 1
    return changed


def restate_partitions(storage, catalog: Catalog, restated: list[dict], run_id: str,
                       skip: tuple[str, str] | None = None, refreshers=(refresh,)) -> list[str]:
    """Rewrite the site-day partitions holding `restated` documents; returns their manifest keys.

    Under the catalog's dedup lock, so two publishes never rewrite one partition at once."""
    arch = Archive(storage)
    parts = sorted({(r["site"], r["day"]) for r in restated} - ({skip} if skip else set()))
    done = []
    if not parts:
        return done
    with catalog.dedup_lock():
        for site, day in parts:
            manifest = arch.manifest(site, day)
            if not manifest:
                continue  # that run is not published yet: its publish refreshes its rows itself
            records = arch.records(manifest)
            if not sum([fix(catalog, records) for fix in refreshers]):
                continue
            keys = arch.write_records(site, day, f"{manifest['run_id']}.restated-{run_id}", records)
            old = [manifest[k] for k in ("records", "parquet") if manifest.get(k)]
            arch.put_manifest({**manifest, **keys, "restated_by": run_id,
                               "restated_at": datetime.now(timezone.utc).isoformat()})
            storage.delete([k for k in old if k not in keys.values()])
            done.append(layout.manifest_key(site, day))
    return done
