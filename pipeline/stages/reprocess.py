"""`newsarchive reprocess`: archived site-days extracted again from their WARCs with today's
extractor, templates and site configuration, with no fetch at all.

Each site-day is a run of two stages built from the regular stages' steps:

    reprocess  settle ─ archived (the partition's WARCs, the latest response of each URL)
               ─ learn (history not added to) ─ extract ─ redecide ─ save
    publish    gather (nothing carried: the run holds the whole partition) ─ raw (the same
               WARCs) ─ write ─ manifest ─ commit ─ restate

`redecide` compares with the partition's current records: a record whose text is unchanged is
kept exactly as it was (its run id, fetch time and WARC pointer too); a changed text, a page that
is an article now and was not, or one that no longer is, is taken out of the dedup index and
decided again, in one locked transaction, its catalog row written as published. So a reprocess
killed at any point and run again converges on the same archive and catalog: the manifest swap
is still the one moment of visibility, and the catalog holds the decisions either way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable


from pipeline.context import Context
from pipeline.dedup.index import forget_documents
from pipeline.stories.index import forget_members
from pipeline.ops.recovery import crash_point
from pipeline.stages.base import RunRef, Stage, StageState, Step, get_json, new_run, put_json
from pipeline.stages.crawl import Settle
from pipeline.stages.dedup import Dedup
from pipeline.stages.extract import Extract, Learn, Save, html_responses
from pipeline.stages.publish import PublishStage
from pipeline.stages.report import fail
from pipeline.store import archive as layout
from pipeline.store.archive import Archive
from pipeline.store.catalog import Catalog, documents_in_clusters
from pipeline.store.storage import open_storage
from pipeline.urls import doc_id_for

CLUSTER_FIELDS = ("cluster_id", "is_canonical", "duplicate_of")


@dataclass(frozen=True)
class Window:
    since: date | None = None
    until: date | None = None
    site: str | None = None

    def partitions(self, archive: Archive) -> list[tuple[str, str]]:
        """(site, day) of every published site-day in the window, in order."""
        out = []
        for m in archive.manifests(self.site):
            day = date.fromisoformat(m["day"])
            if (self.since is None or day >= self.since) and (self.until is None or day <= self.until):
                out.append((m["site"], m["day"]))
        return sorted(out)


class Archived(Step):
    """The partition's WARCs (every run of the site-day) into the scratch folder, and which
    response of each URL is the latest: a URL fetched again by a later run is read from there."""

    name = "archived"

    def run(self, state: StageState) -> dict:
        manifest = Archive(state.storage).manifest(state.ref.site, state.ref.day)
        if manifest is None:
            raise FileNotFoundError(f"{layout.manifest_key(state.ref.site, state.ref.day)}: nothing to reprocess")
        state.data.update(manifest=manifest, warcs=[], records=[], rejections=[])
        for i, key in enumerate(manifest.get("warcs", [])):
            local = state.tmp / f"{i}.warc.gz"
            state.storage.download(key, local)
            state.data["warcs"].append((local, key))
        latest = {}
        for r in html_responses(state):
            if r["role"] == "article":
                latest[doc_id_for(r["url"])] = (r["raw"]["warc"], r["offset"])
        state.data["only"] = set(latest.values())
        return {"warcs": len(state.data["warcs"]), "responses": len(latest)}


class Redecide(Dedup):
    """Unchanged texts keep their records; the others are forgotten and decided again."""

    name = "redecide"
    status = "published"

    def run(self, state: StageState) -> dict:
        old = {r.doc_id: r for r in Archive(state.storage).records(state.data["manifest"])}
        new = {r.doc_id: r for r in self._unique(state)}
        same = {d for d, r in new.items() if d in old and r.content_sha256 == old[d].content_sha256}
        rejected_now = {rej.url for rej in state.data["rejections"]}
        gone = sorted(d for d, r in old.items() if d not in new and r.url in rejected_now)
        todo = [r for d, r in new.items() if d not in same]
        state.data["forget"] = sorted({r.doc_id for r in todo} | set(gone))
        result = self.decide(state, todo)
        decided = self.apply(state, result)
        # unchanged records, and records whose page is missing from the WARCs, stay as they were
        kept = [r for d, r in old.items() if d in same or (d not in new and d not in gone)]
        state.data["records"] = kept + decided
        state.data["restated"] = self._touched(state, result.restated)
        put_json(state.storage, state.staging("before_clusters.json"),
                 {d: [getattr(r, f) for f in CLUSTER_FIELDS] for d, r in old.items()})
        return {"texts_changed": sum(d in old for d in new if d not in same),
                "newly_kept": sum(r.doc_id not in old for r in decided), "newly_rejected": len(gone),
                "unchanged": len(same), "articles": len(state.data["records"])}

    def before_decisions(self, state: StageState, conn) -> None:
        state.data["touched_clusters"] = forget_documents(conn, state.data["forget"])
        forget_members(conn, state.data["forget"])  # their texts changed: matched again as they are now

    def _touched(self, state: StageState, restated: list[dict]) -> list[dict]:
        """Documents of other site-days whose cluster fields may have changed: the takeovers,
        and every member of a cluster a forgotten document was in (restating rewrites only the
        partitions whose rows differ from the catalog)."""
        with state.catalog.engine.connect() as conn:
            return restated + documents_in_clusters(conn, state.data.get("touched_clusters", set()))


class ReprocessStage(Stage):
    """Like the extract stage, with the archive's WARCs as input; a finished attempt is not
    redone, a killed one needs no undo (the next decisions replace its catalog rows)."""

    name = "extract"

    def steps(self, state: StageState) -> list[Step]:
        return [Settle(), Archived(), Learn(save=False), Extract(), Redecide(), Save()]


class ReprocessPublish(PublishStage):
    carry = False


def reprocess(ctx: Context, window: Window, progress: Callable[[str, int, int | None], None] | None = None) -> dict:
    """Every site-day of the window; returns the figures per site-day and in total."""
    storage = open_storage(ctx.archive)
    parts = window.partitions(Archive(storage))
    results = []
    for i, (site, day) in enumerate(parts, 1):
        if progress:
            progress("reprocess", i - 1, len(parts))
        results.append(reprocess_partition(ctx, site, day))
    keys = ("texts_changed", "newly_kept", "newly_rejected", "clusters_changed", "unchanged", "articles")
    return {"partitions": results, "total": {k: sum(r[k] for r in results) for k in keys}}


def reprocess_partition(ctx: Context, site: str, day: str) -> dict:
    ref = new_run(ctx, site, day)
    storage = open_storage(ctx.archive)
    try:
        extracted = ReprocessStage()(ctx, ref)
        crash_point("reprocess.before_publish")
        ReprocessPublish()(ctx, ref)
        return _finish(ctx, ref, storage, extracted)
    except BaseException as exc:
        fail(ctx, ref, f"{type(exc).__name__}: {exc}")
        raise


def _finish(ctx: Context, ref: RunRef, storage, extracted: dict) -> dict:
    """The reprocess report beside the run reports; the run finished; staging deleted."""
    arch = Archive(storage)
    before = get_json(storage, layout.staging_key(ref.run_id, "before_clusters.json"), {})
    published = get_json(storage, layout.staging_key(ref.run_id, layout.stage_stats("publish")), {})
    after = arch.records(arch.manifest(ref.site, ref.day))
    changed = sum(1 for r in after if r.doc_id in before and [getattr(r, f) for f in CLUSTER_FIELDS] != before[r.doc_id])
    rep = {"run_id": ref.run_id, "site": ref.site, "day": ref.day, "kind": "reprocess",
           **{k: extracted.get(k, 0) for k in ("texts_changed", "newly_kept", "newly_rejected", "unchanged", "articles")},
           "clusters_changed": changed, "restated_partitions": published.get("restated_partitions", 0),
           "rejected_by_reason": extracted.get("rejected_by_reason", {}),
           "stage_s": extracted.get("stage_s")}
    put_json(storage, layout.report_key(ref.site, ref.day, ref.run_id), rep)
    with Catalog(ctx.catalog) as catalog:
        catalog.finish_run(ref.run_id, "published", rep)
    storage.delete(list(storage.list(f"staging/{ref.run_id}/")))
    return rep
