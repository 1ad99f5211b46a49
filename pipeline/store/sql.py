"""`newsarchive sql "SELECT ..."`: SQL over the archive with an embedded DuckDB, local or S3.

Views, built from the manifests (so never a superseded or unpublished run's file):
  records     the current record files of every site-day (Parquet, read in place)
  rejections  the current runs' rejections
  runs        one row per site-day: its current run, counts, when it was published
S3 is read through pyarrow's S3 filesystem with boto3's settings (AWS_ENDPOINT_URL, credentials,
region from the environment): nothing is downloaded or installed at run time, no DuckDB extension.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from pipeline.record import RECORD_SCHEMA
from pipeline.store.archive import Archive, read_jsonl_gz
from pipeline.store.storage import LocalStorage, S3Storage


def _filesystem(storage):
    """(pyarrow filesystem, key -> path) for the storage's files."""
    if isinstance(storage, S3Storage):
        from pyarrow import fs

        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        s3 = fs.S3FileSystem(endpoint_override=endpoint, region=region) if endpoint else fs.S3FileSystem(region=region)
        return s3, lambda key: f"{storage.bucket}/{storage._key(key)}"
    assert isinstance(storage, LocalStorage)
    return None, lambda key: str(storage._path(key))


def connect(storage):
    """A DuckDB connection with the archive's views."""
    import duckdb

    manifests = list(Archive(storage).manifests())
    filesystem, path = _filesystem(storage)
    files = [path(m["parquet"]) for m in manifests if m.get("parquet")]
    records = ds.dataset(files, schema=RECORD_SCHEMA, format="parquet", filesystem=filesystem) if files \
        else RECORD_SCHEMA.empty_table()
    rejected = []
    for m in manifests:
        if m.get("rejections") and storage.exists(m["rejections"]):
            rejected += [{**r, "day": m["day"]} for r in read_jsonl_gz(storage.get_bytes(m["rejections"]))]
    rejections = pa.Table.from_pylist([{k: json.dumps(v) if isinstance(v, (dict, list)) else v
                                        for k, v in r.items()} for r in rejected]) if rejected \
        else pa.table({"url": pa.array([], pa.string()), "site": pa.array([], pa.string()),
                       "reason": pa.array([], pa.string()), "detail": pa.array([], pa.string())})
    runs = pa.Table.from_pylist([{k: m.get(k) for k in ("site", "day", "run_id", "records_count", "new_records",
                                                       "carried_records", "published_at", "previous_run")}
                                 for m in manifests]) if manifests \
        else pa.table({"site": pa.array([], pa.string()), "day": pa.array([], pa.string()),
                       "run_id": pa.array([], pa.string())})
    con = duckdb.connect()
    con.register("records", records)
    con.register("rejections", rejections)
    con.register("runs", runs)
    con.execute(STORIES_VIEW)
    return con


# One row a story, from the current records: the one definition of a story's row, for this view,
# `newsarchive stories` and the demo (story_rows). The title is the earliest canonical's.
STORIES_VIEW = """
CREATE VIEW stories AS
SELECT story_id,
       coalesce(arg_min(title, coalesce(published, fetched_at)) FILTER (WHERE is_canonical),
                arg_min(title, coalesce(published, fetched_at))) AS title,
       min(coalesce(published, fetched_at)) AS first_seen,
       max(coalesce(published, fetched_at)) AS last_seen,
       list(DISTINCT site ORDER BY site) AS outlets,
       count(*) FILTER (WHERE is_canonical) AS articles,
       count(*) FILTER (WHERE NOT is_canonical) AS copies,
       list(DISTINCT coalesce(language, '') ORDER BY coalesce(language, '')) AS languages
FROM records WHERE story_id IS NOT NULL GROUP BY story_id
"""


def story_rows(records) -> list[dict]:
    """The stories view over these records (Records, already filtered), latest coverage first."""
    import duckdb

    con = duckdb.connect()
    try:
        con.register("records", pa.Table.from_pylist([r.to_dict() for r in records], schema=RECORD_SCHEMA))
        con.execute(STORIES_VIEW)
        cur = con.execute("SELECT * FROM stories ORDER BY last_seen DESC, story_id DESC")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


def query(storage, sql: str):
    """(column names, rows) of one statement; ValueError with DuckDB's first line on bad SQL."""
    import duckdb

    con = connect(storage)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.Error as exc:
        raise ValueError(f"sql: {str(exc).strip().splitlines()[0]}") from None
    finally:
        con.close()


def write(columns: list[str], rows: list[tuple], fmt: str, out) -> None:
    """csv | jsonl to a text stream, parquet to a path."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist([dict(zip(columns, r)) for r in rows]), out)
        return
    if fmt == "csv":
        import csv

        w = csv.writer(out)
        w.writerow(columns)
        w.writerows([[json.dumps(v, default=str) if isinstance(v, (dict, list)) else v for v in r] for r in rows])
        return
    for r in rows:
        out.write(json.dumps(dict(zip(columns, r)), ensure_ascii=False, default=str) + "\n")


def format_for(out: Path | None, fmt: str | None) -> str:
    fmt = fmt or (out.suffix.lstrip(".").lower() if out else None) or "table"
    if fmt not in ("table", "csv", "jsonl", "parquet"):
        raise ValueError(f"--format {fmt!r}: want csv, jsonl or parquet")
    if fmt == "parquet" and out is None:
        raise ValueError("--format parquet needs --out FILE")
    return fmt
