"""Article extraction: one fetched page in, a `Record` or a `Rejection` out.

trafilatura does the body and most metadata; around it we add what news pages need: the site's
CSS `drop` selectors (translated to XPath and pruned by trafilatura itself), a body selector,
dates from JSON-LD / meta / <time> / the site's date selector / Arabic words, bylines cleaned of
"By" and "ترجمة:", titles without the site-name suffix, and language detection.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
from urllib.parse import urljoin

import lxml.html
import py3langid
import trafilatura
from cssselect import GenericTranslator
from w3lib.encoding import html_to_unicode

from pipeline.extract.boilerplate import Evidence, clean_lines, prune_blocks
from pipeline.config import ExtractionConfig, SiteConfig
from pipeline.extract.dates import parse_date_text
from pipeline.normalize import normalize
from pipeline.extract.pubdate import publication_date, url_date
from pipeline.record import Record, RejectReason, Rejection
from pipeline.urls import doc_id_for
from pipeline.extract.templates import PageFeatures, Removal, Template, drop_element, learn

_META_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                   "publishdate", "date", "dc.date.issued", "dc.date", "sailthru.date",
                   "parsely-pub-date", "publication_date", "original-publish-date")
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|written by|reporting by|بقلم|كتب|كتبت|ترجمة|إعداد|اعداد|تحرير|متابعة|عن|المصدر|تقرير)\s*[:：\-–]?\s*",
    re.IGNORECASE)
# "بغداد/ علي الكاتب", "BAGHDAD - Jane Doe": a one-word dateline before the name.
_BYLINE_DATELINE = re.compile(r"^\s*[^\s/]{2,20}\s*[/–-]\s+(?=\S)")
# Agency credits are provenance, not authors: kept out of `authors`.
_AGENCIES = {normalize(a) for a in (
    "وكالات", "وكالات الأنباء", "رويترز", "اسوشيتدبرس", "أسوشيتد برس", "فرانس برس", "أ ف ب", "الأناضول",
    "واع", "الجزيرة", "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "dpa", "UPI",
    "Xinhua", "Bloomberg", "Anadolu", "Agencies", "wire services")}
# Precision mode must keep at least this share of the page's paragraph text (and of a balanced
# extraction) or the balanced extraction is taken: measured on aeb-dev/fundus, 0.3-0.6 all agree.
RECALL_SHARE = 0.5
_TITLE_SEPARATORS = (" | ", " :: ", " - ", " – ", " — ", " « ", " » ")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes to text the way browsers (and Scrapy) do: header charset, BOM, <meta>, then guess."""
    _encoding, text = html_to_unicode(content_type, body)
    return text


def _css_to_xpath(selectors: list[str]) -> list[str]:
    return [GenericTranslator().css_to_xpath(s, prefix="descendant-or-self::") for s in selectors]


class Extractor:
    """Extraction for one site; cheap to build, reused for every page of a run."""

    def __init__(self, site: SiteConfig | None = None, min_words: int = 40, template: Template | None = None,
                 explain: bool = False, max_chars: int = 5_000_000):
        self.site_name = site.name if site else ""
        self.cfg: ExtractionConfig = site.extraction if site else ExtractionConfig()
        self.expected_language = site.language if site else None
        self.min_words = self.cfg.min_words or min_words
        self._prune = _css_to_xpath(self.cfg.drop)
        # The site's learnt template (pipeline.extract.templates): recurring blocks are removed from the
        # page before trafilatura sees it. Empty = plain trafilatura + the YAML help.
        self.template = template or Template()
        self.explain = explain  # record what was removed and why in extras["removed"]
        self.max_chars = max_chars  # extract.max_page_chars

    def extract(self, html: str | bytes, url: str, hints: dict | None = None) -> Record | Rejection:
        """One page. `hints`: what discovery knew ({"discovered": the sitemap/feed entry's date})."""
        if isinstance(html, bytes):
            html = decode_html(html)
        if len(html) > self.max_chars:
            return Rejection(url=url, site=self.site_name, reason=RejectReason.TOO_LARGE,
                             detail=f"{len(html)} characters of HTML > extract.max_page_chars {self.max_chars}")
        try:
            tree = lxml.html.fromstring(html)
        except (lxml.etree.ParserError, ValueError) as exc:
            return Rejection(url=url, site=self.site_name, reason=RejectReason.UNPARSEABLE, detail=str(exc)[:200])
        # Metadata is read from the whole page; the body from a copy with boilerplate removed:
        # the site's learnt template (when it has history), the YAML's field selectors, then the
        # rules that need no history (pipeline/boilerplate.py).
        pruned = lxml.html.fromstring(html)  # parsing again is cheaper than copy.deepcopy
        removed = self.template.prune(pruned) if self.template else []
        removed += self._drop_metadata_blocks(pruned)
        removed += prune_blocks(pruned)
        return self._extract(tree, url, (pruned, removed), hints)

    def _extract(self, tree, url: str, pruned, hints: dict | None = None) -> Record | Rejection:
        """`tree`: the whole page (metadata); `pruned`: (page without template blocks, removals) or None."""

        # Metadata first, from the whole page (dropped blocks may hold nothing we want, but the
        # date selector might sit inside a header the drop list removes).
        title = self._title(tree)
        date_cands = self._date_candidates(tree, title)
        authors = self._selector_authors(tree)
        canonical = self._canonical(tree, url)

        target, removed = pruned if pruned is not None else (tree, [])
        if self.cfg.body_selector:
            found = tree.cssselect(self.cfg.body_selector)
            if not found:
                return Rejection(url=url, site=self.site_name, reason=RejectReason.NOT_ARTICLE,
                                 detail=f"body_selector {self.cfg.body_selector!r} matched nothing")
            # The selector is the developer's word: the template does not prune inside it.
            target, removed = _wrap_body(tree, found[0]), []
        captions = take_captions(target)

        body_text, mode = self._body(target, url)
        if not body_text.strip():
            rejection = Rejection(url=url, site=self.site_name, reason=RejectReason.NOT_ARTICLE, detail="no article body found")
            # what a plain text dump of the page holds, so a preview shows why nothing was kept
            rejection.found = {"title": title, "text": trafilatura.html2txt(target)[:5000]}
            return rejection

        # trafilatura's own metadata (htmldate, its title and author heuristics) costs a third of
        # an extraction; it is only asked for what the page's markup did not give.
        meta = _LazyMetadata(tree, url)
        sitenames = _site_names(tree, _first(tree, "//meta[@property='og:site_name']/@content"))
        evidence = Evidence.of(tree, [title, *_jsonld_values(tree, "headline")])
        lines, dropped = clean_lines([" ".join(x.split()) for x in body_text.splitlines() if x.strip()], evidence)
        title = title or meta.get().title
        text = _paragraphs("\n".join(lines), title)
        word_count = len(re.findall(r"[^\W_]+", text))
        if word_count < self.min_words:
            rejection = Rejection(url=url, site=self.site_name, reason=RejectReason.TOO_SHORT,
                                  detail=f"{word_count} words < {self.min_words}")
            rejection.found = {"title": title, "text": text, "word_count": word_count}  # for the preview
            return rejection

        # What the page itself marks as the byline comes before trafilatura's guess: trafilatura
        # saw the pruned page, where a byline that recurs (an author's name on many pages) may
        # be gone and an author's bio box may look like one.
        if not authors:
            authors = _jsonld_authors(tree) or _marked_byline(tree)
        if not authors and meta.get().author:
            authors = _clean_authors(re.split(r";|,| and | و ", meta.get().author))
        if not authors:
            authors = _visible_byline(tree)
        authors = [a for a in authors if not _is_staff_credit(a, sitenames)]
        if not any(date_cands.values()):
            date_cands["htmldate"] = meta.get().date
        choice = publication_date(date_cands, {"url": url_date(url), "discovery": (hints or {}).get("discovered")})
        published = choice.value
        language = _language(text, tree)
        extras = {"sitename": _first(tree, "//meta[@property='og:site_name']/@content"),
                  "description": _first(tree, "//meta[@name='description']/@content | "
                                              "//meta[@property='og:description']/@content"),
                  "captions": captions}
        extras["body_mode"] = mode
        extras["date_source"] = choice.source
        if choice.conflict:
            extras["date_conflict"] = choice.conflict
            extras["dedup_date"] = choice.anchor
        if self.explain:
            extras["removed"] = [*self._explain_drops(tree), *(r.to_dict() for r in removed),
                                 *({"by": "rule", "slot": f"line: {why}", "text": line[:160]} for line, why in dropped)]
        return Record(
            doc_id=doc_id_for(url), url=url, canonical_url=canonical, site=self.site_name, title=title, authors=authors,
            published=published, language=language, text=text, word_count=word_count,
            content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), extras=extras)

    def _body(self, target, url: str):
        """trafilatura in precision mode; in balanced mode too when precision kept little of the page.

        Precision mode drops more boilerplate but sometimes most of the article (live blogs,
        unusual markup). When it keeps less than half of the page's paragraph text, the page is
        extracted again in balanced mode, and the balanced result is taken when it is more than
        twice as long: precision mode lost the body, it did not just trim a teaser.
        Returns (text, mode). (trafilatura copies the tree it is given: `target` is not changed.)
        """
        common = dict(url=url, include_comments=False, include_tables=True, include_images=False,
                      prune_xpath=self._prune or None)
        doc = trafilatura.bare_extraction(target, favor_precision=True, **common)
        text = (doc.text or "") if doc is not None else ""
        page_prose = sum(len(p.text_content()) for p in target.iter("p"))
        if len(text) >= RECALL_SHARE * page_prose:
            return text, "precision"
        balanced = trafilatura.bare_extraction(target, **common)
        other = (balanced.text or "") if balanced is not None else ""
        if len(text) < RECALL_SHARE * len(other):
            return other, "balanced"
        return text, "precision"

    def _drop_metadata_blocks(self, tree) -> list[Removal]:
        """The date line and byline the site YAML points at are fields, not body text."""
        out = []
        for key in ("date_selector", "author_selector"):
            sel = getattr(self.cfg, key)
            for el in tree.cssselect(sel) if sel else []:
                out.append(Removal(f"extraction.{key} {sel!r}", " ".join(el.text_content().split())[:160], 1.0, 0))
                drop_element(el)
        return out

    def _explain_drops(self, tree) -> list[dict]:
        out = []
        for sel, xp in zip(self.cfg.drop, self._prune):
            for el in tree.xpath(xp):
                out.append({"by": "extraction.drop", "selector": sel,
                            "text": " ".join(el.text_content().split())[:160]})
        return out

    # ---- metadata -------------------------------------------------------------------------
    def _date_candidates(self, tree, title: str | None) -> dict[str, str | None]:
        """What the page itself says about its date, one candidate per source (pipeline/pubdate.py)."""
        cands: dict[str, str | None] = {"jsonld": _jsonld_date(tree), "meta": _meta_date(tree)}
        if self.cfg.date_selector:
            for el in tree.cssselect(self.cfg.date_selector):
                value = el.get("datetime") or el.get("content") or el.text_content()
                if parsed := _iso_or_words(value):
                    cands["selector"] = parsed
                    break
        cands["time_near_title"] = _time_near_title(tree)
        cands["visible"] = _visible_date(tree, title)
        for xp in ("//article//time[@datetime]", "//main//time[@datetime]"):
            if times := tree.xpath(xp):
                cands["time_article"] = _iso_or_words(times[0].get("datetime"))
                break
        else:
            # a page with a single <time> anywhere: there is no teaser it could belong to
            times = tree.xpath("//body//time[@datetime]")
            if len(times) == 1:
                cands["time_article"] = _iso_or_words(times[0].get("datetime"))
        return cands

    def _selector_authors(self, tree) -> list[str]:
        if not self.cfg.author_selector:
            return []
        return _clean_authors(el.text_content() for el in tree.cssselect(self.cfg.author_selector))

    @staticmethod
    def _canonical(tree, url: str) -> str:
        for href in tree.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"):
            href = href.strip()
            if href:
                return urljoin(url, href)
        return url

    def _title(self, tree) -> str | None:
        candidates = [*tree.xpath("//meta[@property='og:title']/@content"), *_jsonld_values(tree, "headline")]
        h1 = tree.xpath("//h1")
        if h1:
            candidates.append(h1[0].text_content())
        candidates += tree.xpath("//title/text()")
        for cand in candidates:
            cand = " ".join((cand or "").split())
            if cand:
                return strip_site_suffix(cand)
        return None


class _LazyMetadata:
    """trafilatura's metadata of the whole page, computed on first use only."""

    def __init__(self, tree, url: str):
        self.tree, self.url, self._doc = tree, url, None

    def get(self):
        if self._doc is None:
            from trafilatura.metadata import extract_metadata

            try:
                self._doc = extract_metadata(copy.deepcopy(self.tree), self.url,
                                             {"extensive_search": False, "original_date": True})
            except Exception:  # noqa: BLE001 - a metadata fallback must never fail the page
                self._doc = None
            if self._doc is None:
                from trafilatura.settings import Document

                self._doc = Document()
        return self._doc


def _first(tree, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        value = " ".join(str(value).split())
        if value:
            return value
    return None


def _features(pages: list[str | bytes]) -> list[PageFeatures]:
    feats = []
    for html in pages:
        if isinstance(html, bytes):
            html = decode_html(html)
        try:
            feats.append(PageFeatures(lxml.html.fromstring(html)))
        except (lxml.etree.ParserError, ValueError):
            continue  # an unparseable page teaches nothing; extract() rejects it with the reason
    return feats


def learn_template(pages: list[str | bytes], context: list[str | bytes] = ()) -> Template:
    """A template from a batch of one site's pages (HTML): what a run learns before extracting.

    `context`: the site's home and listing pages, which teach its chrome but hold no article."""
    return learn(_features(pages), _features(context))


def site_template(ctx, site: str, pages: list[str | bytes] = (), save: bool = False,
                  context: list[str | bytes] = ()) -> Template:
    """The site's template: its history in the catalog plus what `pages` (one run's) teach.

    `context`: home and listing pages of the site (see learn_template).
    `save`: add this batch's slot statistics to the catalog (a run does; a preview does not).
    A batch of fewer than 3 pages is used but not saved: it says little about recurrence.
    """
    from pipeline.store.catalog import Catalog

    run = learn_template(list(pages), list(context)) if len(pages) + len(context) >= 2 else Template()
    with Catalog(ctx.catalog) as catalog:
        history = Template.from_rows(catalog.template_rows(site))
        if save and run.pages >= 3:
            catalog.add_template_rows(site, [r for r in run.to_rows() if r["pages"] >= 2])
    return history.merge(run)


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


# A paragraph that only credits a source ("عن: اسوشيتدبرس", "المصدر : الجزيرة + رويترز").
_CREDIT_LINE = re.compile(r"^(?:عن|المصدر|نقلا عن|source|via)\s*[:：]\s*\S.{0,60}$", re.IGNORECASE)
_STAFF_WORDS = {"مراسل", "مراسلو", "محرر", "قسم", "فريق", "staff", "correspondent", "reporter", "desk", "team"}


def _paragraphs(text: str, title: str | None = None) -> str:
    """trafilatura joins paragraphs with one newline; the record wants a blank line.

    Also drops what is not body: the headline repeated as the first line, and source-credit
    lines at either end (kept as metadata by the page, not text).
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and normalize(lines[0]) == normalize(title):
        lines = lines[1:]
    while lines and _CREDIT_LINE.match(lines[-1]):
        lines.pop()
    while lines and _CREDIT_LINE.match(lines[0]):
        lines.pop(0)
    return "\n\n".join(lines)


def _site_names(tree, sitename: str | None) -> list[str]:
    names = [sitename or "", *tree.xpath("//meta[@property='og:site_name']/@content"),
             *tree.xpath("//meta[@name='application-name']/@content")]
    title = " ".join(tree.xpath("string(//title)").split())
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
    out = []
    for name in names:
        name = _BYLINE_PREFIX.sub("", " ".join((name or "").split()))
        name = _BYLINE_DATELINE.sub("", name).strip(" -–|،,")
        if name and name not in out and len(name) < 80 and normalize(name) not in _AGENCIES:
            out.append(name)
    return out


# A visible byline: "بقلم: سارة الجبوري | 2019-03-14", "By Jane Doe, Baghdad".
# It opens the element or follows a separator ("Posted: 14 March 2009 | By Peter Hale").
_VISIBLE_BYLINE = re.compile(r"(?:^|[|•·]\s*)(?:بقلم|كتب|كتبت|ترجمة|إعداد|اعداد|By)\s*[:：]?\s+([^|•·،,\d]{3,60})",
                             re.IGNORECASE)


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
    for obj in _jsonld_objects(tree):
        if "Article" not in str(obj.get("@type", "")):
            continue
        found = obj.get("author")
        for a in found if isinstance(found, list) else [found]:
            if isinstance(a, dict) and "Person" in str(a.get("@type", "Person")) and a.get("name"):
                names.append(str(a["name"]))
            elif isinstance(a, str):
                names.append(a)
    return _clean_authors(names)


def _marked_byline(tree) -> list[str]:
    """A short element the page marks as the author (itemprop, rel, or a class naming it)."""
    xp = ("//body//*[@itemprop='author' or @rel='author' or contains(translate(@class, 'AUTHORBYLINE',"
          " 'authorbyline'), 'author') or contains(translate(@class, 'BYLINE', 'byline'), 'byline')]"
          "[not(ancestor-or-self::*[contains(translate(@class, 'COMMENT', 'comment'), 'comment')"
          " or contains(translate(@id, 'COMMENT', 'comment'), 'comment')])]")
    for el in tree.xpath(xp):
        text = " ".join(el.text_content().split())
        if 2 < len(text) < 60:
            return _clean_authors([text])
    return []


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


def _visible_date(tree, title: str | None = None) -> str | None:
    """A date written in words under the headline ("الأحد ٢٧ أيلول ٢٠١٥ - ٠٩:٤٠ م", "27 September 2015").

    Only the few short elements right after the <h1> are read: teasers' dates come further down
    (after the body) or in a rail before the headline, and are never taken.
    """
    anchor = next(iter(tree.xpath("//body//h1")), None)
    if anchor is None and title:  # no <h1>: the element that shows the headline
        want = normalize(title)
        anchor = next((el for el in tree.xpath("//body//*[not(self::script)]")
                       if len(el.text_content()) < 400 and normalize(" ".join(el.text_content().split())) == want), None)
    if anchor is None:
        return None
    seen = 0
    for el in anchor.xpath("following::*"):
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = " ".join(el.text_content().split())
        if not text:
            continue
        seen += 1
        if seen > 12 or len(text) > 300:  # reached the body: no visible date under the headline
            return None
        if len(text) <= 120 and (parsed := parse_date_text(text)):
            return parsed
    return None


def _time_near_title(tree) -> str | None:
    """A <time datetime> in the few elements right after the <h1>: the article's own dateline."""
    h1 = next(iter(tree.xpath("//body//h1")), None)
    if h1 is None:
        return None
    for i, el in enumerate(h1.itersiblings()):
        if i >= 6:
            break
        found = el.xpath("descendant-or-self::time[@datetime]")
        if found:
            return _iso_or_words(found[0].get("datetime"))
    parent = h1.getparent()  # <header><h1/></header><div class="meta"><time/></div>
    for i, el in enumerate(parent.itersiblings() if parent is not None else []):
        if i >= 3:
            break
        found = el.xpath("descendant-or-self::time[@datetime]")
        if found and len(el.text_content()) < 400:
            return _iso_or_words(found[0].get("datetime"))
    return None


def _language(text: str, tree) -> str | None:
    lang, _score = py3langid.classify(text[:2000])  # cost is linear in length; 2,000 chars decide
    if lang:
        return lang
    declared = tree.xpath("string(/html/@lang)").strip()
    return declared.split("-")[0].lower() or None


def _iso_or_words(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", value) else value
    return parse_date_text(value)


def _jsonld_objects(tree):
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


def _jsonld_values(tree, key: str) -> list[str]:
    return [str(o[key]) for o in _jsonld_objects(tree)
            if key in o and "Article" in str(o.get("@type", "")) + "Article" * ("@type" not in o)]


def _jsonld_date(tree) -> str | None:
    for value in _jsonld_values(tree, "datePublished"):
        if parsed := _iso_or_words(value):
            return parsed
    return None


def _meta_date(tree) -> str | None:
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS:
            if parsed := _iso_or_words(meta.get("content")):
                return parsed
    return None


def _wrap_body(tree, body_el):
    """A page with the original <head> (metadata) and only the chosen body element."""
    html = lxml.html.Element("html")
    head = tree.find("head")
    if head is not None:  # copies: appending would move them out of the page we still read
        html.append(copy.deepcopy(head))
    body = lxml.html.Element("body")
    body.append(copy.deepcopy(body_el))
    html.append(body)
    return html
