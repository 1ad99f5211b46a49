"""What a page says about itself: title, canonical URL, dates, authors, captions, language.

Read from the whole parsed page (not the pruned copy the body comes from), with trafilatura's own
metadata (`LazyMetadata`) only as the last resort: it costs a third of an extraction. Dates from
JSON-LD / meta / <time> / the site's date selector / Arabic words; bylines cleaned of "By" and
"ترجمة:"; titles without the site-name suffix; image captions and credits out of the body.
"""
from __future__ import annotations

import json
import re
import weakref
from urllib.parse import urljoin

import lxml.etree
import py3langid

from pipeline.extract.cues import mentions, opens_with, pattern as cue_pattern
from pipeline.extract.dates import parse_date_text
from pipeline.extract.pubdate import DateChoice, publication_date, same_moment, url_date
from pipeline.extract.templates import drop_element
from pipeline.normalize import normalize, word_count

_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "date", "dc.date.issued", "dc.date", "sailthru.date",
                   "parsely-pub-date", "publication_date", "original-publish-date")


_BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|(?:written|reporting|words|story|posted|analysis|opinion|commentary|review|text) by|por|par|von"
    r"|yazan|автор|بقلم|كتب|كتبت"
    r"|بواسطة|بواسطه|نشرها|نشره|ترجمة|إعداد|اعداد|تحرير|متابعة|عن|المصدر|تقرير)\s*[:：\-–]?\s*",
    re.IGNORECASE)

# Where a byline's names end and its labels begin: a separator (| · •, a spaced dash), a digit
# (a date, a time, "4 min read"), a weekday ("on Tue", "- الاثنين"), a month before a day, or a
# month glued to the surname by the markup ("Lena KowalskiJune 3").
_MONTHS_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NAME_END = re.compile(
    r"\s*[|·•]|\s+[-–—]\s|\s*\d|\s+(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?=\s|$)"
    r"|\s+(?:الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد)(?=\s|$)"
    r"|\s*(?:نشر في|نشر بتاريخ|تاريخ النشر|آخر تحديث|اخر تحديث)"
    rf"|\s+{_MONTHS_EN}\s+\d|(?-i:(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*(?:\d|$)))"
    r"|(?-i:(?<=[a-z])(?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))|(?-i:(?<=[A-Z]{2})(?=[A-Z][a-z]))"
    r"|(?-i:(?<=[a-z])(?=[A-Z][a-z]*\s+(?:[Cc]orrespondent|[Rr]eporter|[Ww]riter|[Ee]ditor)))",
    re.IGNORECASE)
# Several names in one byline: "Tom Pritchard and Aisha Rahman", "A, B and C", "سارة علي و أحمد حسن";
# without an "and", what follows a comma is a label ("Jill Disis, CNN Business", "Jane Doe, MS").
_AND = re.compile(r"\s+(?:and|&|und|et|y|ve|и|و)\s+")
_COMMA = re.compile(r"\s*[,;]\s*")
# A desk, a team, a board: the outlet's staff, not a person.
_DESK_WORDS = {"newsdesk", "newsroom", "editorial", "التحرير", "الموقع"}
# ... and an outlet or agency named beside the author ("Jane Doe, Atlas Press")
_OUTLET_WORDS = {"press", "agency", "news", "wire", "newspaper", "وكاله", "صحيفه", "جريده", "قناه"}
_ROLE_WORDS = {"correspondent", "reporter", "writer", "editor", "columnist", "contributor", "مراسل", "محرر"}


# "بغداد/ علي الكاتب", "BAGHDAD - Jane Doe": a one-word dateline before the name.
_BYLINE_DATELINE = re.compile(r"^\s*[^\s/]{2,20}\s*[/–-]\s+(?=\S)")


# Agency credits are provenance, not authors: kept out of `authors`.
_AGENCIES = {normalize(a) for a in (
    "وكالات", "وكالات الأنباء", "رويترز", "اسوشيتدبرس", "أسوشيتد برس", "فرانس برس", "أ ف ب", "الأناضول",
    "واع", "الجزيرة", "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "dpa", "UPI",
    "Xinhua", "Bloomberg", "Anadolu", "Agencies", "wire services")}


_TITLE_SEPARATORS = (" | ", " :: ", " - ", " – ", " — ", " « ", " » ")


_STAFF_WORDS = {"مراسل", "مراسلو", "محرر", "قسم", "فريق", "staff", "correspondent", "reporter", "desk", "team"}


class LazyMetadata:
    """trafilatura's metadata of the whole page, computed on first use only. `whole` gives the
    whole page's tree (a fresh parse: the extractor prunes its own tree in place, and
    trafilatura's metadata search changes the tree it is given); `author` reads it before
    pruning, `get` whenever it is asked."""

    def __init__(self, tree, url: str, whole):
        self.tree, self.url, self._doc = tree, url, None
        self._whole = whole
        self._author: tuple[str | None] | None = None

    def author(self) -> str | None:
        """trafilatura's author from the page's meta tags and JSON-LD: the author path of its
        metadata without the date search (htmldate) and without its byline-markup search, which
        copies and prunes the whole page (~5 ms) and, asked last on 310 benchmark and blind
        pages, named 3 people of whom 2 were an agency and a user name."""
        if self._doc is not None:
            return self._doc.author
        if self._author is None:
            from trafilatura.metadata import examine_meta, extract_meta_json

            try:
                doc = examine_meta(self.tree)
                if doc.author and " " not in doc.author:
                    doc.author = None  # as extract_metadata: a one-word meta author is a handle
                self._author = (extract_meta_json(self.tree, doc).author,)
            except Exception:  # noqa: BLE001 - a metadata fallback must never fail the page
                self._author = (None,)
        return self._author[0]

    def get(self):
        if self._doc is None:
            from trafilatura.metadata import extract_metadata

            try:
                self._doc = extract_metadata(self._whole(), self.url,
                                             {"extensive_search": False, "original_date": True})
            except Exception:  # noqa: BLE001 - a metadata fallback must never fail the page
                self._doc = None
            if self._doc is None:
                from trafilatura.settings import Document

                self._doc = Document()
        return self._doc


class _Marks:
    """The page's <meta>, <link>, <title> and <h1> elements, in document order, found in one walk:
    each `//meta[...]` XPath walked the whole page again (about 0.2 ms a page each, a dozen of them)."""

    def __init__(self, tree):
        self.heads, self.titles, self.h1s = [], [], []
        for el in tree.iter("meta", "link", "title", "h1"):
            (self.h1s if el.tag == "h1" else self.titles if el.tag == "title" else self.heads).append(el)


def _once_a_page(cache: weakref.WeakKeyDictionary, tree, build):
    """`build(tree)`, computed once for a parsed page and kept while its tree lives."""
    found = cache.get(tree)
    if found is None:
        found = cache[tree] = build(tree)
    return found


_MARKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _marks(tree) -> _Marks:
    return _once_a_page(_MARKS, tree, _Marks)


def meta_values(tree, *keys: tuple[str, str]) -> list[str]:
    """The `content` of the <meta> elements (or the `href` of the <link> elements) having one of
    the (attribute, value) pairs, in document order: ("property", "og:title"), ("rel", "canonical")."""
    out = []
    for el in _marks(tree).heads:
        if any(el.get(attr) == value for attr, value in keys):
            value = el.get("href" if el.tag == "link" else "content")
            if value is not None:
                out.append(value)
    return out


def first_meta(tree, *keys: tuple[str, str]) -> str | None:
    """The first of `meta_values` that is not empty, whitespace collapsed."""
    for value in meta_values(tree, *keys):
        value = " ".join(value.split())
        if value:
            return value
    return None


def first_h1(tree, in_body: bool = False):
    """The page's first <h1> (with `in_body`, the first inside <body>), or None."""
    for h1 in _marks(tree).h1s:
        if not in_body or next(h1.iterancestors("body"), None) is not None:
            return h1
    return None


def _title_texts(tree) -> list[str]:
    return [t for el in _marks(tree).titles for t in el.xpath("text()")]


# ---- title and address ------------------------------------------------------------------------
def page_title(tree) -> str | None:
    """The headline: og:title, the Article's JSON-LD headline, the first <h1>, then <title>,
    the first that is not empty, without the site-name suffix."""
    candidates = [*meta_values(tree, ("property", "og:title")), *jsonld_values(tree, "headline")]
    h1 = first_h1(tree)
    shown = " ".join(h1.text_content().split()) if h1 is not None else ""
    if shown:
        candidates.append(shown)
    candidates += _title_texts(tree)
    for cand in candidates:
        cand = " ".join((cand or "").split())
        if cand:
            # the headline the page shows, whole, is no "headline | site" ("... – live updates"); a
            # title that is the shown headline and more ("<h1> - by Jo Ray - The Ledger") is the h1
            norm = normalize(cand)
            if shown and norm.startswith(normalize(shown)):
                return shown
            heads = [h for h in _h1_texts(tree) if word_count(h) >= 3 and norm.startswith(normalize(h))]
            if heads:  # the page's first <h1> is its logo; the article's is another
                return max(heads, key=len)
            return strip_site_suffix(cand)
    return None


def _h1_texts(tree) -> list[str]:
    return [" ".join(h.text_content().split()) for h in tree.iter("h1")]


def strip_site_suffix(title: str) -> str:
    """'Headline | The Tigris Times' or 'جريدة الرافدين :: Headline' -> 'Headline'.

    The short side (four words at most) of a separator is the site name; the headline stays.
    """
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            parts = title.split(sep)
            head, tail = sep.join(parts[:-1]), parts[-1]
            if len(tail.split()) <= 4 and len(head) > len(tail):
                return head.strip()
            first, rest = parts[0], sep.join(parts[1:])
            if len(first.split()) <= 4 and len(rest) > len(first):
                return rest.strip()
    return title.strip()


def canonical_url(tree, url: str) -> str:
    """The page's own <link rel=canonical> or og:url, resolved against `url`; else `url`."""
    for href in meta_values(tree, ("rel", "canonical"), ("property", "og:url")):
        href = href.strip()
        if href:
            return urljoin(url, href)
    return url


# ---- dates -------------------------------------------------------------------------------------
# A <time> the page marks as its last change (schema.org microdata) is not its publication date,
# though WordPress themes print it first: "Updated 21 Feb  Published 20 Feb".
_TIME = "time[@datetime][not(@itemprop='dateModified')]"


def date_candidates(tree, title: str | None, date_selector: str | None) -> dict[str, str | None]:
    """What the page itself says about its date, one candidate per source (pipeline/extract/pubdate.py)."""
    cands: dict[str, str | None] = {"jsonld": _jsonld_date(tree), "meta": _meta_date(tree)}
    if date_selector:
        for el in tree.cssselect(date_selector):
            value = el.get("datetime") or el.get("content") or el.text_content()
            if parsed := _iso_or_words(value):
                cands["selector"] = parsed
                break
    cands["time_near_title"] = _time_near_title(tree)
    cands["visible"] = _visible_date(tree, title)
    if cands["time_near_title"] or cands["visible"]:
        _drop_teasers_dates(tree, cands)
    if not any(cands.values()):  # nothing under the headline: a publication label anywhere else
        cands["labelled"] = _labelled_date(tree)
    for xp in ("//article//" + _TIME, "//main//" + _TIME):
        if times := [t for t in tree.xpath(xp) if not _teaser_line(t)]:
            cands["time_article"] = _iso_or_words(times[0].get("datetime"))
            break
    else:
        # a page with a single <time> anywhere: there is no teaser it could belong to
        times = tree.xpath("//body//" + _TIME)
        if len(times) == 1:
            cands["time_article"] = _iso_or_words(times[0].get("datetime"))
    return cands


def _drop_teasers_dates(tree, cands: dict[str, str | None]) -> None:
    """A JSON-LD or meta date that is, to the minute, the date the page shows on a card of another
    article is that article's (a CMS that copied a preview's node into the report of the match):
    the page's own date line decides instead."""
    strong = [key for key in ("jsonld", "meta") if cands[key] and "T" in cands[key]]
    if not strong:
        return
    teasers = [t.get("datetime") for t in tree.iter("time") if t.get("datetime") and _teaser_line(t)]
    for key in strong:
        if any(same_moment(cands[key], other) for other in teasers):
            cands[key] = None


def page_date(cands: dict[str, str | None], meta: LazyMetadata, url: str, hints: dict | None) -> DateChoice:
    """The publication date among the page's candidates, checked against its URL and discovery.

    htmldate (through trafilatura's metadata) is asked only when the page's markup gave no
    candidate at all: it is the costly part of trafilatura's metadata."""
    if not any(cands.values()):
        cands["htmldate"] = meta.get().date
    return publication_date(cands, {"url": url_date(url), "discovery": (hints or {}).get("discovered")})


def _visible_date(tree, title: str | None = None) -> str | None:
    """A date written in words under the headline ("الأحد ٢٧ أيلول ٢٠١٥ - ٠٩:٤٠ م", "27 September 2015").

    Only the few short elements right after the <h1> are read: teasers' dates come further down
    (after the body) or in a rail before the headline, and are never taken.
    """
    anchor = first_h1(tree, in_body=True)
    if anchor is None and title:  # no <h1>: the element that shows the headline
        want = normalize(title)
        anchor = next((el for el in tree.xpath("//body//*[not(self::script)]")
                       if len(el.text_content()) < 400 and normalize(" ".join(el.text_content().split())) == want), None)
    if anchor is None:
        return None
    return _date_under(anchor) or _date_above(anchor)


def _date_under(anchor) -> str | None:
    seen, last = 0, None
    for el in anchor.xpath("following::*"):
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = " ".join(el.text_content().split())
        if not text or text == last:  # a wrapper and what it wraps are one line (Drupal nests four deep)
            continue
        seen, last = seen + 1, text
        if seen > 12 or len(text) > 300:  # reached the body: no visible date under the headline
            return None
        if len(text) <= 120 and not opens_with(text, "updated") and (parsed := parse_date_text(text)) \
                and not _teaser_line(el):
            return parsed  # (an "Updated: Nov 15" line is the last change, not the publication)
    return None


ABOVE_HEADLINE_ELEMENTS = 3  # a kicker line over the headline: its section, its date


def _date_above(anchor) -> str | None:
    """A date in the headline's own header, over it ("Business · February 11, 2025" / <h1>):
    only the headline's preceding siblings (the headline's lone wrapper counts as the headline),
    so a ticker or a rail before the article's header is never read, nor a linked card's date,
    nor a "Last Updated: ..." line."""
    while (up := anchor.getparent()) is not None and len(up) == 1 and up.tag not in ("body", "article", "main"):
        anchor = up
    for i, el in enumerate(anchor.itersiblings(preceding=True)):
        if i >= ABOVE_HEADLINE_ELEMENTS:
            break
        if not isinstance(el.tag, str) or el.tag in ("script", "style") or el.xpath("ancestor-or-self::a"):
            continue
        for line in el.xpath("descendant-or-self::*[not(self::script or self::style)]"):
            text = " ".join(line.text_content().split())
            if text and len(text) <= 120 and not line.xpath(".//a") and not opens_with(text, "updated") \
                    and (parsed := parse_date_text(text)) and not _teaser_line(line):
                return parsed
    return None


LABEL_LINE_CHARS = 120  # "نشر بتاريخ: 2024/11/12 - 01:20 م", "Published on 12 Nov 2024 at 1:20 pm"


def _labelled_date(tree) -> str | None:
    """A date that a publication label introduces ("Published on ...", "نشر بتاريخ: ..."), wherever
    it stands (some CMSs print it under the body), and not in a teaser's line; an "Updated" label
    is not the publication date."""
    label = cue_pattern("dateline")
    for text in tree.xpath("//body//text()[normalize-space()]"):
        if not label.match(text.lstrip().lower()):
            continue
        el = text.getparent()
        if el is None or el.tag in ("script", "style"):
            continue
        line = " ".join(el.text_content().split())
        if len(line) > LABEL_LINE_CHARS or opens_with(line, "updated") or _teaser_line(el):
            continue
        if parsed := parse_date_text(line):
            return parsed
    return None


def _teaser_line(el) -> bool:
    """Does the line of a date (`el`, or the element around it) hold a linked headline of another
    article? "Previously in this series: <a>State aid shortfall leaves district with gap</a> ·
    <time>Feb. 14</time>": the date there is that article's. Share, follow and comment links
    ("Click here to share on social media") are not headlines."""
    line = [el]
    for _ in range(TEASER_LINE_LEVELS):  # a card's date and its title sit in sibling fields
        up = line[-1].getparent()
        if up is None or len(up.text_content()) > TEASER_LINE_CHARS or up.find(".//h1") is not None:
            break  # past the line (a long block, or the article's own header)
        line.append(up)
    return any(_headline_link(a) for a in line[-1].iter("a"))


def _headline_link(a) -> bool:
    text = a.text_content()
    href = a.get("href") or ""
    return word_count(text) >= TEASER_LINK_WORDS and not href.startswith(("#", "javascript:")) \
        and not any(mentions(text, kind) for kind in ("share", "social", "follow", "newsletter", "comments")) \
        and not _byline_link(a)


def _byline_link(a) -> bool:
    """A link that a byline label opens ("بقلم: <a>سالم بن حمد المرّي</a>", "By <a>...</a>"): the
    author's name, however many words it has, not another article's headline."""
    prev = a.getprevious()
    before = ((prev.tail if prev is not None else a.getparent().text if a.getparent() is not None else "") or "").split()
    return any(_BYLINE_PREFIX.fullmatch(" ".join(before[-n:])) for n in (1, 2) if len(before) >= n)


def _time_near_title(tree) -> str | None:
    """A <time datetime> right after the <h1>: the article's own dateline. Read in the few
    elements after the headline (or after its header), up to the first that holds the body:
    a <time> there counts only when it opens that block (the body's own dateline); past the
    body come teasers of other articles with their dates."""
    h1 = first_h1(tree, in_body=True)
    if h1 is None:
        return None
    parent = h1.getparent()  # <header><h1/></header><div class="meta"><time/></div>
    for siblings, most in ((h1.itersiblings(), 6), (parent.itersiblings() if parent is not None else (), 3)):
        for i, el in enumerate(siblings):
            if i >= most:
                break
            found = [t for t in el.xpath("descendant-or-self::" + _TIME) if not _teaser_line(t) and not _stamped(t)]
            long_block = len(el.text_content()) >= DATELINE_BLOCK_CHARS
            if found and (not long_block or _text_before(el, found[0]) <= DATELINE_LEAD_CHARS):
                return _iso_or_words(found[0].get("datetime"))
            if long_block:
                return None  # the body: what follows it is not this article's dateline
    return None


def _stamped(time_el) -> bool:
    """Is the <time> labelled as another moment than the publication ("Updated: <time>", "أضيف
    في: <time>", an aggregator's own stamp)? The label is its element's text before it."""
    up = time_el.getparent()
    if up is None:
        return False
    before = (up.text or "") + "".join((sib.text_content() + (sib.tail or "")) for sib in time_el.itersiblings(preceding=True))
    return bool(before.strip()) and len(before) <= LABEL_LINE_CHARS and opens_with(before.strip(), "updated") is not None


DATELINE_BLOCK_CHARS = 400  # a block this long is the body, not a date line
TEASER_LINK_WORDS = 4       # a link this long beside a date is another article's headline
TEASER_LINE_CHARS = 250     # ... when they share a line: an element this short
TEASER_LINE_LEVELS = 3      # ... found this many levels up (a views row: title field, date field)
DATELINE_LEAD_CHARS = 200   # ... whose own dateline stands within its first characters


def _text_before(block, target) -> int:
    """Characters of text in `block` before `target` (one of its descendants)."""
    n = 0
    for event, el in lxml.etree.iterwalk(block, events=("start", "end")):
        if el is target:
            return n
        if event == "start":
            n += len((el.text or "").strip())
        elif el is not block:
            n += len((el.tail or "").strip())
    return n


def _iso_or_words(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", value) else value
    return parse_date_text(value)


def _jsonld_date(tree) -> str | None:
    for value in jsonld_values(tree, "datePublished"):
        if parsed := _iso_or_words(value):
            return parsed
    return None


def _meta_date(tree) -> str | None:
    for meta in _marks(tree).heads:
        if meta.tag != "meta" or meta.get("content") is None:
            continue
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS:
            if parsed := _iso_or_words(meta.get("content")):
                return parsed
    return None


# ---- authors -----------------------------------------------------------------------------------
def selector_authors(tree, author_selector: str | None) -> list[str]:
    """The authors the site YAML's author selector points at (none without one)."""
    if not author_selector:
        return []
    return _clean_authors(el.text_content() for el in tree.cssselect(author_selector))


def page_authors(tree, authors: list[str], meta: LazyMetadata, sitenames: list[str]) -> list[str]:
    """`authors` (the site's selector's), else the first source that names someone; staff
    credits of the outlet itself taken out."""
    # What the page itself marks as the byline comes before trafilatura's guess: trafilatura
    # saw the pruned page, where a byline that recurs (an author's name on many pages) may
    # be gone and an author's bio box may look like one.
    if not authors:
        authors = _jsonld_authors(tree) or _marked_byline(tree)
    if not authors and (guess := meta.author()):
        authors = _clean_authors([guess])
    if not authors:
        authors = _visible_byline(tree)
    return [a for a in authors if not _is_staff_credit(a, sitenames)]


def site_names(tree) -> list[str]:
    """The names the site goes by (og:site_name, application-name, the short side of <title>), normalised."""
    return _site_names(tree, first_meta(tree, ("property", "og:site_name")))


def _site_names(tree, sitename: str | None) -> list[str]:
    names = [sitename or "", *meta_values(tree, ("property", "og:site_name")),
             *meta_values(tree, ("name", "application-name"))]
    titles = _marks(tree).titles
    title = " ".join(titles[0].text_content().split()) if titles else ""
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            parts = title.split(sep)
            names.append(min((parts[0], parts[-1]), key=len))
    return [normalize(n) for n in names if n and n.strip()]


def _is_staff_credit(author: str, sitenames: list[str]) -> bool:
    """'مراسل الرافدين', 'The Tigris Times staff': the outlet itself, not a person."""
    words = [w for w in normalize(author).split() if w not in _STAFF_WORDS]
    return bool(words) and any(" ".join(words) in name for name in sitenames)


def _clean_authors(names) -> list[str]:
    """Person names out of byline texts: the "By"/"بقلم" opening, a dateline before the name and
    the labels after it (outlet, role, date, reading time) go; several names are split; agency
    credits, desks and texts that cannot be a name ("signing up") are left out."""
    out = []
    for name in names:
        name = _BYLINE_PREFIX.sub("", _BYLINE_PREFIX.sub("", " ".join((name or "").split())))  # "كتب بواسطة:"
        name = _BYLINE_DATELINE.sub("", name)
        if end := _NAME_END.search(name):
            name = name[:end.start()]
        if _AND.search(name):
            parts = [p for chunk in _COMMA.split(name) for p in _AND.split(chunk)]
            parts = parts[:1] + [p for p in parts[1:] if not _is_label(p)]
        else:
            parts = _COMMA.split(name)[:1]
        parts = [p.strip(" -–|،,:") for p in parts]
        if len(parts) > 1:
            # with no full name at all ("Madonna & Prince") the byline stays whole
            parts = [p for p in parts if len(p.split()) >= 2] or [name.strip(" -–|،,:")]
        for part in map(_without_role, parts):
            if part and part not in out and len(part) < 80 and _could_be_a_name(part):
                out.append(part)
    return out


def _is_label(part: str) -> bool:
    """A role or an outlet standing where a name would ("Senior Sports Correspondent")."""
    return any(normalize(w).startswith(tuple(_ROLE_WORDS | _OUTLET_WORDS)) for w in part.split())


def _without_role(name: str) -> str:
    """"Rachel Oduya Transport correspondent" -> "Rachel Oduya": a role word ends the name, and
    the word before it, when two remain, is the beat."""
    words = name.split()
    for i, word in enumerate(words):
        if normalize(word) in _ROLE_WORDS and i >= 2:
            return " ".join(words[:i - 1] if i >= 3 else words[:i])
    return name


def _could_be_a_name(name: str) -> bool:
    norm = normalize(name)
    if norm in _AGENCIES or (_DESK_WORDS | _OUTLET_WORDS) & set(norm.split()) or "admin" in norm \
            or name.startswith("("):
        return False
    latin = [c for c in name if c.isalpha() and c.isascii()]
    # a name in Latin script is capitalised; "signing up" is not one (other scripts have no case)
    return not latin or any(c.isupper() for c in latin)


# A visible byline: "بقلم: سارة الجبوري | 2019-03-14", "By Jane Doe, Baghdad".
# It opens the element or follows a separator ("Posted: 14 March 2009 | By Peter Hale").
_VISIBLE_BYLINE = re.compile(r"(?:^|[|•·]\s*)(?:بقلم|كتب|كتبت|ترجمة|إعداد|اعداد|By)\s*[:：]?\s+([^|•·،,\d]{3,60})",
                             re.IGNORECASE)


def byline_names(tree) -> list[str]:
    """Every name the page marks as its byline (JSON-LD authors, a byline element, meta author, a
    visible "By ..." line): evidence for recognising the author's bio line, not the `authors` field."""
    meta = meta_values(tree, ("name", "author"))
    return [*_jsonld_authors(tree), *_marked_byline(tree), *_clean_authors(meta), *_visible_byline(tree)]


def _visible_byline(tree) -> list[str]:
    """The first short element with a byline word; the article's comes before comments'."""
    for el in tree.xpath("//body//*[self::div or self::p or self::span or self::address or self::li or self::font]"):
        text = " ".join(el.text_content().split())
        if len(text) < 100 and (m := _VISIBLE_BYLINE.search(text)):
            return _clean_authors([m.group(1)])
    return []


def _jsonld_authors(tree) -> list[str]:
    """Person authors of the JSON-LD Article (an Organization is the outlet, not a byline)."""
    names = []
    for obj in jsonld_objects(tree):
        if "@type" not in obj or not is_article(obj):
            continue
        found = obj.get("author")
        for a in found if isinstance(found, list) else [found]:
            if isinstance(a, dict) and "Person" in str(a.get("@type", "Person")) and a.get("name"):
                names.append(str(a["name"]))
            elif isinstance(a, str):
                names.append(a)
    return _clean_authors(names)


# (the attribute axis, then the owner: a third faster than testing every element's attributes)
_MARKED_AUTHOR = lxml.etree.XPath(
    "(//body//*/@itemprop[.='author'] | //body//*/@rel[.='author'] | //body//*/@class[contains(., 'uthor')"
    " or contains(., 'UTHOR') or contains(., 'yline') or contains(., 'YLINE')])/..")


def _marked_byline(tree) -> list[str]:
    """A short element the page marks as the author (itemprop, rel, or a class naming it), not
    inside a comment. (contains() on the raw class, then lower-cased in Python: translate() over
    every element of the page cost a millisecond a page.)"""
    for el in _MARKED_AUTHOR(tree):
        cls = (el.get("class") or "").lower()
        if el.get("itemprop") != "author" and el.get("rel") != "author" and "author" not in cls and "byline" not in cls:
            continue
        if any("comment" in (a.get("class") or "").lower() or "comment" in (a.get("id") or "").lower()
               for a in (el, *el.iterancestors())):
            continue
        text = " ".join(el.text_content().split())
        if 2 < len(text) < 60:
            return _clean_authors([text])
    return []


# ---- JSON-LD --------------------------------------------------------------------------------------
_JSONLD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def jsonld_objects(tree) -> list[dict]:
    """Every JSON-LD object of the page (@graph members too), parsed once a page: five readers
    ask (title, date, authors, headline evidence, live-blog posts); kept while the tree lives.
    Callers read them and never change them."""
    return _once_a_page(_JSONLD, tree, lambda t: list(_jsonld_parsed(t)))


def _jsonld_parsed(tree):
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k == "@graph")


# schema.org's article types: Article and its kinds (NewsArticle, ReportageNewsArticle, ...),
# BlogPosting, LiveBlogPosting, Report
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report")


def is_article(obj: dict) -> bool:
    """Is a JSON-LD object an article (of any schema.org kind; an object with no @type counts)?"""
    return "@type" not in obj or bool(_ARTICLE_TYPE.search(str(obj.get("@type", ""))))


def jsonld_values(tree, key: str) -> list[str]:
    return [str(o[key]) for o in jsonld_objects(tree) if key in o and is_article(o)]


# ---- captions and language --------------------------------------------------------------------
_CREDIT_SPLIT = re.compile(r"\s*(?:[-–|/]\s*)?\(?\b(?:تصوير|عدسة|المصدر|photo|photograph|picture|credit|image)\s*[:：]\s*|\s*©\s*",
                           re.IGNORECASE)


def _caption_candidates(tree) -> list:
    """<figcaption>s, and div/p/span/small elements (holding no <p>) right after an <img> or
    <picture>, in document order. One pass: an XPath `preceding-sibling::*[1]` test on every
    element is quadratic in the number of siblings (minutes on a page of 50,000 short paragraphs)."""
    out = []
    for el in tree.iter("figcaption", "img", "picture"):
        if el.tag == "figcaption":
            out.append(el)
            continue
        nxt = el.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):  # comments, processing instructions
            nxt = nxt.getnext()
        if nxt is not None and nxt.tag in ("div", "p", "span", "small") and nxt.find(".//p") is None:
            out.append(nxt)
    return list(dict.fromkeys(out))  # an <img> inside a <figcaption> names it twice


def take_captions(tree) -> list[dict]:
    """Image captions and photo credits out of the body text, into a field of their own.

    A caption is a <figcaption>, or a short text block that directly follows an image in the same
    small container (markup without <figure>: `<div><img><div>caption</div></div>`).
    """
    found = []
    for el in _caption_candidates(tree):
        text = " ".join(" ".join(el.itertext()).split())
        if not text or len(text) > 300:
            continue
        parts = _CREDIT_SPLIT.split(text, maxsplit=1)
        caption, credit = (parts[0].strip(" -–|("), parts[1].strip(" )")) if len(parts) == 2 else (text, None)
        found.append({"caption": caption, "credit": credit or None})
        drop_element(el)
    return found


def language(text: str, declared: str = "") -> str | None:
    """The language of the text (py3langid), else the page's declared one (its <html lang>)."""
    lang, _score = py3langid.classify(text[:1000])  # cost is linear in length; 1,000 chars decide
    if lang:
        return lang
    return declared.strip().split("-")[0].lower() or None
