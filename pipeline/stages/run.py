"""One site-day run in four stages; the CLI and the Airflow tasks call the same functions.

    crawl          Scrapy in its own process -> WARC + crawl stats, uploaded to staging/RUN/
    extract_dedup  WARC -> records or rejections; dedup decisions under the catalog lock,
                   documents staged in the catalog -> staging/RUN/records.jsonl.gz
    publish        WARC, record files (JSONL.gz + Parquet), rejections to their partitions;
                   manifest last (the run becomes visible at once); catalog marked published
    report         counts, reasons, timings -> reports/..., run marked finished

Stages exchange only the run id: everything else is in the archive's staging area, so each
stage can run on a different machine (Airflow workers).
"""
from __future__ import annotations

import json
import logging
import secrets
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from pipeline.store import archive as layout
from pipeline.dedup import clusters
from pipeline.store.archive import Archive, iter_warc_responses, jsonl_gz, parquet_bytes, read_jsonl_gz, write_cdxj
from pipeline.store.catalog import Catalog
from pipeline.config import check_site_topics
from pipeline.extract.content import not_html
from pipeline.context import Context
from pipeline.dedup.fingerprint import epoch, fingerprints
from pipeline.dedup.index import DedupIndex, NewDoc, discard_run
from pipeline.extract.extractor import Extracted, Extractor, decode_html, site_template
from pipeline.record import Record, Rejection
from pipeline.ops.recovery import crash_point, reconcile_site
from pipeline.store.storage import open_storage
from pipeline.extract.topics import TopicMatcher
from pipeline.urls import canonicalize, doc_id_for

log = logging.getLogger("newsarchive.run")
Progress = Callable[[str, int, int | None], None]  # (what, done, total)
FINGERPRINT_SLICE = 32  # texts fingerprinted per call


@dataclass(frozen=True)
class RunRef:
    """What Airflow passes between tasks: small, JSON-able."""

    run_id: str
    site: str
    day: str

    def to_dict(self):
        return {"run_id": self.run_id, "site": self.site, "day": self.day}


def new_run(ctx: Context, site: str, day: str | None = None) -> RunRef:
    ctx.site(site)  # fail early, with the config error, on an unknown or broken site
    day = day or date.today().isoformat()
    date.fromisoformat(day)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return RunRef(f"{site}-{day}-{stamp}-{secrets.token_hex(2)}", site, day)


def _put_json(storage, key, obj):
    storage.put_bytes(key, json.dumps(obj, ensure_ascii=False, indent=1, default=str).encode())


def _get_json(storage, key, default=None):
    return json.loads(storage.get_bytes(key)) if storage.exists(key) else default


# ---- stage 1 ---------------------------------------------------------------------------------
def crawl(ctx: Context, ref: RunRef, *, since: str | None = None, until: str | None = None,
          max_pages: int | None = None) -> dict:
    from pipeline.stages.crawl_process import run_crawl

    storage = open_storage(ctx.archive)
    done = _get_json(storage, layout.staging_key(ref.run_id, "crawl_stats.json"))
    if done is not None:  # a retried task whose crawl had finished: nothing to fetch again
        return done
    with Catalog(ctx.catalog) as catalog:
        # what crashed or killed runs of this site left behind (the manifest decides)
        reconcile_site(storage, catalog, ref.site, current_run=ref.run_id)
        catalog.start_run(ref.run_id, ref.site, ref.day)
    crash_point("crawl.start")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"crawl-{ref.run_id}-") as tmp:
        out = Path(tmp)
        stats = run_crawl(ref.site, ref.run_id, out, env=ctx.env(), max_pages=max_pages,
                          since=since, until=until)
        for name in ("crawl.warc.gz", "crawl_errors.jsonl", "crawl.log"):
            if (out / name).exists():
                storage.put_file(layout.staging_key(ref.run_id, name), out / name)
    stats["stage_s"] = round(time.monotonic() - started, 3)
    stats["window"] = {"since": since, "until": until}  # a backfill collects only its day's entries
    _put_json(storage, layout.staging_key(ref.run_id, "crawl_stats.json"), stats)
    return stats


# ---- stage 2 ---------------------------------------------------------------------------------
def extract_dedup(ctx: Context, ref: RunRef, progress: Progress | None = None) -> dict:
    started = time.monotonic()
    site = ctx.site(ref.site)
    check_site_topics(site, ctx.topics, ctx.config_dir)
    storage = open_storage(ctx.archive)
    done = _get_json(storage, layout.staging_key(ref.run_id, "extract_stats.json"))
    if done is not None:  # a retried task whose extraction had finished
        return done
    catalog = Catalog(ctx.catalog)
    try:  # an earlier attempt of this stage may have staged documents before it died: undo them
        discard_run(catalog, ref.run_id)
    finally:
        catalog.close()
    matcher = TopicMatcher(ctx.topics)
    warc = layout.raw_key(ref.site, ref.day, ref.run_id)  # where publish will put it
    extracted: list[tuple[Extracted, dict]] = []
    rejections: list[Rejection] = []

    with tempfile.TemporaryDirectory(prefix=f"extract-{ref.run_id}-") as tmp:
        local = Path(tmp) / "crawl.warc.gz"
        has_warc = storage.exists(layout.staging_key(ref.run_id, "crawl.warc.gz"))
        if has_warc:
            storage.download(layout.staging_key(ref.run_id, "crawl.warc.gz"), local)
        # Pass 1: learn the site template from the run's pages (at most extract.template_pages
        # articles, plus sibling and listing pages, plus the site's history in the catalog).
        # Pass 2: extract the articles one at a time. Memory holds the learning sample and one
        # page, not the whole crawl. Sibling and listing pages are never extracted or published.
        cap, cap_chars = ctx.settings.extract.template_pages, ctx.settings.extract.template_chars
        sample, siblings, listings, articles, chars = [], [], [], 0, 0
        for r in _html_responses(local if has_warc else None, rejections, ref, warc):
            if r["role"] == "article":
                articles += 1
                if len(sample) < cap and chars < cap_chars:
                    sample.append(decode_html(r["body"], r["content_type"]))
                    chars += len(sample[-1])
            else:
                (siblings if r["role"] == "sibling" else listings).append(decode_html(r["body"], r["content_type"]))
        t_learn = time.perf_counter()
        template = site_template(ctx, ref.site, sample + siblings, save=True, context=listings)
        learn_ms = (time.perf_counter() - t_learn) * 1000
        sibling_count = len(siblings) + len(listings)
        del sample, siblings, listings
        extractor = Extractor(site, ctx.settings.extract.min_words, template=template,
                              max_chars=ctx.settings.extract.max_page_chars)
        ms = []
        i = 0
        for resp in _html_responses(local if has_warc else None, None, ref, warc):
            if resp["role"] != "article":
                continue
            i += 1
            html = decode_html(resp["body"], resp["content_type"])
            raw = {"warc": warc, "offset": resp["offset"], "length": resp["length"]}
            t0 = time.perf_counter()
            result = extractor.extract(html, resp["url"], {"discovered": resp.get("discovered_date")})
            ms.append((time.perf_counter() - t0) * 1000)
            if isinstance(result, Rejection):
                result.raw, result.run_id = raw, ref.run_id
                rejections.append(result)
            else:
                topics = matcher.match(result.title or "", result.text)
                if site.topics and not set(site.topics) & set(topics):
                    rejections.append(Rejection(resp["url"], ref.site, "topic_mismatch",
                                                f"topics {topics} not in {site.topics}", raw, ref.run_id))
                else:
                    extracted.append((result, {"raw": raw, "topics": topics, "fetched_at": resp["fetched_at"],
                                               "requested_url": resp.get("requested_url"),
                                               "discovered_date": resp.get("discovered_date")}))
            if progress:
                progress("extract", i, articles)

    errors_key = layout.staging_key(ref.run_id, "crawl_errors.jsonl")
    if storage.exists(errors_key):
        for line in storage.get_bytes(errors_key).decode().splitlines():
            if line.strip():
                err = json.loads(line)
                rejections.append(Rejection(err["url"], ref.site, "bad_response",
                                            f"{err.get('status') or ''} {err.get('reason') or ''}".strip(),
                                            None, ref.run_id))

    records = _dedup(ctx, ref, site.priority, extracted, rejections)
    crash_point("extract.after_dedup")
    storage.put_bytes(layout.staging_key(ref.run_id, "records.jsonl.gz"), jsonl_gz(r.to_dict() for r in records))
    storage.put_bytes(layout.staging_key(ref.run_id, "rejections.jsonl.gz"),
                      jsonl_gz(r.to_dict() for r in rejections))
    stats = {"responses": articles, "sibling_pages": sibling_count, "articles": len(records),
             "duplicates": sum(not r.is_canonical for r in records),
             "new_clusters": sum(r.is_canonical for r in records),
             "rejected": len(rejections), "rejected_by_reason": dict(Counter(r.reason for r in rejections)),
             # which source gave each date, and dates that contradict their URL or sitemap/feed entry
             "date_sources": dict(Counter(ex.extras.get("date_source") or "none" for ex, _ in extracted)),
             "date_conflicts": [{"url": ex.url, "conflict": ex.extras["date_conflict"]}
                                for ex, _ in extracted if ex.extras.get("date_conflict")],
             "extract_ms_per_page": round(sum(ms) / len(ms), 2) if ms else None,
             "template_learn_ms": round(learn_ms, 1) if articles else None,
             "stage_s": round(time.monotonic() - started, 3)}
    _put_json(storage, layout.staging_key(ref.run_id, "extract_stats.json"), stats)
    return stats


def _dedup(ctx, ref: RunRef, priority: int, extracted, rejections) -> list[Record]:
    """Cluster decisions for this run's articles: one batch, one locked catalog transaction.

    `DedupIndex.add_batch` orders the batch by the canonical rule (earliest published, longest,
    site priority), so within a run the original becomes canonical. Catalog documents of other
    runs whose canonical changed (this run brought an earlier original) are listed in
    staging/RUN/restate.json; publish rewrites their partitions.
    """
    cfg = ctx.settings.dedup
    # in slices: fingerprinting works on one flat word array per call, whose size would grow
    # with the run (measured: ~7 MB a 500 KB article at once, bench/extract_memory.py)
    fps = [fp for i in range(0, len(extracted), FINGERPRINT_SLICE)
           for fp in fingerprints([ex.text for ex, _ in extracted[i:i + FINGERPRINT_SLICE]], cfg)]
    docs, by_id = [], {}
    for (ex, meta), fp in zip(extracted, fps):
        doc_id = doc_id_for(ex.url)
        if doc_id in by_id:  # the same article under two URLs of one canonical form
            rejections.append(Rejection(ex.url, ref.site, "already_archived",
                                        f"doc {doc_id} twice in this run", meta["raw"], ref.run_id))
            continue
        by_id[doc_id] = (ex, meta)
        # A page date that contradicts its URL or sitemap/feed date may be another article's:
        # copies are looked for around the anchor's day then (pipeline/pubdate.py).
        when = epoch(ex.extras.get("dedup_date") or ex.published)
        # And around the day the page was discovered (sitemap/feed entry) or fetched, when that is
        # far from the page's date: a wrong date with nothing to contradict it loses no copy.
        seen_day = epoch(meta.get("discovered_date") or (meta.get("fetched_at") or "")[:10] or None)
        far = when is not None and seen_day is not None and abs(seen_day - when) > cfg.window_days * 86400
        docs.append(NewDoc(doc_id, ex.content_sha256, when, ex.word_count, priority, fp,
                           {"url_key": canonicalize(ex.url), "site": ref.site, "day": ref.day,
                            "run_id": ref.run_id, "status": "staged", "published": ex.published},
                           alt_ts=seen_day if far else None))

    with Catalog(ctx.catalog) as catalog:
        with catalog.dedup_lock() as conn:
            result = DedupIndex(conn, cfg).add_batch(docs)
            # a redirected article also answers to the URL discovery scheduled: skip it next time
            Catalog.add_aliases(conn, {
                canonicalize(meta["requested_url"]): doc_id for doc_id, (ex, meta) in by_id.items()
                if doc_id in result.decisions and meta.get("requested_url")
                and canonicalize(meta["requested_url"]) != canonicalize(ex.url)})
    records = []
    for doc_id, (ex, meta) in by_id.items():
        decision = result.decisions.get(doc_id)
        if decision is None:
            rejections.append(Rejection(ex.url, ref.site, "already_archived",
                                        f"doc {doc_id} is in the catalog", meta["raw"], ref.run_id))
            continue
        records.append(Record(
            doc_id=doc_id, url=ex.url, canonical_url=ex.canonical_url, site=ref.site,
            title=ex.title, authors=ex.authors, published=ex.published, language=ex.language,
            text=ex.text, word_count=ex.word_count, content_sha256=ex.content_sha256,
            cluster_id=decision.cluster_id, is_canonical=decision.is_canonical,
            duplicate_of=decision.duplicate_of, topics=meta["topics"],
            fetched_at=meta["fetched_at"], raw=meta["raw"], run_id=ref.run_id))
    _put_json(open_storage(ctx.archive), layout.staging_key(ref.run_id, "restate.json"), result.restated)
    return records


# ---- stage 3 ---------------------------------------------------------------------------------
def publish(ctx: Context, ref: RunRef) -> dict:
    """Make the run visible at once; a rerun of the site-day replaces its manifest, never adds one.

    A site-day's records are the previous run's (carried forward, the crawler skipped their
    URLs) plus this run's; the WARCs of both stay, since records point into them.
    """
    started = time.monotonic()
    storage = open_storage(ctx.archive)
    arch = Archive(storage)
    new = read_jsonl_gz(storage.get_bytes(layout.staging_key(ref.run_id, "records.jsonl.gz")))
    rejected = read_jsonl_gz(storage.get_bytes(layout.staging_key(ref.run_id, "rejections.jsonl.gz")))
    # The manifest this run builds on, kept in staging by the first attempt: a retried publish
    # (the manifest may already be this run's own) builds on the same one and deletes its files,
    # never its own.
    base_key = layout.staging_key(ref.run_id, "publish_base.json")
    if storage.exists(base_key):
        previous = _get_json(storage, base_key)["manifest"]
    else:
        previous = arch.manifest(ref.site, ref.day)
        if previous and previous.get("run_id") == ref.run_id:  # its first attempt's base was lost
            previous = {**previous, "records": None, "parquet": None}  # its rows still carry forward
        _put_json(storage, base_key, {"manifest": previous})
    new_ids = {r["doc_id"] for r in new}
    carried = ([r for r in read_jsonl_gz(storage.get_bytes(previous_records)) if r["doc_id"] not in new_ids]
               if (previous_records := _records_of(storage, previous, ref)) else [])
    rows = sorted(carried + new, key=lambda r: r["doc_id"])
    catalog = Catalog(ctx.catalog)
    try:  # cluster fields as the catalog has them now (a later run may have brought an earlier original)
        clusters.refresh(catalog, rows)
    finally:
        catalog.close()

    warcs = list(previous.get("warcs", [])) if previous else []
    staged_warc = layout.staging_key(ref.run_id, "crawl.warc.gz")
    if storage.exists(staged_warc):
        raw = layout.raw_key(ref.site, ref.day, ref.run_id)
        with tempfile.TemporaryDirectory() as tmp:
            storage.download(staged_warc, Path(tmp) / "w")
            storage.put_file(raw, Path(tmp) / "w")
            # its CDXJ index beside it: pywb and the Webrecorder tools find a page back by URL
            write_cdxj(Path(tmp) / "w", Path(tmp) / "i", Path(raw).name)
            storage.put_file(layout.cdxj_key(raw), Path(tmp) / "i")
        if raw not in warcs:
            warcs.append(raw)

    keys = {"records": layout.records_key(ref.site, ref.day, ref.run_id, "jsonl.gz"),
            "parquet": layout.records_key(ref.site, ref.day, ref.run_id, "parquet"),
            "rejections": layout.rejections_key(ref.site, ref.day, ref.run_id)}
    storage.put_bytes(keys["records"], jsonl_gz(rows))
    storage.put_bytes(keys["parquet"], parquet_bytes(rows))
    storage.put_bytes(keys["rejections"], jsonl_gz(rejected))
    crash_point("publish.before_manifest")
    manifest = {"site": ref.site, "day": ref.day, "run_id": ref.run_id, **keys, "warcs": warcs,
                "records_count": len(rows), "new_records": len(new), "carried_records": len(carried),
                "published_at": datetime.now(timezone.utc).isoformat(),
                "previous_run": previous["run_id"] if previous else None}
    _put_json(storage, layout.manifest_key(ref.site, ref.day), manifest)  # the moment of visibility
    crash_point("publish.after_manifest")

    with Catalog(ctx.catalog) as catalog:
        catalog.mark_published(ref.run_id)
    if previous:  # the old run's record files are superseded; its WARC is still referenced
        storage.delete([previous[k] for k in ("records", "parquet")
                        if previous.get(k) and previous[k] not in keys.values()])
    # other site-days whose copies now point at an earlier original this run brought
    restate = _get_json(storage, layout.staging_key(ref.run_id, "restate.json"), [])
    with Catalog(ctx.catalog) as catalog:
        restated = clusters.restate_partitions(storage, catalog, restate, ref.run_id, skip=(ref.site, ref.day))
    stats = {"records": len(rows), "new_records": len(new), "carried_records": len(carried),
             "restated_partitions": len(restated),
             "bytes": sum(storage.size(k) for k in (*keys.values(), *warcs[-1:])),
             "stage_s": round(time.monotonic() - started, 3)}
    _put_json(storage, layout.staging_key(ref.run_id, "publish_stats.json"), stats)
    return stats


def _html_responses(local: Path | None, rejections: list | None, ref: RunRef, warc: str):
    """The WARC's responses that are HTML pages, one at a time. A PNG or a PDF at an article URL
    is not an article of 1,000 "words": with `rejections` given, it is recorded there."""
    if local is None:
        return
    for r in iter_warc_responses(local):
        if not (why := not_html(r["body"], r["content_type"])):
            yield r
        elif rejections is not None and r["role"] == "article":
            rejections.append(Rejection(r["url"], ref.site, "not_html", why,
                                        {"warc": warc, "offset": r["offset"], "length": r["length"]}, ref.run_id))


def _records_of(storage, previous: dict | None, ref: RunRef) -> str | None:
    """The records file to carry rows forward from: the base manifest's, or, when a retry finds
    that file already superseded by its own first attempt, that attempt's."""
    if not previous:
        return None
    if previous.get("records") and storage.exists(previous["records"]):
        return previous["records"]
    own = layout.records_key(ref.site, ref.day, ref.run_id, "jsonl.gz")
    current = Archive(storage).manifest(ref.site, ref.day)
    if current and current.get("run_id") == ref.run_id and storage.exists(own):
        return own  # holds the carried rows and this run's: the new ones are taken from staging
    if previous.get("records"):
        raise FileNotFoundError(f"{previous['records']}: the records of the manifest this run builds on are gone")
    return None


# ---- stage 4 ---------------------------------------------------------------------------------
def report(ctx: Context, ref: RunRef) -> dict:
    """The run report (JSON, next to the run's partitions), alerts, the HTML pages; run finished.

    Staging is deleted last, so a retried report task still finds the stage stats."""
    from pipeline.ops import pages

    storage = open_storage(ctx.archive)
    if not storage.exists(layout.staging_key(ref.run_id, "publish_stats.json")):
        existing = _get_json(storage, layout.report_key(ref.site, ref.day, ref.run_id))
        if existing is not None:  # a retried report task after the report was written and staging cleared
            return existing
        raise FileNotFoundError(f"staging/{ref.run_id}/publish_stats.json: run {ref.run_id} was not published")
    stages = {name: _get_json(storage, layout.staging_key(ref.run_id, f"{name}_stats.json"), {})
              for name in ("crawl", "extract", "publish")}
    crawl_s, extract_s, publish_s = stages["crawl"], stages["extract"], stages["publish"]
    rep = {"run_id": ref.run_id, "site": ref.site, "day": ref.day,
           "fetched": crawl_s.get("fetched", 0), "articles": extract_s.get("articles", 0),
           "rejected": extract_s.get("rejected", 0), "rejected_by_reason": extract_s.get("rejected_by_reason", {}),
           "duplicates": extract_s.get("duplicates", 0), "new_clusters": extract_s.get("new_clusters", 0),
           "records_in_partition": publish_s.get("records", 0), "bytes": publish_s.get("bytes", 0),
           "skipped_archived": crawl_s.get("skipped_archived", 0),
           "window": crawl_s.get("window") or {"since": None, "until": None},
           "timings_s": {k: v.get("stage_s") for k, v in stages.items()},
           "date_sources": extract_s.get("date_sources", {}), "date_conflicts": extract_s.get("date_conflicts", []),
           "extract_ms_per_page": extract_s.get("extract_ms_per_page"), "stages": stages,
           "finished_at": datetime.now(timezone.utc).isoformat()}
    with Catalog(ctx.catalog) as catalog:
        history = [r["stats"] or {} for r in catalog.runs_of(ref.site, 30)
                   if r["status"] == "published" and r["run_id"] != ref.run_id]
        rep["alerts"] = pages.check_run(rep, history)
        _put_json(storage, layout.report_key(ref.site, ref.day, ref.run_id), rep)
        crash_point("report.before_finish")
        catalog.finish_run(ref.run_id, "published", {k: v for k, v in rep.items() if k != "stages"})
        pages.write_pages(storage, catalog, ref.site)
    storage.delete(list(storage.list(f"staging/{ref.run_id}/")))
    return rep


def fail(ctx: Context, ref: RunRef, error: str) -> None:
    """Mark the run failed in the catalog (its staged documents are forgotten by the next crawl)
    and show it on the report pages; the error text is cut short, it goes into the archive."""
    from pipeline.ops import pages

    with Catalog(ctx.catalog) as catalog:
        run = catalog.get_run(ref.run_id)
        if run and run["status"] == "running":
            catalog.finish_run(ref.run_id, "failed", {"site": ref.site, "day": ref.day, "error": error[:500]})
            try:
                pages.write_pages(open_storage(ctx.archive), catalog, ref.site)
            except Exception as exc:  # noqa: BLE001 - the storage may be what failed; the catalog has it
                log.warning("report pages not updated after the failure of %s: %s", ref.run_id, exc)


def run_site(ctx: Context, site: str, day: str | None = None, progress: Progress | None = None,
             **crawl_opts) -> dict:
    """All four stages for one site-day, in this process (the crawl in a child process)."""
    ref = new_run(ctx, site, day)
    try:
        if progress:
            progress("crawl", 0, None)
        crawl(ctx, ref, **crawl_opts)
        extract_dedup(ctx, ref, progress)
        if progress:
            progress("publish", 0, None)
        publish(ctx, ref)
        return report(ctx, ref)
    except BaseException as exc:
        fail(ctx, ref, f"{type(exc).__name__}: {exc}")
        raise

