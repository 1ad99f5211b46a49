"""`newsarchive sql` at archive scale: count and filter N synthetic records (local archive).

    .venv/bin/python bench/sql.py [--records 1000000] [--partitions 50]

Writes N records of the real schema into `partitions` site-day partitions (Parquet + manifest, as
publish does) in a scratch folder, then times, through pipeline.store.sql.query (views built from the
manifests): a count, a filtered count, and a group-by. Prints seconds; the last line is JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=50)
    args = parser.parse_args()

    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.store import archive as layout
    from pipeline.store.archive import RECORD_SCHEMA
    from pipeline.store.sql import query
    from pipeline.store.storage import LocalStorage

    with tempfile.TemporaryDirectory(prefix="bench-sql-") as tmp:
        storage = LocalStorage(tmp)
        per = args.records // args.partitions
        t0 = time.perf_counter()
        for p in range(args.partitions):
            site, day = f"site{p % 10}", f"2026-01-{1 + p // 10:02d}"
            run_id = f"{site}-{day}-bench"
            n = per if p < args.partitions - 1 else args.records - per * (args.partitions - 1)
            ids = [f"{p:04d}{i:08d}" for i in range(n)]
            cols = {"doc_id": ids, "url": [f"https://{site}.test/{i}" for i in ids],
                    "canonical_url": [None] * n, "site": [site] * n, "title": [f"Title {i}" for i in ids],
                    "authors": [[]] * n, "published": [f"{day}T08:00:00+00:00"] * n,
                    "language": ["ar" if i.endswith(("0", "1", "2")) else "en" for i in ids],
                    "text": ["word " * 20] * n, "word_count": [20 + int(i[-2:]) for i in ids],
                    "content_sha256": ["0" * 64] * n, "cluster_id": ids, "is_canonical": [True] * n,
                    "duplicate_of": [None] * n, "topics": [["t"]] * n, "fetched_at": [day] * n,
                    "raw": [{"warc": "w", "offset": 0, "length": 1}] * n, "run_id": [run_id] * n}
            key = layout.records_key(site, day, run_id, "parquet")
            storage._path(key).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.table(cols, schema=RECORD_SCHEMA), storage._path(key), compression="zstd")
            storage.put_bytes(layout.manifest_key(site, day), json.dumps(
                {"site": site, "day": day, "run_id": run_id, "parquet": key, "records": None,
                 "rejections": None, "warcs": [], "records_count": n}).encode())
        written = time.perf_counter() - t0
        timings = {}
        for name, sql in (("count", "SELECT count(*) FROM records"),
                          ("filtered_count", "SELECT count(*) FROM records WHERE language = 'ar' AND word_count > 60"),
                          ("group_by", "SELECT site, count(*), avg(word_count) FROM records GROUP BY site")):
            t = time.perf_counter()
            _, rows = query(storage, sql)
            timings[name] = round(time.perf_counter() - t, 3)
            print(f"{name:15s} {timings[name]:7.3f} s  -> {rows[:2]}", flush=True)
    print(json.dumps({"records": args.records, "partitions": args.partitions,
                      "write_s": round(written, 1), "query_s": timings}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
