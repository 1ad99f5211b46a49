"""The story index's tables, owned by pipeline/stories (defined on the catalog's metadata, so
`Catalog.create_schema` creates them with the rest when this module is loaded, and created by
`ensure_tables` at the start of every story transaction whoever made the catalog).

A story is a set of dedup clusters: a wire copy is in its cluster, so always in its canonical's
story. Stories are matched through their members: the canonical articles, each with its term
signature and time.
"""
from __future__ import annotations

import weakref

from sqlalchemy import BigInteger, Column, DateTime, Integer, LargeBinary, String, Table, Text

from pipeline.store.catalog import ensure_tables as catalog_ensure_tables
from pipeline.store.catalog import metadata

# cluster -> story: every record's story_id is its cluster's
story_clusters = Table(
    "story_clusters", metadata,
    Column("cluster_id", String(40), primary_key=True),
    Column("story_id", String(40), nullable=False, index=True),
)

# the articles stories are matched through: canonicals, their signature, time and language
story_members = Table(
    "story_members", metadata,
    Column("doc_id", String(40), primary_key=True),
    Column("cluster_id", String(40), nullable=False),
    Column("ts", BigInteger, nullable=False, index=True),
    Column("language", String(16), nullable=False),
    Column("sig", LargeBinary, nullable=False),
)

# one row a story: what the stories list and pages show; merged_into when it turned out to be
# part of an earlier story (its clusters moved there)
stories = Table(
    "stories", metadata,
    Column("story_id", String(40), primary_key=True),
    Column("language", String(16)),
    Column("title", Text),
    Column("first_ts", BigInteger),
    Column("last_ts", BigInteger),
    Column("articles", Integer, nullable=False, default=0),
    Column("merged_into", String(40), index=True),
)

story_merges = Table(
    "story_merges", metadata,
    Column("story_id", String(40), primary_key=True),  # the absorbed story
    Column("into_id", String(40), nullable=False),
    Column("by_doc", String(40)),  # the article that matched both
    Column("at", DateTime(timezone=True)),
)

# one row (id 1): the document frequencies the term weights come from
story_state = Table(
    "story_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("docs", BigInteger, nullable=False),
    Column("df", LargeBinary, nullable=False),
)

STORY_TABLES = (story_clusters, story_members, stories, story_merges, story_state)
_ready = weakref.WeakSet()


def ensure_tables(conn) -> None:
    """The story tables the catalog lacks, created in `conn`'s transaction."""
    catalog_ensure_tables(conn, STORY_TABLES, _ready)
