"""A live blog's updates, from the page's own schema.org markup.

A live blog is a stream of short posts under one headline; extractors built for one article body
keep the introduction and lose most posts (each sits in its own small container, between ads,
timestamps and share bars). Publishers that run live blogs describe them as a `LiveBlogPosting`
in JSON-LD, whose `liveBlogUpdate` lists every post with its headline and `articleBody`.

`with_updates(lines, updates)` is pure: the extracted body lines, plus each update that is not
already among them (its headline line, then its body), in the page's order. An update counts as
present when the opening words of its body are found in the extracted text.
"""
from __future__ import annotations

import re

from pipeline.normalize import normalize

_WORD = re.compile(r"[^\W_]+")
PRESENT_WORDS = 12  # the opening words an update's body must show in the text to count as extracted


def _words(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


def updates_of(objects) -> list[tuple[str | None, str]]:
    """(headline, body) of every update of every LiveBlogPosting among JSON-LD objects."""
    out: list[tuple[str | None, str]] = []
    for obj in objects:
        if "LiveBlogPosting" not in str(obj.get("@type", "")):
            continue
        items = obj.get("liveBlogUpdate") or []
        for item in items if isinstance(items, list) else [items]:
            body = item.get("articleBody") if isinstance(item, dict) else None
            if isinstance(body, str) and body.strip():
                headline = item.get("headline")
                out.append((headline.strip() if isinstance(headline, str) and headline.strip() else None,
                            " ".join(body.split())))
    return out


def with_updates(lines: list[str], updates: list[tuple[str | None, str]]) -> tuple[list[str], int]:
    """`lines` with the updates extraction missed added after them; and how many were added."""
    seen = _words("\n".join(lines))
    have = {_words(line) for line in lines}
    added = 0
    out = list(lines)
    for headline, body in updates:
        opening = " ".join(_words(body).split()[:PRESENT_WORDS])
        if not opening or opening in seen:
            continue
        if headline and _words(headline) not in have:
            out.append(headline)
        out.append(body)
        seen += " " + _words(body)
        added += 1
    return out, added
