"""The one record type that flows from extraction to the archive (and back out of it, for export,
publish and restatement), the rejection beside it, and the one schema both file formats follow.

    extract -> Record (article fields; `extras` carries what the run needs but never archives)
    dedup   -> the same Record, its cluster fields decided
    publish -> Record.to_dict() rows: JSONL.gz and Parquet, both in RECORD_SCHEMA's column order
    export  -> Record.from_row() back from either format
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import Enum

import pyarrow as pa


@dataclass
class Record:
    """One archived article; field order is the SPEC's, and is the column order of every export."""

    doc_id: str
    url: str
    canonical_url: str
    site: str
    title: str | None
    authors: list[str]
    published: str | None
    language: str | None
    text: str
    word_count: int
    content_sha256: str
    cluster_id: str | None = None
    is_canonical: bool = True
    duplicate_of: str | None = None
    topics: list[str] = field(default_factory=list)
    story_id: str | None = None  # the same for all coverage of one event, copies included
    fetched_at: str | None = None
    raw: dict | None = None  # {"warc": key, "offset": int, "length": int}
    run_id: str | None = None
    # What extraction learnt that the run uses but the archive does not keep: date source and
    # conflicts, captions, description, the URL discovery scheduled, the removed blocks when
    # explaining. Never written (to_dict leaves it out).
    extras: dict = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict:
        """The archived row: RECORD_FIELDS, in order."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}

    @classmethod
    def from_row(cls, row: dict) -> "Record":
        """A row read back from the archive (JSONL or Parquet); unknown columns are ignored."""
        return cls(**{name: row.get(name) for name in RECORD_FIELDS if name in row})


RECORD_FIELDS = [f.name for f in fields(Record) if f.name != "extras"]

# The archive's record schema: Parquet is written with it, JSONL rows follow its column order.
RECORD_SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("url", pa.string()), ("canonical_url", pa.string()),
    ("site", pa.string()), ("title", pa.string()), ("authors", pa.list_(pa.string())),
    ("published", pa.string()), ("language", pa.string()), ("text", pa.string()),
    ("word_count", pa.int64()), ("content_sha256", pa.string()), ("cluster_id", pa.string()),
    ("is_canonical", pa.bool_()), ("duplicate_of", pa.string()), ("topics", pa.list_(pa.string())),
    ("story_id", pa.string()), ("fetched_at", pa.string()),
    ("raw", pa.struct([("warc", pa.string()), ("offset", pa.int64()), ("length", pa.int64())])),
    ("run_id", pa.string()),
])
assert RECORD_SCHEMA.names == RECORD_FIELDS, "the Parquet schema must follow the record"


class RejectReason(str, Enum):
    """Why a fetched page is not archived as an article (the run report counts these)."""

    NOT_ARTICLE = "not_article"  # no article body (a listing, an index, a video page)
    TOO_SHORT = "too_short"  # fewer words than extract.min_words
    TOO_LARGE = "too_large"  # more HTML than extract.max_page_chars
    UNPARSEABLE = "unparseable"  # lxml could not parse it
    NOT_HTML = "not_html"  # an image, a PDF... at an article URL
    TOPIC_MISMATCH = "topic_mismatch"  # none of the site's topics
    BAD_RESPONSE = "bad_response"  # an HTTP error or a refused request (crawl_errors.jsonl)
    ALREADY_ARCHIVED = "already_archived"  # the same document is in the catalog or twice in the run

    def __str__(self) -> str:
        return self.value


@dataclass
class Rejection:
    """A fetched page that was not archived as an article, and why (never silently dropped)."""

    url: str
    site: str
    reason: RejectReason
    detail: str = ""
    raw: dict | None = None
    run_id: str | None = None
    # What the extractor found anyway (title, text), shown by `extract` previews; not archived:
    # the raw page is in the WARC.
    found: dict | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        self.reason = RejectReason(self.reason)  # a misspelt reason fails here, not in a report

    def to_dict(self) -> dict:
        row = {k: v for k, v in asdict(self).items() if k != "found"}
        row["reason"] = self.reason.value
        return row
