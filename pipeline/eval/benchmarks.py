"""Extraction on real benchmark pages: newsarchive beside plain trafilatura, scored the AEB way.

A benchmark folder is one of the layouts in `../shared/benchmarks/`:
  aeb     `ground-truth.json` {id: {"articleBody", "url"}} and `html/<id>.html.gz`
          (Zyte's article-extraction-benchmark);
  fundus  `ground_truth.json` {"<file>.html.gz": {"body": [paragraphs], "url"}} and `html/<file>`.

Metric (the AEB's own): `\\w+` tokens, 4-token shingles counted per page; precision averaged over
pages with output, recall over pages with ground truth, F1 the harmonic mean of the two averages.

Pages are extracted each on its own by default: a site's first page, with no template history,
which is what a story followed across many outlets brings. `group_by_host` learns a template
from the folder's pages of one host first, as a run of that site would.
"""
from __future__ import annotations

import gzip
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.eval.extraction import _shingles  # the AEB shingles, one definition for both evaluations


@dataclass
class BenchPage:
    id: str
    url: str
    html: bytes
    gold: str


def load_benchmark(folder: Path) -> list[BenchPage]:
    """The pages of one benchmark folder, in a stable order; ValueError names what is missing."""
    folder = Path(folder)
    if (folder / "ground-truth.json").is_file():
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        items = [(k, f"{k}.html.gz", v.get("url") or "", v.get("articleBody") or "") for k, v in truth.items()]
    elif (folder / "ground_truth.json").is_file():
        truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
        items = [(k.removesuffix(".html.gz"), k, v.get("url") or "", "\n".join(v.get("body") or []))
                 for k, v in truth.items()]
    else:
        raise ValueError(f"{folder}: no ground-truth.json (AEB) or ground_truth.json (fundus) here")
    pages = []
    for key, name, url, gold in sorted(items):
        path = folder / "html" / name
        if not path.is_file():
            raise ValueError(f"{path}: page named in the ground truth is missing")
        data = path.read_bytes()
        pages.append(BenchPage(key, url or f"http://{key}.test/", gzip.decompress(data) if name.endswith(".gz") else data,
                               gold))
    return pages


def page_scores(gold: str, pred: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where undefined (no output / no ground truth)."""
    g, p = _shingles(gold), _shingles(pred)
    tp = sum((g & p).values())
    precision = tp / sum(p.values()) if p else None
    recall = tp / sum(g.values()) if g else None
    return precision, recall


def aeb_f1(pairs: list[tuple[float | None, float | None]]) -> dict:
    ps = [p for p, _ in pairs if p is not None]
    rs = [r for _, r in pairs if r is not None]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "pages": len(pairs), "empty": len(pairs) - len(ps)}


def extract_newsarchive(pages: list[BenchPage], min_words: int, group_by_host: bool = False) -> list[str]:
    from pipeline.extract.extractor import extractor_for

    groups: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        groups.setdefault(urlsplit(page.url).netloc if group_by_host else page.id, []).append(i)
    texts = [""] * len(pages)
    for idx in groups.values():
        extractor = extractor_for(None, [pages[i].html for i in idx], min_words=min_words)
        for i in idx:
            res = extractor.extract(pages[i].html, pages[i].url)
            texts[i] = getattr(res, "text", None) or getattr(res, "found_text", "") or ""
    return texts


def extract_trafilatura(pages: list[BenchPage]) -> list[str]:
    import trafilatura

    from pipeline.extract.extractor import decode_html

    out = []
    for page in pages:
        doc = trafilatura.bare_extraction(decode_html(page.html), url=page.url, with_metadata=True,
                                          include_comments=False)
        out.append((doc.text or "") if doc is not None else "")
    return out


def time_pages(pages: list[BenchPage], min_words: int, rounds: int = 3) -> dict:
    """CPU seconds per page for both tools, page by page and interleaved (newsarchive, then
    trafilatura, on the same page), the least of `rounds` tries each: on a shared machine a
    total over one pass swings 2x between runs, the least of interleaved tries does not.
    Each page as a site's first page (no template)."""
    from pipeline.extract.extractor import Extractor

    extractor = Extractor(None, min_words)
    ours = [float("inf")] * len(pages)
    theirs = [float("inf")] * len(pages)
    for _ in range(rounds):
        for i, page in enumerate(pages):
            t0 = time.process_time()
            extractor.extract(page.html, page.url)
            t1 = time.process_time()
            extract_trafilatura([page])
            t2 = time.process_time()
            ours[i], theirs[i] = min(ours[i], t1 - t0), min(theirs[i], t2 - t1)
    return {"newsarchive": round(sum(ours), 2), "trafilatura": round(sum(theirs), 2),
            "ratio": round(sum(ours) / max(sum(theirs), 1e-9), 3),
            "median_page_ratio": round(statistics.median(a / max(b, 1e-6) for a, b in zip(ours, theirs)), 3)
            if pages else None}


def evaluate_benchmark(folder: Path, min_words: int = 40, group_by_host: bool = False, rounds: int = 3) -> dict:
    pages = load_benchmark(folder)
    if pages:  # one-time start-up (language model, regexes) is not per-page time: warm both up
        extract_newsarchive(pages[:1], min_words)
        extract_trafilatura(pages[:1])
    ours = extract_newsarchive(pages, min_words, group_by_host)
    theirs = extract_trafilatura(pages)
    rows = []
    for page, a, b in zip(pages, ours, theirs):
        pa, ra = page_scores(page.gold, a)
        pb, rb = page_scores(page.gold, b)
        rows.append({"id": page.id, "url": page.url, "newsarchive": [pa, ra], "trafilatura": [pb, rb]})
    return {"folder": str(folder), "pages": len(pages), "group_by_host": group_by_host,
            "newsarchive": aeb_f1([tuple(r["newsarchive"]) for r in rows]),
            "trafilatura": aeb_f1([tuple(r["trafilatura"]) for r in rows]),
            "seconds": time_pages(pages, min_words, rounds) if rounds else None,
            "rows": rows}


def _f1(p, r) -> float:
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def run_benchmark_eval(folders: list[Path], console, min_words: int, group_by_host: bool = False,
                       json_out: Path | None = None, show_pages: bool = False, rounds: int = 3) -> int:
    """`newsarchive eval --bench DIR`: one summary line per folder and tool; per-page with --pages."""
    from rich.table import Table

    results = []
    for folder in folders:
        res = evaluate_benchmark(folder, min_words, group_by_host, rounds)
        results.append(res)
        if show_pages:
            table = Table(title=f"{folder}: page by page (AEB 4-gram shingles)")
            for col in ("page", "na P", "na R", "tf P", "tf R", "Δ F1"):
                table.add_column(col)
            for row in sorted(res["rows"], key=lambda r: _f1(*r["newsarchive"]) - _f1(*r["trafilatura"])):
                (pa, ra), (pb, rb) = row["newsarchive"], row["trafilatura"]
                fmt = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
                table.add_row(row["id"][:40], fmt(pa), fmt(ra), fmt(pb), fmt(rb), f"{_f1(pa, ra) - _f1(pb, rb):+.3f}")
            console.print(table)
    summary = Table(title="benchmarks (AEB metric: mean P over pages with output, mean R, F1 of the means)")
    for col in ("folder", "pages", "tool", "P", "R", "F1", "empty", "CPU s"):
        summary.add_column(col)
    for res in results:
        for tool in ("newsarchive", "trafilatura"):
            s = res[tool]
            summary.add_row(Path(res["folder"]).name, str(res["pages"]), tool, f"{s['precision']:.4f}",
                            f"{s['recall']:.4f}", f"{s['f1']:.4f}", str(s["empty"]),
                            str(res["seconds"][tool]) if res["seconds"] else "-")
    console.print(summary)
    if json_out:
        try:
            Path(json_out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"--json {json_out}: cannot write: {exc.strerror}") from None
    for res in results:
        if res["seconds"]:
            t = res["seconds"]
            console.print(f"{Path(res['folder']).name}: CPU time newsarchive / trafilatura {t['ratio']:.2f}x "
                          f"(median page {t['median_page_ratio']:.2f}x; least of {rounds} interleaved tries per page)")
    return 0
