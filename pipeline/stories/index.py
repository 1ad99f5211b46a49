"""Stories assigned as articles arrive: incremental, durable, under the dedup lock.

Each batch of a run's new documents (after their dedup decisions, in the same locked catalog
transaction, so two workers never decide against the same state):

1. a document whose dedup cluster has a story already (a wire copy, a late original taking a
   cluster over) is in that story: copies never leave their canonical's story;
2. any other document, earliest first, is compared with the members of stories (canonical
   articles) of its language published within `stories.window_days` of it, found through an
   inverted index over their strongest terms; it joins the story of the members it matches
   (`similarity` >= the calibrated threshold), or starts a story;
3. when it matches members of two stories, they were one: the later story is merged into the
   earliest (its clusters move, the merge is recorded in story_merges) and the partitions holding
   the moved documents are restated by publish, as for a late canonical.

A story stays open as long as coverage keeps arriving: a member within the window is enough to
join, so a story grows day after day, and a follow-up years later starts a new one. The window
bounds what a batch loads, so the cost per article stays flat as the archive grows.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain
from dataclasses import dataclass, field
from datetime import datetime, timezone

import numpy as np
from sqlalchemy import bindparam, delete, insert, select, update

from pipeline.config import StorySettings
from pipeline.stories.docfreq import HashedDocFreq
from pipeline.stories.similarity import Signature, same_story, signature, similarity
from pipeline.store.catalog import chunks, documents, documents_in_clusters
from pipeline.stories.tables import ensure_tables, stories, story_clusters, story_members, story_merges, story_state

TOP_TERMS = 24  # a member is indexed under its strongest terms only: candidates, not the decision
MAX_CANDIDATES = 40  # members compared exactly, by shared strong terms
# A member sharing fewer of its 24 strongest terms is not compared: of the 165 monolingual
# SemEval training pairs that are the same story (Overall <= 1.5) and score above the threshold,
# none shares fewer than 2 (6 share exactly 2).
MIN_SHARED = 2


@dataclass
class StoryDoc:
    """One new document of a batch, as the story index needs it."""

    doc_id: str
    cluster_id: str
    is_canonical: bool
    ts: int  # published, else the run day (epoch seconds)
    language: str | None
    title: str | None
    text: str


@dataclass
class StoryResult:
    story_of: dict[str, str]  # cluster_id -> story_id, for every cluster of the batch
    merged: list[tuple[str, str]] = field(default_factory=list)  # (absorbed story, into story)
    new_stories: int = 0


@dataclass
class _Member:
    doc_id: str
    cluster_id: str
    ts: int
    language: str
    sig: Signature


class StoryIndex:
    def __init__(self, conn, cfg: StorySettings):
        self.conn, self.cfg = conn, cfg
        self.window = cfg.window_days * 86400

    def assign(self, docs: list[StoryDoc]) -> StoryResult:
        """Stories for a batch (see the module doc); writes the catalog in the caller's
        transaction, in a few bulk statements (one statement a document cost 5x the time)."""
        ensure_tables(self.conn)
        if not docs:
            return StoryResult({})
        df, raw = self._signatures(docs)
        story_of = stories_of_clusters(self.conn, {d.cluster_id for d in docs})
        members = _MemberIndex(self._members(docs), story_of, lambda ids: stories_of_clusters(self.conn, ids))
        result, ledger = StoryResult(story_of), _Ledger(self.conn, set(story_of.values()))
        new_clusters, new_members = [], []
        for d in sorted(docs, key=lambda d: (not d.is_canonical, d.ts, d.doc_id)):
            member = _Member(d.doc_id, d.cluster_id, d.ts, _lang(d), raw[d.doc_id].reweighted(df))
            if d.cluster_id not in story_of:
                self._decide(member, members, result, ledger, d.title)
                new_clusters.append(d.cluster_id)
            if d.is_canonical:
                members.add(member)
                new_members.append(member)
            ledger.count(story_of[d.cluster_id], d.ts)
        self._write(result, ledger, new_clusters, new_members, df)
        return result

    def restore(self, docs: list[tuple[StoryDoc, str]]) -> None:
        """Documents whose story was decided before (a catalog rebuilt from the archive, whose
        records carry their story_id): clusters, members and stories written, nothing decided."""
        ensure_tables(self.conn)
        if not docs:
            return
        df, raw = self._signatures([d for d, _ in docs])
        story_of = stories_of_clusters(self.conn, {d.cluster_id for d, _ in docs})
        ledger = _Ledger(self.conn, {s for _, s in docs})
        new_clusters, new_members = [], []
        for d, story in sorted(docs, key=lambda x: (x[0].ts, x[0].doc_id)):
            if story not in ledger.rows:
                ledger.new(story, _lang(d), d.title, d.ts)
            if d.cluster_id not in story_of:
                story_of[d.cluster_id] = story
                new_clusters.append(d.cluster_id)
            if d.is_canonical:
                new_members.append(_Member(d.doc_id, d.cluster_id, d.ts, _lang(d), raw[d.doc_id].reweighted(df)))
            ledger.count(story, d.ts)
        self._write(StoryResult(story_of), ledger, new_clusters, new_members, df)

    # ---- decisions ---------------------------------------------------------------------------
    def _decide(self, member: _Member, members: "_MemberIndex", result: StoryResult, ledger: "_Ledger",
                title: str | None) -> None:
        """Join the story of the members this document matches, merging stories it bridges; or
        start one."""
        matched = members.matches(member, self.window)
        if not matched:
            result.story_of[member.cluster_id] = member.doc_id
            ledger.new(member.doc_id, member.language, title, member.ts)
            result.new_stories += 1
            return
        ledger.load(matched)
        first = min(matched, key=lambda s: (ledger.first_ts(s), s))
        result.story_of[member.cluster_id] = first
        for other in sorted(set(matched) - {first}):
            self._merge(other, first, member.doc_id, result, ledger)

    def _merge(self, absorbed: str, into: str, by_doc: str, result: StoryResult, ledger: "_Ledger") -> None:
        """Two stories that one article bridges are one: the later one's clusters move."""
        self.conn.execute(update(story_clusters).where(story_clusters.c.story_id == absorbed).values(story_id=into))
        self.conn.execute(insert(story_merges).values(story_id=absorbed, into_id=into, by_doc=by_doc,
                                                      at=datetime.now(timezone.utc)))
        ledger.merge(absorbed, into)
        for cid, sid in list(result.story_of.items()):
            if sid == absorbed:
                result.story_of[cid] = into
        result.merged.append((absorbed, into))

    def _write(self, result: StoryResult, ledger: "_Ledger", new_clusters: list[str], new_members: list[_Member],
               df: HashedDocFreq) -> None:
        ledger.flush()
        if new_clusters:
            self.conn.execute(insert(story_clusters), [{"cluster_id": c, "story_id": result.story_of[c]}
                                                       for c in new_clusters])
        if new_members:  # a document decided again (a retried stage) replaces its old row
            forget_members(self.conn, [m.doc_id for m in new_members])
            self.conn.execute(insert(story_members), [
                {"doc_id": m.doc_id, "cluster_id": m.cluster_id, "ts": m.ts, "language": m.language,
                 "sig": sig_blob(m.sig)} for m in new_members])
        self._save_doc_freq(df)

    # ---- reads and writes ----------------------------------------------------------------------
    def _signatures(self, docs: list[StoryDoc]) -> tuple[HashedDocFreq, dict[str, Signature]]:
        """The document frequencies with the batch's canonical texts added (a copy would count a
        text twice), and each document's unweighted signature."""
        df = self._doc_freq()
        raw = {d.doc_id: signature(d.title, d.text, _lang(d)) for d in docs}
        df.add([raw[d.doc_id] for d in docs if d.is_canonical])
        return df, raw

    def _members(self, docs: list[StoryDoc]) -> list[_Member]:
        """Members that could match the batch: its languages, within the window of its times."""
        lo, hi = min(d.ts for d in docs) - self.window, max(d.ts for d in docs) + self.window
        langs = sorted({_lang(d) for d in docs})
        rows = self.conn.execute(select(story_members).where(story_members.c.ts.between(lo, hi),
                                                             story_members.c.language.in_(langs)))
        return [_Member(r.doc_id, r.cluster_id, r.ts, r.language, sig_from_blob(r.sig)) for r in rows]

    def _doc_freq(self) -> "HashedDocFreq":
        row = self.conn.execute(select(story_state).where(story_state.c.id == 1)).first()
        return HashedDocFreq.from_blob(row.df, row.docs) if row else HashedDocFreq.prior()

    def _save_doc_freq(self, df: "HashedDocFreq") -> None:
        blob, docs = df.to_blob()
        if self.conn.execute(select(story_state.c.id).where(story_state.c.id == 1)).first():
            self.conn.execute(update(story_state).where(story_state.c.id == 1).values(df=blob, docs=docs))
        else:
            self.conn.execute(insert(story_state).values(id=1, df=blob, docs=docs))


class _Ledger:
    """The `stories` rows a batch touches, in memory: read once, written back in bulk."""

    def __init__(self, conn, story_ids: set[str]):
        self.conn, self.rows, self.created, self.changed = conn, {}, set(), set()
        self.load(story_ids)

    def load(self, story_ids) -> None:
        for chunk in chunks(sorted(set(story_ids) - self.rows.keys())):
            for r in self.conn.execute(select(stories).where(stories.c.story_id.in_(chunk))):
                self.rows[r.story_id] = dict(r._mapping)

    def new(self, story_id: str, language: str, title: str | None, ts: int) -> None:
        self.rows[story_id] = {"story_id": story_id, "language": language, "title": title, "first_ts": ts,
                               "last_ts": ts, "articles": 0, "merged_into": None}
        self.created.add(story_id)

    def first_ts(self, story_id: str) -> int:
        return (self.rows.get(story_id) or {}).get("first_ts") or 0

    def count(self, story_id: str, ts: int) -> None:
        row = self.rows.get(story_id)
        if row is None:  # a story made before the story tables (a rebuilt catalog adds them)
            return
        row.update(first_ts=min(row["first_ts"], ts), last_ts=max(row["last_ts"], ts), articles=row["articles"] + 1)
        self.changed.add(story_id)

    def merge(self, absorbed: str, into: str) -> None:
        gone, target = self.rows.get(absorbed), self.rows.get(into)
        if gone is not None and target is not None:
            target.update(first_ts=min(target["first_ts"], gone["first_ts"]), articles=target["articles"] + gone["articles"],
                          last_ts=max(target["last_ts"], gone["last_ts"]))
        if gone is not None:
            gone["merged_into"] = into
        self.changed |= {absorbed, into}

    def flush(self) -> None:
        if self.created:
            self.conn.execute(insert(stories), [self.rows[s] for s in sorted(self.created)])
        old = sorted((self.changed - self.created) & self.rows.keys())
        if old:
            self.conn.execute(update(stories).where(stories.c.story_id == bindparam("sid")).values(
                first_ts=bindparam("first"), last_ts=bindparam("last"), articles=bindparam("n"),
                merged_into=bindparam("into")), [
                {"sid": s, "first": self.rows[s]["first_ts"], "last": self.rows[s]["last_ts"],
                 "n": self.rows[s]["articles"], "into": self.rows[s]["merged_into"]} for s in old])


class _MemberIndex:
    """The members a batch can match, indexed by their strongest terms; documents of the batch
    join it as they are decided, so later ones in the batch see them."""

    def __init__(self, members: list[_Member], story_of: dict[str, str], lookup):
        self.members: list[_Member] = []
        self.by_term: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))  # language -> term -> members
        self.story_of = story_of
        missing = sorted({m.cluster_id for m in members} - story_of.keys())
        story_of.update(lookup(missing) if missing else {})
        for m in members:
            self.add(m)

    def add(self, m: _Member) -> None:
        n, index = len(self.members), self.by_term[m.language]
        self.members.append(m)
        for term in top_terms(m.sig):
            index[term].append(n)

    def matches(self, m: _Member, window: int) -> list[str]:
        """The stories of the members `m` is the same story as (same language, within the window)."""
        index = self.by_term.get(m.language, {})
        shared = Counter(chain.from_iterable(index.get(term, ()) for term in top_terms(m.sig)))
        found = set()
        for n, count in shared.most_common(MAX_CANDIDATES):
            if count < MIN_SHARED:
                break
            other = self.members[n]
            story = self.story_of.get(other.cluster_id)
            if story is None or story in found or abs(other.ts - m.ts) > window or other.doc_id == m.doc_id:
                continue
            if same_story(similarity(m.sig, other.sig)):
                found.add(story)
        return sorted(found)


def stories_of_clusters(conn, cluster_ids) -> dict[str, str]:
    """cluster_id -> story_id, for the clusters that have a story."""
    return {cid: sid for chunk in chunks(sorted(cluster_ids))
            for cid, sid in conn.execute(select(story_clusters.c.cluster_id, story_clusters.c.story_id)
                                         .where(story_clusters.c.cluster_id.in_(chunk)))}


def moved_documents(conn, merged: list[tuple[str, str]]) -> list[dict]:
    """The catalog documents of stories merged into others: their partitions are restated."""
    into = sorted({into for _, into in merged})
    clusters = [c for chunk in chunks(into) for c in conn.execute(
        select(story_clusters.c.cluster_id).where(story_clusters.c.story_id.in_(chunk))).scalars()]
    return documents_in_clusters(conn, clusters)


def forget_members(conn, doc_ids: list[str]) -> None:
    """Documents no longer matched by what they were (reprocessing changed or rejected them);
    their clusters keep their stories."""
    ensure_tables(conn)
    for chunk in chunks(doc_ids):
        conn.execute(delete(story_members).where(story_members.c.doc_id.in_(chunk)))


def forget_staged_members(catalog, where) -> None:
    """Before staged documents are discarded (a killed or abandoned run): their story members go
    too, so they neither match new articles nor stand in the way when the same pages come back.
    Their clusters keep their stories (a cluster id names its first document)."""
    with catalog.engine.begin() as conn:
        ids = list(conn.execute(select(documents.c.doc_id).where(where, documents.c.status == "staged")).scalars())
        if ids:
            forget_members(conn, ids)


def refresh(catalog, records) -> int:
    """Set `story_id` of `records` (in place) from the catalog, by their clusters; returns how
    many changed (publish and restatement call it beside the cluster fields' refresh)."""
    with catalog.engine.begin() as conn:
        ensure_tables(conn)
        known = stories_of_clusters(conn, {r.cluster_id for r in records if r.cluster_id})
    changed = 0
    for r in records:
        story = known.get(r.cluster_id)
        if story is not None and r.story_id != story:
            r.story_id = story
            changed += 1
    return changed


def top_terms(sig: Signature, k: int = TOP_TERMS) -> list[int]:
    """The signature's strongest terms: what members are indexed and looked up under."""
    if len(sig.terms) <= k:
        return sig.terms.tolist()
    return sig.terms[np.argpartition(-sig.weights, k)[:k]].tolist()


def sig_blob(sig: Signature) -> bytes:
    return len(sig.terms).to_bytes(4, "little") + sig.terms.astype("<i8").tobytes() + sig.weights.astype("<f4").tobytes()


def sig_from_blob(blob: bytes) -> Signature:
    n = int.from_bytes(blob[:4], "little")
    terms = np.frombuffer(blob, "<i8", n, 4).astype(np.int64)
    weights = np.frombuffer(blob, "<f4", n, 4 + 8 * n).astype(np.float32)
    return Signature(terms, weights, weights)


def _lang(d: StoryDoc) -> str:
    return (d.language or "und").lower()
