"""Near-duplicates: wire copies fold, related coverage stays apart; the index lives in the catalog."""
from pathlib import Path

import pytest

from pipeline.catalog import Catalog
from pipeline.config import DedupSettings
from pipeline.dedup import DedupIndex, epoch, fingerprint, similarity

SEEDS = sorted(Path("/work/shared/seeds").glob("0*.txt")) or sorted(
    (Path(__file__).parent.parent.parent / "shared" / "seeds").glob("0*.txt"))
CFG = DedupSettings()


def wire_copy(text: str) -> str:
    """What a republisher does: dateline, hamza/ta marbuta spelled differently, last paragraph cut."""
    paras = [p for p in text.splitlines() if p.strip()]
    body = "\n\n".join(paras[:-1]).replace("أ", "ا").replace("إ", "ا").replace("ة ", "ه ")
    return "بغداد - (وكالات) - " + body


def _add(index, doc_id, text, ts=None):
    fp = fingerprint(text, CFG)
    d = index.decide(f"sha-{doc_id}", fp, ts)
    index.add({"doc_id": doc_id, "url_key": f"http://x/{doc_id}", "site": "s", "day": "2026-01-01",
               "run_id": "r", "status": "published", "published": None, "published_ts": ts, "word_count": 1,
               "content_sha256": f"sha-{doc_id}", "cluster_id": d.cluster_id or doc_id,
               "is_canonical": d.is_canonical, "duplicate_of": d.duplicate_of, "priority": 0}, fp)
    return d


@pytest.mark.skipif(not SEEDS, reason="shared/seeds not beside the checkout")
def test_seed_articles_are_related_coverage_not_copies():
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    fps = [fingerprint(t, CFG) for t in texts]
    for i in range(len(fps)):
        for j in range(i + 1, len(fps)):
            jac, cont = similarity(fps[i].shingles, fps[j].shingles)
            assert jac < CFG.jaccard_threshold and cont < CFG.containment_threshold
        jac, cont = similarity(fps[i].shingles, fingerprint(wire_copy(texts[i]), CFG).shingles)
        assert jac >= CFG.jaccard_threshold or cont >= CFG.containment_threshold


def _catalog(request, tmp_path):
    if request.param == "postgres":
        return Catalog(request.getfixturevalue("pg_url"))
    return Catalog(f"sqlite:///{tmp_path}/c.sqlite")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def catalog(request, tmp_path):
    cat = _catalog(request, tmp_path)
    yield cat
    cat.close()


@pytest.mark.skipif(not SEEDS, reason="shared/seeds not beside the checkout")
def test_index_folds_copies_across_transactions(catalog):
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    with catalog.dedup_lock() as conn:
        index = DedupIndex(conn, CFG)
        for i, t in enumerate(texts):
            assert _add(index, f"orig{i}", t).is_canonical, f"seed {i} wrongly merged"
    # a later run, a new transaction: copies of seed 0 and 3 fold into their clusters
    with catalog.dedup_lock() as conn:
        index = DedupIndex(conn, CFG)
        d0 = _add(index, "copy0", wire_copy(texts[0]))
        d3 = _add(index, "copy3", wire_copy(texts[3]))
        d0b = _add(index, "copy0b", wire_copy(texts[0]) + "\n\nفقرة جديدة أضافها الناشر في النهاية.")
    assert (d0.cluster_id, d0.duplicate_of, d0.is_canonical) == ("orig0", "orig0", False)
    assert (d3.cluster_id, d3.duplicate_of) == ("orig3", "orig3")
    assert d0b.duplicate_of == "orig0"


def test_exact_copy_and_window(catalog):
    text = " ".join(f"word{i}" for i in range(300))
    with catalog.dedup_lock() as conn:
        index = DedupIndex(conn, CFG)
        _add(index, "a", text, epoch("2026-01-01T10:00:00"))
        late = fingerprint(text + " tail", CFG)
        # same text a month later is outside the 7-day window: a new story, not a copy
        assert index.decide("other", late, epoch("2026-02-15T10:00:00")).is_canonical
        assert index.decide("other", late, epoch("2026-01-03T10:00:00")).duplicate_of == "a"
        exact = index.decide("sha-a", late, None)
        assert (exact.reason, exact.duplicate_of) == ("exact", "a")
