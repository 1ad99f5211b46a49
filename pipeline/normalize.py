"""Text normalisation for matching (dedup, topics): Arabic and Latin scripts.

Only for comparing texts; the archived text is never normalised.
"""
from __future__ import annotations

import re
import unicodedata

# Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef, Quranic marks) and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ORTHOGRAPHY = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef with hamza / madda / wasla -> bare alef
    "ى": "ي",  # alef maqsura -> ya
    "ة": "ه",  # ta marbuta -> ha
    "ؤ": "و", "ئ": "ي",  # hamza on carriers -> carrier
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4",
    "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
})
# A word: a run of letters/digits (Unicode-aware \w), without underscores.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFKC, case-folded, Arabic marks stripped and letter variants unified."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ORTHOGRAPHY)
    # Latin diacritics: decompose and drop combining marks (café -> cafe).
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    """Normalised words; punctuation dropped."""
    return _WORD.findall(normalize(text))


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word n-grams; texts shorter than n words give shorter shingles, never nothing."""
    if not tokens:
        return set()
    size = max(1, min(size, len(tokens) // 4 or 1)) if len(tokens) < size * 4 else size
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}
