"""Site template learning: blocks that recur across a site's pages are boilerplate, whatever their class names.

One contract: `learn(pages)` (plus the site's history from the catalog) gives a `Template`;
`Template.prune(tree)` removes the template's blocks from a parsed page and says what it removed.

How a block is recognised
-------------------------
Every element of <body> has a *slot*: the tag path of its ancestors plus its own tag, classes and
presentational attributes (numbers blanked, so `post-1012` and `post-1013` are one slot). Every
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
page, so the slot is kept and so is the sentence. Three more guards: the element holding the page's
largest unique text, and its ancestors, are never removed (whatever a slot's history says); inside
the container of that text, an element none of whose text recurs and that holds no link stays even
in a boilerplate slot (a bold subheading in `p/strong`, the slot of the body's recurring "Read
also:" labels), and so does a table of figures there (its cells, "38", "14.6", look alike on every
page once digits are blanked); copies of one text (a wire republished twice in a run) count as one
page, so their shared body does not "recur".
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

import lxml.html

from pipeline.extract.cues import SECTION_KINDS, opens_with

SLOT_THRESHOLD = 0.6      # share of a slot's text that must recur for the slot to be boilerplate
MIN_PAGES = 2             # a slot must be seen on this many pages before it is judged
SHINGLE = 4

_LAYOUT_TAGS = {"table", "tbody", "thead", "tr", "td", "th"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title", "meta", "link"}
_ATTRS = ("size", "color", "face", "align", "bgcolor", "role")
SHORT = 15  # tokens: a short text (title, label, crumb) recurs wherever it is found again
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"\d{3,}")


def _norm_attr(value: str) -> str:
    """`post-1012` and `post-1013` are one class; `_5fb8c4` (a CSS-module hash) stays readable."""
    return _NUMBER.sub("#", value.strip().lower())


def _signature(el) -> str:
    """Own tag, classes and presentational attributes: `div._5fb8c4.rounded`, `font[size=2]`."""
    attrib = el.attrib
    if not attrib:
        return el.tag
    return _signature_of(el.tag, attrib.get("class"), attrib.get("id"),
                         tuple(attrib.get(a) for a in _ATTRS))


@lru_cache(maxsize=65536)  # a site's pages repeat the same few hundred element signatures
def _signature_of(tag: str, cls: str | None, ident: str | None, attrs: tuple) -> str:
    sig = tag
    classes = sorted({_norm_attr(c) for c in (cls or "").split()})
    if classes:
        sig += "." + ".".join(classes)
    if ident:
        sig += f"#{_norm_attr(ident)}"
    for attr, value in zip(_ATTRS, attrs):  # design values (colours, sizes) are kept: they tell blocks apart
        if value:
            sig += f"[{attr}={value.strip().lower()}]"
    return sig


def slot_id(slot: str) -> str:
    return hashlib.blake2b(slot.encode("utf-8"), digest_size=8).hexdigest()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


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
    at_slot: list[int] = field(default_factory=list)  # the same shingles, tied to the slot
    own_chars: int = 0
    link: bool = False        # inside an <a>: navigation, whose text may recur anywhere
    short: bool = False       # a title, label or crumb rather than prose
    children: list["_Node"] = field(default_factory=list)


class PageFeatures:
    """The element tree of one page, with slots and text shingles; built once per page."""

    def __init__(self, tree):
        body = tree.find("body") if tree.tag == "html" else tree
        if body is None:
            body = tree
        self.root = self._walk(body, "", False)
        self.shingles = set()       # anywhere on the page
        self.slot_shingles = set()  # (slot, shingle): the same text in the same place
        self.prose = set()          # shingles of running text (not links, titles or labels)
        for node in self.nodes():
            self.shingles.update(node.own)
            self.slot_shingles.update(node.at_slot)
            if not (node.link or node.short):
                self.prose.update(node.own)

    def _walk(self, el, parent_path: str, in_link: bool) -> _Node:
        node = _Node(el, f"{parent_path}/{_signature(el)}", link=in_link or el.tag == "a")
        path = f"{parent_path}/{el.tag}"
        pieces = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str) and child.tag not in _SKIP:
                node.children.append(self._walk(child, path, node.link))
            pieces.append(child.tail or "")
        own = " ".join(" ".join(pieces).split())
        node.own_chars = len(own)
        if own:
            tokens = _tokens(own)
            node.short = len(tokens) <= SHORT
            node.own = _shingles(tokens)
            slot_h = hash(node.slot)
            node.at_slot = [hash((slot_h, sh)) for sh in node.own]
        node.chars = node.own_chars + sum(c.chars for c in node.children)
        return node

    def nodes(self):
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children)

    def cover(self, df: "PageCounts | None", min_df: int = 2) -> None:
        """Covered chars of every element, given the site's page counts (None: nothing recurs).

        Text recurs when the same shingle is in the same slot on other pages (a ticker, a footer,
        a teaser shown on several pages), or, for link text and short texts, anywhere (another
        article's title in a crumb or a card).
        A body paragraph quoted as a teaser elsewhere does not recur *in its slot*, so it stays
        unique on its own page: teasers are boilerplate where they are shown, not where they come from.
        """
        def visit(node: _Node) -> float:
            own = 0.0
            if df is not None and node.own:
                rec = sum(1 for sh, at in zip(node.own, node.at_slot)
                          if df.at_slot[at] >= min_df
                          or ((node.link or node.short) and df.anywhere[sh] >= min_df))
                own = node.own_chars * rec / len(node.own)
            node.covered = own + sum(visit(c) for c in node.children)
            return node.covered

        visit(self.root)


@dataclass
class PageCounts:
    """On how many pages (groups of copies) each shingle occurs: anywhere, and in its slot."""

    anywhere: Counter
    at_slot: Counter


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
    by: str = "template"  # or "rule" (pipeline/extract/boilerplate.py), "extraction.*" (the site YAML)

    def to_dict(self) -> dict:
        return {"by": self.by, "slot": self.slot, "recurring_share": round(self.share, 2),
                "pages": self.pages, "text": self.text}


class Template:
    """What a site's pages share: per slot, how much of its text recurs, and on how many pages."""

    def __init__(self, slots: dict[str, SlotStats] | None = None, pages: int = 0, df: PageCounts | None = None):
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
        path = self._main_text_path(features)
        protected = set(path)
        container = path[-2] if len(path) >= 2 else None
        removed: list[Removal] = []

        def visit(node: _Node, in_body: bool) -> None:
            st = self.boilerplate(node.slot)
            if in_body and _data_table(node):
                return  # a table of figures in the article is the article's, whatever its cells' slots
            if st and node.chars and id(node) not in protected and not _cue_heading(node) and not (
                    in_body and (_unique_prose(node) or _label_in_sentence(node.el))):
                text = " ".join(" ".join(node.el.itertext()).split())
                removed.append(Removal(node.slot, text[:160], st.share, st.pages))
                drop_element(node.el)
                return
            for child in node.children:
                visit(child, in_body or id(node) == container)

        for child in features.root.children:
            visit(child, False)
        flatten_layout_tables([n.el for n in features.nodes() if id(n) in protected])
        return removed

    def _main_text_path(self, features: PageFeatures) -> list[int]:
        """The page's largest piece of unique text outside boilerplate slots, and its ancestors
        (ids, from the root down).

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
        return best_path

    def to_rows(self) -> list[dict]:
        return [{"slot_id": slot_id(k), "slot": k, "covered": v.covered, "chars": v.chars, "pages": v.pages}
                for k, v in self.slots.items()]

    @classmethod
    def from_rows(cls, rows, pages: int = 0) -> "Template":
        return cls({r["slot"]: SlotStats(float(r["covered"]), int(r["chars"]), int(r["pages"])) for r in rows}, pages)


def _unique_prose(node: _Node) -> bool:
    """Text of which nothing recurs, and no link: inside the article's own container such an
    element is the article's (a bold subheading), even where its slot mostly holds recurring
    labels ("Read also:", "Advertisement") that made the slot boilerplate."""
    return node.covered == 0 and not node.link and not any(n.link for n in _descendants(node))


CUE_HEADING_CHARS = 80  # a heading, not a block


def _cue_heading(node: _Node) -> bool:
    """A short heading that announces a section ("تعليقات الزوار (٢)", "Related stories"): it recurs on
    every page, but what it announces does not. Left to the rules (pipeline/extract/boilerplate.py),
    which remove it with its section; the template alone would take the heading and leave the section
    (the readers' comments) without the cue that tells what it is."""
    if not 0 < node.chars <= CUE_HEADING_CHARS:
        return False
    return opens_with(" ".join(" ".join(node.el.itertext()).split()), *SECTION_KINDS) is not None


_INLINE = {"strong", "b", "em", "i", "span", "u", "mark", "small"}
SENTENCE_WORDS = 8  # unlinked words beside an inline label that make its paragraph a sentence


def _label_in_sentence(el) -> bool:
    """An inline label that opens or sits in a paragraph of prose ("<p><strong>Why it matters:</strong>
    Insurance has quietly become ...</p>"): part of the sentence, even where the site uses the
    same label on every page. ("<p><b>Read more:</b> <a>a headline</a></p>" is no sentence.)"""
    parent = el.getparent()
    if el.tag not in _INLINE or parent is None or parent.tag not in ("p", "li", "blockquote"):
        return False
    linked = sum(len(a.text_content().split()) for a in parent.iter("a") if el not in a.iterancestors())
    inside = len(el.text_content().split()) + sum(len(a.text_content().split()) for a in el.iter("a"))
    return len(parent.text_content().split()) - inside - linked >= SENTENCE_WORDS


def _data_table(node: _Node) -> bool:
    """A table of data: two or more rows of two or more short cells, hardly any link, no form
    field, no table inside. (A layout table holds the page; a data table holds figures whose
    cells look alike on every page: "38", "14.6", a governorate's name.)"""
    el = node.el
    if el.tag != "table" or el.find(".//table") is not None or el.find(".//input") is not None:
        return False
    rows = [r for r in el.iter("tr") if len(r.findall("td") + r.findall("th")) >= 2]
    if len(rows) < 2:
        return False
    cells = [c for r in rows for c in (*r.findall("td"), *r.findall("th"))]
    if any(len(c.text_content()) > 200 for c in cells):
        return False
    links = sum(len(a.text_content()) for a in el.iter("a"))
    return links <= 0.2 * max(node.chars, 1)


def _descendants(node: _Node):
    stack = list(node.children)
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


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


# Elements that are blocks of a page's layout, not inline text (boilerplate's page statistics read
# them too); a <br> layout's paragraph run also stops at a rule or preformatted block.
BLOCK_TAGS = {"div", "p", "ul", "ol", "table", "section", "article", "aside", "header", "footer", "nav",
              "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "form", "main", "li", "dl"}
_RUN_BREAKERS = BLOCK_TAGS | {"pre", "hr"}


def paragraphs_from_breaks(block) -> None:
    """Give a <br>-layout its paragraphs: in the main text's own element, text written straight
    into it and separated by blank lines (<br><br>) becomes one <p> per run.

    Such a block ("Following the ...<em>X</em>. A preview ...<br><br>The report claims ...") has
    no paragraph elements, and trafilatura drops the text that stands before its first child.
    A run ends at two <br> in a row or at a block element, which stays where it is."""
    if block is None or not (block.text or "").strip() and not any((c.tail or "").strip() for c in block):
        return
    items, runs, run = list(block), [], lxml.html.Element("p")
    run.text, block.text = block.text, None
    for i, child in enumerate(items):
        block.remove(child)
        after_br = child.tag == "br" and i + 1 < len(items) and items[i + 1].tag == "br" and not (child.tail or "").strip()
        if child.tag in _RUN_BREAKERS or after_br:
            runs.append(run)
            if child.tag != "br":
                tail, child.tail = child.tail, None
                runs.append(child)
            else:
                tail = None
            run = lxml.html.Element("p")
            run.text = tail
        elif child.tag == "br" and not len(run) and not (run.text or "").strip():
            run.text = (run.text or "") + (child.tail or "")  # the second <br> of a pair
        else:
            run.append(child)
    runs.append(run)
    for el in runs:
        if el.tag != "p" or len(el) or (el.text or "").strip():
            block.append(el)


def flatten_layout_tables(main_path) -> None:
    """Make the tables around a page's main text plain blocks.

    An old layout puts the article in a cell of a page-wide table; trafilatura would render it as
    one table row ("| ... |") and lose the paragraphs. The tables that are ancestors of the main
    text (`main_path`: the main text's element and its ancestors) are layout, not data. A data
    table inside the article is not an ancestor of its main text and stays a table.
    """
    for table in [el for el in main_path if el.tag == "table"]:  # its own rows and cells only
        own = [d for d in table.iterdescendants() if d.tag in _LAYOUT_TAGS and d.tag != "table"
               and next(d.iterancestors("table"), None) is table]
        for el in (table, *own):
            el.tag = "div"


SPLIT_BODY_LEVELS = 3  # the main text's element and its wrappers, up to a CMS component's own box


def join_split_body(main) -> None:
    """Make one element of a body a CMS splits into sibling components of one kind.

    AEM and its kind write each stretch of text as a component of its own (`div.text.article-body`,
    then a teaser, an image, an ad slot, then `div.text.article-body` again); trafilatura takes the
    first element its body paths match and reads only the first stretch. The main text's element
    (or one of its first wrappers) with siblings of its own tag and class that hold paragraphs
    too: those siblings, and what stands between them, are wrapped in one element of that tag and
    class, which comes first in the page. Not when a headline stands among them (an appended next
    article brings its own) or the components are <article>s.
    """
    el = main
    for _ in range(SPLIT_BODY_LEVELS):
        parent = el.getparent() if el is not None else None
        if parent is None or parent.tag in ("body", "html"):
            return
        signature = (el.tag, el.get("class"))
        same = [s for s in parent if isinstance(s.tag, str) and (s.tag, s.get("class")) == signature
                and s.find(".//p") is not None]
        if signature[1] and len(same) >= 2 and any(s is el for s in same):
            first, last = parent.index(same[0]), parent.index(same[-1])
            run = list(parent)[first:last + 1]
            if el.tag != "article" and not any(x.tag in ("h1", "article") or x.find(".//h1") is not None
                                               or x.find(".//article") is not None for x in run):
                wrapper = lxml.html.Element(el.tag, {"class": signature[1]})
                parent.insert(first, wrapper)
                wrapper.extend(run)
            return
        el = parent


# Comments and processing instructions are not content, and trafilatura, which parses its own input
# without them, drops a paragraph's text when a comment sits inside it (CMS shortcodes write
# <p><!-- INLINE(dropcap) -->A<!-- END -->nat Schwartz had ...</p>). Every page is parsed so.
PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)


def html_tree(html: str):
    """The page's element tree (lxml.etree.ParserError or ValueError when it has none)."""
    return lxml.html.fromstring(html, parser=PARSER)


def parse(html: str):
    try:
        return html_tree(html)
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
    # "Rare": on 2 or 3 pages, and never on all of a small batch (that is the site's chrome).
    rare_max = max(2, min(3, len(pages) - 1))
    for i, page in enumerate(pages):
        for s in page.shingles:
            if 2 <= df[s] <= rare_max:
                holders.setdefault(s, []).append(i)
                rare_count[i] += 1
    shared: Counter = Counter()
    for idx in holders.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                shared[(idx[a], idx[b])] += 1
    for (a, b), n in shared.items():
        if n >= COPY_SHARE * max(1, min(rare_count[a], rare_count[b])) and n >= 20 and _same_prose(pages[a], pages[b]):
            parent[find(a)] = find(b)
    return [find(i) for i in range(len(pages))]


def _same_prose(a: PageFeatures, b: PageFeatures) -> bool:
    """Copies share most of their running text; two articles of one site share only chrome.

    (In a batch of two or three pages the chrome is as "rare" as a copied text, so rare shingles
    alone would make any two pages of a site copies.)"""
    smaller = min(len(a.prose), len(b.prose))
    return smaller > 0 and len(a.prose & b.prose) >= COPY_SHARE * smaller


def learn(pages: list[PageFeatures], context: list[PageFeatures] = ()) -> Template:
    """Slot statistics from one batch of pages of one site (a run, or a preview of several pages).

    `context`: pages of the site that are not articles (home and listing pages). They tell what
    recurs (the chrome an article shares with them), but they are mostly teasers of articles the
    batch does not hold, whose text looks unique there: so a context page votes for a slot only
    where its own text in that slot recurs (chrome), never that a slot is content. The same holds
    for a batch with a single article: its unique text is no evidence of anything.
    """
    raw: Counter = Counter()
    for page in pages:
        raw.update(page.shingles)
    groups = _page_groups(pages, raw)
    at_slot: Counter = Counter()
    if len(set(groups)) == len(pages):
        for page in pages:
            at_slot.update(page.slot_shingles)
        df = PageCounts(raw, at_slot)
    else:  # count each shingle once per group of copies
        anywhere = Counter()
        for g in set(groups):
            members = [pages[i] for i in range(len(pages)) if groups[i] == g]
            anywhere.update(set().union(*(m.shingles for m in members)))
            at_slot.update(set().union(*(m.slot_shingles for m in members)))
        df = PageCounts(anywhere, at_slot)
    articles_df = df
    if context:
        df = PageCounts(df.anywhere.copy(), df.at_slot.copy())
        for page in context:
            df.anywhere.update(page.shingles)
            df.at_slot.update(page.slot_shingles)
    # Text unique to one article says "content" only when there were other articles to find it on:
    # a batch of a single article (a rerun that fetched one page, plus listing pages) votes chrome only.
    articles_vote = len(set(groups)) >= 2
    slots: dict[str, SlotStats] = {}
    for page, votes_content in [*((p, articles_vote) for p in pages), *((p, False) for p in context)]:
        page.cover(df)
        seen = set()
        for node in page.nodes():
            if not node.chars or (not votes_content and node.covered < SLOT_THRESHOLD * node.chars):
                continue
            st = slots.setdefault(node.slot, SlotStats())
            st.covered += node.covered
            st.chars += node.chars
            if node.slot not in seen:
                seen.add(node.slot)
                st.pages += 1
    # The unique-text guard judges a page's text among the batch's articles only.
    return Template(slots, len(pages) + len(context), articles_df)
