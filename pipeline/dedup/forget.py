"""Taking documents out of the dedup index: what reprocessing does before it decides again for
texts that changed (and for pages that are no longer articles)."""
from __future__ import annotations

from sqlalchemy import delete, select, update

from pipeline.dedup.index import repair_canonicals
from pipeline.dedup.tables import dedup_state, ensure_tables, fingerprints
from pipeline.store.catalog import documents


def forget_documents(conn, doc_ids: list[str]) -> set[str]:
    """Delete the documents and their fingerprints, whatever their status, in the caller's
    (locked) transaction; clusters that lose their canonical get one again by the rule. Returns
    the clusters the documents were in, for their partitions to be restated."""
    ensure_tables(conn)
    rows = []
    for i in range(0, len(doc_ids), 5000):
        rows += conn.execute(select(documents.c.doc_id, documents.c.doc_no, documents.c.cluster_id,
                                    documents.c.is_canonical)
                             .where(documents.c.doc_id.in_(doc_ids[i:i + 5000]))).all()
    if not rows:
        return set()
    doc_nos = [r.doc_no for r in rows if r.doc_no is not None]
    for i in range(0, len(rows), 5000):
        conn.execute(delete(fingerprints).where(fingerprints.c.doc_no.in_(doc_nos[i:i + 5000])))
        conn.execute(delete(documents).where(documents.c.doc_id.in_([r.doc_id for r in rows[i:i + 5000]])))
    # in-memory band mirrors (pipeline/dedup/bands.py) see the bump and reload
    conn.execute(update(dedup_state).values(generation=dedup_state.c.generation + 1))
    repair_canonicals(conn, {r.cluster_id for r in rows if r.is_canonical})
    return {r.cluster_id for r in rows if r.cluster_id}
