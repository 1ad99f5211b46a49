"""Near-duplicate detection: wire copies folded into one cluster, related coverage kept apart.

Two stages. Candidates: MinHash (rensa) over normalised word shingles, LSH-banded; the bands
live in the catalog, so every run and every worker dedups against one index. Decision: each
candidate is confirmed on the exact shingle sets, duplicate when Jaccard >= t1 or containment
(of the smaller in the larger: a trimmed copy) >= t2.
"""
from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
from rensa import RMinHash
from sqlalchemy import insert, select, tuple_

from pipeline.catalog import documents, lsh_bands
from pipeline.config import DedupSettings
from pipeline.normalize import shingles, words


@dataclass
class Fingerprint:
    shingles: np.ndarray  # sorted unique uint64 hashes
    bands: list[int]  # one signed 64-bit hash per LSH band

    def to_blob(self) -> bytes:
        return self.shingles.astype("<u8").tobytes()

    @staticmethod
    def shingles_from_blob(blob: bytes) -> np.ndarray:
        return np.frombuffer(blob, dtype="<u8")


@dataclass
class Decision:
    cluster_id: str
    is_canonical: bool
    duplicate_of: str | None
    reason: str  # new | exact | near
    similarity: float = 1.0


def _h64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


def fingerprint(text: str, cfg: DedupSettings) -> Fingerprint:
    grams = shingles(words(text), cfg.shingle_size)
    hashes = np.unique(np.fromiter((_h64(g) for g in grams), dtype=np.uint64, count=len(grams)))
    mh = RMinHash(num_perm=cfg.num_perm, seed=cfg.seed)
    mh.update(sorted(grams))
    digest = mh.digest()
    rows = max(1, len(digest) // cfg.bands)
    bands = []
    for b in range(cfg.bands):
        chunk = digest[b * rows:(b + 1) * rows]
        if not chunk:
            break
        packed = struct.pack(f"<{len(chunk)}Q", *(v & 0xFFFFFFFFFFFFFFFF for v in chunk))
        bands.append(int.from_bytes(hashlib.blake2b(packed, digest_size=8).digest(), "little", signed=True))
    return Fingerprint(hashes, bands)


def similarity(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two sorted hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


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


class DedupIndex:
    """Decisions against the catalog, inside the caller's locked transaction (catalog.dedup_lock).

    Documents added here are visible to the next decision in the same transaction, so copies
    inside one run fold together exactly as copies across runs do.
    """

    def __init__(self, conn, cfg: DedupSettings):
        self.conn = conn
        self.cfg = cfg

    def decide(self, content_sha256: str, fp: Fingerprint, published_ts: int | None) -> Decision:
        exact = self.conn.execute(
            select(documents.c.doc_id, documents.c.cluster_id, documents.c.duplicate_of)
            .where(documents.c.content_sha256 == content_sha256).limit(1)).first()
        if exact:
            canonical = exact.duplicate_of or exact.doc_id
            return Decision(exact.cluster_id, False, canonical, "exact")

        best = None
        for cand in self._candidates(fp, published_ts):
            jac, cont = similarity(fp.shingles, Fingerprint.shingles_from_blob(cand.shingles))
            if jac >= self.cfg.jaccard_threshold or cont >= self.cfg.containment_threshold:
                score = max(jac, cont)
                if best is None or score > best[0]:
                    best = (score, cand)
        if best is None:
            return Decision("", True, None, "new", 0.0)
        score, cand = best
        canonical = cand.duplicate_of or cand.doc_id
        return Decision(cand.cluster_id, False, canonical, "near", score)

    def _candidates(self, fp: Fingerprint, published_ts: int | None):
        if not fp.bands:
            return []
        keys = [(i, h) for i, h in enumerate(fp.bands)]
        ids = set(self.conn.execute(select(lsh_bands.c.doc_id).where(
            tuple_(lsh_bands.c.band, lsh_bands.c.hash).in_(keys))).scalars())
        if not ids:
            return []
        q = select(documents.c.doc_id, documents.c.cluster_id, documents.c.duplicate_of,
                   documents.c.shingles, documents.c.published_ts).where(documents.c.doc_id.in_(ids))
        rows = self.conn.execute(q).all()
        window = self.cfg.window_days * 86400
        if window and published_ts is not None:
            rows = [r for r in rows if r.published_ts is None or abs(r.published_ts - published_ts) <= window]
        return rows

    def known(self, doc_id: str) -> bool:
        return self.conn.execute(select(documents.c.doc_id).where(documents.c.doc_id == doc_id)).first() is not None

    def add(self, row: dict, fp: Fingerprint) -> None:
        """Insert one document (a dict of `documents` columns) with its bands."""
        self.conn.execute(insert(documents).values(**row, shingles=fp.to_blob()))
        if fp.bands:
            self.conn.execute(insert(lsh_bands), [
                {"band": i, "hash": h, "doc_id": row["doc_id"]} for i, h in enumerate(fp.bands)])
