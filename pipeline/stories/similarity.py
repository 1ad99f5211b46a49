"""Article similarity for stories: do two articles, written differently, cover the same event?

An article becomes a `Signature`: a sparse vector of term hashes and weights. Terms are the
normalised words (pipeline.normalize), lightly stemmed so inflections meet (Arabic: the article
ال, attached conjunctions/prepositions and common suffixes stripped; other alphabets: words cut
to their first STEM_CHARS characters, which is how far a suffix-stripper gets in most European
languages and Turkish, and it also joins cognates across languages: Pandemie/pandemia/pandemic);
Chinese and Japanese, written without spaces, as character bigrams. A term's weight is
(1 + log tf), raised for title words, numbers and capitalised (entity-like) tokens, times its
IDF from a `DocFreq` (which damps stop-words in every language without a stop-word list).

`similarity` is the weighted cosine of two signatures (the smaller one's terms binary-searched
in the larger one's), mapped to [0, 1] by clip(SCALE * cos^POWER + OFFSET): an estimate of
(4 - Overall) / 3 on SemEval-2022 Task 8's scale (real article pairs scored by people from 1 =
same story to 4 = unrelated). Cross-validated there (pipeline/eval/stories.py): pooled
monolingual Pearson 0.727 with -Overall (plain TF-IDF cosine ~0.59-0.66); cross-lingual 0.50.
Entity, title and title-vs-body cosines as extra features did not beat the single cosine.

Speed (this 2-core machine, bench/stories_similarity.py, warm token cache): ~210 µs for a
600-word article (~135 µs of it turning tokens into term codes), ~11 µs per similarity (numpy
call overhead dominates), ~31 µs to re-weight a signature by a DocFreq. Chinese texts cost more
(~430 µs each: their sentence-long tokens are not cached). Tokens become terms through a
per-process cache keyed by the raw token, so a cached word costs one C-level dict lookup; only
unseen tokens go through normalisation and stemming.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from pipeline.normalize import WORD, normalize

# ---- parameters, chosen by 5-fold cross-validation on SemEval-2022 Task 8 train (1,283 pairs;
# pipeline/eval/stories.py). Pooled monolingual Pearson of the plain cosine for each choice:
STEM_CHARS = 5          # 5: 0.690, 6: 0.686, 7: 0.679, no cut: 0.659
TITLE_BOOST = 1.0       # title and lede words x 2: 0.686 vs 0.651 without
LEAD_TERMS = 15         # the text's first 15 terms (its lede) count as title: 0.693; 30: 0.686; 0: 0.657
ENTITY_BOOST = 0.0      # capitalised tokens: x 1.5 gave 0.706, x 2 0.686, no boost 0.704 (German
                        # capitalises every noun); kept as a knob, off
NUMBER_BOOST = 0.5      # numbers x 1.5: +0.001; harmless, dates and counts mark events
IDF_POWER = 1.5         # weight = boosted tf x idf^1.5: 0.704 vs 0.693 for idf^1 (rare names count more)
TF_LOG = 1.0            # tf -> 1 + log tf; binary tf: 0.648
# score = clip(SCALE * cosine^POWER + OFFSET, 0, 1), least squares on monolingual pairs toward
# (4 - Overall) / 3; cosine of entity terms, of titles/ledes, title against body as extra
# features: 0.725 cross-validated vs 0.727 for the cosine alone, so left out.
POWER = 0.7
SCALE = 1.443
OFFSET = -0.078
SAME_STORY_THRESHOLD = 0.53  # best F0.5 on the train pairs (precision counts double)

_CAP, _NUM, _TITLE = 1, 2, 4  # flag bits of a term occurrence; a term code is hash << 3 | flags
_HASH_BITS = 60
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPLIT = tuple('.,;:!?"()[]{}«»“”‘’„،؛؟…-–—_/\\|*+=<>#%&@\'')
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_CACHE: dict[str, int] = {}
_MULTI: dict[str, tuple[int, ...]] = {}
_CACHE_MAX = 2_000_000  # raw tokens kept (~200 MB at most); cleared when full
_CACHE_TOKEN_MAX = 40   # longer tokens (CJK sentences, URLs) are not cached


def _boosts() -> np.ndarray:
    """Weight multiplier for each combination of flag bits (index = flags)."""
    f = np.arange(8)
    return ((1 + TITLE_BOOST * ((f & _TITLE) > 0)) * (1 + ENTITY_BOOST * ((f & _CAP) > 0))
            * (1 + NUMBER_BOOST * ((f & _NUM) > 0))).astype(np.float32)


_BOOST = _boosts()


def _hash(term: str) -> int:
    return int.from_bytes(blake2b(term.encode("utf-8"), digest_size=8).digest(), "little") >> (64 - _HASH_BITS)


def _stem_arabic(w: str) -> str:
    """Light10-style: one article/conjunction prefix, then suffixes while 3+ letters remain
    (normalize has already turned ة into ه and أ/إ/آ into ا)."""
    for p in _AR_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            w = w[len(p):]
            break
    else:
        if w.startswith("و") and len(w) > 3:
            w = w[1:]
    for s in _AR_SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 3:
            w = w[:-len(s)]
    return w


def _cjk_terms(w: str) -> list[str]:
    """Character bigrams of CJK runs (a lone character stands for itself), other runs as words."""
    out: list[str] = []
    pos = 0
    for m in _CJK.finditer(w):
        if m.start() > pos:
            out.append(w[pos:m.start()])
        run = m.group()
        out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
        pos = m.end()
    if pos < len(w):
        out.append(w[pos:])
    return out


def _term_codes(token: str) -> tuple[int, ...]:
    """The term codes (hash << 3 | flags) of one raw, whitespace-separated token."""
    cap = _CAP if token[:1].isupper() else 0
    codes = []
    for w in WORD.findall(normalize(token)):
        for t in (_cjk_terms(w) if _CJK.search(w) else (w,)):
            if t.isdigit():
                codes.append(_hash(t) << 3 | _NUM)
                continue
            if "\u0600" <= t[0] <= "\u06ff":
                t = _stem_arabic(t)
            elif len(t) > STEM_CHARS and not _CJK.match(t):
                t = t[:STEM_CHARS]
            codes.append(_hash(t) << 3 | cap)
    return tuple(codes)


def _codes(text: str) -> np.ndarray:
    """Term codes of every token of a text (int64). The cache maps a raw token to its one code,
    or to -1 when it has none or several (those wait in _MULTI), so a text costs one C-level
    `map` over its tokens (~25 ns a cached token) plus numpy; only unseen tokens are normalised."""
    for p in _SPLIT:
        if p in text:
            text = text.replace(p, " ")
    if len(_CACHE) + len(_MULTI) > _CACHE_MAX:
        _CACHE.clear()
        _MULTI.clear()
    toks = text.split()
    vals = list(map(_CACHE.get, toks))
    if None in vals:
        vals = [_learn(t) if v is None else v for t, v in zip(toks, vals)]
    if -1 in vals:
        out: list[int] = []
        for t, v in zip(toks, vals):
            if v >= 0:
                out.append(v)
            else:
                out.extend(_MULTI[t])
        vals = out
    return np.array(vals, dtype=np.int64)


def _learn(token: str) -> int:
    """A token's cache entry: its code, or -1 (its codes in _MULTI; long tokens are not kept)."""
    codes = _term_codes(token)
    value = codes[0] if len(codes) == 1 else -1
    if value < 0:
        _MULTI[token] = codes
    if len(token) <= _CACHE_TOKEN_MAX:
        _CACHE[token] = value
    return value


@dataclass(frozen=True, eq=False)
class Signature:
    """What one article contributes to story matching: `terms`, sorted unique term hashes
    (int64, < 2**60), and `weights`, float32, unit L2 norm (IDF applied when a DocFreq was given).
    `base`: the weights before IDF and normalisation, kept so a signature can be re-weighted
    when the DocFreq has grown (`reweighted`) without the text."""

    terms: np.ndarray
    weights: np.ndarray
    base: np.ndarray

    def reweighted(self, df: DocFreq | None) -> Signature:
        """The same article weighted by another DocFreq (None: no IDF)."""
        return _finish(self.terms, self.base, df)


def _finish(terms: np.ndarray, base: np.ndarray, df: DocFreq | None) -> Signature:
    w = base * df.idf(terms) ** IDF_POWER if df is not None else base
    n = float(np.sqrt(w @ w))
    return Signature(terms, (w / n if n > 0 else w).astype(np.float32), base)


_EMPTY = np.zeros(0, dtype=np.int64)


def _build(arr: np.ndarray, df: DocFreq | None) -> Signature:
    """Signature from term codes: one sort, then per term its count and OR-ed flags."""
    if not len(arr):
        return _finish(_EMPTY, np.zeros(0, np.float32), df)
    arr = np.sort(arr)
    hashes = arr >> 3
    starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
    counts = np.diff(starts, append=len(arr))
    flags = np.bitwise_or.reduceat((arr & 7).astype(np.uint8), starts)
    base = (1 + TF_LOG * np.log(counts)).astype(np.float32) * _BOOST[flags]
    return _finish(hashes[starts], base, df)


def signature(title: str | None, text: str, language: str | None = None, df: DocFreq | None = None) -> Signature:
    """An article's signature. Title words count as words of the article; they and the lede
    (the text's first LEAD_TERMS terms: news puts the event there) are flagged and boosted.
    `language` is accepted for the record's sake: terms depend on the script, not the declared
    language, so a mislabelled article and cross-lingual pairs still get the same terms."""
    body = _codes(text or "")
    body[:LEAD_TERMS] |= _TITLE
    return _build(np.concatenate([_codes(title) | _TITLE, body]) if title else body, df)


def signatures(items, df: DocFreq | None = None) -> list[Signature]:
    """Signatures of many (title, text, language) items."""
    return [signature(title, text, language, df) for title, text, language in items]


class DocFreq:
    """Document frequencies behind the IDF: sorted term hashes (int64), how many documents hold
    each, and the number of documents. Persist as rows (term, count); the row with term
    DOCS_KEY (-1, never a term hash) holds the number of documents. `add` returns the
    increments as rows of the same shape, to add to stored counts (an upsert)."""

    DOCS_KEY = -1

    def __init__(self, terms: np.ndarray | None = None, counts: np.ndarray | None = None, docs: int = 0):
        self.terms = np.zeros(0, np.int64) if terms is None else np.asarray(terms, np.int64)
        self.counts = np.zeros(0, np.int64) if counts is None else np.asarray(counts, np.int64)
        self.docs = int(docs)

    def add(self, sigs) -> list[tuple[int, int]]:
        sigs = list(sigs)
        if not sigs:
            return []
        new, inc = np.unique(np.concatenate([s.terms for s in sigs]), return_counts=True)
        merged, inverse = np.unique(np.concatenate([self.terms, new]), return_inverse=True)
        counts = np.zeros(len(merged), np.int64)
        np.add.at(counts, inverse, np.concatenate([self.counts, inc]))
        self.terms, self.counts, self.docs = merged, counts, self.docs + len(sigs)
        return [(self.DOCS_KEY, len(sigs)), *zip(new.tolist(), inc.tolist())]

    def idf(self, terms: np.ndarray) -> np.ndarray:
        """Smoothed IDF, log((N + 1) / (df + 1)) + 1, as float32; unseen terms get the largest."""
        if len(self.terms) == 0:
            return np.full(len(terms), math.log(self.docs + 1) + 1, np.float32)
        i = np.minimum(np.searchsorted(self.terms, terms), len(self.terms) - 1)
        df = np.where(self.terms[i] == terms, self.counts[i], 0)
        return (np.log((self.docs + 1) / (df + 1)) + 1).astype(np.float32)

    def to_rows(self) -> list[tuple[int, int]]:
        return [(self.DOCS_KEY, self.docs), *zip(self.terms.tolist(), self.counts.tolist())]

    @classmethod
    def from_rows(cls, rows) -> DocFreq:
        docs, pairs = 0, []
        for term, count in rows:
            if term == cls.DOCS_KEY:
                docs += int(count)
            else:
                pairs.append((int(term), int(count)))
        pairs.sort()
        return cls(np.array([t for t, _ in pairs], np.int64), np.array([c for _, c in pairs], np.int64), docs)


def cosine(a: Signature, b: Signature) -> float:
    """Weighted cosine over the shared terms: the smaller signature's terms looked up in the
    larger one's by binary search."""
    if len(a.terms) > len(b.terms):
        a, b = b, a
    if not len(a.terms):
        return 0.0
    i = np.searchsorted(b.terms, a.terms)
    i[i == len(b.terms)] = 0
    hit = b.terms[i] == a.terms
    return float(a.weights[hit] @ b.weights[i[hit]])


def similarity(a: Signature, b: Signature) -> float:
    """Story similarity in [0, 1]: an estimate of (4 - Overall) / 3 on SemEval's 1-4 scale.
    The power flattens the cosine's long low tail (cross-validated Pearson 0.724 -> 0.727)."""
    c = cosine(a, b)
    return min(1.0, max(0.0, SCALE * max(c, 0.0) ** POWER + OFFSET))


def same_story(score: float) -> bool:
    return score >= SAME_STORY_THRESHOLD
