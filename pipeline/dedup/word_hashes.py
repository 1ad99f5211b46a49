"""Hashes of the normalised words of many texts at once: the dedup's tokenizer.

`words(text)` normalises a text with a dozen Python-level passes (NFKC, casefold, letter
variants, NFD, dropping marks, NFC, punctuation), and then every word becomes a Python string
to hash: ~190 µs for a 3 KB article, and the dedup benchmark tokenises a million of them.
Nearly all of that normalisation maps one character to one character (or to none), so here it
is one table lookup per UTF-16 code unit, with numpy over the whole batch, and the words are
hashed from the mapped code units without ever becoming Python strings:

* the table is `normalize` applied to every BMP character on its own, built once (0.1 s): a
  letter or digit maps to its normalised form, a mark or tatweel to nothing, anything else
  (punctuation, symbols, spaces) to a space;
* a text is handed to `words` itself when it is not in NFC (decomposed input composes across
  characters, which a per-character table cannot do) or holds a character whose normalised
  form is several characters (ß, ligatures, Arabic presentation forms such as ﻻ, ½, ﷺ) or
  lies outside the BMP; its words then go through the same hashing;
* a word's hash is a polynomial over its code units, splitmix'd, computed for all words of a
  length at once; words longer than 32 units (URLs, tokens of symbols) take blake2b instead.

For NFC input the words are exactly `words(text)`: the only normalisation that is not per
character is NFC composition, and text already in NFC has nothing left to compose. The tests
compare both on the seeds, the demo sites, the benchmark corpus and edge cases.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from hashlib import blake2b

import numpy as np

from pipeline.normalize import normalize, words

_SPACE = 0x20
_DROP = 0  # table value: the character disappears (U+0000 itself maps to a space)
_SPECIAL = 0xFFFF  # table value: the text goes to `words` (U+FFFF itself is not a letter)
_LONG = 32  # words longer than this many code units are hashed one by one
PRIME64 = np.uint64(0x9E3779B97F4A7C15)  # odd, golden-ratio bits: the polynomial hashes' base
_M64 = (1 << 64) - 1


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """UTF-16 code unit -> normalised code unit, _DROP, or _SPECIAL."""
    table = np.full(0x10000, _SPACE, dtype=np.uint16)
    table[0xD800:0xE000] = _SPECIAL  # surrogates: a character outside the BMP
    for c in range(0x10000):
        if 0xD800 <= c < 0xE000:
            continue
        n = normalize(chr(c))
        if n == "":
            table[c] = _DROP
        elif len(n) > 1 or ord(n) > 0xFFFF:
            # several characters: a separator if none of them is a letter or digit (… -> ...)
            table[c] = _SPECIAL if any(ch.isalnum() for ch in n) else _SPACE
        elif n.isalnum():  # what words() keeps: [^\W_]
            table[c] = ord(n)
    table[0] = table[_SPECIAL] = _SPACE
    return table


def _utf16(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)


def normalized_units(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(the texts' normalised words as UTF-16 code units, words separated by spaces and each text
    followed by one; where each text ends in it)."""
    table = _table()
    slow = np.fromiter((not unicodedata.is_normalized("NFC", t) for t in texts), dtype=bool, count=len(texts))
    joined = " ".join(texts) + " "
    units = _utf16(joined)
    lens = (np.fromiter((len(_utf16(t)) for t in texts), dtype=np.int64, count=len(texts))
            if len(units) != len(joined) else np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))) + 1
    ends = np.cumsum(lens)
    mapped = table[units]
    specials = np.flatnonzero(mapped == _SPECIAL)
    if len(specials):
        slow[np.searchsorted(ends, specials, side="right")] = True
    dropped = np.flatnonzero(mapped == _DROP)
    if len(dropped):
        mapped = np.delete(mapped, dropped)
        ends = ends - np.searchsorted(dropped, ends)
    if not slow.any():
        return mapped, ends
    starts = np.concatenate(([0], ends[:-1]))
    pieces = [_utf16(" ".join(words(t)) + " ") if s else mapped[a:b]
              for t, s, a, b in zip(texts, slow.tolist(), starts.tolist(), ends.tolist())]
    return np.concatenate(pieces), np.cumsum([len(p) for p in pieces])


def word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hashes of every text's normalised words, flat uint64; words per text, int64)."""
    units, ends = normalized_units(texts)
    # every text ends with a space, so every word has a last unit followed by a space
    word = units != _SPACE
    starts = np.flatnonzero(word[1:] > word[:-1]) + 1
    if len(word) and word[0]:
        starts = np.concatenate(([0], starts))
    stops = np.flatnonzero(word[:-1] > word[1:]) + 1
    per_text = np.diff(np.concatenate(([0], np.searchsorted(starts, ends))))
    return _hash_words(units, starts, stops - starts), per_text.astype(np.int64)


def _hash_words(units: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash of each word units[start:start+length]; all words of a length in one numpy step,
    longest first, so the words still growing are always a prefix of the order."""
    out = np.empty(len(starts), dtype=np.uint64)
    if not len(starts):
        return out
    long = np.flatnonzero(lengths > _LONG)
    for i in long.tolist():
        word = units[starts[i]:starts[i] + lengths[i]].tobytes()
        out[i] = int.from_bytes(blake2b(word, digest_size=8).digest(), "little")
    # longest first; lengths as uint8 so numpy's stable sort is a radix sort
    order = np.argsort((_LONG + 1 - np.minimum(lengths, _LONG + 1)).astype(np.uint8), kind="stable")[len(long):]
    st, ln = starts[order], lengths[order]
    active = np.searchsorted(-ln, -np.arange(_LONG + 1), side="left")  # how many words are longer than j
    with np.errstate(over="ignore"):
        acc = ln.astype(np.uint64)
        for j in range(int(ln.max()) if len(ln) else 0):
            k = int(active[j])
            acc[:k] = acc[:k] * PRIME64 + units[st[:k] + j]
        out[order] = mix64(acc)
    return out


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps, as intended)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))
