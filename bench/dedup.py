"""Near-duplicate detection at archive scale, through the real code path against a catalog.

    .venv/bin/python bench/dedup.py --docs N [--catalog URL] [--batch B] [--seed S] [--workers W]

Generates N synthetic articles (Arabic-script and Latin-script, 150-700 words in paragraphs):
original stories, wire copies of them with the edits republishers make (dateline, new
headline line, last paragraph cut, paragraph added, hamza / ta marbuta / alef maqsura spellings,
a few words changed, boilerplate leftovers), and related stories that share a long quote and
the same names with another story (must stay apart). Copies arrive shuffled by up to a day, so
some copies arrive before their original (the late-arriving original takes over).

Each batch goes through `fingerprints`, `batch_pairs` and `DedupIndex.add_batch` inside
`Catalog.dedup_lock`, as the extract stage's dedup step (pipeline/stages/dedup.py) does, with one `BandMirror` kept across batches
as a long-running worker keeps it. What needs no catalog (fingerprints, pairs inside the batch)
runs in a worker process one batch ahead (`--workers`), the decisions in this one. Timed: fingerprinting + decisions + inserts + commit
(text generation is not). Default catalog: a fresh SQLite file in a temp dir; pass
`--catalog postgresql+psycopg2://...` for PostgreSQL (the database should be empty).
Precision/recall are pairwise over (story, cluster) read back from the catalog at the end.
Last line: one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AR_SYLL = ["ب", "ت", "ث", "ج", "ح", "خ", "د", "ر", "ز", "س", "ش", "ص", "ط", "ع", "غ", "ف", "ق", "ك", "ل",
           "م", "ن", "ه", "و", "ي", "ا", "أ", "إ", "ة", "ى", "ال", "ئ", "ؤ"]
LA_SYLL = ["ba", "ko", "ri", "tan", "mel", "so", "dra", "vin", "pe", "lu", "gar", "ne", "sto", "hil", "mo", "ka",
           "ter", "an", "is", "or", "ex", "qu", "zu", "we", "fi", "sh", "th", "ch", "ly", "ment"]
BOILER = {"ar": "جميع الحقوق محفوظة لوكالة الأنباء شاركوا هذا الخبر عبر مواقع التواصل الاجتماعي وتابعونا",
          "en": "All rights reserved. Share this story on social media and follow us for more news updates"}
DATELINE = {"ar": ["بغداد - (وكالات) -", "القاهرة (رويترز) -", "دبي - أ ف ب:"],
            "en": ["BAGHDAD (Reuters) -", "CAIRO, (AP) --", "DUBAI (AFP) -"]}


def vocabulary(seed, syll, n):
    import random

    rnd, words = random.Random(seed), set()
    while len(words) < n:
        words.add("".join(rnd.choices(syll, k=rnd.randint(2, 4))))
    return np.array(sorted(words), dtype=object)


class Corpus:
    """Deterministic synthetic news: story i's text is regenerated from seed i when needed."""

    def __init__(self, n_docs: int, seed: int):
        rng = np.random.default_rng(seed)
        self.seed = seed
        self.vocab = {"ar": vocabulary(seed, AR_SYLL, 60000), "en": vocabulary(seed, LA_SYLL, 60000)}
        zipf = 1.0 / np.arange(1, 60001) ** 0.9
        self.p = zipf / zipf.sum()
        self.cdf = np.cumsum(self.p)
        # stories and their copies: 60% no copy, then 1..6 copies
        n_stories = int(n_docs / 1.75)
        copies = rng.choice([0, 1, 2, 3, 4, 6], size=n_stories, p=[0.6, 0.15, 0.1, 0.07, 0.05, 0.03])
        story = np.repeat(np.arange(n_stories), copies + 1)
        variant = np.concatenate([np.arange(c + 1) for c in copies])
        story, variant = story[:n_docs], variant[:n_docs]
        if len(story) < n_docs:  # rounding: top up with single stories
            extra = np.arange(n_stories, n_stories + n_docs - len(story))
            story = np.concatenate([story, extra])
            variant = np.concatenate([variant, np.zeros(len(extra), dtype=np.int64)])
        self.n_stories = int(story.max()) + 1
        # about 2,000 stories a day; copies 0-36 h after the original; fetched up to a day late
        base = 1_700_000_000 + (np.arange(self.n_stories) * 86400 // 2000)
        delay = np.where(variant > 0, rng.integers(0, 36 * 3600, size=len(story)), 0)
        self.published = base[story] + delay
        arrival = self.published + rng.integers(0, 86400, size=len(story))
        order = np.argsort(arrival, kind="stable")
        self.story, self.variant, self.published = story[order], variant[order], self.published[order]

    def lang(self, s):
        return "ar" if s % 2 == 0 else "en"

    def _paragraphs(self, rng, lang, n_words):
        idx = np.searchsorted(self.cdf, rng.random(n_words))
        idx = np.minimum(idx, len(self.p) - 1)
        w = self.vocab[lang][idx]
        if n_words < 80:
            return [" ".join(w) + "."]
        # paragraphs of 50-100 words, as in news copy (a cut ending then drops one paragraph)
        cuts = np.cumsum(rng.integers(50, 101, size=n_words // 50 + 1))
        cuts = cuts[cuts < n_words - 30]
        return [" ".join(p) + "." for p in np.split(w, cuts)]

    def story_paragraphs(self, s):
        rng = np.random.default_rng((self.seed, int(s)))
        lang = self.lang(s)
        paras = self._paragraphs(rng, lang, int(rng.integers(150, 700)))
        # every 10th story is related coverage of the story before it: its own words, but the
        # same long quote (40 words) and the same names -> must stay a separate article
        if s % 10 == 9:
            prev = np.random.default_rng((self.seed, int(s) - 1))
            quote = self._paragraphs(prev, self.lang(s - 1), 200)[0].split()[:40]
            paras.insert(1, "«" + " ".join(quote) + "»")
        return lang, paras

    def text(self, i):
        s, v = self.story[i], self.variant[i]
        lang, paras = self.story_paragraphs(s)
        if v == 0:
            return "\n\n".join(paras)
        rng = np.random.default_rng((self.seed, int(s), int(v)))
        paras = list(paras)
        ops = rng.choice(7, size=int(rng.integers(1, 4)), replace=False)
        for op in ops:
            if op == 0:  # dateline
                paras[0] = DATELINE[lang][int(rng.integers(3))] + " " + paras[0]
            elif op == 1 and len(paras) > 3:  # cut ending
                paras = paras[:-1]
            elif op == 2:  # added paragraph of its own
                paras.append(" ".join(self._paragraphs(rng, lang, 60)))
            elif op == 3:  # spelling variants
                paras = [p.replace("أ", "ا").replace("ة", "ه").replace("ى", "ي") for p in paras] if lang == "ar" \
                    else [p.replace(".", ",", 2) for p in paras]
            elif op == 4:  # boilerplate left over
                paras.append(BOILER[lang])
            elif op == 5:  # a new headline line on top
                paras.insert(0, " ".join(self._paragraphs(rng, lang, 25)[:1]))
            elif op == 6:  # a few words changed (three, anywhere in the text)
                for _ in range(3):
                    k = int(rng.integers(len(paras)))
                    w = paras[k].split()
                    w[int(rng.integers(len(w)))] = str(self.vocab[lang][int(rng.integers(60000))])
                    paras[k] = " ".join(w)
        return "\n\n".join(paras)


def prepare(texts, times, cfg):
    """Everything about a batch that needs no catalog, in the worker process: fingerprints, the
    duplicate pairs inside the batch (`batch_pairs`), and what extraction hands the dedup step
    besides the text (word count, content hash)."""
    import hashlib

    from pipeline.dedup.fingerprint import fingerprints
    from pipeline.dedup.index import batch_pairs

    fps = fingerprints(texts, cfg)
    return (_pack(fps), batch_pairs(fps, times, cfg), [t.count(" ") + t.count("\n\n") + 1 for t in texts],
            [hashlib.sha256(t.encode()).hexdigest() for t in texts])


def _pack(fps):
    """Fingerprints as four arrays for the trip between processes (pickling 4,000 small arrays
    costs more than fingerprinting a tenth of the batch)."""
    lens = np.fromiter((len(f.shingles) for f in fps), dtype=np.int64, count=len(fps))
    has = np.fromiter((len(f.band_keys) > 0 for f in fps), dtype=bool, count=len(fps))
    keys = np.stack([f.band_keys for f in fps if len(f.band_keys)]) if has.any() else np.zeros((0, 0), np.int64)
    return np.concatenate([f.shingles for f in fps]), np.concatenate(([0], np.cumsum(lens))), keys, has


def _unpack(packed):
    from pipeline.dedup.fingerprint import Fingerprint

    shingles, offsets, keys, has = packed
    rows = np.cumsum(has) - 1
    empty = np.zeros(0, dtype=np.int64)
    return [Fingerprint(shingles[offsets[i]:offsets[i + 1]], keys[rows[i]] if h else empty)
            for i, h in enumerate(has.tolist())]


def _generate_chunk(job):
    n_docs, seed, lo, hi = job
    corpus = _worker_corpus(n_docs, seed)
    return [corpus.text(i).encode("utf-8") for i in range(lo, hi)]


_CORPUS = {}


def _worker_corpus(n_docs, seed):
    if (n_docs, seed) not in _CORPUS:
        _CORPUS.clear()
        _CORPUS[(n_docs, seed)] = Corpus(n_docs, seed)
    return _CORPUS[(n_docs, seed)]


class CachedCorpus:
    """The generated texts on disk (UTF-8 blob + offsets, memory-mapped), made once per
    (docs, seed) with all cores and reused, so SQLite and PostgreSQL runs see the same
    articles and the timed loop does not pay for generating them."""

    def __init__(self, n_docs: int, seed: int, cache_dir: Path, workers: int):
        from multiprocessing import Pool

        meta = Corpus(n_docs, seed)  # cheap: arrays only (texts are made on demand)
        self.story, self.published, self.n_stories = meta.story, meta.published, meta.n_stories
        base = cache_dir / f"dedup-corpus-v3-{n_docs}-{seed}"
        blob, offs = base.with_suffix(".utf8"), base.with_suffix(".offsets.npy")
        if not offs.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            step = 5000
            jobs = [(n_docs, seed, lo, min(lo + step, n_docs)) for lo in range(0, n_docs, step)]
            offsets = [0]
            with open(blob, "wb") as fh, Pool(max(1, workers)) as pool:
                for chunk in pool.imap(_generate_chunk, jobs):
                    for t in chunk:
                        fh.write(t)
                        offsets.append(offsets[-1] + len(t))
            np.save(offs, np.array(offsets, dtype=np.int64))
            print(f"generated {n_docs} articles in {time.perf_counter() - t0:.0f} s -> {blob}", flush=True)
        self.offsets = np.load(offs)
        # plain reads, not mmap: mapped pages would count in this process's peak RSS
        self.blob = open(blob, "rb")

    def texts(self, lo: int, hi: int) -> list[str]:
        o = self.offsets
        self.blob.seek(int(o[lo]))
        raw = self.blob.read(int(o[hi] - o[lo]))
        base = o[lo]
        return [raw[o[i] - base:o[i + 1] - base].decode("utf-8") for i in range(lo, hi)]


def run(args) -> dict:
    from sqlalchemy import text as sql

    from pipeline.store.catalog import Catalog
    from pipeline.config import DedupSettings, load_settings
    from pipeline.dedup.bands import BandMirror
    from pipeline.dedup.index import DedupIndex, NewDoc

    try:
        cfg = load_settings(ROOT / "config").dedup
    except Exception:  # noqa: BLE001 - the bench must run even with a broken config dir
        cfg = DedupSettings()
    tmp = tempfile.TemporaryDirectory(prefix="bench-dedup-")
    url = args.catalog or f"sqlite:///{tmp.name}/catalog.sqlite"
    catalog = Catalog(url)
    corpus = CachedCorpus(args.docs, args.seed, Path(args.cache), max(1, args.workers, 2))
    print(f"dedup bench: {args.docs} docs ({corpus.n_stories} stories), batch {args.batch}, "
          f"{catalog.engine.dialect.name}, bands {cfg.bands}x{cfg.num_perm // cfg.bands}, "
          f"t1={cfg.jaccard_threshold} t2={cfg.containment_threshold}", flush=True)

    mirror = BandMirror()  # the process's in-memory band index, kept in step with the catalog
    timed = gen_s = 0.0
    split = Counter()  # where the timed seconds of this process went
    batch_ms, per_doc_checkpoints = [], []
    t_start = time.perf_counter()
    last_t, last_n = 0.0, 0
    # Fingerprinting (tokenising is most of it) runs in worker processes, one batch ahead of
    # the decisions, which need the catalog and so stay in this process, in batch order.
    pool = ProcessPoolExecutor(args.workers) if args.workers else None
    starts = list(range(0, args.docs, args.batch))

    def submit(start):
        g0 = time.perf_counter()
        idx = range(start, min(start + args.batch, args.docs))
        texts = corpus.texts(idx[0], idx[-1] + 1)
        g = time.perf_counter() - g0
        fut = pool.submit(prepare, texts, corpus.published[idx[0]:idx[-1] + 1], cfg) if pool else None
        return idx, texts, fut, g

    ahead = max(1, args.workers)  # batches in flight: one a worker
    pending = [submit(s) for s in starts[:ahead]]
    t0 = time.perf_counter()
    for k, start in enumerate(starts):
        idx, texts, fut, g = pending.pop(0)
        gen_s += g
        if k + ahead < len(starts):  # a later batch's texts (untimed) and fingerprints (in a worker)
            pending.append(submit(starts[k + ahead]))
            t0 += pending[-1][3]
        w0 = time.perf_counter()
        packed, pairs, counts, shas = fut.result() if fut else prepare(texts, corpus.published[idx[0]:idx[-1] + 1], cfg)
        fps = _unpack(packed)
        split["waiting for the worker" if fut else "fingerprints"] += time.perf_counter() - w0
        docs = [NewDoc(f"d{i:08d}", sha, int(corpus.published[i]), n, 0, fp,
                       {"url_key": f"https://s{i % 50}.example/{i}", "site": f"s{i % 50}", "day": "2026-01-01",
                        "run_id": f"bench-{start}", "status": "published", "published": None})
                for i, fp, n, sha in zip(idx, fps, counts, shas)]
        d0 = time.perf_counter()
        with catalog.dedup_lock() as conn:
            DedupIndex(conn, cfg, mirror).add_batch(docs, pairs)
            c0 = time.perf_counter()
        now = time.perf_counter()
        split["decisions"] += c0 - d0
        split["commit"] += now - c0
        dt = now - t0
        t0 = now
        timed += dt
        batch_ms.append(dt * 1000)
        done = idx[-1] + 1
        if done in _checkpoints(args.docs) or done == args.docs:
            rate = (done - last_n) / (timed - last_t)
            per_doc_checkpoints.append({"docs": done, "docs_per_s": round(rate), "ms_per_doc": round(1000 / rate, 4),
                                        "rss_mb": round(_rss_mb())})
            print(f"  {done:>9} docs  {rate:8.0f} docs/s over the last {done - last_n} "
                  f"({1000 / rate:.3f} ms/doc)  rss {_rss_mb():.0f} MB  "
                  f"wall {time.perf_counter() - t_start:.0f} s", flush=True)
            last_t, last_n = timed, done
    if pool:
        pool.shutdown()

    # quality: pairwise precision/recall of (story, cluster), from the catalog's final state
    story_of = {f"d{i:08d}": int(s) for i, s in enumerate(corpus.story)}
    cells, clusters = Counter(), Counter()
    with catalog.engine.connect() as conn:
        for doc_id, cluster_id in conn.execute(sql("SELECT doc_id, cluster_id FROM documents")).yield_per(50000):
            cells[(story_of[doc_id], cluster_id)] += 1
            clusters[cluster_id] += 1
    stories = Counter(corpus.story.tolist())
    pairs = lambda c: sum(n * (n - 1) // 2 for n in c.values())  # noqa: E731
    tp, pred, true = pairs(cells), pairs(clusters), pairs(stories)
    catalog.close()
    tmp.cleanup()
    q = np.array(batch_ms) / args.batch
    return {"docs": args.docs, "backend": catalog.engine.dialect.name, "batch": args.batch,
            "docs_per_s": round(args.docs / timed), "seconds_timed": round(timed, 1),
            "generate_s": round(gen_s, 1),
            # a batch is one query round; per-document query latency = batch time / batch size
            "query_p99_ms": round(float(np.percentile(q, 99)), 4),
            "batch_p99_ms": round(float(np.percentile(batch_ms, 99)), 1),
            "peak_rss_mb": round(_rss_mb() + _children_rss_mb()), "main_rss_mb": round(_rss_mb()), "precision": round(tp / pred, 6) if pred else 1.0,
            "recall": round(tp / true, 6) if true else 1.0, "true_pairs": true, "predicted_pairs": pred,
            "checkpoints": per_doc_checkpoints,
            "ms_per_batch": {k: round(v * 1000 / len(batch_ms), 1) for k, v in split.items()}}


def _checkpoints(n):
    return {c for c in (10_000, 100_000, 250_000, 500_000, 750_000) if c < n}


def _children_rss_mb() -> float:
    # the fingerprint workers' peak (the largest child; they run side by side with this process)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--catalog", default=None, help="SQLAlchemy URL (default: fresh SQLite in a temp dir)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "newsarchive-bench"),
                    help="where the generated articles are kept between runs")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes fingerprinting the next batches while this one decides "
                         "(default: one a core; 0 = all in this process)")
    result = run(ap.parse_args(argv))
    print("ms per batch: " + ", ".join(f"{k} {v}" for k, v in result["ms_per_batch"].items()))
    print(f"docs/s {result['docs_per_s']}  per-doc p99 {result['query_p99_ms']} ms  "
          f"peak RSS {result['peak_rss_mb']} MB  precision {result['precision']}  recall {result['recall']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
