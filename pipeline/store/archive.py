"""The archive's layout and its file formats, over any Storage.

    raw/site=S/date=D/RUN.warc.gz            raw responses, WARC, gzip per record
    raw/site=S/date=D/RUN.cdxj               its CDXJ index (URL -> record offset), for pywb
    records/site=S/date=D/RUN.jsonl.gz       clean records (Hive-style partitions, so pyarrow,
    records/site=S/date=D/RUN.parquet        DuckDB or Spark read them without this tool)
    rejections/site=S/date=D/RUN.jsonl.gz    what was fetched but not kept, and why
    reports/site=S/date=D/RUN.json           the run report
    manifests/site=S/date=D.json             the site-day's current run: written last
    reports/verify.json                      the last `newsarchive verify` result

A site-day is visible through its manifest only: readers that start from manifests never see
half a run, and a rerun swaps the manifest in one atomic put.
"""
from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator

from pipeline.record import RECORD_SCHEMA, Record
from pipeline.store.storage import Storage


def partition(site: str, day: str) -> str:
    return f"site={site}/date={day}"


def raw_key(site, day, run_id):
    return f"raw/{partition(site, day)}/{run_id}.warc.gz"


def cdxj_key(warc_key: str) -> str:
    """The CDXJ index beside a WARC: raw/.../RUN.cdxj."""
    return warc_key.removesuffix(".warc.gz") + ".cdxj"


def records_key(site, day, run_id, ext):
    return f"records/{partition(site, day)}/{run_id}.{ext}"


def rejections_key(site, day, run_id):
    return f"rejections/{partition(site, day)}/{run_id}.jsonl.gz"


def report_key(site, day, run_id):
    return f"reports/{partition(site, day)}/{run_id}.json"


def manifest_key(site, day):
    return f"manifests/{partition(site, day)}.json"


def staging_key(run_id, name):
    return f"staging/{run_id}/{name}"


# The files of a run's staging area (staging/RUN/NAME), which the stages hand on to each other;
# the spider writes the first four under these names into its output folder.
CRAWL_WARC = "crawl.warc.gz"
CRAWL_ERRORS = "crawl_errors.jsonl"  # requests that failed, one JSON line each
CRAWL_LOG = "crawl.log"
CRAWL_STATS = "crawl_stats.json"  # what the spider writes at close, beside its WARC
STAGED_RECORDS = "records.jsonl.gz"  # extract -> publish
STAGED_REJECTIONS = "rejections.jsonl.gz"
RESTATE = "restate.json"  # other site-days whose cluster fields this run changed
PUBLISH_BASE = "publish_base.json"  # the manifest a publish builds on, kept for its retries


def stage_stats(stage: str) -> str:
    """A finished stage's stats (its retry rule: pipeline/stages/base.py)."""
    return f"{stage}_stats.json"

VERIFY_KEY = "reports/verify.json"  # the last `newsarchive verify` result


def jsonl_gz(rows: Iterable[dict]) -> bytes:
    buf = io.BytesIO()
    # mtime=0: the same records give the same bytes, so reruns are comparable.
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        for row in rows:
            gz.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
    return buf.getvalue()


def put_json(storage: Storage, key: str, obj) -> None:
    storage.put_bytes(key, json.dumps(obj, ensure_ascii=False, indent=1, default=str).encode())


def get_json(storage: Storage, key: str, default=None):
    """A JSON file of the archive (stage stats, a report, a manifest); `default` when it is not
    there. ValueError when it does not parse."""
    return json.loads(storage.get_bytes(key)) if storage.exists(key) else default


def read_jsonl_gz(data: bytes) -> list[dict]:
    return [json.loads(line) for line in gzip.decompress(data).splitlines() if line.strip()]


def parquet_bytes(rows: list[dict]) -> bytes:
    table = pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


class Archive:
    def __init__(self, storage: Storage):
        self.storage = storage

    def manifest(self, site: str, day: str) -> dict | None:
        key = manifest_key(site, day)
        return json.loads(self.storage.get_bytes(key)) if self.storage.exists(key) else None

    def manifests(self, site: str | None = None) -> Iterator[dict]:
        prefix = f"manifests/site={site}/" if site else "manifests/"
        for key in self.storage.list(prefix):
            if key.endswith(".json"):
                yield json.loads(self.storage.get_bytes(key))

    def records(self, manifest: dict) -> list[Record]:
        """The site-day's current records (the manifest's JSONL file)."""
        return [Record.from_row(row) for row in read_jsonl_gz(self.storage.get_bytes(manifest["records"]))]

    def write_records(self, site: str, day: str, tag: str, records: list[Record]) -> dict[str, str]:
        """A site-day's records as JSONL.gz and Parquet under `tag` (a run id); not visible
        until a manifest names them. Returns {"records": key, "parquet": key}."""
        rows = [r.to_dict() for r in records]
        keys = {"records": records_key(site, day, tag, "jsonl.gz"), "parquet": records_key(site, day, tag, "parquet")}
        self.storage.put_bytes(keys["records"], jsonl_gz(rows))
        self.storage.put_bytes(keys["parquet"], parquet_bytes(rows))
        return keys

    def put_manifest(self, manifest: dict) -> None:
        """The moment a site-day's files become visible: one put replaces the manifest."""
        key = manifest_key(manifest["site"], manifest["day"])
        self.storage.put_bytes(key, json.dumps(manifest, ensure_ascii=False, indent=1, default=str).encode())

    def requested_url(self, raw: dict) -> str | None:
        """The URL discovery scheduled for an archived response, when a redirect led elsewhere
        (the WARC record's Newsarchive-Requested-URI header, set by spiders/warc.py)."""
        data = self.storage.get_range(raw["warc"], raw["offset"], raw["length"])
        for rec in ArchiveIterator(io.BytesIO(data)):
            return rec.rec_headers.get_header("Newsarchive-Requested-URI")
        return None

    def warc_responses(self, key: str) -> Iterator[dict]:
        """Every response of an archived WARC (iter_warc_responses over a local copy)."""
        with tempfile.TemporaryDirectory(prefix="warc-") as tmp:
            local = Path(tmp) / "w.warc.gz"
            self.storage.download(key, local)
            yield from iter_warc_responses(local)

    def raw_response(self, raw: dict) -> tuple[str, dict, bytes]:
        """(url, http headers, body) of one archived response, read by its WARC offset."""
        data = self.storage.get_range(raw["warc"], raw["offset"], raw["length"])
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type == "response":
                headers = dict(rec.http_headers.headers) if rec.http_headers else {}
                return rec.rec_headers.get_header("WARC-Target-URI"), headers, rec.content_stream().read()
        raise ValueError(f"no response record at {raw}")


def write_cdxj(warc_path, out_path, filename: str) -> None:
    """A sorted CDXJ index of a local WARC (cdxj-indexer, what pywb's tools write); `filename`
    is the WARC's name as the index records it."""
    from cdxj_indexer import CDXJIndexer

    CDXJIndexer(str(out_path), [str(warc_path)], sort=True, filename=filename).process_all()


def iter_warc_responses(path) -> Iterator[dict]:
    """Every response record of a local WARC file with its offset and length in the file."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            if rec.rec_type != "response":
                continue
            headers = dict(rec.http_headers.headers) if rec.http_headers else {}
            status = int(rec.http_headers.get_statuscode() or 0) if rec.http_headers else 0
            body = rec.content_stream().read()
            item = {"url": rec.rec_headers.get_header("WARC-Target-URI"),
                    # set by spiders/warc.py when a redirect led elsewhere than the scheduled URL
                    "requested_url": rec.rec_headers.get_header("Newsarchive-Requested-URI"),
                    "discovered_date": rec.rec_headers.get_header("Newsarchive-Discovered-Date"),
                    "role": rec.rec_headers.get_header("Newsarchive-Role") or "article",
                    "fetched_at": rec.rec_headers.get_header("WARC-Date"),
                    "status": status, "headers": headers, "body": body,
                    "content_type": next((v for k, v in headers.items() if k.lower() == "content-type"), None)}
            it.read_to_end()
            item["offset"] = it.get_record_offset()
            item["length"] = it.get_record_length()
            yield item
