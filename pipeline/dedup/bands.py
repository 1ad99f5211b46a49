"""The LSH band index the dedup looks candidates up in: in memory, in step with the catalog.

The catalog is the durable, shared index: every document's band keys and shingles are in its
`fingerprints` table, written in the dedup transaction. Looking 32 keys a document up in a
B-tree of 32 x N rows, and inserting as many, cost more than everything else in the dedup
together (~300 µs a document), and grew with the archive. But a document is only ever compared
with documents within the dedup window (±7 days) of it, so this module keeps the band keys of
just the time ranges the current batches need, in sorted numpy arrays:

* `BandTable`: band key -> (doc_no, time), as a few sorted runs (a small LSM tree): a batch's
  lookups are one searchsorted a run, an insert adds a run, runs merge now and then.
* `BandMirror`: which time ranges the table holds, and the catalog's `dedup_state` it was
  read at. Before each batch, inside the locked dedup transaction, `sync` reads what other
  runs (on any machine) added since (`doc_no` only grows), loads the time ranges the batch
  needs that it does not hold yet, and starts over if documents were deleted meanwhile
  (`generation` changed). The batch's own inserts join the table once their transaction has
  committed (`remember`), together with what the decisions need of them (doc id, cluster,
  published time, shingles) for the next batches, so a long-running worker never reads back
  what it wrote. Decisions always see exactly the catalog's committed index, and memory stays
  bounded by the window, not the archive.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from sqlalchemy import select

from pipeline.dedup.tables import fingerprints

Interval = tuple[int, int]  # inclusive range of dedup times (epoch seconds)
_MAX_RUNS = 4  # sorted runs in a BandTable before they are merged into one


@dataclass
class _Run:
    keys: np.ndarray  # sorted int64 band keys
    doc_nos: np.ndarray
    times: np.ndarray


class BandTable:
    def __init__(self):
        self.runs: list[_Run] = []

    def __len__(self) -> int:
        return sum(len(r.keys) for r in self.runs)

    def add(self, keys: np.ndarray, doc_nos: np.ndarray, times: np.ndarray) -> None:
        """keys (n, bands) of n documents, with their doc_nos and times."""
        if not len(keys):
            return
        width = keys.shape[1]
        flat = keys.ravel()
        order = np.argsort(flat, kind="stable")
        self.runs.append(_Run(flat[order], np.repeat(doc_nos, width)[order], np.repeat(times, width)[order]))
        if len(self.runs) > _MAX_RUNS:
            keys = np.concatenate([r.keys for r in self.runs])
            order = np.argsort(keys, kind="stable")  # timsort: merges the sorted runs
            self.runs = [_Run(keys[order], np.concatenate([r.doc_nos for r in self.runs])[order],
                              np.concatenate([r.times for r in self.runs])[order])]

    def lookup(self, keys: np.ndarray, times: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (row of `keys`, doc_no) sharing at least one band key, within `window` seconds
        of each other (0 = any time); each pair once."""
        n, width = keys.shape if keys.ndim == 2 else (0, 0)
        if not n or not self.runs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        flat = keys.ravel()
        order = np.argsort(flat)  # sorted probes walk each run once: far fewer cache misses
        probes = flat[order]
        found = []
        for run in self.runs:
            lo = np.searchsorted(run.keys, probes, "left")
            hit = np.flatnonzero(run.keys[np.minimum(lo, len(run.keys) - 1)] == probes)
            lo = lo[hit]
            cnt = np.searchsorted(run.keys, probes[hit], "right") - lo
            pos = np.repeat(lo - (np.cumsum(cnt) - cnt), cnt) + np.arange(int(cnt.sum()))
            rows = np.repeat(order[hit] // width, cnt)
            if window:
                near = np.abs(run.times[pos] - times[rows]) <= window
                rows, pos = rows[near], pos[near]
            found.append((rows << 40) | run.doc_nos[pos])  # doc_no < 2^40: a trillion documents
        pairs = np.unique(np.concatenate(found))
        return pairs >> 40, pairs & ((1 << 40) - 1)

    def keep(self, intervals: list[Interval]) -> None:
        """Drop every key whose time lies outside the intervals."""
        for r in self.runs:
            m = _inside(r.times, intervals)
            r.keys, r.doc_nos, r.times = r.keys[m], r.doc_nos[m], r.times[m]
        self.runs = [r for r in self.runs if len(r.keys)]


class KnownDoc(NamedTuple):
    """What a decision needs of a catalog document (none of it changes once written: a
    takeover moves the canonical, never a document's cluster)."""
    doc_no: int
    doc_id: str
    cluster_id: str
    published_ts: int | None
    shingles: np.ndarray


class BandMirror:
    """The catalog's band keys of the time ranges recent batches needed (see the module doc).
    One per process and catalog; only touched inside `Catalog.dedup_lock`."""

    def __init__(self, max_keys: int = 8_000_000, max_docs: int = 100_000):
        self.max_keys = max_keys  # beyond this (~200 MB), keep only what the current batch needs
        self.max_docs = max_docs  # own recent documents kept whole (~2 KB each), for decisions
        self.table = BandTable()
        self.docs: dict[int, KnownDoc] = {}  # doc_no -> document, oldest first
        self.generation: int | None = None
        self.seen = 0  # every catalog document with doc_no < seen is in the table if its time is covered
        self.covered: list[Interval] = []

    def sync(self, conn, state: tuple[int, int], need: list[Interval], bands: int) -> None:
        """Bring the table in step with the catalog at `state` (generation, next doc_no, as read
        in this transaction) and make sure it holds every document with a time in `need`."""
        generation, next_doc_no = state
        if generation != self.generation:  # documents were deleted: start over
            self.table, self.docs, self.covered = BandTable(), {}, []
            self.generation, self.seen = generation, next_doc_no
        elif next_doc_no > self.seen:  # what other runs added since, where this mirror is complete
            self._load(conn, fingerprints.c.doc_no >= self.seen, bands, only=self.covered)
            self.seen = next_doc_no
        gaps = subtract(need, self.covered)
        for lo, hi in gaps:
            self._load(conn, fingerprints.c.dedup_ts.between(lo, hi) & (fingerprints.c.doc_no < self.seen), bands)
        self.covered = union(self.covered, gaps)
        # forget what the batches have moved away from: once the table spans a quarter more time
        # than this batch needs (or holds too many keys), keep only what it needs
        needed = sum(hi - lo for lo, hi in need)
        if len(self.table) > self.max_keys or sum(hi - lo for lo, hi in self.covered) - needed > needed / 4:
            self.table.keep(need)
            self.covered = list(need)

    def remember(self, conn, start: int, keys: np.ndarray, has: np.ndarray, times: np.ndarray,
                 docs: list[KnownDoc]) -> None:
        """The batch's own inserts (doc_nos start..start+n-1): into the table when `conn`'s
        transaction commits (`Catalog.dedup_lock` runs the callback); a rollback leaves the
        mirror as it was, and a caller without the callback just has them loaded next time."""
        callbacks = conn.info.get("after_commit")
        if callbacks is None:
            return

        def committed():
            if self.seen != start:  # not read at this transaction's state: let sync load them
                return
            self.seen = start + len(docs)
            inside = has & _inside(times, self.covered)
            self.table.add(keys[inside], np.arange(start, start + len(docs))[inside], times[inside])
            for d in docs:
                self.docs[d.doc_no] = d
            for old in list(self.docs)[:max(0, len(self.docs) - self.max_docs)]:
                del self.docs[old]

        callbacks.append(committed)

    def _load(self, conn, where, bands: int, only: list[Interval] | None = None) -> None:
        rows = conn.execute(select(fingerprints.c.doc_no, fingerprints.c.dedup_ts, fingerprints.c.band_keys)
                            .where(where)).all()
        rows = [r for r in rows if r.band_keys]  # a text without words has no bands
        if not rows:
            return
        times = np.array([r.dedup_ts for r in rows], dtype=np.int64)
        keep = _inside(times, only) if only is not None else np.ones(len(rows), dtype=bool)
        keys = np.frombuffer(b"".join(r.band_keys for r in rows), dtype="<i8").reshape(len(rows), bands)
        self.table.add(keys[keep], np.array([r.doc_no for r in rows], dtype=np.int64)[keep], times[keep])


def _inside(times: np.ndarray, intervals: list[Interval]) -> np.ndarray:
    m = np.zeros(len(times), dtype=bool)
    for lo, hi in intervals:
        m |= (times >= lo) & (times <= hi)
    return m


def windows(times: np.ndarray, window: int) -> list[Interval]:
    """The union of [t - window, t + window] over the times, as sorted disjoint intervals."""
    return union([], [(t - window, t + window) for t in np.unique(times).tolist()])


def union(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for lo, hi in sorted(a + b):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """The parts of the intervals in `a` that no interval in `b` covers."""
    out = []
    for lo, hi in a:
        cur = lo
        for blo, bhi in b:
            if bhi < cur or blo > hi:
                continue
            if blo > cur:
                out.append((cur, blo - 1))
            cur = max(cur, bhi + 1)
            if cur > hi:
                break
        if cur <= hi:
            out.append((cur, hi))
    return out
