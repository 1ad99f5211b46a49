"""An article's summary points ("Key Points", "Summary", "أبرز النقاط"), from the page's markup.

Many newsrooms open an article with a short list of its main points under a label. It is the
article's own text (the newsroom wrote it about this story; a reader quotes it), but it sits in a
box of its own beside the body, often in a tabbed widget, and trafilatura leaves it out in both
precision and balanced mode.

`summary_points(tree)` reads it from the whole page before anything is pruned: a list of 2 to 8
items, each a sentence of its own (no teaser link), whose box holds, besides the list, only a
short label that a summary cue opens (pipeline/extract/cues.py, kind "summary"), outside the
page's navigation, footer and asides. `with_summary(lines, points)` is pure: the points that are
not already lines of the body, then the body lines.
"""
from __future__ import annotations

from pipeline.extract.boilerplate import text_of
from pipeline.extract.cues import opens_with
from pipeline.normalize import normalize, word_count as nwords

MIN_POINTS, MAX_POINTS = 2, 8     # a summary is a few points, not a list article
MIN_POINT_WORDS, MAX_POINT_WORDS = 4, 80
MAX_LABEL_WORDS = 8               # "Key Points", "summary · Companies" (the tabs of its widget)
LABEL_LEVELS = 4                  # how far above the list its label may stand
_OUTSIDE = {"nav", "footer", "aside"}


def _label_opens(lst) -> bool:
    """Is the smallest box around `lst` that holds more than the list a short summary label and the list?"""
    own = nwords(text_of(lst))
    box = lst
    for _ in range(LABEL_LEVELS):
        box = box.getparent()
        if box is None:
            return False
        extra = nwords(text_of(box)) - own
        if extra > 0:
            return extra <= MAX_LABEL_WORDS and opens_with(text_of(box), "summary") is not None
    return False


def summary_points(tree) -> list[str]:
    """The items of the page's first summary list (see the module's docstring), or []."""
    for lst in tree.iter("ul", "ol"):
        items = [li for li in lst if li.tag == "li"]
        if not MIN_POINTS <= len(items) <= MAX_POINTS:
            continue
        texts = [text_of(li) for li in items]
        if not all(MIN_POINT_WORDS <= nwords(t) <= MAX_POINT_WORDS for t in texts):
            continue
        # a point is a sentence of the story, not a teaser: no item is mostly a link
        if any(2 * sum(nwords(text_of(a)) for a in li.iter("a")) > nwords(t) for li, t in zip(items, texts)):
            continue
        if any(a.tag in _OUTSIDE for a in lst.iterancestors()) or not _label_opens(lst):
            continue
        return texts
    return []


def with_summary(lines: list[str], points: list[str]) -> tuple[list[str], int]:
    """(the summary points not already among the body lines, then the body lines; how many were added)."""
    present = {normalize(line.lstrip("-•*· ")) for line in lines}  # a list item is a "- item" line
    new = [p for p in points if normalize(p) not in present]
    return new + lines, len(new)
