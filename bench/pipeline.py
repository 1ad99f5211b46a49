"""End-to-end and extraction throughput on the bundled demo sites.

    .venv/bin/python bench/pipeline.py [--rounds N]

Prints pages/s through the whole pipeline (crawl over loopback HTTP, extract, dedup, publish),
extraction ms/page (newsarchive and plain trafilatura on the same pages), and peak memory of
this process and of the crawl child processes. Last line: one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_pages():
    """(site, url, html text) of every demo page, read from disk in its site's encoding."""
    from demo.server import page_path

    sites_dir = ROOT / "demo/sites"
    manifest = json.loads((sites_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    pages = []
    for entry in manifest:
        if entry["expect"] == "robots":
            continue
        encoding = json.loads((sites_dir / entry["site"] / "site.json").read_text())["encoding"]
        html = page_path(sites_dir, entry["site"], entry["url_path"]).read_bytes().decode(encoding)
        pages.append((entry["site"], f"http://127.0.0.1{entry['url_path']}", html))
    return pages


def bench_extraction(rounds: int) -> dict:
    import trafilatura

    from pipeline.context import Context
    from pipeline.extract.extractor import extractor_for

    ctx = Context.from_env(config_dir=str(ROOT / "config"))
    pages = demo_pages()
    # Each site's learnt template, as a run uses it (learning itself is timed in bench/extract.py).
    extractors = {name: extractor_for(site, [h for s, _, h in pages if s == name],
                                      min_words=ctx.settings.extract.min_words)
                  for name, site in ctx.sites.items()}
    for label, fn in (("newsarchive", lambda s, u, h: extractors[s].extract(h, u)),
                      ("trafilatura", lambda s, u, h: trafilatura.bare_extraction(h, url=u, with_metadata=True,
                                                                                  include_comments=False))):
        fn(*pages[0])  # warm-up
        t0 = time.perf_counter()
        for _ in range(rounds):
            for page in pages:
                fn(*page)
        elapsed = time.perf_counter() - t0
        n = rounds * len(pages)
        yield label, {"pages": n, "ms_per_page": round(1000 * elapsed / n, 2), "pages_per_s": round(n / elapsed, 1)}


def bench_end_to_end() -> dict:
    from pipeline.context import Context
    from demo.server import DemoSites
    from pipeline.stages.run import run_site

    with tempfile.TemporaryDirectory() as tmp, DemoSites(base_port=8700).start() as sites:
        ctx = Context(ROOT / "config", f"{tmp}/archive", f"sqlite:///{tmp}/catalog.sqlite")
        t0 = time.perf_counter()
        reports = [run_site(ctx, name, "2026-11-20") for name in sites.site_names()]
        elapsed = time.perf_counter() - t0
    fetched = sum(r["fetched"] for r in reports)
    return {"sites": len(reports), "pages_fetched": fetched, "articles": sum(r["articles"] for r in reports),
            "seconds": round(elapsed, 2), "pages_per_s": round(fetched / elapsed, 2),
            "crawl_s": round(sum(r["timings_s"]["crawl"] or 0 for r in reports), 2),
            "extract_s": round(sum(r["timings_s"]["extract"] or 0 for r in reports), 2),
            "publish_s": round(sum(r["timings_s"]["publish"] or 0 for r in reports), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="extraction passes over all demo pages")
    args = parser.parse_args()
    results = {"end_to_end": bench_end_to_end()}
    e = results["end_to_end"]
    print(f"end to end: {e['pages_fetched']} pages from {e['sites']} sites in {e['seconds']}s = "
          f"{e['pages_per_s']} pages/s (crawl {e['crawl_s']}s, extract+dedup {e['extract_s']}s, publish {e['publish_s']}s)")
    for label, fig in bench_extraction(args.rounds):
        results[f"extract_{label}"] = fig
        print(f"extraction {label:12s}: {fig['ms_per_page']} ms/page, {fig['pages_per_s']} pages/s over {fig['pages']} pages")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["peak_rss_crawl_child_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    print(f"peak memory: {results['peak_rss_mb']} MB (this process), {results['peak_rss_crawl_child_mb']} MB (largest crawl child)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
