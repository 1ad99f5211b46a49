"""Stage 3, publish: make the run visible at once; a rerun of the site-day replaces its manifest,
never adds one.

    gather    this run's records from staging, plus the previous run's (carried forward: the
              crawler skipped their URLs), cluster fields as the catalog has them now
    raw       the WARC and its CDXJ index to raw/ (records point into it)
    write     record files (JSONL.gz + Parquet) and rejections to the site-day partition
    manifest  written last: the moment of visibility
    commit    catalog documents marked published; the previous run's record files deleted
    restate   other site-days whose copies now point at an earlier original this run brought

A site-day's WARCs all stay: records of earlier runs point into theirs.
"""
from __future__ import annotations

from datetime import datetime, timezone

from pipeline.dedup import clusters
from pipeline.stories import index as stories
from pipeline.ops.recovery import crash_point
from pipeline.record import Record
from pipeline.stages.base import Stage, StageState, Step, get_json, put_json
from pipeline.store import archive as layout
from pipeline.store.archive import Archive, jsonl_gz, read_jsonl_gz, write_cdxj


REFRESHERS = (clusters.refresh, stories.refresh)  # record fields the catalog may have changed since


class Gather(Step):
    """The rows of the new partition. The manifest this run builds on is kept in staging by the
    first attempt: a retried publish (the manifest may already be this run's own) builds on the
    same one and deletes its files, never its own."""

    name = "gather"

    def __init__(self, carry: bool = True):
        self.carry = carry  # False: this run's records are the whole partition (reprocess)

    def run(self, state: StageState) -> dict:
        storage = state.storage
        new = [Record.from_row(r) for r in read_jsonl_gz(storage.get_bytes(state.staging(layout.STAGED_RECORDS)))]
        previous = self._base(state)
        new_ids = {r.doc_id for r in new}
        carried = [r for r in Archive(storage).records({"records": key}) if r.doc_id not in new_ids] \
            if self.carry and (key := self._carried_file(state, previous)) else []
        records = sorted(carried + new, key=lambda r: r.doc_id)
        # cluster and story fields as the catalog has them now (a later run may have brought an
        # earlier original, or an article that showed two stories were one)
        for refresh in REFRESHERS:
            refresh(state.catalog, records)
        state.data.update(previous=previous, records=records, carried=len(carried),
                          rejections=read_jsonl_gz(storage.get_bytes(state.staging(layout.STAGED_REJECTIONS))))
        return {"records": len(records), "new_records": len(new), "carried_records": len(carried)}

    @staticmethod
    def _base(state: StageState) -> dict | None:
        key = state.staging(layout.PUBLISH_BASE)
        if state.storage.exists(key):
            return get_json(state.storage, key)["manifest"]
        previous = Archive(state.storage).manifest(state.ref.site, state.ref.day)
        if previous and previous.get("run_id") == state.ref.run_id:  # its first attempt's base was lost
            previous = {**previous, "records": None, "parquet": None}  # its rows still carry forward
        put_json(state.storage, key, {"manifest": previous})
        return previous

    @staticmethod
    def _carried_file(state: StageState, previous: dict | None) -> str | None:
        """The records file to carry rows forward from: the base manifest's, or, when a retry
        finds that file already superseded by its own first attempt, that attempt's (it holds
        the carried rows and this run's; the new ones are taken from staging)."""
        storage, ref = state.storage, state.ref
        if not previous:
            return None
        if previous.get("records") and storage.exists(previous["records"]):
            return previous["records"]
        own = layout.records_key(ref.site, ref.day, ref.run_id, "jsonl.gz")
        current = Archive(storage).manifest(ref.site, ref.day)
        if current and current.get("run_id") == ref.run_id and storage.exists(own):
            return own
        if previous.get("records"):
            raise FileNotFoundError(f"{previous['records']}: the records of the manifest this run builds on are gone")
        return None


class Raw(Step):
    """The crawl's WARC to its place in raw/, with its CDXJ index beside it: pywb and the
    Webrecorder tools find a page back by URL."""

    name = "raw"

    def run(self, state: StageState) -> dict:
        previous, ref, storage = state.data["previous"], state.ref, state.storage
        warcs = list(previous.get("warcs", [])) if previous else []
        staged = state.staging(layout.CRAWL_WARC)
        if storage.exists(staged):
            raw, local, index = layout.raw_key(ref.site, ref.day, ref.run_id), state.tmp / "w", state.tmp / "i"
            storage.download(staged, local)
            storage.put_file(raw, local)
            write_cdxj(local, index, raw.rsplit("/", 1)[-1])
            storage.put_file(layout.cdxj_key(raw), index)
            if raw not in warcs:
                warcs.append(raw)
        state.data["warcs"] = warcs
        return {}


class Write(Step):
    """The partition's files under this run's id: invisible until the manifest names them."""

    name = "write"

    def run(self, state: StageState) -> dict:
        ref = state.ref
        keys = Archive(state.storage).write_records(ref.site, ref.day, ref.run_id, state.data["records"])
        keys["rejections"] = layout.rejections_key(ref.site, ref.day, ref.run_id)
        state.storage.put_bytes(keys["rejections"], jsonl_gz(state.data["rejections"]))
        state.data["keys"] = keys
        return {"bytes": sum(state.storage.size(k) for k in (*keys.values(), *state.data["warcs"][-1:]))}


class Manifest(Step):
    name = "manifest"

    def run(self, state: StageState) -> dict:
        ref, previous, stats = state.ref, state.data["previous"], state.data
        crash_point("publish.before_manifest")
        Archive(state.storage).put_manifest({
            "site": ref.site, "day": ref.day, "run_id": ref.run_id, **state.data["keys"], "warcs": stats["warcs"],
            "records_count": len(stats["records"]), "new_records": len(stats["records"]) - stats["carried"],
            "carried_records": stats["carried"], "published_at": datetime.now(timezone.utc).isoformat(),
            "previous_run": previous["run_id"] if previous else None})
        crash_point("publish.after_manifest")
        return {}


class Commit(Step):
    """After the manifest: the catalog agrees, and the old run's record files (superseded; its
    WARC is still referenced) go."""

    name = "commit"

    def run(self, state: StageState) -> dict:
        state.catalog.mark_published(state.ref.run_id)
        previous, keys = state.data["previous"], state.data["keys"]
        if previous:
            state.storage.delete([previous[k] for k in ("records", "parquet")
                                  if previous.get(k) and previous[k] not in keys.values()])
        return {}


class Restate(Step):
    name = "restate"

    def run(self, state: StageState) -> dict:
        restate = get_json(state.storage, state.staging(layout.RESTATE), [])
        done = clusters.restate_partitions(state.storage, state.catalog, restate, state.ref.run_id,
                                           skip=(state.ref.site, state.ref.day), refreshers=REFRESHERS)
        return {"restated_partitions": len(done)}


class PublishStage(Stage):
    """A finished publish is not redone; a retried one builds on the base its first attempt kept."""

    name = "publish"
    carry = True  # the previous run's records stay in the partition

    def steps(self, state: StageState) -> list[Step]:
        return [Gather(self.carry), Raw(), Write(), Manifest(), Commit(), Restate()]
