"""Site template learning: blocks that recur across a site's pages are boilerplate, whatever their class names.

One contract: `learn(pages)` (plus the site's history from the catalog) gives a `Template`;
`Template.prune(tree)` removes the template's blocks from a parsed page and says what it removed.

How a block is recognised
-------------------------
Every element of <body> has a *slot*: the tag path of its ancestors plus its own tag, classes and
presentational attributes (digits blanked, so `post-1012` and `post-1013` are one slot). Every
piece of text (an element's own text and its children's tails) is cut into 4-word shingles, or
taken whole when shorter. A shingle is *recurring* when it occurs on two or more pages of the
site. An element's *covered* chars are those of its text in recurring shingles.

A slot is boilerplate when, over all the pages it appears on, most of its text is covered
(`SLOT_THRESHOLD`). That catches what the class names no longer tell:
  * tickers, share bars, newsletter boxes, cookie banners, footers: identical text on every page;
  * teasers (related, most-read, "read also", "about this story"): each item is another article's
    title and first paragraph, found on that article's page and in other pages' teaser lists,
    even though each page shows a different set;
  * "Published On 24/9/2015" lines: digits are blanked, so they recur.

Why body text is never removed for recurring
--------------------------------------------
Decisions are per slot, not per text: a wire's standard closing sentence or a "وكالات" credit
recurs, but it sits in the body-paragraph slot, whose text is overwhelmingly unique page after
page, so the slot is kept and so is the sentence. Two more guards: the element holding the page's
largest unique text, and its ancestors, are never removed (whatever a slot's history says); copies of one text
(a wire republished twice in a run) count as one page, so their shared body does not "recur".
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

import lxml.html

SLOT_THRESHOLD = 0.6      # share of a slot's text that must recur for the slot to be boilerplate
MIN_PAGES = 2             # a slot must be seen on this many pages before it is judged
SHINGLE = 4

_LAYOUT_TAGS = {"table", "tbody", "thead", "tr", "td", "th"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link"}
_ATTRS = ("size", "color", "face", "align", "bgcolor", "role", "id")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def _norm_attr(value: str) -> str:
    return _DIGITS.sub("#", value.strip().lower())


def _signature(el) -> str:
    """Own tag, classes and presentational attributes: `div._5fb8c4.rounded`, `font[size=2]`."""
    sig = el.tag if isinstance(el.tag, str) else "?"
    classes = sorted({_norm_attr(c) for c in (el.get("class") or "").split()})
    if classes:
        sig += "." + ".".join(classes)
    for attr in _ATTRS:
        if el.get(attr):
            sig += f"[{attr}={_norm_attr(el.get(attr))}]"
    return sig


def slot_id(slot: str) -> str:
    return hashlib.blake2b(slot.encode("utf-8"), digest_size=8).hexdigest()


def _tokens(text: str) -> list[str]:
    return [_DIGITS.sub("0", t) for t in _TOKEN.findall(text.lower())]


def _shingles(tokens: list[str]) -> list[int]:
    if not tokens:
        return []
    if len(tokens) < SHINGLE:  # a short text ("Share", "اقرأ أيضا") counts as one whole piece
        return [hash(("=",) + tuple(tokens))]
    return [hash(tuple(tokens[i:i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)]


@dataclass
class _Node:
    """One element of a page, as the learner sees it."""

    el: object
    slot: str
    chars: int = 0            # text chars in the subtree
    covered: float = 0.0      # of which in recurring shingles
    own: list[int] = field(default_factory=list)  # shingles of its own text (text + children's tails)
    own_chars: int = 0
    children: list["_Node"] = field(default_factory=list)


class PageFeatures:
    """The element tree of one page, with slots and text shingles; built once per page."""

    def __init__(self, tree):
        body = tree.find("body") if tree.tag == "html" else tree
        if body is None:
            body = tree
        self.root = self._walk(body, "")
        self.shingles = set()
        for node in self.nodes():
            self.shingles.update(node.own)

    def _walk(self, el, parent_path: str) -> _Node:
        node = _Node(el, f"{parent_path}/{_signature(el)}")
        path = f"{parent_path}/{el.tag}"
        pieces = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str) and child.tag not in _SKIP:
                node.children.append(self._walk(child, path))
            pieces.append(child.tail or "")
        own = " ".join(" ".join(pieces).split())
        node.own_chars = len(own)
        node.own = _shingles(_tokens(own)) if own else []
        node.chars = node.own_chars + sum(c.chars for c in node.children)
        return node

    def nodes(self):
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children)

    def cover(self, df: Counter | None, min_df: int = 2) -> None:
        """Covered chars of every element, given the site's shingle page counts (None: nothing recurs)."""
        def visit(node: _Node) -> float:
            own = 0.0
            if df is not None and node.own:
                rec = sum(1 for s in node.own if df[s] >= min_df)
                own = node.own_chars * rec / len(node.own)
            node.covered = own + sum(visit(c) for c in node.children)
            return node.covered

        visit(self.root)


@dataclass
class SlotStats:
    covered: float = 0.0
    chars: int = 0
    pages: int = 0

    @property
    def share(self) -> float:
        return self.covered / self.chars if self.chars else 0.0


@dataclass
class Removal:
    slot: str
    text: str
    share: float
    pages: int

    def to_dict(self) -> dict:
        return {"by": "template", "slot": self.slot, "recurring_share": round(self.share, 2),
                "pages": self.pages, "text": self.text}


class Template:
    """What a site's pages share: per slot, how much of its text recurs, and on how many pages."""

    def __init__(self, slots: dict[str, SlotStats] | None = None, pages: int = 0, df: Counter | None = None):
        self.slots: dict[str, SlotStats] = slots or {}
        self.pages = pages
        # The learning batch's shingle page counts: pages of that batch know which of their own
        # text recurs, which sharpens the unique-text guard. None for a template from history only.
        self.df = df

    def __bool__(self) -> bool:
        return bool(self.slots)

    def boilerplate(self, slot: str) -> SlotStats | None:
        st = self.slots.get(slot)
        if st and st.pages >= MIN_PAGES and st.chars and st.share >= SLOT_THRESHOLD:
            return st
        return None

    def merge(self, other: "Template") -> "Template":
        slots = {k: SlotStats(v.covered, v.chars, v.pages) for k, v in self.slots.items()}
        for k, v in other.slots.items():
            st = slots.setdefault(k, SlotStats())
            st.covered += v.covered
            st.chars += v.chars
            st.pages += v.pages
        return Template(slots, self.pages + other.pages, self.df if self.df is not None else other.df)

    def prune(self, tree, features: PageFeatures | None = None) -> list[Removal]:
        """Remove the boilerplate elements of one parsed page in place; returns what went and why."""
        if not self.slots:
            return []
        if features is None:
            features = PageFeatures(tree)
            features.cover(self.df)
        protected = self._main_text_path(features)
        removed: list[Removal] = []

        def visit(node: _Node) -> None:
            st = self.boilerplate(node.slot)
            if st and node.chars and id(node) not in protected:
                text = " ".join(node.el.text_content().split())
                removed.append(Removal(node.slot, text[:160], st.share, st.pages))
                drop_element(node.el)
                return
            for child in node.children:
                visit(child)

        for child in features.root.children:
            visit(child)
        # An old layout puts the article in a cell of a page-wide table; trafilatura would render
        # it as one table row ("| ... |") and lose the paragraphs. The tables around the main text
        # are layout, not data: make them plain blocks. (A data table inside the article is not
        # an ancestor of its main text and stays a table.)
        for node in features.nodes():
            if id(node) in protected and node.el.tag in _LAYOUT_TAGS:
                node.el.tag = "div"
        return removed

    def _main_text_path(self, features: PageFeatures) -> set[int]:
        """The page's largest piece of unique text outside boilerplate slots, and its ancestors.

        Whatever a slot's history says, the element that holds the article's main text (a body
        paragraph, or the <font> of an old table layout) is never removed.
        """
        best, best_path, path = -1.0, [], []

        def visit(node: _Node) -> None:
            nonlocal best, best_path
            path.append(id(node))
            own_covered = node.covered - sum(c.covered for c in node.children)
            unique = node.own_chars - own_covered
            if node.own_chars and unique > best and not self.boilerplate(node.slot):
                best, best_path = unique, list(path)
            for child in node.children:
                visit(child)
            path.pop()

        visit(features.root)
        return set(best_path)

    def to_rows(self) -> list[dict]:
        return [{"slot_id": slot_id(k), "slot": k, "covered": v.covered, "chars": v.chars, "pages": v.pages}
                for k, v in self.slots.items()]

    @classmethod
    def from_rows(cls, rows, pages: int = 0) -> "Template":
        return cls({r["slot"]: SlotStats(float(r["covered"]), int(r["chars"]), int(r["pages"])) for r in rows}, pages)


def drop_element(el) -> None:
    """Remove an element but keep its tail text (it belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def parse(html: str):
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


COPY_SHARE = 0.5  # pages sharing this share of their rare text are copies of one text (wire copies)


def _page_groups(pages: list[PageFeatures], df: Counter) -> list[int]:
    """Group id per page: copies of one text (a wire republished twice) are one group.

    Text that recurs only because two pages carry the same article is not boilerplate, so
    recurrence is counted over groups. Copies are found on *rare* shingles (on 2-3 pages): site
    chrome is on many pages and does not make two pages alike; a teaser shares only its excerpt.
    """
    parent = list(range(len(pages)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[int, list[int]] = {}
    rare_count = [0] * len(pages)
    for i, page in enumerate(pages):
        for s in page.shingles:
            if 2 <= df[s] <= 3:
                holders.setdefault(s, []).append(i)
                rare_count[i] += 1
    shared: Counter = Counter()
    for idx in holders.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                shared[(idx[a], idx[b])] += 1
    for (a, b), n in shared.items():
        if n >= COPY_SHARE * max(1, min(rare_count[a], rare_count[b])) and n >= 20:
            parent[find(a)] = find(b)
    return [find(i) for i in range(len(pages))]


def learn(pages: list[PageFeatures]) -> Template:
    """Slot statistics from one batch of pages of one site (a run, or a preview of several pages)."""
    raw: Counter = Counter()
    for page in pages:
        raw.update(page.shingles)
    groups = _page_groups(pages, raw)
    if len(set(groups)) == len(pages):
        df = raw
    else:  # count each shingle once per group of copies
        df = Counter()
        for g in set(groups):
            members = [pages[i].shingles for i in range(len(pages)) if groups[i] == g]
            df.update(set().union(*members))
    slots: dict[str, SlotStats] = {}
    for page in pages:
        page.cover(df)
        seen = set()
        for node in page.nodes():
            if not node.chars:
                continue
            st = slots.setdefault(node.slot, SlotStats())
            st.covered += node.covered
            st.chars += node.chars
            if node.slot not in seen:
                seen.add(node.slot)
                st.pages += 1
    return Template(slots, len(pages), df)
