"""Near-duplicates: wire copies fold, related coverage stays apart; the index lives in the catalog."""
from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import numpy as np
import pytest

from pipeline.dedup.bands import BandMirror
from pipeline.store.catalog import Catalog, CatalogError
from pipeline.config import DedupSettings
from pipeline.dedup.fingerprint import (epoch, fingerprint, fingerprints, is_duplicate, lsh_candidate_probability, similarities,
                            similarity)
from pipeline.dedup.index import DedupIndex, DedupSettingsMismatch, NewDoc, discard_unpublished
from pipeline.normalize import normalize, words
from pipeline.dedup.word_hashes import normalized_units, word_hashes

SEEDS = sorted(Path("/work/shared/seeds").glob("0*.txt")) or sorted(
    (Path(__file__).parent.parent.parent / "shared" / "seeds").glob("0*.txt"))
CFG = DedupSettings()
DAY = epoch("2026-01-05T08:00:00+00:00")


def wire_copy(text: str) -> str:
    """What a republisher does: dateline, hamza/ta marbuta spelled differently, last paragraph cut."""
    paras = [p for p in text.splitlines() if p.strip()]
    body = "\n\n".join(paras[:-1]).replace("أ", "ا").replace("إ", "ا").replace("ة ", "ه ")
    return "بغداد - (وكالات) - " + body


def doc(doc_id, text, ts=DAY, site="s", day="2026-01-05", words_=None, priority=0, sha=None):
    return NewDoc(doc_id, sha or f"sha-{doc_id}", ts, words_ or len(text.split()), priority, fingerprint(text, CFG),
                  {"url_key": f"http://{site}/{doc_id}", "site": site, "day": day, "run_id": f"r-{doc_id}",
                   "status": "published", "published": None})


def add(catalog, *docs):
    with catalog.dedup_lock() as conn:
        return DedupIndex(conn, CFG).add_batch(list(docs))


def article(n: int, seed: int = 0) -> str:
    """A long text of distinct words (no accidental overlap between different seeds)."""
    return "\n\n".join(" ".join(f"w{seed}x{p}x{i}" for i in range(60)) for p in range(n))


def test_normalisation_unifies_arabic_and_latin_variants():
    assert words("إِلى المَدرسةِ ـــ ٢٠٢٤ Café") == words("الي المدرسه 2024 cafe") == ["الي", "المدرسه", "2024", "cafe"]
    assert words("«قالت» الوزارة، اليوم: إن ١٢ شخصاً… don't_stop") == \
        ["قالت", "الوزاره", "اليوم", "ان", "12", "شخصا", "don", "t", "stop"]
    assert normalize("أؤئآٱ ى ة") == "اوياا ي ه"


EDGE_TEXTS = ["إِلى المَدرسةِ ـــ ٢٠٢٤ Café", "«قالت» الوزارة، اليوم: إن ١٢ شخصاً… don't_stop",
              "Straße ﬁne ﻻ ½ ﷺ 😀 x𝐀y", "", "   ", "e\u0301cole (decomposed)", "ـــ", "a_b", "\u0000x",
              "x" * 100 + " abc", "𠜎𠜱 word", "ΣΊΣΥΦΟΣ Ⅻ ㎏ ＦＵＬＬ"]


def test_batched_tokenizer_gives_exactly_words():
    """word_hashes' table-driven normalisation must cut and normalise exactly as words() does."""
    texts = EDGE_TEXTS + [p.read_text(encoding="utf-8") for p in SEEDS] + [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((Path(__file__).parent.parent / "demo" / "sites").rglob("*.html"))[:150]]
    units, ends = normalized_units(texts)
    starts = np.concatenate(([0], ends[:-1]))
    for t, a, b in zip(texts, starts, ends):
        assert units[a:b].tobytes().decode("utf-16-le", "surrogatepass").split() == words(t), t[:60]
    hashes, counts = word_hashes(texts)
    assert counts.tolist() == [len(words(t)) for t in texts]
    # one word, one hash, whichever path its text took (ß and ﬁ send "Straße ﬁne" to words())
    assert (word_hashes(["Straße ﬁne café"])[0] == word_hashes(["strasse fine cafe"])[0]).all()
    assert len(set(word_hashes(["alpha beta gamma alpha"])[0].tolist())) == 3


def test_lsh_banding_is_set_for_recall():
    assert lsh_candidate_probability(0.7, CFG) >= 0.99


@pytest.mark.skipif(not SEEDS, reason="shared/seeds not beside the checkout")
def test_seed_articles_are_related_coverage_not_copies():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    fps = fingerprints(texts, CFG)
    for i in range(len(fps)):
        for j in range(i + 1, len(fps)):
            assert not is_duplicate(*similarity(fps[i].shingles, fps[j].shingles), CFG), (i, j)
        assert is_duplicate(*similarity(fps[i].shingles, fingerprint(wire_copy(texts[i]), CFG).shingles), CFG)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def catalog(request, tmp_path):
    cat = Catalog(request.getfixturevalue("pg_url") if request.param == "postgres"
                  else f"sqlite:///{tmp_path}/c.sqlite")
    yield cat
    cat.close()


@pytest.mark.skipif(not SEEDS, reason="shared/seeds not beside the checkout")
def test_index_folds_copies_across_batches(catalog):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    res = add(catalog, *(doc(f"orig{i}", t) for i, t in enumerate(texts)))
    assert all(d.is_canonical for d in res.decisions.values()), "a seed was wrongly merged"
    # a later run, a new transaction: copies of seeds 0 and 3 fold into their clusters
    res = add(catalog, doc("copy0", wire_copy(texts[0]), DAY + 3600),
              doc("copy3", wire_copy(texts[3]), DAY + 3600),
              doc("copy0b", wire_copy(texts[0]) + "\n\nفقرة جديدة أضافها الناشر في النهاية.", DAY + 7200))
    d = res.decisions
    assert (d["copy0"].cluster_id, d["copy0"].duplicate_of, d["copy0"].is_canonical) == ("orig0", "orig0", False)
    assert (d["copy3"].cluster_id, d["copy3"].duplicate_of) == ("orig3", "orig3")
    assert d["copy0b"].duplicate_of == "orig0"
    # the same doc ids again: known, not added twice
    again = add(catalog, doc("copy0", wire_copy(texts[0])))
    assert again.known == {"copy0"} and not again.decisions


def test_copies_inside_one_batch_fold_and_the_earliest_is_canonical(catalog):
    base = article(6)
    res = add(catalog, doc("late", base + " extra words here", DAY + 7200),
              doc("first", base, DAY), doc("other", article(6, seed=1), DAY))
    d = res.decisions
    assert d["first"].is_canonical and d["other"].is_canonical
    assert (d["late"].cluster_id, d["late"].duplicate_of) == ("first", "first")


def test_later_copies_never_steal_the_canonical(catalog):
    base = article(6)
    add(catalog, doc("orig", base, DAY))
    # same time, longer, higher priority: still a copy (ties do not move the canonical)
    d = add(catalog, doc("longer", base + "\n\n" + article(1, seed=5), DAY, priority=9)).decisions["longer"]
    assert (d.is_canonical, d.duplicate_of, d.cluster_id) == (False, "orig", "orig")


def test_late_arriving_earlier_original_takes_over(catalog):
    base = article(6)
    add(catalog, doc("copy1", base + " tail one", DAY + 3600, site="a", day="2026-01-05"))
    add(catalog, doc("copy2", base + " tail two", DAY + 7200, site="b", day="2026-01-05"))
    res = add(catalog, doc("orig", base, DAY - 3600, site="c", day="2026-01-04"))
    d = res.decisions["orig"]
    assert (d.is_canonical, d.duplicate_of, d.cluster_id) == (True, None, "copy1")
    assert sorted((r["doc_id"], r["site"], r["duplicate_of"]) for r in res.restated) == [
        ("copy1", "a", "orig"), ("copy2", "b", "orig")]
    with catalog.engine.connect() as conn:
        from sqlalchemy import text
        rows = dict(conn.execute(text("SELECT doc_id, duplicate_of FROM documents")).all())
        canon = list(conn.execute(text("SELECT doc_id FROM documents WHERE is_canonical")).scalars())
    assert rows == {"copy1": "orig", "copy2": "orig", "orig": None} and canon == ["orig"]


def test_window_and_exact_copies(catalog):
    text = article(5)
    add(catalog, doc("a", text, epoch("2026-01-01T10:00:00")))
    res = add(catalog, doc("month", text + " tail", epoch("2026-02-15T10:00:00")),
              doc("days", text + " tail", epoch("2026-01-03T10:00:00"), sha="x"))
    # the same text six weeks later is outside the 7-day window: a new story, not a copy
    assert res.decisions["month"].is_canonical
    assert res.decisions["days"].duplicate_of == "a"
    # an exact copy is a copy like any other: found within the window, whatever its URL
    exact = add(catalog, doc("exact", text, epoch("2026-01-05T00:00:00")),
                doc("exact-late", text, epoch("2026-03-01T00:00:00")))
    assert (exact.decisions["exact"].reason, exact.decisions["exact"].duplicate_of) == ("exact", "a")
    assert exact.decisions["exact-late"].is_canonical


def test_a_wrong_date_loses_no_copy_found_around_its_fetch_day(catalog):
    """A page dated two years off (another article's date) with its discovery/fetch day as a second
    time: its copies are found around either time, in the catalog and inside the batch."""
    text, other = article(5, seed=7), article(5, seed=8)
    add(catalog, doc("orig", text, DAY))
    wrong = epoch("2024-01-05T08:00:00")
    res = add(catalog, doc("copy", text + " tail", wrong),  # no second time: missed, as before
              doc("b1", other, DAY))
    assert res.decisions["copy"].is_canonical
    fixed = doc("copy2", text + " tail two", wrong)
    fixed.alt_ts = DAY + 3600
    batch_copy = doc("b2", other + " tail", wrong)
    batch_copy.alt_ts = DAY
    res = add(catalog, fixed, batch_copy, doc("b3", other + " more", DAY))
    assert res.decisions["copy2"].duplicate_of in ("orig", "copy")  # found in the catalog
    assert res.decisions["b2"].cluster_id == res.decisions["b3"].cluster_id  # found in the batch
    # still within one window of one of its times only: not a copy of what is far from both
    far = doc("far", text + " far", epoch("2022-01-05T08:00:00"))
    far.alt_ts = epoch("2025-06-01T00:00:00")
    assert add(catalog, far).decisions["far"].is_canonical


def test_pair_similarities_at_once_equal_one_by_one():
    rng = np.random.default_rng(3)
    sets = [np.unique(rng.integers(0, 5000, int(n)).astype(np.uint32)) for n in rng.integers(0, 400, 60)]
    left, right = sets[:30], sets[30:]
    right[4] = left[4]  # identical
    right[5] = left[5][: len(left[5]) // 3]  # trimmed copy: containment 1.0
    jac, cont = similarities(left, right)
    for k, (a, b) in enumerate(zip(left, right)):
        assert (jac[k], cont[k]) == pytest.approx(similarity(a, b)), k
    assert cont[5] == 1.0 or len(right[5]) == 0


def test_band_mirror_stays_in_step_with_the_catalog(catalog):
    """A long-lived worker keeps the band index in memory: it must see what another worker
    committed since, and never what a rolled-back batch wrote."""
    worker_a, worker_b = BandMirror(), BandMirror()

    def add_with(mirror, *docs):
        with catalog.dedup_lock() as conn:
            return DedupIndex(conn, CFG, mirror).add_batch(list(docs))

    add_with(worker_a, doc("warm-a", article(4, seed=1)))  # both mirrors now hold this window
    add_with(worker_b, doc("warm-b", article(4, seed=2)))
    text = article(5, seed=7)
    add_with(worker_a, doc("orig", text))
    res = add_with(worker_b, doc("copy", text + " tail", DAY + 60))
    assert res.decisions["copy"].duplicate_of == "orig"

    ghost = article(5, seed=9)
    with pytest.raises(RuntimeError):
        with catalog.dedup_lock() as conn:
            DedupIndex(conn, CFG, worker_a).add_batch([doc("ghost", ghost)])
            raise RuntimeError("the run failed before committing")
    res = add_with(worker_a, doc("real", ghost + " x"))
    assert res.decisions["real"].is_canonical, "matched a document that was never committed"


def test_a_catalog_refuses_other_fingerprint_settings(catalog):
    add(catalog, doc("a", article(3)))
    with catalog.dedup_lock() as conn:
        with pytest.raises(DedupSettingsMismatch, match="bands=32.*bands=16"):
            DedupIndex(conn, DedupSettings(bands=16)).add_batch([doc("b", article(3, seed=1))])


def test_a_catalog_of_the_old_band_table_is_refused(tmp_path):
    """The dedup index refuses it where it starts working: a batch, or discarding staged documents."""
    import sqlite3

    sqlite3.connect(tmp_path / "old.sqlite").execute("CREATE TABLE lsh_bands (band_key BIGINT, doc_no BIGINT)")
    catalog = Catalog(f"sqlite:///{tmp_path}/old.sqlite")
    with pytest.raises(CatalogError, match="earlier version"):
        add(catalog, doc("a", article(3)))
    with pytest.raises(CatalogError, match="earlier version"):
        discard_unpublished(catalog, "s")


def test_the_dedup_index_creates_its_tables_when_the_schema_was_made_without_them(catalog):
    """A catalog whose schema a process made without importing pipeline.dedup (no `fingerprints`,
    no `dedup_state`): the first dedup transaction creates them, and a rolled-back one leaves
    them to be created again."""
    from sqlalchemy import inspect

    from pipeline.dedup.tables import dedup_state, fingerprints

    with catalog.engine.begin() as conn:
        dedup_state.drop(conn)
        fingerprints.drop(conn)
    with pytest.raises(RuntimeError):
        with catalog.dedup_lock() as conn:
            DedupIndex(conn, CFG).add_batch([doc("a", article(3))])
            raise RuntimeError("rolled back")
    assert not {"fingerprints", "dedup_state"} & set(inspect(catalog.engine).get_table_names())
    assert discard_unpublished(catalog, "s") == 0
    assert add(catalog, doc("b", article(3))).decisions["b"].is_canonical
    assert add(catalog, doc("c", article(3))).decisions["c"].duplicate_of == "b"
    assert {"fingerprints", "dedup_state"} <= set(inspect(catalog.engine).get_table_names())


def test_discarding_a_staged_canonical_repairs_its_cluster(tmp_path):
    catalog = Catalog(f"sqlite:///{tmp_path}/c.sqlite")
    base = article(6)
    add(catalog, doc("copy", base, DAY + 3600, site="pub"))
    staged = doc("orig", base + " x", DAY, site="crashed")
    staged.row["status"] = "staged"
    assert add(catalog, staged).decisions["orig"].is_canonical
    assert discard_unpublished(catalog, "crashed") == 1
    with catalog.engine.connect() as conn:
        from sqlalchemy import text
        assert conn.execute(text("SELECT is_canonical, duplicate_of FROM documents WHERE doc_id='copy'")).one() == (1, None)
    catalog.close()


def _racer(url, name, barrier, out):
    base = article(8, seed=42)
    catalog = Catalog(url)
    barrier.wait()
    docs = [doc(f"{name}-{k}", base + f" {name} edit {k}", DAY + k * 60, site=name) for k in range(3)]
    res = add(catalog, *docs)
    out.put({k: (v.is_canonical, v.cluster_id) for k, v in res.decisions.items()})
    catalog.close()


@pytest.mark.postgres
def test_two_processes_never_both_make_a_canonical(pg_url):
    """Two runs with copies of one story publish at the same moment (two OS processes, one
    PostgreSQL catalog): one canonical for the story, every copy in its cluster."""
    Catalog(pg_url).close()  # schema first, so the racers only race on the dedup
    ctx = mp.get_context("spawn")
    for attempt in range(3):
        barrier, out = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_racer, args=(pg_url, f"run{attempt}{p}", barrier, out)) for p in "ab"]
        for p in procs:
            p.start()
        results = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(60)
            assert p.exitcode == 0
    from sqlalchemy import create_engine, text

    eng = create_engine(pg_url)
    with eng.connect() as conn:
        canon = conn.execute(text("SELECT count(*) FROM documents WHERE is_canonical")).scalar_one()
        clusters = conn.execute(text("SELECT count(DISTINCT cluster_id) FROM documents")).scalar_one()
        total = conn.execute(text("SELECT count(*) FROM documents")).scalar_one()
    eng.dispose()
    assert (total, canon, clusters) == (18, 1, 1), results
