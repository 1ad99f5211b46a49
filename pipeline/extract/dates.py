"""Dates written in words, as news pages show them: Arabic (Gregorian and Levantine/Iraqi month
names, Arabic-Indic digits, م/ص for pm/am) and English. Returns ISO 8601 as precise as the text.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.normalize import normalize

# Keys are normalised (normalize(): alef/hamza unified, ta marbuta -> ha, digits ASCII).
_MONTHS = {
    # Levantine / Iraqi (two-word names first so they win over their second word)
    "كانون الثاني": 1, "كانون الاول": 12, "تشرين الاول": 10, "تشرين الثاني": 11,
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
    # Gregorian transliterations (Egypt/Gulf/Maghreb spellings)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "افريل": 4, "مايو": 5, "ماي": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "يوليو": 7, "يوليه": 7, "جويليه": 7, "اغسطس": 8, "اوت": 8,
    "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
# "27 أيلول 2015", "27 سبتمبر/ أيلول 2015", "9 فبراير, 2020"
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:[-/.،,]\s*)?({_MONTH_ALT})(?:\s*[/(]\s*(?:{_MONTH_ALT})\s*\)?)?\s*[,،]?\s*(\d{{4}})")
# "September 27, 2015", "Jan. 15, 2025"
_MDY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})")
# "27/09/2015", "27-9-2015"; year first: "2015-09-27", "2015/09/27", "2015.09.27"
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)"
                      r"|(?<!\d)(\d{4})([/.-])(\d{1,2})\5(\d{1,2})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(م|ص|pm|am|p\.m\.|a\.m\.)?")


def parse_date_text(text: str) -> str | None:
    """First date in the text as ISO 8601 ('2015-09-27' or '2015-09-27T20:48:00'), or None."""
    if not text:
        return None
    norm = normalize(text)
    day = None
    rest = norm
    if m := _DMY.search(norm):
        day = _safe_date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        rest = norm[m.end():] + " " + norm[:m.start()]
    elif m := _MDY.search(norm):
        day = _safe_date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
        rest = norm[m.end():] + " " + norm[:m.start()]
    elif m := _NUMERIC.search(norm):
        if m.group(4):
            day = _safe_date(int(m.group(4)), int(m.group(6)), int(m.group(7)))
        else:  # day/month/year: the order used across the Arab world and Europe
            day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        rest = norm[m.end():] + " " + norm[:m.start()]
    if day is None:
        return None
    if t := _TIME.search(rest):
        hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        suffix = (t.group(4) or "").replace(".", "")
        if suffix in ("م", "pm") and hour < 12:
            hour += 12
        elif suffix in ("ص", "am") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return datetime(day.year, day.month, day.day, hour, minute, second).isoformat()
    return day.isoformat()


def _safe_date(year: int, month: int, dom: int) -> date | None:
    try:
        return date(year, month, dom)
    except ValueError:
        return None


# The other words of a date line: weekdays, Hijri months, era and time markers (normalised).
_DATE_WORDS = (
    "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت",
    "محرم", "صفر", "ربيع الاول", "ربيع الاخر", "ربيع الثاني", "جمادي الاولي", "جمادي الاخره", "جمادي الاخرة",
    "جمادي الثانيه", "رجب", "شعبان", "رمضان", "شوال", "ذو القعده", "ذو الحجه", "هـ", "ه", "م", "ص",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "am", "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "cet", "est", "edt", "pst", "pdt", "ast",
)
_DATE_WORDS_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted((re.escape(normalize(w)) for w in (*_DATE_WORDS, *_MONTHS)), key=len, reverse=True))
    + r")(?!\w)|\d+")


def strip_dates(text: str) -> str:
    """`text` (normalised) without its date words: month and weekday names, Hijri months, digits,
    era and time markers. What is left of a date line is its credit ("اللؤلؤة - وكالات")."""
    return _DATE_WORDS_RE.sub(" ", normalize(text))
