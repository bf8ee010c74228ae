"""Anchoring relative expressions to the publication date, with cheap tense cues.

News reasoning, HeidelTime style: a bare weekday in a past-tense report ("said on
Monday") is the latest such day on or before publication, in a future-tense clause
("will meet on Monday") the next one; a month without a year is the closest such month,
pushed back or forward a year when the tense says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import islice

_FUTURE_RE = re.compile(
    r"\b(?:will|won't|wo n't|'ll|shall|would|going to|(?:is|are|be)\s+(?:expected|"
    r"scheduled|set|due|slated|planned|likely|supposed|to)\b|plans? to|intends? to|"
    r"next(?!\s+to\b)|coming(?=\s+(?:days?|weeks?|months?|years?|decades?))|upcoming|tomorrow|as soon as|as early as|planning to)\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    r"\b(?:(?:was|were|had\s+been)\s+(?:set|scheduled|due|expected|supposed|planned|slated|"
    r"going)\s+to(?:\s+\w+)?|(?:has|have)\s+been|said|was|were|had|did|ago|last|yesterday|"
    r"earlier|since|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?:told|met|held|made|took|came|went|"
    r"began|gave|found|left|sent|saw|got|fell|rose|won|lost|paid|sold|bought|spoke|broke|"
    r"led|ran|became|kept|brought|thought|fought|struck|wrote|knew|built|shot|stood|"
    r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bstill )(?<!\bits )(?<!\bhis )(?<!\bher )(?<!\btheir )"
    r"(?<!-)[a-z]{2,}(?<!need)(?<!speed)(?<!seed)(?<!feed)(?<!exceed)(?<!proceed)(?<!succeed)"
    r"(?<!indeed)(?<!hundred)ed))\b"
)
_PLAIN_PAST_RE = re.compile(r"\b(?:had|was|were|did)\b(?!\s+(?:due|set|scheduled|expected|to)\b)")
_PRESENT_RE = re.compile(r"\b(?:is|are|am|remains?|says|continues?)\b")
_LEAD_RE = re.compile(
    r"\b(since|by|effective|payable|starting|beginning|[Ss]ince|[Bb]y|until|till)\s+(?:the\s+)?$",
)
_CLAUSE_END_RE = re.compile(r"[,;:(]|\s[-–—]\s")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n|\n(?=\s)")


@dataclass(frozen=True, slots=True)
class TenseCues:
    """One language's tense cues: what tells a past report from an announcement.

    ``lead`` is a temporal preposition just before the expression (group 1); those in
    ``past_leads`` ("since") point back, the others ahead unless ``plain_past`` is near.
    """

    future: re.Pattern[str]
    past: re.Pattern[str]
    present: re.Pattern[str]
    lead: re.Pattern[str]
    plain_past: re.Pattern[str]
    sentence_end: re.Pattern[str]
    past_leads: frozenset[str] = frozenset({"since"})


ENGLISH_CUES = TenseCues(
    _FUTURE_RE, _PAST_RE, _PRESENT_RE, _LEAD_RE, _PLAIN_PAST_RE, _SENTENCE_END_RE
)


def sentence_starts(text: str, sentence_end: re.Pattern[str] = _SENTENCE_END_RE) -> list[int]:
    """Offsets where sentences begin; abbreviations may split early, which only narrows
    the window used for tense cues."""
    return [0, *(m.end() for m in sentence_end.finditer(text))]


def sentence_span(text: str, starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The sentence window around ``start``..``end``."""
    i = bisect_right(starts, start) - 1
    s = starts[max(i, 0)]
    e = starts[i + 1] if i + 1 < len(starts) else len(text)
    return s, max(e, end)


# A cue governs an expression from at most this far before it, or half as far after it.
_REACH = 150
_REACH_AFTER = (_REACH - 1) // 2
_LONGEST_CLAUSE_END = 3  # " - "
_CUE_LABELS = ("FUTURE", "PAST", "PRESENT")
_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class _Cues:
    """The tense cues of one sentence window, each cue regex's matches in text order."""

    third_word: int  # where the window's third word starts; the text's length if none
    matches: tuple[tuple[list[int], list[int]], ...]  # (starts, ends) per _CUE_LABELS


class Sentences:
    """One text's sentences and the tense cues in them, each sentence scanned once.

    Why: every weekday, month and quarter asks for its sentence's tense; scanning the
    sentence again per question makes a text with few full stops cost its length squared.
    """

    def __init__(
        self, text: str, starts: list[int] | None = None, cues: TenseCues = ENGLISH_CUES
    ) -> None:
        self.text = text
        self.cues = cues
        self.starts = sentence_starts(text, cues.sentence_end) if starts is None else starts
        self._cues: dict[tuple[int, int], _Cues] = {}

    def tense_near(self, start: int, end: int) -> str | None:
        """'FUTURE', 'PAST' or None from the closest tense cue in the same sentence.

        Nearest wins because reported speech mixes tenses: in "officials said talks will
        resume Monday", "will" sits next to the expression and decides.
        """
        text = self.text
        s, e = sentence_span(text, self.starts, start, end)
        if re.match(r"['’]s\b", text[end : end + 2]):
            return "PAST"  # "Wednesday's ruling": an event already reported
        cues = self.cues
        lead = cues.lead.search(text, max(s, start - 25), start)
        if lead:
            if lead.group(1).lower() in cues.past_leads:
                return "PAST"
            # "by/until Friday" points ahead, unless the clause is plainly past
            # ("had filed reports by Wednesday")
            if not cues.plain_past.search(text, max(s, lead.start() - 50), lead.start()):
                return "FUTURE"
        window = self._window(s, e)
        # cues after the expression count within its clause, unless it opens the sentence
        # ("In January, the company bought ..."); a clause end beyond the cues' reach
        # changes nothing, so the search stops there
        if window.third_word < start:
            limit = min(e, end + _REACH_AFTER + _LONGEST_CLAUSE_END)
            clause_end = _CLAUSE_END_RE.search(text, end, limit)
            if clause_end:
                e = clause_end.start()
        return _closest_cue(window, start, end, e)

    def _window(self, s: int, e: int) -> _Cues:
        """The cues of ``text[s:e]``, scanned on first use.

        A clause cut short at a comma, semicolon, colon, bracket or spaced dash needs no
        scan of its own: no cue can contain those characters, so the clause's cues are
        exactly the window's cues that start before the cut.
        """
        cues = self._cues.get((s, e))
        if cues is None:
            words = [m.start() for m in islice(_WORD_RE.finditer(self.text, s, e), 3)]
            found = []
            for regex in (self.cues.future, self.cues.past, self.cues.present):
                spans = [m.span() for m in regex.finditer(self.text, s, e)]
                found.append(([a for a, _ in spans], [b for _, b in spans]))
            third = words[2] if len(words) == 3 else len(self.text)
            cues = self._cues[(s, e)] = _Cues(third, tuple(found))
        return cues


def _closest_cue(cues: _Cues, start: int, end: int, e: int) -> str | None:
    """The label of the cue nearest ``start``..``end`` among those starting before ``e``;
    only cues within reach are visited (the lists are in text order)."""
    best: tuple[tuple[int, int], str] | None = None
    # on a tie between overlapping cues the longer one wins: "was set to take" (a
    # future-in-the-past, which news uses for things already due) beats "to take"
    for label, (starts, ends) in zip(_CUE_LABELS, cues.matches, strict=True):
        i = bisect_left(ends, start - _REACH)
        while i < len(starts) and starts[i] < e and starts[i] <= end + _REACH_AFTER:
            m_start, m_end = starts[i], ends[i]
            i += 1
            if m_start >= start and m_end <= end:
                continue
            dist = start - m_end if m_end <= start else (m_start - end) * 2 + 1
            if dist < 0 or dist > _REACH:
                continue  # too far to govern the expression
            key = (dist, -(m_end - m_start))
            if best is None or key < best[0]:
                best = (key, label)
    if best is None or best[1] == "PRESENT":
        return None
    return best[1]


def tense_near(text: str, starts: list[int], start: int, end: int) -> str | None:
    """``Sentences.tense_near`` for a single question (no scan is kept for the next)."""
    return Sentences(text, starts).tense_near(start, end)


# --- calendar helpers ------------------------------------------------------------------


def add_months(d: dt.date, n: int) -> dt.date:
    """Month arithmetic that clamps the day (Mar 31 - 1 month -> Feb 28)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def weekday_date(dct: dt.date, weekday: int, tense: str | None, offset: int = 0) -> dt.date:
    """Resolve a weekday (1=Monday) against ``dct``.

    ``offset`` -1/+1 is "last"/"next" (the occurrence in the previous/next week, never
    today); otherwise the tense decides, publication day itself included.
    """
    delta = weekday - dct.isoweekday()
    if offset < 0:
        return dct + dt.timedelta(days=delta - 7 if delta >= 0 else delta)
    if offset > 0:
        return dct + dt.timedelta(days=delta + 7 if delta <= 0 else delta)
    if tense == "FUTURE":
        return dct + dt.timedelta(days=delta + 7 if delta < 0 else delta)
    return dct + dt.timedelta(days=delta - 7 if delta > 0 else delta)


def month_year(dct: dt.date, month: int, day: int | None, tense: str | None) -> int:
    """The year of "September 27" / "December" written without one.

    The closest occurrence wins; a tense that contradicts its direction costs ~4 months,
    so a past-tense "in November" read in February goes to last November.
    """
    best_year, best_cost = dct.year, 10**9
    for year in (dct.year - 1, dct.year, dct.year + 1):
        if day is not None:
            try:
                cand = dt.date(year, month, day)
            except ValueError:
                cand = dt.date(year, month, 28)
            diff = (cand - dct).days
        else:
            months = (year - dct.year) * 12 + (month - dct.month)
            diff = months * 30
        cost = abs(diff)
        if diff > 0 and tense == "PAST":
            cost += 250
        elif diff > 0 and tense is None:
            cost += 30  # news reports mostly look back
        elif diff < 0 and tense == "FUTURE":
            cost += 250
        if cost < best_cost:
            best_year, best_cost = year, cost
    return best_year


def quarter_year(dct: dt.date, quarter: int, tense: str | None) -> int:
    """Year of a bare "the fourth quarter": this year's, unless that quarter has not
    started yet and the clause is not about the future (a January report on "the fourth
    quarter" means last year's)."""
    if quarter > quarter_of(dct) and tense != "FUTURE":
        return dct.year - 1
    return dct.year


def shift(dct: dt.date, unit: str, n: int) -> str:
    """``dct`` moved by ``n`` units, written at that unit's granularity (TimeBank style:
    "two months ago" -> 2020-08, "a year ago" -> 2019, "10 days ago" -> 2020-10-16)."""
    if unit == "D":
        return (dct + dt.timedelta(days=n)).isoformat()
    if unit == "W":
        return iso_week(dct + dt.timedelta(weeks=n))
    if unit == "M":
        d = add_months(dct, n)
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "Q":
        q = dct.year * 4 + quarter_of(dct) - 1 + n
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "Y":
        return f"{dct.year + n:04d}"
    if unit == "DE":
        return f"{(dct.year + 10 * n) // 10:03d}"
    if unit == "CE":
        return f"{(dct.year + 100 * n) // 100:02d}"
    if unit == "WE":
        d = dct + dt.timedelta(weeks=n)
        return iso_week(d) + "-WE"
    raise ValueError(f"unknown unit {unit!r} for shift")


# --- value -> calendar span ------------------------------------------------------------

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_span(year: int, m1: int, m2: int) -> tuple[dt.date, dt.date]:
    y2, mm2 = year + (m2 - 1) // 12, (m2 - 1) % 12 + 1
    return dt.date(year, m1, 1), dt.date(y2, mm2, calendar.monthrange(y2, mm2)[1])


def value_range(value: str) -> tuple[dt.date | None, dt.date | None]:
    """Calendar span covered by a DATE/TIME value; (None, None) when not a calendar date.

    Seasons are meteorological (summer = June-August, winter = December-February).
    """
    try:
        return _value_range(value)
    except ValueError:
        return None, None


def _value_range(value: str) -> tuple[dt.date | None, dt.date | None]:
    v = value.split("T", 1)[0] if re.match(r"\d{4}-\d\d-\d\dT", value) else value
    if m := re.fullmatch(r"(\d{4})/(\d{4})", v):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
        return _month_span(int(m[1]), int(m[2]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return monday, monday + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
        q = int(m[2])
        return _month_span(int(m[1]), 3 * q - 2, 3 * q)
    if m := re.fullmatch(r"(\d{4})-H([12])", v):
        h = int(m[2])
        return _month_span(int(m[1]), 6 * h - 5, 6 * h)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        return _month_span(int(m[1]), *_SEASON_MONTHS[m[2]])
    if m := re.fullmatch(r"FY(\d{4})", v):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"\d{4}", v):
        return dt.date(int(v), 1, 1), dt.date(int(v), 12, 31)
    if m := re.fullmatch(r"\d{3}", v):
        return dt.date(int(v) * 10, 1, 1), dt.date(int(v) * 10 + 9, 12, 31)
    if m := re.fullmatch(r"\d{2}", v):
        return dt.date(int(v) * 100, 1, 1), dt.date(int(v) * 100 + 99, 12, 31)
    return None, None
