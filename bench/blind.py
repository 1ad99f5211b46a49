"""Score a blind page set (tests/fixtures/blind_sites layout) with whatever `pipeline` is importable.

    python bench/blind.py [DIR] [--siblings | --trafilatura]

Each site folder: `www/<path>.html` pages, `<path>.gold.json` beside the gold ones; pages without
gold are the site's sibling pages (home page, other articles). Per site, as a run does: a
template learnt from the gold pages (plus, with --siblings, the sibling pages), then every gold
page extracted. Prints mean F1 (4-word shingles), leaked boilerplate strings, dates, titles, and
the wire-copy pair decisions (wire_pairs.json). `--trafilatura` scores plain trafilatura (its
text, date and title) on the same pages instead, for the side-by-side figure. Uses extractor_for
where the code has it, else Extractor and learn_template (present since b806b38), evaluate.prf
and the dedup similarity, so one script scores old and new code alike.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Python puts this script's folder first on sys.path, where bench/pipeline.py would stand in for
# the `pipeline` package: take it out, so the importable `pipeline` (PYTHONPATH) is the one scored.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def _extractor(learn_from: list[bytes], context: list[bytes]):
    """As a run does: a template learnt from the pages (the home page as context), then the extractor."""
    try:
        from pipeline.extract.extractor import extractor_for
    except ImportError:  # older code: learn_template and Extractor, the same steps
        from pipeline.extract.extractor import Extractor, learn_template

        template = None
        if len(learn_from) + len(context) >= 2:
            try:  # the home page is context (chrome, not content) since the sibling rework
                template = learn_template(learn_from, context)
            except TypeError:  # older code: no context, everything is a page
                template = learn_template(learn_from + context)
        return Extractor(None, 40, template=template)
    return extractor_for(None, learn_from, context, min_words=40)


class _Plain:
    """Plain trafilatura (its own text, date and title) in place of the extractor: `--trafilatura`."""

    def extract(self, html: bytes, url: str):
        import types

        import trafilatura

        doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
        return types.SimpleNamespace(text=getattr(doc, "text", "") or "", published=getattr(doc, "date", None),
                                     title=getattr(doc, "title", None))


def main(argv):
    from pipeline.eval.extraction import prf  # the same shingle F1 in the old and the new code
    from pipeline.dedup.fingerprint import fingerprint, similarity, is_duplicate
    from pipeline.config import DedupSettings

    folder = Path(next((a for a in argv if not a.startswith("--")), ROOT / "tests/fixtures/blind_sites"))
    with_siblings = "--siblings" in argv
    plain = "--trafilatura" in argv
    rows, texts = [], {}
    for site_dir in sorted(p for p in folder.iterdir() if (p / "www").is_dir()):
        gold_pages, sibling_pages, home_pages = [], [], []
        for html_file in sorted((site_dir / "www").rglob("*.html")):
            gold_file = html_file.with_name(html_file.name[:-5] + ".gold.json")
            html = html_file.read_bytes()
            if gold_file.exists():
                gold_pages.append((html, json.loads(gold_file.read_text(encoding="utf-8"))))
            elif html_file == site_dir / "www" / "index.html":
                home_pages.append(html)
            else:
                sibling_pages.append(html)
        learn_from = [h for h, _ in gold_pages] + (sibling_pages if with_siblings else [])
        context = home_pages if with_siblings else []
        ex = _Plain() if plain else _extractor(learn_from, context)
        for html, gold in gold_pages:
            res = ex.extract(html, gold["url"])
            text = getattr(res, "text", "") or ""
            texts[gold["url"]] = text
            leaked = [s for s in gold.get("boilerplate", []) if len(s) >= 8 and s in text]
            rows.append({"site": site_dir.name, "url": gold["url"], "f1": round(prf(gold["text"], text)[2], 4),
                         "leaked": leaked, "rejected": getattr(res, "reason", None),
                         "date_ok": (getattr(res, "published", None) or "")[:10] == (gold.get("published") or "")[:10],
                         "got_date": getattr(res, "published", None), "gold_date": gold.get("published"),
                         "title_ok": (getattr(res, "title", None) or "").strip() == gold["title"].strip()})
    for r in rows:
        flag = "" if r["f1"] >= 0.97 and not r["leaked"] and r["date_ok"] else "  <--"
        print(f"{r['site']:14} {r['url'][-50:]:50} F1 {r['f1']:.3f} leaks {len(r['leaked'])} "
              f"date {'ok' if r['date_ok'] else 'WRONG ' + str(r['got_date'])} title {'ok' if r['title_ok'] else 'x'}{flag}")
        for s in r["leaked"]:
            print(f"      leaked: {s[:90]}")
    n = len(rows)
    summary = {"pages": n, "sites": len({r['site'] for r in rows}),
               "mean_f1": round(sum(r["f1"] for r in rows) / n, 4) if n else None,
               "leaks": sum(len(r["leaked"]) for r in rows), "pages_with_leaks": sum(bool(r["leaked"]) for r in rows),
               "dates_right": sum(r["date_ok"] for r in rows), "titles_right": sum(r["title_ok"] for r in rows),
               "siblings": with_siblings}
    pairs_file = folder / "wire_pairs.json"
    if pairs_file.exists():
        pairs = json.loads(pairs_file.read_text(encoding="utf-8"))
        cfg = DedupSettings()
        tp = fp = fn = tn = 0
        for label, items in (("copies", pairs.get("copies", [])), ("not_copies", pairs.get("not_copies", []))):
            for a, b in items:
                if a not in texts or b not in texts:
                    continue
                jac, cont = similarity(fingerprint(texts[a], cfg).shingles, fingerprint(texts[b], cfg).shingles)
                dup = is_duplicate(jac, cont, cfg)
                if label == "copies":
                    tp, fn = tp + dup, fn + (not dup)
                else:
                    fp, tn = fp + dup, tn + (not dup)
        summary["wire_pairs"] = {"tp": tp, "fn": fn, "fp": fp, "tn": tn}
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1:])
