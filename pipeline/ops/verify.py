"""`newsarchive verify [--repair]`: the archive checked against itself and the catalog.

Checks, each problem one `Problem(kind, where, detail)`:
  missing_file     a file a manifest names is not there, or does not parse
  count_mismatch   a manifest's records_count is not the number of rows of its records file
  bad_raw          a record's `raw` pointer does not resolve to a WARC response of its URL
  duplicate_doc    a doc_id in two current records (two manifests, or twice in one)
  unnamed_file     a record file or WARC of a partition that its manifest does not name
  archive_only     a current record the catalog does not know as published
  catalog_only     a document the catalog has published that no current record holds
  unfinished_run   a run left `running` (or failed with staged documents) with none in flight

`--repair` fixes what is safe to fix without the data: unfinished runs are settled as the next run
would settle them (pipeline/ops/recovery.py: the manifest decides), then unnamed files are deleted.
What needs the data back (a missing file, a record the catalog does not know) is only reported:
`reprocess` and `catalog rebuild` are the tools for those. Do not repair while runs are in flight.
The last result is kept at reports/verify.json and shown on the reports index.
"""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator

from pipeline.store.archive import VERIFY_KEY, read_jsonl_gz
from pipeline.store.catalog import Catalog, documents
from pipeline.ops.recovery import reconcile_site, unnamed_files


@dataclass
class Problem:
    kind: str
    where: str
    detail: str = ""


def _check_raw(storage, rec: dict) -> str | None:
    raw = rec.get("raw") or {}
    try:
        data = storage.get_range(raw["warc"], int(raw["offset"]), int(raw["length"]))
        for item in ArchiveIterator(io.BytesIO(data)):
            if item.rec_type == "response":
                url = item.rec_headers.get_header("WARC-Target-URI")
                return None if url == rec.get("url") else f"points at {url}"
        return "no response record there"
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with the pointer is the finding
        return f"{type(exc).__name__}: {exc}"[:200]


def check(storage, catalog: Catalog, raw_pointers: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}  # doc_id -> manifest key of every current record
    unfinished = [r for site in catalog.run_sites() for r in catalog.unfinished_runs(site)]
    in_flight = {(r["site"], r["day"]) for r in unfinished}
    manifests = [k for k in storage.list("manifests/") if k.endswith(".json")]
    for key in manifests:
        try:
            manifest = json.loads(storage.get_bytes(key))
        except Exception as exc:  # noqa: BLE001
            problems.append(Problem("missing_file", key, f"manifest does not parse: {exc}"[:200]))
            continue
        rows = _check_files(storage, key, manifest, problems)
        if rows is not None:
            _check_rows(storage, key, manifest, rows, seen, raw_pointers, problems)
        if (manifest.get("site"), manifest.get("day")) not in in_flight:
            problems += [Problem("unnamed_file", orphan, f"not named by {key}")
                         for orphan in unnamed_files(storage, manifest.get("site"), manifest.get("day"), manifest)]
    problems += _unnamed_partitions(storage, manifests, in_flight)
    problems += _catalog_agreement(catalog, seen)
    problems += [Problem("unfinished_run", run["run_id"], f"status {run['status']}") for run in unfinished]
    return problems


def _check_files(storage, key: str, manifest: dict, problems: list[Problem]) -> list[dict] | None:
    """Every file the manifest names exists; returns the records' rows when they parse."""
    rows = None
    warcs = manifest.get("warcs", [])
    named = [("records", manifest.get("records")), ("parquet", manifest.get("parquet")),
             ("rejections", manifest.get("rejections")), *((f"warcs[{i}]", w) for i, w in enumerate(warcs))]
    for name, file_key in named:
        if not file_key or not storage.exists(file_key):
            problems.append(Problem("missing_file", key, f"{name}: {file_key} is not there"))
            continue
        if name == "records":
            try:
                rows = read_jsonl_gz(storage.get_bytes(file_key))
            except Exception as exc:  # noqa: BLE001
                problems.append(Problem("missing_file", file_key, f"does not parse: {exc}"[:200]))
    return rows


def _check_rows(storage, key: str, manifest: dict, rows: list[dict], seen: dict[str, str], raw_pointers: bool,
                problems: list[Problem]) -> None:
    """The count the manifest gives, no doc_id twice in the archive, raw pointers that resolve."""
    if manifest.get("records_count") is not None and manifest["records_count"] != len(rows):
        problems.append(Problem("count_mismatch", key, f"records_count {manifest['records_count']}, file has {len(rows)}"))
    for rec in rows:
        doc_id = rec.get("doc_id")
        if doc_id in seen:
            problems.append(Problem("duplicate_doc", key, f"{doc_id} also in {seen[doc_id]}"))
        seen[doc_id] = key
        if raw_pointers and (why := _check_raw(storage, rec)):
            problems.append(Problem("bad_raw", key, f"{doc_id}: {why}"))


def _unnamed_partitions(storage, manifests: list[str], in_flight: set) -> list[Problem]:
    """Partitions without a manifest: every file there is unnamed (unless a run is writing it)."""
    named_parts = {k[len("manifests/"):-len(".json")] for k in manifests}
    problems = []
    for prefix in ("records/", "raw/"):
        for k in storage.list(prefix):
            part = "/".join(k[len(prefix):].split("/")[:2])
            site_day = tuple(p.split("=", 1)[1] for p in part.split("/")) if part.count("=") == 2 else None
            if part not in named_parts and site_day not in in_flight:
                problems.append(Problem("unnamed_file", k, "no manifest for its partition"))
    return problems


def _catalog_agreement(catalog: Catalog, seen: dict[str, str]) -> list[Problem]:
    """Every current record published in the catalog, and every published document current."""
    with catalog.engine.connect() as conn:
        published = set(conn.execute(select(documents.c.doc_id).where(documents.c.status == "published")).scalars())
    current = set(seen)
    return ([Problem("archive_only", d, f"in {seen[d]}, not published in the catalog") for d in sorted(current - published)]
            + [Problem("catalog_only", d, "published in the catalog, in no current record")
               for d in sorted(published - current)])


def verify(storage, catalog: Catalog, repair: bool = False, raw_pointers: bool = True) -> dict:
    """Check (and with `repair` fix what is safe, then check again); the result is stored."""
    problems = check(storage, catalog, raw_pointers)
    repaired = []
    if repair and problems:
        for site in sorted({r["site"] for s in catalog.run_sites() for r in catalog.unfinished_runs(s)}):
            done = reconcile_site(storage, catalog, site)
            repaired += [f"run {r} published (manifest visible)" for r in done["published"]]
            repaired += [f"run {r} abandoned" for r in done["abandoned"]]
            repaired += [f"deleted {k}" for k in done["files_removed"]]
        for p in check(storage, catalog, raw_pointers=False):
            if p.kind == "unnamed_file":
                storage.delete([p.where])
                repaired.append(f"deleted {p.where}")
        problems = check(storage, catalog, raw_pointers)
    result = {"checked_at": datetime.now(timezone.utc).isoformat(), "ok": not problems,
              "problems": [asdict(p) for p in problems], "repaired": repaired,
              "manifests": sum(1 for k in storage.list("manifests/") if k.endswith(".json"))}
    storage.put_bytes(VERIFY_KEY, json.dumps(result, ensure_ascii=False, indent=1).encode("utf-8"))
    return result

