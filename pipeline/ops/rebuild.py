"""`newsarchive catalog rebuild`: a lost or corrupted catalog rebuilt from the archive alone.

What the archive holds, the catalog gets back:

    documents    every current record (manifests name them), with the cluster decisions the
                 records carry: the clusters and canonicals are the archive's, not decided again
    stories      the records' story_ids (a record archived before stories is assigned one),
                 members' signatures and document frequencies computed again from the texts
    fingerprints computed again from the records' texts (the dedup settings of today)
    url aliases  the URL discovery scheduled, kept in each response's WARC record header
                 (a redirected article is not fetched again)
    runs         from the run reports (reports/site=S/date=D/RUN.json) and the manifests
    templates    learnt again from each site's archived pages (articles, sibling and listing
                 pages), at most extract.template_pages articles a site

What it cannot get back: the runs that failed (they left nothing in the archive), the exact
template history (sums over every run, here one learning over the archived pages), and a
record's page-date conflicts (its dedup time is its published date, or its fetch day).
"""
from __future__ import annotations

from typing import Callable

from pipeline.context import Context
from pipeline.dedup.fingerprint import epoch, fingerprints
from pipeline.dedup.index import Decision, DedupIndex, NewDoc
from pipeline.extract.extractor import decode_html, extractor_for
from pipeline.extract.content import not_html
from pipeline.record import Record
from pipeline.stories.index import StoryDoc, StoryIndex
from pipeline.store.archive import Archive, get_json
from pipeline.store.catalog import Catalog, CatalogError
from pipeline.store.storage import open_storage
from pipeline.urls import canonicalize

Progress = Callable[[str, int, int | None], None]
BATCH = 2000  # records fingerprinted and inserted at a time


def rebuild_catalog(ctx: Context, force: bool = False, progress: Progress | None = None) -> dict:
    storage = open_storage(ctx.archive)
    arch = Archive(storage)
    manifests = sorted(arch.manifests(), key=lambda m: (m["site"], m["day"]))
    with Catalog(ctx.catalog) as catalog:
        if catalog.count_documents() and not force:
            raise CatalogError(f"catalog holds {catalog.count_documents()} documents already: "
                               "rebuild into an empty catalog, or pass --force to replace them")
        if force:
            catalog.drop_all()
        stats = {"documents": 0, "aliases": 0, "runs": 0, "template_sites": 0}
        for i, manifest in enumerate(manifests, 1):
            records = arch.records(manifest)
            stats["documents"] += _documents(ctx, catalog, manifest, records)
            stats["aliases"] += _aliases(catalog, arch, records)
            if progress:
                progress("documents", i, len(manifests))
        stats["runs"] = _runs(catalog, storage, manifests)
        sites = sorted({m["site"] for m in manifests})
        for i, site in enumerate(sites, 1):
            stats["template_sites"] += _templates(ctx, catalog, arch, [m for m in manifests if m["site"] == site])
            if progress:
                progress("templates", i, len(sites))
    return stats


def _documents(ctx: Context, catalog: Catalog, manifest: dict, records: list[Record]) -> int:
    """The records of one site-day into the dedup index, with their archived decisions."""
    cfg = ctx.settings.dedup
    priority = ctx.sites[manifest["site"]].priority if manifest["site"] in ctx.sites else 0
    for start in range(0, len(records), BATCH):
        batch = records[start:start + BATCH]
        fps = fingerprints([r.text for r in batch], cfg)
        docs = [NewDoc(r.doc_id, r.content_sha256, epoch(r.published), r.word_count, priority, fp,
                       {"url_key": canonicalize(r.url), "site": manifest["site"], "day": manifest["day"],
                        "run_id": r.run_id or manifest["run_id"], "status": "published", "published": r.published},
                       alt_ts=_alt_time(r, cfg.window_days))
                for r, fp in zip(batch, fps)]
        decisions = {r.doc_id: Decision(r.cluster_id or r.doc_id, bool(r.is_canonical), r.duplicate_of, "archived", 1.0)
                     for r in batch}
        stories = [(StoryDoc(r.doc_id, decisions[r.doc_id].cluster_id, bool(r.is_canonical), d.dedup_time(),
                             r.language, r.title, r.text), r.story_id) for r, d in zip(batch, docs)]
        with catalog.dedup_lock() as conn:
            DedupIndex(conn, cfg).restore(docs, decisions)
            index = StoryIndex(conn, ctx.settings.stories)
            index.restore([(s, story) for s, story in stories if story])
            index.assign([s for s, story in stories if not story])  # archived before stories existed
    return len(records)


def _alt_time(rec: Record, window_days: int) -> int | None:
    """The fetch day, when it is far from the published date (as the dedup step does)."""
    when, seen = epoch(rec.published), epoch((rec.fetched_at or "")[:10] or None)
    return seen if when is not None and seen is not None and abs(seen - when) > window_days * 86400 else None


def _aliases(catalog: Catalog, arch: Archive, records: list[Record]) -> int:
    """The URL discovery scheduled, when a redirect led elsewhere (the WARC record says)."""
    aliases = {}
    for rec in records:
        if not rec.raw:
            continue
        requested = arch.requested_url(rec.raw)
        if requested and canonicalize(requested) != canonicalize(rec.url):
            aliases[canonicalize(requested)] = rec.doc_id
    if aliases:
        with catalog.dedup_lock() as conn:
            Catalog.add_aliases(conn, aliases)
    return len(aliases)


def _runs(catalog: Catalog, storage, manifests: list[dict]) -> int:
    """A run row for every run report, and for every manifest's run (restated partitions
    keep the run that published them)."""
    seen = set()
    for key in sorted(k for k in storage.list("reports/site=") if k.endswith(".json")):
        try:
            rep = get_json(storage, key)
        except ValueError:
            rep = None  # a report that does not parse names no run
        if rep and rep.get("run_id") and rep["run_id"] not in seen:
            catalog.start_run(rep["run_id"], rep["site"], rep["day"])
            catalog.finish_run(rep["run_id"], "published", {k: v for k, v in rep.items() if k != "stages"})
            seen.add(rep["run_id"])
    for m in manifests:
        if m["run_id"] not in seen:
            catalog.start_run(m["run_id"], m["site"], m["day"])
            catalog.finish_run(m["run_id"], "published", {"site": m["site"], "day": m["day"], "rebuilt": True})
            seen.add(m["run_id"])
    return len(seen)


def _templates(ctx: Context, catalog: Catalog, arch: Archive, manifests: list[dict]) -> int:
    """The site's template learnt from its archived pages, newest site-days first (a site no
    longer configured has no template to keep)."""
    site = ctx.sites.get(manifests[0]["site"])
    if site is None:
        return 0
    cap = ctx.settings.extract.template_pages
    pages, context = [], []
    for manifest in sorted(manifests, key=lambda m: m["day"], reverse=True):
        for key in reversed(manifest.get("warcs", [])):
            if len(pages) >= cap:
                break
            for r in arch.warc_responses(key):
                if not_html(r["body"], r["content_type"]):
                    continue
                html = decode_html(r["body"], r["content_type"])
                if r["role"] == "listing":
                    context.append(html)
                elif len(pages) < cap:
                    pages.append(html)
    before = catalog.template_history_pages(site.name)
    extractor_for(site, pages, context, catalog=catalog, save=True)  # learnt and added, as a run does
    return int(catalog.template_history_pages(site.name) > before)
