"""The one record type that flows from extraction to the archive, and the rejection beside it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


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
    fetched_at: str | None = None
    raw: dict | None = None  # {"warc": key, "offset": int, "length": int}
    run_id: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


RECORD_FIELDS = [f.name for f in fields(Record)]


@dataclass
class Rejection:
    """A fetched page that was not archived as an article, and why (never silently dropped)."""

    url: str
    site: str
    reason: str  # not_article | too_short | topic_mismatch | bad_response | undecodable
    detail: str = ""
    raw: dict | None = None
    run_id: str | None = None
    # What the extractor found anyway (title, text), shown by `extract` previews; not archived:
    # the raw page is in the WARC.
    found: dict | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "found"}
