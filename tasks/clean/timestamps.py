"""Publication timestamps written as lines of a story's text.

Scraped pages and agency copy often carry their date only as a line of text, above the
headline, under the byline or at the very end: ``Published: Sept. 28, 2023, 9:12 p.m.``,
``March 3, 2025 11:42 AM GMT Updated 2 hours ago``, ``Posted on 22 April 2022 by the
desk``, ``Source: Xinhua| 2022-11-02 20:13:45|Editor: huaxia``, ``11.03.2025 14:05``, the
1990s ``AP-NY-03-14-98 1422EST`` slug. :func:`find_stamps` finds them; :func:`publication_stamp`
picks the one that dates the story (the original publication, not an update).

A line counts only when it *is* a timestamp: a date, optionally a time and a zone, led by
nothing but a label (``Published``, ``Updated on``, ``By NAME on``) and followed by nothing
but another label, a byline or a relative note ("2 hours ago"); ``|``, ``•`` and ``·``
split a line into segments that are read one by one. A date in a sentence ("March 3, 2025
was the day...") is never one. Only the story's first and last lines are read: a date line
in the middle is an event listing, not a dateline.

Each candidate is located by a strict pattern that requires a four-digit year, a month and
a day, then parsed by ``dateutil`` with the day/month order the layout implies, and the
parser's result must agree with the pattern's digits: neither is trusted alone. Zone
abbreviations map to fixed offsets (``EDT`` -> -04:00); ``ET``/``PT`` and friends, whose
offset depends on daylight saving, map to their IANA zone.

Date lines of French, Spanish, Italian, German, Russian... copy are read the same way
(``Publié le 12 juin 2024 à 08h05``, ``3 марта 2025 года``, ``12. Juni 2024 um 08:05
Uhr``): their month names and labels are in ``tasks.clean.datewords``; such a date is
built from the table's month and the written digits, dateutil knowing English only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser

from storywire.tasks.clean.datewords import (
    foreign_month_pattern,
    label_pattern,
    month_number,
    update_label,
)

__all__ = [
    "UPDATE_LABELS",
    "TextStamp",
    "find_stamps",
    "parse_stamp",
    "publication_stamp",
    "update_stamp",
]

# Lines read from each end of the story: header zone (site line, headline, byline, date
# line, photo caption...) and sign-off zone.
HEAD_LINES = 12
TAIL_LINES = 6
# Longer lines are prose; also bounds the regex work on hostile input.
_MAX_LINE_CHARS = 240
# A segment of a "By X | Staff Writer | <date>" line is a few words, never a sentence.
_MAX_SEGMENT_WORDS = 6

UPDATE_LABELS = frozenset({"updated"})


@dataclass(frozen=True, slots=True)
class TextStamp:
    """A timestamp found as a line of the story text.

    ``timestamp`` is None when the line gives no time; it is timezone-aware when the line
    names a zone or an offset (``timezone`` keeps it as written: ``EDT``, ``+05:30``).
    ``label`` is ``published`` (Published, Posted, First published, Date, a ``By NAME on``
    lead, an agency ``Source:`` line, a wire slug), ``updated`` (Updated, Last modified,
    Edited...) or ``none`` for a line that is only a date. ``line`` is the 0-based index
    of the line in the text, ``text`` the line as written.
    """

    date: dt.date
    timestamp: dt.datetime | None
    timezone: str | None
    label: str
    line: int
    text: str

    @property
    def original(self) -> bool:
        """True unless the line dates an update rather than the first publication."""
        return self.label not in UPDATE_LABELS


# --------------------------------------------------------------------------- zones

_FIXED_ZONES = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5,
    "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "WEST": 1, "EET": 2,
    "EEST": 3, "MSK": 3, "TRT": 3, "EAT": 3, "CAT": 2, "SAST": 2, "WAT": 1, "GST": 4,
    "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "MYT": 8, "PHT": 8,
    "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13, "МСК": 3,
}  # fmt: skip
# Zones named without their daylight-saving half: the offset depends on the date.
_DST_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles", "AKT": "America/Anchorage",
}  # fmt: skip
_ZONE_WORDS = "|".join(sorted([*_FIXED_ZONES, *_DST_ZONES], key=len, reverse=True))
_TZ = (
    r"(?P<tz>Z(?![A-Za-z])|[+-]\d{2}:?\d{2}(?!\d)"
    rf"|(?:GMT|UTC|UT)\s?[+-]\s?\d{{1,2}}(?::?\d{{2}})?(?!\d)|(?:{_ZONE_WORDS})(?![A-Za-z]))"
)


def _zone(text: str) -> dt.tzinfo | None:
    """A tzinfo for a zone as written: ``Z``, ``+0530``, ``GMT+3``, ``EDT``, ``ET``."""
    word = text.replace(" ", "").upper()
    if word in _FIXED_ZONES:
        return dt.timezone(dt.timedelta(hours=_FIXED_ZONES[word]))
    if word in _DST_ZONES:
        return ZoneInfo(_DST_ZONES[word])
    m = re.fullmatch(r"(?:GMT|UTC|UT)?([+-])(\d{1,2}):?(\d{2})?", word)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    sign = -1 if m.group(1) == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


# --------------------------------------------------------------------------- patterns

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = (
    r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
    r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+"
)
_WEEKDAY_LEAD = re.compile(_WEEKDAY, re.IGNORECASE)
_WEEKDAY_NUMBER = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<y>\d{4})(?![\d:])"

# One pattern per layout, each with the day/month order dateutil must use.
_DATE_FORMS: tuple[tuple[re.Pattern[str], dict[str, bool]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), order)
    for pattern, order in (
        # 2022-11-02, 2025/3/3, 2025.03.11
        (r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d.:])",
         {"yearfirst": True, "dayfirst": False}),
        # 11.03.2025, 11-03-2025: day first
        (r"(?P<d>[0-3]?\d)(?P<sep>[.-])(?P<m>[01]?\d)(?P=sep)" + _YEAR,
         {"yearfirst": False, "dayfirst": True}),
        # 03/11/2025: month first, as US wire copy writes it (day first when it must be)
        (r"(?P<m>[0-3]?\d)/(?P<d>[0-3]?\d)/" + _YEAR, {"yearfirst": False, "dayfirst": False}),
        # March 3, 2025; Sept. 28, 2023; Tuesday, March 4 2025
        (rf"(?:{_WEEKDAY})?(?P<mon>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}",
         {"yearfirst": False, "dayfirst": False}),
        # 3 March 2025; 3rd of March, 2025; Tue, 04 Mar 2025
        (rf"(?:{_WEEKDAY})?{_DAY}(?:\s+of)?\s+(?P<mon>{_MONTH})\.?,?\s+{_YEAR}",
         {"yearfirst": False, "dayfirst": True}),
        # 2025年3月3日
        (r"(?P<y>\d{4})\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日",
         {"yearfirst": True, "dayfirst": False}),
        # 3 mars 2025, 1er mars 2025, 3 de marzo de 2025, 3. März 2025, 3 марта 2025 года
        (rf"{_DAY}(?:er|º|°|\.)?\s+(?:de\s+)?(?P<fmon>{foreign_month_pattern()})\.?,?\s+"
         rf"(?:de\s+|del\s+)?{_YEAR}(?:\s*(?:года|г\.|г\b|року|р\.))?",
         {"yearfirst": False, "dayfirst": True}),
    )
)  # fmt: skip
_TIME = re.compile(
    r"(?P<h>2[0-3]|[01]?\d)(?:[:.h](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:[.,]\d{1,6})?)?)?"
    r"(?:\s?(?P<ap>[ap]\.?\s?m\b\.?))?(?:\s?(?:Uhr|ч\.)(?!\w))?",
    re.IGNORECASE,
)
_ZONE = re.compile(rf"\s?\(?{_TZ}\)?")
# Between a date and its time: "March 3, 2025, 9:12", "June 11, 2024 at 8:05", ISO "T".
_DATE_TIME_GAP = re.compile(
    r"\s*,?\s*(?:(?:at|à|às|a\s+las|um|alle(?:\s+ore)?|ore|klo|kl\.|kl|saat|om|o|в)(?!\w)"
    r"|@|-|–|—|T(?=\d))?\s*",
    re.IGNORECASE,
)
_TIME_DATE_GAP = re.compile(r"\s*(?:,|\bon\b|-|–|—)?\s*", re.IGNORECASE)
# The 1990s wire slug: desk codes, month-day-year, time and zone ("AP-NY-03-14-98 1422EST").
_SLUG = re.compile(
    r"^[A-Z]{2,6}(?:-[A-Z0-9]{1,6})*-(?P<m>\d{2})-(?P<d>\d{2})-(?P<y>\d{2}|\d{4})\s+"
    r"(?P<h>[0-2]\d)(?P<mi>[0-5]\d)\s*(?P<tz>[A-Z]{2,4})?$"
)

_LABEL = re.compile(
    r"(?P<label>(?:first|originally|initially)\s+(?:published|posted)|"
    r"last\s+(?:updated|modified|edited|revised)|published|posted|released|issued|filed|"
    r"created|written|updated|modified|edited|revised|amended|dated|"
    r"publication\s+date|date\s+published|" + label_pattern() + "|"
    r"(?P<colon_only>date|time|pubdate))"
    r"(?:\s+(?:on|at|le|el|il|am|em|op|den|dne))?(?P<colon>\s*:)?[\s\-–—]*",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"(?:le|el|il|am|den)\s+(?=\d)", re.IGNORECASE)
_UPDATE_WORDS = ("updated", "modified", "edited", "revised", "amended")
_BY_LEAD = re.compile(
    r"[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*(?:,\s*|\s+(?:on|at)\s+|\s+[-–—]\s+)"
)
# What may follow a timestamp on its line: another label, a byline, a relative note, a
# reading time, a section ("in Politics"). Anything else is a sentence.
_TAIL_OK = re.compile(
    r"(?:by\b|in\s+[A-Z]|source\b|editor\b|photo\b|image\b|views?\b|comments?\b|share\b|"
    r"\(?local time\)?|\d+\s*(?:min(?:ute)?s?|hrs?|hours?)\s+read\b|"
    r"(?:about\s+)?\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b|"
    r"[-–—]|(?-i:\(?[A-Z]{2,5}\)?)$)",  # the last: a zone not in the table, left naive
    re.IGNORECASE,
)
# A name or site before a date: capitalized words, a domain, "by".
_LEAD_WORD = re.compile(
    r"(?!(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s)"  # a weekday belongs to the date
    r"(?:[A-Z][\w.'’&-]*|[a-z][\w-]*(?:\.[a-z]{2,})+|by|and|of)\s+"
)
_MAX_LEAD_WORDS = 5
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||•|·|\s[-–—]{1,2}\s)\s*")
_SOURCE_SEGMENT = re.compile(r"^(?:source|editor|agency|by|from)\b\s*:?", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class _Parsed:
    date: dt.date
    timestamp: dt.datetime | None
    timezone: str | None
    end: int


_DEFAULT_A = dt.datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = dt.datetime(2001, 2, 2, 1, 1, 1)


def _dateutil(text: str, order: dict[str, bool]) -> dt.date | None:
    """The day ``text`` names, parsed twice with different defaults: None when the day,
    month or year came from a default rather than from the text."""
    try:
        first = date_parser.parse(text, default=_DEFAULT_A, **order)
        second = date_parser.parse(text, default=_DEFAULT_B, **order)
    except (ValueError, OverflowError, TypeError):
        return None
    return first.date() if first.date() == second.date() else None


def _date_at(text: str, pos: int) -> tuple[re.Match[str], dict[str, bool]] | None:
    for pattern, order in _DATE_FORMS:
        m = pattern.match(text, pos)
        if m:
            return m, order
    return None


def _time_at(text: str, pos: int) -> tuple[str, int] | None:
    """A clock time at ``pos`` ("9:12 p.m.", "14:05:33", "11 AM", "11.42" only with a zone)."""
    m = _TIME.match(text, pos)
    if not m or not (m.group("mi") or m.group("ap")):
        return None
    if m.group("ap") and int(m.group("h")) > 12:
        return None
    # "11.42" is a time only when a zone follows; otherwise it may be any number
    # ("08h05" is French for a time, never a number).
    dotted = m.group("mi") and text[m.end("h")] == "." and not m.group("ap")
    if dotted and not _ZONE.match(text, m.end()):
        return None
    hours = m.group("h")
    minutes = m.group("mi") or "00"
    seconds = f":{m.group('s')}" if m.group("s") else ""
    ampm = ""
    if m.group("ap"):
        ampm = " PM" if m.group("ap").lower().startswith("p") else " AM"
    return f"{hours}:{minutes}{seconds}{ampm}", m.end()


def _zone_at(text: str, pos: int) -> tuple[str, dt.tzinfo, int] | None:
    m = _ZONE.match(text, pos)
    if not m:
        return None
    zone = _zone(m.group("tz"))
    return (m.group("tz"), zone, m.end()) if zone is not None else None


def _weekday_fits(m: re.Match[str], day: dt.date) -> bool:
    wd = m.groupdict().get("wd")
    return wd is None or _WEEKDAY_NUMBER[wd[:3].lower()] == day.weekday()


def _calendar_date(m: re.Match[str], order: dict[str, bool]) -> dt.date | None:
    """The date a pattern match names, parsed by dateutil and checked against the digits."""
    groups = m.groupdict()
    text = m.group(0)
    if groups.get("fmon"):
        # dateutil knows English months only: the month is the table's, the digits are read.
        try:
            return dt.date(int(groups["y"]), month_number(groups["fmon"]) or 0, int(groups["d"]))
        except ValueError:
            return None
    if "年" in text:
        text = f"{groups['y']}-{groups['m']}-{groups['d']}"
    elif groups.get("wd"):
        text = text[m.end("wd") - m.start() :].lstrip(" .,")  # the weekday is checked below
    expected_day, expected_month = int(groups["d"]), groups.get("m")
    order = dict(order)
    if expected_month is not None and not order["yearfirst"] and int(expected_month) > 12:
        # "25/03/2025" written month first cannot be: only the day-first reading exists.
        order["dayfirst"] = True
        expected_day, expected_month = int(expected_month), groups["d"]
    day = _dateutil(text, order)
    if day is None:
        return None
    if day.year != int(groups["y"]) or day.day != expected_day:
        return None
    if expected_month is not None and day.month != int(expected_month):
        return None
    return day if _weekday_fits(m, day) else None


def _parse_at(text: str, pos: int) -> _Parsed | None:
    """A timestamp starting at ``pos``: date [time] [zone], or time [zone] date."""
    time_first = None
    found = _date_at(text, pos)
    weekday = None
    if found is None and (weekday := _WEEKDAY_LEAD.match(text, pos)) is not None:
        pos = weekday.end()  # "Fri 6:45 PM, Feb 16, 2018": checked against the date below
    if found is None:
        clock = _time_at(text, pos)
        if clock is None:
            return None
        zone = _zone_at(text, clock[1])
        after = zone[2] if zone else clock[1]
        gap = _TIME_DATE_GAP.match(text, after)
        found = _date_at(text, gap.end() if gap else after)
        if found is None:
            return None
        time_first = (clock[0], zone)
    m, order = found
    day = _calendar_date(m, order)
    if day is None or (weekday is not None and not _weekday_fits(weekday, day)):
        return None
    end = m.end()
    clock_text: str | None = None
    zone_found = None
    if time_first is not None:
        clock_text, zone_found = time_first
    else:
        gap = _DATE_TIME_GAP.match(text, end)
        clock = _time_at(text, gap.end()) if gap else None
        if clock is not None:
            clock_text, end = clock
        zone_found = _zone_at(text, end)
    if zone_found is not None and time_first is None:
        end = zone_found[2]
    if clock_text is None:
        return _Parsed(day, None, None, end)
    try:
        clock_value = date_parser.parse(clock_text, default=dt.datetime(2000, 1, 1)).time()
    except (ValueError, OverflowError):
        return _Parsed(day, None, None, end)
    stamp = dt.datetime.combine(day, clock_value)
    if zone_found is not None:
        return _Parsed(day, stamp.replace(tzinfo=zone_found[1]), zone_found[0], end)
    return _Parsed(day, stamp, None, end)


def parse_stamp(value: str) -> tuple[dt.date, dt.datetime | None] | None:
    """Parse a string that is exactly one timestamp ("June 11, 2024 at 8:05 AM EDT").

    Returns ``(date, timestamp or None)``, or None when the string is not a full date
    (no year, no day, trailing words).
    """
    text = _normalize(value)
    parsed = _parse_at(text, 0)
    if parsed is None or text[parsed.end :].strip(" .,;"):
        return None
    return parsed.date, parsed.timestamp


def _slug(text: str) -> _Parsed | None:
    m = _SLUG.match(text)
    if not m:
        return None
    year = int(m.group("y"))
    if year < 100:
        year += 1900 if year >= 70 else 2000
    try:
        stamp = dt.datetime(
            year, int(m.group("m")), int(m.group("d")), int(m.group("h")), int(m.group("mi"))
        )
    except ValueError:
        return None
    zone = _zone(m.group("tz")) if m.group("tz") else None
    if zone is None:
        return _Parsed(stamp.date(), stamp, None, m.end())
    return _Parsed(stamp.date(), stamp.replace(tzinfo=zone), m.group("tz"), m.end())


# --------------------------------------------------------------------------- lines


def _normalize(line: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _label_of(word: str) -> str:
    updated = any(w in word.lower() for w in _UPDATE_WORDS) or update_label(word)
    return "updated" if updated else "published"


def _segment_stamps(segment: str, depth: int = 0) -> list[tuple[str, _Parsed]]:
    """Timestamps in one segment: [lead] [label] stamp [tail], the tail maybe another one."""
    pos, label = 0, "none"
    lead = _BY_LEAD.match(segment)
    if lead:
        pos, label = lead.end(), "published"
    m = _LABEL.match(segment, pos)
    if m and not (m.group("colon_only") and not m.group("colon")):
        pos, label = m.end(), _label_of(m.group("label"))
    elif article := _ARTICLE.match(segment, pos):
        pos = article.end()  # "le 12 juin 2024 à 08h05": the article belongs to the date
    parsed = _parse_at(segment, pos)
    if parsed is None:
        return []
    tail = segment[parsed.end :].lstrip(" ,;.")
    next_label = tail.lstrip("|•·-–— ")
    found = [(label, parsed)]
    if not tail:
        return found
    if _LABEL.match(next_label) and depth < 3:
        more = _segment_stamps(next_label, depth + 1)
        return found + more if more else found
    if _TAIL_OK.match(tail):
        return found
    return []


def _label_like(segment: str) -> bool:
    """A segment of a "By X | Staff Writer | Source: Y" line: a few words, not a clause."""
    words = segment.split()
    lower = sum(1 for w in words if w[:1].islower() and w.isalpha() and len(w) > 2)
    return (
        len(words) <= _MAX_SEGMENT_WORDS
        and lower <= 2
        and not segment.rstrip().endswith((".", "!", "?"))
    )


def _after_lead(text: str) -> list[tuple[str, _Parsed]]:
    """A stamp after a short name lead: "Associated Press November 19, 2019, 9:02 AM",
    "smithsonian.com Nov. 18, 2019" (a byline and its date scraped onto one line)."""
    pos = 0
    for _ in range(_MAX_LEAD_WORDS):
        m = _LEAD_WORD.match(text, pos)
        if not m:
            return []
        pos = m.end()
        if found := _segment_stamps(text[pos:]):
            return found
    return []


def _line_stamps(line: str) -> list[tuple[str, _Parsed]]:
    text = _normalize(line).strip("*#>[]() ")
    if not text or len(text) > _MAX_LINE_CHARS:
        return []
    slug = _slug(text)
    if slug is not None:
        return [("published", slug)]
    whole = _segment_stamps(text)
    if whole:
        return whole
    segments = [s for s in _SEGMENT_SPLIT.split(text) if s]
    if len(segments) < 2:
        return _after_lead(text)
    found: list[tuple[str, _Parsed]] = []
    for segment in segments:
        stamps = _segment_stamps(segment)
        if not stamps and not _label_like(segment):
            return []  # a sentence with a date between dashes, not a line of labels
        found.extend(stamps)
    if len({p.date for label, p in found if label == "none"}) > 1:
        return []  # "29 November 2018 | 20 January 2019": a span (an exhibition, a term)
    if found and any(_SOURCE_SEGMENT.match(s) for s in segments):
        # "Source: Xinhua | 2022-11-02 20:13:45 | Editor: ...": the agency's publication line.
        found = [("published" if label == "none" else label, p) for label, p in found]
    return found


def _zones(lines: list[str]) -> Iterator[int]:
    """Indexes of the non-blank lines in the header and sign-off zones, in text order."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= HEAD_LINES + TAIL_LINES:
        yield from filled
        return
    yield from filled[:HEAD_LINES]
    yield from filled[-TAIL_LINES:]


def find_stamps(text: str) -> tuple[TextStamp, ...]:
    """Every timestamp line in the first and last lines of ``text``, in text order."""
    lines = text.splitlines()
    found: list[TextStamp] = []
    for index in _zones(lines):
        for label, parsed in _line_stamps(lines[index]):
            found.append(
                TextStamp(
                    parsed.date,
                    parsed.timestamp,
                    parsed.timezone,
                    label,
                    index,
                    lines[index].strip(),
                )
            )
    return tuple(found)


def publication_stamp(stamps: tuple[TextStamp, ...]) -> TextStamp | None:
    """The stamp that dates the original publication, or None.

    A labelled original ("Published", "Posted", a source line) beats a bare date line, and
    the earliest of them wins (a "First published" line over a later republication); among
    bare date lines the first one does. Update stamps are never the publication.
    """
    originals = [s for s in stamps if s.original]
    labelled = [s for s in originals if s.label != "none"]
    if labelled:
        return min(labelled, key=lambda s: (s.date, s.line))
    return originals[0] if originals else None


def update_stamp(stamps: tuple[TextStamp, ...]) -> TextStamp | None:
    """The earliest update stamp: the story was published on or before it."""
    updates = [s for s in stamps if not s.original]
    return min(updates, key=lambda s: (s.date, s.line)) if updates else None
