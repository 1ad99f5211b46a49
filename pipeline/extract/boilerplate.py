"""Boilerplate rules that need no history: a site's first page is cleaned as well as its hundredth.

One contract, pure (a parsed page in, what was removed and why out); the lines that are not
body, found after extraction, are pipeline/extract/lines.py's.

`prune_blocks(tree)` removes, before trafilatura sees the page, blocks recognised by structure
(after giving back to the text a <nav> of sentences, an accordion's answers):
  a section opened by a cue heading ("Related stories", "3 Comments", "اقرأ أيضا", "Newsletter")
  whose content is what the cue announces (mostly links, repeated cards or teaser cards, a form);
  a form's box (sign-up, share by e-mail, search, poll); a run of similar sibling cards that are
  each a short linked title (a teaser list with no heading); teaser links tucked inside a
  paragraph (a hover card); a promo card set between the article's paragraphs (a linked headline
  of another article with its blurb), unless such items are the article. The element that holds the page's main prose, and its ancestors, are
  never removed; a <br> layout of that element gets its paragraphs.

Cue words (pipeline/extract/cues.py) only ever act together with structure: a heading over a
link list or cards, a form. Class names and ids are not read at all, so hashed CSS classes do not matter.
"""
from __future__ import annotations

import re

from pipeline.extract.cues import SECTION_KINDS, opens_with
from pipeline.extract.templates import (BLOCK_TAGS, Removal, drop_element, flatten_layout_tables, join_split_body,
                                        paragraphs_from_breaks)
from pipeline.normalize import SENTENCE_END, word_count as nwords  # the rules count words as written

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# what may carry a cue heading: a heading, or a short styled label standing on its own
_HEADING_TAGS = (*sorted(_HEADINGS), "div", "span", "p", "strong", "b", "header", "legend", "label", "caption")
_SKIP = {"script", "style", "noscript", "template", "svg"}

MAX_HEADING_WORDS = 8     # a cue heading is a label, not a sentence
MIN_CARDS = 3             # a teaser list without a heading: this many similar linked cards
MAX_CARD_CHARS = 600      # a teaser card: a linked headline and a blurb, not an article
FORM_BOX_EXTRA = 250      # a form's box holds this much more text than the form: its heading, label
# a post's own address on a social network: what a platform's embed code quotes and links to
_SOCIAL_POST = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter\.com|x\.com)/\w+/status/\d"
                          r"|^https?://(?:www\.)?instagram\.com/(?:p|reel|tv)/"
                          r"|^https?://(?:www\.)?tiktok\.com/@[^/]+/video/\d"
                          r"|^https?://(?:www\.)?facebook\.com/[^/]+/(?:posts|videos)/"
                          r"|^https?://(?:www\.)?threads\.net/@[^/]+/post/")
MAX_SERIES_BOX_CHARS = 300  # a series label and another part's title (and its date)
MAX_LABEL_CHARS = 60      # "Next in this series:", a label, not a sentence
MAX_FACT_LABEL_WORDS = 4  # "Background", "Key facts", "Box score": a label
FACT_BOX_SHARE = 0.4      # a box beside the story is much smaller than the story
CARDS_SHARE = 0.6         # ... and such cards hold this share of a section's text at least
PROMO_SHARE = 0.3         # promo cards in the article hold at most this share of its container's text
TITLE_ROW_EXTRA = 100     # a cue heading's row may hold this much unlinked text beside it ("See all", "Swipe")
# a quotation's credit, "— Name, role, year": an em dash or a bar opens it (a hyphen or an en dash
# opens list items and ranges), it is short and ends no sentence
_QUOTE_CREDIT = re.compile(r"^[\u2014\u2015]\s*\S")
MAX_CREDIT_WORDS = 15
_CLOSES_QUOTE = re.compile(r"[»”\"]\W{0,2}$")


def _has_linked_headline(el) -> bool:
    """Does `el` hold a headline that is a link (<h3><a>..</a></h3> or <a><h3>..</h3></a>) of 2+ words?"""
    for h in el.iter(*_HEADINGS):
        if (h.find(".//a") is not None or any(a.tag == "a" for a in h.iterancestors())) and nwords(text_of(h)) >= 2:
            return True
    return False


_SUBHEADINGS = {"h2", "h3", "h4", "h5", "h6"}
PROSE_CHARS = 80          # a paragraph of prose, not a blurb's line
_CARD_BOXES = ("div", "aside", "section", "article", "figure", "ul", "ol", "li", "table")
_SERIES_BOXES = (*_CARD_BOXES, "p")


def _links_away(el) -> bool:
    """Does `el` hold an <h2>-<h6> headline of 2+ words that is a link to another page (not a
    place on this one)?"""
    for h in el.iter("h2", "h3", "h4", "h5", "h6"):
        links = [a for a in h.iter("a")] or [a for a in h.iterancestors("a")]
        if any(not (a.get("href") or "#").startswith("#") for a in links) and nwords(text_of(h)) >= 2:
            return True
    return False


_PLAYERS = ("video", "audio", "iframe", "embed", "object")


MAX_SIGNUP_WORDS = 60     # a sign-up box: its title, a line of terms and the button
ACTION_LINK_WORDS = 4     # a link styled as a button: "Sign me up", "Republish this story"


def _label(b) -> str:
    return f"{b.get('aria-label') or ''} {text_of(b)}".strip()


def _player_card(el) -> bool:
    """Is `el` a widget's card: a media player (a <video>, <audio>, an embed) or a button, with its
    own headline ("Support independent local news. [Donate]"); a short box whose action, a button
    or a short link, signs up or republishes ("Money: your weekly guide. Free, every Saturday. [Sign
    up]", "[Republish this story] Our stories may be republished ..."); or a player (a play button
    too: "Listen · 3:45") with its own title and blurb and no headline?"""
    media = next(el.iter(*_PLAYERS), None) is not None
    buttons = list(el.iter("button"))
    # a sign-up or share box with no form of its own (a script sends it): a few lines and the action
    if nwords(text_of(el)) <= MAX_SIGNUP_WORDS and el.find(".//h1") is None and (
            any(opens_with(_label(b), "newsletter", "republish") for b in buttons)
            or any(opens_with(_label(a), "newsletter") for a in el.iter("a") if nwords(text_of(a)) <= ACTION_LINK_WORDS)):
        return True  # (not "Share": the article's own title block has a share button beside its standfirst)
    if not media and not buttons:
        return False
    if any(nwords(text_of(h)) >= 2 for h in el.iter("h2", "h3", "h4", "h5", "h6")):
        return True
    play = media or any(opens_with(_label(b), "player") for b in buttons)
    return play and any(nwords(text_of(t)) >= 2 for t in el.iter("p", "div", "span") if t.find(".//button") is None)


def linked_subheading(h) -> bool:
    """Is `h` a subheading of the article that is all one link (to a topic page, say)? An
    <h2>-<h6> holding nothing but a link, followed by a paragraph of prose, in a container
    that holds two or more such paragraphs: it stands among the body's paragraphs, where a
    teaser's linked title stands in its own card or list."""
    if h.tag not in _SUBHEADINGS or len(h) != 1 or h[0].tag != "a" or (h.text or "").strip() \
            or (h[0].tail or "").strip():
        return False
    after, parent = h.getnext(), h.getparent()
    if after is None or after.tag != "p" or len(text_of(after)) < PROSE_CHARS or parent is None:
        return False
    return sum(1 for c in parent if c.tag == "p" and len(text_of(c)) >= PROSE_CHARS) >= 2


def text_of(el) -> str:
    """An element's visible text, whitespace collapsed."""
    return " ".join(" ".join(el.itertext()).split()) if isinstance(el.tag, str) else ""




class _Stats:
    """Text and link chars of every element, computed once bottom-up (no repeated itertext)."""

    def __init__(self, root):
        self.chars: dict[int, int] = {}
        self.links: dict[int, int] = {}
        self.blocks: dict[int, bool] = {}  # has a block-level descendant
        # lxml makes a new proxy object per access and id() is only stable while it lives: keep
        # every element's proxy alive as long as the stats are used.
        self.alive: list = []
        self._count(root)

    def _count(self, root) -> None:
        """One pass down (which elements sit in a link, what is skipped, each one's parent), one
        pass up in reverse document order, each element handing its totals to its parent: no
        recursion over deep pages, and no second walk over every element's children."""
        in_link, order, parents = {id(root): root.tag == "a"}, [root], [None]
        acc_c: dict[int, int] = {}
        acc_l: dict[int, int] = {}
        acc_b: dict[int, bool] = {}
        for el in root.iterdescendants():
            pid = id(el.getparent())
            if pid not in in_link:
                continue  # inside a skipped element
            if not isinstance(el.tag, str) or el.tag in _SKIP:
                if tail := len((el.tail or "").strip()):  # a comment's or a script's tail is its parent's text
                    acc_c[pid] = acc_c.get(pid, 0) + tail
                    if in_link[pid]:
                        acc_l[pid] = acc_l.get(pid, 0) + tail
                continue
            in_link[id(el)] = in_link[pid] or el.tag == "a"
            order.append(el)
            parents.append(pid)
        self.alive = order
        chars, links, blocks = self.chars, self.links, self.blocks
        for el, pid in zip(reversed(order), reversed(parents)):
            i = id(el)
            own = len((el.text or "").strip())
            c = own + acc_c.get(i, 0)
            lk = (own if in_link[i] else 0) + acc_l.get(i, 0)
            b = acc_b.get(i, False)
            chars[i], links[i], blocks[i] = c, lk, b
            if pid is not None:
                tail = len((el.tail or "").strip())
                acc_c[pid] = acc_c.get(pid, 0) + c + tail
                acc_l[pid] = acc_l.get(pid, 0) + lk + (tail if in_link[pid] else 0)
                if b or el.tag in BLOCK_TAGS:
                    acc_b[pid] = True

    def density(self, el) -> float:
        c = self.chars.get(id(el), 0)
        return self.links.get(id(el), 0) / c if c else 0.0


_CONTAINERS = {"div", "article", "section", "main", "td", "body", "font", "center", "span"}


def main_block(tree, stats: _Stats | None = None):
    """The element holding the page's main prose: most text in its direct paragraphs (a <p>, or a
    text element with no block inside) and its own text (<br> layouts), links excluded.
    It and its ancestors are never removed by these rules."""
    stats = stats or _Stats(tree)
    best, best_score = None, 0
    for parent in tree.iter():
        if parent.tag not in _CONTAINERS or stats.chars.get(id(parent), 0) < 200:
            continue
        score = len((parent.text or "").strip())
        for child in parent:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            score += len((child.tail or "").strip())
            if child.tag == "p" or (child.tag in ("font", "span", "div") and not stats.blocks.get(id(child))):
                c = stats.chars.get(id(child), 0)
                if c >= 40:
                    score += c - stats.links.get(id(child), 0)
        if score > best_score:
            best, best_score = parent, score
    return best


_LIST_TAGS = {"ul", "ol", "div", "section", "aside", "nav", "footer", "header", "main", "dl", "table", "tbody"}
_CARD_TAGS = {"li", "div", "article", "section", "figure", "dd", "dt", "tr", "h2", "h3", "h4", "h5", "h6"}


def _signature(el) -> str:
    return f"{el.tag}.{el.get('class', '')}"


class _Page:
    def __init__(self, root):
        self.stats = _Stats(root)
        block = main_block(root, self.stats)
        self.protected = set() if block is None else {id(block), *(id(a) for a in block.iterancestors())}
        self.main = block

    def chars(self, el) -> int:
        return self.stats.chars.get(id(el), 0)

    def is_card_list(self, container) -> bool:
        """Similar sibling cards, each mostly a short linked title: a teaser list."""
        if len(container) < MIN_CARDS or id(container) in self.protected:
            return False
        if container.tag not in _LIST_TAGS:
            return False
        kids = [k for k in container if isinstance(k.tag, str) and k.tag not in _SKIP and self.chars(k)]
        if any(k.tag not in _CARD_TAGS for k in kids):
            return False  # inline children: a paragraph with links, not a list of cards
        if len(kids) < MIN_CARDS:
            return False
        sigs: dict[str, int] = {}
        for k in kids:
            sigs[_signature(k)] = sigs.get(_signature(k), 0) + 1
        sig, count = max(sigs.items(), key=lambda kv: kv[1])
        if count < MIN_CARDS or count < 0.7 * len(kids) or sig.startswith("p."):
            return False  # body paragraphs with links are not cards
        cards = [k for k in kids if _signature(k) == sig]
        linked = 0
        for k in cards:
            if self.chars(k) > 400 or self.stats.density(k) < 0.3:
                continue
            if any(nwords(text_of(a)) >= 2 for a in k.iter("a")):
                linked += 1
        return linked >= MIN_CARDS and linked >= 0.8 * len(cards)

    def is_teaser_cards(self, section) -> bool:
        """Is the section mostly teaser cards: 2+ same-signature siblings that are each a headline
        element holding a link (or a link holding one) with at most a short blurb, together
        most of the section's text? Under a cue heading ("More from ...") such cards are what it
        announces, however much unlinked blurb text they carry."""
        for el in section.iter(*_LIST_TAGS):
            cards: dict[str, list[int]] = {}
            for k in el:
                if isinstance(k.tag, str) and 0 < self.chars(k) <= MAX_CARD_CHARS and _has_linked_headline(k):
                    cards.setdefault(_signature(k), []).append(self.chars(k))
            if any(len(c) >= 2 and sum(c) >= CARDS_SHARE * self.chars(section) for c in cards.values()):
                return True
        return False

    def repeated_items(self, section) -> int:
        """The largest number of same-signature siblings with text in the section (comment items)."""
        best = 0
        for el in section.iter():
            if not isinstance(el.tag, str) or len(el) < 2:
                continue
            counts: dict[str, int] = {}
            for k in el:
                if isinstance(k.tag, str) and self.chars(k) >= 15:
                    counts[_signature(k)] = counts.get(_signature(k), 0) + 1
            best = max(best, *counts.values(), 0)
        return best

    def section_fits(self, kind: str, section) -> bool:
        """Is the section what its cue heading announces?"""
        if kind == "comments":
            return (section.find(".//textarea") is not None or section.find(".//form") is not None
                    or self.repeated_items(section) >= 2 or self.stats.density(section) >= 0.3)
        if kind == "newsletter":
            return (section.find(".//input") is not None or section.find(".//form") is not None
                    or self.chars(section) <= 400)
        # related, tags, share: mostly links, or a teaser list
        return self.stats.density(section) >= 0.45 or self.is_card_list(section) or self.is_teaser_cards(section)

    def is_heading(self, el) -> str | None:
        """The text of a short label standing on its own (a heading or a styled <div>), else None."""
        if el.tag not in _HEADING_TAGS:
            return None
        if not 0 < self.chars(el) <= 80:
            return None
        text = text_of(el)
        if nwords(text) > MAX_HEADING_WORDS:
            return None
        if el.tag in _HEADINGS:
            return text
        if el.find(".//a") is not None:
            return None
        parent = el.getparent()
        # (an only child: getprevious/getnext, not len(parent), which walks all of a huge parent's children)
        return text if parent is None or self.chars(parent) == self.chars(el) or \
            (el.getprevious() is None and el.getnext() is None) or not (parent.text or "").strip() else None


def prune_blocks(tree) -> list[Removal]:
    """Remove cue-headed sections, forms, unheaded teaser lists, teaser links inside paragraphs and
    promo cards inside the article; returns what went and why."""
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        body = tree
    _prose_navs(body)
    pruner = _Pruner(body)
    pruner.cue_sections()
    pruner.footnotes()
    pruner.social_embeds()
    pruner.quote_credits()
    pruner.forms()
    pruner.teaser_lists()
    pruner.inline_teasers()
    pruner.promo_cards()
    for h in [h for h in body.iter(*_SUBHEADINGS) if linked_subheading(h)]:
        h[0].drop_tag()  # its text, not a link: precision mode drops a heading that is all link
    main = pruner.page.main
    if main is not None:  # a first page of an old table layout has no template to do it
        flatten_layout_tables([main, *main.iterancestors()])
        runs = [c for c in main if c.tag in ("font", "span") and len(c.findall("br")) >= 2
                and not any(d.tag in BLOCK_TAGS for d in c.iterdescendants())]
        if len(runs) == 1:  # <td><font>text<br><br>text</font></td>: the one font's runs are the cell's own
            runs[0].drop_tag()
        paragraphs_from_breaks(main)
        join_split_body(main)
        _headed_posts(body)
    return pruner.removed


NAV_LINK_SHARE = 0.2  # a <nav> with fewer of its words in links than this is no navigation
NAV_PROSE_WORDS = 12


def _prose_navs(body) -> None:
    """A <nav> that holds sentences and hardly any link is not navigation: an accordion's answer
    (Webflow's dropdown list is a <nav>). trafilatura drops every <nav>; such one becomes a <div>."""
    for nav in list(body.iter("nav")):
        words = nwords(text_of(nav))
        if not words or sum(nwords(text_of(a)) for a in nav.iter("a")) > NAV_LINK_SHARE * words:
            continue
        if any(nwords(t := text_of(p)) >= NAV_PROSE_WORDS and SENTENCE_END.search(t) for p in nav.iter("p")):
            nav.tag = "div"


class _Pruner:
    """The five rule passes of prune_blocks over one page, in order; each pass skips what an
    earlier one removed (`gone`) and never touches the main prose or its ancestors (`protected`)."""

    def __init__(self, body):
        self.body = body
        self.page = _Page(body)
        self.protected = self.page.protected
        self.removed: list[Removal] = []
        self.gone: set[int] = set()

    def drop(self, el, why: str) -> None:
        """Remove `el` (its tail kept), say why, and mark it and its descendants gone."""
        self.removed.append(Removal(why, text_of(el)[:160], 1.0, 0, by="rule"))
        inside = list(el.iter())
        # id() is only an element's while its lxml proxy lives: the stats keep the proxies they
        # counted alive, not those of what they skip (scripts, SVGs), so keep these too, or a later
        # element's proxy takes a freed id and passes for removed
        self.page.stats.alive.extend(inside)
        self.gone.update(id(d) for d in inside)
        drop_element(el)

    def cue_sections(self) -> None:
        """1. cue headings and what follows them: a heading such as "Related stories", "3 Comments"
        or "اقرأ أيضا" announces what comes under it, and that is not the article; one such as
        "Background" or "Box score" may open a box of facts beside the story (_fact_box), and a
        label such as "Next in this series:" a box over another part's title (_series_box)."""
        for el in list(self.body.iter(*_HEADING_TAGS)):
            if id(el) in self.gone or not isinstance(el.tag, str) or el.tag in _SKIP or el.getparent() is None:
                continue
            label = (el.text or "").strip()  # a series label ends in a colon (1b, _series_box)
            if label.endswith((":", "：")) and len(label) <= MAX_LABEL_CHARS and self._series_box(el, label):
                continue
            if (text := self.page.is_heading(el)) is None \
                    or (kind := opens_with(text, *SECTION_KINDS, "factbox")) is None:
                continue
            if kind == "factbox":
                if nwords(text) <= MAX_FACT_LABEL_WORDS:
                    self._fact_box(el)
            elif kind != "share" or nwords(text) <= 3:
                self._cue_section(el, kind)

    def _series_box(self, el, label: str) -> bool:
        """A box that a series label opens ("Next in this series:", "الحلقة المقبلة:") over a title
        of another part: another article of the series, linked or not yet (a title with no link,
        which the teaser rules cannot see). The label is `el`'s own text: the box is `el`, or its
        parent when `el` is the parent's first element. Dropped, True; else False."""
        if opens_with(label, "series") is None:
            return False
        up = el.getparent()
        opens_up = up is not None and not (up.text or "").strip() and el is next(
            (c for c in up if isinstance(c.tag, str)), None)
        for box in (el, up) if opens_up else (el,):
            if box.tag in _SERIES_BOXES and id(box) not in self.protected \
                    and 0 < self.page.chars(box) <= MAX_SERIES_BOX_CHARS and nwords(text_of(box)) > nwords(label):
                self.drop(box, "rule: series box")
                return True
        return False

    def footnotes(self) -> None:
        """1c. notes: a list whose every item is the target of a link in the text (its id) and links
        back to it (Markdown's, WordPress's and Wikipedia's notes: "^", "↩"), with the note
        markers in the text ("<sup><a href="#fn:1">1</a></sup>"). Sources and asides to the
        article, not the article; a table of contents links the other way and stays."""
        markers: dict[str, list] = {}
        for a in self.body.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#") and len(href) > 1:
                markers.setdefault(href[1:], []).append(a)
        if not markers:
            return
        for lst in list(self.body.iter("ol", "ul")):
            items = [li for li in lst if isinstance(li.tag, str)]
            if not items or id(lst) in self.gone or id(lst) in self.protected or any(
                    li.tag != "li" or li.get("id") not in markers
                    or not any((a.get("href") or "").startswith("#") for a in li.iter("a")) for li in items):
                continue
            for li in items:
                for a in markers[li.get("id")]:
                    marker = a.getparent() if a.getparent() is not None and a.getparent().tag == "sup" else a
                    if id(marker) not in self.gone and nwords(text_of(marker)) <= 1 and not _inside(marker, lst):
                        self.drop(marker, "rule: note marker")
            self.drop(self._heading_unit(lst), "rule: notes")

    def social_embeds(self) -> None:
        """1d. an embedded social post: a <blockquote> whose own link is a post's address on a
        social network (".../status/<id>", "instagram.com/p/<id>"): the platform's quote of
        someone's post, which its script turns into a card, not the article's text."""
        for q in list(self.body.iter("blockquote")):
            if id(q) in self.gone or id(q) in self.protected:
                continue
            if any(_SOCIAL_POST.search(a.get("href") or "") for a in q.iter("a")):
                self.drop(q, "rule: social post")

    def quote_credits(self) -> None:
        """1e. a quotation's credit: "— Name, role, year" in a blockquote's <cite> or <footer>, or
        on the line right after a quotation (a blockquote, or a block that closes a quotation
        mark): who said it, set under the quote, not a sentence of the article."""
        for el in list(self.body.iter("cite", "footer", "p", "div")):
            if id(el) in self.gone or id(el) in self.protected:
                continue
            opening = next((t for t in el.itertext() if t.strip()), "")  # (cheap: most elements fail here)
            if not _QUOTE_CREDIT.match(opening.lstrip()):
                continue
            text = text_of(el)
            if not _QUOTE_CREDIT.match(text) or nwords(text) > MAX_CREDIT_WORDS or SENTENCE_END.search(text):
                continue
            if (el.tag in ("cite", "footer") and next(el.iterancestors("blockquote"), None) is not None) \
                    or _after_quote(el):
                self.drop(el, "rule: quote credit")

    def _fact_box(self, heading) -> None:
        """A box of facts set beside the story: a heading that announces one ("Background", "Key
        facts", "Box score", "Lineups", "خلفية", "بالأرقام") opening a container of its own inside
        the article (the heading and what it holds: a table, a list, a few lines), much smaller
        than the main text. A heading among the body's own paragraphs opens no box of its own (its
        container is the main text's) and stays, and so does a run-in label opening a paragraph."""
        main = self.page.main
        unit = self._heading_unit(heading)
        box = unit.getparent()
        if main is None or box is None or box is self.body or id(box) in self.protected \
                or box.tag == "p" or (unit.tail or "").strip():
            return  # ("By the numbers: Novaris reported ..." is a paragraph of the story)
        if next((c for c in box if isinstance(c.tag, str)), None) is unit \
                and self.page.chars(unit) < self.page.chars(box) <= FACT_BOX_SHARE * self.page.chars(main):
            self.drop(box, "rule: fact box")

    def _cue_section(self, el, kind: str) -> None:
        """The section a cue heading opens, when it is what the cue announces (its whole
        container); else the heading and the link lists right after it."""
        page, protected = self.page, self.protected
        unit = self._heading_unit(el)
        section = unit.getparent()
        if (kind == "related" and section is not None and id(section) not in protected and section is not self.body
                and page.chars(section) <= page.chars(el) + TITLE_ROW_EXTRA and page.stats.density(section) < 0.3):
            unit = self._heading_unit(section)  # the heading's row ("Popular  Swipe ->"), not a section
            section = unit.getparent()
        if section is None or id(unit) in protected:
            return
        if id(section) not in protected and section is not self.body:
            if page.section_fits(kind, section) and page.chars(section) < 12000:
                while ((up := section.getparent()) is not None and id(up) not in protected
                       and page.chars(up) == page.chars(section)):
                    section = up
                form = section if section.tag == "form" else next(section.iterancestors("form"), None)
                if kind == "newsletter" and form is not None \
                        and id(form) not in protected:  # (an ASP.NET form wraps the whole page)
                    section = self._form_box(form)  # a sign-up form's button: the form and its box go
                self.drop(section, f"rule: {kind} section")
                return
        # The heading sits in the article container: take it and the link lists right after it.
        following = self._lists_after(unit, kind)
        if following:
            for sib in following:
                self.drop(sib, f"rule: {kind} list")
            self.drop(unit, f"rule: {kind} heading")

    def _heading_unit(self, start):
        """`start` and the ancestors that hold nothing more than it (the heading's own wrappers)."""
        unit = start
        while ((up := unit.getparent()) is not None and id(up) not in self.protected
               and self.page.chars(up) == self.page.chars(unit)):
            unit = up
        return unit

    def _lists_after(self, unit, kind: str) -> list:
        """The siblings right after a cue heading that are link lists (or comment items), up to
        the first that is not: what the heading announces when it has no section of its own."""
        page, following = self.page, []
        for sib in unit.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in _SKIP:
                continue
            if id(sib) in self.protected or not page.chars(sib):
                break
            if page.stats.density(sib) >= 0.5 or page.is_card_list(sib) or (
                    kind == "comments" and page.repeated_items(sib) >= 2) or (
                    kind == "related" and page.is_teaser_cards(sib)):
                following.append(sib)
                continue
            break
        return following

    def forms(self) -> None:
        """2. forms: a sign-up, share-by-email, search or poll widget (a form with a field to fill
        in), with the small box around it (its label, button and messages such as "Thank you, this
        article has been sent"): no article text sits in a form's box. A form that wraps the
        article (old ASP.NET pages wrap the whole page in one) is an ancestor of the main prose
        and is never touched."""
        protected = self.protected
        for form in list(self.body.iter("form")):
            if id(form) in self.gone or form.getparent() is None or id(form) in protected:
                continue
            fields = [i for i in form.iter("input", "textarea", "select")
                      if (i.get("type") or "text").lower() not in ("hidden", "submit", "button", "image", "reset")]
            if fields:
                self.drop(self._form_box(form), "rule: form")

    def _form_box(self, form):
        """The small box around a form: its label, heading, button and messages."""
        box = form
        while ((up := box.getparent()) is not None and id(up) not in self.protected
               and self.page.chars(up) <= self.page.chars(form) + FORM_BOX_EXTRA):
            box = up
        return box

    def inline_teasers(self) -> None:
        """4. teaser links tucked inside a paragraph: an inline element of the paragraph that is
        all links, two or more of them headline-long (a hover card over a person's name that
        lists their latest stories). A sentence does not hold two headlines back to back."""
        for p in list(self.body.iter("p")):
            if id(p) in self.gone:
                continue
            cards = [el for el in p.iter("span", "div") if id(el) not in self.gone and self._link_card(el)]
            for el in cards:  # the innermost: the name link the card hangs from stays in the sentence
                if not any(self._link_card(d) for d in el.iterdescendants("span", "div")):
                    self.drop(el, "rule: teaser links in a paragraph")

    def _link_card(self, el) -> bool:
        return (self.page.chars(el) >= 40 and self.page.stats.density(el) >= 0.9
                and sum(nwords(text_of(a)) >= 4 for a in el.iter("a")) >= 2)

    def promo_cards(self) -> None:
        """5. promo cards set between the article's paragraphs: a small block of the main prose's
        container that holds a linked headline (an <h2>-<h6> that is a link elsewhere) with at
        most a short blurb, image or date: a teaser of another article, which the CMS drops into
        the body ("Business | They earn nearly $200,000... | Birth rates have been..."); or a
        media player's card (a video or audio widget with its own title and blurb). The
        article's own subheadings are not links, nor boxed with a player or their paragraphs."""
        main, page = self.page.main, self.page
        if main is None:
            return
        cards, inside = [], set()
        for el in main.iterdescendants(*_CARD_BOXES):
            if id(el) in self.gone or id(el) in inside:
                continue
            if 0 < page.chars(el) <= MAX_CARD_CHARS and (_links_away(el) or _player_card(el)):
                cards.append(el)
                inside.update(id(d) for d in el.iterdescendants())
        # a player's card also stands in the article's header, beside the body ("Listen · 3:45")
        around = main.getparent()
        if around is not None and around is not self.body and around.tag != "html":
            for el in (el for sib in around if sib is not main and isinstance(sib.tag, str)
                       for el in sib.iter(*_CARD_BOXES)):
                if id(el) in self.gone or id(el) in inside:
                    continue
                if 0 < page.chars(el) <= MAX_CARD_CHARS and _player_card(el):
                    cards.append(el)
                    inside.update(id(d) for d in el.iterdescendants())
        # a list article (places, products, each under its linked name) is made of such items:
        # cards that hold much of the text are the article
        if cards and sum(page.chars(c) for c in cards) <= PROMO_SHARE * page.chars(main):
            for el in cards:
                self.drop(el, "rule: promo card in the article")

    def teaser_lists(self) -> None:
        """3. teaser lists with no heading: similar cards, each a short linked title. It runs
        last: a list under a cue heading has gone with its heading by then (pass 1)."""
        for el in list(self.body.iter(*_LIST_TAGS)):
            if (id(el) not in self.gone and isinstance(el.tag, str) and el.getparent() is not None
                    and el.tag not in _SKIP and self.page.is_card_list(el)):
                self.drop(el, "rule: teaser list")


def _after_quote(el) -> bool:
    """`el` comes right after a quotation: a blockquote, or a block whose text closes a quotation mark."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    return prev is not None and (prev.tag == "blockquote" or prev.find(".//blockquote") is not None
                                 or _CLOSES_QUOTE.search(text_of(prev)) is not None)


def _inside(el, container) -> bool:
    return any(up is container for up in el.iterancestors())


def _headed_posts(main) -> None:
    """A <header> in the article that holds only a subheading (a live blog's post title: <header>
    <h2>Power outages top 84,000</h2></header>) becomes that subheading: trafilatura drops every
    <header>, the article's subheadings with them."""
    for header in list(main.iter("header")):
        kids = [c for c in header if isinstance(c.tag, str)]
        if len(kids) == 1 and kids[0].tag in ("h2", "h3", "h4", "h5", "h6") and not (header.text or "").strip() \
                and not (kids[0].tail or "").strip():
            header.drop_tag()
