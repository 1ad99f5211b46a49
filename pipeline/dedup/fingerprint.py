"""Near-duplicate detection: wire copies folded into one cluster, related coverage kept apart.

Two stages, both batched (a run's articles, or a benchmark batch, go through together):

* Candidates: MinHash (rensa) over normalised word shingles, LSH-banded. Each band becomes one
  signed 64-bit band key (band number mixed in). The catalog keeps every document's keys
  (`fingerprints`), and `pipeline/dedup/bands.py` looks a batch's keys up in memory among the
  documents within the dedup window, in step with the catalog, so every run and every worker
  dedups against one durable index.
* Decision: each candidate is confirmed on the exact shingle sets (stored as sorted 32-bit
  hashes; see `Fingerprint`), duplicate when Jaccard >= t1 or containment (of the smaller set in
  the larger: a trimmed copy) >= t2. t1/t2 come from the calibration (`pipeline/eval/dedup.py`).

Clusters and the canonical rule live in `DedupIndex.add_batch`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
import numpy as np
from rensa import RMinHash

from pipeline.config import DedupSettings
from pipeline.normalize import shingle_size
from pipeline.dedup.word_hashes import PRIME64, mix64, word_hashes

# Bump when what a fingerprint holds changes (tokenizer, word or shingle hashing, banding): the
# catalog refuses to mix fingerprints of two versions (see DedupIndex._state).
FINGERPRINT_VERSION = 2


@dataclass
class Fingerprint:
    """What the index keeps of a text.

    `shingles`: the text's set of word n-grams as sorted unique 32-bit hashes. 32 bits keep the
    catalog small (4 bytes a shingle); two different shingles collide with probability 2^-32, so
    on two 1,000-shingle texts the expected error in the intersection is 2e-4 of a shingle:
    Jaccard and containment computed on these are exact for any threshold decision.
    `band_keys`: one int64 per LSH band (empty for a text without words).
    """

    shingles: np.ndarray
    band_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def to_blob(self) -> bytes:
        return self.shingles.astype("<u4").tobytes()

    @staticmethod
    def shingles_from_blob(blob: bytes | None) -> np.ndarray:
        return np.frombuffer(blob or b"", dtype="<u4")


def fingerprints(texts: list[str], cfg: DedupSettings) -> list[Fingerprint]:
    """Fingerprints of many texts at once: words normalised and hashed by `word_hashes`,
    shingle hashing, banding and the exact sets vectorised over the whole batch, one Rust call
    (rensa) for all MinHash signatures."""
    wh, lens = word_hashes(texts)
    if wh.size == 0:
        return [Fingerprint(np.zeros(0, dtype=np.uint32)) for _ in texts]
    sizes = np.fromiter((shingle_size(int(n), cfg.shingle_size) for n in lens), dtype=np.int64, count=len(lens))
    counts = np.where(sizes > 0, lens - sizes + 1, 0)
    row_of = np.repeat(np.arange(len(texts)), counts)  # the text of every shingle
    sh64 = _shingle_hashes(wh, lens, sizes, counts, row_of)
    row_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
    digests = np.array(RMinHash.digest_matrix_from_flat_token_hashes(
        sh64, row_offsets, cfg.num_perm, cfg.seed).to_rows(), dtype=np.uint64)
    bands = _band_keys(digests, cfg)
    # exact sets: sort (text, 32-bit shingle hash) pairs once for the whole batch
    keyed = np.sort((row_of.astype(np.uint64) << np.uint64(32)) | (sh64 >> np.uint64(32)))
    keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]  # unique (sort-based: fast)
    bounds = np.searchsorted(keyed >> np.uint64(32), np.arange(len(texts) + 1, dtype=np.uint64))
    low = (keyed & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return [Fingerprint(low[bounds[i]:bounds[i + 1]],
                        bands[i] if counts[i] else np.zeros(0, dtype=np.int64))
            for i in range(len(texts))]


def _shingle_hashes(wh: np.ndarray, lens: np.ndarray, sizes: np.ndarray, counts: np.ndarray,
                    text_of: np.ndarray) -> np.ndarray:
    """Hash of every word n-gram of every text, in text order (n = the text's shingle size).

    A polynomial over the word hashes, with n mixed in, then splitmix'd. Computed with
    contiguous slices over the whole flat word array (windows that cross texts included) and
    then gathered at each text's valid starts: one pass per distinct n (nearly always one).
    """
    offsets = np.concatenate(([0], np.cumsum(lens)[:-1]))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    starts = offsets[text_of] + (np.arange(int(counts.sum())) - first[text_of])
    n_of = sizes[text_of]
    out = np.empty(len(starts), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for n in np.unique(sizes[counts > 0]).tolist():
            windows = len(wh) - n + 1
            acc = wh[:windows] ^ np.uint64(n)
            for k in range(1, n):
                acc = acc * PRIME64 + wh[k:windows + k]
            m = n_of == n
            if m.all():
                out = acc[starts]
            else:
                out[m] = acc[starts[m]]
        return mix64(out)


def fingerprint(text: str, cfg: DedupSettings) -> Fingerprint:
    return fingerprints([text], cfg)[0]


def _band_keys(digests: np.ndarray, cfg: DedupSettings) -> np.ndarray:
    """(n, num_perm) MinHash digests -> (n, bands) int64 band keys: rows r = num_perm // bands
    per band, the band number mixed in so equal values in different bands never collide."""
    n = digests.shape[0]
    rows = cfg.num_perm // cfg.bands
    d = digests[:, :rows * cfg.bands].reshape(n, cfg.bands, rows)
    with np.errstate(over="ignore"):
        acc = np.broadcast_to(mix64(np.arange(1, cfg.bands + 1, dtype=np.uint64)), (n, cfg.bands)).copy()
        for k in range(rows):
            acc = mix64(acc * PRIME64 + d[:, :, k])
    return acc.view(np.int64)


def lsh_candidate_probability(jaccard: float, cfg: DedupSettings) -> float:
    """Chance that a pair at this Jaccard shares at least one band (is looked at at all)."""
    rows = cfg.num_perm // cfg.bands
    return 1.0 - (1.0 - jaccard ** rows) ** cfg.bands


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two sorted unique hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    if len(a) > len(b):
        a, b = b, a
    # each element of the smaller set looked up in the larger (4x faster than intersect1d)
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    inter = int(np.count_nonzero(b[at] == a))
    return inter / (len(a) + len(b) - inter), inter / len(a)


def similarities(left: list[np.ndarray], right: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """`similarity` of many pairs (left[k], right[k]) at once: every set tagged with its pair
    number, all left sets and all right sets concatenated (two sorted runs), one merge, and an
    element shared by a pair shows up twice in a row. ~5x cheaper than a call a pair."""
    n = len(left)
    if not n:
        return np.zeros(0), np.zeros(0)
    ll = np.fromiter(map(len, left), dtype=np.int64, count=n)
    lr = np.fromiter(map(len, right), dtype=np.int64, count=n)
    pair = np.arange(n, dtype=np.uint64)

    def tagged(sets, lens):
        values = np.concatenate(sets).astype(np.uint64) if lens.sum() else np.zeros(0, dtype=np.uint64)
        return (np.repeat(pair, lens) << np.uint64(32)) | values

    both = np.sort(np.concatenate([tagged(left, ll), tagged(right, lr)]), kind="stable")
    shared = both[1:][both[1:] == both[:-1]] >> np.uint64(32)
    inter = np.bincount(shared.astype(np.int64), minlength=n)
    union = ll + lr - inter
    small = np.minimum(ll, lr)
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        cont = np.where(small > 0, inter / np.maximum(small, 1), 0.0)
    return jac, cont


def is_duplicate(jac: float, cont: float, cfg: DedupSettings) -> bool:
    # `|`, not `or`: also takes arrays of pairs (see similarities)
    return (jac >= cfg.jaccard_threshold) | (cont >= cfg.containment_threshold)


def epoch(published: str | None) -> int | None:
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())
