"""Extraction quality against gold files: newsarchive and plain trafilatura on the same pages.

The body metric is the one of Zyte's article-extraction-benchmark: the text is cut into
overlapping 4-word shingles (`\\w+` tokens), counted as a multiset; true positives are the shingles
both sides share, precision = tp / predicted, recall = tp / gold, F1 their harmonic mean.

Page sets:
  demo    the bundled demo sites (demo/sites/*/, MANIFEST.json); `hard` pages are those of sites
          whose site.json says why they are hard (boilerplate inside the article, hashed classes,
          table-and-<br> layout, ...);
  unseen  tests/fixtures/unseen_pages/<group>/ and tests/fixtures/unseen_sites/*/: pages in layouts
          the project was never tuned on (no site YAML; only what a run learns from its pages).
Each group of pages is extracted the way a run does it: a template learnt from the group's pages,
then every page extracted with it.
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.context import PROJECT_ROOT

_TOKEN = re.compile(r"\w+", re.UNICODE)


# ---- metric ----------------------------------------------------------------------------------
def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def prf(gold: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Precision, recall, F1 of `pred` against `gold` on n-word shingles (Zyte's benchmark metric)."""
    g, p = _shingles(gold, n), _shingles(pred, n)
    tp = sum((g & p).values())
    fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
    if not g and not p:
        return 1.0, 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---- pages -----------------------------------------------------------------------------------
@dataclass
class Case:
    set: str            # demo | unseen
    group: str          # a site: pages learnt from together
    url: str
    html: str
    gold: dict
    site: str | None    # a configured site (YAML) or None
    hard: bool = False


def decode_case(data: bytes, encoding: str | None) -> str:
    from pipeline.extract.extractor import decode_html

    return decode_html(data, f"text/html; charset={encoding}" if encoding else None)


def plugin_cases() -> list[Case]:
    """The labelled pages other packages register under `newsarchive.eval_sets` (the demo sites'
    gold pages: demo/gold.py), in name order."""
    from pipeline.plugins import load

    return [case for _, cases in sorted(load("newsarchive.eval_sets").items()) for case in cases()]


def labelled_dirs(ctx=None) -> list[Path]:
    """The folders of labelled pages settings.yaml names (eval.labelled_dirs)."""
    from pipeline.config import EvalSettings

    names = ctx.settings.eval.labelled_dirs if ctx is not None else EvalSettings().labelled_dirs
    return [Path(d) if Path(d).is_absolute() else PROJECT_ROOT / d for d in names]


def unseen_cases(dirs: list[Path] | None = None) -> list[Case]:
    """Labelled pages in layouts the project was not tuned on (eval.labelled_dirs by default)."""
    cases = []
    for root in labelled_dirs() if dirs is None else dirs:
        if not root.is_dir():
            continue
        for gold_file in sorted(root.rglob("*.gold.json")):
            page = gold_file.with_name(gold_file.name.removesuffix(".gold.json") + ".html")
            if not page.exists():
                continue
            group = gold_file.relative_to(root).parts[0]
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            url = gold.get("url") or f"http://{group}.test{gold.get('url_path') or '/' + page.name}"
            cases.append(Case("unseen", group, url, decode_case(page.read_bytes(), None), gold, None, True))
    return cases


# ---- extractors ------------------------------------------------------------------------------
@dataclass
class Outcome:
    text: str = ""
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    rejected: str | None = None


def run_newsarchive(ctx, cases: list[Case]) -> list[Outcome]:
    """Per group, as a run does it: learn the template from the group's pages, then extract each."""
    from pipeline.extract.extractor import extractor_for

    outcomes: dict[int, Outcome] = {}
    by_group: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        by_group.setdefault(case.group, []).append(i)
    for group, idx in by_group.items():
        site = ctx.sites.get(cases[idx[0]].site) if cases[idx[0]].site else None
        extractor = extractor_for(site, [cases[i].html for i in idx], min_words=ctx.settings.extract.min_words)
        for i in idx:
            res = extractor.extract(cases[i].html, cases[i].url)
            if hasattr(res, "reason"):
                outcomes[i] = Outcome(rejected=res.reason)
            else:
                outcomes[i] = Outcome(res.text, res.title, res.published, res.authors)
    return [outcomes[i] for i in range(len(cases))]


def run_trafilatura(cases: list[Case]) -> list[Outcome]:
    import trafilatura

    out = []
    for case in cases:
        doc = trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True, include_comments=False)
        if doc is None or not (doc.text or "").strip():
            out.append(Outcome(rejected="no body"))
            continue
        authors = [a.strip() for a in re.split(r";|,", doc.author or "") if a.strip()]
        out.append(Outcome(doc.text, doc.title, doc.date, authors))
    return out


# ---- scoring ---------------------------------------------------------------------------------
def score(case: Case, out: Outcome) -> dict:
    gold = case.gold
    expect_article = gold.get("expect", "article") == "article"
    row = {"set": case.set, "group": case.group, "url": case.url, "hard": case.hard,
           "expect": "article" if expect_article else "reject"}
    if not expect_article:
        row["correct"] = out.rejected is not None
        return row
    p, r, f = prf(gold["text"], out.text)
    leaked = [s for s in gold.get("boilerplate", []) if len(s) >= 8 and s in out.text]
    g_date = (gold.get("published") or "")[:10]
    # Paragraph structure: the share of gold paragraphs found as whole paragraphs of the output.
    gold_paras = [x for x in gold["text"].split("\n\n") if x.strip()]
    out_paras = {" ".join(x.split()) for x in (out.text or "").split("\n")}
    paras = sum(" ".join(x.split()) in out_paras for x in gold_paras) / len(gold_paras) if gold_paras else 1.0
    row.update(precision=round(p, 4), recall=round(r, 4), f1=round(f, 4), leaked=leaked, paragraphs=round(paras, 3),
               rejected=out.rejected,
               title_ok=(out.title or "").strip() == gold["title"],
               date_ok=(out.published or "")[:10] == g_date if g_date else out.published is None,
               authors_ok=sorted(out.authors or []) == sorted(gold.get("authors") or []))
    return row


def _mean(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else None


def summarise(rows: list[dict]) -> dict:
    arts = [r for r in rows if r["expect"] == "article"]
    rejects = [r for r in rows if r["expect"] == "reject"]
    return {"pages": len(arts), "mean_f1": _mean(r["f1"] for r in arts),
            "mean_precision": _mean(r["precision"] for r in arts), "mean_recall": _mean(r["recall"] for r in arts),
            "leaks": sum(len(r["leaked"]) for r in arts), "pages_with_leaks": sum(bool(r["leaked"]) for r in arts),
            "title_acc": _mean(r["title_ok"] for r in arts), "date_acc": _mean(r["date_ok"] for r in arts),
            "author_acc": _mean(r["authors_ok"] for r in arts), "paragraphs": _mean(r["paragraphs"] for r in arts),
            "rejects_correct": f"{sum(r['correct'] for r in rejects)}/{len(rejects)}" if rejects else "-"}


def evaluate(ctx, cases: list[Case] | None = None) -> dict:
    cases = plugin_cases() + unseen_cases(labelled_dirs(ctx)) if cases is None else cases
    figures = {}
    t0 = time.perf_counter()
    ours = run_newsarchive(ctx, cases)
    t1 = time.perf_counter()
    theirs = run_trafilatura(cases)
    t2 = time.perf_counter()
    rows = {"newsarchive": [score(c, o) for c, o in zip(cases, ours)],
            "trafilatura": [score(c, o) for c, o in zip(cases, theirs)]}
    subsets = {"all demo": lambda r: r["set"] == "demo", "hard demo": lambda r: r["set"] == "demo" and r["hard"],
               "unseen": lambda r: r["set"] == "unseen"}
    for tool, rs in rows.items():
        figures[tool] = {name: summarise([r for r in rs if keep(r)]) for name, keep in subsets.items()}
    figures["seconds"] = {"newsarchive": round(t1 - t0, 2), "trafilatura": round(t2 - t1, 2)}
    return {"figures": figures, "rows": rows}


# ---- command ---------------------------------------------------------------------------------
def run_extraction_eval(ctx, console, json_out: Path | None = None) -> int:
    """`newsarchive eval`: print per-page figures and the summary; exit 1 when below the bar."""
    from rich.table import Table

    result = evaluate(ctx)
    rows, figures = result["rows"], result["figures"]
    table = Table(title="extraction, page by page (P/R/F1 on 4-word shingles)")
    for col in ("set", "page", "na P", "na R", "na F1", "tf F1", "na leaks", "tf leaks", "na t/d/a", "tf t/d/a"):
        table.add_column(col, overflow="fold")
    mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
    for ours, theirs in zip(rows["newsarchive"], rows["trafilatura"]):
        page = f"{ours['group']}{ours['url'].split('.test', 1)[-1]}"
        label = ours["set"] + ("*" if ours["hard"] and ours["set"] == "demo" else "")
        if ours["expect"] == "reject":
            table.add_row(label, page, "", "", "reject " + mark(ours["correct"]), "reject " + mark(theirs["correct"]),
                          "", "", "", "")
            continue
        table.add_row(label, page, f"{ours['precision']:.3f}", f"{ours['recall']:.3f}", f"{ours['f1']:.3f}",
                      f"{theirs['f1']:.3f}", str(len(ours["leaked"])), str(len(theirs["leaked"])),
                      "".join(mark(ours[k]) for k in ("title_ok", "date_ok", "authors_ok")),
                      "".join(mark(theirs[k]) for k in ("title_ok", "date_ok", "authors_ok")))
    console.print(table)
    leaked = [(r["url"], s) for r in rows["newsarchive"] if r["expect"] == "article" for s in r["leaked"]]
    for url, s in leaked[:20]:
        console.print(f"leaked (newsarchive): {url}: {s[:100]}")
    summary = Table(title="summary (* = hard demo pages)")
    for col in ("pages", "tool", "n", "mean P", "mean R", "mean F1", "leaks", "title", "date", "author", "rejects"):
        summary.add_column(col)
    for subset in ("all demo", "hard demo", "unseen"):
        for tool in ("newsarchive", "trafilatura"):
            s = figures[tool][subset]
            summary.add_row(subset, tool, str(s["pages"]), str(s["mean_precision"]), str(s["mean_recall"]),
                            str(s["mean_f1"]), str(s["leaks"]), str(s["title_acc"]), str(s["date_acc"]),
                            str(s["author_acc"]), s["rejects_correct"])
    console.print(summary)
    console.print(f"seconds: newsarchive {figures['seconds']['newsarchive']}, "
                  f"trafilatura {figures['seconds']['trafilatura']}")
    if json_out:
        try:
            Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"--json {json_out}: cannot write: {exc.strerror}") from None
    demo = figures["newsarchive"]["all demo"]
    ok = (demo["mean_f1"] or 0) >= 0.99 and demo["leaks"] == 0 and demo["title_acc"] == 1 and demo["date_acc"] == 1
    console.print("bar (demo: mean F1 >= 0.99, no leaks, every title and date right): "
                  + ("[green]met[/green]" if ok else "[red]not met[/red]"))
    return 0 if ok else 1
