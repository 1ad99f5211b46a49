"""What a crash left behind, put right before a site's next run.

The manifest is the single commit point. Before a site's run starts (runs of one site never
overlap, see dags/), every earlier run of the site that did not finish is settled by it:

  * its manifest is visible  -> it is published: its staged documents are marked published and
    its run row too (the crash came after the commit point, in the catalog update or the report);
  * it is not visible        -> it never happened: its staged documents are forgotten (their URLs
    are fetched again), its run row is marked failed.

Either way the files no manifest names in its site-day partition are deleted (record files of a
publish killed before its manifest, or a superseded run's, killed before their deletion), and so
are its staging folder and its temporary folders. `crash_point` marks the places the fault tests
kill the process at.
"""
from __future__ import annotations

import glob
import logging
import os
import shutil
import signal
import tempfile

from pipeline.store import archive as layout
from pipeline.store.archive import Archive
from pipeline.dedup.index import discard_unpublished
from pipeline.stories.index import forget_staged_members
from pipeline.store.catalog import documents

log = logging.getLogger("newsarchive.recovery")
CRASH_ENV = "NEWSARCHIVE_CRASH_AT"
TEMP_PREFIXES = ("crawl", "extract", "publish")  # tempfile prefixes the stages use: f"{prefix}-{run_id}-"


def crash_point(name: str) -> None:
    """Die here, as `kill -9` would, when the fault tests ask for it (NEWSARCHIVE_CRASH_AT=name)."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def reconcile_site(storage, catalog, site: str, current_run: str | None = None) -> dict:
    """Settle every unfinished earlier run of `site` (see the module doc); returns what was done."""
    arch = Archive(storage)
    done = {"published": [], "abandoned": [], "files_removed": []}
    for run in catalog.unfinished_runs(site):
        run_id, day = run["run_id"], run["day"]
        if run_id == current_run:
            continue
        manifest = arch.manifest(site, day)
        if manifest and manifest.get("run_id") == run_id:
            catalog.mark_published(run_id)
            catalog.finish_run(run_id, "published", {**(run.get("stats") or {}), "site": site, "day": day,
                                                     "reconciled": "manifest visible; the run stopped after it"})
            done["published"].append(run_id)
        else:  # its staged documents go with the site's below
            catalog.finish_run(run_id, "failed", {**(run.get("stats") or {}), "site": site, "day": day,
                                                  "error": (run.get("stats") or {}).get("error")
                                                  or "abandoned: stopped before publishing (killed or crashed)"})
            rejections = layout.rejections_key(site, day, run_id)
            if storage.exists(rejections):
                storage.delete([rejections])
                done["files_removed"].append(rejections)
            done["abandoned"].append(run_id)
        done["files_removed"] += remove_unnamed(storage, site, day, manifest)
        storage.delete(list(storage.list(f"staging/{run_id}/")))
        remove_temp_dirs(run_id)
    if done["published"] or done["abandoned"]:
        log.warning("%s: settled unfinished runs: %d published (manifest visible), %d abandoned, "
                    "%d unnamed files removed", site, len(done["published"]), len(done["abandoned"]),
                    len(done["files_removed"]))
    # what abandoned runs staged, and documents staged under a run row that no longer exists
    forget_staged_members(catalog, documents.c.site == site)
    discard_unpublished(catalog, site)
    return done


def unnamed_files(storage, site: str, day: str, manifest: dict | None) -> list[str]:
    """Record files and WARCs of a site-day partition that its manifest does not name."""
    named = set()
    if manifest:
        named = {manifest.get("records"), manifest.get("parquet"), *manifest.get("warcs", [])}
    named |= {layout.cdxj_key(k) for k in named if k and k.endswith(".warc.gz")}  # each WARC's index
    part = layout.partition(site, day)
    return [k for prefix in (f"records/{part}/", f"raw/{part}/") for k in storage.list(prefix) if k not in named]


def remove_unnamed(storage, site: str, day: str, manifest: dict | None) -> list[str]:
    doomed = unnamed_files(storage, site, day, manifest)
    if doomed:
        storage.delete(doomed)
    return doomed


def remove_temp_dirs(run_id: str, prefixes: tuple[str, ...] = TEMP_PREFIXES) -> None:
    """The stages' temporary folders of a run (left behind when its process was killed)."""
    for prefix in prefixes:
        for path in glob.glob(os.path.join(tempfile.gettempdir(), f"{prefix}-{glob.escape(run_id)}-*")):
            shutil.rmtree(path, ignore_errors=True)
