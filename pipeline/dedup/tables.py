"""The dedup index's own tables in the catalog: `fingerprints` and `dedup_state`.

Ownership: the dedup package defines, creates and checks these tables; the store knows nothing
of them (store never imports dedup: the import-linter layers contract in pyproject.toml).

Creation is guaranteed two ways, so it never depends on what a process happened to import:

* The tables are defined on the catalog's own `metadata` (pipeline.store.catalog), so whenever
  this module has been imported before a catalog is opened, `Catalog.create_schema` creates
  them with every other table, in its one locked `metadata.create_all`, as before.
* `ensure_tables(conn)` is called at the start of every dedup transaction (`DedupIndex.add_batch`
  and the discarding of staged documents in pipeline/dedup/index.py): it creates whichever of
  the two tables is missing (a catalog whose schema was made by a process that never imported
  pipeline.dedup) inside that same transaction, so they exist exactly when its work commits. On
  PostgreSQL it first takes the schema-creation advisory lock that `create_schema` takes, so it
  cannot race a concurrent `create_all`. The same place refuses a catalog that still holds the
  dedup index of an earlier version (`_refuse_old_dedup_index`).

Cost: once the tables are found in place (not made by this transaction, which could still roll
back), the engine is remembered for the process, and later transactions on it skip the checks
entirely; until then the checks are one listing of the catalog's tables.
"""
from __future__ import annotations

import weakref

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, String, Table, inspect

from pipeline.store.catalog import CatalogError, metadata
from pipeline.store.catalog import ensure_tables as catalog_ensure_tables

# The dedup index (pipeline/dedup/bands.py): per document its LSH band keys (one int64 a band)
# and its sorted uint32 shingle hashes for exact confirmation, with the time it is deduped at
# (published, else the run day). Lookups run in memory over the time ranges a batch needs,
# loaded by `dedup_ts`; the catalog keeps one row a document, not one a band. On SQLite doc_no
# is declared INTEGER so it is the rowid (a 2 KB row is too large for WITHOUT ROWID: it would
# spill to overflow pages and make inserts 2x and range reads 3x slower).
fingerprints = Table(
    "fingerprints", metadata,
    Column("doc_no", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("dedup_ts", BigInteger, nullable=False, index=True),
    Column("band_keys", LargeBinary, nullable=False),
    Column("shingles", LargeBinary, nullable=False),
)

# One row (id 1): the dedup index's state, changed only under the dedup lock. `next_doc_no`
# only grows (doc_nos are never reused, so an in-memory mirror can ask for "what is new since");
# `generation` grows whenever fingerprints are deleted (the mirrors then reload); `params` are
# the fingerprint settings the index was built with (other settings could not compare with it).
dedup_state = Table(
    "dedup_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("next_doc_no", BigInteger, nullable=False),
    Column("generation", BigInteger, nullable=False),
    Column("params", String(200), nullable=False),
)

DEDUP_TABLES = (fingerprints, dedup_state)
_ready = weakref.WeakSet()  # engines whose catalog was found with both tables and no old index


def ensure_tables(conn) -> None:
    """Refuse an old dedup index, then create the dedup tables the catalog lacks, in `conn`'s
    transaction. Call it first in every transaction that touches the dedup tables."""
    if conn.engine in _ready:
        return
    _refuse_old_dedup_index(conn, set(inspect(conn).get_table_names()))
    catalog_ensure_tables(conn, DEDUP_TABLES, _ready)


def _refuse_old_dedup_index(conn, table_names: set[str]) -> None:
    """Catalogs made before the in-memory band index (one lsh_bands row a band) hold fingerprints
    this version cannot compare against; say so instead of silently deduping against nothing.
    The archive itself is unaffected: move the catalog aside and rerun."""
    if "lsh_bands" in table_names:
        raise CatalogError(f"catalog {conn.engine.url.render_as_string(hide_password=True)} has the dedup index of "
                           "an earlier version (table lsh_bands); move it aside and run again")
