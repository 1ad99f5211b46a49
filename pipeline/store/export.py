"""The analysts' pull: records from the archive's manifests, filtered, as JSONL, CSV or Parquet.

Reads only what manifests point at, so an export never includes half a run.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.archive import Archive
from pipeline.record import RECORD_FIELDS, RECORD_SCHEMA, Record
from pipeline.store.storage import open_storage

FORMATS = ("jsonl", "csv", "parquet")


@dataclass(frozen=True)
class Filters:
    since: date | None = None  # on the article's published date (fetch date when it has none)
    until: date | None = None
    site: str | None = None
    lang: str | None = None
    topic: str | None = None
    include_duplicates: bool = False
    story: str | None = None

    def keep(self, rec: Record) -> bool:
        if not self.include_duplicates and not rec.is_canonical:
            return False
        if self.story and rec.story_id != self.story:
            return False
        if self.lang and rec.language != self.lang:
            return False
        if self.topic and self.topic not in (rec.topics or []):
            return False
        if self.since or self.until:
            day = _record_day(rec)
            if day is None or (self.since and day < self.since) or (self.until and day > self.until):
                return False
        return True


def _record_day(rec: Record) -> date | None:
    for value in (rec.published, rec.fetched_at):
        if value:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        return fmt
    suffix = path.name.lower().split(".")[-1] if "." in path.name else ""
    return {"jsonl": "jsonl", "json": "jsonl", "csv": "csv", "parquet": "parquet", "pq": "parquet"}.get(suffix, "jsonl")


def collect(archive_url: str, filters: Filters, progress: Callable[[int, int], None] | None = None) -> list[Record]:
    arch = Archive(open_storage(archive_url))
    manifests = list(arch.manifests(filters.site))
    records = []
    for i, manifest in enumerate(manifests, 1):
        records.extend(r for r in arch.records(manifest) if filters.keep(r))
        if progress:
            progress(i, len(manifests))
    records.sort(key=lambda r: (r.published or "", r.site, r.doc_id))
    return records


def write(records: list[Record], out: Path, fmt: str) -> None:
    rows = [r.to_dict() for r in records]
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with open(out, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=RECORD_FIELDS)
            writer.writeheader()
            for row in rows:  # lists and the raw pointer as JSON, so the cell round-trips
                writer.writerow({k: json.dumps(row.get(k), ensure_ascii=False)
                                 if isinstance(row.get(k), (list, dict)) else row.get(k) for k in RECORD_FIELDS})
    elif fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), out, compression="zstd")
    else:
        raise ValueError(f"unknown format {fmt!r}")


def export(archive_url: str, out: Path, fmt: str | None, filters: Filters, progress=None) -> int:
    fmt = format_for(out, fmt)
    rows = collect(archive_url, filters, progress)
    write(rows, out, fmt)
    return len(rows)
