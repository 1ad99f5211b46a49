"""The labelled pair set for calibrating and measuring the dedup decision (deterministic).

Positives (label True): an article and a wire copy of it, made by the edits republishers make:
headline swapped, dateline added, ending cut, paragraph added, hamza / ta marbuta / alef maqsura
spelt differently, boilerplate left over, a few words changed, a trimmed copy (first half only),
and combinations of two or three of these.
Negatives (label False), the hard ones: the same event written by another outlet (same names,
numbers and day, different sentences), a follow-up (new sentences, one background paragraph
reused), two different articles that carry the same long quote, and the five seed pages
(related coverage of one story from five outlets).

`pairs("calibration")` is built from frame set A and its events; `pairs("heldout")` from frame
set B, other events, and the seeds: no sentence of the held-out set appears in the calibration
set, and the thresholds are chosen on the calibration set only.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from pipeline.eval.calibration import frames as F

SEEDS_DIRS = [Path(__file__).resolve().parents[2].parent / "shared" / "seeds", Path("/work/shared/seeds")]


@dataclass
class Pair:
    a: str
    b: str
    label: bool
    kind: str
    lang: str


def _frames(lang: str, split: str) -> list[str]:
    bank = F.AR_FRAMES if lang == "ar" else F.EN_FRAMES
    half = 24 if lang == "ar" else 18
    return bank[:half] if split == "calibration" else bank[half:]


def _events(rng: random.Random, lang: str, n: int) -> list[dict]:
    slots = F.AR_EVENTS if lang == "ar" else F.EN_EVENTS
    out = []
    for _ in range(n):
        ev = {k: rng.choice(v) for k, v in slots.items()}
        ev["n"] = str(rng.randint(3, 900))
        out.append(ev)
    return out


def article(rng: random.Random, lang: str, ev: dict, frames: list[str], k: int | None = None) -> str:
    """A headline and 4-6 paragraphs of 2-3 sentences from `frames` (in the drawn order)."""
    k = k or rng.randint(10, 14)
    chosen = rng.sample(frames, min(k, len(frames)))
    heads = F.AR_HEADLINES if lang == "ar" else F.EN_HEADLINES
    paras, i = [rng.choice(heads).format(**ev)], 0
    while i < len(chosen):
        step = rng.randint(2, 3)
        paras.append(" ".join(s.format(**ev) for s in chosen[i:i + step]))
        i += step
    return "\n\n".join(paras)


def _paras(text):
    return [p for p in text.splitlines() if p.strip()]


def _spelling(text: str, lang: str, rng: random.Random) -> str:
    if lang == "ar":
        for a, b in (("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("آ", "ا")):
            text = text.replace(a, b)
        return text.replace("ي ", "ى ") if rng.random() < 0.5 else text
    return text.replace("organisation", "organization").replace("programme", "program").replace(",", "")


def wire_copy(text: str, lang: str, rng: random.Random, ops: list[str]) -> str:
    paras = _paras(text)
    for op in ops:
        if op == "headline":
            heads = F.AR_HEADLINES if lang == "ar" else F.EN_HEADLINES
            paras[0] = rng.choice(heads).format(**_blank_event(lang, rng))
        elif op == "dateline":
            paras[1] = rng.choice(F.AR_DATELINES if lang == "ar" else F.EN_DATELINES) + " " + paras[1]
        elif op == "cut_ending" and len(paras) > 3:
            paras = paras[:-1]
        elif op == "add_paragraph":
            paras.append(rng.choice(F.AR_EXTRA if lang == "ar" else F.EN_EXTRA))
        elif op == "spelling":
            paras = [_spelling(p, lang, rng) for p in paras]
        elif op == "boilerplate":
            paras += rng.sample(F.AR_BOILERPLATE if lang == "ar" else F.EN_BOILERPLATE, 2)
        elif op == "word_edits":
            out = []
            for p in paras:
                w = p.split()
                if len(w) > 8:
                    w[rng.randrange(len(w))] = "وقال" if lang == "ar" else "also"
                out.append(" ".join(w))
            paras = out
        elif op == "trimmed":  # keep the headline and the first half of the body
            body = paras[1:]
            paras = paras[:1] + body[:max(1, (len(body) + 1) // 2)]
    return "\n\n".join(paras)


def _blank_event(lang, rng):
    return _events(rng, lang, 1)[0]


OPS = ["headline", "dateline", "cut_ending", "add_paragraph", "spelling", "boilerplate", "word_edits", "trimmed"]


def seed_texts() -> list[str]:
    for d in SEEDS_DIRS:
        files = sorted(d.glob("0*.txt"))
        if files:
            return [p.read_text(encoding="utf-8") for p in files]
    return []


def pairs(split: str = "calibration", seed: int = 2026) -> list[Pair]:
    rng = random.Random(f"{split}-{seed}")
    out: list[Pair] = []
    for lang, n_events in (("ar", 40), ("en", 25)):
        frames = _frames(lang, split)
        for ev in _events(rng, lang, n_events):
            base = article(rng, lang, ev, frames)
            # positives: each single edit, and two random combinations of 2-3 edits
            for op in OPS:
                out.append(Pair(base, wire_copy(base, lang, rng, [op]), True, f"copy:{op}", lang))
            for _ in range(2):
                ops = rng.sample(OPS, rng.randint(2, 3))
                out.append(Pair(base, wire_copy(base, lang, rng, ops), True, "copy:" + "+".join(ops), lang))
            # negatives: same event in other words (disjoint frames), a follow-up reusing one
            # paragraph, a different story sharing a long quote paragraph
            used = set(s for s in frames if s.format(**ev) in base)
            others = [s for s in frames if s not in used] or frames
            out.append(Pair(base, article(rng, lang, ev, others, k=min(10, len(others))), False, "same_event", lang))
            follow = _paras(article(rng, lang, ev, others, k=min(10, len(others))))
            follow.insert(2, rng.choice(_paras(base)[1:]))
            out.append(Pair(base, "\n\n".join(follow), False, "follow_up", lang))
            other_ev = _events(rng, lang, 1)[0]
            quote = max(_paras(base)[1:], key=len)
            quoted = _paras(article(rng, lang, other_ev, frames))
            quoted.insert(2, ("«" + quote + "»") if lang == "ar" else f'"{quote}"')
            out.append(Pair(base, "\n\n".join(quoted), False, "shared_quote", lang))
    if split == "heldout":
        seeds = seed_texts()
        for i in range(len(seeds)):
            for j in range(i + 1, len(seeds)):
                out.append(Pair(seeds[i], seeds[j], False, "seed_related_coverage", "ar"))
            for op in OPS:
                out.append(Pair(seeds[i], wire_copy(seeds[i], "ar", rng, [op]), True, f"seed_copy:{op}", "ar"))
    return out


def same_event_corpus(n_events: int = 30, per_event: int = 10, seed: int = 7) -> list[tuple[int, str]]:
    """(event number, text) of Arabic articles, `per_event` per event, each drawn independently
    from all 48 Arabic frames: the same names, numbers and day, mostly different sentences
    (two articles share about two sentences on average). None is a copy of another."""
    rng = random.Random(f"same-event-{seed}")
    out = []
    for e, ev in enumerate(_events(rng, "ar", n_events)):
        for _ in range(per_event):
            out.append((e, article(rng, "ar", ev, F.AR_FRAMES)))
    return out
