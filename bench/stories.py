"""Story assignment speed at archive scale: N articles through StoryIndex.assign, in batches as
the extract stage's dedup step hands them over, on a real catalog (SQLite by default).

Articles are real news texts (the SemEval-2022 Task 8 training texts, 2,502 articles in ten
languages), each reused with a random fifth of its sentences dropped, arriving over a year
(~270 articles a day at 100k), so the open-story window holds what a busy archive's would.
Prints articles/s and ms per batch at each tenth, peak memory; the last line is one JSON object.

    python bench/stories.py [--docs 100000] [--batch 2000] [--catalog sqlite:///...|postgresql+psycopg2://...]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from pipeline.config import StorySettings  # noqa: E402
from pipeline.eval.stories import default_pairs_path, load_pairs, split_title  # noqa: E402
from pipeline.stories.index import StoryDoc, StoryIndex  # noqa: E402
from pipeline.store.catalog import Catalog  # noqa: E402

START = 1_735_689_600  # 2025-01-01
YEAR = 365 * 86400


def corpus() -> list[tuple[str | None, str, str]]:
    texts = {}
    for pair in load_pairs(default_pairs_path()):
        for n in ("1", "2"):
            texts.setdefault(pair[f"text{n}"], pair[f"lang{n}"])
    return [(*split_title(text), lang) for text, lang in texts.items()]


def article(rng: random.Random, pool, i: int, docs: int) -> StoryDoc:
    """The i-th article to arrive: published in arrival order over the year, give or take a day
    (runs archive what sites published lately; a late article is a day or two behind)."""
    title, body, lang = pool[i % len(pool)]
    sentences = body.split(". ")
    kept = ". ".join(s for s in sentences if rng.random() > 0.2) or body
    ts = START + i * YEAR // docs + rng.randrange(-86400, 86400)
    return StoryDoc(f"d{i:08d}", f"d{i:08d}", True, ts, lang, title, kept)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--catalog")
    args = ap.parse_args()
    rng, pool = random.Random(7), corpus()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.catalog or f"sqlite:///{tmp}/stories.sqlite"
        with Catalog(url) as catalog:
            marks = run(catalog, pool, rng, args.docs, args.batch)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"docs": args.docs, "batch": args.batch, "catalog": url.split(":")[0],
                      "articles_per_s": marks[-1]["articles_per_s"], "at_10pct": marks[0], "at_100pct": marks[-1],
                      "flat_ratio": round(marks[-1]["ms_per_batch"] / marks[0]["ms_per_batch"], 2),
                      "peak_rss_mb": round(peak_mb)}))


def run(catalog: Catalog, pool, rng: random.Random, docs: int, batch: int) -> list[dict]:
    """Assign every article; a mark at each tenth (the rate over that tenth's batches)."""
    marks, done, spent, tenth_spent, tenth_batches = [], 0, 0.0, 0.0, 0
    cfg = StorySettings()
    while done < docs:
        n = min(batch, docs - done)
        items = [article(rng, pool, done + k, docs) for k in range(n)]
        t0 = time.perf_counter()
        with catalog.dedup_lock() as conn:
            StoryIndex(conn, cfg).assign(items)
        dt = time.perf_counter() - t0
        spent, tenth_spent, tenth_batches, done = spent + dt, tenth_spent + dt, tenth_batches + 1, done + n
        if done * 10 // docs > len(marks) or done == docs:
            marks.append({"docs": done, "articles_per_s": round(batch * tenth_batches / tenth_spent),
                          "ms_per_batch": round(1000 * tenth_spent / tenth_batches, 1)})
            print(json.dumps(marks[-1]), flush=True)
            tenth_spent, tenth_batches = 0.0, 0
    return marks


if __name__ == "__main__":
    main()
