"""The extract stage's dedup step: cluster decisions for a run's records, in one batch and one
locked catalog transaction.

`DedupIndex.add_batch` orders the batch by the canonical rule (earliest published, longest, site
priority), so within a run the original becomes canonical. Catalog documents of other runs whose
canonical changed (this run brought an earlier original) are handed on as `restated`: publish
rewrites their partitions.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.dedup.fingerprint import epoch, fingerprints
from pipeline.dedup.index import DedupIndex, NewDoc
from pipeline.stories.index import StoryDoc, StoryIndex, StoryResult, moved_documents
from pipeline.record import Record, RejectReason, Rejection
from pipeline.stages.base import StageState, Step
from pipeline.store.catalog import Catalog
from pipeline.urls import canonicalize

FINGERPRINT_SLICE = 32  # texts fingerprinted per call


@dataclass
class Decided:
    """A batch's decisions: clusters, the catalog documents to restate elsewhere, stories."""

    records: list[Record]
    decisions: dict
    restated: list[dict]
    stories: StoryResult


class Dedup(Step):
    """New documents are staged in the catalog (published by publish); `status` says otherwise
    for a step whose documents are part of an archive already (reprocess)."""

    name = "dedup"
    status = "staged"

    def run(self, state: StageState) -> dict:
        result = self.decide(state, self._unique(state))
        records = self.apply(state, result)
        state.data["records"], state.data["restated"] = records, result.restated
        return {"articles": len(records), "duplicates": sum(not r.is_canonical for r in records),
                "new_clusters": sum(r.is_canonical for r in records), "new_stories": result.stories.new_stories,
                "story_merges": len(result.stories.merged)}

    def apply(self, state: StageState, result: "Decided") -> list[Record]:
        """The decided records with their cluster and story fields set; a document the catalog
        had already (archived by another site-day) is rejected as already_archived."""
        records = []
        for rec in result.records:
            decision = result.decisions.get(rec.doc_id)
            if decision is None:
                state.data["rejections"].append(self._rejection(state, rec, f"doc {rec.doc_id} is in the catalog"))
                continue
            rec.cluster_id, rec.is_canonical, rec.duplicate_of = (decision.cluster_id, decision.is_canonical,
                                                                  decision.duplicate_of)
            rec.story_id = result.stories.story_of.get(rec.cluster_id)
            records.append(rec)
        return records

    @staticmethod
    def _rejection(state: StageState, rec: Record, detail: str) -> Rejection:
        return Rejection(rec.url, state.ref.site, RejectReason.ALREADY_ARCHIVED, detail, rec.raw, state.ref.run_id)

    def _unique(self, state: StageState) -> list[Record]:
        """The run's records, one per doc_id: the same article under two URLs of one canonical
        form is archived once."""
        seen, unique = set(), []
        for rec in state.data["records"]:
            if rec.doc_id in seen:
                state.data["rejections"].append(self._rejection(state, rec, f"doc {rec.doc_id} twice in this run"))
                continue
            seen.add(rec.doc_id)
            unique.append(rec)
        return unique

    def before_decisions(self, state: StageState, conn) -> None:
        """Catalog changes that must commit with the decisions, in their transaction (none here)."""

    def decide(self, state: StageState, records: list[Record]):
        cfg, ref = state.ctx.settings.dedup, state.ref
        priority = state.ctx.site(ref.site).priority
        # in slices: fingerprinting works on one flat word array per call, whose size would grow
        # with the run (measured: ~7 MB a 500 KB article at once, bench/extract_memory.py)
        fps = [fp for i in range(0, len(records), FINGERPRINT_SLICE)
               for fp in fingerprints([r.text for r in records[i:i + FINGERPRINT_SLICE]], cfg)]
        docs = [NewDoc(r.doc_id, r.content_sha256, when, r.word_count, priority, fp,
                       {"url_key": canonicalize(r.url), "site": ref.site, "day": ref.day,
                        "run_id": ref.run_id, "status": self.status, "published": r.published}, alt_ts=alt)
                for r, fp in zip(records, fps) for when, alt in [dedup_times(r, cfg.window_days)]]
        with state.catalog.dedup_lock() as conn:
            self.before_decisions(state, conn)
            result = DedupIndex(conn, cfg).add_batch(docs)
            # stories in the same transaction: decided against the same state as the clusters
            stories = StoryIndex(conn, state.ctx.settings.stories).assign(
                [StoryDoc(r.doc_id, d.cluster_id, d.is_canonical, doc.dedup_time(), r.language, r.title, r.text)
                 for r, doc in zip(records, docs) if (d := result.decisions.get(r.doc_id))])
            moved = moved_documents(conn, stories.merged)
            # a redirected article also answers to the URL discovery scheduled: skip it next time
            Catalog.add_aliases(conn, {
                canonicalize(r.extras["requested_url"]): r.doc_id for r in records
                if r.doc_id in result.decisions and r.extras.get("requested_url")
                and canonicalize(r.extras["requested_url"]) != canonicalize(r.url)})
        return Decided(records, result.decisions, result.restated + moved, stories)


def dedup_times(rec: Record, window_days: int) -> tuple[int | None, int | None]:
    """(the time a record is deduped at, a second time to look for copies around, or None).

    A page date that contradicts its URL or sitemap/feed date may be another article's: copies
    are looked for around the anchor's day then (pipeline/extract/pubdate.py). And around the day
    the page was discovered (sitemap/feed entry) or fetched, when that is far from the page's
    date: a wrong date with nothing to contradict it loses no copy."""
    when = epoch(rec.extras.get("dedup_date") or rec.published)
    seen_day = epoch(rec.extras.get("discovered_date") or (rec.fetched_at or "")[:10] or None)
    far = when is not None and seen_day is not None and abs(seen_day - when) > window_days * 86400
    return when, seen_day if far else None
