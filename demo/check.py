#!/usr/bin/env python3
"""Self-check of the generated demo sites (standard library only; builds nothing).

    python demo/check.py            # static checks + a live server smoke test
    python demo/check.py --static   # static checks only

Static: every gold file against its page (boilerplate present in the page and absent from the gold
text, body paragraphs present, sizes, dates in the place each site keeps them), per-site counts,
wire copies near-identical, same-story coverage from different wires kept apart, robots.txt /
sitemaps / feeds / listing links pointing only at existing pages. Live: DemoSites on free ports,
fetched with urllib / http.client (flaky paths, gzip, windows-1256, redirects, 404s, proxy mode).
"""
from __future__ import annotations

import gzip
import html
import http.client
import itertools
import json
import re
import socket
import sys
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo.server import (BASE_URL_PLACEHOLDER, DemoSites, Site, load_sites, page_path,  # noqa: E402
                                  resolve)

SITES_DIR = ROOT / "demo" / "sites"
FORBIDDEN_CLASS_WORDS = ("related", "comment", "ticker", "share", "footer", "nav", "sidebar")
problems: list[str] = []
notes: list[str] = []


def fail(msg: str) -> None:
    problems.append(msg)


def codec(site: Site) -> str:
    return {"windows-1256": "cp1256"}.get(site.encoding, site.encoding)


def page_text(src: str) -> str:
    """Visible-ish text: tags dropped, entities decoded, whitespace collapsed."""
    src = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", src)
    text = html.unescape(re.sub(r"<[^>]+>", " ", src))
    return re.sub(r"\s+", " ", text)


_DIAC = re.compile("[\u064B-\u0652\u0670\u0640]")


def words(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", text).lower()
    t = _DIAC.sub("", t)
    t = re.sub("[أإآٱ]", "ا", t).replace("ة", "ه").replace("ى", "ي").replace("ؤ", "و").replace("ئ", "ي")
    return re.findall(r"\w+", t)


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def shingles(ws: list[str], n: int = 5) -> set:
    return {tuple(ws[i:i + n]) for i in range(max(0, len(ws) - n + 1))}


# ---- static checks -----------------------------------------------------------------------------
def check_pages(sites: dict[str, Site]) -> dict[str, list[dict]]:
    golds: dict[str, list[dict]] = defaultdict(list)
    for name, site in sites.items():
        for gp in sorted(site.www.rglob("*.gold.json")):
            gold = json.loads(gp.read_text(encoding="utf-8"))
            where = f"{name}{gold['url_path']}"
            fp = gp.with_name(gp.name[: -len(".gold.json")] + ".html")
            if not fp.is_file():
                fail(f"{where}: no page beside {gp.name}")
                continue
            try:
                if page_path(SITES_DIR, name, gold["url_path"]) != fp:
                    fail(f"{where}: url_path does not map to {fp.relative_to(SITES_DIR)}")
            except FileNotFoundError:
                fail(f"{where}: url_path does not resolve")
            raw = fp.read_bytes()
            try:
                src = raw.decode(codec(site))
            except UnicodeDecodeError as exc:
                fail(f"{where}: not {site.encoding}: {exc}")
                continue
            text = page_text(src)
            full = html.unescape(src)
            gtext = gold["text"]
            for s in gold["boilerplate"]:
                if s not in text and s not in full:
                    fail(f"{where}: boilerplate not on page: {s[:60]!r}")
                if s in gtext:
                    fail(f"{where}: boilerplate inside gold text: {s[:60]!r}")
            if gold["title"] not in text:
                fail(f"{where}: title not on page")
            if not re.search(r"<h1\b[^>]*>" if name != "rafidain" else r'<font size="5"', src):
                fail(f"{where}: no headline element")
            if gold["expect"] in ("article", "robots"):
                paras = gtext.split("\n\n")
                nwords = len(gtext.split())
                if not 5 <= len(paras) <= 12:
                    fail(f"{where}: {len(paras)} paragraphs")
                if not 150 <= nwords <= 450:
                    fail(f"{where}: {nwords} words")
                for p in paras:
                    if p not in text:
                        fail(f"{where}: gold paragraph not on page: {p[:50]!r}")
                if not gold["story"]:
                    fail(f"{where}: article without story")
                if len(gold["boilerplate"]) < 15:
                    fail(f"{where}: only {len(gold['boilerplate'])} boilerplate strings")
            elif gold["expect"] == "reject":
                if len(page_text(re.sub(r"(?is).*?<h1", "<h1", src, count=1)).split()) < 10:
                    fail(f"{where}: reject page suspiciously empty")
            else:
                fail(f"{where}: bad expect {gold['expect']!r}")
            check_dates(name, where, src, gold)
            if name == "sawt":
                for attr in re.findall(r'\b(?:class|id)="([^"]*)"', src):
                    low = attr.lower()
                    hit = [w for w in FORBIDDEN_CLASS_WORDS if w in low]
                    if hit:
                        fail(f"{where}: class/id {attr!r} contains {hit}")
            if name == "rafidain":
                if 'charset="windows-1256"' not in src:
                    fail(f"{where}: no windows-1256 meta charset")
                if re.search(r"<(article|header|footer|nav|main|section|aside)\b", src):
                    fail(f"{where}: semantic tag in the table layout")
            gold["_file"] = fp
            gold["_site"] = name
            golds[name].append(gold)
    return golds


def check_dates(name: str, where: str, src: str, gold: dict) -> None:
    pub = gold["published"]
    if pub is None:
        if gold["expect"] != "reject":
            fail(f"{where}: no published date")
        elif re.search(r"published_time|datePublished|<time|class=\"date\"", src):
            fail(f"{where}: gold has no date but the page shows one")
        return
    if name == "almada":
        m = re.search(r'<meta property="article:published_time" content="([^"]+)"', src)
        if not m or m.group(1) != pub:
            fail(f"{where}: article:published_time {m and m.group(1)!r} != {pub!r}")
    elif name == "sawt":
        m = re.search(r'<script type="application/ld\+json">(.*?)</script>', src, re.S)
        ld = json.loads(m.group(1)) if m else {}
        if ld.get("datePublished") != pub:
            fail(f"{where}: JSON-LD datePublished {ld.get('datePublished')!r} != {pub!r}")
        if gold["expect"] == "article" and ld.get("@type") != "NewsArticle":
            fail(f"{where}: JSON-LD type {ld.get('@type')!r}")
    elif name == "tigris":
        m = re.search(r'<time class="published"[^>]*datetime="([^"]+)"', src)
        if not m or m.group(1) != pub:
            fail(f"{where}: <time datetime> {m and m.group(1)!r} != {pub!r}")
    elif name == "rafidain":
        m = re.search(r'<font class="date"[^>]*>([^<]+)</font>', src)
        if not m:
            fail(f"{where}: no <font class=\"date\">")
            return
        shown = html.unescape(m.group(1))
        if not re.search("[٠-٩]", shown):
            fail(f"{where}: rafidain date without Arabic-Indic digits: {shown!r}")
        if re.search(r"\d{4}-\d{2}-\d{2}", src):
            fail(f"{where}: machine-readable date on a rafidain page")
        has_time = ":" in shown.split("-")[-1] if " - " in shown else False
        if has_time != ("T" in pub):
            fail(f"{where}: gold precision {pub!r} does not match shown date {shown!r}")


def check_corpus(golds: dict[str, list[dict]]) -> None:
    allg = [g for gs in golds.values() for g in gs]
    counts = {s: sum(1 for g in gs if g["expect"] == "article") for s, gs in golds.items()}
    for s, n in counts.items():
        if n < 11:
            fail(f"{s}: only {n} articles")
    if sum(counts.values()) < 44:
        fail(f"only {sum(counts.values())} articles in total")
    notes.append("articles per site: " + ", ".join(f"{s}={n}" for s, n in counts.items())
                 + f" (total {sum(counts.values())}); rejects="
                 + str(sum(1 for g in allg if g["expect"] == "reject"))
                 + ", robots=" + str(sum(1 for g in allg if g["expect"] == "robots")))
    arts = [g for g in allg if g["expect"] == "article"]
    for g in arts:
        g["_w"] = words(g["text"])
        g["_set"] = set(g["_w"])
        g["_sh"] = shingles(g["_w"])
    by_wire = defaultdict(list)
    for g in arts:
        if g["wire"]:
            by_wire[g["wire"]].append(g)
    if len(by_wire) < 4:
        fail(f"only {len(by_wire)} wires")
    for wire, copies in sorted(by_wire.items()):
        if len(copies) < 2:
            fail(f"wire {wire}: {len(copies)} copy")
        if len({g["title"] for g in copies}) != len(copies):
            fail(f"wire {wire}: copies share a headline")
        sims = []
        for a, b in itertools.combinations(copies, 2):
            j = jaccard(a["_set"], b["_set"])
            sims.append(j)
            if j < 0.8:
                fail(f"wire {wire}: {a['_site']}{a['url_path']} vs {b['_site']}{b['url_path']} word Jaccard {j:.2f} < 0.8")
            if a["text"] == b["text"]:
                fail(f"wire {wire}: two byte-identical copies")
        notes.append(f"wire {wire}: {len(copies)} copies, word Jaccard {min(sims):.2f}-{max(sims):.2f}: "
                     + ", ".join(f"{g['_site']}{g['url_path']}" for g in copies))
    same_story_pairs = 0
    worst = 0.0
    for a, b in itertools.combinations(arts, 2):
        if a["wire"] and a["wire"] == b["wire"]:
            continue
        sh = jaccard(a["_sh"], b["_sh"])
        if a["story"] == b["story"]:
            same_story_pairs += 1
            worst = max(worst, sh)
            if sh >= 0.3:
                fail(f"story {a['story']}: {a['_site']}{a['url_path']} vs {b['_site']}{b['url_path']} 5-gram Jaccard {sh:.2f} >= 0.3")
        elif sh >= 0.3 or jaccard(a["_set"], b["_set"]) >= 0.6:
            fail(f"unrelated pages too similar: {a['_site']}{a['url_path']} vs {b['_site']}{b['url_path']}")
    indep = defaultdict(set)
    for g in arts:
        indep[g["story"]].add(g["wire"] or f"own:{g['_site']}{g['url_path']}")
    big = max(indep.items(), key=lambda kv: len(kv[1]))
    if sum(1 for g in arts if g["story"] == big[0] and not g["wire"]) < 6:
        fail(f"story {big[0]}: fewer than 6 independent articles")
    notes.append(f"same-story/different-wire pairs: {same_story_pairs}, max 5-gram Jaccard {worst:.2f}; "
                 f"story {big[0]} has {len(big[1])} distinct sources")


def _local_path(url: str) -> str:
    parts = urlsplit(url.replace(BASE_URL_PLACEHOLDER, "http://placeholder"))
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _disallowed(site: Site) -> list[str]:
    rp = site.www / "robots.txt"
    if not rp.is_file():
        return []
    return [line.split(":", 1)[1].strip() for line in rp.read_text().splitlines()
            if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()]


def discovery_urls(site: Site) -> dict[str, list[str]]:
    """URL paths each discovery source lists, read from disk."""
    found: dict[str, list[str]] = {}
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "a": "http://www.w3.org/2005/Atom"}
    rp = site.www / "robots.txt"
    todo = []
    if rp.is_file():
        todo += [_local_path(line.split(":", 1)[1].strip()) for line in rp.read_text().splitlines()
                 if line.lower().startswith("sitemap:")]
        found["robots.txt"] = list(todo)
    for extra in ("/news-sitemap.xml", "/sitemap.xml"):
        if (site.www / extra.lstrip("/")).is_file() and extra not in todo:
            todo.append(extra)
    seen = set()
    while todo:
        sm = todo.pop(0)
        if sm in seen:
            continue
        seen.add(sm)
        kind, fp = resolve(site, sm)
        if kind != "file":
            fail(f"{site.name}: sitemap {sm} missing")
            continue
        root = ET.fromstring(Path(fp).read_bytes())
        if root.tag.endswith("sitemapindex"):
            kids = [_local_path(loc.text) for loc in root.iterfind("sm:sitemap/sm:loc", ns)]
            found[sm] = kids
            todo += kids
        else:
            found[sm] = [_local_path(loc.text) for loc in root.iterfind("sm:url/sm:loc", ns)]
    for feed in ("/feed/", "/rss.xml", "/atom.xml"):
        kind, fp = resolve(site, feed)
        if kind != "file":
            continue
        root = ET.fromstring(Path(fp).read_bytes())
        if root.tag == "rss":
            found[feed] = [_local_path(x.text) for x in root.iterfind("channel/item/link")]
        else:
            found[feed] = [_local_path(x.get("href")) for x in root.iterfind("a:entry/a:link", ns)]
    return found


def check_discovery(sites: dict[str, Site], golds: dict[str, list[dict]]) -> None:
    for name, site in sites.items():
        disallow = _disallowed(site)
        found = discovery_urls(site)
        listed = set()
        for source, paths in found.items():
            for p in paths:
                kind, _ = resolve(site, p)
                if kind != "file":
                    fail(f"{name}: {source} lists missing {p}")
                if any(p.startswith(d) for d in disallow):
                    fail(f"{name}: {source} lists robots-disallowed {p}")
                listed.add(p.split("?")[0] if "news.php" not in p else p.split("&")[0])
        for g in golds[name]:
            if g["expect"] == "robots":
                if not any(g["url_path"].startswith(d) for d in disallow):
                    fail(f"{name}: {g['url_path']} expected robots-disallowed")
            elif name in ("almada", "rafidain", "tigris") and g["url_path"] not in listed:
                fail(f"{name}: {g['url_path']} not in any sitemap/feed")
        notes.append(f"{name}: discovery " + ", ".join(f"{k}({len(v)})" for k, v in found.items()))
        # every internal link on every page resolves, unless robots.txt keeps crawlers out of it
        links = Counter()
        pages = [p for p in site.www.rglob("*.html")]
        linked_private = False
        for fp in pages:
            src = fp.read_bytes().decode(codec(site))
            for href in re.findall(r'href="(/[^"#]*)"', src):
                href = html.unescape(href)
                if href.startswith("//"):
                    continue
                links[href] += 1
                if any(href.startswith(d) for d in disallow):
                    linked_private |= href.startswith("/private/")
                    continue
                kind, target = resolve(site, href)
                if kind == "redirect":
                    kind, target = resolve(site, str(target))
                if kind != "file":
                    fail(f"{name}: broken link {href} in {fp.relative_to(site.www)}")
        if name == "almada" and not linked_private:
            fail("almada: the /private/ article is not linked from any page")
        if not any("utm_" in h for h in links) and name in ("almada", "sawt"):
            fail(f"{name}: no tracking-parameter links")


# ---- live server -------------------------------------------------------------------------------
def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def pick_ports(offsets: list[int]) -> tuple[int, int]:
    for base in (8700, 18700, 28700, 38700, 48700):
        if all(_free(base + o) for o in offsets) and _free(base + 99):
            return base, base + 99
    raise SystemExit("no free ports for the live check")


def raw_request(port: int, method: str, target: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, target, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def live_check(sites: dict[str, Site], golds: dict[str, list[dict]]) -> None:
    base, proxy = pick_ports([s.port_offset for s in sites.values() if s.port_offset is not None])
    ds = DemoSites(SITES_DIR, base_port=base, proxy_port=proxy)
    with ds:
        port = {n: ds.port(n) for n in ds.site_names()}
        expect = lambda cond, msg: None if cond else fail("live: " + msg)  # noqa: E731

        st, hd, body = raw_request(port["almada"], "GET", "/robots.txt")
        expect(st == 200 and hd.get("Content-Type", "").startswith("text/plain"), f"robots.txt {st} {hd.get('Content-Type')}")
        expect(f"Sitemap: http://127.0.0.1:{port['almada']}/sitemap_index.xml" in body.decode(), "robots.txt Sitemap line not absolutised")

        for name, (path, status) in {"almada": (next(iter(sites["almada"].flaky)), 503),
                                     "tigris": (next(iter(sites["tigris"].flaky)), 429)}.items():
            st1, hd1, _ = raw_request(port[name], "GET", path)
            st2, _, _ = raw_request(port[name], "GET", path)
            expect(st1 == status and hd1.get("Retry-After") == "1", f"{name} flaky first try {st1} {hd1.get('Retry-After')}")
            expect(st2 == 200, f"{name} flaky second try {st2}")
            notes.append(f"live: {name}{path}: {st1} (Retry-After {hd1.get('Retry-After')}) then {st2}")

        g = next(g for g in golds["tigris"] if g["expect"] == "article")
        st, hd, plain = raw_request(port["tigris"], "GET", g["url_path"])
        st, hdz, zipped = raw_request(port["tigris"], "GET", g["url_path"], {"Accept-Encoding": "gzip, deflate"})
        expect(hdz.get("Content-Encoding") == "gzip" and gzip.decompress(zipped) == plain, "gzip body")
        expect(int(hdz["Content-Length"]) == len(zipped) and "Last-Modified" in hdz, "gzip headers")
        st, hd304, _ = raw_request(port["tigris"], "GET", g["url_path"], {"If-Modified-Since": hd["Last-Modified"]})
        expect(st == 304, f"If-Modified-Since gave {st}")
        st, hdh, bodyh = raw_request(port["tigris"], "HEAD", g["url_path"])
        expect(st == 200 and bodyh == b"" and int(hdh["Content-Length"]) == len(plain), "HEAD")

        g = next(g for g in golds["rafidain"] if g["expect"] == "article")
        with urllib.request.urlopen(f"{ds.base_url('rafidain')}{g['url_path']}&utm_source=rss", timeout=10) as r:
            ctype = r.headers["Content-Type"]
            data = r.read()
        expect(ctype == "text/html; charset=windows-1256", f"rafidain content type {ctype}")
        expect(html.unescape(data.decode("cp1256")).count(g["title"]) >= 1, "rafidain page decodes to its title")
        try:
            data.decode("utf-8")
            fail("live: rafidain page is valid UTF-8, expected cp1256 bytes")
        except UnicodeDecodeError:
            pass
        notes.append(f"live: rafidain{g['url_path']} -> {ctype}, {len(data)} bytes")

        g = next(g for g in golds["almada"] if g["expect"] == "article")
        gold_url = g["url_path"] + "index.gold.json"
        st, _, _ = raw_request(port["almada"], "GET", gold_url)
        expect(st == 404, f"gold file served ({st})")
        st, hd, _ = raw_request(port["almada"], "GET", g["url_path"].rstrip("/"))
        expect(st == 301 and hd.get("Location") == g["url_path"], f"no-slash redirect {st} {hd.get('Location')}")
        st, hd, body = raw_request(port["almada"], "GET", "/no/such/page/")
        expect(st == 404 and b"404" in body, "404 page")
        st, hd, body = raw_request(port["sawt"], "GET", "/article/48101-iraq-russia-iran-syria-intelligence-centre?utm_source=x")
        expect(st == 200, "sawt clean URL with tracking query")

        # every URL from robots/sitemaps/feeds answers 200 through the server
        total = 0
        for name, site in sites.items():
            for source, paths in discovery_urls(site).items():
                for p in paths:
                    st, _, _ = raw_request(port[name], "HEAD", p)
                    total += 1
                    expect(st == 200, f"{name} {source} -> {p}: {st}")
        for name, ctype_want in (("almada", "/feed/"), ("tigris", "/rss.xml"), ("sawt", "/atom.xml"),
                                 ("rafidain", "/news-sitemap.xml")):
            st, hd, body = raw_request(port[name], "GET", ctype_want)
            want = {"/feed/": "application/rss+xml", "/rss.xml": "application/rss+xml",
                    "/atom.xml": "application/atom+xml", "/news-sitemap.xml": "application/xml"}[ctype_want]
            expect(hd.get("Content-Type", "").startswith(want), f"{name}{ctype_want} content type {hd.get('Content-Type')}")
            expect(BASE_URL_PLACEHOLDER.encode() not in body and f"127.0.0.1:{port[name]}".encode() in body,
                   f"{name}{ctype_want} base URL not substituted")
        notes.append(f"live: {total} discovery URLs fetched")

        # proxy: absolute URI through the proxy port, Host header on a site port, unknown host
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": ds.proxy_url}))
        with opener.open("http://www.sawt.test/latest?page=2", timeout=10) as r:
            body = r.read().decode("utf-8")
            expect(r.status == 200 and 'rel="next"' in body and "http://www.sawt.test" not in body, "proxy sawt /latest?page=2")
        with opener.open("http://www.almada.test/robots.txt", timeout=10) as r:
            expect("Sitemap: http://www.almada.test/sitemap_index.xml" in r.read().decode(), "proxy robots base URL")
        st, _, body = raw_request(port["almada"], "GET", "/rss.xml", {"Host": "www.tigris.test"})
        expect(st == 200 and b"<rss" in body, f"Host header routing {st}")
        st, _, _ = raw_request(proxy, "GET", "http://www.unknown.test/", {"Host": "www.unknown.test"})
        expect(st == 502, f"unknown proxied host gave {st}")
        expect("/latest?page=2" in ds.requests_log("sawt"), "requests_log(sawt) misses the proxied request")
        expect("/rss.xml" in ds.requests_log("tigris"), "requests_log(tigris) misses the Host-routed request")
        expect(not any(p.startswith("/private/") for p in ds.requests_log("almada")), "private page fetched")
        notes.append(f"live: proxy ok; requests logged: " + ", ".join(f"{n}={len(ds.requests_log(n))}" for n in ds.site_names()))

        try:
            DemoSites(SITES_DIR, base_port=base).start().stop()
            fail("live: second DemoSites on the same ports did not fail")
        except RuntimeError as exc:
            notes.append(f"live: port clash -> RuntimeError: {str(exc)[:70]}...")
    # stopped: the same ports can be served again right away
    try:
        again = DemoSites(SITES_DIR, base_port=base).start()
        st, _, _ = raw_request(again.port("sawt"), "GET", "/latest")
        again.stop()
        if st != 200:
            fail(f"live: restarted server answered {st}")
    except RuntimeError as exc:
        fail(f"live: cannot restart on the same ports after stop(): {exc}")


def main(argv: list[str]) -> int:
    sites = load_sites(SITES_DIR)
    if sorted(sites) != ["almada", "rafidain", "sawt", "tigris"]:
        fail(f"sites: {sorted(sites)}")
    golds = check_pages(sites)
    manifest = json.loads((SITES_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    n_gold = sum(len(v) for v in golds.values())
    if len(manifest) != n_gold:
        fail(f"MANIFEST has {len(manifest)} entries, {n_gold} gold files exist")
    for m in manifest:
        g = next((g for g in golds[m["site"]] if g["url_path"] == m["url_path"]), None)
        if g is None or (g["wire"], g["story"], g["expect"]) != (m["wire"], m["story"], m["expect"]):
            fail(f"MANIFEST entry disagrees with gold: {m['site']}{m['url_path']}")
    check_corpus(golds)
    check_discovery(sites, golds)
    for name, site in sites.items():
        if site.flaky:
            notes.append(f"{name}: flaky {site.flaky} -> {site.flaky_status}")
    notes.append("robots-disallowed: " + ", ".join(f"{g['_site']}{g['url_path']}" for gs in golds.values()
                                                   for g in gs if g["expect"] == "robots"))
    if "--static" not in argv:
        live_check(sites, golds)
    for n in notes:
        print(n)
    if problems:
        print(f"\n{len(problems)} PROBLEM(S):")
        for p in problems:
            print("  -", p)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
