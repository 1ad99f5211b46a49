"""`newsarchive eval stories`: story similarity measured on human-scored article pairs.

The pairs are SemEval-2022 Task 8's format (pair_id, lang1, lang2, text1, text2, ..., Overall:
1 = same story ... 4 = unrelated; each text starts with its title line). Every pair is scored by
the archive's own `signature` / `similarity` / `same_story`, with the document frequencies taken
from the pair corpus itself (both texts of every pair), as the archive takes them from itself.

Printed: Pearson correlation of the similarity with -Overall (so positive = good) per language
for monolingual pairs, pooled monolingual, pooled cross-lingual; precision and recall of the
same-story decision (gold same: Overall <= 1.5, gold different: Overall >= 3; the pairs between
are left out). Then the same figures out of sample: the map's parameters (SCALE, OFFSET: a least
squares line on monolingual pairs; the threshold: best F0.5 on all pairs) refitted on 4/5 of the
pairs and applied to the fifth (5-fold by pair), and leave-one-language-out. The weighting knobs
(stem length, boosts, IDF power, POWER) were chosen once, by the same 5-fold figure.
The last stdout line is one JSON object.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

from pipeline.stories import similarity as sim

COLUMNS = ("lang1", "lang2", "text1", "text2", "Overall")
SAME_MAX, DIFFERENT_MIN = 1.5, 3.0


def default_pairs_path() -> Path:
    from pipeline.context import PROJECT_ROOT

    return PROJECT_ROOT.parent / "shared" / "benchmarks" / "semeval2022-task8" / "train.csv"


def load_pairs(path: Path) -> list[dict]:
    """The pairs of a CSV; ValueError (one line) when it is missing or not in the format."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"--pairs {path}: no such file")
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"--pairs {path}: not a readable CSV ({exc})") from None
    missing = [c for c in COLUMNS if not rows or c not in rows[0]]
    if missing:
        raise ValueError(f"--pairs {path}: no pairs or missing columns {', '.join(missing)} "
                         f"(want {', '.join(COLUMNS)})")
    for n, r in enumerate(rows, start=2):
        try:
            r["Overall"] = float(r["Overall"])
        except (TypeError, ValueError):
            raise ValueError(f"--pairs {path}: line {n}: Overall {r['Overall']!r} is not a number") from None
    return rows


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body): the first line is the title. A first line longer than 300 characters is
    no title but the whole text run together (most SemEval texts have no line breaks)."""
    first, sep, rest = (text or "").strip().partition("\n")
    if sep and len(first) <= 300:
        return first, rest
    return None, text or ""


def measure(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, similarity) of every pair, through the archive's own functions; the IDF comes
    from the pair corpus (both texts of every pair)."""
    raw = [sim.signature(*split_title(r[f"text{k}"]), r[f"lang{k}"]) for r in rows for k in (1, 2)]
    df = sim.DocFreq()
    df.add(raw)
    sigs = [s.reweighted(df) for s in raw]
    pairs = [(sigs[2 * i], sigs[2 * i + 1]) for i in range(len(rows))]
    return (np.array([sim.cosine(a, b) for a, b in pairs]), np.array([sim.similarity(a, b) for a, b in pairs]))


def mapped(cos: np.ndarray, scale: float, offset: float) -> np.ndarray:
    """`similarity`'s map from the cosine, vectorised, for refitted parameters."""
    return np.clip(scale * np.clip(cos, 0, None) ** sim.POWER + offset, 0, 1)


def pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return None
    return round(float(np.corrcoef(x, y)[0, 1]), 4)


def decisions(score: np.ndarray, overall: np.ndarray, threshold: float) -> dict:
    """Precision and recall of score >= threshold against the gold same / different pairs."""
    same, diff = overall <= SAME_MAX, overall >= DIFFERENT_MIN
    pred = score >= threshold
    tp, fp, fn = int((pred & same).sum()), int((pred & diff).sum()), int((~pred & same).sum())
    return {"precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0, "tp": tp, "fp": fp, "fn": fn,
            "gold_same": int(same.sum()), "gold_different": int(diff.sum())}


def fit(cos: np.ndarray, overall: np.ndarray, mono: np.ndarray) -> tuple[float, float, float]:
    """(scale, offset, threshold): least squares of (4 - Overall) / 3 on the monolingual pairs'
    cos^POWER; the threshold with the best F0.5 (precision counts double) over all pairs."""
    x = np.clip(cos[mono], 0, None) ** sim.POWER
    scale, offset = np.linalg.lstsq(np.c_[x, np.ones(len(x))], (4 - overall[mono]) / 3, rcond=None)[0]
    score = mapped(cos, scale, offset)
    best = (-1.0, sim.SAME_STORY_THRESHOLD)
    for t in np.round(np.arange(0.30, 0.951, 0.01), 2):
        d = decisions(score, overall, t)
        p, r = d["precision"], d["recall"]
        f = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
        best = max(best, (f, float(t)))
    return float(scale), float(offset), best[1]


def out_of_sample(cos: np.ndarray, overall: np.ndarray, mono: np.ndarray, groups: np.ndarray) -> dict:
    """Figures of scores each made by parameters fitted without the pair's group."""
    score, cut = np.zeros(len(cos)), np.zeros(len(cos))
    for g in np.unique(groups):
        test = groups == g
        if (~test & mono).sum() < 10:
            continue
        scale, offset, threshold = fit(cos[~test], overall[~test], mono[~test])
        score[test], cut[test] = mapped(cos[test], scale, offset), threshold
    d = decisions(score - cut, overall, 0.0)
    return {"pearson_monolingual": pearson(score[mono], -overall[mono]),
            "pearson_crosslingual": pearson(score[~mono], -overall[~mono]),
            "precision": d["precision"], "recall": d["recall"]}


def evaluate(rows: list[dict]) -> dict:
    """Every figure, in-sample (the configured map and threshold) and out of sample."""
    cos, score = measure(rows)
    overall = np.array([r["Overall"] for r in rows])
    mono = np.array([r["lang1"] == r["lang2"] for r in rows])
    lang = np.array([r["lang1"] if m else f"{r['lang1']}-{r['lang2']}" for r, m in zip(rows, mono)])
    per_language = {str(lg): {"pairs": int((lang == lg).sum()),
                              "pearson": pearson(score[lang == lg], -overall[lang == lg])}
                    for lg in sorted(set(lang.tolist()), key=lambda x: ("-" in x, x))}
    folds = np.random.default_rng(0).permutation(len(rows)) % 5
    return {"pairs": len(rows), "monolingual_pairs": int(mono.sum()),
            "pearson_monolingual": pearson(score[mono], -overall[mono]),
            "pearson_crosslingual": pearson(score[~mono], -overall[~mono]),
            "pearson_cosine_monolingual": pearson(cos[mono], -overall[mono]),
            "threshold": sim.SAME_STORY_THRESHOLD,
            **{k: v for k, v in decisions(score, overall, sim.SAME_STORY_THRESHOLD).items()},
            "per_language": per_language,
            "cv5": out_of_sample(cos, overall, mono, folds) if len(rows) >= 50 else None,
            "leave_one_language_out": out_of_sample(cos, overall, mono, lang) if len(rows) >= 50 else None,
            "refit_on_these_pairs": dict(zip(("scale", "offset", "threshold"), fit(cos, overall, mono)))
            if mono.sum() >= 10 else None}


def run_stories_eval(pairs_path: Path | None, console, json_out: Path | None = None) -> int:
    """Print the figures; the last stdout line is one JSON object. Exit 0 (a measurement)."""
    rows = load_pairs(pairs_path or default_pairs_path())
    res = evaluate(rows)
    console.print(f"story similarity on {res['pairs']} pairs ({res['monolingual_pairs']} monolingual); "
                  f"Pearson with -Overall (positive = good)")
    for lg, v in res["per_language"].items():
        console.print(f"  {lg:6s} {v['pairs']:5d} pairs  Pearson {v['pearson']}")
    console.print(f"  pooled monolingual   Pearson {res['pearson_monolingual']} "
                  f"(plain weighted cosine {res['pearson_cosine_monolingual']})")
    console.print(f"  pooled cross-lingual Pearson {res['pearson_crosslingual']}")
    console.print(f"same story (score >= {res['threshold']}; gold same: Overall <= {SAME_MAX}, different: "
                  f">= {DIFFERENT_MIN}): precision {res['precision']} recall {res['recall']} "
                  f"(tp {res['tp']} fp {res['fp']} fn {res['fn']})")
    for name in ("cv5", "leave_one_language_out"):
        if res[name]:
            v = res[name]
            console.print(f"{name} (map and threshold refitted without the held-out pairs): Pearson monolingual "
                          f"{v['pearson_monolingual']} cross-lingual {v['pearson_crosslingual']}, precision "
                          f"{v['precision']} recall {v['recall']}")
    if res["refit_on_these_pairs"]:
        console.print(f"refit on these pairs: {res['refit_on_these_pairs']}")
    if json_out:
        json_out.write_text(json.dumps(res, indent=1), encoding="utf-8")
    print(json.dumps(res), flush=True)
    return 0
