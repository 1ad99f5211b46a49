"""Build pipeline/stories/prior_df.bin: the background document frequencies story matching starts
from, out of the SemEval-2022 Task 8 training texts (term hashes counted, no text kept).

    python bench/build_story_prior.py [CSV]   (default ../shared/benchmarks/semeval2022-task8/train.csv)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from pipeline.eval.stories import load_pairs, split_title  # noqa: E402
from pipeline.stories.docfreq import PRIOR, HashedDocFreq  # noqa: E402
from pipeline.stories.similarity import signature  # noqa: E402


def main() -> None:
    csv = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "benchmarks" / "semeval2022-task8" / "train.csv"
    texts = {}
    for pair in load_pairs(csv):
        for n in ("1", "2"):
            texts.setdefault(pair[f"text{n}"], pair[f"lang{n}"])
    df = HashedDocFreq()
    df.add(signature(*split_title(text), lang) for text, lang in texts.items())
    df.save_prior()
    print(json.dumps({"articles": len(texts), "file": str(PRIOR.relative_to(ROOT)), "bytes": PRIOR.stat().st_size,
                      "nonzero_buckets": int((df.counts > 0).sum())}))


if __name__ == "__main__":
    main()
