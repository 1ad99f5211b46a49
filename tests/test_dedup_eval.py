"""The calibration set and `newsarchive eval dedup`: thresholds from data, perfect held-out
decisions, and hundreds of Arabic articles about the same events kept apart by the real index."""
from pipeline.eval.calibration.pairs import pairs
from pipeline.config import DedupSettings
from pipeline.eval.dedup import calibrate, evaluate, measure, scores


def test_calibration_set_covers_the_edit_kinds_and_hard_negatives():
    cal = pairs("calibration")
    kinds = {p.kind.split("+")[0] for p in cal}
    for k in ("copy:headline", "copy:dateline", "copy:cut_ending", "copy:add_paragraph", "copy:spelling",
              "copy:boilerplate", "copy:trimmed", "same_event", "follow_up", "shared_quote"):
        assert k in kinds
    assert {p.lang for p in cal} == {"ar", "en"}
    held_texts = {p.a for p in pairs("heldout")}
    assert not held_texts & {p.a for p in cal}, "held-out pairs must not reuse calibration texts"


def test_configured_thresholds_are_the_calibrated_ones_and_hold_out(tmp_path):
    from pathlib import Path

    from pipeline.config import load_settings

    cfg = load_settings(Path(__file__).resolve().parent.parent / "config").dedup
    res = evaluate(cfg)
    assert (res["calibrated"]["t1"], res["calibrated"]["t2"]) == (cfg.jaccard_threshold, cfg.containment_threshold)
    assert res["calibration"]["precision"] == res["calibration"]["recall"] == 1.0
    # the held-out split shares no sentence with the calibration split (and adds the seeds)
    assert res["heldout"]["precision"] == 1.0 and res["heldout"]["recall"] == 1.0
    assert res["heldout"]["candidate_recall"] == 1.0
    se = res["same_event_arabic"]
    assert se["articles"] >= 300 and se["merged"] == 0


def test_guessed_thresholds_would_be_worse():
    """The calibration matters: the textbook 0.8/0.9 loses trimmed copies."""
    rows = measure(pairs("heldout"), DedupSettings())
    assert scores(rows, 0.8, 0.9)["recall"] < 1.0
    assert calibrate(measure(pairs("calibration"), DedupSettings()))["f1"] == 1.0


def test_eval_dedup_command(tmp_path):
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "dedup.json"
    res = CliRunner().invoke(app, ["eval", "dedup", "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "precision 1.0000" in res.output and "t1=" in res.output
    assert json.loads(out.read_text())["heldout"]["recall"] == 1.0
