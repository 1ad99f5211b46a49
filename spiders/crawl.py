"""`python -m spiders.crawl`: one crawl from the command line, as the crawl stage runs it.

    python -m spiders.crawl --site tigris [--run-id ID] [--out-dir DIR] [--max-pages N]
                            [--since YYYY-MM-DD] [--until YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import ConfigError
from pipeline.stages.crawl_process import CrawlError, run_crawl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spiders.crawl", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True)
    parser.add_argument("--run-id", help="default: SITE-<UTC yyyymmddThhmmss>")
    parser.add_argument("--out-dir", type=Path, help="default: data/work/RUN_ID")
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--since", help="YYYY-MM-DD")
    parser.add_argument("--until", help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    run_id = args.run_id or f"{args.site}-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}"
    out_dir = args.out_dir or Path("data/work") / run_id
    try:
        stats = run_crawl(args.site, run_id, out_dir, max_pages=args.max_pages, since=args.since,
                          until=args.until)
    except CrawlError as exc:
        print(f"error: {exc.summary}", file=sys.stderr)
        print(exc.log_tail, file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
