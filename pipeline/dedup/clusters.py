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

import json
from datetime import datetime, timezone

from sqlalchemy import select

from pipeline.store import archive as layout
from pipeline.store.archive import Archive, jsonl_gz, parquet_bytes
from pipeline.store.catalog import Catalog, documents

FIELDS = ("cluster_id", "is_canonical", "duplicate_of")


def refresh(catalog: Catalog, rows: list[dict]) -> int:
    """Set the cluster fields of `rows` (in place) from the catalog; returns rows changed."""
    current = {}
    ids = [r["doc_id"] for r in rows]
    with catalog.engine.connect() as conn:
        for i in range(0, len(ids), 5000):
            for row in conn.execute(select(documents.c.doc_id, *(documents.c[f] for f in FIELDS))
                                    .where(documents.c.doc_id.in_(ids[i:i + 5000]))):
                current[row.doc_id] = row
    changed = 0
    for r in rows:
        cur = current.get(r["doc_id"])
        if cur is None:
            continue  # not in this catalog (an archive shared with another catalog): leave as is
        new = {"cluster_id": cur.cluster_id, "is_canonical": bool(cur.is_canonical), "duplicate_of": cur.duplicate_of}
        if any(r.get(f) != new[f] for f in FIELDS):
            r.update(new)
            changed += 1
    return changed


def restate_partitions(storage, catalog: Catalog, restated: list[dict], run_id: str,
                       skip: tuple[str, str] | None = None) -> list[str]:
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
            rows = arch.records(manifest)
            if not refresh(catalog, rows):
                continue
            tag = f"{manifest['run_id']}.restated-{run_id}"
            keys = {"records": layout.records_key(site, day, tag, "jsonl.gz"),
                    "parquet": layout.records_key(site, day, tag, "parquet")}
            storage.put_bytes(keys["records"], jsonl_gz(rows))
            storage.put_bytes(keys["parquet"], parquet_bytes(rows))
            old = [manifest[k] for k in ("records", "parquet") if manifest.get(k)]
            new_manifest = {**manifest, **keys, "restated_by": run_id,
                            "restated_at": datetime.now(timezone.utc).isoformat()}
            key = layout.manifest_key(site, day)
            storage.put_bytes(key, json.dumps(new_manifest, ensure_ascii=False, indent=1, default=str).encode())
            storage.delete([k for k in old if k not in keys.values()])
            done.append(key)
    return done
