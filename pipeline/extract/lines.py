"""Lines that are not body, found after extraction: pure, the extracted lines in, the kept lines
and the dropped ones (with why) out.

`clean_lines(lines, evidence)` drops:
- the headline repeated, and the standfirst (the page's description shown on its own above the body);
- a line that is exactly another link's text on the page (a teaser title; links to the page's
  own anchors do not count);
- a short line opened by a cue ("Read also: ...", "Published On 24/9/2015", "Photo: AFP", "Sign up
  for our newsletter", "Our Standards: ..."), a line of date stamps ("... First published on ...
  Last modified on ..."), a widget's notice ("Please turn on JavaScript ..."), a call for news
  tips ("Have a tip about ...? Email ...");
- a caption found again as a line (a <figcaption>, an image's alt text, the text of a table that
  holds one image and a few words), or opening the body's line (an old layout's caption cell run
  into it: the caption is cut off), and the lines of an author box (the author's name and bio);
- a date line: dates, weekdays, Hijri months and a credit ("اللؤلؤة - وكالات | الثلاثاء 14 أكتوبر
  2025 م - 22 ربيع الآخر 1447 هـ 01:10 م");
- among the closing lines a rights notice and a press release's closing sections (its legal
  disclaimer, its contacts, the wire's "SOURCE" line);
- among the closing or the opening lines the page's own author's bio or contact line ("Jane Doe
  is a reporter for ...", "Email Jane Doe at ...").
`Evidence` is what the page says about such lines: its headline, link texts, captions, byline
names, description and author box.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin
from typing import Callable

from pipeline.extract.boilerplate import linked_subheading, nwords, text_of
from pipeline.extract.templates import BLOCK_TAGS
from pipeline.extract.cues import labels, mentions, opens_with, pattern as cue_pattern
from pipeline.extract.dates import parse_date_text, strip_dates
from pipeline.normalize import SENTENCE_END as _SENTENCE_END, WORD, normalize

_LINE_CUES = ("related", "newsletter", "comments", "share", "tags", "credit")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MAX_CUE_LINE_WORDS = 25   # "Read also: <a teaser headline>" fits; a body paragraph does not
MAX_CAPTION_WORDS = 40    # a table of one image and this many words at most is a captioned image
MAX_SOURCE_WORDS = 15     # "المصدر: <an office>, <a date>": a label and a name, not a sentence
MAX_STANDARDS_WORDS = 15  # "Our Standards: <the outlet's principles>", a label and a link's text
MAX_SUMMARY_LABEL_WORDS = 5
MAX_DEVELOPING_WORDS = 15  # "This is a developing story and will be updated as more details come in."
MAX_BADGE_WORDS = 5         # a paywall badge: "Member-only story", "Subscriber exclusive"
MIN_ROW_TITLE_CHARS = 20  # a headline, not a short word a table's row may open with
MAX_DATE_LINE_OTHER_WORDS = 4  # a date line's words besides its dates: a desk's or an agency's name
MIN_PREFIX_CAPTION_WORDS = 4  # a caption this long opening a line is not the body's first words by chance
MIN_REST_WORDS = 8        # ... when a sentence of the body follows it in that line


@dataclass
class Evidence:
    """What the page says about lines that are not body: its headline, link texts, captions."""

    titles: set[str] = field(default_factory=set)
    link_texts: set[str] = field(default_factory=set)
    captions: set[str] = field(default_factory=set)
    shown_captions: set[str] = field(default_factory=set)  # captions the page shows as text, not only as alt
    standfirst: str = ""  # the page's description where it stands on its own above the body (see _standfirst)
    author_box: set[str] = field(default_factory=set)  # an author box's name and bio lines (see _author_boxes)
    author_names: set[str] = field(default_factory=set)  # the page's authors' full names (normalised)
    own_names: set[str] = field(default_factory=set)  # the words the site goes by: its host's labels, its names
    # the page's byline names, asked for only when a closing line reads like an author's bio
    bylines: Callable[[], list[str]] = list
    _byline_words: set[str] | None = None

    @classmethod
    def of(cls, tree, titles=(), bylines: Callable[[], list[str]] = list, description: str | None = None,
           authors=(), own_names=(), url: str = "") -> "Evidence":
        ev = cls(bylines=bylines, standfirst=_standfirst(tree, description), author_box=_author_boxes(tree, authors),
                 author_names={normalize(" ".join(a.split())) for a in authors if nwords(a) >= 2},
                 own_names={w for n in own_names for w in WORD.findall(normalize(n)) if len(w) > 2})
        ev.titles = {normalize(t) for t in titles if t}
        for el in tree.iter("a", "h1", "figcaption", "img", "table"):  # one walk over the page
            tag = el.tag
            if tag == "a":
                t = text_of(el)
                # a link to a place on this page (a live blog's "key events", a table of contents)
                # repeats the page's own headings, and a linked subheading among the body's
                # paragraphs is one of them: neither is a teaser of another article
                if nwords(t) >= 3 and not _in_page(el.get("href") or "", url) \
                        and not ((up := el.getparent()) is not None and linked_subheading(up)):
                    ev.link_texts.add(normalize(t))
            elif tag == "img":
                alt = " ".join((el.get("alt") or "").split())
                if nwords(alt) >= 4:
                    ev.captions.add(normalize(alt))
                    if (up := el.getparent()) is not None and text_of(up) == alt:  # shown beside the image
                        ev.shown_captions.add(normalize(alt))
            elif tag == "h1":
                ev.titles.add(normalize(text_of(el)))
            elif tag == "figcaption":
                ev.captions.add(normalize(text_of(el)))
                ev.shown_captions.add(normalize(text_of(el)))
            elif len(el.xpath(".//img")) == 1:  # an image and its caption laid out as a table (Blogger)
                text = text_of(el)
                if 0 < nwords(text) <= MAX_CAPTION_WORDS:
                    ev.captions.add(normalize(text))
                    ev.shown_captions.add(normalize(text))
        ev.titles.discard("")
        ev.captions.discard("")
        ev.shown_captions = {c for c in ev.shown_captions if nwords(c) >= MIN_PREFIX_CAPTION_WORDS}
        return ev

    def caption_prefix(self, line: str) -> int:
        """Where the body starts in a line that a shown caption opens (an old layout's caption
        cell run into the first paragraph: "<caption> (أرشيفية) <the body's first sentence>"):
        the caption's end, or 0."""
        longest = max(map(len, self.shown_captions))
        norm = normalize(line[:2 * longest + 8])  # (only as much as a caption could open)
        if not any(norm.startswith(c) for c in self.shown_captions):
            return 0
        for m in re.finditer(r"\s+", line):
            head = normalize(line[:m.start()])
            if head in self.shown_captions:
                return m.end() if nwords(line[m.end():]) >= MIN_REST_WORDS else 0
            if len(head) > longest:
                break
        return 0

    def is_byline_name(self, name: str) -> bool:
        """Is `name`'s last word (a surname: "Steph Bazzle" is "Stephanie Bazzle") in a byline?"""
        if self._byline_words is None:
            self._byline_words = {w for n in self.bylines() for w in WORD.findall(normalize(n)) if len(w) > 2}
        words = WORD.findall(normalize(name))
        return bool(words) and words[-1] in self._byline_words


def _in_page(href: str, url: str) -> bool:
    """A link to a place on this page: "#48362", or the page's own address with a fragment
    (a live blog's "key events" link their posts so)."""
    if href.startswith("#"):
        return True
    return "#" in href and bool(url) and urljoin(url, href).split("#")[0] == url.split("#")[0]


_STANDFIRST_TAGS = ("p", "h2", "h3", "h4", "div", "span")  # a <br> layout's brief is a <span> in a cell
_STANDFIRST_XPATH = ("//text()[contains(., $word)]/parent::*[" + " or ".join(f"self::{t}" for t in _STANDFIRST_TAGS)
                     + "]")
PROSE_WORDS = 12  # a paragraph of the body, beside which a description would be the lead, not a standfirst


def _prose(el) -> bool:
    """A paragraph of prose: a <p>, or a <div>/<span> of text with no block inside (div layouts)."""
    if el.tag not in ("p", "div", "span") or nwords(text_of(el)) < PROSE_WORDS:
        return False
    return el.tag == "p" or not any(d.tag in BLOCK_TAGS for d in el.iterdescendants())


def _standfirst(tree, description: str | None) -> str:
    """The page's description (its meta description) when the page shows it as an element of its
    own (a <p>, <h2>-<h4>) that is not one of the body's paragraphs (no prose paragraph beside it):
    the standfirst under the headline, a summary of the article and not its text. Where the
    description is the body's first paragraph (the lead), it stays. Measured on aeb-dev, fundus
    and the blind sets: 13 standfirsts so found among the first lines, 12 outside the gold."""
    norm = normalize(" ".join((description or "").split()))
    if nwords(norm) < 4:
        return ""
    head = norm[:12]
    # the elements whose own text holds the description's first word (lxml's XPath, not a Python walk)
    for el in tree.xpath(_STANDFIRST_XPATH, word=description.split()[0]):
        raw = (el.text or "").lstrip()
        # (only the opening is normalised to compare: diacritics make it at most twice as long)
        if len(raw) < len(head) or not normalize(raw[:2 * len(head)]).startswith(head) \
                or normalize(text_of(el)) != norm:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in ("p", "h2", "h3", "h4"):  # beside a <p> standfirst only <p>s count as prose
            beside = any(sib is not el and sib.tag == "p" and nwords(text_of(sib)) >= PROSE_WORDS for sib in parent)
        else:  # a <div> or <span> one may stand in a div layout, or lead a <br> layout's text
            own = (parent.text or "") + " ".join(sib.tail or "" for sib in parent)
            beside = nwords(own) >= PROSE_WORDS or any(sib is not el and _prose(sib) for sib in parent)
        if not beside:
            return norm
    return ""


MAX_BOX_BIO_WORDS = 60   # an author box's bio beside the name: a line or two
MAX_BOX_LINES = 2        # ... in one or two elements (a role, a bio)
_NAME_TAGS = ("p", "span", "a", "strong", "b", "div", "h3", "h4", "h5", "h6")


def _author_boxes(tree, authors) -> set[str]:
    """The lines of an author box (normalised): an element that is only the name of one of the
    page's authors, and its one or two sibling elements (the bio or role line), in a box that
    holds nothing else ("Jane Doe" / "Jane covers housing and personal finance."; "مراد السعايدة"
    / "مراسل ... يغطي الشؤون الاجتماعية"). A byline beside the body's paragraphs is no box."""
    names = {" ".join(a.split()) for a in authors if nwords(a) >= 2}
    out: set[str] = set()
    if not names:
        return out
    for el in tree.iter(*_NAME_TAGS):
        raw = el.text or ""
        if not any(n in raw for n in names) or text_of(el) not in names:
            continue
        box = el.getparent()
        while box is not None and text_of(box) == text_of(el):  # the name's own wrappers
            el, box = box, box.getparent()
        if box is None:
            continue
        others = [sib for sib in box if sib is not el and isinstance(sib.tag, str) and text_of(sib)]
        if 0 < len(others) <= MAX_BOX_LINES and sum(nwords(text_of(o)) for o in others) <= MAX_BOX_BIO_WORDS \
                and all(o.tag not in ("ul", "ol", "table") for o in others):
            out.add(normalize(text_of(el)))
            out.update(normalize(text_of(o)) for o in others)
    return out


# An author's bio or contact line closing an article, or in an author box above it ("Jane Doe is a
# reporter for X covering ...", "Jane Doe has covered city hall since 2016.", "Email Jane Doe at
# jdoe@x.com", "Write to Jane Doe at ..."): about the writer, not the story. English phrasing; it
# only counts in the last or the first lines of the body and when the name's surname is the page's
# byline. Measured: 11 such lines on 16 publishers of fundus and aeb-dev (all outside the gold),
# none matched in a gold body.
_NAME = r"((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)"
_ROLE = r"(?:writer|reporter|editor|correspondent|journalist|author|columnist|contributor|producer|critic|anchor)"
_AUTHOR_BIO = re.compile(r"^" + _NAME + r"\s+(?:(?:is|was|has been|serves as)\s+(?:an?|the)\s[^.]{0,80}?\b"
                         + _ROLE + r"s?\b|(?:covers|has covered|writes about|has written about|reports on|has reported on)\s)")
_AUTHOR_CONTACT = re.compile(r"^(?i:e-?mail|write to|contact|reach|follow)\s+" + _NAME + r"\s+(?:at|on|via)\b")
_NAME_SEPARATOR = re.compile(r"\s*[:：،,]\s*\S")  # not a dash: "<City> - " opens a lead
BIO_LINES = 3            # a bio closes the article: only the body's last lines are looked at,
BIO_LINES_BEFORE = 2     # or an author box stands before it: then its first lines
MAX_BIO_WORDS = 100


def _author_bio(line: str, evidence: Evidence, closing: bool = False) -> bool:
    """A closing line about the page's own author (see _AUTHOR_BIO)."""
    if nwords(line) > MAX_BIO_WORDS:
        return False
    m = _AUTHOR_BIO.match(line) or _AUTHOR_CONTACT.match(line)
    if m:
        return evidence.is_byline_name(m.group(1))
    # "د. منى الشامي: أستاذة علم الاجتماع ...، تكتب في البوابة كل اثنين.": the author's name, a
    # separator, who they are (in any language)
    norm = normalize(line)
    return closing and any(norm.startswith(name) and _NAME_SEPARATOR.match(norm, len(name))
                           for name in evidence.author_names)


def _seen_elsewhere(line: str, norm: str, n: int, evidence: Evidence, first: bool) -> str | None:
    """A line the page shows elsewhere as something else: its headline, a caption, an author box,
    another article's linked title."""
    if first and norm in evidence.titles:
        return "headline"
    if line.lstrip().startswith("|") and any(len(t) >= MIN_ROW_TITLE_CHARS and norm.startswith(t) for t in evidence.titles):
        return "headline row"  # an old layout's header table: "| <headline> <dek> <source | date> |"
    if norm in evidence.captions:
        return "caption"
    if norm in evidence.author_box:
        return "author box"
    if n <= MAX_CUE_LINE_WORDS and norm in evidence.link_texts and not _SENTENCE_END.search(line):
        return "linked title"
    return None


def _why_not_body(line: str, evidence: Evidence, first: bool) -> str | None:
    norm = normalize(line.lstrip("-•*# ").strip().strip("|").strip())  # "| a table cell |" too
    n = nwords(line)
    if not norm or not line.strip("|-:•*# \t"):
        return "empty"  # also a table's empty row or its "|---|---|" rule
    if why := _seen_elsewhere(line, norm, n, evidence, first):
        return why
    if n <= MAX_CUE_LINE_WORDS and (kind := opens_with(line, *_LINE_CUES)):
        if kind == "share" and n > 4:
            return None
        if kind == "credit" and n > 12:
            return None
        if kind in ("comments", "newsletter") and n > 16 and _SENTENCE_END.search(line):
            return None
        return f"{kind} line"
    if n <= MAX_SOURCE_WORDS and opens_with(line, "source"):
        return "source line"  # "المصدر: دائرة الإحصاءات العامة، نوفمبر 2024" under a chart
    if n <= 12 and opens_with(line, "dateline") and (parse_date_text(line) or re.search(r"\d", line)):
        return "dateline"
    if n <= 2 * MAX_CUE_LINE_WORDS and mentions(line, "dateline") and len(_YEAR.findall(line)) >= 2 \
            and not _SENTENCE_END.search(line):
        return "date stamps"  # "12 Aug 2025 15.28 EDT First published on ... Last modified on ..."
    if n <= MAX_CUE_LINE_WORDS and labels(line, "credit") and not _SENTENCE_END.search(line):
        return "caption line"  # "Residents at the meeting - Photo: Jane Doe" (a caption with no markup of its own)
    if n <= MAX_CUE_LINE_WORDS and opens_with(line, "follow") and mentions(line, "social"):
        return "follow line"  # "Follow Northgate News on X, Facebook and Instagram."
    if n <= 2 * MAX_CUE_LINE_WORDS and opens_with(line, "views"):
        return "views disclaimer"  # "The views expressed in this column are the author's own and do not ..."
    if n <= MAX_CUE_LINE_WORDS and opens_with(line, "series") and labels(line, "series"):
        return "series line"  # "Previously on this story: <another article's headline> — Oct. 30, 2024"
    if n <= MAX_STANDARDS_WORDS and opens_with(line, "standards") and (labels(line, "standards") or n <= 4):
        return "standards line"  # "Our Standards: The Daily Trust Principles." (a label, or a bare link)
    if n <= 2 * MAX_CUE_LINE_WORDS and opens_with(line, "tip"):
        return "tip line"  # "Have a tip about city hall? Email jane@example.com or call ..."
    if n <= MAX_SUMMARY_LABEL_WORDS and opens_with(line, "summary") and not _SENTENCE_END.search(line):
        return "summary label"  # "Key Points", "ملخص سريع للخبر": its points are kept (summary.py), not it
    if n <= MAX_DEVELOPING_WORDS and opens_with(line, "developing"):
        return "developing notice"  # "This story will be updated.", "الخبر قيد التحديث، تابعونا للمزيد"
    if _INITIALS_LINE.match(line.strip()):
        return "editors' initials"  # "(الأفق) ف.ن / ر.ح", "(وام) ع.س / ح.ع": the desk's sign-off on agency copy
    if n <= MAX_BADGE_WORDS and opens_with(line, "paywall"):
        return "paywall badge"  # "Member-only story", "للمشتركين فقط" over the story
    if n <= MAX_CUE_LINE_WORDS and mentions(line, "notice"):
        return "notice line"  # "Refresh  Show key events only  Please turn on JavaScript to use this feature"
    if n <= MAX_CUE_LINE_WORDS and not _SENTENCE_END.search(line) and re.search(r"\d", line) \
            and parse_date_text(line) and (n <= 8 or nwords(strip_dates(line)) <= MAX_DATE_LINE_OTHER_WORDS):
        return "date line"  # "اللؤلؤة - وكالات | الثلاثاء 14 أكتوبر 2025 م - 22 ربيع الآخر 1447 هـ 01:10 م"
    return None


_INITIAL = r"[^\W\d_]{1,2}\.(?:\s?[^\W\d_]{1,2}\.)*\s?[^\W\d_]{1,2}\.?"  # "ف.ن", "J.D.", "A. B."
_INITIALS_LINE = re.compile(rf"^(?:\([^)]{{1,40}}\)\s*)?{_INITIAL}(?:\s*[/|,،-]\s*{_INITIAL})*$")
RIGHTS_LINES = 3  # a rights notice closes an article: only its last lines are looked at


NOTE_LINES = 3       # a note on the story closes it: only the last lines are looked at
MAX_NOTE_WORDS = 45
MAX_CREDIT_WORDS = 6
_DASHED = re.compile(r"^\s*(?:[—–]|-{1,2})\s*\S")


def _wire_credit(line: str) -> bool:
    """"— Continental News Service", "- وكالات": the article's last line, a dash and an agency's
    name, crediting the wire the story came from. A dashed name that is no agency (a reviewer's
    signature, a tweet's author) stays."""
    return bool(_DASHED.match(line)) and nwords(line) <= MAX_CREDIT_WORDS and mentions(line, "agency")


def _rights_notice(line: str) -> bool:
    """"Copyright 2024 The Associated Press. All rights reserved. This material may not be ...",
    "This copy is for your personal, non-commercial use only. ...": a rights phrase in a line
    short enough to be a notice."""
    return nwords(line) <= 2 * MAX_CUE_LINE_WORDS and mentions(line, "rights")


STANDFIRST_LINES = 3          # the standfirst stands under the headline: among the first lines
HEADLINE_LINES = 2            # the headline repeated: the first kept line, or the second after a badge
MAX_SECTION_LABEL_WORDS = 8   # "Forward-Looking Statements", "Investor Contact:": a label, not a sentence
MAX_CONTACT_LINE_WORDS = 8    # a contact's name, company, e-mail or phone number
_WIRE_FOOTER = re.compile(r"^(?:SOURCE\s+\S|View original content\b)")  # the release wire's own closing lines


def _label(line: str) -> bool:
    return nwords(line) <= MAX_SECTION_LABEL_WORDS and not _SENTENCE_END.search(line)


def _about_issuer(line: str, following: str, own_names: set[str]) -> bool:
    """"About Halvorsen Therapeutics" over "Halvorsen Therapeutics is a clinical-stage ...": a label
    naming an organisation (a proper name: capitalised where the script has capitals) whose next
    line, a sentence, opens with that name: the issuer's standard description, appended where a
    news site or a wire carries the release. On the issuer's own site (the name is one the site
    goes by: AEB's gold keeps "About my6sense" on my6sense.com) it is the page's own text.
    "About the study" over "The study ..." names nothing."""
    if not _label(line) or not (m := cue_pattern("about").match(normalize(line))):
        return False
    name = line.strip().rstrip(":：").split()[len(m.group(0).split()):]
    if not name:
        return False
    initial = name[0][:1]
    if initial.lower() != initial.upper() and not initial.isupper():  # a cased script: a capital
        return False
    first = normalize(name[0])
    head = WORD.findall(normalize(following))[:6]
    return first in head and first not in own_names and nwords(following) > MAX_SECTION_LABEL_WORDS


def _release_closing(lines: list[str], own_names: set[str]) -> dict[int, str]:
    """A press release's closing sections, in the body's second half: a legal disclaimer
    ("Forward-Looking Statements" and its paragraphs, up to the next label), the issuer's
    description ("About <issuer>" and its paragraphs, up to the next label), a contacts label
    ("Media Contact:") with the short lines after it (names, e-mails, phones), and the wire's
    own closing lines ("SOURCE <issuer>", "View original content ...")."""
    out: dict[int, str] = {}

    def section(start: int, why: str) -> int:
        """The label at `start` and the paragraphs after it, up to the next label."""
        out[start] = why
        end = start + 1
        while end < len(lines) and not _label(lines[end]):
            out[end] = why
            end += 1
        return end

    i = len(lines) // 2
    while i < len(lines):
        line = lines[i]
        if _label(line) and opens_with(line, "disclaimer"):
            i = section(i, "disclaimer")
            continue
        if _label(line) and line.rstrip().endswith((":", "：")) and opens_with(line, "contact"):
            out[i] = "contacts"
            i += 1
            while i < len(lines) and nwords(lines[i]) <= MAX_CONTACT_LINE_WORDS \
                    and not opens_with(lines[i], "disclaimer"):
                out[i] = "contacts"
                i += 1
            continue
        if i + 1 < len(lines) and _about_issuer(line, lines[i + 1], own_names):
            i = section(i, "about the issuer")
            continue
        if nwords(line) <= MAX_CUE_LINE_WORDS and _WIRE_FOOTER.match(line):
            out[i] = "wire footer"
        i += 1
    return out


def clean_lines(lines: list[str], evidence: Evidence) -> tuple[list[str], list[tuple[str, str]]]:
    """(kept lines, [(dropped line, why)]): the extracted lines that are not body go. The lines
    that only count where they close or open the article (a rights notice, the author's bio) are
    judged among the lines left once the others went: a widget's messages after the author's
    "Write to ..." line do not hide that it closes the article."""
    kept: list[tuple[int, str]] = []
    why_of: dict[int, str] = {}
    cut: list[tuple[str, str]] = []
    if evidence.shown_captions:
        for i, line in enumerate(lines):
            if at := evidence.caption_prefix(line):
                cut.append((line[:at].strip(), "caption"))
                lines = [*lines[:i], line[at:], *lines[i + 1:]]
    closing = _release_closing(lines, evidence.own_names)
    for i, line in enumerate(lines):
        # the headline stands at the top, after a label or a badge at most ("LIVE")
        why = closing.get(i) or _why_not_body(line, evidence, first=len(kept) < HEADLINE_LINES)
        if not why and i < STANDFIRST_LINES and evidence.standfirst and normalize(line) == evidence.standfirst:
            why = "standfirst"
        if why:
            why_of[i] = why
        else:
            kept.append((i, line))
    n = len(kept)
    for k, (i, line) in enumerate(kept):
        if k >= n - RIGHTS_LINES and _rights_notice(line):  # notices close an article
            why_of[i] = "rights notice"
        elif k == n - 1 and _wire_credit(line):
            why_of[i] = "wire credit"
        elif k >= n - NOTE_LINES and nwords(line) <= MAX_NOTE_WORDS and opens_with(line, "part_of"):
            why_of[i] = "series note"  # "This story is part of <outlet>'s <series>, supported by ..."
        elif (closing := k >= n - BIO_LINES) or k < BIO_LINES_BEFORE:
            if _author_bio(line, evidence, closing):
                why_of[i] = "author bio"
    return ([line for i, line in enumerate(lines) if i not in why_of],
            cut + [(lines[i], why) for i, why in sorted(why_of.items())])
