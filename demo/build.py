#!/usr/bin/env python3
"""(Re)generate the bundled demo news sites under demo/sites/ (standard library only).

    python demo/build.py

Output is deterministic (fixed dates, seeded choices, no clock). Each site gets:
  demo/sites/<name>/site.json                      served-site metadata (read by demo.server)
  demo/sites/<name>/www/...                        the static site
  <page stem>.gold.json beside every article-like page
and demo/sites/MANIFEST.json lists every article-like page.
Texts live in demo/content/ (seeds from /work/shared/seeds adapted, the rest written for the demo).
"""
from __future__ import annotations

import hashlib
import html
import json
import random
import re
import shutil
import struct
import sys
import zlib
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from content import ar_articles, ar_wires, chrome, en_articles, nahrain  # noqa: E402

SITES_DIR = HERE / "sites"
PH = "@BASE_URL@"  # replaced by demo.server with the base URL the client used

SITE_META = {
    "almada": dict(name="almada", port_offset=1, language="ar", encoding="utf-8", title="جريدة المدى",
                   hostname="www.almada.test", timezone="+03:00",
                   flaky={"/2015/10/02/mutanabbi-street-friday-books/": 1}, flaky_status=503,
                   server="Apache/2.4.18 (Ubuntu)"),
    "rafidain": dict(name="rafidain", port_offset=2, language="ar", encoding="windows-1256",
                     title="جريدة الرافدين", hostname="www.rafidain.test", timezone="+03:00",
                     query_routes={"/news.php": ["id"], "/archive.php": ["cat", "page"], "/page.php": ["p"]},
                     server="Apache/2.2.22 (Win32) PHP/5.2.17"),
    "sawt": dict(name="sawt", port_offset=3, language="ar", encoding="utf-8", title="صوت بغداد",
                 hostname="www.sawt.test", timezone="+03:00", query_routes={"/latest": ["page"]},
                 server="nginx"),
    "tigris": dict(name="tigris", port_offset=4, language="en", encoding="utf-8", title="The Tigris Times",
                   hostname="www.tigris.test", timezone="+00:00",
                   flaky={"/news/2015/09/obama-putin-un-syria.html": 1}, flaky_status=429,
                   server="nginx/1.4.6 (Ubuntu)"),
    "nahrain": dict(name="nahrain", port_offset=5, language="ar", encoding="utf-8", title="نهرين نيوز",
                    hostname="www.nahrain.test", timezone="+03:00", server="cloudflare",
                    hard="utility classes only; ticker, share bar, read-also, newsletter, tags, long teasers "
                         "and comments inside <article>; dates only in Arabic words"),
}
SITE_META["rafidain"]["hard"] = "table-and-<br> layout, <font> markup, windows-1256, dates only in Arabic words"
SITE_META["sawt"]["hard"] = "hashed class names; read-also card, promo and teasers inside <article>"
NON_PERSON = {"مراسل الرافدين", "صوت بغداد", "قسم التحقيقات"}

AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر"]
LEV_MONTHS = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
              "تشرين الثاني", "كانون الأول"]
AR_DAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def e(s: str) -> str:
    return html.escape(s, quote=False)


def ea(s: str) -> str:
    return html.escape(s, quote=True)


def indic(s) -> str:
    return str(s).translate(_INDIC)


def h12(dt: datetime) -> tuple[str, str]:
    hour = dt.hour % 12 or 12
    return f"{hour:02d}:{dt.minute:02d}", ("ص" if dt.hour < 12 else "م")


# ---- spelling variants for wire copies ---------------------------------------------------------
HAMZIFY = {
    "اركان": "أركان", "الاميركية": "الأميركية", "اكبر": "أكبر", "ايران": "إيران", "ابو": "أبو",
    "احزاب": "أحزاب", "اعادة": "إعادة", "ابرمت": "أبرمت", "اثنى": "أثنى", "اسلحة": "أسلحة", "ايضا": "أيضا",
    "اهمية": "أهمية", "اطار": "إطار", "اخرى": "أخرى", "اعقاب": "أعقاب", "اعطت": "أعطت", "اشارات": "إشارات",
    "او": "أو", "وايران": "وإيران", "اخراج": "إخراج", "الاميركية": "الأميركية", "الاعمال": "الأعمال",
    "الابواب": "الأبواب", "اتلفت": "أتلفت", "اخبرت": "أخبرت", "الاميركان": "الأميركان", "لاعادة": "لإعادة",
    "الاركان": "الأركان", "الاوسط": "الأوسط", "اقر": "أقر", "الاميركي": "الأميركي", "الى": "إلى",
}
EN_US = {"centre": "center", "analyse": "analyze", "defence": "defense", "Defence": "Defense"}
EN_GB = {"Defense": "Defence", "authorized": "authorised", "signaled": "signalled"}


def _words(text: str, mapping: dict) -> str:
    for old, new in mapping.items():
        text = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)
    return text


def respell(text: str, kinds) -> str:
    for kind in kinds:
        if kind == "hamza":
            text = text.replace("أ", "ا").replace("إ", "ا")
        elif kind == "ya":
            text = re.sub(r"ى(?!\w)", "ي", text)
        elif kind == "hamzify":
            text = _words(text, HAMZIFY)
        elif kind == "en_us":
            text = _words(text, EN_US)
        elif kind == "en_gb":
            text = _words(text, EN_GB)
        elif isinstance(kind, tuple) and kind[0] == "ta":
            for w in kind[1]:
                assert w.endswith("ة"), w
                text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", w[:-1] + "ه", text)
        else:
            raise ValueError(f"unknown spelling variant {kind!r}")
    return text


def wire_copy(base: list[str], spec: dict) -> list[str]:
    paras = list(base)
    drop = int(spec.get("drop_last") or 0)
    for old, new in spec.get("edits") or []:
        hits = [i for i, p in enumerate(paras) if old in p]
        assert len(hits) == 1, (spec["path"], old, hits)
        assert hits[0] < len(paras) - drop, (spec["path"], "edit in a dropped paragraph")
        paras[hits[0]] = paras[hits[0]].replace(old, new, 1)
    if drop:
        paras = paras[:-drop]
    paras = [respell(p, spec.get("spelling") or []) for p in paras]
    if spec.get("dateline"):
        paras[0] = f"{spec['dateline']} {paras[0]}"
    return paras


# ---- articles ---------------------------------------------------------------------------------
class Art:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def is_article(self) -> bool:
        return self.expect == "article"

    def __repr__(self):
        return f"<Art {self.site} {self.path}>"


def load_articles() -> dict[str, list[Art]]:
    wires = {**ar_wires.WIRES, **en_articles.WIRES}
    by_site = {"almada": ar_articles.ALMADA, "rafidain": ar_articles.RAFIDAIN, "sawt": ar_articles.SAWT,
               "tigris": en_articles.TIGRIS, "nahrain": nahrain.ARTICLES}
    out: dict[str, list[Art]] = {}
    for site, specs in by_site.items():
        tz = SITE_META[site]["timezone"]
        lang = SITE_META[site]["language"]
        arts = []
        for n, spec in enumerate(specs):
            dt = datetime.strptime(spec["dt"], "%Y-%m-%dT%H:%M")
            kind = spec.get("kind", "article")
            wire = spec.get("wire")
            if wire:
                w = wires[wire]
                assert w["lang"] == lang
                paras, story = wire_copy(w["paras"], spec), w["story"]
            else:
                paras, story = list(spec.get("paras") or []), spec.get("story")
            byline = spec.get("byline")
            authors = [byline[1]] if byline and byline[1] not in NON_PERSON else []
            date_only = bool(spec.get("date_only"))
            published = dt.strftime("%Y-%m-%d") if date_only else dt.strftime("%Y-%m-%dT%H:%M:00") + tz
            if kind == "removed":
                published = None  # the soft-404 page shows no date
            caps = (chrome.AR_CAPTIONS if lang == "ar" else chrome.EN_CAPTIONS)
            captions = list(caps.get(story) or caps[None])
            arts.append(Art(
                site=site, n=n, path=spec["path"], title=spec["title"], dt=dt, published=published,
                date_only=date_only, byline=byline, credit=spec.get("credit"), authors=authors,
                paras=paras, story=story, wire=wire, section=spec.get("section"), kind=kind,
                expect=spec.get("expect", "article"), short=spec.get("short", ""), lang=lang,
                captions=captions,
            ))
        out[site] = arts
    return out


def excerpt(a: Art, long: bool = False) -> str:
    """Teaser text of an article: its first paragraph; a long teaser runs into the second one."""
    if not a.paras:
        return a.short
    first = a.paras[0]
    if not long or len(a.paras) < 2:
        return first
    more = a.paras[1].split()
    return f"{first} {' '.join(more[:22])} […]"


def listed(arts: list[Art]) -> list[Art]:
    """Pages that listings, feeds and sitemaps show: everything but robots-disallowed pages, newest first."""
    return sorted((a for a in arts if a.expect != "robots"), key=lambda a: a.dt, reverse=True)


def pick_related(a: Art, arts: list[Art], rng: random.Random, k: int = 3) -> list[Art]:
    pool = [b for b in arts if b is not a and b.is_article and (a.wire is None or b.wire != a.wire)]
    same = [b for b in pool if a.story and b.story == a.story]
    other = [b for b in pool if b not in same]
    rng.shuffle(same)
    rng.shuffle(other)
    return (same + other)[:k]


def pick_most_read(a: Art | None, arts: list[Art], rng: random.Random, k: int = 5) -> list[Art]:
    pool = [b for b in arts if b is not a and b.is_article]
    return rng.sample(pool, min(k, len(pool)))


def pick_comments(lang: str, rng: random.Random) -> list[tuple[str, str]]:
    texts = chrome.AR_COMMENTS if lang == "ar" else chrome.EN_COMMENTS
    names = chrome.AR_COMMENTERS if lang == "ar" else chrome.EN_COMMENTERS
    k = rng.randint(2, 5)
    return list(zip(rng.sample(names, k), rng.sample(texts, k)))


class Page:
    """Collects the boilerplate strings a page shows (they go into the gold file)."""

    def __init__(self):
        self.bp: list[str] = []

    def b(self, s: str) -> str:
        if s and s not in self.bp:
            self.bp.append(s)
        return e(s)


def sawt_cls(label: str) -> str:
    """A hashed class name like `_3fa9c1` (hex only, so it can never spell a telling word)."""
    return "_" + hashlib.sha1(f"sawt:{label}".encode()).hexdigest()[:6]


def png(w: int, h: int, rgb: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def photo(site: str, a: Art, i: int) -> str:
    k = int(hashlib.sha1(f"{site}{a.path}{i}".encode()).hexdigest(), 16) % 8 + 1
    return {"almada": f"/wp-content/uploads/photo-{k:02d}.png", "rafidain": f"/images/news/{k}.png",
            "sawt": f"/_next/image/p{k}.png", "tigris": f"/static/img/photo-{k:02d}.png"}[site]


# ---- writing ----------------------------------------------------------------------------------
class Writer:
    def __init__(self, site: str):
        self.site = site
        self.meta = SITE_META[site]
        self.root = SITES_DIR / site
        self.www = self.root / "www"
        self.encoding = {"windows-1256": "cp1256"}.get(self.meta["encoding"], self.meta["encoding"])
        self.files: dict[str, str] = {}

    def file_for(self, url_path: str) -> Path:
        """Where a URL's page goes, mirroring demo.server.resolve."""
        path, _, query = url_path.partition("?")
        parts = [p for p in path.split("/") if p]
        base = self.www.joinpath(*parts) if parts else self.www
        route = self.meta.get("query_routes", {}).get(path.rstrip("/") or "/")
        if route is not None:
            given = dict(kv.split("=", 1) for kv in query.split("&") if kv)
            keys = [k for k in route if given.get(k)]
            return base / (("&".join(f"{k}={given[k]}" for k in keys) + ".html") if keys else "index.html")
        if path.endswith("/"):
            return base / "index.html"
        if "." in parts[-1]:
            return base
        return base.with_name(base.name + ".html")

    def html(self, url_path: str, doc: str) -> Path:
        fp = self.file_for(url_path)
        fp.parent.mkdir(parents=True, exist_ok=True)
        fp.write_bytes(doc.encode(self.encoding, errors="xmlcharrefreplace"))
        return fp

    def raw(self, rel: str, data: bytes | str) -> None:
        fp = self.www / rel.lstrip("/")
        fp.parent.mkdir(parents=True, exist_ok=True)
        fp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def gold_for(a: Art, page: Page) -> dict:
    text = "\n\n".join(a.paras) if a.expect != "reject" else ""
    bp = [s for s in page.bp if s.strip() and s not in text and s != a.title]
    return {
        "url_path": a.path, "expect": a.expect, "title": a.title,
        "published": a.published, "authors": a.authors, "language": a.lang,
        "text": text, "story": a.story, "wire": a.wire, "boilerplate": bp,
    }


def write_gold(fp: Path, gold: dict) -> None:
    gp = fp.with_name(fp.name.rsplit(".", 1)[0] + ".gold.json")
    gp.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ======================================================================================
# almada: WordPress-like
# ======================================================================================
AL = chrome.ALMADA


def almada_date(dt: datetime) -> str:
    hm, ap = h12(dt)
    return f"نشر في: {dt.day} {AR_MONTHS[dt.month - 1]}, {dt.year}: {hm} {ap}"


def almada_doc(pg: Page, title: str, main: str, arts: list[Art], rng: random.Random, *, head_extra: str = "",
               body_class: str = "home", current: Art | None = None) -> str:
    ticker = "".join(f'<li><a href="/">{pg.b(t)}</a></li>' for t in AL["ticker"])
    menu = "".join(f'<li class="menu-item"><a href="/category/{slug}/">{e(name)}</a></li>'
                   for slug, name in AL["sections"].items())
    most = "".join(f'<li><a href="{b.path}">{pg.b(b.title)}</a></li>' for b in pick_most_read(current, arts, rng))
    footer_links = "".join(f'<li><a href="/{slug}/">{pg.b(t)}</a></li>'
                           for slug, t in zip(["about", "contact", "privacy-policy", "archive"], AL["footer_links"]))
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} &#8211; {e(AL['title'])}</title>
<link rel="stylesheet" id="almada-style-css" href="/wp-content/themes/almada/style.css?ver=4.3.1" type="text/css" media="all">
<link rel="alternate" type="application/rss+xml" title="{ea(AL['title'])} &raquo; الخلاصة" href="/feed/">
{head_extra}<script type="text/javascript">window._wpemojiSettings = {{"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/72x72\\/","ext":".png"}};</script>
</head>
<body class="{body_class}">
<div id="page" class="hfeed site">
<a class="skip-link screen-reader-text" href="#content">تجاوز إلى المحتوى</a>
<div class="top-bar"><div class="breaking-news"><span class="breaking-title">{pg.b(AL['ticker_label'])}</span><ul class="news-ticker">{ticker}</ul></div></div>
<header id="masthead" class="site-header" role="banner">
<div class="site-branding"><a href="/" rel="home"><img src="/wp-content/uploads/logo.png" alt="{ea(AL['title'])}"></a><p class="site-description">{pg.b(AL['tagline'])}</p></div>
<nav id="site-navigation" class="main-navigation" role="navigation"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="/">الرئيسية</a></li>{menu}</ul></nav>
</header>
<div class="ad-container ad-leaderboard"><span class="ad-label">{pg.b(AL['ad_label'])}</span><a href="https://ads.example.net/click?c=almada-top" rel="nofollow sponsored"><img src="/wp-content/uploads/ads/banner-728x90.png" width="728" height="90" alt=""></a><p class="ad-text">{pg.b(AL['ad_text'])}</p></div>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main" role="main">
{main}
</main></div>
<aside id="secondary" class="widget-area" role="complementary">
<section id="most-read-2" class="widget widget_most_read"><h2 class="widget-title">{pg.b(AL['most_read'])}</h2><ol>{most}</ol></section>
<section class="widget widget_ad"><span class="ad-label">{e(AL['ad_label'])}</span><a href="https://ads.example.net/click?c=almada-side" rel="nofollow sponsored"><img src="/wp-content/uploads/ads/mpu-300x250.png" width="300" height="250" alt=""></a></section>
<section class="widget widget_supplements"><h2 class="widget-title">{pg.b(AL['supplements'])}</h2></section>
</aside>
</div>
<footer id="colophon" class="site-footer" role="contentinfo">
<a href="#page" class="back-to-top">{pg.b(AL['top'])}</a>
<ul class="footer-menu">{footer_links}</ul>
<div class="social-links">{pg.b(AL['social'])}</div>
<div class="site-info"><p>{pg.b(AL['footer'][0])}</p><p>{pg.b(AL['footer'][1])}</p></div>
</footer>
</div>
<script type="text/javascript" src="/wp-content/themes/almada/js/ticker.js?ver=1.0"></script>
</body>
</html>
"""


def almada_article(a: Art, arts: list[Art]) -> tuple[str, Page]:
    pg = Page()
    rng = random.Random(f"almada:{a.path}")
    sec_slug, sec = a.section, AL["sections"][a.section]
    if a.kind == "removed":  # a soft 404: status 200, the theme's "nothing found" template
        main = (f'<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">{e(a.title)}</h1></header>'
                f'<div class="page-content"><p>{e(a.short)}</p><form role="search" method="get" class="search-form" action="/">'
                f'<input type="search" class="search-field" name="s"><input type="submit" class="search-submit" value="بحث"></form></div></section>')
        return almada_doc(pg, a.title, main, arts, rng, body_class="error404", current=a), pg
    crumbs = (f'<div class="breadcrumbs" typeof="BreadcrumbList"><a href="/">{e(AL["title"])}</a> &gt; '
              f'<a href="/category/{sec_slug}/">{e(sec)}</a> &gt; <span class="current">{e(a.title)}</span></div>')
    if a.byline:
        pre, name = a.byline
        top = f"{pre} {name}" if pre.endswith("/") else f"{pre}: {name}"
    else:
        top = a.credit or ""
    share = (f'<div class="share-bar"><span class="share-title">{pg.b(AL["share_label"])}</span>'
             + "".join(f'<a class="share-{i}" href="https://share.example.net/{i}?u={ea(a.path)}" rel="nofollow">{pg.b(s)}</a>'
                       for i, s in enumerate(AL["share"])) + "</div>")
    related = pick_related(a, arts, rng)
    imgs = []
    for i, cap in enumerate(a.captions[:2] if a.kind != "gallery" else []):
        imgs.append(f'<figure class="wp-caption"><img src="{photo("almada", a, i)}" width="750" height="420" '
                    f'alt=""><figcaption class="wp-caption-text">{pg.b(cap)}</figcaption></figure>')
    if a.kind == "gallery":
        grid = "".join(f'<figure class="gallery-item"><img src="{photo("almada", a, i)}" alt=""><figcaption>{pg.b(c)}</figcaption></figure>'
                       for i, c in enumerate(["محتجون في ساحة التحرير", "لافتات المتظاهرين قرب نصب الحرية",
                                               "قوات الأمن عند جسر الجمهورية"]))
        body = f'<p>{e(a.short)}</p><div class="gallery">{grid}</div>'
    elif a.kind == "removed":
        body = f'<p>{e(a.short)}</p><form role="search" action="/" class="search-form"><input type="search" name="s"></form>'
    else:
        ps = [f"<p>{e(p)}</p>" for p in a.paras]
        also = related[0] if related else None
        if also is not None and len(ps) >= 4:
            box = (f'<div class="read-also"><strong>{pg.b(AL["read_also"])}</strong> '
                   f'<a href="{also.path}">{pg.b(also.title)}</a></div>')
            ps.insert(2, box)
        body = "\n".join(ps)
        if a.byline and a.credit:
            body += f'\n<p class="post-source"><strong>{e(a.credit)}</strong></p>'
    rel_html = []
    for i, b in enumerate(related):
        ex = excerpt(b, long=(i == 0))
        rel_html.append(f'<article class="related-post"><span class="related-date">{b.dt:%d-%m-%Y}</span>'
                        f'<h4><a href="{b.path}">{pg.b(b.title)}</a></h4><p>{pg.b(ex)}</p></article>')
    comments = pick_comments("ar", rng)
    clist = "".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{e(n)}</b> '
        f'<time>{(a.dt + timedelta(hours=3 + 5 * j)):%d/%m/%Y %H:%M}</time></footer>'
        f'<div class="comment-content"><p>{pg.b(t)}</p></div></article></li>'
        for j, (n, t) in enumerate(comments))
    head = (f'<meta property="og:type" content="article">\n<meta property="og:title" content="{ea(a.title)}">\n'
            f'<meta property="article:published_time" content="{a.dt:%Y-%m-%dT%H:%M:00}+03:00">\n'
            f'<meta property="article:section" content="{ea(sec)}">\n<link rel="canonical" href="{a.path}">\n')
    main = f"""{crumbs}
<article id="post-{1000 + a.n}" class="post-{1000 + a.n} post type-post status-publish format-standard has-post-thumbnail category-{sec_slug}">
<header class="entry-header">
<h1 class="entry-title">{e(a.title)}</h1>
<div class="entry-meta"><span class="posted-on">{pg.b(almada_date(a.dt))}</span> <span class="byline">{e(top)}</span></div>
{share}
</header>
{''.join(imgs)}
<div class="entry-content">
{body}
</div>
<footer class="entry-footer">{share.replace('share-bar', 'share-bar share-bottom')}</footer>
</article>
<section class="related-posts"><h3 class="related-title">{pg.b(AL['related'])}</h3>{''.join(rel_html)}</section>
<div id="comments" class="comments-area">
<h3 id="reply-title" class="comment-reply-title">{pg.b(AL['join'])}</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><textarea id="comment" name="comment" maxlength="255" rows="4"></textarea><span class="chars-left">{pg.b(AL['chars_left'])}</span><input name="submit" type="submit" id="submit" class="submit" value="{ea(AL['comment_button'])}"></form>
<h4 class="comments-title">{pg.b(AL['all_comments'])} {len(comments)}</h4>
<ol class="comment-list">{clist}</ol>
</div>"""
    doc = almada_doc(pg, a.title, main, arts, rng, head_extra=head, body_class=f"post-template-default single single-post postid-{1000 + a.n}",
                     current=a)
    return doc, pg


def almada_listing(title: str, items: list[Art], arts: list[Art], seed: str, extra: str = "",
                   utm: str = "") -> str:
    pg = Page()
    rng = random.Random(seed)
    rows = []
    for i, b in enumerate(items):
        href = b.path + (f"?utm_source={utm}&utm_medium=list" if utm and i % 3 == 1 else "")
        rows.append(f'<article class="post-item"><h2 class="entry-title"><a href="{href}">{e(b.title)}</a></h2>'
                    f'<div class="entry-meta">{e(almada_date(b.dt))}</div><p>{e(excerpt(b))}</p></article>')
    main = f'<header class="page-header"><h1 class="page-title">{e(title)}</h1></header>\n' + "\n".join(rows) + extra
    return almada_doc(pg, title, main, arts, rng, body_class="archive")


def write_articles(arts: list[Art], w: Writer, render) -> list[dict]:
    """Every page of a site with its gold file beside it; `render(a, arts)` gives (html, Page)."""
    golds = []
    for a in arts:
        doc, pg = render(a, arts)
        gold = gold_for(a, pg)
        write_gold(w.html(a.path, doc), gold)
        golds.append(gold)
    return golds


def chunks(items: list, per: int) -> list[list]:
    """Listing pages: `per` items each, in order."""
    return [items[i:i + per] for i in range(0, len(items), per)]


def build_almada(arts: list[Art], w: Writer) -> list[dict]:
    golds = write_articles(arts, w, almada_article)
    shown = listed(arts)
    private = [a for a in arts if a.expect == "robots"]
    special = "".join(f'<li><a href="{a.path}">{e(a.title)}</a></li>' for a in private + [b for b in arts if b.kind == "gallery"])
    extra = f'<section class="special-files"><h2>ملفات خاصة</h2><ul>{special}</ul></section>'
    w.html("/", almada_listing("آخر الأخبار", shown, arts, "almada:home", extra=extra, utm="homepage"))
    for slug, name in AL["sections"].items():
        items = [a for a in shown if a.section == slug]
        w.html(f"/category/{slug}/", almada_listing(name, items, arts, f"almada:cat:{slug}"))
    for slug, t in zip(["about", "contact", "privacy-policy", "archive"], AL["footer_links"]):
        inner = [a for a in shown] if slug == "archive" else []
        w.html(f"/{slug}/", almada_listing(t, inner, arts, f"almada:{slug}"))
    # RSS 2.0 at /feed/ (WordPress style), sitemap index announced only in robots.txt
    items = "".join(f"""
<item><title>{e(a.title)}</title><link>{PH}{a.path}</link><guid isPermaLink="false">{PH}/?p={1000 + a.n}</guid>
<pubDate>{rfc822(a.dt, '+0300')}</pubDate><category><![CDATA[{AL['sections'][a.section]}]]></category>
<description><![CDATA[{excerpt(a)}]]></description></item>""" for a in shown)
    w.raw("feed/index.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>{e(AL['title'])}</title><atom:link href="{PH}/feed/" rel="self" type="application/rss+xml"/>
<link>{PH}/</link><description>{e(AL['tagline'])}</description><language>ar</language>
<lastBuildDate>{rfc822(shown[0].dt, '+0300')}</lastBuildDate>{items}
</channel></rss>
""")
    first = [a for a in shown if a.dt < datetime(2015, 10, 1)]
    second = [a for a in shown if a.dt >= datetime(2015, 10, 1)]
    for name, group in (("post-sitemap.xml", first), ("post-sitemap2.xml", second)):
        urls = "".join(f"\n<url><loc>{PH}{a.path}</loc><lastmod>{a.dt:%Y-%m-%dT%H:%M:00}+03:00</lastmod></url>"
                       for a in sorted(group, key=lambda a: a.dt))
        w.raw(name, f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}\n</urlset>\n')
    w.raw("sitemap_index.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{PH}/post-sitemap.xml</loc><lastmod>{max(a.dt for a in first):%Y-%m-%dT%H:%M:00}+03:00</lastmod></sitemap>
<sitemap><loc>{PH}/post-sitemap2.xml</loc><lastmod>{max(a.dt for a in second):%Y-%m-%dT%H:%M:00}+03:00</lastmod></sitemap>
</sitemapindex>
""")
    w.raw("robots.txt", f"""User-agent: *
Disallow: /private/
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {PH}/sitemap_index.xml
""")
    w.raw("wp-content/themes/almada/style.css", "body{font-family:Tahoma,Arial,sans-serif;direction:rtl}\n.news-ticker{display:inline}\n")
    w.raw("wp-content/themes/almada/js/ticker.js", "/* ticker */\n")
    w.raw("wp-content/uploads/logo.png", png(200, 50, (180, 20, 20)))
    w.raw("wp-content/uploads/ads/banner-728x90.png", png(72, 9, (230, 200, 40)))
    w.raw("wp-content/uploads/ads/mpu-300x250.png", png(30, 25, (40, 120, 200)))
    for k in range(1, 9):
        w.raw(f"wp-content/uploads/photo-{k:02d}.png", png(32, 18, (20 * k, 90, 200 - 15 * k)))
    return golds


def rfc822(dt: datetime, tz: str) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{days[dt.weekday()]}, {dt.day:02d} {months[dt.month - 1]} {dt.year} {dt:%H:%M:%S} {tz}"


# ======================================================================================
# rafidain: tables, <font>, <br>, windows-1256
# ======================================================================================
RF = chrome.RAFIDAIN


def rafidain_date(a: Art) -> str:
    dt = a.dt
    if not a.date_only:
        hm, ap = h12(dt)
        return f"نشر في: {indic(dt.day)} {LEV_MONTHS[dt.month - 1]} {indic(dt.year)} - {indic(hm)} {ap}"
    if a.n % 2 == 0:
        return f"{AR_DAYS[dt.weekday()]} {indic(dt.day)} {AR_MONTHS[dt.month - 1]} {indic(dt.year)}"
    return f"تاريخ النشر: {indic(dt.day)} {LEV_MONTHS[dt.month - 1]} ({AR_MONTHS[dt.month - 1]}) {indic(dt.year)}"


def rafidain_short_date(dt: datetime) -> str:
    return indic(f"{dt.day}/{dt.month}/{dt.year}")


def rafidain_doc(pg: Page, title: str, center: str, arts: list[Art], rng: random.Random,
                 current: Art | None = None) -> str:
    ticker = " &nbsp;&bull;&nbsp; ".join(pg.b(t) for t in RF["ticker"])
    cats = "<br>\n".join(f'&raquo; <a href="/archive.php?cat={k}"><font size="2">{e(v)}</font></a>'
                         for k, v in RF["cats"].items())
    menu = " | ".join([f'<a href="/"><font color="#ffffff">الصفحة الرئيسية</font></a>']
                      + [f'<a href="/archive.php?cat={k}"><font color="#ffffff">{e(v)}</font></a>' for k, v in RF["cats"].items()]
                      + ['<a href="/archive.php?page=1"><font color="#ffffff">الأرشيف</font></a>',
                         '<a href="/page.php?p=contact"><font color="#ffffff">اتصل بنا</font></a>'])
    most = "".join(f'<tr><td><font size="2">&bull; <a href="{b.path}">{pg.b(b.title)}</a></font></td></tr>'
                   for b in pick_most_read(current, arts, rng))
    return f"""<html dir="rtl">
<head>
<meta charset="windows-1256">
<title>{e(RF['title'])} :: {e(title)}</title>
<link rel="stylesheet" type="text/css" href="/style.css">
<script language="JavaScript" type="text/javascript">
<!--
function fontSize(n) {{ var el = document.getElementById('txt'); el.size = parseInt(el.size) + n; }}
//-->
</script>
</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0" marginwidth="0" marginheight="0">
<table width="100%" border="0" cellpadding="3" cellspacing="0" bgcolor="#990000"><tr>
<td width="60" nowrap><font color="#FFFF00" size="2"><b>{pg.b(RF['ticker_label'])}</b></font></td>
<td><marquee direction="right" scrollamount="3" onmouseover="this.stop()" onmouseout="this.start()"><font color="#FFFFFF" size="2">{ticker}</font></marquee></td>
</tr></table>
<table width="980" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3" height="90"><a href="/"><img src="/images/logo.png" border="0" alt="{ea(RF['title'])}" width="300" height="80"></a>
<font size="2" color="#666666">{pg.b(RF['tagline'])}</font></td></tr>
<tr><td colspan="3" bgcolor="#333333" height="26" align="center"><font size="2">{menu}</font></td></tr>
<tr>
<td width="180" valign="top" bgcolor="#F7F7F7">
<table width="100%" cellpadding="4"><tr><td bgcolor="#990000"><font color="#FFFFFF" size="2"><b>{e(RF['menu_title'])}</b></font></td></tr>
<tr><td>{cats}</td></tr></table>
<br>
<table width="100%" cellpadding="4"><tr><td bgcolor="#990000"><font color="#FFFFFF" size="2"><b>{pg.b(RF['most_read'])}</b></font></td></tr>
{most}</table>
</td>
<td width="620" valign="top" style="padding:10px">
{center}
</td>
<td width="180" valign="top" bgcolor="#F7F7F7" align="center">
<font size="1" color="#999999">{pg.b(RF['ad_label'])}</font><br>
<a href="https://ads.example.net/click?c=rafidain-side" target="_blank"><img src="/images/ads/side-160x600.png" width="160" height="600" border="0"></a><br>
<font size="2">{pg.b(RF['ad_text'])}</font><br><br>
<table width="95%" bgcolor="#EEEEEE" cellpadding="4"><tr><td><font size="2">{pg.b(RF['newsletter'])}</font><br>
<form action="/subscribe.php" method="post"><input type="text" name="email" size="15"><input type="submit" value="اشتراك"></form></td></tr></table>
<br><font size="1" color="#666666">{pg.b(RF['visitors'])}</font>
</td>
</tr>
<tr><td colspan="3" align="center" bgcolor="#333333" height="40">
<font color="#CCCCCC" size="1">{pg.b(RF['footer'][0])}<br>{pg.b(RF['footer'][1])}</font>
</td></tr>
</table>
</body>
</html>
"""


def rafidain_article(a: Art, arts: list[Art]) -> tuple[str, Page]:
    pg = Page()
    rng = random.Random(f"rafidain:{a.path}")
    nid = a.path.split("=", 1)[1]
    cat = RF["cats"][a.section]
    crumbs = (f'<font size="2" color="#666666"><a href="/">الرئيسية</a> &raquo; '
              f'<a href="/archive.php?cat={a.section}">{e(cat)}</a> &raquo; {e(a.title)}</font>')
    if a.byline:
        pre, name = a.byline
        by = f"{pre}: {name}" if pre in ("كتب", "متابعة") else f"{pre} - {name}"
    else:
        by = "بغداد - الرافدين"
    tools = (f'<font size="1"><a href="/print.php?id={nid}">{pg.b(RF["print_label"])}</a> | '
             f'<a href="mailto:?subject=%D8%AE%D8%A8%D8%B1&amp;body=news.php%3Fid%3D{nid}">{pg.b(RF["send_label"])}</a> | '
             f'{pg.b(RF["font_label"])}: <a href="javascript:fontSize(1)">+</a> <a href="javascript:fontSize(-1)">-</a></font>')
    if a.kind == "video":
        body = (f'<font size="3">{e(a.short)}</font><br><br>'
                f'<object width="480" height="360"><param name="movie" value="/media/player.swf?id={nid}">'
                f'<embed src="/media/player.swf?id={nid}" type="application/x-shockwave-flash" width="480" height="360"></embed></object>')
        img = ""
    else:
        body = '<font id="txt" size="3" face="Tahoma">' + "<br><br>\n".join(e(p) for p in a.paras) + "</font>"
        if a.credit and a.byline is None:
            body += f'<br><br><font size="2"><b>{e(a.credit)}</b></font>'
        img = (f'<table align="left" width="300" cellpadding="4" border="0"><tr><td align="center">'
               f'<img src="{photo("rafidain", a, 0)}" width="300" height="200" border="0"><br>'
               f'<font size="1" color="#666666">{pg.b(a.captions[0])}</font></td></tr></table>')
    rel = pick_related(a, arts, rng)
    rel_rows = "".join(
        f'<tr><td><font size="2">&bull; <a href="{b.path}"><b>{pg.b(b.title)}</b></a> '
        f'<font size="1" color="#999999">({rafidain_short_date(b.dt)})</font><br>{pg.b(excerpt(b, long=(i == 1)))}</font></td></tr>'
        for i, b in enumerate(rel))
    comments = pick_comments("ar", rng)
    crow = "".join(
        f'<tr><td bgcolor="#F0F0F0"><font size="2"><b>{e(n)}</b></font> <font size="1" color="#999999">'
        f'{rafidain_short_date(a.dt + timedelta(days=1))}</font></td></tr><tr><td><font size="2">{pg.b(t)}</font><br><br></td></tr>'
        for n, t in comments)
    labels = RF["form_labels"]
    center = f"""{crumbs}<br><br>
<font size="5" color="#990000"><b>{e(a.title)}</b></font><br>
<font class="date" color="#888888" size="2">{e(rafidain_date(a))}</font><br>
<font size="2" color="#555555">{e(by)}</font><br><br>
{tools}<br><br>
{img}
{body}
<br clear="all"><br>
<table width="100%" bgcolor="#F5F5F5" cellpadding="6"><tr><td align="center"><font size="1" color="#999999">{e(RF['ad_label'])}</font><br>
<a href="https://ads.example.net/click?c=rafidain-mid" target="_blank"><img src="/images/ads/mid-468x60.png" width="468" height="60" border="0"></a></td></tr></table>
<br>
<table width="100%" cellpadding="4" cellspacing="0"><tr><td bgcolor="#990000"><font color="#FFFFFF" size="2"><b>{pg.b(RF['related'])}</b></font></td></tr>
{rel_rows}</table>
<br>
<table width="100%" cellpadding="4" cellspacing="0"><tr><td bgcolor="#333333"><font color="#FFFFFF" size="2"><b>{pg.b(RF['comments'])} ({len(comments)})</b></font></td></tr>
{crow}</table>
<form action="/comment.php?id={nid}" method="post"><font size="2"><b>{pg.b(RF['add_comment'])}</b><br>
{pg.b(labels[0])} <input type="text" name="name" size="25"><br>{pg.b(labels[1])} <input type="text" name="email" size="25"><br>
{pg.b(labels[2])}<br><textarea name="comment" rows="5" cols="50"></textarea><br><input type="submit" value="{ea(RF['submit'])}"></font></form>
<font size="1" color="#999999">{pg.b(RF['comments_note'])}</font>"""
    return rafidain_doc(pg, a.title, center, arts, rng, current=a), pg


def rafidain_listing(title: str, items: list[Art], arts: list[Art], seed: str, pager: str = "") -> str:
    pg = Page()
    rng = random.Random(seed)
    rows = "".join(
        f'<tr><td><font size="3"><a href="{b.path}"><b>{e(b.title)}</b></a></font><br>'
        f'<font size="1" color="#999999">{rafidain_short_date(b.dt)}</font><br><font size="2">{e(excerpt(b))}</font><br><br></td></tr>'
        for b in items)
    center = (f'<font size="4" color="#990000"><b>{e(title)}</b></font><br><br>'
              f'<table width="100%" cellpadding="4">{rows}</table>{pager}')
    return rafidain_doc(pg, title, center, arts, rng)


def build_rafidain(arts: list[Art], w: Writer) -> list[dict]:
    golds = write_articles(arts, w, rafidain_article)
    shown = listed(arts)
    pages = chunks(shown, 5)
    for n, group in enumerate(pages, start=1):
        links = []
        if n > 1:
            links.append(f'<a href="/archive.php?page={n - 1}">&laquo; الصفحة السابقة</a>')
        links += [f"<b>{indic(k)}</b>" if k == n else f'<a href="/archive.php?page={k}">{indic(k)}</a>'
                  for k in range(1, len(pages) + 1)]
        if n < len(pages):
            links.append(f'<a href="/archive.php?page={n + 1}">الصفحة التالية &raquo;</a>')
        pager = f'<p align="center"><font size="2">{" | ".join(links)}</font></p>'
        doc = rafidain_listing(f"أرشيف الأخبار - صفحة {indic(n)}", group, arts, f"rafidain:archive:{n}", pager)
        w.html(f"/archive.php?page={n}", doc)
        if n == 1:
            w.html("/archive.php", doc)
    for k, v in RF["cats"].items():
        items = [a for a in shown if a.section == k]
        w.html(f"/archive.php?cat={k}", rafidain_listing(v, items, arts, f"rafidain:cat:{k}"))
    home_items = [a for a in shown if a.is_article][:8]
    more = '<p><a href="/archive.php?page=1"><b>المزيد في الأرشيف &raquo;</b></a></p>'
    w.html("/", rafidain_listing("آخر الأخبار", home_items, arts, "rafidain:home", more))
    w.html("/page.php?p=contact", rafidain_listing("اتصل بنا", [], arts, "rafidain:contact",
                                                    "<p>بغداد - شارع السعدون - بناية الرافدين</p>"))
    # Google News sitemap (the only sitemap; not announced in robots.txt)
    urls = "".join(f"""
<url><loc>{PH}{html.escape(a.path)}</loc>
<news:news><news:publication><news:name>{e(RF['title'])}</news:name><news:language>ar</news:language></news:publication>
<news:publication_date>{a.dt:%Y-%m-%dT%H:%M:00}+03:00</news:publication_date><news:title>{e(a.title)}</news:title></news:news></url>"""
                   for a in shown)
    w.raw("news-sitemap.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}
</urlset>
""")
    w.raw("robots.txt", "User-agent: *\nDisallow: /admin/\nDisallow: /print.php\nDisallow: /comment.php\n")
    w.raw("style.css", "body,td{font-family:Tahoma}\na{color:#003399;text-decoration:none}\n")
    w.raw("images/logo.png", png(60, 16, (153, 0, 0)))
    w.raw("images/ads/side-160x600.png", png(16, 60, (200, 200, 200)))
    w.raw("images/ads/mid-468x60.png", png(47, 6, (220, 220, 120)))
    for k in range(1, 9):
        w.raw(f"images/news/{k}.png", png(30, 20, (100 + 10 * k, 60, 40)))
    return golds


# ======================================================================================
# sawt: React-ish, hashed + utility classes only, JSON-LD
# ======================================================================================
SW = chrome.SAWT
c = sawt_cls


def sawt_date(dt: datetime) -> str:
    return f"{dt.day} {AR_MONTHS[dt.month - 1]} {dt.year}"


def sawt_doc(pg: Page, title: str, main: str, arts: list[Art], rng: random.Random, *, head_extra: str = "",
             current: Art | None = None, page_id: str = "home") -> str:
    ticker = "".join(f'<span class="{c("tk-item")} px-4">{pg.b(t)}</span>' for t in SW["ticker"])
    menu = "".join(f'<a class="{c("menu-link")} text-sm font-semibold" href="/section/{slug}">{e(name)}</a>'
                   for slug, name in SW["sections"].items())
    most = "".join(f'<li class="{c("mr-item")} py-2 border-b border-gray-200"><a href="{b.path}">{pg.b(b.title)}</a></li>'
                   for b in pick_most_read(current, arts, rng))
    flinks = "".join(f'<a class="{c("f-link")} text-sm text-gray-400" href="/{slug}">{pg.b(t)}</a>'
                     for slug, t in zip(["about", "privacy", "terms", "contact", "advertise"], SW["footer_links"]))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charSet="utf-8"/><meta name="viewport" content="width=device-width"/>
<title>{e(title)} | {e(SW['title'])}</title>
{head_extra}<link rel="alternate" type="application/atom+xml" href="/atom.xml"/>
<link rel="preload" href="/_next/static/css/8f1c2a0d.css" as="style"/><link rel="stylesheet" href="/_next/static/css/8f1c2a0d.css"/>
</head><body><div id="__next"><div class="{c('shell')} min-h-screen bg-white">
<div class="{c('bar')} bg-red-700 text-white text-sm"><div class="container mx-auto flex items-center gap-2 px-4 py-2"><span class="{c('bar-label')} font-bold whitespace-nowrap">{pg.b(SW['ticker_label'])}</span><div class="{c('bar-track')} overflow-hidden whitespace-nowrap animate-marquee">{ticker}</div></div></div>
<div class="{c('top')} sticky top-0 z-50 bg-white shadow"><div class="container mx-auto flex items-center justify-between px-4 py-3"><a href="/" class="{c('brand')} text-2xl font-bold text-red-700">{e(SW['title'])}</a><div class="{c('menu')} hidden md:flex gap-4"><a class="text-sm font-semibold" href="/latest">{e(SW['latest_title'])}</a>{menu}</div></div></div>
<div class="{c('ad-top')} my-6 text-center"><div class="text-xs text-gray-400">{pg.b(SW['ad_label'])}</div><a href="https://ads.example.net/click?c=sawt-top" rel="sponsored"><img src="/_next/image/ad-970x90.png" alt="" class="mx-auto"/></a><div class="text-xs">{pg.b(SW['ad_text'])}</div></div>
<main class="{c('main')} container mx-auto grid grid-cols-1 md:grid-cols-3 gap-8 px-4">
<div class="{c('col')} md:col-span-2">
{main}
</div>
<div class="{c('rail')} md:col-span-1"><div class="{c('rail-box')} rounded-lg border border-gray-200 p-4"><h2 class="text-lg font-bold mb-4">{pg.b(SW['most_read'])}</h2><ol class="list-decimal pr-4">{most}</ol></div>
<div class="{c('rail-ad')} mt-8 text-center"><div class="text-xs text-gray-400">{e(SW['ad_label'])}</div><img src="/_next/image/ad-300x250.png" alt=""/></div></div>
</main>
<div class="{c('bottom')} bg-gray-900 text-white mt-12 py-8"><div class="container mx-auto px-4 flex flex-col gap-4"><div class="flex gap-4">{flinks}</div><p class="text-sm">{pg.b(SW['footer'][1])}</p><p class="text-xs text-gray-400">{pg.b(SW['footer'][0])}</p><a class="text-sm" href="https://apps.example.net/sawt">{pg.b(SW['app'])}</a></div></div>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"id":"{page_id}"}}}},"page":"/[...slug]","buildId":"k2Jd9sQ"}}</script>
<script src="/_next/static/chunks/main-3f9a1c.js" defer></script>
</body></html>
"""


def sawt_article(a: Art, arts: list[Art]) -> tuple[str, Page]:
    pg = Page()
    rng = random.Random(f"sawt:{a.path}")
    sec = SW["sections"][a.section]
    if a.byline:
        pre, name = a.byline
        by = f"{pre}: {name}" if pre in ("تقرير", "بقلم") else f"{pre} - {name}"
    else:
        by = a.credit or SW["title"]
    related = pick_related(a, arts, rng, k=3)
    share = (f'<div class="{c("act")} flex items-center gap-2 mt-4"><span class="text-sm text-gray-500">{pg.b(SW["share_label"])}</span>'
             + "".join(f'<a class="{c("act-btn")} rounded-full border px-3 py-1 text-xs" href="https://share.example.net/{i}?u={ea(a.path)}">{pg.b(s)}</a>'
                       for i, s in enumerate(SW["share"])) + "</div>")
    if a.kind in ("video", "gallery"):
        media = (f'<div class="{c("player")} aspect-video bg-black mt-4" data-src="/media/{a.n}.m3u8"></div>'
                 if a.kind == "video" else
                 "".join(f'<img class="w-full mt-2" src="{photo("sawt", a, i)}" alt=""/>' for i in range(4)))
        body = f'<div class="{c("copy")} leading-8 text-lg space-y-4 mt-4"><p>{e(a.short)}</p></div>{media}'
        figure = ""
    else:
        ps = [f"<p>{e(p)}</p>" for p in a.paras]
        if related and len(ps) >= 4:
            b = related[-1]
            card = (f'<div class="{c("inline-card")} border-r-4 border-red-700 bg-gray-50 p-4 my-6"><span class="font-bold ml-2">{pg.b(SW["read_also"])}</span>'
                    f'<a class="text-red-700" href="{b.path}">{pg.b(b.title)}</a></div>')
            ps.insert(3, card)
        ps.append(f'<div class="{c("promo")} rounded-lg bg-gray-100 p-4 text-sm">{pg.b(SW["promo"])}</div>')
        body = f'<div class="{c("copy")} leading-8 text-lg space-y-4 mt-4">' + "\n".join(ps) + "</div>"
        figure = (f'<figure class="{c("fig")} mt-4"><img class="w-full h-auto rounded" src="{photo("sawt", a, 0)}" alt=""/>'
                  f'<figcaption class="text-xs text-gray-500 mt-1">{pg.b(a.captions[0])}</figcaption></figure>')
    cards = "".join(
        f'<div class="{c("card")} rounded-lg border border-gray-200 p-4"><a href="{b.path}"><h3 class="font-bold">{pg.b(b.title)}</h3></a>'
        f'<p class="text-sm text-gray-700 mt-2">{pg.b(excerpt(b, long=(i == 2)))}</p><span class="text-xs text-gray-400">نشر في {b.dt.day}/{b.dt.month}/{b.dt.year}</span></div>'
        for i, b in enumerate(related))
    about = (f'<div class="{c("about")} mt-8 border-t border-gray-200 pt-4"><h2 class="text-lg font-bold mb-4">{pg.b(SW["about_story"])}</h2>'
             f'<div class="grid grid-cols-1 md:grid-cols-3 gap-4">{cards}</div>'
             f'<a class="text-sm text-red-700 mt-4 inline-block" href="/section/{a.section}">{pg.b(SW["more_on"] + " " + sec)}</a></div>')
    comments = pick_comments("ar", rng)
    clist = "".join(
        f'<li class="{c("c-item")} py-4 border-b border-gray-200"><div class="flex gap-2 items-center"><span class="font-bold text-sm">{e(n)}</span>'
        f'<span class="text-xs text-gray-400">منذ {j + 2} أيام</span></div><p class="text-sm leading-7 mt-2">{pg.b(t)}</p></li>'
        for j, (n, t) in enumerate(comments))
    discussion = f"""<div class="{c('talk')} mt-10"><h2 class="text-xl font-bold">{pg.b(SW['comments'])} ({len(comments)})</h2>
<p class="text-xs text-gray-500 mt-1">{pg.b(SW['comment_rules'])}</p>
<form class="{c('talk-form')} mt-4 flex flex-col gap-2" action="/api/c" method="post"><textarea class="border rounded p-2" placeholder="{ea(SW['comment_placeholder'])}"></textarea><button class="bg-red-700 text-white rounded px-4 py-2" type="submit">{e(SW['publish'])}</button></form>
<div class="flex gap-4 text-sm mt-4"><span class="font-bold">{pg.b(SW['comment_sort'][0])}</span><span>{pg.b(SW['comment_sort'][1])}</span></div>
<ul class="{c('talk-list')}">{clist}</ul></div>"""
    main = f"""<div class="{c('crumbs')} flex gap-2 text-xs text-gray-500"><a href="/">الرئيسية</a><span>/</span><a href="/section/{a.section}">{e(sec)}</a></div>
<article class="{c('story')} mt-4">
<h1 class="{c('h')} text-3xl font-bold leading-relaxed">{e(a.title)}</h1>
<div class="{c('meta')} flex flex-wrap gap-2 text-sm text-gray-500 mt-2"><span>{e(by)}</span><span>·</span><span>{e(sawt_date(a.dt))}</span></div>
{share}
{figure}
{body}
{about}
</article>
{discussion}"""
    if a.authors:
        author = {"@type": "Person", "name": a.authors[0]}
    else:
        author = {"@type": "Organization", "name": SW["title"]}
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle" if a.kind == "article" else "WebPage",
        "headline": a.title, "inLanguage": "ar",
        "datePublished": a.published, "dateModified": f"{(a.dt + timedelta(minutes=47)):%Y-%m-%dT%H:%M:00}+03:00",
        "author": author, "image": [photo("sawt", a, 0)], "articleSection": sec,
        "publisher": {"@type": "Organization", "name": SW["title"], "logo": {"@type": "ImageObject", "url": "/_next/image/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": a.path},
    }
    head = (f'<meta name="description" content="{ea(a.paras[0] if a.paras else a.short)}"/>\n<link rel="canonical" href="{a.path}"/>\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n')
    return sawt_doc(pg, a.title, main, arts, rng, head_extra=head, current=a, page_id=a.path.split("/")[-1].split("-")[0]), pg


def sawt_listing(title: str, items: list[Art], arts: list[Art], seed: str, *, prev_href: str | None = None,
                 next_href: str | None = None, utm: bool = False) -> str:
    pg = Page()
    rng = random.Random(seed)
    rows = []
    for i, b in enumerate(items):
        href = b.path + ("?utm_source=latest&utm_medium=web" if utm and i % 2 == 0 else "")
        rows.append(f'<div class="{c("row")} flex gap-4 py-4 border-b border-gray-200"><img class="w-32 rounded" src="{photo("sawt", b, 0)}" alt=""/>'
                    f'<div><a class="font-bold text-lg" href="{href}">{e(b.title)}</a><p class="text-sm text-gray-700 mt-1">{e(excerpt(b))}</p>'
                    f'<span class="text-xs text-gray-400">{e(sawt_date(b.dt))}</span></div></div>')
    pager = ""
    head = ""
    if prev_href:
        pager += f'<a class="{c("pg")} rounded border px-4 py-2" rel="prev" href="{prev_href}">{e(SW["prev_label"])}</a>'
        head += f'<link rel="prev" href="{prev_href}"/>\n'
    if next_href:
        pager += f'<a class="{c("pg")} rounded border px-4 py-2" rel="next" href="{next_href}">{e(SW["next_label"])}</a>'
        head += f'<link rel="next" href="{next_href}"/>\n'
    main = (f'<h1 class="text-2xl font-bold">{e(title)}</h1>' + "".join(rows)
            + f'<div class="{c("pager")} flex justify-between mt-6">{pager}</div>')
    return sawt_doc(pg, title, main, arts, rng, head_extra=head)


def build_sawt(arts: list[Art], w: Writer) -> list[dict]:
    golds = write_articles(arts, w, sawt_article)
    shown = listed(arts)
    pages = chunks(shown, 5)
    for n, group in enumerate(pages, start=1):
        url = "/latest" if n == 1 else f"/latest?page={n}"
        prev_href = None if n == 1 else ("/latest" if n == 2 else f"/latest?page={n - 1}")
        next_href = f"/latest?page={n + 1}" if n < len(pages) else None
        w.html(url, sawt_listing(SW["latest_title"], group, arts, f"sawt:latest:{n}", prev_href=prev_href,
                                 next_href=next_href, utm=(n == 1)))
    w.html("/", sawt_listing(SW["title"], [a for a in shown if a.is_article][:6], arts, "sawt:home", next_href="/latest"))
    for slug, name in SW["sections"].items():
        w.html(f"/section/{slug}", sawt_listing(name, [a for a in shown if a.section == slug], arts, f"sawt:sec:{slug}"))
    for slug, t in zip(["about", "privacy", "terms", "contact", "advertise"], SW["footer_links"]):
        w.html(f"/{slug}", sawt_listing(t, [], arts, f"sawt:{slug}"))
    entries = "".join(f"""
<entry><title>{e(a.title)}</title><link rel="alternate" type="text/html" href="{PH}{a.path}"/>
<id>tag:sawt.example,2015:{a.path.split('/')[-1].split('-')[0]}</id>
<published>{a.published}</published><updated>{(a.dt + timedelta(minutes=47)):%Y-%m-%dT%H:%M:00}+03:00</updated>
<summary type="text">{e(excerpt(a))}</summary><category term="{ea(SW['sections'][a.section])}"/></entry>""" for a in shown)
    w.raw("atom.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
<title>{e(SW['title'])}</title><subtitle>{e(SW['tagline'])}</subtitle>
<link rel="self" type="application/atom+xml" href="{PH}/atom.xml"/><link rel="alternate" type="text/html" href="{PH}/"/>
<id>tag:sawt.example,2015:feed</id><updated>{shown[0].published}</updated>{entries}
</feed>
""")
    w.raw("robots.txt", "User-agent: *\nDisallow: /api/\nDisallow: /search\n")
    w.raw("_next/static/css/8f1c2a0d.css", ".flex{display:flex}.grid{display:grid}.hidden{display:none}\n")
    w.raw("_next/static/chunks/main-3f9a1c.js", "/* hydration */\n")
    w.raw("_next/image/ad-970x90.png", png(97, 9, (250, 180, 0)))
    w.raw("_next/image/ad-300x250.png", png(30, 25, (0, 150, 136)))
    w.raw("_next/image/logo.png", png(40, 40, (185, 28, 28)))
    for k in range(1, 9):
        w.raw(f"_next/image/p{k}.png", png(32, 18, (60, 20 * k, 120)))
    return golds


# ======================================================================================
# tigris: English, cookie banner, newsletter, Disqus-like comments
# ======================================================================================
TG = chrome.TIGRIS


def tigris_date(dt: datetime) -> str:
    return f"{dt:%a} {dt.day} {dt:%b %Y %H.%M} GMT"


def tigris_doc(pg: Page, title: str, main: str, arts: list[Art], rng: random.Random, *, head_extra: str = "",
               current: Art | None = None, body_class: str = "front") -> str:
    ticker = "".join(f'<li><a href="/news/">{pg.b(t)}</a></li>' for t in TG["ticker"])
    nav = "".join(f'<li><a href="/{slug}/">{e(name)}</a></li>' for slug, name in TG["sections"].items())
    most = "".join(f'<li><a href="{b.path}">{pg.b(b.title)}</a></li>' for b in pick_most_read(current, arts, rng))
    flinks = "".join(f'<li><a href="/{slug}/">{pg.b(t)}</a></li>'
                     for slug, t in zip(["about", "contact", "terms", "privacy", "advertise"], TG["footer_links"]))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(TG['title'])}</title>
{head_extra}<link rel="alternate" type="application/rss+xml" title="{ea(TG['title'])}" href="/rss.xml">
<link rel="stylesheet" href="/static/css/site.css">
</head>
<body class="{body_class}">
<div id="cookie-banner" class="cookie-consent" role="dialog" aria-live="polite"><p>{pg.b(TG['cookie'])}</p><button class="cookie-accept">{pg.b(TG['cookie_buttons'][0])}</button> <button class="cookie-manage">{pg.b(TG['cookie_buttons'][1])}</button></div>
<header class="site-header">
<div class="breaking-news"><strong class="breaking-label">{pg.b(TG['ticker_label'])}</strong><ul class="ticker">{ticker}</ul></div>
<div class="masthead"><a href="/" class="logo">{e(TG['title'])}</a><p class="tagline">{pg.b(TG['tagline'])}</p></div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>{nav}</ul></nav>
</header>
<div class="ad ad-leaderboard"><span class="ad-label">{pg.b(TG['ad_label'])}</span><a href="https://ads.example.net/click?c=tigris-top" rel="sponsored"><img src="/static/ads/leaderboard.png" width="728" height="90" alt=""></a><p class="ad-copy">{pg.b(TG['ad_text'])}</p></div>
<div class="page-wrap">
<main id="content">
{main}
</main>
<aside class="sidebar">
<section class="most-read"><h2>{pg.b(TG['most_read'])}</h2><ol>{most}</ol></section>
<div class="ad ad-mpu"><span class="ad-label">{e(TG['ad_label'])}</span><img src="/static/ads/mpu.png" width="300" height="250" alt=""></div>
</aside>
</div>
<footer class="site-footer"><ul class="footer-links">{flinks}</ul><p>{pg.b(TG['footer'][0])}</p><p class="small">{pg.b(TG['footer'][1])}</p></footer>
<script src="/static/js/site.js"></script>
</body>
</html>
"""


def tigris_article(a: Art, arts: list[Art]) -> tuple[str, Page]:
    pg = Page()
    rng = random.Random(f"tigris:{a.path}")
    sec = TG["sections"][a.section]
    by = f"{a.byline[0]} {a.byline[1]}" if a.byline else (a.credit or "Tigris Times picture desk")
    if a.kind == "gallery":
        slides = "".join(f'<figure class="slide"><img src="{photo("tigris", a, i)}" alt=""><figcaption>{pg.b(cap)}</figcaption></figure>'
                         for i, cap in enumerate(["Cars stranded in Karrada after the downpour",
                                                  "Children are carried across a flooded road in Sadr City",
                                                  "Municipal pumps at work near Tahrir Square"]))
        body = f'<div class="story-body"><p class="standfirst">{e(a.short)}</p></div><div class="gallery">{slides}</div>'
        figure = ""
    else:
        body = '<div class="story-body">\n' + "\n".join(f"<p>{e(p)}</p>" for p in a.paras) + "\n</div>"
        figure = (f'<figure class="lead-image"><img src="{photo("tigris", a, 0)}" width="860" height="484" alt="">'
                  f'<figcaption>{pg.b(a.captions[0])}</figcaption></figure>')
    share = ('<ul class="share-tools">' + "".join(f'<li><a href="https://share.example.net/{i}?u={ea(a.path)}">{pg.b(s)}</a></li>'
                                                 for i, s in enumerate(TG["share"])) + "</ul>")
    related = pick_related(a, arts, rng)
    rel = "".join(f'<li class="related-item"><a href="{b.path}"><h3>{pg.b(b.title)}</h3></a><p>{pg.b(excerpt(b, long=(i == 0)))}</p>'
                  f'<time datetime="{b.dt:%Y-%m-%d}">{b.dt.day} {b.dt:%b %Y}</time></li>' for i, b in enumerate(related))
    comments = pick_comments("en", rng)
    posts = "".join(f"""<li class="post" id="post-{4100 + a.n * 10 + j}"><div class="post-content"><div class="avatar"><img src="/static/img/avatar.png" alt="Avatar"></div>
<div class="post-body"><header class="post-header"><span class="post-byline"><span class="author publisher-anchor-color">{e(n)}</span></span> <span class="post-meta"><a class="time-ago" href="#comment-{j}">{j + 1} days ago</a></span></header>
<div class="post-body-inner"><div class="post-message" dir="auto"><p>{pg.b(t)}</p></div></div>
<footer class="comment__footer"><menu class="comment-footer__menu"><li class="voting"><a class="vote-up">{(j * 7 + 3) % 20}</a></li><li class="reply"><a href="#">{e(TG['reply'])}</a></li></menu></footer></div></div></li>"""
                    for j, (n, t) in enumerate(comments))
    main = f"""<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/news/">News</a> &rsaquo; <a href="/{a.section}/">{e(sec)}</a></nav>
<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<header class="story-header">
<p class="kicker"><a href="/{a.section}/">{e(sec)}</a></p>
<h1 class="headline" itemprop="headline">{e(a.title)}</h1>
<p class="byline"><span class="author" itemprop="author">{e(by)}</span></p>
<time class="published" itemprop="datePublished" datetime="{a.published}">{e(tigris_date(a.dt))}</time>
</header>
{figure}
{body}
{share}
</article>
<aside class="newsletter-signup"><h3>{pg.b(TG['newsletter_title'])}</h3><p>{pg.b(TG['newsletter'])}</p><form action="https://newsletter.example.net/subscribe" method="post"><input type="email" placeholder="{ea(TG['newsletter_placeholder'])}"><button>{pg.b(TG['newsletter_button'])}</button></form></aside>
<section class="related-stories"><h2>{pg.b(TG['related'])}</h2><ul>{rel}</ul></section>
<section id="comments" class="comments">
<div id="disqus_thread"><div id="layout" data-tracking-area="layout">
<div class="nav nav-primary"><ul><li class="nav-tab nav-tab--primary tab-conversation active"><a class="publisher-nav-color"><span class="comment-count">{len(comments)} {pg.b(TG['comments'])}</span></a></li><li class="nav-tab nav-tab--secondary dropdown sorting"><a class="dropdown-toggle">{pg.b(TG['sort'])}</a></li></ul></div>
<form class="reply"><div class="textarea-wrapper"><textarea placeholder="{ea(TG['join'])}"></textarea><span class="placeholder">{pg.b(TG['join'])}</span></div></form>
<ul id="post-list" class="post-list">{posts}</ul>
<p class="powered-by">{pg.b(TG['powered'])}</p>
</div></div>
</section>"""
    head = (f'<meta name="description" content="{ea(excerpt(a))}">\n<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{ea(a.title)}">\n<link rel="canonical" href="{a.path}">\n')
    return tigris_doc(pg, a.title, main, arts, rng, head_extra=head, current=a, body_class="article"), pg


def tigris_listing(title: str, items: list[Art], arts: list[Art], seed: str, *, older: str | None = None,
                   newer: str | None = None, intro: str = "") -> str:
    pg = Page()
    rng = random.Random(seed)
    rows = "".join(f'<li class="story-card"><a href="{b.path}"><h2>{e(b.title)}</h2></a><p>{e(excerpt(b))}</p>'
                   f'<time datetime="{b.published}">{e(tigris_date(b.dt))}</time></li>' for b in items)
    pager, head = "", ""
    if newer:
        pager += f'<a class="newer" rel="prev" href="{newer}">{e(TG["newer"])}</a> '
        head += f'<link rel="prev" href="{newer}">\n'
    if older:
        pager += f'<a class="older" rel="next" href="{older}">{e(TG["older"])}</a>'
        head += f'<link rel="next" href="{older}">\n'
    main = f'<h1 class="section-title">{e(title)}</h1>{intro}<ul class="story-list">{rows}</ul><div class="pagination">{pager}</div>'
    return tigris_doc(pg, title, main, arts, rng, head_extra=head)


def build_tigris(arts: list[Art], w: Writer) -> list[dict]:
    golds = write_articles(arts, w, tigris_article)
    shown = listed(arts)
    pages = chunks(shown, 5)
    for n, group in enumerate(pages, start=1):
        url = "/news/" if n == 1 else f"/news/page/{n}/"
        newer = None if n == 1 else ("/news/" if n == 2 else f"/news/page/{n - 1}/")
        older = f"/news/page/{n + 1}/" if n < len(pages) else None
        w.html(url, tigris_listing("Latest news", group, arts, f"tigris:news:{n}", older=older, newer=newer))
    w.html("/", tigris_listing(TG["title"], [a for a in shown if a.is_article][:6], arts, "tigris:home", older="/news/"))
    for slug, name in TG["sections"].items():
        w.html(f"/{slug}/", tigris_listing(name, [a for a in shown if a.section == slug], arts, f"tigris:sec:{slug}"))
    for slug, t in zip(["about", "contact", "terms", "privacy", "advertise"], TG["footer_links"]):
        w.html(f"/{slug}/", tigris_listing(t, [], arts, f"tigris:{slug}", intro="<p>The Tigris Times, Baghdad and London.</p>"))
    items = "".join(f"""
<item><title>{e(a.title)}</title><link>{PH}{a.path}?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="true">{PH}{a.path}</guid><pubDate>{rfc822(a.dt, '+0000')}</pubDate>
<description>{e(excerpt(a))}</description><category>{e(TG['sections'][a.section])}</category></item>""" for a in shown)
    w.raw("rss.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{e(TG['title'])}</title><link>{PH}/</link><description>{e(TG['tagline'])}</description>
<language>en-gb</language><lastBuildDate>{rfc822(shown[0].dt, '+0000')}</lastBuildDate>{items}
</channel></rss>
""")
    urls = "".join(f"\n<url><loc>{PH}{a.path}</loc><lastmod>{a.published}</lastmod><changefreq>never</changefreq></url>"
                   for a in sorted(shown, key=lambda a: a.dt))
    w.raw("sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}\n</urlset>\n')
    w.raw("robots.txt", f"User-agent: *\nDisallow: /search/\nDisallow: /account/\n\nSitemap: {PH}/sitemap.xml\n")
    w.raw("static/css/site.css", "body{font-family:Georgia,serif}.cookie-consent{position:fixed;bottom:0}\n")
    w.raw("static/js/site.js", "/* cookie banner + disqus loader */\n")
    w.raw("static/ads/leaderboard.png", png(72, 9, (20, 20, 20)))
    w.raw("static/ads/mpu.png", png(30, 25, (200, 30, 60)))
    w.raw("static/img/avatar.png", png(8, 8, (150, 150, 150)))
    for k in range(1, 9):
        w.raw(f"static/img/photo-{k:02d}.png", png(32, 18, (30, 30 + 20 * k, 90)))
    return golds


# ======================================================================================
# nahrain: utility classes only, boilerplate inside <article>, dates only in Arabic words
# ======================================================================================
NH = nahrain.CHROME


def nahrain_date(dt: datetime) -> str:
    hm, ap = h12(dt)
    return f"{AR_DAYS[dt.weekday()]} {indic(dt.day)} {LEV_MONTHS[dt.month - 1]} {indic(dt.year)} - {indic(hm)} {ap}"


def nahrain_doc(pg: Page, title: str, main: str, arts: list[Art], rng: random.Random, *, head_extra: str = "",
                current: Art | None = None) -> str:
    nav = "".join(f'<a class="px-3 py-2 text-sm hover:underline" href="/section/{k}">{e(v)}</a>' for k, v in NH["sections"].items())
    most = "".join(f'<li class="py-2 border-b border-gray-100"><a class="text-sm hover:text-teal-700" href="{b.path}">{pg.b(b.title)}</a></li>'
                   for b in pick_most_read(current, arts, rng, k=4))
    flinks = "".join(f'<a class="text-xs text-gray-400 hover:text-white" href="/page/{i}">{pg.b(t)}</a>' for i, t in enumerate(NH["footer_links"]))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} - {e(NH['title'])}</title>
{head_extra}<link rel="stylesheet" href="/assets/app.css"></head>
<body class="bg-white text-gray-900 antialiased">
<div class="min-h-screen flex flex-col">
<div class="bg-teal-900 text-white"><div class="container mx-auto px-4 py-3 flex items-center justify-between"><a class="text-2xl font-extrabold" href="/">{e(NH['title'])}</a><div class="hidden md:flex">{nav}</div></div></div>
<div class="container mx-auto px-4 grid grid-cols-12 gap-6 mt-6">
<div class="col-span-12 lg:col-span-8">
{main}
</div>
<div class="col-span-12 lg:col-span-4"><div class="rounded-xl border border-gray-200 p-4"><div class="text-lg font-bold mb-2">{pg.b(NH['most_read'])}</div><ul>{most}</ul></div></div>
</div>
<div class="mt-auto bg-gray-900 text-gray-300"><div class="container mx-auto px-4 py-6 flex flex-col gap-2"><div class="flex gap-4">{flinks}</div><div class="text-sm">{pg.b(NH['footer'][1])}</div><div class="text-xs text-gray-500">{pg.b(NH['footer'][0])}</div></div></div>
</div>
<script src="/assets/app.js" defer></script>
</body></html>
"""


def nahrain_article(a: Art, arts: list[Art]) -> tuple[str, Page]:
    pg = Page()
    rng = random.Random(f"nahrain:{a.path}")
    related = pick_related(a, arts, rng, k=3)
    ticker = "".join(f'<span class="px-3">{pg.b(t)}</span>' for t in NH["ticker"])
    share = (f'<div class="flex items-center gap-2 my-4"><span class="text-sm text-gray-500">{pg.b(NH["share_label"])}</span>'
             + "".join(f'<a class="rounded-full bg-gray-100 px-3 py-1 text-xs" href="https://share.example.net/{i}?u={ea(a.path)}">{pg.b(s)}</a>'
                       for i, s in enumerate(NH["share"])) + "</div>")
    caption = NH["captions"][a.n % len(NH["captions"])]
    photo_html = (f'<div class="my-4"><img class="w-full rounded-lg" src="/assets/photos/{a.n % 4 + 1}.png" alt="">'
                  f'<div class="text-xs text-gray-500 mt-1">{pg.b(caption)}</div></div>')
    ps = [f"<p>{e(p)}</p>" for p in a.paras]
    also = related[0]
    ps.insert(2, f'<p><strong>{pg.b(NH["read_also"])}</strong> <a class="text-teal-700" href="{also.path}">{pg.b(also.title)}</a></p>')
    ps.insert(4, f'<div class="rounded-lg bg-teal-50 p-4 my-6 text-sm"><p>{pg.b(NH["newsletter"])}</p>'
                 f'<form class="flex gap-2 mt-2"><input class="border rounded px-2" type="email"><button class="bg-teal-700 text-white rounded px-3">اشترك</button></form></div>')
    tags = (f'<div class="flex flex-wrap gap-2 mt-6"><span class="text-sm font-bold">{pg.b(NH["tags_label"])}</span>'
            + "".join(f'<a class="rounded-full border px-3 py-1 text-xs" href="/tag/{i}">{e(t)}</a>' for i, t in enumerate(NH["tags"])) + "</div>")
    cards = "".join(
        f'<div class="flex gap-3 py-3 border-b border-gray-100"><img class="w-24 h-16 rounded object-cover" src="/assets/photos/{b.n % 4 + 1}.png" alt="">'
        f'<div><a class="font-bold hover:text-teal-700" href="{b.path}">{pg.b(b.title)}</a>'
        f'<p class="text-sm text-gray-600 mt-1">{pg.b(excerpt(b, long=True))}</p>'
        f'<div class="text-xs text-gray-400 mt-1">{pg.b("نشر في " + indic(b.dt.day) + " " + LEV_MONTHS[b.dt.month - 1] + " " + indic(b.dt.year))}</div></div></div>'
        for b in related)
    comments = list(zip(rng.sample(NH["commenters"], 3), rng.sample(NH["comment_texts"], 3)))
    clist = "".join(f'<div class="py-3 border-b border-gray-100"><div class="text-sm font-bold">{e(n)}</div>'
                    f'<p class="text-sm text-gray-700 mt-1">{pg.b(t)}</p></div>' for n, t in comments)
    pre, name = a.byline
    main = f"""<article class="mt-2">
<div class="flex items-center bg-red-700 text-white text-sm rounded overflow-hidden"><span class="bg-red-900 px-3 py-1 font-bold">{pg.b(NH['ticker_label'])}</span><div class="whitespace-nowrap overflow-hidden">{ticker}</div></div>
<div class="text-xs text-gray-500 mt-4"><a href="/">الرئيسية</a> / <a href="/section/{a.section}">{e(NH['sections'][a.section])}</a></div>
<h1 class="text-3xl font-bold leading-relaxed mt-2">{e(a.title)}</h1>
<div class="flex gap-2 text-sm text-gray-500 mt-2"><span>{e(pre)}: {e(name)}</span><span class="text-gray-300">|</span><span>{pg.b(nahrain_date(a.dt))}</span></div>
{share}
{photo_html}
<div class="text-lg leading-9 space-y-4">
{chr(10).join(ps)}
</div>
{tags}
<div class="mt-8"><div class="text-xl font-bold mb-2">{pg.b(NH['more_label'])}</div>{cards}</div>
<div class="mt-8"><div class="text-xl font-bold">{pg.b(NH['comments'])} ({len(comments)})</div><div class="text-xs text-gray-400">{pg.b(NH['comment_note'])}</div>{clist}</div>
</article>"""
    head = f'<meta property="og:type" content="article">\n<link rel="canonical" href="{a.path}">\n'
    return nahrain_doc(pg, a.title, main, arts, rng, head_extra=head, current=a), pg


def build_nahrain(arts: list[Art], w: Writer) -> list[dict]:
    golds = write_articles(arts, w, nahrain_article)
    shown = listed(arts)
    rows = "".join(f'<div class="py-4 border-b"><a class="text-xl font-bold" href="{b.path}">{e(b.title)}</a>'
                   f'<p class="text-gray-600">{e(excerpt(b))}</p></div>' for b in shown)
    w.html("/", nahrain_doc(Page(), NH["title"], f'<h1 class="text-2xl font-bold">آخر الأخبار</h1>{rows}', arts,
                            random.Random("nahrain:home")))
    for slug, name in NH["sections"].items():
        sec_rows = "".join(f'<div class="py-4 border-b"><a class="text-xl font-bold" href="{b.path}">{e(b.title)}</a></div>'
                           for b in shown if b.section == slug)
        w.html(f"/section/{slug}", nahrain_doc(Page(), name, f'<h1 class="text-2xl font-bold">{e(name)}</h1>{sec_rows}',
                                               arts, random.Random(f"nahrain:{slug}")))
    urls = "".join(f"\n<url><loc>{PH}{a.path}</loc></url>" for a in sorted(shown, key=lambda a: a.dt))
    w.raw("sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}\n</urlset>\n')
    w.raw("robots.txt", f"User-agent: *\nDisallow: /api/\n\nSitemap: {PH}/sitemap.xml\n")
    w.raw("assets/app.css", ".flex{display:flex}.grid{display:grid}\n")
    w.raw("assets/app.js", "/* ticker */\n")
    for k in range(1, 5):
        w.raw(f"assets/photos/{k}.png", png(32, 18, (20, 100 + 20 * k, 120)))
    return golds


BUILDERS = {"almada": build_almada, "rafidain": build_rafidain, "sawt": build_sawt, "tigris": build_tigris,
            "nahrain": build_nahrain}


def main() -> int:
    all_arts = load_articles()
    SITES_DIR.mkdir(parents=True, exist_ok=True)
    manifest = []
    for site, builder in BUILDERS.items():
        w = Writer(site)
        if w.root.exists():
            shutil.rmtree(w.root)
        w.www.mkdir(parents=True)
        meta = {k: v for k, v in SITE_META[site].items()}
        (w.root / "site.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        arts = all_arts[site]
        golds = builder(arts, w)
        for a, g in zip(arts, golds):
            manifest.append({"site": site, "url_path": a.path, "expect": a.expect, "wire": a.wire,
                             "story": a.story, "title": a.title})
        n_art = sum(1 for a in arts if a.is_article)
        print(f"{site:9s} {n_art:2d} articles, {sum(1 for a in arts if a.expect == 'reject')} rejects, "
              f"{sum(1 for a in arts if a.expect == 'robots')} robots-only")
    (SITES_DIR / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    print(f"wrote {len(manifest)} pages with gold files under {SITES_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
