"""Extraction throughput: newsarchive (template learning + extraction) and plain trafilatura.

    .venv/bin/python bench/extract.py [--rounds N]

Same pages, same process, one after the other: every demo page (articles and rejects, read from
demo/sites/ as served) and the unseen pages. newsarchive's time includes learning each site's
template from that site's pages, as a run does, so it is the whole cost of the better text.
Prints pages/s and ms/page for both and their ratio; the last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import trafilatura

    from pipeline.context import Context
    from demo.gold import demo_cases
    from pipeline.eval.extraction import unseen_cases
    from pipeline.extract.extractor import extractor_for

    ctx = Context.from_env(config_dir=str(ROOT / "config"))
    cases = demo_cases() + unseen_cases()
    groups: dict[str, list] = {}
    for case in cases:
        groups.setdefault(case.group, []).append(case)

    def newsarchive():
        for group, members in groups.items():
            site = ctx.sites.get(members[0].site) if members[0].site else None
            ex = extractor_for(site, [c.html for c in members], min_words=ctx.settings.extract.min_words)
            for c in members:
                ex.extract(c.html, c.url)

    def plain():
        for c in cases:
            trafilatura.bare_extraction(c.html, url=c.url, with_metadata=True, include_comments=False)

    figures = {}
    tools = (("trafilatura", plain), ("newsarchive", newsarchive))
    for _, fn in tools:
        fn()  # warm-up (imports, caches)
    # Rounds alternate between the two and the median round counts, so a busy machine (other
    # processes) slows both alike instead of whichever happened to run then.
    times: dict[str, list[float]] = {label: [] for label, _ in tools}
    for _ in range(args.rounds):
        for label, fn in tools:
            t0 = time.perf_counter()
            fn()
            times[label].append(time.perf_counter() - t0)
    for label, _ in tools:
        elapsed = statistics.median(times[label])
        n = len(cases)
        figures[label] = {"pages": n, "rounds": args.rounds, "pages_per_s": round(n / elapsed, 1),
                          "ms_per_page": round(1000 * elapsed / n, 2)}
        print(f"{label:12s} {figures[label]['pages_per_s']:7.1f} pages/s  {figures[label]['ms_per_page']:6.2f} ms/page"
              f"  ({n} pages, median of {args.rounds} rounds)")
    ratio = figures["newsarchive"]["ms_per_page"] / figures["trafilatura"]["ms_per_page"]
    figures["newsarchive_time_ratio"] = round(ratio, 2)
    print(f"newsarchive takes {ratio:.2f}x plain trafilatura's time per page (template learning included)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
