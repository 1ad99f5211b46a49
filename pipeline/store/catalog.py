"""The catalog: what has been archived, the runs, and the persistent near-duplicate index.

The near-duplicate index's tables (`fingerprints`, `dedup_state`) belong to the dedup package
(pipeline/dedup/tables.py): defined there on this module's `metadata`, and created by the dedup
index itself when a catalog lacks them (this layer never imports dedup).

SQLAlchemy Core over SQLite (default) or PostgreSQL (deployments). Documents are written
'staged' by the dedup step and flipped to 'published' once the run's manifest is visible, so
a crashed run never hides URLs from the next one.
"""
from __future__ import annotations

import contextlib
import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (JSON, BigInteger, Boolean, Column, DateTime, Float, Index, Integer,
                        MetaData, String, Table, Text, create_engine, event, insert, select,
                        false, func, or_, text, update)
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

metadata = MetaData()

SCHEMA_LOCK = 7346000  # PostgreSQL advisory lock held while tables are created
# Bumped when a table changes shape; a catalog of another version is refused when opened.
SCHEMA_VERSION = 1
schema_info = Table(
    "schema_info", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True)),
)

runs = Table(
    "runs", metadata,
    Column("run_id", String(80), primary_key=True),
    Column("site", String(100), nullable=False, index=True),
    Column("day", String(10), nullable=False),
    Column("status", String(20), nullable=False),  # running | published | failed
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("stats", JSON),
)

documents = Table(
    "documents", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("url_key", Text, nullable=False, unique=True),
    Column("site", String(100), nullable=False),
    Column("day", String(10), nullable=False),
    Column("run_id", String(80), nullable=False, index=True),
    Column("status", String(12), nullable=False),  # staged | published
    Column("published", String(40)),
    Column("published_ts", BigInteger),  # epoch seconds, for the dedup window and canonical rule
    Column("word_count", Integer, nullable=False),
    # not indexed: exact copies are found through the dedup index, within its window
    Column("content_sha256", String(64), nullable=False),
    Column("cluster_id", String(40), index=True),
    Column("is_canonical", Boolean, nullable=False),
    Column("duplicate_of", String(40)),
    Column("priority", Integer, nullable=False, default=0),
    # the document's row in `fingerprints` (NULL for a row written by something else than the
    # dedup step: then it has no fingerprint)
    Column("doc_no", BigInteger, unique=True),
    Index("ix_documents_site_day", "site", "day"),
)

# Other URL keys an archived article answers to: the URL that was scheduled when the page was
# reached through a redirect. Discovery finds the old link again, so it must count as archived.
url_aliases = Table(
    "url_aliases", metadata,
    Column("url_key", Text, primary_key=True),
    Column("doc_id", String(40), nullable=False, index=True),
)

# Learnt site templates (pipeline/extract/templates.py): per site and DOM slot, how much of the slot's
# text recurred across the site's pages, summed over runs, so a run of one page still knows its
# site's teasers, tickers and footers.
template_slots = Table(
    "template_slots", metadata,
    Column("site", String(100), primary_key=True),
    Column("slot_id", String(16), primary_key=True),
    Column("slot", Text, nullable=False),
    Column("covered", Float, nullable=False),
    Column("chars", BigInteger, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)


def _utcnow():
    return datetime.now(timezone.utc)


class Catalog:
    """The catalog database. Open it once per stage, as a context manager:

        with Catalog(ctx.catalog) as catalog:
            ...

    Opening checks the schema version and creates the schema (`create_schema`) when the
    database has none yet; a schema of another version is refused, never altered silently."""

    def __init__(self, url: str):
        """CatalogError, one line without the password, when the catalog cannot be opened: no
        driver for the URL, an unwritable SQLite path, a server that does not answer."""
        from sqlalchemy.exc import ArgumentError, SQLAlchemyError

        from pipeline.urls import safe_url

        self.url = url
        try:
            self._open(url)
        except CatalogError:
            raise
        except ModuleNotFoundError as exc:
            raise CatalogError(f"catalog {safe_url(url)}: no database driver {exc.name!r} for this URL "
                               "(PostgreSQL: postgresql+psycopg2://...)") from None
        except OSError as exc:
            raise CatalogError(f"catalog {safe_url(url)}: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from None
        except ArgumentError as exc:
            raise CatalogError(f"catalog {safe_url(url)}: not a database URL ({exc})") from None
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CatalogError(f"catalog {safe_url(url)}: {first}") from None

    def _open(self, url: str) -> None:
        if url.startswith("sqlite:///") and ":memory:" not in url:
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        version = self.schema_version()
        if version is None:
            self.create_schema()
        elif version != SCHEMA_VERSION:
            raise CatalogError(f"catalog schema version {version}, this newsarchive reads version "
                               f"{SCHEMA_VERSION}; use a matching newsarchive or rebuild the catalog "
                               "(newsarchive catalog rebuild)")

    def schema_version(self) -> int | None:
        """The version written by `create_schema`, None for a database without the schema."""
        from sqlalchemy import inspect

        if "schema_info" not in inspect(self.engine).get_table_names():
            return None
        with self.engine.connect() as conn:
            return conn.execute(select(schema_info.c.version).where(schema_info.c.id == 1)).scalar()

    def create_schema(self) -> None:
        """Create every table (those already there are kept) and record the schema version."""
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                # Runs on several workers start at once against a fresh catalog: without the
                # lock two CREATE TABLEs race and one fails on PostgreSQL's catalog uniqueness.
                conn.execute(text(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))
            metadata.create_all(conn)
            if conn.execute(select(schema_info.c.version).where(schema_info.c.id == 1)).first() is None:
                conn.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION, created_at=_utcnow()))

    def drop_all(self) -> None:
        """Every table dropped and created again, empty (`catalog rebuild --force`)."""
        with self.engine.begin() as conn:
            metadata.drop_all(conn)
        self.create_schema()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def close(self):
        self.engine.dispose()

    @contextlib.contextmanager
    def dedup_lock(self):
        """One transaction holding the catalog-wide dedup lock: concurrent runs decide in turn.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: BEGIN IMMEDIATE takes the
        write lock up front, so two processes cannot both read-then-insert. Callables appended
        to `conn.info["after_commit"]` run once the transaction has committed (the in-memory
        band mirror learns of the batch's own inserts that way, never of a rolled-back one).
        """
        with self.engine.connect() as conn:
            if self.is_postgres:
                conn.execute(text("SELECT pg_advisory_xact_lock(7346001)"))
            else:
                conn.info["begin_immediate"] = True
                conn.begin()
            conn.info["after_commit"] = []
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                callbacks = conn.info.pop("after_commit", [])
            for callback in callbacks:
                callback()

    # ---- runs -------------------------------------------------------------------------------
    def start_run(self, run_id: str, site: str, day: str) -> None:
        """A new run, or the same run again (a retried crawl task): `running` either way."""
        with self.engine.begin() as conn:
            if conn.execute(select(runs.c.run_id).where(runs.c.run_id == run_id)).first():
                conn.execute(update(runs).where(runs.c.run_id == run_id).values(status="running", finished_at=None))
            else:
                conn.execute(insert(runs).values(run_id=run_id, site=site, day=day, status="running",
                                                 started_at=_utcnow()))

    def finish_run(self, run_id: str, status: str, stats: dict | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.run_id == run_id).values(
                status=status, finished_at=_utcnow(), stats=json.loads(json.dumps(stats or {}))))

    def get_run(self, run_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(runs.c.run_id == run_id)).mappings().first()
            return dict(row) if row else None

    def runs_of(self, site: str, limit: int = 120) -> list[dict]:
        """The site's finished runs (published or failed), newest first: history for the
        alert rules and the report pages."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).where(runs.c.site == site, runs.c.status.in_(("published", "failed")))
                                .order_by(runs.c.finished_at.desc()).limit(limit)).mappings()
            return [dict(r) for r in rows]

    def run_sites(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(runs.c.site).distinct()).scalars())

    # ---- documents --------------------------------------------------------------------------
    def archived_url_keys(self, site: str | None = None) -> set[str]:
        """URL keys of published articles: the crawler does not fetch these again."""
        q = select(documents.c.url_key).where(documents.c.status == "published")
        aliases = (select(url_aliases.c.url_key).join(documents, documents.c.doc_id == url_aliases.c.doc_id)
                   .where(documents.c.status == "published"))
        if site:
            q = q.where(documents.c.site == site)
            aliases = aliases.where(documents.c.site == site)
        with self.engine.connect() as conn:
            return set(conn.execute(q).scalars()) | set(conn.execute(aliases).scalars())

    def unfinished_runs(self, site: str) -> list[dict]:
        """Runs of the site left `running`, and failed runs that still have staged documents:
        what a crash left behind (runs of one site never overlap, see dags/)."""
        with self.engine.connect() as conn:
            staged = set(conn.execute(select(documents.c.run_id).distinct().where(
                documents.c.site == site, documents.c.status == "staged")).scalars())
            rows = conn.execute(select(runs).where(runs.c.site == site, or_(
                runs.c.status == "running", runs.c.run_id.in_(staged) if staged else false()))).mappings()
            return [dict(r) for r in rows]

    @staticmethod
    def add_aliases(conn, aliases: dict[str, str]) -> None:
        """url_key -> doc_id, inside the caller's transaction; keys already known are left alone."""
        keys = list(aliases)
        known = set()
        for i in range(0, len(keys), 500):
            known |= set(conn.execute(select(url_aliases.c.url_key)
                                      .where(url_aliases.c.url_key.in_(keys[i:i + 500]))).scalars())
        rows = [{"url_key": k, "doc_id": d} for k, d in aliases.items() if k not in known]
        if rows:
            conn.execute(insert(url_aliases), rows)

    def mark_published(self, run_id: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(update(documents).where(documents.c.run_id == run_id,
                                                        documents.c.status == "staged")
                                .values(status="published")).rowcount

    def documents_for(self, site: str, day: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).where(documents.c.site == site,
                                                        documents.c.day == day)).mappings()
            return [dict(r) for r in rows]

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM documents")).scalar_one()

    # ---- learnt site templates ----------------------------------------------------------------
    def template_rows(self, site: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(template_slots).where(template_slots.c.site == site)).mappings()
            return [dict(r) for r in rows]

    def template_history_pages(self, site: str) -> int:
        """Pages the site's template was learnt from (its most widespread slot, the page root)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(template_slots.c.pages))
                                    .where(template_slots.c.site == site)).scalar() or 0)

    def add_template_rows(self, site: str, rows: list[dict]) -> None:
        """Add one run's slot statistics to the site's history (sums: the order of runs does not matter)."""
        if not rows:
            return
        with self.engine.begin() as conn:
            old = {r.slot_id: r for r in conn.execute(select(template_slots).where(template_slots.c.site == site))}
            now = _utcnow()
            for r in rows:
                if r["slot_id"] in old:
                    o = old[r["slot_id"]]
                    conn.execute(update(template_slots).where(template_slots.c.site == site,
                                                              template_slots.c.slot_id == r["slot_id"])
                                 .values(covered=o.covered + r["covered"], chars=o.chars + r["chars"],
                                         pages=o.pages + r["pages"], updated_at=now))
                else:
                    conn.execute(insert(template_slots).values(site=site, updated_at=now, **r))


def _sqlite_pragmas(dbapi_conn, _record):
    # WAL lets readers go on while one run writes; busy_timeout makes writers wait, not fail.
    # isolation_level=None hands transaction control to SQLAlchemy / our BEGIN IMMEDIATE.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 256 MB page cache: the dedup index (band keys) is probed at random; the default 2 MB
    # would re-read its B-tree pages from the OS for every batch at archive scale.
    cur.execute("PRAGMA cache_size=-262144")
    # Checkpoint the WAL into the database every 64 MB instead of every 4 MB: each checkpoint
    # ends in an fsync, and a dedup batch of 2,000 documents writes ~5 MB of fingerprints.
    cur.execute("PRAGMA wal_autocheckpoint=16384")
    cur.close()


def _sqlite_begin(conn):
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("begin_immediate", False) else "BEGIN")


IN_CHUNK = 5000  # ids a query's IN list holds at most (SQLite allows 32,766 parameters)


def chunks(items: list, size: int = IN_CHUNK):
    """`items` in slices an IN list can hold."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def documents_in_clusters(conn, cluster_ids) -> list[dict]:
    """{doc_id, site, day} of every document of the clusters: what a restatement needs to find
    the partitions holding them."""
    ids = sorted(cluster_ids)
    return [{"doc_id": r.doc_id, "site": r.site, "day": r.day} for chunk in chunks(ids)
            for r in conn.execute(select(documents.c.doc_id, documents.c.site, documents.c.day)
                                  .where(documents.c.cluster_id.in_(chunk)))]


def ensure_tables(conn, tables, ready) -> bool:
    """Create the tables of `tables` the catalog lacks, in `conn`'s transaction, under the schema
    lock: what a package that owns tables (the dedup index, stories) calls first in each of its
    transactions, so its tables exist whoever created the catalog. `ready`: a WeakSet of engines
    already found complete (not the ones whose tables this call creates: that may roll back).
    Returns whether tables were missing."""
    if conn.engine in ready:
        return False
    missing = [t for t in tables if t.name not in set(inspect(conn).get_table_names())]
    if not missing:
        ready.add(conn.engine)
        return False
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))
    for table in missing:
        table.create(conn, checkfirst=True)
    return True


class CatalogError(Exception):
    pass

