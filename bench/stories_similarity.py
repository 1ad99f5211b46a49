"""Story similarity speed on real texts: µs per signature and per similarity.

    .venv/bin/python bench/stories_similarity.py [--pairs CSV] [--rounds N]

Texts: both sides of every SemEval-2022 Task 8 pair (../shared/benchmarks/semeval2022-task8).
`signature` is timed cold (empty token cache: every word normalised once) and warm (the cache
holds the words, as in a long-running worker), also per 600 words; `similarity` over all pairs.
Best of N rounds. Last line: one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.eval.stories import default_pairs_path, load_pairs, split_title  # noqa: E402
from pipeline.stories import similarity as sim  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rows = load_pairs(args.pairs or default_pairs_path())
    items = [(*split_title(r[f"text{k}"]), r[f"lang{k}"]) for r in rows for k in (1, 2)]
    words = sum(len((t or "").split()) + len(x.split()) for t, x, _ in items)
    sim._CACHE.clear()
    t0 = time.perf_counter()
    raw = sim.signatures(items)
    cold = time.perf_counter() - t0
    warm = min(_timed(lambda: sim.signatures(items)) for _ in range(args.rounds))
    df = sim.DocFreq()
    df.add(raw)
    t_idf = min(_timed(lambda: [s.reweighted(df) for s in raw]) for _ in range(args.rounds))
    sigs = [s.reweighted(df) for s in raw]
    pairs = [(sigs[2 * i], sigs[2 * i + 1]) for i in range(len(rows))]
    t_sim = min(_timed(lambda: [sim.similarity(a, b) for a, b in pairs]) for _ in range(args.rounds))
    n = len(items)
    res = {"texts": n, "mean_words": round(words / n, 1),
           "signature_us_cold": round(cold / n * 1e6, 1), "signature_us_warm": round(warm / n * 1e6, 1),
           "signature_us_per_600_words_warm": round(warm / words * 600 * 1e6, 1),
           "signature_us_per_600_words_cold": round(cold / words * 600 * 1e6, 1),
           "idf_reweight_us": round(t_idf / n * 1e6, 1),
           "similarity_us": round(t_sim / len(pairs) * 1e6, 2),
           "mean_terms": round(sum(len(s.terms) for s in sigs) / n, 1)}
    for k, v in res.items():
        print(f"{k:34s} {v}")
    print(json.dumps(res))


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
