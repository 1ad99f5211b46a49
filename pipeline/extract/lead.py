"""The article's opening paragraphs when the CMS keeps them in a box of their own.

Some CMSs store an article as an intro and the rest (Joomla's K2 `itemIntroText` then
`itemFullText`, "lead" and "body" fields of custom CMSs) and print them as two sibling boxes.
trafilatura takes the box that holds most of the text and loses the intro, which is the
article's first paragraph, often its dateline ("London (Reuters) - ...").

`missed_lead(tree, lines)` is pure: the paragraphs of prose in the boxes right before the box of
the body's first extracted paragraph (the same parent; images and captions between them are
stepped over; a headline, a heading, a <header> or any other text ends the search) that are not among the
extracted lines. Only prose counts: a sentence-ending paragraph of some length, few of whose
words are links.
"""
from __future__ import annotations

import re

from pipeline.extract.boilerplate import text_of
from pipeline.normalize import SENTENCE_END as _SENTENCE_END, normalize, word_count as nwords

LEAD_WORDS = 12                 # a paragraph of prose, not a label or a caption
MAX_LEAD_PARAGRAPHS = 3         # an intro box: the first paragraph or three
MAX_LINK_SHARE = 0.2
_BYLINE = re.compile(r"^(?:By|BY|Por|Par|Von|بقلم|كتب|كتبت)\s*[:：]?\s+\S")  # a byline, not an intro
_STOP = ("h1", "h2", "h3", "h4", "h5", "h6", "header")
_MEDIA = ("img", "picture", "figure", "video", "iframe")


def _prose(p) -> bool:
    text = text_of(p)
    words = nwords(text)
    links = sum(nwords(text_of(a)) for a in p.iter("a"))
    return words >= LEAD_WORDS and bool(_SENTENCE_END.search(text)) and links <= MAX_LINK_SHARE * words


def _first_paragraph(tree, first_line: str):
    want = normalize(first_line)
    for p in tree.iter("p"):
        if normalize(text_of(p)) == want:
            return p
    return None


def missed_lead(tree, lines: list[str], authors=()) -> list[str]:
    """The intro paragraphs before the body's box that extraction left out (see the module's
    docstring); a paragraph that opens with "By" or names one of the page's `authors` is a
    byline, not an intro."""
    if not lines:
        return []
    first = _first_paragraph(tree, lines[0])
    if first is None or first.getparent() is None:
        return []
    box = first.getparent()
    present = {normalize(line) for line in lines}
    found: list[str] = []
    for sib in box.itersiblings(preceding=True):
        if not isinstance(sib.tag, str):
            continue
        text = text_of(sib)
        if not text:
            continue
        if sib.tag in _STOP or next(sib.iter(*_STOP), None) is not None:
            break  # the article's header (its headline, its standfirst), or a section of its own
        paragraphs = [p for p in sib.iter("p") if _prose(p)]
        if not paragraphs:
            if next(sib.iter(*_MEDIA), None) is not None:
                continue  # an image and its caption between the intro and the body
            break
        if len(paragraphs) > MAX_LEAD_PARAGRAPHS or sum(nwords(text_of(p)) for p in paragraphs) < nwords(text) / 2:
            break  # not an intro box: more than its paragraphs of prose
        if any(_BYLINE.match(text_of(p)) or any(name in text_of(p) for name in authors) for p in paragraphs):
            break  # "By Jane Doe on Monday, November 18th, 2019 at 11:04 a.m."
        new = [text_of(p) for p in paragraphs if normalize(text_of(p)) not in present]
        found = new + found
    return found
