"""Peak memory of the extract stage as a crawl grows: it must not grow with the crawl.

    .venv/bin/python bench/extract_memory.py [--pages 10,40,160] [--page-kb 1024]

For each size, a child process stages a WARC of that many article pages (each ~page-kb of
distinct prose) in a scratch archive and runs `pipeline.stages.run.extract_dedup` on it; it prints the
child's peak RSS. With the template learnt from a bounded sample (extract.template_pages) and the
articles extracted one at a time, the peak is about flat; the last line is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, json, random, resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from warcio.warcwriter import WARCWriter
from warcio.statusandheaders import StatusAndHeaders
from pipeline.context import Context
from pipeline.stages.run import RunRef, extract_dedup
from pipeline.store import archive as layout

pages, kb = int(sys.argv[1]), int(sys.argv[2])
tmp = Path(tempfile.mkdtemp(prefix="bench-mem-"))
cfg = tmp / "config"; (cfg / "sites").mkdir(parents=True)
(cfg / "settings.yaml").write_text("extract: {min_words: 40}\n")
(cfg / "topics.yaml").write_text("{}\n")
(cfg / "sites" / "big.yaml").write_text("name: big\nstart_urls: ['https://big.example/']\narticle_url_patterns: ['/a/']\n")
ctx = Context(cfg, str(tmp / "archive"), f"sqlite:///{tmp}/c.sqlite")
ref = RunRef("big-2026-01-01-bench", "big", "2026-01-01")
warc = tmp / "archive" / layout.staging_key(ref.run_id, "crawl.warc.gz")
warc.parent.mkdir(parents=True)
rnd = random.Random(1)
syl = ["ba", "ko", "ri", "ta", "me", "lu", "sa", "no", "di", "ve", "pa", "go", "ha", "ji", "ze", "fu"]
words = [a + b + c for a in syl for b in syl for c in syl]  # 4,096 pronounceable words
with open(warc, "wb") as fh:
    w = WARCWriter(fh, gzip=True)
    for n in range(pages):
        paras = []
        size = 0
        while size < kb * 1024:
            p = " ".join(rnd.choice(words) for _ in range(60)).capitalize() + "."
            paras.append(f"<p>{p}</p>"); size += len(p) + 7
        body = (f"<html><head><title>Story {n}</title></head><body><nav>Home News Sport</nav>"
                f"<article><h1>Story {n}</h1>{''.join(paras)}</article><footer>(c) Big</footer></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://big.example/a/{n}", "response", payload=io.BytesIO(body),
                                            length=len(body), http_headers=http))
stats = extract_dedup(ctx, ref)
print(json.dumps({"pages": pages, "page_kb": kb, "articles": stats["articles"],
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,40,160")
    parser.add_argument("--page-kb", type=int, default=1024)
    args = parser.parse_args()
    rows = []
    for n in [int(x) for x in args.pages.split(",")]:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(n), str(args.page_kb), str(ROOT)],
                              capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            return 1
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['pages']:5d} pages of {row['page_kb']} KB: {row['articles']} articles, "
              f"peak RSS {row['peak_rss_mb']} MB", flush=True)
    print(json.dumps({"extract_memory": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
