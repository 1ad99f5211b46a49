"""A late-arriving earlier original: the catalog moves the canonical, and publish rewrites the
archived partitions of the old canonical and its copies (records and manifest, atomically)."""
from __future__ import annotations

from pathlib import Path

from pipeline.store import archive as layout
from pipeline.store.archive import Archive, jsonl_gz
from pipeline.store.catalog import Catalog
from pipeline.context import Context
from pipeline.dedup.fingerprint import epoch, fingerprint
from pipeline.dedup.index import DedupIndex, NewDoc
from pipeline.store.export import Filters, collect
from pipeline.record import Record
from pipeline.stages.run import RunRef, publish, put_json
from pipeline.store.storage import open_storage

ROOT = Path(__file__).resolve().parent.parent
TEXT = "\n\n".join(" ".join(f"word{p}_{i}" for i in range(50)) for p in range(5))


def _stage(ctx, ref: RunRef, doc_id: str, text: str, published: str):
    cfg = ctx.settings.dedup
    catalog = Catalog(ctx.catalog)
    with catalog.dedup_lock() as conn:
        res = DedupIndex(conn, cfg).add_batch([NewDoc(
            doc_id, f"sha-{doc_id}", epoch(published), len(text.split()), 0, fingerprint(text, cfg),
            {"url_key": f"http://{ref.site}/{doc_id}", "site": ref.site, "day": ref.day, "run_id": ref.run_id,
             "status": "staged", "published": published})])
    catalog.close()
    d = res.decisions[doc_id]
    rec = Record(doc_id=doc_id, url=f"http://{ref.site}/{doc_id}", canonical_url=None, site=ref.site, title="t",
                 authors=[], published=published, language="en", text=text, word_count=len(text.split()),
                 content_sha256="0" * 64, cluster_id=d.cluster_id, is_canonical=d.is_canonical,
                 duplicate_of=d.duplicate_of, topics=[], fetched_at=published, raw=None, run_id=ref.run_id)
    storage = open_storage(ctx.archive)
    storage.put_bytes(layout.staging_key(ref.run_id, "records.jsonl.gz"), jsonl_gz([rec.to_dict()]))
    storage.put_bytes(layout.staging_key(ref.run_id, "rejections.jsonl.gz"), jsonl_gz([]))
    put_json(storage, layout.staging_key(ref.run_id, "restate.json"), res.restated)
    return res


def test_earlier_original_rewrites_the_copies_partition(tmp_path):
    ctx = Context(ROOT / "config", str(tmp_path / "archive"), f"sqlite:///{tmp_path}/catalog.sqlite")
    first = RunRef("copysite-2026-01-06-r1", "copysite", "2026-01-06")
    _stage(ctx, first, "copy", TEXT + " reprinted by copysite", "2026-01-06T09:00:00+00:00")
    publish(ctx, first)
    arch = Archive(open_storage(ctx.archive))
    before = arch.manifest("copysite", "2026-01-06")
    assert arch.records(before)[0].is_canonical is True

    later = RunRef("agency-2026-01-05-r2", "agency", "2026-01-05")
    res = _stage(ctx, later, "orig", TEXT, "2026-01-05T18:00:00+00:00")
    assert res.decisions["orig"].is_canonical and res.restated[0]["doc_id"] == "copy"
    stats = publish(ctx, later)
    assert stats["restated_partitions"] == 1

    after = arch.manifest("copysite", "2026-01-06")
    copy = arch.records(after)[0].to_dict()
    assert (copy["is_canonical"], copy["duplicate_of"], copy["cluster_id"]) == (False, "orig", "copy")
    assert after["run_id"] == first.run_id and after["restated_by"] == later.run_id
    assert not arch.storage.exists(before["records"]) and not arch.storage.exists(before["parquet"])
    canon = [r.to_dict() for r in collect(ctx.archive, Filters())]
    assert [r["doc_id"] for r in canon] == ["orig"]
    everything = [r.to_dict() for r in collect(ctx.archive, Filters(include_duplicates=True))]
    assert {r["cluster_id"] for r in everything} == {"copy"}


def test_sql_never_reads_a_superseded_file(tmp_path):
    """A rerun and a restated partition leave superseded record files behind for a moment (or
    for good, when the delete after the manifest swap fails): sql reads what the manifests name."""
    from pipeline.store.sql import query

    ctx = Context(ROOT / "config", str(tmp_path / "archive"), f"sqlite:///{tmp_path}/catalog.sqlite")
    storage = open_storage(ctx.archive)
    arch = Archive(storage)
    first = RunRef("copysite-2026-01-06-r1", "copysite", "2026-01-06")
    _stage(ctx, first, "copy", TEXT + " reprinted by copysite", "2026-01-06T09:00:00+00:00")
    publish(ctx, first)
    stale = {k: storage.get_bytes(arch.manifest("copysite", "2026-01-06")[k]) for k in ("records", "parquet")}
    stale_keys = {k: arch.manifest("copysite", "2026-01-06")[k] for k in stale}

    rerun = RunRef("copysite-2026-01-06-r3", "copysite", "2026-01-06")  # the same day again: rows carried
    _stage(ctx, rerun, "copy2", "something else entirely " * 40, "2026-01-06T10:00:00+00:00")
    publish(ctx, rerun)
    later = RunRef("agency-2026-01-05-r2", "agency", "2026-01-05")  # restates copysite's partition
    _stage(ctx, later, "orig", TEXT, "2026-01-05T18:00:00+00:00")
    assert publish(ctx, later)["restated_partitions"] == 1
    for k, data in stale.items():  # the first run's files back where they were
        storage.put_bytes(stale_keys[k], data)

    columns, rows = query(storage, "SELECT doc_id, is_canonical, run_id FROM records ORDER BY doc_id")
    assert [r[0] for r in rows] == ["copy", "copy2", "orig"]  # each once: the stale file is not read
    assert dict((r[0], r[1]) for r in rows)["copy"] is False  # the restated row, not the stale one
    columns, rows = query(storage, "SELECT site, records_count FROM runs ORDER BY site")
    assert rows == [("agency", 1), ("copysite", 2)]
