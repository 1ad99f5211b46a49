"""A live blog's updates, from the page's own schema.org markup.

A live blog is a stream of short posts under one headline; extractors built for one article body
keep the introduction and lose most posts (each sits in its own small container, between ads,
timestamps and share bars). Publishers that run live blogs describe them as a `LiveBlogPosting`
in JSON-LD, whose `liveBlogUpdate` lists every post with its headline and `articleBody`.

`with_updates(lines, updates)` is pure: the extracted body lines, plus each update that is not
already among them (its headline line, then its body), in the page's order, and the headline of
an update whose body is there but whose headline extraction dropped. An update counts as present
when the opening words of its body are found in the extracted text.
"""
from __future__ import annotations

from pipeline.normalize import WORD, normalize

PRESENT_WORDS = 12  # the opening words an update's body must show in the text to count as extracted
MAX_UPDATES = 300   # posts read from one page's markup: a live blog pages its stream long before
                    # this, and the matching below is linear in the text for every post


def _words(text: str) -> str:
    return " ".join(WORD.findall(normalize(text)))


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
    """`lines` with what extraction missed of the updates: an update whose body is missing is added
    after them (its headline, then its body); one whose body is there but whose headline was lost
    gets the headline back, before the body's first line. Returns the lines and how many updates
    were touched."""
    out = list(lines)
    words = [_words(line) for line in out]
    added = 0
    for headline, body in updates[:MAX_UPDATES]:
        opening = " ".join(_words(body).split()[:PRESENT_WORDS])
        if not opening:
            continue
        title = _words(headline) if headline else ""
        at = next((i for i, w in enumerate(words) if opening[:60] in w), None)
        if at is None and opening in " ".join(words):
            continue  # present, but spread over lines: leave it
        if at is None:
            new = [headline, body] if title and title not in words else [body]
            out += new
            words += [_words(line) for line in new]
        elif title and title not in words:
            out.insert(at, headline)
            words.insert(at, title)
        else:
            continue
        added += 1
    return out, added
