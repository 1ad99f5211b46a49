"""Text normalisation for matching (dedup, topics, dates): Arabic and Latin scripts.

Only for comparing texts; the archived text is never normalised.

Speed matters here (the dedup benchmark normalises a million articles), so every step is a
C-level string operation: `unicodedata.normalize` only when the quick check says the text is not
already normalised, `str.replace` for the handful of letter variants (dict-based `str.translate`
is ~50x slower on Arabic text), one regex for all the marks to drop.
"""
from __future__ import annotations

import re
import unicodedata

_LETTER_VARIANTS = (
    ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"),  # alef with hamza / madda / wasla -> bare alef
    ("ى", "ي"),  # alef maqsura -> ya
    ("ة", "ه"),  # ta marbuta -> ha
    ("ؤ", "و"), ("ئ", "ي"),  # hamza on carriers -> carrier
    ("ک", "ك"), ("ی", "ي"),  # Persian keheh / farsi yeh, common in copy-pasted Arabic
    *zip("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic digits
    *zip("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Extended Arabic-Indic (Persian/Urdu) digits
)
# Dropped after NFD: Latin combining accents (cafe = café), Arabic harakat, tanween, shadda,
# sukun, hamza/madda marks left by NFD of أ/إ/آ, superscript alef, Quranic marks, tatweel.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# A word: a run of letters/digits (Unicode-aware \w), without underscores; everything else
# (Latin and Arabic punctuation ، ؛ ؟ « », symbols, spaces) separates words.
WORD = re.compile(r"[^\W_]+")
# The end of a sentence, in the scripts archived ("... today.", "... اليوم؟", "... he said.”"): a line
# that ends so is prose, one that does not is a label, a title or a caption.
SENTENCE_END = re.compile(r"[.!?؟。…\"”»'’]\s*$")


def word_count(text: str) -> int:
    """How many words (runs of letters and digits) the text holds, as written (not normalised)."""
    return len(WORD.findall(text))


def _nf(form: str, text: str) -> str:
    return text if unicodedata.is_normalized(form, text) else unicodedata.normalize(form, text)


def normalize(text: str) -> str:
    """NFKC, case-folded, diacritics and tatweel stripped, Arabic letter variants unified."""
    text = _nf("NFKC", text).casefold()
    for variant, plain in _LETTER_VARIANTS:
        if variant in text:
            text = text.replace(variant, plain)
    return _nf("NFC", _MARKS.sub("", _nf("NFD", text)))


# Common punctuation, replaced by spaces with str.replace before a plain split(): the regex
# tokenizer costs ~30 ns a character on Arabic text, this ~4x less. The regex still decides
# whenever anything else than letters and digits is left, so the result is the same.
_PUNCT = tuple('.,;:!?"\'()[]{}«»“”‘’،؛؟…-–—/|*+=<>#%&@')


def words(text: str) -> list[str]:
    """Normalised words (maximal runs of Unicode letters and digits); punctuation dropped."""
    text = normalize(text)
    spaced = text
    for p in _PUNCT:
        if p in spaced:
            spaced = spaced.replace(p, " ")
    toks = spaced.split()
    if "".join(toks).isalnum() or not toks:
        return toks
    return WORD.findall(text)


def shingle_size(n_words: int, size: int) -> int:
    """Word n-gram length for a text of n_words: `size`, shorter for short texts (fewer than
    4*size words), so a short text still has enough shingles to compare; 0 for no words."""
    if n_words <= 0:
        return 0
    if n_words >= size * 4:
        return size
    return max(1, min(size, n_words // 4))


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word n-grams as strings (the dedup hashes the same n-grams, see dedup.fingerprints)."""
    n = shingle_size(len(tokens), size)
    return {" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)} if n else set()
