"""`newsarchive eval`: the Zyte-style metric, and the bar the issue sets (demo gold, hard pages, unseen)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.context import PROJECT_ROOT
from pipeline.eval.extraction import prf


def test_shingle_metric():
    gold = "one two three four five six"
    assert prf(gold, gold) == (1.0, 1.0, 1.0)
    assert prf(gold, "") == (0.0, 0.0, 0.0)
    assert prf("", "") == (1.0, 1.0, 1.0)
    p, r, f = prf(gold, gold + " seven eight nine ten")  # 3 gold shingles, 7 predicted
    assert (round(p, 3), r) == (round(3 / 7, 3), 1.0) and 0 < f < 1
    p, r, _ = prf(gold, "one two three four")  # 1 of 3 gold shingles found, nothing extra
    assert p == 1.0 and round(r, 3) == 0.333
    assert prf("a b c", "a b c") == (1.0, 1.0, 1.0)  # shorter than a shingle: the whole text


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "eval.json"
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "eval", "--json", str(out)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "summary" in proc.stdout and "trafilatura" in proc.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_demo_gold_met(figures):
    demo = figures["figures"]["newsarchive"]["all demo"]
    assert demo["pages"] >= 56 and demo["mean_f1"] >= 0.99
    assert demo["leaks"] == 0 and demo["title_acc"] == 1 and demo["date_acc"] == 1
    assert demo["rejects_correct"] == "6/6"


def test_plain_trafilatura_clearly_lower_on_hard_pages(figures):
    ours, theirs = figures["figures"]["newsarchive"]["hard demo"], figures["figures"]["trafilatura"]["hard demo"]
    assert ours["pages"] >= 30
    assert theirs["mean_f1"] <= ours["mean_f1"] - 0.2 and theirs["leaks"] > 0


def test_unseen_pages_at_least_as_good_as_trafilatura(figures):
    ours, theirs = figures["figures"]["newsarchive"]["unseen"], figures["figures"]["trafilatura"]["unseen"]
    assert ours["pages"] >= 12
    assert ours["mean_f1"] >= theirs["mean_f1"] and ours["leaks"] <= theirs["leaks"]
    rows = zip(figures["rows"]["newsarchive"], figures["rows"]["trafilatura"])
    worse = [a["url"] for a, b in rows if a["set"] == "unseen" and a["f1"] < b["f1"] - 0.02]
    assert not worse, f"newsarchive below plain trafilatura on {worse}"
