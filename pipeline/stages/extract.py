"""Stage 2, extract and dedup: the crawl's WARC -> Records and Rejections, staged for publish.

    download    the staged WARC into the scratch folder
    learn       pass 1: the site template, from a sample of the run's articles, its sibling and
                listing pages, and the site's history in the catalog
    extract     pass 2: one article at a time -> a Record, or a Rejection with its reason
    errors      the crawl's failed requests, as bad_response rejections
    dedup       cluster decisions for the run's records, one locked catalog transaction
    save        records, rejections and the partitions to restate, to staging

Memory holds the learning sample and one page, not the whole crawl.
"""
from __future__ import annotations

import json
import time
from collections import Counter

from pipeline.config import check_site_topics
from pipeline.dedup.index import discard_run
from pipeline.stories.index import forget_staged_members
from pipeline.store.catalog import documents
from pipeline.extract.content import not_html
from pipeline.extract.extractor import decode_html, extractor_for
from pipeline.extract.topics import TopicMatcher
from pipeline.ops.recovery import crash_point
from pipeline.record import RejectReason, Rejection
from pipeline.stages.base import Stage, StageState, Step, put_json
from pipeline.stages.dedup import Dedup
from pipeline.store import archive as layout
from pipeline.store.archive import iter_warc_responses, jsonl_gz


def html_responses(state: StageState, record_rejections: bool = False):
    """The WARCs' responses that are HTML pages, one at a time, each with its `raw` pointer. A
    PNG or a PDF at an article URL is not an article of 1,000 "words": with `record_rejections`,
    it is recorded as a not_html rejection."""
    for local, warc in state.data["warcs"]:
        for r in iter_warc_responses(local):
            r["raw"] = {"warc": warc, "offset": r["offset"], "length": r["length"]}
            if not (why := not_html(r["body"], r["content_type"])):
                yield r
            elif record_rejections and r["role"] == "article":
                state.data["rejections"].append(Rejection(r["url"], state.ref.site, RejectReason.NOT_HTML, why,
                                                          r["raw"], state.ref.run_id))


class Download(Step):
    """The crawl's WARC, staged by the crawl stage, under the key publish will give it."""

    name = "download"

    def run(self, state: StageState) -> dict:
        staged, local = state.staging(layout.CRAWL_WARC), state.tmp / layout.CRAWL_WARC
        state.data["warcs"] = []
        if state.storage.exists(staged):
            state.storage.download(staged, local)
            state.data["warcs"].append((local, layout.raw_key(state.ref.site, state.ref.day, state.ref.run_id)))
        return {}


class Learn(Step):
    """Pass 1: at most extract.template_pages articles (and template_chars characters) are
    learnt from, plus every sibling and listing page; those are never extracted or published.
    `save`: the run's template is added to the site's history in the catalog (a reprocess reads
    pages the history has counted already, so it does not)."""

    name = "learn"

    def __init__(self, save: bool = True):
        self.save = save

    def run(self, state: StageState) -> dict:
        settings = state.ctx.settings.extract
        sample, siblings, listings, articles, chars = [], [], [], 0, 0
        for r in html_responses(state, record_rejections=True):
            html = decode_html(r["body"], r["content_type"]) if r["role"] != "article" or (
                len(sample) < settings.template_pages and chars < settings.template_chars) else None
            if r["role"] == "article":
                articles += 1
                if html is not None:
                    sample.append(html)
                    chars += len(html)
            else:
                (siblings if r["role"] == "sibling" else listings).append(html)
        t0 = time.perf_counter()
        state.data["extractor"] = extractor_for(state.ctx.site(state.ref.site), sample + siblings, listings,
                                                catalog=state.catalog, save=self.save, min_words=settings.min_words,
                                                max_chars=settings.max_page_chars)
        learn_ms = (time.perf_counter() - t0) * 1000
        state.data["articles_seen"] = articles
        return {"responses": articles, "sibling_pages": len(siblings) + len(listings),
                "template_learn_ms": round(learn_ms, 1) if articles else None}


class Extract(Step):
    """Pass 2: every article page -> a Record (topics, fetch time and WARC pointer set) or a
    Rejection; a record of none of the site's topics is a topic_mismatch rejection."""

    name = "extract"

    def run(self, state: StageState) -> dict:
        ref, site = state.ref, state.ctx.site(state.ref.site)
        matcher, extractor = TopicMatcher(state.ctx.topics), state.data["extractor"]
        records, ms, total = state.data["records"], [], state.data["articles_seen"]
        only = state.data.get("only")  # reprocess: the latest response of each URL
        for resp in (r for r in html_responses(state) if r["role"] == "article"):
            if only is not None and (resp["raw"]["warc"], resp["offset"]) not in only:
                continue
            if state.progress:
                state.progress("extract", len(ms) + 1, total)
            t0 = time.perf_counter()
            result = extractor.extract(decode_html(resp["body"], resp["content_type"]), resp["url"],
                                       {"discovered": resp.get("discovered_date")})
            ms.append((time.perf_counter() - t0) * 1000)
            result.raw, result.run_id = resp["raw"], ref.run_id
            if isinstance(result, Rejection):
                state.data["rejections"].append(result)
                continue
            result.topics = matcher.match(result.title or "", result.text)
            if site.topics and not set(site.topics) & set(result.topics):
                state.data["rejections"].append(Rejection(resp["url"], ref.site, RejectReason.TOPIC_MISMATCH,
                                                          f"topics {result.topics} not in {site.topics}",
                                                          resp["raw"], ref.run_id))
                continue
            result.fetched_at = resp["fetched_at"]
            result.extras.update(requested_url=resp.get("requested_url"), discovered_date=resp.get("discovered_date"))
            records.append(result)
        return {"extract_ms_per_page": round(sum(ms) / len(ms), 2) if ms else None,
                # which source gave each date, and dates that contradict their URL or sitemap/feed entry
                "date_sources": dict(Counter(r.extras.get("date_source") or "none" for r in records)),
                "date_conflicts": [{"url": r.url, "conflict": r.extras["date_conflict"]}
                                   for r in records if r.extras.get("date_conflict")]}


class CrawlErrors(Step):
    """Requests the crawl could not complete (HTTP errors, refusals) are rejections too."""

    name = "errors"

    def run(self, state: StageState) -> dict:
        key = state.staging(layout.CRAWL_ERRORS)
        if state.storage.exists(key):
            for line in state.storage.get_bytes(key).decode().splitlines():
                if line.strip():
                    err = json.loads(line)
                    detail = f"{err.get('status') or ''} {err.get('reason') or ''}".strip()
                    state.data["rejections"].append(Rejection(err["url"], state.ref.site, RejectReason.BAD_RESPONSE,
                                                              detail, None, state.ref.run_id))
        return {}


class Save(Step):
    """The stage's output, in staging: what publish reads."""

    name = "save"

    def run(self, state: StageState) -> dict:
        crash_point("extract.after_dedup")
        records, rejections = state.data["records"], state.data["rejections"]
        state.storage.put_bytes(state.staging(layout.STAGED_RECORDS), jsonl_gz(r.to_dict() for r in records))
        state.storage.put_bytes(state.staging(layout.STAGED_REJECTIONS), jsonl_gz(r.to_dict() for r in rejections))
        put_json(state.storage, state.staging(layout.RESTATE), state.data.get("restated", []))
        return {"rejected": len(rejections), "rejected_by_reason": dict(Counter(str(r.reason) for r in rejections))}


class ExtractStage(Stage):
    """A finished extraction is not redone; a killed one's staged documents are forgotten first."""

    name = "extract"

    def undo(self, state: StageState) -> None:
        forget_staged_members(state.catalog, documents.c.run_id == state.ref.run_id)
        discard_run(state.catalog, state.ref.run_id)

    def steps(self, state: StageState) -> list[Step]:
        check_site_topics(state.ctx.site(state.ref.site), state.ctx.topics, state.ctx.config_dir)
        state.data.update(records=[], rejections=[])
        return [Download(), Learn(), Extract(), CrawlErrors(), Dedup(), Save()]
