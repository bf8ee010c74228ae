"""Recognize and split the dateline that opens a wire story's first paragraph.

A dateline is the ``PLACE, Month Day (AGENCY) —`` prefix wire services put before the
lede: ``BAKU, October 26. /TASS/.``, ``NAIROBI, Kenya (AP) _``, ``LONDON, March 3
(Reuters) -``, ``SAN FRANCISCO —``. It carries the story's place and (often) its month
and day, which the date resolver needs, and it must be cut off the lede so that entity
and quote extraction see clean prose.

The recognizer is deliberately strict, because a false dateline eats the start of a real
sentence ("PARIS is a city ..."): the place must be an all-caps name followed by a wire
terminator (an agency marker or a spaced dash), or a Title-case name followed by an
agency marker. Everything is plain ``re``: the grammar is small and a hand-written
pattern is easier to audit than a general date parser, which would happily read
"March" in "LONDON, March 3" as a place or roll "February 30" into March.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from storywire.tasks.clean.agencies import agency_forms, is_known_agency
from storywire.tasks.clean.datelines_ru_fr import split_dateline_ru_fr
from storywire.tasks.clean.placenames import normalize_place
from storywire.tasks.records import Dateline

__all__ = ["normalize_place", "split_dateline"]

# Month and weekday spellings seen in wire datelines ("Sept.", "Thurs.", "Nov 2").
_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(calendar.day_name):
    _WEEKDAYS[_name.lower()] = _i
    _WEEKDAYS[_name[:3].lower()] = _i
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})

_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)"

# All-caps words that open a paragraph with a dash but are labels, not places.
_NOT_PLACES: frozenset[str] = frozenset(
    {
        "BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "COMMENTARY",
        "OPINION", "EDITORIAL", "CORRECTION", "CORRECTS", "URGENT", "FLASH", "BULLETIN",
        "WATCH", "LIVE", "VIDEO", "PHOTOS", "PHOTO", "NOTE", "EDITORS", "EDITOR'S NOTE",
        "EDITOR’S NOTE", "ADVISORY", "REVIEW", "OBITUARY", "ALERT", "WARNING", "SPOILER",
        "FILE", "NEW", "LEAD", "WRITETHRU", "SUBS", "AP", "UPI", "AFP", "Q", "A", "I", "OK",
        "MORE", "END", "THE", "AND", "BUT", "NO", "YES",
    }
)

_UP = "A-ZÀ-ÖØ-Þ"  # Latin-1 upper case; enough for wire datelines ("SÃO PAULO", "ZÜRICH")
_LO = "a-zß-öø-ÿ"
_CAPS_WORD = rf"[{_UP}][{_UP}'`’\-]*\.?"
_TITLE_WORD = rf"(?:[{_UP}][{_LO}{_UP}'`’.\-]*|(?:de|la|el|al|es|du|da|do|of|the|upon|au|sur|am|an|der|di)\b)"
_PLACE_CAPS = rf"{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,3}}"
_TITLE_NEXT = rf"(?:[{_UP}][{_LO}'`’.\-][{_LO}{_UP}'`’.\-]*|(?:de|la|el|al|es|du|da|do|of|the|upon|au|sur|am|an|der|di)\b)"
_PLACE_TITLE = rf"[{_UP}][{_LO}'`’\-]+\.?(?:[ ]{_TITLE_NEXT}){{0,3}}"
# A region ("Kenya", "Ark.", "Northern Ireland", "D.C.") may never be a month or weekday.
_REGION = rf"(?!(?:{_MONTH_RE}|{_WEEKDAY_RE})\b){_TITLE_WORD}(?:[ ]{_TITLE_WORD}){{0,2}}"
_REGION_CAPS = rf"(?!(?i:{_MONTH_RE}|{_WEEKDAY_RE})\b){_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:(?P<wd1>{_WEEKDAY_RE})\.?,?[ ]+)?"
    rf"(?:(?P<month>(?i:{_MONTH_RE}))\.?[ ]+(?P<day>{_DAY})|(?P<day2>{_DAY})[ ]+(?P<month2>(?i:{_MONTH_RE}))\.?)"
    rf"(?:,?[ ]+(?P<year>(?:1[89]|20)\d\d))?"
    rf"|(?P<wd2>{_WEEKDAY_RE})"
)
_DASH = r"(?:—|–|--|-|_|:)"
_AGENCY_IN_PARENS = r"[A-Za-z][A-Za-z.&\-]*(?:[ /][A-Za-z][A-Za-z.&\-]*){0,3}"

_DATELINE_RE = re.compile(
    rf"""
    ^[ \t]*
    (?P<head>
      (?:(?P<place_caps>{_PLACE_CAPS})|(?P<place_title>{_PLACE_TITLE}))
      (?:,[ ]*(?P<region>{_REGION}|{_REGION_CAPS})){{0,2}}?
      (?:[,.]?[ ]+(?:{_DATE})\.?)?
    )
    [ ]*
    (?:
        /(?P<slash_agency>[A-Z][A-Za-z\-]+)/\.?[ ]*(?:{_DASH}[ ]+)?
      | \([ ]?(?P<paren_agency>{_AGENCY_IN_PARENS})[ ]?\)[ ]*(?P<paren_dash>{_DASH}[ ]*)?
      | (?<=[ ])(?P<bare_dash>—|–|--|-|_)[ ]+
      | (?P<tight_dash>—|–)(?=\S)
    )
    (?P<rest>.*)\Z
    """,
    re.VERBOSE | re.DOTALL,
)

# A dateline with no place: an agency credit opening the lede, "(Bloomberg) -- Stocks fell",
# "(AP) — ", "/TASS/. ", "Reuters - ". Credits are letters (any script), up to four words.
_CREDIT = r"[^\W\d_][\w.&'’\-]*(?:[ ][^\W\d_][\w.&'’\-]*){0,3}"
_PLACELESS_RE = re.compile(
    rf"""
    ^[ \t]*
    (?:
        \([ ]?(?P<paren>{_CREDIT})[ ]?\)[ ]*(?P<paren_dash>(?:—|–|--|-|_)[ ]*)?
      | /(?P<slash>{_CREDIT})/\.?[ ]*(?:(?:—|–|--|-)(?:[ ]+|\Z))?
      | (?P<bare>{_CREDIT})[ ]+(?:—|–|--|-)(?:[ ]+|\Z)
    )
    (?P<rest>.*)\Z
    """,
    re.VERBOSE | re.DOTALL,
)
# Words that open wire labels and notes in parentheses, never credits: "(UPDATE 2) -",
# "(Corrects ...)", "(LEAD)", "(Photo) —".
_LABEL_WORDS = frozenset(
    {
        "update", "updated", "updates", "correction", "corrected", "corrects", "refile",
        "refiled", "refiles", "repeat", "repeats", "adds", "recasts", "changes", "fixes",
        "clarification", "exclusive", "analysis", "breaking", "urgent", "flash", "bulletin",
        "note", "editor's", "editors", "advisory", "live", "watch", "video", "photo", "photos",
        "file", "audio", "graphic", "graphics", "factbox", "explainer", "timeline", "insight",
        "focus", "feature", "interview", "poll", "sponsored", "advertisement", "ad", "opinion",
        "commentary", "review", "lead", "ld", "new", "story", "see", "via",
    }
)  # fmt: skip
_MEDIA_WORDS = frozenset({"photo", "photos", "file", "video", "audio", "graphic", "graphics"})


def _is_credit(name: str, *, has_dash: bool) -> bool:
    """A credit in parentheses: a known agency, or (with a dash) a short capitalized name
    that is not a wire label or a picture credit."""
    words = name.lower().split()
    if any(w in _MEDIA_WORDS for w in words):
        return False
    if is_known_agency(name):
        return True
    return (
        has_dash
        and len(name) <= 40
        and words[0] not in _LABEL_WORDS
        and all(w[:1].isupper() for w in name.split())
    )


def _is_bare_credit(name: str) -> bool:
    """A credit with no parentheses ("Bloomberg -- "): only an agency written as the table
    writes it (or shouted), so that "Map - the route" or "Spa - ..." are left alone."""
    written = " ".join(name.split())
    return any(written in (form, form.upper()) for form in agency_forms())


def _opens_like_lede(rest: str) -> bool:
    """A lede opens like a sentence (maybe after a quote): a capital, a digit or an uncased
    letter; and it is not a shouted slug headline ("SOCCER - RESULTS")."""
    core = rest.lstrip("\"“‘'`([«„ ")
    if not core or not (core[0].isdigit() or (core[0].isalpha() and not core[0].islower())):
        return False
    head = core[:200]
    return any(c.islower() for c in head) or not any(c.isupper() for c in head)


def _placeless_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    m = _PLACELESS_RE.match(paragraph)
    if m is None:
        return None, paragraph
    rest = m.group("rest")
    if m.group("paren") is not None:
        credit, dash = m.group("paren"), m.group("paren_dash") is not None
        ok = _is_credit(credit, has_dash=dash) and (dash or rest != "")
    elif m.group("slash") is not None:
        credit = m.group("slash")
        ok = is_known_agency(credit)
    else:
        credit = m.group("bare")
        ok = _is_bare_credit(credit)
    if not ok or (rest and not _opens_like_lede(rest)):
        return None, paragraph
    raw = paragraph[: len(paragraph) - len(rest)].strip()
    return Dateline(raw=raw, agency=credit.strip()), rest.strip()


# Reuters corpus style (RCV1, CoNLL-2003): "LONDON 1996-08-30" on a line of its own.
_ISO_DATELINE_RE = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE_CAPS})(?:[ ]?,[ ]*(?P<region>{_REGION}|{_REGION_CAPS}))?"
    rf"[ ]+(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)[ \t]*(?:\n|\Z)(?P<rest>.*)\Z",
    re.DOTALL,
)

def _is_agency(name: str, has_dash: bool) -> bool:
    """Decide whether a parenthesized token after a place is a news agency.

    Known agencies count on their own; an unknown short capitalized token only counts
    when a dash follows it (``HAVANA (Prensa Latina) -``), and photo credits such as
    ``(AP Photo)`` never do.
    """
    low = name.lower()
    if "photo" in low or "file" in low or "video" in low:
        return False
    if is_known_agency(name):
        return True
    return has_dash and name[:1].isupper() and len(name) <= 30


def _parse_int_day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _date_is_valid(year: int | None, month: int, day: int) -> bool:
    """Check a month/day (and year when given); without a year, Feb 29 is possible."""
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True


def _iso_dateline(paragraph: str, m: re.Match[str]) -> tuple[Dateline | None, str]:
    place = m.group("place").strip()
    if place.upper() in _NOT_PLACES or sum(ch.isalpha() for ch in place) < 2:
        return None, paragraph
    region = m.group("region")
    parts = [normalize_place(place)]
    if region:
        parts.append(region if any(c.islower() for c in region) else normalize_place(region))
    year, month, day = int(m.group("year")), int(m.group("month")), int(m.group("day"))
    valid = 1 <= month <= 12 and _date_is_valid(year, month, day)
    rest = m.group("rest")
    raw = paragraph[: len(paragraph) - len(rest)].strip()
    return (
        Dateline(raw=raw, place=", ".join(parts), month=month, day=day, year=year,
                 date_valid=valid),
        rest.strip(),
    )


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Split a leading dateline off ``paragraph``.

    Returns ``(Dateline, rest_of_paragraph)`` when the paragraph opens with a dateline,
    else ``(None, paragraph)`` unchanged. The place is case-normalized ("NAIROBI, Kenya"
    -> "Nairobi, Kenya"); impossible dates are kept as written with ``date_valid=False``.
    English layouts are read first; only a paragraph they do not open is read for the
    Russian and French ones (``tasks.clean.datelines_ru_fr``).
    """
    found = _split_english(paragraph)
    if found[0] is not None:
        return found
    return split_dateline_ru_fr(paragraph)


def _split_english(paragraph: str) -> tuple[Dateline | None, str]:
    iso = _ISO_DATELINE_RE.match(paragraph)
    if iso is not None:
        return _iso_dateline(paragraph, iso)
    placeless = _placeless_dateline(paragraph)
    if placeless[0] is not None:
        return placeless
    m = _DATELINE_RE.match(paragraph)
    if m is None:
        return None, paragraph
    place_raw = (m.group("place_caps") or m.group("place_title") or "").strip()
    # A caps place may swallow the dot of "MOSCOW. Feb 5"; "ST." inside a name stays.
    place_main = place_raw[:-1] if place_raw.endswith(".") and not re.search(
        r"\b[A-Z]{1,3}\.$", place_raw) else place_raw
    place_main = place_main.rstrip("-")  # "SAN FRANCISCO--(BUSINESS WIRE)--"
    letters = sum(ch.isalpha() for ch in place_main)
    if letters < 2 or place_main.upper() in _NOT_PLACES:
        return None, paragraph

    agency = m.group("slash_agency")
    paren = m.group("paren_agency")
    if paren is not None:
        if not _is_agency(paren, has_dash=m.group("paren_dash") is not None):
            return None, paragraph
        agency = paren
    rest = m.group("rest")
    has_dash_only = agency is None
    if has_dash_only:
        # "SAN FRANCISCO — The ..." needs a shouted place and a real sentence after it.
        if (
            m.group("place_caps") is None
            or not re.match(r"[\"“‘'`(\[]*[A-Z0-9]", rest)
            or not re.search(r"[a-z]{2}", rest)
            or re.match(r"[\"“‘'`(\[]*[A-Z0-9][A-Z0-9.&'\-]+\s+[A-Z0-9][A-Z0-9.&'\-]+\b", rest)
        ):
            # "SOCCER - MAJOR LEAGUE RESULTS ...": a shouted slug headline, not a lede.
            return None, paragraph
    elif m.group("place_title") is not None and m.group("place_caps") is None and (
        not is_known_agency(agency)
    ):
        return None, paragraph

    # Region(s): the regex keeps only the last repetition, so re-read them from the head.
    head = m.group("head")
    after_place = head[len(place_raw):]
    regions: list[str] = []
    for chunk in after_place.split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(rf"(?i:{_MONTH_RE}|{_WEEKDAY_RE})\b|\d", chunk):
            break
        regions.append(chunk if any(c.islower() for c in chunk) else normalize_place(chunk))
    place = ", ".join([normalize_place(place_main), *regions])

    month = day = year = weekday = None
    month_txt = m.group("month") or m.group("month2")
    if month_txt:
        month = _MONTHS[month_txt.lower().rstrip(".")]
        day = _parse_int_day(m.group("day") or m.group("day2"))
        year = int(m.group("year")) if m.group("year") else None
    wd_txt = m.group("wd1") or m.group("wd2")
    if wd_txt:
        weekday = _WEEKDAYS[wd_txt.lower().rstrip(".")]
    valid = True if month is None else _date_is_valid(year, month, day)  # type: ignore[arg-type]

    raw = paragraph[: len(paragraph) - len(rest)].strip()
    dateline = Dateline(
        raw=raw,
        place=place,
        agency=agency,
        month=month,
        day=day,
        year=year,
        weekday=weekday,
        date_valid=valid,
    )
    return dateline, rest.strip()
