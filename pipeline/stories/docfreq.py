"""Document frequencies for the archive's story matching, and the background they start from.

`prior_df.bin` holds the hashed document frequencies of the 2,500 distinct news articles of the
SemEval-2022 Task 8 training pairs (../shared/benchmarks/semeval2022-task8/train.csv: 18 language
pairs; ar, de, en, es, fr, it, pl, ru, tr, zh among them), term hashes only, no text. It is
built once, offline, by `python bench/build_story_prior.py` and shipped with the code: nothing is
fetched at run time. The archive's own articles are added to it batch by batch.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

PRIOR = Path(__file__).with_name("prior_df.bin")


class HashedDocFreq:
    """The archive's document frequencies, in 2**20 hashed buckets: one blob in the catalog that a
    batch reads and writes whole, where exact counts would be a row a term (millions at archive
    scale, too slow to upsert). Collisions only make a rare term a little more common.

    A new catalog starts from the prior (prior_df.bin, see the module doc), not from nothing: the
    IDF of an archive of six articles would say a story's own words are its most common ones."""

    BITS = 20

    def __init__(self, counts: np.ndarray | None = None, docs: int = 0):
        self.counts = counts if counts is not None else np.zeros(1 << self.BITS, np.int32)
        self.docs = docs

    def add(self, sigs) -> None:
        sigs = list(sigs)
        if sigs:
            np.add.at(self.counts, np.concatenate([s.terms for s in sigs]) & ((1 << self.BITS) - 1), 1)
            self.docs += len(sigs)

    def idf(self, terms: np.ndarray) -> np.ndarray:
        df = self.counts[terms & ((1 << self.BITS) - 1)]
        return (np.log((self.docs + 1) / (df + 1)) + 1).astype(np.float32)

    def to_blob(self) -> tuple[bytes, int]:
        return zlib.compress(self.counts.astype("<i4").tobytes(), 1), self.docs

    @classmethod
    def from_blob(cls, blob: bytes, docs: int) -> "HashedDocFreq":
        return cls(np.frombuffer(zlib.decompress(blob), "<i4").astype(np.int32), int(docs))


    @classmethod
    def prior(cls) -> "HashedDocFreq":
        """The shipped background counts (a copy: the caller adds to it)."""
        return cls.from_blob(PRIOR.read_bytes()[8:], int.from_bytes(PRIOR.read_bytes()[:8], "little")) \
            if PRIOR.is_file() else cls()

    def save_prior(self, path: Path = None) -> None:
        blob, docs = self.to_blob()
        (path or PRIOR).write_bytes(docs.to_bytes(8, "little") + blob)
