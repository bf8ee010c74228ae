"""Word lists and regex fragments shared by the TIMEX3 rules.

Kept apart from the rules so the patterns read like grammar (``{MONTH} {DAY}, {YEAR}``)
and the lexicon can grow without touching the normalization code.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

# Parts of the day as TIMEX3 writes them (TMO, TAF, TEV, TNI).
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
    "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q", "weekend": "WE",
}  # fmt: skip

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1, "couple": 2,
    "dozen": 12, "half": 0,
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1,
    "final": -1, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip

VAGUE_QUANTIFIERS = frozenset({"several", "few", "many", "some", "a few", "the few", "numerous"})

# --- regex fragments -------------------------------------------------------------------

MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Aug|Sept|Oct|Nov|Dec)"
)
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAYNUM_RE = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4_RE = r"(?:1[6-9][0-9]{2}|20[0-9]{2})"
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"
DAYPART_RE = r"(?:morning|afternoon|evening|night)"

_NUM_WORDS = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
# A cardinal as news writes it: digits (with fractions such as "2 1/2"), words, "a hundred".
NUMBER_RE = (
    rf"(?:\d+(?:\.\d+)?(?: 1/2)?|{_NUM_WORDS}(?: (?:hundred|thousand)(?: and {_NUM_WORDS})?)?"
    rf"(?: and a half)?|a (?:hundred|thousand)|a couple of|a dozen|a few|several|a|an|few|many|"
    rf"some|one and a half)"
)

UNIT_RE = r"(?-i:(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|(?<![-])quarters))"

_HOLIDAYS_RE = (
    r"(?:Christmas Eve|Christmas Day|Christmas|New Year's Eve|New Year's Day|New Year's|"
    r"Thanksgiving Day|Thanksgiving|Independence Day|Halloween|Valentine's Day|Boxing Day|"
    r"May Day|Labor Day|Memorial Day|Veterans Day|Easter Sunday|Easter)"
)
HOLIDAYS_RE = _HOLIDAYS_RE


def word_number(text: str) -> float | None:
    """Parse ``"twenty-four"``, ``"2 1/2"``, ``"a hundred"``; None for vague quantifiers.

    Why a hand parser: the values are needed as TIMEX3 durations (P24H, P2Y6M), and the
    vocabulary in news is tiny and closed.
    """
    t = text.lower().strip()
    if t in VAGUE_QUANTIFIERS or t in {"a few", "few"}:
        return None
    if t in {"a couple of", "couple of", "a couple"}:
        return 2
    if t == "one and a half":
        return 1.5
    half = 0.0
    if t.endswith(" and a half"):
        half = 0.5
        t = t[: -len(" and a half")]
    if t.endswith(" 1/2"):
        half = 0.5
        t = t[:-4]
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) + half
    total = 0
    current = 0
    for raw in re.split(r"[- ]+", t):
        if raw in {"and", ""}:
            continue
        if raw == "hundred":
            current = max(current, 1) * 100
        elif raw == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif raw in SMALL_NUMBERS:
            current += SMALL_NUMBERS[raw]
        else:
            return None
    return total + current + half


SPELLED_YEAR_RE = (
    rf"(?:nineteen[- ]{_NUM_WORDS}|nineteen hundred|two thousand(?:[- ](?:and[- ])?{_NUM_WORDS})?)"
)


def spelled_year(text: str) -> int | None:
    """``"nineteen ninety-four"`` -> 1994, ``"two thousand"`` -> 2000."""
    t = text.lower().replace("-", " ")
    if t.startswith("nineteen hundred"):
        return 1900
    if t.startswith("nineteen "):
        rest = word_number(t[len("nineteen ") :])
        return None if rest is None else 1900 + int(rest)
    if t.startswith("two thousand"):
        rest_text = t[len("two thousand") :].replace(" and ", " ").strip()
        rest = word_number(rest_text) if rest_text else 0
        return None if rest is None else 2000 + int(rest)
    return None
