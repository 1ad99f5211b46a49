"""Article extraction: one fetched page in, a `Record` or a `Rejection` out.

trafilatura does the body; around it we add what news pages need: the site's CSS `drop`
selectors (translated to XPath and pruned by trafilatura itself), a body selector, the site's
learnt template and the rules that need no history (pipeline/extract/boilerplate.py), and the
page's own metadata (pipeline/extract/metadata.py: dates, authors, title, captions, language).

`extractor_for` is the one way to learn a site's template from a batch of its pages and build
the Extractor that uses it (a run, a preview, an evaluation, a benchmark).
"""
from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from typing import Sequence

import lxml.html
import trafilatura
from cssselect import GenericTranslator
from w3lib.encoding import html_to_unicode

from pipeline.config import ExtractionConfig, SiteConfig
from pipeline.extract.boilerplate import main_block, prune_blocks
from pipeline.extract.metadata import (LazyMetadata, byline_names, canonical_url, date_candidates, first_meta,
                                       jsonld_objects, jsonld_values, language, page_authors, page_date, page_title,
                                       selector_authors, site_names, take_captions)
from pipeline.extract.lines import Evidence, clean_lines
from pipeline.extract.lead import missed_lead
from pipeline.extract.liveblog import updates_of, with_updates
from pipeline.extract.summary import summary_points, with_summary
from pipeline.extract.templates import (BLOCK_TAGS, PageFeatures, Removal, Template, drop_element, html_tree,
                                        learn)
from pipeline.normalize import normalize, word_count as count_words
from pipeline.record import Record, RejectReason, Rejection
from pipeline.urls import doc_id_for, host_labels

_BODY_LOST = (RejectReason.NOT_ARTICLE, RejectReason.TOO_SHORT)

# Precision mode must keep at least this share of the page's paragraph text (and of a balanced
# extraction) or the balanced extraction is taken: measured on aeb-dev/fundus, 0.3-0.6 all agree.
RECALL_SHARE = 0.5
# Paragraph text (<p>) a page needs before the fast pass's result is judged against it: below
# this the page does not write its body in paragraphs and only the full pass can be trusted.
MIN_PROSE = 250
MIN_STORY_CAPTIONS = 3  # a photo story: several captioned pictures whose captions outweigh the body


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Bytes to text the way browsers (and Scrapy) do: header charset, BOM, <meta>, then guess."""
    _encoding, text = html_to_unicode(content_type, body)
    return text


def _css_to_xpath(selectors: list[str]) -> list[str]:
    return [GenericTranslator().css_to_xpath(s, prefix="descendant-or-self::") for s in selectors]


@dataclass
class _Whole:
    """What the whole page says, read before its boilerplate is pruned: metadata, the evidence
    about extracted lines that are not body (lines.Evidence), the live blog's posts, the
    article's summary points."""

    title: str | None
    date_cands: dict
    authors: list[str]
    canonical: str
    evidence: Evidence
    updates: list
    summary: list[str]
    declared_language: str
    extras: dict
    explained: list[dict]
    meta: LazyMetadata


def _parsed_once(html: str):
    """A function that parses the page again on its first call and keeps that tree."""
    trees: list = []

    def tree():
        if not trees:
            trees.append(html_tree(html))
        return trees[0]
    return tree


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
            return self._reject(url, RejectReason.TOO_LARGE,
                                f"{len(html)} characters of HTML > extract.max_page_chars {self.max_chars}")
        try:
            tree = html_tree(html)
        except (lxml.etree.ParserError, ValueError) as exc:
            return self._reject(url, RejectReason.UNPARSEABLE, str(exc)[:200])
        # One parse a page: what the whole page says (metadata, and the evidence about lines that
        # are not body) is read first; then the body's boilerplate is removed from the same tree
        # in place: the site's learnt template (when it has history), the YAML's field selectors,
        # then the rules that need no history (pipeline/extract/boilerplate.py).
        whole = self._read_whole(tree, url, html)
        found = self._target(tree, url)
        if isinstance(found, Rejection):
            return found
        target, removed = found
        result = self._extract(whole, target, url, removed, hints)
        if isinstance(result, Rejection) and result.reason in _BODY_LOST and any(r.by == "template" for r in removed) \
                and count_words(" ".join(p.text_content() for p in target.iter("p"))) >= self.min_words:
            # The template must never cost a page its whole body: what it pruned can leave trafilatura
            # nothing to hold on to (an article's header with its headline gone) while the body's
            # paragraphs are still there. Then the page is extracted again as a first page of the
            # site would be, with the rules alone. (A page whose prose the template pruned, a
            # gallery of recurring captions, stays rejected.)
            plain = html_tree(html)
            again = self._extract(whole, plain, url, self._drop_metadata_blocks(plain) + prune_blocks(plain), hints)
            if not isinstance(again, Rejection):
                again.extras["body_mode"] += "+without template"
                return again
        return result

    def _read_whole(self, tree, url: str, html: str) -> _Whole:
        """Everything read from the whole page, before it is pruned. The rare readers that need
        more of it later (trafilatura's metadata fallback; byline names, when a closing line
        reads like a bio) parse the page again."""
        title = page_title(tree)
        sitenames = site_names(tree)
        meta = LazyMetadata(tree, url, whole=lambda: html_tree(html))
        again = _parsed_once(html)
        description = first_meta(tree, ("name", "description"), ("property", "og:description"))
        authors = page_authors(tree, selector_authors(tree, self.cfg.author_selector), meta, sitenames)
        return _Whole(
            title=title,
            date_cands=date_candidates(tree, title, self.cfg.date_selector),
            authors=authors,
            canonical=canonical_url(tree, url),
            evidence=Evidence.of(tree, [title, *jsonld_values(tree, "headline")],
                                 bylines=lambda: byline_names(again()), description=description, authors=authors,
                                 own_names=[*sitenames, *host_labels(url)], url=url),
            updates=updates_of(jsonld_objects(tree)),
            summary=summary_points(tree),
            declared_language=tree.xpath("string(/html/@lang)"),
            extras={"sitename": first_meta(tree, ("property", "og:site_name")),
                    "description": description},
            explained=self._explain_drops(tree) if self.explain else [],
            meta=meta)

    def _extract(self, whole: _Whole, target, url: str, removed: list[Removal],
                 hints: dict | None = None) -> Record | Rejection:
        """The record of a page: its body from `target` (the pruned page), the rest from `whole`."""
        title = whole.title
        captions = take_captions(target)

        body_text, mode = self._body(target, url)
        if not body_text.strip():
            return self._no_body(url, title, target)

        # trafilatura's own metadata (htmldate, its title and author heuristics) costs a third of
        # an extraction; it is only asked for what the page's markup did not give.
        lines, dropped = clean_lines([" ".join(x.split()) for x in body_text.splitlines() if x.strip()],
                                     whole.evidence)
        lead, _ = clean_lines(missed_lead(target, lines, whole.authors), whole.evidence)
        if lead:  # the intro the CMS keeps in a box of its own, which trafilatura left out
            lines, mode = lead + lines, f"{mode}+{len(lead)} intro paragraphs"
        lines, points = with_summary(lines, whole.summary)
        if points:  # the article's summary points, which trafilatura leaves out
            mode = f"{mode}+{points} summary points"
        lines, live = with_updates(lines, whole.updates)
        if live:  # a live blog whose posts extraction missed: its markup lists them
            mode = f"{mode}+{live} live-blog updates"
        if len(captions) >= MIN_STORY_CAPTIONS and \
                sum(count_words(c["caption"]) for c in captions) >= sum(count_words(line) for line in lines):
            # a photo story: its captions say more than its body, they carry the story
            lines, mode = lines + [c["caption"] for c in captions], f"{mode}+{len(captions)} captions"
        title = title or whole.meta.get().title
        text = _paragraphs("\n".join(lines), title)
        word_count = count_words(text)
        if word_count < self.min_words:
            return self._too_short(url, title, text, word_count)

        choice = page_date(whole.date_cands, whole.meta, url, hints)
        lang = language(text, whole.declared_language)
        extras = self._extras(whole, captions, mode, choice, removed, dropped)
        return Record(
            doc_id=doc_id_for(url), url=url, canonical_url=whole.canonical, site=self.site_name, title=title,
            authors=whole.authors, published=choice.value, language=lang, text=text, word_count=word_count,
            content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), extras=extras)

    def _target(self, tree, url: str) -> tuple[object, list[Removal]] | Rejection:
        """What trafilatura reads, and what was removed from it: the page pruned in place, or with
        the site's body_selector only the element it picks (a Rejection when it matches nothing)."""
        if self.cfg.body_selector:
            found = tree.cssselect(self.cfg.body_selector)
            if not found:
                return self._reject(url, RejectReason.NOT_ARTICLE,
                                    f"body_selector {self.cfg.body_selector!r} matched nothing")
            # The selector is the developer's word: the template does not prune inside it.
            return _wrap_body(tree, found[0]), []
        removed = self.template.prune(tree) if self.template else []
        removed += self._drop_metadata_blocks(tree)
        removed += prune_blocks(tree)
        return tree, removed

    def _body(self, target, url: str):
        """trafilatura in precision mode; in balanced mode too when precision kept little of the page.

        Precision mode runs first without trafilatura's fallbacks (readability, jusText): on a
        page whose body it finds they cost a third of the time and change nothing, our own
        pruning has already taken what they would. That fast result is trusted only when it
        holds at least half of the page's paragraph-like text, counted as readability counts it
        (<p> and <div>s that hold text but no block, such as one <div> per answer of a Q&A), and
        the page writes some of it in <p> (old layouts write text in cells and <br> runs: the
        fast pass then finds a menu row). Otherwise precision mode runs again with the
        fallbacks, and when that keeps less than half of the <p> text, the page is extracted
        again in balanced mode, taken when more than twice as long: precision mode lost the
        body, it did not just trim a teaser. When even that keeps less than half, the body is
        likely split over several containers (Drupal's paragraphs: the body field, then each
        text component in an item of its own) and trafilatura settled on one of them by its
        class: the region that holds the page's paragraphs is extracted once more with no
        class or id to settle on (_unmarked_region), taken when more than twice as long and
        holding what was found (a comment thread longer than a short article is no such region).
        Returns (text, mode). (trafilatura copies the tree it is given: `target` is not changed.)
        """
        common = dict(url=url, include_comments=False, include_tables=True, include_images=False,
                      prune_xpath=self._prune or None, favor_precision=True)
        page_prose = sum(len(p.text_content()) for p in target.iter("p"))
        text = _text_of(trafilatura.bare_extraction(target, fast=True, **common))
        if page_prose >= MIN_PROSE and len(text) >= RECALL_SHARE * (page_prose + _div_prose(target)):
            return text, "precision"
        text = _text_of(trafilatura.bare_extraction(target, **common))
        if text and len(text) >= RECALL_SHARE * page_prose:
            return text, "precision"
        del common["favor_precision"]
        other = _text_of(trafilatura.bare_extraction(target, **common))
        text, mode = (other, "balanced") if len(text) < RECALL_SHARE * len(other) else (text, "precision")
        if text and len(text) < RECALL_SHARE * page_prose:  # (nothing found: the page is retried whole)
            region = _text_of(trafilatura.bare_extraction(_unmarked_region(target, page_prose), **common))
            if len(text) < RECALL_SHARE * len(region) and _holds(region, text):
                return region, "region"
        return text, mode

    def _drop_metadata_blocks(self, tree) -> list[Removal]:
        """The date line and byline the site YAML points at are fields, not body text."""
        out = []
        for key in ("date_selector", "author_selector"):
            sel = getattr(self.cfg, key)
            for el in tree.cssselect(sel) if sel else []:
                out.append(Removal(f"extraction.{key} {sel!r}", " ".join(el.text_content().split())[:160], 1.0, 0,
                                   by=f"extraction.{key}"))
                drop_element(el)
        return out

    def _explain_drops(self, tree) -> list[dict]:
        out = []
        for sel, xp in zip(self.cfg.drop, self._prune):
            for el in tree.xpath(xp):
                out.append({"by": "extraction.drop", "selector": sel,
                            "text": " ".join(el.text_content().split())[:160]})
        return out

    def _extras(self, whole: _Whole, captions: list[dict], mode: str, choice, removed: list[Removal],
                dropped: list[tuple[str, str]]) -> dict:
        """What the run needs beside the record's fields (the archive does not keep them), keys in
        a fixed order: page description, captions, how the body and the date were found, and
        with `explain` every removal and why."""
        extras = {**whole.extras, "captions": captions}
        extras["body_mode"] = mode
        extras["date_source"] = choice.source
        if choice.conflict:
            extras["date_conflict"] = choice.conflict
            extras["dedup_date"] = choice.anchor
        if self.explain:
            extras["removed"] = [*whole.explained, *(r.to_dict() for r in removed),
                                 *({"by": "rule", "slot": f"line: {why}", "text": line[:160]} for line, why in dropped)]
        return extras

    # ---- rejections ----------------------------------------------------------------------
    def _reject(self, url: str, reason: RejectReason, detail: str) -> Rejection:
        """A Rejection of this site's page."""
        return Rejection(url=url, site=self.site_name, reason=reason, detail=detail)

    def _no_body(self, url: str, title: str | None, target) -> Rejection:
        """trafilatura found no body: a Rejection that still says what the page holds."""
        rejection = self._reject(url, RejectReason.NOT_ARTICLE, "no article body found")
        # what a plain text dump of the page holds, so a preview shows why nothing was kept
        rejection.found = {"title": title, "text": trafilatura.html2txt(target)[:5000]}
        return rejection

    def _too_short(self, url: str, title: str | None, text: str, word_count: int) -> Rejection:
        """Fewer words than min_words: a Rejection that still carries the text found."""
        rejection = self._reject(url, RejectReason.TOO_SHORT, f"{word_count} words < {self.min_words}")
        rejection.found = {"title": title, "text": text, "word_count": word_count}  # for the preview
        return rejection


REGION_SHARE = 0.8  # the region of a split body holds this share of the page's <p> text


def _holds(longer: str, shorter: str) -> bool:
    """Does `longer` hold every line of `shorter`?"""
    whole = " ".join(longer.split())
    return all(" ".join(line.split()) in whole for line in shorter.splitlines() if line.strip())


def _unmarked_region(tree, page_prose: int):
    """A copy of the smallest element around the page's main prose that holds most of its <p>
    text, without class and id attributes, in a page of its own."""
    region = main_block(tree)
    while region is not None and region.getparent() is not None and \
            sum(len(p.text_content()) for p in region.iter("p")) < REGION_SHARE * page_prose:
        region = region.getparent()
    region = copy.deepcopy(region if region is not None else tree)
    for el in region.iter():
        if isinstance(el.tag, str):
            el.attrib.pop("class", None)
            el.attrib.pop("id", None)
    page = lxml.html.fromstring("<html><body></body></html>")
    page.find("body").append(region)
    return page


# what makes a <div> no paragraph of its own: the page's block tags (a stray <li> aside), and <pre>
_BLOCKS = frozenset(BLOCK_TAGS - {"li"} | {"pre"})


def _div_prose(tree) -> int:
    """Text in <div>s that hold no block, the paragraphs readability makes of them ("misused
    divs"), counting those of 25 characters or more as it does."""
    total = 0
    for div in tree.iter("div"):
        if not any(child.tag in _BLOCKS for child in div):
            n = len(div.text_content().strip())
            total += n if n >= 25 else 0
    return total


def _text_of(doc) -> str:
    """A trafilatura document's text ("" when it found none)."""
    return (doc.text or "") if doc is not None else ""


# A paragraph that only credits a source ("عن: اسوشيتدبرس", "المصدر : الجزيرة + رويترز").
_CREDIT_LINE = re.compile(r"^(?:عن|المصدر|نقلا عن|source|via)\s*[:：]\s*\S.{0,60}$", re.IGNORECASE)


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


def _features(pages: list[str | bytes]) -> list[PageFeatures]:
    feats = []
    for html in pages:
        if isinstance(html, bytes):
            html = decode_html(html)
        try:
            feats.append(PageFeatures(html_tree(html)))
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
    return _history_template(ctx.catalog, site, _batch_template(pages, context), save)


def _batch_template(pages: Sequence[str | bytes], context: Sequence[str | bytes]) -> Template:
    """What one batch teaches; nothing from fewer than two pages (recurrence needs two)."""
    return learn_template(list(pages), list(context)) if len(pages) + len(context) >= 2 else Template()


def _history_template(catalog, site: str, run: Template, save: bool) -> Template:
    """`run` merged into the site's template history in the catalog (and, with `save` and at
    least 3 pages, its slot statistics added to that history). `catalog`: its URL, or a Catalog
    the caller has open (a stage opens its catalog once)."""
    from pipeline.store.catalog import Catalog

    if not isinstance(catalog, Catalog):
        with Catalog(catalog) as opened:
            return _history_template(opened, site, run, save)
    history = Template.from_rows(catalog.template_rows(site))
    if save and run.pages >= 3:
        catalog.add_template_rows(site, [r for r in run.to_rows() if r["pages"] >= 2])
    return history.merge(run)


def extractor_for(site: SiteConfig | None, pages: Sequence[str | bytes] = (), context: Sequence[str | bytes] = (),
                  *, catalog=None, save: bool = False, min_words: int = 40,
                  max_chars: int = 5_000_000, explain: bool = False) -> Extractor:
    """The Extractor for a batch of one site's pages: its template learnt first, as a run does.

    `pages`: the site's pages to learn from (a run's sample of articles and its sibling pages);
    `context`: its home and listing pages, which teach its chrome but hold no article.
    `catalog`: the catalog (its URL, or an open Catalog) whose template history for the site is
    merged in (site_template);
    with `save`, this batch's slot statistics are added to it (a run saves; a preview does not).
    Without a catalog the template is what the batch alone teaches (evaluations, benchmarks).
    A batch of fewer than two pages teaches nothing. `min_words`, `max_chars`, `explain`: the
    Extractor's (extract.min_words and extract.max_page_chars in a run).
    """
    template = _batch_template(pages, context)
    if catalog is not None:
        if site is None:
            raise ValueError("a template history belongs to a site: catalog given without one")
        template = _history_template(catalog, site.name, template, save)
    elif save:
        raise ValueError("save adds to a catalog's template history: give the catalog")
    return Extractor(site, min_words, template=template, explain=explain, max_chars=max_chars)
