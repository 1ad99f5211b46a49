"""Cluster decisions for a batch of documents against the catalog's dedup index.

Runs inside the caller's locked transaction (`Catalog.dedup_lock`), so concurrent runs on any
machine decide in turn and never both make a canonical for one story. Per batch, whatever its
size: one query for already-known doc ids, the band mirror's sync (`pipeline/dedup/bands.py`:
what other runs added since, and time ranges not loaded yet), one for the shingle sets of
candidates the mirror does not hold, one for the canonicals of matched clusters, then bulk
inserts (PostgreSQL: COPY). Band keys are looked up in memory; a candidate must lie within the
dedup window of the document (times: published, else the run day). Candidates inside the batch
are resolved the same way, so copies within one run fold exactly as copies across runs do.

Exact copies are near-duplicates like any other (identical shingle sets share every band key;
reason "exact"), so they too are looked for within the window: a global index of content
hashes would cost a random B-tree insert per document, the largest write cost of the catalog
at a million documents (measured: 45 of the 80 ms a 2,000-document batch spends committing).

The canonical rule: earliest published, then longest, then higher site priority (then doc id,
so the order is total). A cluster's canonical stays when later copies arrive: a newcomer takes
over only when it was published strictly earlier than the current canonical (a late-arriving
earlier original); the cluster id never changes, the old canonical and its copies get
`duplicate_of` = the newcomer, and `BatchResult.restated` names them so publish can rewrite the
archive partitions that hold their records. Unknown publication times rank after known ones.
A newcomer matching several clusters joins the one with the most similar member; clusters are
never merged (chaining would fold related coverage together).
"""
from __future__ import annotations

import io
import struct
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import and_, bindparam, delete, insert, select, text, update

from pipeline.dedup.bands import BandMirror, BandTable, KnownDoc, windows
from pipeline.dedup.tables import dedup_state, ensure_tables, fingerprints
from pipeline.store.catalog import chunks, documents, url_aliases
from pipeline.config import DedupSettings
from pipeline.dedup.fingerprint import FINGERPRINT_VERSION, Fingerprint, is_duplicate, similarities

NO_TIME = 2**62  # sorts unknown publication times after every real one


def canonical_rank(doc) -> tuple:
    """The canonical rule, as a sort key (the least is a cluster's canonical): earliest
    published, then longest, then highest site priority, then doc id. `doc`: anything with
    published_ts, word_count, priority and doc_id (a NewDoc, a catalog row)."""
    return (doc.published_ts if doc.published_ts is not None else NO_TIME, -doc.word_count, -doc.priority, doc.doc_id)


class DedupSettingsMismatch(Exception):
    """The catalog's index was built with other fingerprint settings than the configured ones."""


def _day_epoch(day: str | None) -> int | None:
    from pipeline.dedup.fingerprint import epoch

    return epoch(f"{day}T00:00:00+00:00") if day else None


@dataclass
class NewDoc:
    doc_id: str
    content_sha256: str
    published_ts: int | None
    word_count: int
    priority: int
    fp: Fingerprint
    row: dict  # the other `documents` columns: url_key, site, day, run_id, status, published
    # A second time to look for copies around: the day the page was discovered or fetched, when
    # it is far from the page's own date (that date may be another article's).
    alt_ts: int | None = None

    def rank(self) -> tuple:
        return canonical_rank(self)

    def dedup_time(self) -> int:
        """The time the dedup window is measured from: published, else the run day."""
        return self.published_ts if self.published_ts is not None else (_day_epoch(self.row.get("day")) or 0)


@dataclass
class BatchPairs:
    """The duplicate pairs among one batch's documents (a < b, indexes into the batch as given)
    with their similarity. They need no catalog, so a worker process can find them next to the
    fingerprints (`batch_pairs`) and hand them to `DedupIndex.add_batch`."""
    a: np.ndarray
    b: np.ndarray
    score: np.ndarray  # max(Jaccard, containment)
    exact: np.ndarray  # identical shingle sets


def batch_pairs(fps: list[Fingerprint], times: np.ndarray, cfg: DedupSettings,
                alt_times: np.ndarray | None = None) -> BatchPairs:
    """Pairs of the batch sharing a band key within the window and confirmed as duplicates.
    `alt_times`: a second time per document (NO_ALT for none), see NewDoc.alt_ts."""
    keys, has = _band_matrix(fps, cfg.bands)
    return _pairs(fps, keys, has, times, cfg, alt_times)


NO_ALT = np.iinfo(np.int64).min  # no second time


def _probes(idx: np.ndarray, times: np.ndarray, alt_times: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(document index, time) of every probe: each document at its time, and again at its second time."""
    if alt_times is None:
        return idx, times[idx]
    extra = idx[alt_times[idx] != NO_ALT]
    return np.concatenate([idx, extra]), np.concatenate([times[idx], alt_times[extra]])


def _pairs(fps: list[Fingerprint], keys: np.ndarray, has: np.ndarray, times: np.ndarray,
           cfg: DedupSettings, alt_times: np.ndarray | None = None) -> BatchPairs:
    idx, at = _probes(np.flatnonzero(has), times, alt_times)
    own = BandTable()
    own.add(keys[idx], idx, at)
    rows, others = own.lookup(keys[idx], at, cfg.window_days * 86400)
    a = idx[rows]
    keep = others > a  # every document finds itself, and each pair shows up both ways
    a, b = a[keep], others[keep]
    if alt_times is not None:  # a pair found at both times once
        pair = np.unique((a << 32) | b)
        a, b = pair >> 32, pair & ((1 << 32) - 1)
    jac, cont = similarities([fps[i].shingles for i in a.tolist()], [fps[j].shingles for j in b.tolist()])
    dup = is_duplicate(jac, cont, cfg)
    return BatchPairs(a[dup], b[dup], np.maximum(jac, cont)[dup], (jac == 1.0)[dup])


def _band_matrix(fps: list[Fingerprint], bands: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, bands) band keys (zeros for a text without words) and whether each has any."""
    keys = np.zeros((len(fps), bands), dtype=np.int64)
    has = np.fromiter((len(f.band_keys) > 0 for f in fps), dtype=bool, count=len(fps))
    if has.any():
        keys[has] = np.stack([f.band_keys for f, h in zip(fps, has.tolist()) if h])
    return keys, has


@dataclass
class _Inputs:
    """Per document of a batch, in the batch's order: its band keys (zeros for a text without
    words), whether it has any, its dedup time and its second time (None: no document has one).
    Made once for the whole batch, as `_pairs` needs, then narrowed to the documents decided."""
    keys: np.ndarray
    has: np.ndarray
    times: np.ndarray
    alt: np.ndarray | None

    @classmethod
    def of(cls, docs: list[NewDoc], bands: int) -> "_Inputs":
        keys, has = _band_matrix([d.fp for d in docs], bands)
        times = np.array([d.dedup_time() for d in docs], dtype=np.int64)
        alt = (np.array([NO_ALT if d.alt_ts is None else d.alt_ts for d in docs], dtype=np.int64)
               if any(d.alt_ts is not None for d in docs) else None)
        return cls(keys, has, times, alt)

    def take(self, idx: list[int]) -> "_Inputs":
        return _Inputs(self.keys[idx], self.has[idx], self.times[idx],
                       self.alt[idx] if self.alt is not None else None)


def _rank(docs: list[NewDoc], known: set[str]) -> tuple[list[NewDoc], list[int], np.ndarray]:
    """The documents to decide in the canonical rule's order, so that a cluster's canonical is
    decided before its copies; their input indexes; and input index -> place among them (-1:
    not decided). Doc ids already in the catalog, or twice in the batch, are added to `known`
    instead (a document is added once)."""
    todo, todo_idx, seen = [], [], set()
    position = np.full(len(docs), -1, dtype=np.int64)  # input index -> place in todo
    for k in sorted(range(len(docs)), key=lambda k: docs[k].rank()):  # the rule's canonical comes first
        d = docs[k]
        if d.doc_id in known or d.doc_id in seen:
            known.add(d.doc_id)
            continue
        seen.add(d.doc_id)
        position[k] = len(todo)
        todo.append(d)
        todo_idx.append(k)
    return todo, todo_idx, position


def _add_batch_matches(matches: dict[int, list[tuple[float, str, int, str]]], pairs: BatchPairs,
                       position: np.ndarray) -> None:
    """Add the batch's own duplicate pairs to `matches`, (score, "batch", place, reason), on the
    side of the later-ranked document: it is decided after the one it matches."""
    # duplicates inside the batch: the one ranked later matches the one ranked earlier
    pa, pb = position[pairs.a], position[pairs.b]
    for x, y, score, exact in zip(pa.tolist(), pb.tolist(), pairs.score.tolist(), pairs.exact.tolist()):
        if x >= 0 and y >= 0:
            matches[max(x, y)].append((score, "batch", min(x, y), "exact" if exact else "near"))


@dataclass
class Decision:
    cluster_id: str
    is_canonical: bool
    duplicate_of: str | None
    reason: str  # new | exact | near
    similarity: float = 1.0
    matched: str | None = None  # the member it matched


@dataclass
class BatchResult:
    decisions: dict[str, Decision]  # doc_id -> decision (known doc ids are absent)
    known: set[str]  # doc ids already in the catalog: not added again
    restated: list[dict] = field(default_factory=list)  # catalog docs whose canonical changed


@dataclass
class _Cluster:
    canonical: str | None
    canonical_ts: int  # NO_TIME when unknown


class _Decisions:
    """The decisions of one batch, taken in rank order (`_rank`): each document joins the
    cluster of its best match (in the catalog, or a batch document decided before it), taking
    it over when published earlier than its canonical, or starts a cluster of its own."""

    def __init__(self, todo: list[NewDoc], times: np.ndarray, window: int,
                 cat_rows: dict[int, KnownDoc], clusters: dict[str, _Cluster]):
        self.todo, self.times, self.window = todo, times, window
        self.cat_rows = cat_rows
        self.clusters = clusters  # cluster id -> its canonical, updated as the batch goes
        self.decisions: dict[str, Decision] = {}
        self.batch_by_sha: dict[str, int] = {}
        self.takeovers: list[tuple[str, str]] = []  # (cluster_id, new canonical)

    def run(self, matches: dict[int, list[tuple[float, str, int, str]]]) -> None:
        """Decide every document, then point earlier in-batch copies at their final canonical."""
        for i, d in enumerate(self.todo):
            self._decide(d, self._best(i, d, matches))
            self.batch_by_sha.setdefault(d.content_sha256, i)
        self._follow_takeovers()

    def _best(self, i: int, d: NewDoc, matches) -> tuple[float, str, str, str] | None:
        """(score, cluster_id, matched doc_id, reason) of the document's best match: an earlier
        batch document of the same text within the window first (a text without words has no
        band keys to match by), else its most similar duplicate."""
        best = None  # (score, cluster_id, matched doc_id, reason)
        j = self.batch_by_sha.get(d.content_sha256)
        if j is not None and abs(self.times[i] - self.times[j]) <= self.window:  # same text (it may have no words)
            best = (1.0, self.decisions[self.todo[j].doc_id].cluster_id, self.todo[j].doc_id, "exact")
        else:
            for score, kind, o, reason in matches.get(i, ()):
                if best is None or score > best[0]:
                    if kind == "cat":
                        best = (score, self.cat_rows[o].cluster_id, self.cat_rows[o].doc_id, reason)
                    else:  # a batch document ranked before this one: already decided
                        best = (score, self.decisions[self.todo[o].doc_id].cluster_id, self.todo[o].doc_id, reason)
        return best

    def _decide(self, d: NewDoc, best: tuple[float, str, str, str] | None) -> None:
        """The document's decision by the canonical rule: a new cluster, a copy of the matched
        cluster's canonical, or that cluster's new canonical (a takeover, never a new id)."""
        if best is None:
            self.decisions[d.doc_id] = Decision(d.doc_id, True, None, "new", 0.0)
            self.clusters[d.doc_id] = _Cluster(d.doc_id, d.rank()[0])
        else:
            score, cid, matched, reason = best
            c = self.clusters[cid]
            if c.canonical is None or d.rank()[0] < c.canonical_ts:
                # a late-arriving earlier original (or a cluster whose canonical was lost)
                self.takeovers.append((cid, d.doc_id))
                self.clusters[cid] = _Cluster(d.doc_id, d.rank()[0])
                self.decisions[d.doc_id] = Decision(cid, True, None, reason, score, matched)
            else:
                self.decisions[d.doc_id] = Decision(cid, False, c.canonical, reason, score, matched)

    def _follow_takeovers(self) -> None:
        """A copy is decided before a later batch document may take its cluster over: it must
        name the cluster's final canonical, not the one it saw."""
        # in-batch copies decided before a takeover later in the batch follow the new canonical
        for d in self.todo:
            dec = self.decisions[d.doc_id]
            c = self.clusters.get(dec.cluster_id)
            if c and c.canonical != d.doc_id:
                dec.is_canonical, dec.duplicate_of = False, c.canonical


class DedupIndex:
    def __init__(self, conn, cfg: DedupSettings, mirror: BandMirror | None = None):
        """`mirror`: the process's in-memory band index of this catalog, kept between batches
        (a fresh one loads what the first batch needs from the catalog)."""
        self.conn = conn
        self.cfg = cfg
        self.pg = conn.dialect.name == "postgresql"
        self.window = cfg.window_days * 86400
        self.mirror = mirror if mirror is not None else BandMirror()

    # ---- the batch ---------------------------------------------------------------------------
    def add_batch(self, docs: list[NewDoc], pairs: BatchPairs | None = None) -> BatchResult:
        """Decide and insert a batch; later docs in the batch see earlier ones. `pairs`: the
        batch's `batch_pairs`, when a worker found them already."""
        self._begin()
        generation, next_doc_no = self._state()  # first: it refuses fingerprints of other settings
        # per input document: its band keys (zeros for a text without words), whether it has
        # any, and its dedup time (published, else the run day)
        batch = _Inputs.of(docs, self.cfg.bands)
        if pairs is None:
            pairs = _pairs([d.fp for d in docs], batch.keys, batch.has, batch.times, self.cfg, batch.alt)
        known = self._known([d.doc_id for d in docs])
        todo, todo_idx, position = _rank(docs, known)
        if not todo:
            return BatchResult({}, known)

        mine = batch.take(todo_idx)
        cat_pairs, cat_rows, clusters = self._candidates(mine, (generation, next_doc_no))
        matches = self._catalog_matches(todo, cat_pairs, cat_rows)
        _add_batch_matches(matches, pairs, position)
        deciding = _Decisions(todo, mine.times, self.window, cat_rows, clusters)
        deciding.run(matches)

        decisions = deciding.decisions
        restated = self._apply_takeovers(deciding.takeovers, {d.doc_id for d in todo})
        self._insert(todo, decisions, mine.times, next_doc_no)
        self.mirror.remember(self.conn, next_doc_no, mine.keys, mine.has, mine.times, [
            KnownDoc(n, d.doc_id, decisions[d.doc_id].cluster_id, d.published_ts, d.fp.shingles)
            for n, d in enumerate(todo, next_doc_no)])
        return BatchResult(decisions, known, restated)

    def restore(self, docs: list[NewDoc], decisions: dict[str, "Decision"]) -> None:
        """Insert documents with decisions made before (a catalog rebuilt from the archive, whose
        records carry their clusters): fingerprints and rows as add_batch writes them, nothing
        decided. Documents the catalog has already are skipped."""
        self._begin()
        _, next_doc_no = self._state()
        known = self._known([d.doc_id for d in docs])
        todo = [d for d in docs if d.doc_id not in known]
        if todo:
            self._insert(todo, decisions, _Inputs.of(todo, self.cfg.bands).times, next_doc_no)

    def _begin(self) -> None:
        """Ready the dedup transaction before its first read: the index's tables in place (and an
        index of an earlier version refused, pipeline/dedup/tables.py), the planner told how."""
        ensure_tables(self.conn)
        if self.pg:
            # Every query here looks keys up in an index. With IN lists of thousands of keys the
            # planner estimates much of the table and picks a sequential scan, whose cost grows
            # with the archive (measured: 265 ms a batch at 1M documents); say so, for this
            # transaction only. JIT only adds compile time to these short queries.
            self.conn.execute(text("SET LOCAL enable_seqscan = off"))
            self.conn.execute(text("SET LOCAL jit = off"))

    def _candidates(self, mine: "_Inputs", state: tuple[int, int]
                    ) -> tuple[dict[int, list[int]], dict[int, KnownDoc], dict[str, _Cluster]]:
        """The catalog documents the batch's documents may match: doc index -> doc_nos sharing a
        band key, the candidates themselves, and their clusters' canonicals. The band mirror is
        brought in step with the catalog at `state` (generation, next doc_no) first, so the
        lookups see exactly the catalog's committed index."""
        _, probe_times = _probes(np.flatnonzero(mine.has), mine.times, mine.alt)
        self.mirror.sync(self.conn, state, windows(probe_times, self.window), self.cfg.bands)
        cat_pairs = self._catalog_pairs(mine.times, mine.keys, mine.has, mine.alt)
        cat_rows = self._catalog_candidates({n for ns in cat_pairs.values() for n in ns})
        # canonicals of every cluster a candidate belongs to, in one query: most candidates match
        clusters: dict[str, _Cluster] = self._canonicals(sorted({r.cluster_id for r in cat_rows.values()}))
        return cat_pairs, cat_rows, clusters

    def _catalog_matches(self, todo: list[NewDoc], cat_pairs: dict[int, list[int]],
                         cat_rows: dict[int, KnownDoc]) -> dict[int, list[tuple[float, str, int, str]]]:
        """doc index -> its confirmed catalog duplicates, (score, "cat", doc_no, reason): the
        similarities of all candidates in one vectorised call, before any decision."""
        # every catalog candidate's similarity at once (they do not depend on the decisions)
        cands = [(i, n) for i, ns in cat_pairs.items() for n in ns if n in cat_rows]
        jac, cont = similarities([todo[i].fp.shingles for i, _ in cands], [cat_rows[n].shingles for _, n in cands])
        dup = is_duplicate(jac, cont, self.cfg)
        matches: dict[int, list[tuple[float, str, int, str]]] = defaultdict(list)  # doc -> (score, kind, other, reason)
        for (i, n), ok, score, j in zip(cands, dup.tolist(), np.maximum(jac, cont).tolist(), jac.tolist()):
            if ok:
                matches[i].append((score, "cat", n, "exact" if j == 1.0 else "near"))
        return matches

    def _catalog_pairs(self, times, keys, has, alt=None) -> dict[int, list[int]]:
        """doc index -> catalog doc_nos sharing a band key within the window (of either time)."""
        idx, at = _probes(np.flatnonzero(has), times, alt)
        cat: dict[int, list[int]] = defaultdict(list)
        rows, doc_nos = self.mirror.table.lookup(keys[idx], at, self.window)
        for i, n in zip(idx[rows].tolist(), doc_nos.tolist()):
            cat[i].append(n)
        if alt is not None:  # a candidate found at both times once
            cat = defaultdict(list, {i: list(dict.fromkeys(ns)) for i, ns in cat.items()})
        return cat

    # ---- reads -------------------------------------------------------------------------------
    def _state(self) -> tuple[int, int]:
        """(generation, next doc_no) of the index; the settings it was built with must match."""
        params = (f"v{FINGERPRINT_VERSION} num_perm={self.cfg.num_perm} bands={self.cfg.bands} "
                  f"shingle_size={self.cfg.shingle_size} seed={self.cfg.seed}")
        row = self.conn.execute(select(dedup_state).where(dedup_state.c.id == 1)).first()
        if row is None:
            self.conn.execute(insert(dedup_state).values(id=1, next_doc_no=1, generation=0, params=params))
            return 0, 1
        if row.params != params:
            raise DedupSettingsMismatch(
                f"the catalog's dedup index was built with {row.params}, the settings say {params}; "
                "keep the catalog's dedup settings or start a new catalog")
        return row.generation, row.next_doc_no

    def _known(self, doc_ids: list[str]) -> set[str]:
        out = set()
        for chunk in chunks(doc_ids):
            out.update(self.conn.execute(select(documents.c.doc_id).where(documents.c.doc_id.in_(chunk))).scalars())
        return out

    def _catalog_candidates(self, doc_nos: set[int]) -> dict[int, KnownDoc]:
        """The candidates' ids, clusters and shingles: from the mirror for this worker's own
        recent documents, from the catalog for the others."""
        out = {n: self.mirror.docs[n] for n in doc_nos if n in self.mirror.docs}
        for chunk in chunks(sorted(doc_nos - out.keys())):
            for row in self.conn.execute(select(documents.c.doc_no, documents.c.doc_id, documents.c.cluster_id,
                                                documents.c.published_ts, fingerprints.c.shingles)
                                         .join_from(documents, fingerprints, documents.c.doc_no == fingerprints.c.doc_no)
                                         .where(documents.c.doc_no.in_(chunk))):
                out[row.doc_no] = KnownDoc(row.doc_no, row.doc_id, row.cluster_id, row.published_ts,
                                           Fingerprint.shingles_from_blob(row.shingles))
        return out

    def _canonicals(self, cluster_ids: list[str]) -> dict[str, _Cluster]:
        out = {cid: _Cluster(None, NO_TIME) for cid in cluster_ids}
        for chunk in chunks(cluster_ids):
            for row in self.conn.execute(select(documents.c.cluster_id, documents.c.doc_id, documents.c.published_ts)
                                         .where(documents.c.cluster_id.in_(chunk), documents.c.is_canonical)):
                out[row.cluster_id] = _Cluster(row.doc_id,
                                               row.published_ts if row.published_ts is not None else NO_TIME)
        return out

    # ---- writes ------------------------------------------------------------------------------
    def _apply_takeovers(self, takeovers, batch_ids: set[str]) -> list[dict]:
        """Catalog members of taken-over clusters follow their new canonical (one query to list
        them, one executemany to update them); returns them for publish to restate."""
        final = dict(takeovers)  # a cluster taken over twice in one batch: the last one holds
        restated = []
        for chunk in chunks(sorted(final)):
            for r in self.conn.execute(select(documents.c.doc_id, documents.c.site, documents.c.day,
                                              documents.c.cluster_id).where(documents.c.cluster_id.in_(chunk))):
                if r.doc_id not in batch_ids:
                    restated.append({"doc_id": r.doc_id, "site": r.site, "day": r.day, "cluster_id": r.cluster_id,
                                     "duplicate_of": final[r.cluster_id]})
        if final:
            self.conn.execute(update(documents).where(documents.c.cluster_id == bindparam("cid"))
                              .values(is_canonical=False, duplicate_of=bindparam("new")),
                              [{"cid": cid, "new": new} for cid, new in final.items()])
        return restated

    def _insert(self, todo: list[NewDoc], decisions: dict[str, Decision], times: np.ndarray, start: int) -> None:
        cols = ["doc_id", "url_key", "site", "day", "run_id", "status", "published", "published_ts",
                "word_count", "content_sha256", "cluster_id", "is_canonical", "duplicate_of", "priority", "doc_no"]
        doc_rows, fp_rows = [], []
        for n, d, t in zip(range(start, start + len(todo)), todo, times.tolist()):
            dec = decisions[d.doc_id]
            r = d.row
            doc_rows.append((d.doc_id, r["url_key"], r["site"], r["day"], r["run_id"], r["status"],
                             r.get("published"), d.published_ts, d.word_count, d.content_sha256,
                             dec.cluster_id, dec.is_canonical, dec.duplicate_of, d.priority, n))
            fp_rows.append((n, t, d.fp.band_keys.astype("<i8").tobytes(), d.fp.to_blob()))
        cur = self._cursor()
        try:
            if self.pg:
                _copy(cur, "documents", cols, doc_rows)
                cur.copy_expert("COPY fingerprints (doc_no, dedup_ts, band_keys, shingles) FROM STDIN WITH (FORMAT binary)",
                                io.BytesIO(_binary_copy_fingerprints(fp_rows)))
            else:
                cur.executemany(f"INSERT INTO documents ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                                doc_rows)
                cur.executemany("INSERT INTO fingerprints (doc_no, dedup_ts, band_keys, shingles) VALUES (?, ?, ?, ?)",
                                fp_rows)
        finally:
            cur.close()
        self.conn.execute(update(dedup_state).where(dedup_state.c.id == 1)
                          .values(next_doc_no=start + len(todo)))

    def _cursor(self):
        # the DB-API cursor of this same connection: the bulk paths stay in the locked transaction
        return self.conn.connection.cursor()


def repair_canonicals(conn, cluster_ids: set[str]) -> int:
    """Clusters left without a canonical (their canonical's staged run was discarded) get one
    again by the rule: earliest published, longest, highest priority. Returns clusters fixed."""
    fixed = 0
    for cid in sorted(c for c in cluster_ids if c):
        rows = conn.execute(select(documents.c.doc_id, documents.c.published_ts, documents.c.word_count,
                                   documents.c.priority, documents.c.is_canonical)
                            .where(documents.c.cluster_id == cid)).all()
        if not rows or any(r.is_canonical for r in rows):
            continue
        best = min(rows, key=canonical_rank)
        conn.execute(update(documents).where(documents.c.cluster_id == cid)
                     .values(is_canonical=False, duplicate_of=best.doc_id))
        conn.execute(update(documents).where(and_(documents.c.doc_id == best.doc_id))
                     .values(is_canonical=True, duplicate_of=None))
        fixed += 1
    return fixed


def _binary_copy_fingerprints(rows: list[tuple[int, int, bytes, bytes]]) -> bytes:
    """(doc_no BIGINT, dedup_ts BIGINT, band_keys BYTEA, shingles BYTEA) rows in PostgreSQL's
    binary COPY format: no hex-escaping of 2 KB of blobs a document, as the text format needs."""
    row = struct.Struct(">hiqiq")
    parts = [b"PGCOPY\n\xff\r\n\x00", b"\x00\x00\x00\x00" * 2]
    for doc_no, ts, bands, shingles in rows:
        parts += [row.pack(4, 8, doc_no, 8, ts), len(bands).to_bytes(4, "big"), bands,
                  len(shingles).to_bytes(4, "big"), shingles]
    parts.append(b"\xff\xff")
    return b"".join(parts)


def _copy(cur, table: str, cols: list[str], rows: list[tuple]) -> None:
    """PostgreSQL COPY in text format: the bulk insert path (an order of magnitude faster than
    multi-row INSERT at a few thousand rows a batch)."""
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_copy_field(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    cur.copy_expert(f"COPY {table} ({','.join(cols)}) FROM STDIN", buf)


def _copy_field(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(v).hex()
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# ---- forgetting staged documents -------------------------------------------------------------
def discard_unpublished(catalog, site: str) -> int:
    """Forget what crashed runs of this site staged, so their URLs are fetched again."""
    return _discard_staged(catalog, documents.c.site == site)


def discard_run(catalog, run_id: str) -> int:
    """Forget what one run staged (its extract stage is about to run again)."""
    return _discard_staged(catalog, documents.c.run_id == run_id)


def _discard_staged(catalog, where) -> int:
    with catalog.engine.begin() as conn:
        ensure_tables(conn)
        staged = conn.execute(_FORGET_COLUMNS.where(where, documents.c.status == "staged")).all()
        _forget(conn, staged)
        for chunk in chunks([r.doc_id for r in staged]):
            conn.execute(delete(url_aliases).where(url_aliases.c.doc_id.in_(chunk)))
        return len(staged)


def forget_documents(conn, doc_ids: list[str]) -> set[str]:
    """Delete the documents and their fingerprints, whatever their status, in the caller's
    (locked) transaction: what reprocessing does before it decides again for texts that changed
    (their URL aliases stay: the same pages come back). Returns the clusters they were in, for
    their partitions to be restated."""
    ensure_tables(conn)
    rows = [r for chunk in chunks(doc_ids) for r in conn.execute(_FORGET_COLUMNS.where(documents.c.doc_id.in_(chunk)))]
    _forget(conn, rows)
    return {r.cluster_id for r in rows if r.cluster_id}


_FORGET_COLUMNS = select(documents.c.doc_id, documents.c.doc_no, documents.c.cluster_id, documents.c.is_canonical)


def _forget(conn, rows) -> None:
    """The documents of `rows` (_FORGET_COLUMNS) out of the index, their fingerprints with them."""
    if not rows:
        return
    for chunk in chunks([r.doc_no for r in rows if r.doc_no is not None]):
        conn.execute(delete(fingerprints).where(fingerprints.c.doc_no.in_(chunk)))
    # in-memory band mirrors (pipeline/dedup/bands.py) see the bump and reload
    conn.execute(update(dedup_state).values(generation=dedup_state.c.generation + 1))
    for chunk in chunks([r.doc_id for r in rows]):
        conn.execute(delete(documents).where(documents.c.doc_id.in_(chunk)))
    # a forgotten canonical must not leave its cluster's published copies orphaned
    repair_canonicals(conn, {r.cluster_id for r in rows if r.is_canonical})
