"""Site template learning and the extractor around it, on small hand-made sites and the demo pages."""
from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from demo.gold import demo_cases
from pipeline.eval.extraction import prf
from pipeline.extract.extractor import Extractor, extractor_for, site_template
from pipeline.extract.metadata import take_captions
from pipeline.record import Rejection

TICKER = "عاجل: انقطاع الطريق السريع بين بغداد والحلة بسبب أعمال صيانة طارئة"
CLOSING = "وكانت الحكومة قد أعلنت مطلع العام خطة لإعادة إعمار البنى التحتية في المحافظات المتضررة من الحرب."
PROMO = "تابعوا قناتنا على تيليغرام لتصلكم الأخبار العاجلة أولا بأول ومن دون انقطاع على مدار الساعة"

BODIES = [
    ["افتتحت مديرية الطرق جسرا جديدا فوق نهر ديالى بعد أعمال استمرت ثلاث سنوات وكلفت عشرات الملايين.",
     "وقال مدير المشروع إن الجسر سيخفف الزحام على الطريق القديم الذي يسلكه آلاف السائقين كل يوم.",
     "وأبدى سكان المنطقة ارتياحهم لانتهاء الأعمال التي عطلت حركة الشاحنات والحافلات طويلا."],
    ["أعلنت وزارة الزراعة بدء حملة لمكافحة الآفات في بساتين النخيل جنوب البلاد قبل موسم الحصاد المقبل.",
     "وأوضح متحدث باسم الوزارة أن الطائرات ستغطي أكثر من مئة ألف دونم خلال الأسابيع الثلاثة المقبلة.",
     "وطالب مزارعون بتعويضات عن خسائر الموسم الماضي التي تسببت بها حشرة الدوباس في البساتين."],
    ["استقبلت المكتبة المركزية في الجامعة آلاف الكتب المهداة من دور نشر عربية ضمن مبادرة لدعم الطلبة.",
     "وقالت مديرة المكتبة إن الكتب ستفهرس خلال شهر وتتاح للإعارة لطلبة الدراسات العليا أولا.",
     "ويأمل القائمون على المبادرة أن تتوسع لتشمل مكتبات الكليات في المحافظات الأخرى أيضا."],
    ["بدأت أمانة العاصمة حملة لتأهيل الأرصفة في شارع الرشيد التاريخي وسط بغداد بعد سنوات من الإهمال.",
     "وأكد مسؤول في الأمانة أن الأعمال ستحافظ على الطابع المعماري للمباني القديمة وواجهاتها.",
     "ورحب أصحاب المحال بالحملة لكنهم طالبوا بإنجازها سريعا كي لا تتضرر تجارتهم طويلا."],
]
TITLES = ["افتتاح جسر جديد فوق نهر ديالى", "حملة لمكافحة آفات النخيل", "آلاف الكتب لمكتبة الجامعة",
          "تأهيل أرصفة شارع الرشيد"]


def page(i: int, closing: bool = True, body=None) -> str:
    """One page of a site with hashed class names; boilerplate inside <article>."""
    body = body or BODIES[i]
    paras = [f"<p>{p}</p>" for p in body]
    if closing:
        paras.append(f"<p>{CLOSING}</p>")
    paras.insert(2, f'<div class="_a91f3c rounded p-4">{PROMO}</div>')
    others = [j for j in range(len(TITLES)) if j != i]
    teasers = "".join(f'<div class="_7c2d10"><a href="/n/{j}">{TITLES[j]}</a><p class="_0be4f2">{BODIES[j][0]}</p></div>'
                      for j in others)
    return f"""<html lang="ar"><head><title>{TITLES[i]} | موقع</title></head><body>
<div class="_f00d11">{TICKER}</div>
<article class="_1a2b3c"><h1>{TITLES[i]}</h1>
<div class="_9e8d7c">الأحد ٢٧ أيلول ٢٠١٥ - ٠٩:٤٠ م</div>
<div class="_c0ffee">{''.join(paras)}</div>
<div class="_5ca1ab"><h3>اقرأ أيضا</h3>{teasers}</div></article>
<div class="_b0770m">جميع الحقوق محفوظة للموقع ٢٠١٥</div></body></html>"""


PAGES = [page(i) for i in range(4)]


def test_recurring_blocks_removed_whatever_their_class_names():
    ex = extractor_for(None, PAGES, min_words=20)
    for i, html in enumerate(PAGES):
        rec = ex.extract(html, f"http://site.test/n/{i}")
        assert not isinstance(rec, Rejection), rec
        for boiler in (TICKER, PROMO, "جميع الحقوق محفوظة", *(BODIES[j][0] for j in range(4) if j != i)):
            assert boiler not in rec.text, (i, boiler)
        assert rec.text.split("\n\n") == [*BODIES[i], CLOSING]


def test_plain_trafilatura_keeps_that_boilerplate():
    """The comparison means something: without the template the same pages leak."""
    ex = Extractor(None, min_words=20)
    for i, html in enumerate(PAGES):
        text = ex.extract(html, f"http://site.test/n/{i}").text
        assert any(BODIES[j][0] in text for j in range(4) if j != i), i  # the teasers


def test_body_text_that_recurs_is_kept():
    """The wire's standard closing sentence is on every page, in the body: it stays."""
    ex = extractor_for(None, PAGES, min_words=20)
    for i, html in enumerate(PAGES):
        assert ex.extract(html, f"http://site.test/n/{i}").text.endswith(CLOSING)


def test_copies_of_one_wire_in_a_run_are_not_gutted():
    """Two pages carrying the same article share their whole body; that is not boilerplate."""
    pages = [*PAGES, page(0, body=BODIES[0])]  # page 0 twice (a republished copy)
    ex = extractor_for(None, pages, min_words=20)
    for html in (pages[0], pages[-1]):
        rec = ex.extract(html, "http://site.test/copy")
        assert not isinstance(rec, Rejection)
        assert rec.text.split("\n\n") == [*BODIES[0], CLOSING]


SUBHEADS = ["مخزون مشترك للمياه", "صندوق للتمويل", "تحديات المناخ", "خطة العام المقبل"]


def test_a_subheading_in_a_slot_of_recurring_labels_stays():
    # in the body, <p><strong> holds the recurring "اقرأ أيضا:" labels (the slot is mostly
    # recurring text: boilerplate) and, on each page, a bold subheading of its own
    def labelled(i: int) -> str:
        label = "<p><strong>اقرأ أيضا:</strong> <a href='/n/{j}'>{t}</a></p>"
        paras = [f"<p>{p}</p>" for p in BODIES[i]]
        paras.insert(1, f"<p><strong>{SUBHEADS[i]}</strong></p>")
        paras.insert(1, label.format(j=(i + 1) % 4, t=TITLES[(i + 1) % 4]))
        paras.insert(1, "<p><strong>إعلان</strong></p>")
        paras.append(label.format(j=(i + 2) % 4, t=TITLES[(i + 2) % 4]))
        return page(i, closing=False).replace("".join(f"<p>{p}</p>" for p in BODIES[i][:2]), "".join(paras[:-2]), 1) \
            .replace(f"<p>{BODIES[i][2]}</p>", "".join(paras[-2:]), 1)
    pages = [labelled(i) for i in range(4)]
    ex = extractor_for(None, pages, min_words=20)
    for i, html in enumerate(pages):
        rec = ex.extract(html, f"http://site.test/n/{i}")
        assert SUBHEADS[i] in rec.text.split("\n\n"), (i, rec.text)
        assert "اقرأ أيضا" not in rec.text and "إعلان" not in rec.text and all(b in rec.text for b in BODIES[i])


def test_a_label_that_opens_a_sentence_on_every_page_stays():
    # "<p><strong>لماذا يهم:</strong> ...": the same bold label opens a paragraph on every page of the
    # site (a recurring slot), but it is part of the sentence; a recurring label before a link is not
    pages = [page(i).replace(f"<p>{BODIES[i][0]}</p>", f"<p><strong>لماذا يهم:</strong> {BODIES[i][0]}</p>")
             .replace(f"<p>{CLOSING}</p>", f"<p>{CLOSING}</p><p><strong>اقرأ أيضا:</strong> "
                      f"<a href='/n/{(i + 1) % 4}'>{TITLES[(i + 1) % 4]}</a></p>") for i in range(4)]
    ex = extractor_for(None, pages, min_words=20)
    for i, html in enumerate(pages):
        text = ex.extract(html, f"http://site.test/n/{i}").text
        assert f"لماذا يهم: {BODIES[i][0]}" in text, text
        assert "اقرأ أيضا" not in text


def test_the_template_never_costs_a_page_its_whole_body():
    # an infinite-scroll site: each page carries the next article whole, so with a sibling page
    # every article's text recurs; the template prunes the article's header, and trafilatura
    # finds no body in what is left. The page is then extracted with the rules alone.
    from pathlib import Path
    site = Path(__file__).parent / "fixtures" / "blind_sites_7" / "b" / "northline-daily" / "www"
    pages = sorted(p for p in site.rglob("*.html") if p.name != "index.html")
    ex = extractor_for(None, [p.read_bytes() for p in pages], [(site / "index.html").read_bytes()], min_words=40)
    for p in pages:
        rec = ex.extract(p.read_bytes(), "http://northlinedaily.test/" + str(p.relative_to(site)))
        assert not isinstance(rec, Rejection), rec
        assert rec.word_count > 200 and rec.published


def test_readers_comments_go_though_their_recurring_heading_is_a_template_slot():
    # an old table layout (blind set 8a, no longer blind): the same heading on every page ("تعليقات
    # الزوار (٢)") in a styled cell of its own, other readers' comments under it on each. The template
    # must leave the heading to the rules, which take it with the comments it announces.
    from pathlib import Path
    site = Path(__file__).parent / "fixtures" / "blind_sites_8" / "a" / "bawabat_alnahar" / "www"
    golds = sorted(site.rglob("*.gold.json"))
    pages = [(json.loads(g.read_text(encoding="utf-8")), g.with_name(g.name[:-10] + ".html").read_bytes()) for g in golds]
    ex = extractor_for(None, [html for _, html in pages], min_words=40)
    for gold, html in pages:
        text = ex.extract(html, gold["url"]).text
        assert not [b for b in gold["boilerplate"] if len(b) >= 8 and b in text], text


def test_a_table_of_figures_in_an_old_table_layout_stays():
    # an old newspaper layout: the page is tables; a widget of numbers (prayer times) recurs in
    # the same cell slots as the article's own table of figures, whose numbers differ page to page
    def old_page(i: int) -> str:
        cell = "<td align='center'><font size='2'>{}</font></td>"
        rows = "".join(f"<tr>{cell.format(name)}{cell.format(10 * i + k)}{cell.format(f'{i}.{k}')}</tr>"
                       for k, name in enumerate(("العاصمة", "حولي", "الجهراء")))
        times = "".join(f"<tr>{cell.format(n)}{cell.format(f'0{k + 4}:1{k}')}</tr>" for k, n in enumerate(("الفجر", "الظهر")))
        body = "<br><br>".join(BODIES[i])
        return (f"<html><body><table width='100%'><tr><td><table><tr>{cell.format('الرئيسية')}{cell.format('محليات')}"
                f"</tr></table><table>{times}</table></td><td><font size='3'><b>{TITLES[i]}</b></font><br>"
                f"<font size='2'>{body}</font><br><table border='1' align='center'>{rows}</table></td></tr>"
                f"</table></body></html>")
    pages = [old_page(i) for i in range(4)]
    ex = extractor_for(None, pages, min_words=20)
    for i, html in enumerate(pages):
        text = ex.extract(html, f"http://old.test/n/{i}").text
        assert f"{10 * i + 2}" in text and f"{i}.2" in text and "الجهراء" in text, (i, text)
        assert "الفجر" not in text, (i, text)


def test_a_run_of_one_page_uses_the_sites_history(tmp_path):
    ctx = SimpleNamespace(catalog=f"sqlite:///{tmp_path}/catalog.sqlite")
    site_template(ctx, "hashed", PAGES[:3], save=True)          # a first run of three pages
    learnt = site_template(ctx, "hashed")                        # later: no pages of its own
    assert learnt and learnt.df is None
    rec = Extractor(None, min_words=20, template=learnt).extract(PAGES[3], "http://site.test/n/3")
    assert PROMO not in rec.text and TICKER not in rec.text
    assert rec.text.split("\n\n") == [*BODIES[3], CLOSING]
    # a preview (save=False) and a batch of fewer than 3 pages add nothing to the history
    before = learnt.to_rows()
    site_template(ctx, "hashed", PAGES[:2], save=True)
    site_template(ctx, "hashed", PAGES, save=False)
    assert sorted(r["pages"] for r in site_template(ctx, "hashed").to_rows()) == sorted(r["pages"] for r in before)


def test_extractor_for_with_a_catalog_is_a_runs_learning(tmp_path):
    """extractor_for(catalog=..., save=True) learns as a run does (site_template): the batch's
    statistics are saved, and a later batch of one page extracts with that history."""
    from pipeline.config import SiteConfig

    site = SiteConfig(name="hashed", article_url_patterns=["/n/"])
    catalog = f"sqlite:///{tmp_path}/catalog.sqlite"
    extractor_for(site, PAGES[:3], catalog=catalog, save=True, min_words=20)
    saved = site_template(SimpleNamespace(catalog=catalog), "hashed")
    assert saved and saved.df is None
    rec = extractor_for(site, [PAGES[3]], catalog=catalog, min_words=20).extract(PAGES[3], "http://site.test/n/3")
    assert rec.site == "hashed" and rec.text.split("\n\n") == [*BODIES[3], CLOSING]
    with pytest.raises(ValueError):
        extractor_for(None, PAGES, catalog=catalog)  # a history belongs to a site
    with pytest.raises(ValueError):
        extractor_for(site, PAGES, save=True)  # nothing to save into


def test_two_articles_of_a_site_are_not_taken_for_copies():
    """In a batch of two the chrome is on every page; only shared prose makes two pages copies."""
    ex = extractor_for(None, PAGES[:2], min_words=20)
    rec = ex.extract(PAGES[0], "http://site.test/n/0")
    assert TICKER not in rec.text and PROMO not in rec.text
    assert rec.text.startswith("\n\n".join(BODIES[0])) and CLOSING in rec.text


def listing() -> str:
    """The site's home page: its chrome around teasers of articles (unique text, but not content)."""
    cards = "".join(f'<div class="_7c2d10"><a href="/n/{j}">{TITLES[j]}</a><p class="_0be4f2">{BODIES[j][1]} {BODIES[j][2]}</p></div>'
                    for j in range(4))
    return f"""<html lang="ar"><head><title>موقع</title></head><body>
<div class="_f00d11">{TICKER}</div>
<article class="_1a2b3c"><div class="_5ca1ab">{cards}</div></article>
<div class="_b0770m">جميع الحقوق محفوظة للموقع ٢٠١٥</div></body></html>"""


def test_a_rerun_of_one_article_with_listing_pages_keeps_what_history_learnt(tmp_path):
    """One article plus the home page: the home page teaches chrome, and neither it nor a lone
    article outvotes the history that the teaser block is boilerplate."""
    ctx = SimpleNamespace(catalog=f"sqlite:///{tmp_path}/catalog.sqlite")
    site_template(ctx, "hashed", PAGES[:3], save=True)
    learnt = site_template(ctx, "hashed", [PAGES[3]], context=[listing(), listing()], save=True)
    rec = Extractor(None, min_words=20, template=learnt).extract(PAGES[3], "http://site.test/n/3")
    assert all(BODIES[j][0] not in rec.text for j in range(3))
    assert rec.text.split("\n\n") == [*BODIES[3], CLOSING]
    # a young site's first article with its home page: the chrome they share is learnt
    fresh = SimpleNamespace(catalog=f"sqlite:///{tmp_path}/fresh.sqlite")
    first = site_template(fresh, "hashed", [PAGES[0]], context=[listing()])
    assert first.boilerplate(next(k for k in first.slots if k.endswith("div._f00d11")))
    assert not any(first.boilerplate(k) for k in first.slots if k.endswith("div._c0ffee"))


def test_explain_says_what_was_removed_and_why():
    ex = extractor_for(None, PAGES, min_words=20, explain=True)
    removed = ex.extract(PAGES[0], "http://site.test/n/0").extras["removed"]
    promo = [r for r in removed if PROMO[:30] in r["text"]]
    assert promo and promo[0]["by"] == "template" and promo[0]["recurring_share"] >= 0.6
    assert promo[0]["pages"] == 4 and "._a91f3c" in promo[0]["slot"]


def test_date_in_arabic_words_under_the_headline_not_a_teasers():
    html = PAGES[0].replace('<div class="_5ca1ab">', '<div class="_5ca1ab"><span>نشر في ١ كانون الثاني ٢٠٢٠</span>')
    rec = Extractor(None, min_words=20).extract(html, "http://site.test/n/0")
    assert rec.published == "2015-09-27T21:40:00"


def test_captions_and_credits_kept_out_of_the_text():
    html = PAGES[0].replace('<div class="_c0ffee">', '<div class="_c0ffee"><div><img src="/p.jpg">'
                            '<div class="text-xs">جسر ديالى الجديد - تصوير: علي كريم</div></div>')
    rec = Extractor(None, min_words=20).extract(html, "http://site.test/n/0")
    assert "تصوير" not in rec.text and "جسر ديالى الجديد" not in rec.text
    assert rec.extras["captions"] == [{"caption": "جسر ديالى الجديد", "credit": "علي كريم"}]
    import lxml.html

    tree = lxml.html.fromstring("<div><figure><img src=a><figcaption>Troops in Mosul. Photo: Reuters</figcaption></figure></div>")
    assert take_captions(tree) == [{"caption": "Troops in Mosul.", "credit": "Reuters"}]


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "\x00\x01garbage", "<p>too short</p>"])
def test_bad_input_is_a_rejection_with_a_reason(html):
    ex = extractor_for(None, PAGES)
    rec = ex.extract(html, "http://site.test/bad")
    assert isinstance(rec, Rejection) and rec.reason in ("unparseable", "not_article", "too_short") and rec.detail


def test_demo_sites_need_no_drop_lists():
    """sawt's hashed-class drop list, tigris' and almada's are gone; gold is met by learning."""
    import yaml

    from pipeline.context import PROJECT_ROOT

    for name in ("sawt", "tigris", "almada", "nahrain"):
        cfg = yaml.safe_load((PROJECT_ROOT / "config" / "sites" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert not (cfg.get("extraction") or {}).get("drop"), name
    sawt = [c for c in demo_cases() if c.group == "sawt" and c.gold["expect"] == "article"]
    ex = extractor_for(None, [c.html for c in demo_cases() if c.group == "sawt"])
    for case in sawt:
        rec = ex.extract(case.html, case.url)
        assert prf(case.gold["text"], rec.text)[2] >= 0.99, case.url
        assert not [s for s in case.gold["boilerplate"] if len(s) >= 8 and s in rec.text], case.url


def test_extract_explain_cli(tmp_path):
    from pipeline.context import PROJECT_ROOT

    """A developer previews one page: the catalog's template for the site (from earlier runs) applies."""
    cases = [c for c in demo_cases() if c.group == "sawt"]
    env_catalog = f"sqlite:///{tmp_path}/catalog.sqlite"
    site_template(SimpleNamespace(catalog=env_catalog), "sawt", [c.html for c in cases[1:]], save=True)  # a run
    case = cases[0]
    f = tmp_path / "page.html"
    f.write_text(case.html, encoding="utf-8")
    files = [str(f)]
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "--catalog", env_catalog, "extract", *files,
                           "--site", "sawt", "--explain"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["removed"]
    assert any(r["slot"].endswith(("._6af2a3", "._edb2c2")) or "._" in r["slot"]
               for r in rows[0]["removed"] if r["by"] == "template")
    assert prf(case.gold["text"], rows[0]["text"])[2] >= 0.99
    assert not [s for s in case.gold["boilerplate"] if len(s) >= 8 and s in rows[0]["text"]]
    # Without a site there is no template, but the rules that need no history still explain themselves.
    plain = subprocess.run([sys.executable, "-m", "pipeline.cli", "--catalog", env_catalog, "extract", files[0],
                            "--explain"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    row = json.loads(plain.stdout)
    assert "removed" in row and not [r for r in row["removed"] if r["by"] == "template"]
