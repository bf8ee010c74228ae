"""TIMEX3 rules: one precompiled regex per expression family, each with a normalizer.

HeidelTime-like design: a pattern fixes the extent (TimeBank conventions: "the" belongs
to noun-phrase timexes such as "the third quarter" but not to adjectival ones such as
"third-quarter"; "nearly"/"more than" belong to durations, "about"/"over" do not), and
its normalizer turns the match into (type, value, mod), anchoring relative values on the
publication date with the tense of the sentence. A normalizer may return None to reject
a match (e.g. a bare "May" that is the modal verb).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from storywire.tasks.enrich.timex.gates import Gate, low, raw
from storywire.tasks.enrich.timex.lexicon import (
    DAY_PARTS,
    DAYNUM_RE,
    DAYPART_RE,
    HOLIDAYS_RE,
    MONTH_RE,
    MONTHS,
    NUMBER_RE,
    ORDINALS,
    SEASON_RE,
    SEASONS,
    SPELLED_YEAR_RE,
    UNIT_RE,
    UNITS,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR4_RE,
    spelled_year,
    word_number,
)
from storywire.tasks.enrich.timex.resolve import (
    ENGLISH_CUES,
    Sentences,
    TenseCues,
    add_months,
    iso_week,
    month_year,
    quarter_of,
    quarter_year,
    shift,
    weekday_date,
)

# (type, value, mod)
Norm = tuple[str, str, str | None]

# Values starting with this are resolved after extraction, in document order, against the
# last absolute date the story mentioned (see resolve_anaphor).
ANAPHOR_PREFIX = "ANAPHOR|"


_PERIOD_WORD_RE = re.compile(r"\bquarter|\bperiod\b", re.IGNORECASE)


class TextFacts:
    """What normalizers ask about the whole text, each answered at most once per text.

    Why: an answer worked out again for every match (a sentence's tense cues, a search of
    the whole story) makes extraction cost the text's length squared.
    """

    def __init__(self, text: str, cues: TenseCues = ENGLISH_CUES) -> None:
        self.text = text
        self.cues = cues  # the text's language's tense cues

    @cached_property
    def sentences(self) -> Sentences:
        return Sentences(self.text, cues=self.cues)

    @cached_property
    def names_a_period(self) -> bool:
        """Whether the story says "quarter" or "period" anywhere, as results stories do."""
        return _PERIOD_WORD_RE.search(self.text) is not None


@dataclass
class Ctx:
    """What a normalizer may look at: the text, the publication date, tense on demand."""

    text: str
    dct: dt.date | None
    start: int = 0
    end: int = 0
    _facts: TextFacts | None = field(default=None, repr=False)

    @property
    def facts(self) -> TextFacts:
        """The text's shared facts (one per text when extract_timexes passes them)."""
        if self._facts is None:
            self._facts = TextFacts(self.text)
        return self._facts

    def tense(self) -> str | None:
        return self.facts.sentences.tense_near(self.start, self.end)

    def before(self, n: int = 30) -> str:
        return self.text[max(0, self.start - n) : self.start]

    def after(self, n: int = 30) -> str:
        return self.text[self.end : self.end + n]


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    normalize: Callable[[re.Match[str], Ctx], Norm | None]
    gate: Gate | None = None  # None: no selective keyword, the rule always scans


# --- shared fragments ------------------------------------------------------------------

WD = rf"(?-i:{WEEKDAY_RE})"
Y = YEAR4_RE
B = r"(?<![\w$£€#.-])"  # left boundary: not inside a word, a price or a number
E = r"(?![\w%]|[.,]\d|-(?!\s))"  # right boundary
POSMOD = r"(?:(?P<pos>early|late|mid|the end of|the beginning of|the start of|the middle of|the rest of|the first days? of)[\s-]+)?"
_POSMOD_MAP = {
    "early": "START", "late": "END", "mid": "MID", "the end of": "END",
    "the beginning of": "START", "the start of": "START", "the middle of": "MID",
    "the rest of": None, "the first day of": "START", "the first days of": "START",
}  # fmt: skip


def _pos_mod(m: re.Match[str]) -> str | None:
    pos = m.groupdict().get("pos")
    return _POSMOD_MAP.get(pos.lower()) if pos else None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])


def _year_of(text: str) -> int:
    return int(text) if text.isdigit() else spelled_year(text) or 0


def _date_value(year: int | None, month: int, day: int | None) -> str:
    y = f"{year:04d}" if year else "XXXX"
    return f"{y}-{month:02d}" + (f"-{day:02d}" if day else "")


def _rel_offset(rel: str | None) -> int:
    """ "last"/"past"/"previous" -> -1, "next"/"coming" -> +1, "this"/"current" -> 0."""
    if not rel:
        return 0
    r = rel.lower()
    if re.search(r"last|past|previous|preceding|ago", r):
        return -1
    if re.search(r"next|coming|following|upcoming", r):
        return 1
    return 0


# --- normalizers -----------------------------------------------------------------------


def n_full_date(m: re.Match[str], c: Ctx) -> Norm | None:
    month, day = _month(m["mon"]), _day(m["day"])
    if m["year"]:
        year: int | None = int(m["year"])
    elif c.dct:
        year = month_year(c.dct, month, day, c.tense())
    else:
        year = None
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return None
    value = _date_value(year, month, day)
    part = m.groupdict().get("part")
    if part:
        return "TIME", f"{value}T{DAY_PARTS[part.lower()]}", None
    return "DATE", value, _pos_mod(m)


def n_month_year(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DATE", f"{_year_of(m['year']):04d}-{_month(m['mon']):02d}", _pos_mod(m)


def n_month_rel_year(m: re.Match[str], c: Ctx) -> Norm | None:
    month = _month(m["mon"])
    if not c.dct:
        return "DATE", f"XXXX-{month:02d}", _pos_mod(m)
    year = c.dct.year + _rel_offset(m["rel"])
    return "DATE", f"{year:04d}-{month:02d}", _pos_mod(m)


def n_month(m: re.Match[str], c: Ctx) -> Norm | None:
    name = m["mon"]
    rel = (m["rel"] or "").lower()
    if name.endswith(".") or name.lower() in {"jan", "feb", "aug", "sept", "oct", "nov", "dec"}:
        return None
    # "May" alone is usually the modal verb; trust it only after a temporal preposition.
    if (
        name == "May"
        and not rel
        and not m["pos"]
        and not re.search(
            r"\b(?:in|since|until|till|by|of|from|through|last|early|late|mid|before|after|"
            r"during)\s+$",
            c.before(),
            re.I,
        )
    ):
        return None
    temporal_prep = re.search(
        r"\b(?:in|since|until|till|by|from|through|before|after|during|of)\s+$", c.before(12), re.I
    )
    if (
        name == "March"
        and not rel
        and not temporal_prep
        and re.match(r"\s+(?:on|to|in|through|against|for|of)\b", c.after())
    ):
        return None  # the verb or the noun "march"
    if (
        not rel
        and not m["pos"]
        and re.search(r"\b(?:the|a|an|annual)\s+$", c.before(10), re.I)
        and re.match(r"\s+(?:for|of|on)\b", c.after())
    ):
        return None  # "the March for Life" is an event name
    month = _month(name)
    if not c.dct:
        return "DATE", f"XXXX-{month:02d}", _pos_mod(m)
    if rel == "last":
        # "last February" read on March 1 is a year back; "in February" would be this one
        year = c.dct.year if month <= c.dct.month - 2 else c.dct.year - 1
    elif rel in {"this past", "past"}:
        year = c.dct.year if month < c.dct.month else c.dct.year - 1
    elif rel in {"next", "this coming", "coming"}:
        year = c.dct.year if month > c.dct.month else c.dct.year + 1
    elif rel == "this":
        year = c.dct.year
    else:
        year = month_year(c.dct, month, None, c.tense())
    return "DATE", f"{year:04d}-{month:02d}", _pos_mod(m)


def n_year(m: re.Match[str], c: Ctx) -> Norm | None:
    year = int(m["year"])
    if m.groupdict().get("fiscal"):
        return "DATE", f"{year:04d}", _pos_mod(m)
    before, after = c.before(12), c.after(20)
    if re.search(
        r"(?:\b(?:No|no|Nos?\.|number|page|route|Route|flight|Flight|room|Room|article)\s*)$",
        before,
    ):
        return None
    if re.match(
        r"\s*(?:[a-z]+\s+)?(?:people|persons|troops|soldiers|men|women|workers|jobs|shares|tons|cars|units|employees|children|residents|students|members|votes|seats|cases|homes|copies|feet|meters|metres|miles|km|kilometers|dollars|yuan|marks|yen|points|barrels|acres|calories|pounds)\b",
        after,
    ):
        return None
    if year > 2100:
        return None
    return "DATE", f"{year:04d}", _pos_mod(m)


def n_year_range(m: re.Match[str], c: Ctx) -> Norm | None:
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if not y1 < y2 <= y1 + 100:
        return None
    return "DATE", f"{y1:04d}/{y2:04d}", None


def n_spelled_year(m: re.Match[str], c: Ctx) -> Norm | None:
    year = spelled_year(m["sy"])
    return ("DATE", f"{year:04d}", _pos_mod(m)) if year else None


def n_decade(m: re.Match[str], c: Ctx) -> Norm | None:
    d = m["dec"]
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
             "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip
    if d.lower() in words:
        century = 19
        value = f"{century}{words[d.lower()]}"
    elif len(d) == 2:  # '90s
        century = 19 if int(d) > 20 or not c.dct else c.dct.year // 100
        value = f"{century}{d[0]}"
    else:
        value = d[:3]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["dmod"] or "").lower())
    return "DATE", value, mod


def n_century(m: re.Match[str], c: Ctx) -> Norm | None:
    ordinal = m["ord"].lower()
    n = int(re.match(r"\d+", ordinal)[0]) if ordinal[0].isdigit() else _ORD_WORDS.get(ordinal)
    if not n:
        return None
    return "DATE", f"{n - 1:02d}", _pos_mod(m)


_ORD_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
              "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
              "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
              "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
              "twentieth": 20, "twenty-first": 21}  # fmt: skip


def n_season(m: re.Match[str], c: Ctx) -> Norm | None:
    code = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["smod"] or "").lower())
    if m["year"]:
        return "DATE", f"{_year_of(m['year']):04d}-{code}", mod
    if not c.dct:
        return "DATE", f"XXXX-{code}", mod
    order = {"SP": 1, "SU": 2, "FA": 3, "WI": 4}
    now = {12: 4, 1: 4, 2: 4, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2}.get(c.dct.month, 3)
    base = c.dct.year - 1 if c.dct.month <= 2 else c.dct.year  # winter belongs to Dec's year
    off = _rel_offset(rel)
    if rel == "this past" or (off < 0):
        year = base if order[code] < now else base - 1
    elif off > 0 or rel == "this coming":
        year = base if order[code] > now else base + 1
    else:
        tense = c.tense()
        if order[code] == now or rel == "this":
            year = base
        elif tense == "FUTURE":
            year = base if order[code] > now else base + 1
        elif tense == "PAST" or order[code] < now:
            year = base if order[code] < now else base - 1
        else:
            year = base
    return "DATE", f"{year:04d}-{code}", mod


def n_quarter(m: re.Match[str], c: Ctx) -> Norm | None:
    ordinal = m["ord"].lower()
    q = ORDINALS.get(ordinal, 0)
    pre = (m["qpre"] or "").lower()
    if q == -1 and not m["year"]:
        # "the last quarter" = the last completed one
        q = 0
    year_text = m["year"]
    year = _year_of(year_text) if year_text and year_text[0].isdigit() else None
    if m["qyr"]:
        year = int(m["qyr"])
    if not c.dct and year is None:
        return "DATE", f"XXXX-Q{q}" if q > 0 else "XXXX-QX", None
    if year is None and c.dct:
        if year_text:
            year = c.dct.year + _rel_offset(year_text.replace("this", ""))
        elif q <= 0:
            last = add_months(c.dct, -3)
            year, q = last.year, quarter_of(last)
        else:
            year = quarter_year(c.dct, q, c.tense())
        if "next year's" in pre:
            year = c.dct.year + 1
        elif "this year's" in pre:
            year = c.dct.year
        if re.search(
            r"year-earlier|year-ago|year earlier|year ago|last year's|previous year's", pre
        ):
            year -= 1
    if q == -1:
        q = 4
    if (
        m["the"]
        and m["the"].lower() == "the"
        and re.match(r"\w+-", m[0][4:].lstrip())
        and not m["year"]
        and not pre.strip()
    ):
        # "the third-quarter loss": the article belongs to the noun, not the timex
        return "DATE", f"{year:04d}-Q{q}", None, (m.start("ord"), c.end)  # type: ignore[return-value]
    return "DATE", f"{year:04d}-Q{q}", None


_ENDED_RE = re.compile(
    rf"\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?-i:(?P<emon>{MONTH_RE}))\s+(?P<eday>\d{{1,2}})\b"
)


def n_quarter_ref(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the quarter", "the latest quarter", "the year-ago quarter": the last reported one."""
    pre = (m["qpre"] or "").lower()
    if not c.dct:
        return "DATE", "XXXX-QX", None
    if "current" in pre or pre.startswith("this"):
        return "DATE", f"{c.dct.year:04d}-Q{quarter_of(c.dct)}", None
    if "next" in pre or "coming" in pre:
        d = add_months(c.dct, 3)
        return "DATE", f"{d.year:04d}-Q{quarter_of(d)}", None
    last = add_months(c.dct, -3)
    year = last.year
    q = _reported_quarter(c)
    ended = _ENDED_RE.match(c.after(30))
    if ended:
        # "the quarter ended July 31": the three months before that day
        month, day = _month(ended["emon"]), _day(ended["eday"])
        try:
            end_day = dt.date(month_year(c.dct, month, day, "PAST"), month, day)
        except ValueError:
            end_day = None
        if end_day:
            mid = end_day - dt.timedelta(days=45)
            year, q = mid.year, quarter_of(mid)
    if "next year's" in pre:
        return "DATE", f"{c.dct.year + 1:04d}-Q{q}", None
    if re.search(r"year-earlier|year-ago|year earlier|year ago|last year's|previous year's", pre):
        year -= 1
    return "DATE", f"{year:04d}-Q{q}", None


def n_half(m: re.Match[str], c: Ctx) -> Norm | None:
    h = 1 if m["ord"].lower() == "first" else 2
    yt = (m["year"] or "").lower()
    if yt[:1].isdigit():
        year: int | None = int(yt)
    elif c.dct:
        year = c.dct.year + _rel_offset(yt) if yt else c.dct.year
        if not yt and h == 2 and c.dct.month <= 6 and c.tense() == "PAST":
            year -= 1
    else:
        year = None
    return "DATE", f"{year:04d}-H{h}" if year else f"XXXX-H{h}", None


def n_fiscal_year_ref(m: re.Match[str], c: Ctx) -> Norm | None:
    pre = (m["fpre"] or "").lower()
    if not c.dct:
        return "DATE", "XXXX", None
    off = _rel_offset(pre)
    if "latest" in pre or "year-earlier" in pre or "year-ago" in pre:
        off = -1
    return "DATE", f"{c.dct.year + off:04d}", None


def n_rel_unit(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "last week", "this month", "next year", "earlier this year", "the past decade"."""
    rel = m["rel"].lower()
    unit = UNITS[m["unit"].lower()]
    pre = (m["pre"] or "").lower()
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(pre) or _pos_mod(m)
    off = _rel_offset(rel)
    if not c.dct:
        if unit == "Y":
            return "DATE", "XXXX", mod
        if unit == "M":
            return "DATE", "XXXX-XX", mod
        if unit == "W":
            return "DATE", "XXXX-WXX", mod
        return "DATE", "PAST_REF" if off < 0 else "FUTURE_REF" if off > 0 else "PRESENT_REF", mod
    if unit == "WE":
        if off == 0:
            tense = c.tense()
            base = c.dct
            if tense == "PAST" and c.dct.isoweekday() < 6:
                base = c.dct - dt.timedelta(days=7)
            return "DATE", iso_week(base) + "-WE", mod
        return "DATE", shift(c.dct, "W", off) + "-WE", mod
    if unit == "Q" and off == 0 and rel.startswith("the"):
        return "DATE", shift(c.dct, "Q", 0), mod
    return "DATE", shift(c.dct, unit, off), mod


def _unit_code(unit: str) -> str:
    u = unit.lower().rstrip("s")
    if u == "centurie":
        u = "century"
    return UNITS[u]


def _duration(n: float | None, unit: str) -> str:
    code = _unit_code(unit)
    time_unit = code in {"H", "S"} or (code == "M" and unit.lower().startswith("min"))
    if code == "DE":
        code, n = "Y", None if n is None else n * 10
        if n is None:
            return "PXDE"
    if code == "CE":
        code, n = "Y", None if n is None else n * 100
        if n is None:
            return "PXCE"
    if code == "WE":
        return "P2D" if n == 1 else "PXWE"
    if code == "Q":
        return "PXQ" if n is None else f"P{int(n)}Q"
    prefix = "PT" if time_unit else "P"
    if n is None:
        return f"{prefix}X{code}"
    whole = int(n)
    frac = n - whole
    out = f"{prefix}{whole}{code}" if whole else prefix
    if frac:
        sub = {"Y": (6, "M", False), "M": ((30, "S", True) if time_unit else (15, "D", False)),
               "D": (12, "H", True), "H": (30, "M", True), "W": (3, "D", False)}.get(code)  # fmt: skip
        if sub:
            amount, subcode, sub_is_time = sub
            if sub_is_time and not time_unit:
                out += f"T{amount}{subcode}"
            else:
                out += f"{amount}{subcode}"
    return out if out not in {"P", "PT"} else f"{prefix}0{code}"


_DUR_MOD = {
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
    "less than": "LESS_THAN", "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
    "at least": "EQUAL_OR_MORE", "just over": "MORE_THAN", "well over": "MORE_THAN",
    "some": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "under": "LESS_THAN",
    "fewer than": "LESS_THAN", "barely": "LESS_THAN",
}  # fmt: skip


_RATE_BEFORE_RE = re.compile(
    r"(?:\d|percent|%|dollars?|cents?|million|billion|thousand|hundred|twice|once|times|\b(?:one|two|"
    r"three|four|five|six|seven|eight|nine|ten|dozen)\b)[^.;:]{0,25}$"
)


def n_duration(m: re.Match[str], c: Ctx) -> Norm | None:
    num_text = m["num0"] or m["num"]
    unit = m["unit"]
    low = num_text.lower()
    if (m["old"] and m["old"].strip().lower() == "old") or (m["old"] or "").lower() == "-old":
        return None  # ages ("a 52-year-old doctor") are not TIMEX3s in TimeBank
    if (
        low in {"a", "an"}
        and _RATE_BEFORE_RE.search(c.before(40))
        and not m["drel"]
        and not m["dmod"]
    ):
        return None  # "$5 a year" is a rate, and TimeBank rarely marks it
    if low in {"a", "an", "one"} and unit.lower() == "second":
        return None  # "a second group" is an ordinal
    plural = unit.lower().endswith("s") and not unit.lower().endswith("ss")
    n = word_number(num_text)
    if low in {"a", "an"} and plural:
        return None
    if n is not None and n == 1 and plural and not low[0].isdigit():
        return None
    mod = _DUR_MOD.get((m["dmod"] or "").lower())
    drel = (m["drel"] or "").lower()
    if drel == "the" and (m["hyph"].startswith("-") or re.match(r"\s+of\b", c.after())):
        # "the two-week crisis", "the two days of talks": the article is the noun's
        span = (m.start("num0") if m["num0"] else m.start("num"), c.end)
        return "DURATION", _duration(n, unit), mod, span  # type: ignore[return-value]
    return "DURATION", _duration(n, unit), mod


def n_ago(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "two weeks ago", "a year earlier", "three years later": a date at that unit."""
    direction = m["dir"].lower()
    anchored_elsewhere = direction in {"earlier", "later"}
    if not m["num"] and m["unit"].lower().endswith("s"):
        if anchored_elsewhere:
            return None  # "weeks later": a duration counted from another event
        return "DATE", "PAST_REF" if direction == "ago" else "FUTURE_REF", None
    n = word_number(m["num"]) if m["num"] else 1
    unit = _unit_code(m["unit"])
    sign = 1 if direction in {"later", "after", "hence", "from now"} else -1
    if n is None and anchored_elsewhere:
        return None  # "a few days later" -> the duration rule
    if m["unit"].lower().startswith(("hour", "min", "sec")):
        # Clock units against a publication *date*: "30 minutes ago" is the story's present,
        # "13 hours ago" some time around it (today or yesterday: no calendar day is sure).
        # ("minute" shares the code M with month: never shift it as one.)
        if anchored_elsewhere:
            return None  # "five hours later": a duration counted from another event
        if m["unit"].lower().startswith("hour"):
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
        return "DATE", "PRESENT_REF", None
    if n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
    if not c.dct:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
    if direction in {"earlier", "later", "before", "after"} and unit not in {"Y", "DE"}:
        return None  # anchored on another event: leave to the duration rule
    if n != int(n):
        if unit == "Y":
            unit, n = "M", n * 12
        else:
            n = round(n)
    mod = _DUR_MOD.get((m["dmod"] or "").lower())
    mod = {"LESS_THAN": "APPROX", "MORE_THAN": "APPROX"}.get(mod or "", mod)
    if unit == "Y" and n == 1 and sign < 0 and _earnings_context(c):
        return "DATE", _year_ago_quarter(c), mod
    return "DATE", shift(c.dct, unit, sign * int(n)), mod


def _earnings_context(c: Ctx) -> bool:
    """A quarterly results story comparing figures with "a year ago": TimeBank reads the
    comparison as the same quarter last year."""
    s, e = max(0, c.start - 200), c.end + 60
    window = c.text[s:e]
    if re.search(r"nine months|six months|first half|fiscal year|full year", window):
        return False  # the comparison is over a longer period: plain year
    return bool(
        c.facts.names_a_period
        and re.search(r"\$|cents?\b|a share|%|percent|million|billion|quarter", window)
    )


_QUARTER_MENTION_RE = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?(?:quarter|period)\b",
    re.IGNORECASE,
)


def _reported_quarter(c: Ctx) -> int:
    """The quarter a results story is about: the last one it named before this point
    (fiscal quarters included), else the last completed calendar quarter."""
    mentions = _QUARTER_MENTION_RE.findall(c.text, max(0, c.start - 600), c.start)
    if mentions:
        return ORDINALS[mentions[-1].lower()]
    return quarter_of(add_months(c.dct, -3)) if c.dct else 0


def _year_ago_quarter(c: Ctx) -> str:
    assert c.dct is not None
    last = add_months(c.dct, -3)
    return f"{last.year - 1:04d}-Q{_reported_quarter(c)}"


def n_year_ago_adj(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "year-earlier"/"year-ago" as an adjective ("year-earlier profit")."""
    if not c.dct:
        return "DATE", "XXXX", None
    if _earnings_context(c):
        return "DATE", _year_ago_quarter(c), None
    return "DATE", f"{c.dct.year - 1:04d}", None


def n_year_period(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the 1988 period", "the 1988 quarter": that year's reported quarter."""
    year = int(m["year"])
    per = m["per"].lower()
    if "half" in per:
        return "DATE", f"{year:04d}-H{1 if per.startswith('first') else 2}", None
    q = _reported_quarter(c) if c.dct else None
    return "DATE", f"{year:04d}-Q{q}" if q else f"{year:04d}", None


def n_day_ref(m: re.Match[str], c: Ctx) -> Norm | None:
    """today / yesterday / tomorrow / tonight / the day before yesterday, with parts of day."""
    word = m["dayref"].lower()
    part = (m["part"] or "").lower()
    pre = (m["pre"] or "").lower()
    offs = {
        "today": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "tonight": 0,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }
    off = offs[word]
    if not c.dct:
        if word == "today" and not part:
            return "DATE", "PRESENT_REF", None
        if part or word == "tonight":
            return "TIME", f"XXXX-XX-XXT{DAY_PARTS[part or 'night']}", None
        return "DATE", "XXXX-XX-XX", None
    day = (c.dct + dt.timedelta(days=off)).isoformat()
    if word == "tonight":
        return "TIME", f"{day}TNI", None
    if part:
        return "TIME", f"{day}T{DAY_PARTS[part]}", None
    if pre.startswith("mid"):
        return "TIME", f"{day}T{'AF' if 'afternoon' in pre else 'MO'}", None
    mod = {"early": "START", "late": "END"}.get(pre)
    return "DATE", day, mod


def n_part_ref(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "this morning", "last night", "this afternoon"."""
    rel = m["rel"].lower()
    part = m["part"].lower()
    if not c.dct:
        return "TIME", f"XXXX-XX-XXT{DAY_PARTS[part]}", None
    off = -1 if rel == "last" else 1 if rel in {"tomorrow", "next"} else 0
    if rel == "last" and part != "night":
        off = -1
    day = (c.dct + dt.timedelta(days=off)).isoformat()
    return "TIME", f"{day}T{DAY_PARTS[part]}", None


def n_weekday(m: re.Match[str], c: Ctx) -> Norm | None:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    part = (m["part"] or "").lower()
    pre = (m["pre"] or "").lower()
    if not c.dct:
        value = f"XXXX-WXX-{wd}"
    else:
        if rel in {"last", "this past", "past", "the previous"}:
            d = weekday_date(c.dct, wd, "PAST", -1 if rel in {"last", "the previous"} else 0)
        elif rel in {"next", "this coming", "coming", "the following"}:
            d = weekday_date(c.dct, wd, "FUTURE", 1 if rel in {"next", "the following"} else 0)
        elif rel == "this":
            d = weekday_date(c.dct, wd, c.tense() or "FUTURE")
        else:
            d = weekday_date(c.dct, wd, c.tense())
        value = d.isoformat()
    if part:
        return "TIME", f"{value}T{DAY_PARTS[part]}", None
    mod = {"early": "START", "late": "END", "earlier": None, "later": None}.get(pre)
    return "DATE", value, mod


def n_part_of_date(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the evening of October 25", "the morning of Sept. 11, 2001"."""
    part = DAY_PARTS[m["part"].lower()]
    inner = n_full_date(_Shim(m, {"part": None}), c)  # type: ignore[arg-type]
    if inner is None:
        return None
    return "TIME", f"{inner[1]}T{part}", None


def _clock(m: re.Match[str]) -> str | None:
    if m["noon"]:
        return "12:00" if m["noon"].lower() == "noon" else "24:00"
    h = int(m["h"])
    minute = int(m["min"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and h < 12:
        h += 12
    if ampm == "am" and h == 12:
        h = 0
    if h > 24 or minute > 59:
        return None
    return f"{h:02d}:{minute:02d}"


def n_time(m: re.Match[str], c: Ctx) -> Norm | None:
    if m["noon"] and re.search(r"high\s+$", c.before(6), re.I):
        return None
    clock = _clock(m)
    if clock is None:
        return None
    day: str | None = None
    if m["twd"]:
        wd = WEEKDAYS[m["twd"].lower()]
        day = weekday_date(c.dct, wd, c.tense()).isoformat() if c.dct else f"XXXX-WXX-{wd}"
    elif m["tmon"]:
        month, dd = _month(m["tmon"]), _day(m["tday"])
        year = (
            int(m["tyear"])
            if m["tyear"]
            else (month_year(c.dct, month, dd, c.tense()) if c.dct else None)
        )
        day = _date_value(year, month, dd)
    elif m["tref"]:
        off = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["tref"].lower()]
        day = (c.dct + dt.timedelta(days=off)).isoformat() if c.dct else "XXXX-XX-XX"
    else:
        # a bare clock time belongs to the day the story is talking about
        day = f"{ANAPHOR_PREFIX}clock|0"
    mod = "APPROX" if (m["tmod"] or "").lower() in {"around", "about", "approximately"} else None
    return "TIME", f"{day}T{clock}", mod


def n_ref(m: re.Match[str], c: Ctx) -> Norm | None:
    w = m[0].lower()
    if "future" in w and re.search(r"foreseeable\s+$", c.before(15)):
        return None
    if "term" in w:
        return ("DATE", "FUTURE_REF", None) if re.search(r"near|short", w) else None
    if re.search(r"future|soon|coming|ahead|years to come", w):
        return "DATE", "FUTURE_REF", None
    if re.search(r"now|current|present|these days|today|nowadays|moment|time being", w):
        return "DATE", "PRESENT_REF", None
    return "DATE", "PAST_REF", None


def n_set(m: re.Match[str], c: Ctx) -> Norm | None:
    w = m["adv"].lower() if m["adv"] else None
    if w in {"quarterly", "annually", "yearly", "monthly", "daily", "weekly"}:
        if w in {"quarterly", "annually"} and not re.match(
            r"\s+(?:net|income|earnings)\b", c.after()
        ):
            return None  # "its quarterly dividend", "rise 8% annually": not marked in TimeBank
        if (
            re.search(r"\b(?:Party|party|the|its|average|initial)\s+$", c.before(12))
            and w == "daily"
        ):
            return None  # "the Communist Party daily" is a newspaper
    if w:
        table = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                 "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
                 "biweekly": "P2W", "semiannually": "P6M", "bimonthly": "P2M"}  # fmt: skip
        return "SET", table[w], None
    if m["swd"]:
        wd = WEEKDAYS[m["swd"].lower().rstrip("s")]
        part = (m["spart"] or "").lower().rstrip("s")
        return "SET", f"XXXX-WXX-{wd}" + (f"T{DAY_PARTS[part]}" if part else ""), None
    unit = m["sunit"]
    n = word_number(m["snum"]) if m["snum"] else 1
    if unit.lower() in {"morning", "afternoon", "evening", "night"}:
        return (
            "SET",
            f"T{DAY_PARTS[unit.lower()]}",
            None,
        )
    code = _unit_code(unit)
    time_unit = code in {"H", "S"} or unit.lower().startswith("min")
    prefix = "PT" if time_unit else "P"
    if code == "Q":
        return "SET", f"P{int(n or 1)}Q", None
    return "SET", f"{prefix}{int(n) if n else 'X'}{code}", None


def n_holiday(m: re.Match[str], c: Ctx) -> Norm | None:
    name = m["hol"].lower()
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's": (1, 1), "new year's eve": (12, 31),
             "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
             "boxing day": (12, 26), "may day": (5, 1), "veterans day": (11, 11)}  # fmt: skip
    year: int | None = int(m["hyear"]) if m["hyear"] else None
    if name in fixed:
        month, day = fixed[name]
        if year is None and c.dct:
            year = month_year(c.dct, month, day, c.tense())
        return "DATE", _date_value(year, month, day), None
    if name.startswith("thanksgiving"):
        if year is None and c.dct:
            year = month_year(c.dct, 11, 25, c.tense())
        if year is None:
            return "DATE", "XXXX-11", None
        first = dt.date(year, 11, 1)
        thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        return "DATE", thursday.isoformat(), None
    if name in {"labor day", "memorial day"}:
        month = 9 if name == "labor day" else 5
        if year is None and c.dct:
            year = month_year(c.dct, month, 10, c.tense())
        if year is None:
            return "DATE", f"XXXX-{month:02d}", None
        if month == 9:
            first = dt.date(year, 9, 1)
            d = first + dt.timedelta(days=(0 - first.weekday()) % 7)
        else:
            last = dt.date(year, 5, 31)
            d = last - dt.timedelta(days=last.weekday())
        return "DATE", d.isoformat(), None
    return None


def n_year_word(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the year", "the fiscal year": a DURATION when delimited ("the year ended March 31"),
    else the current year."""
    if re.match(r"\s+(?:ended|ending|to|through|that ended|which ended)\b", c.after()):
        return "DURATION", "P1Y", None
    if not c.dct:
        return "DATE", "XXXX", None
    return "DATE", f"{c.dct.year:04d}", None


def n_anaphoric(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the next day", "the following year", "that day", "later that year": relative to
    the date the story last mentioned, not to publication. Emitted as a placeholder that
    :func:`resolve_anaphors` fills in document order."""
    unit = m["aunit"].lower()
    off = _rel_offset(m["arel"]) if m["arel"] else 0
    ttype = "TIME" if unit in DAY_PARTS else "DATE"
    return ttype, f"{ANAPHOR_PREFIX}{unit}|{off}", None


def resolve_anaphor(placeholder: str, anchor: str | None, dct: dt.date | None) -> str:
    """Fill an anaphor placeholder from the last absolute date before it (``anchor``),
    falling back to the publication date when the story named none fine enough."""
    _, unit, rest = placeholder.split("|")
    if unit == "clock":  # "ANAPHOR|clock|0T22:00": the last full date, else publication
        clock = rest.split("T", 1)[1]
        day = anchor if anchor and re.fullmatch(r"\d{4}-\d\d-\d\d", anchor) else None
        if day is None:
            day = dct.isoformat() if dct else "XXXX-XX-XX"
        return f"{day}T{clock}"
    off = int(rest)
    part = DAY_PARTS.get(unit)
    code = "D" if part else UNITS[unit]
    base: dt.date | None = None
    if anchor:
        am = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", anchor)
        if am and (am[3] or (am[2] and code not in {"D", "W"}) or code == "Y"):
            base = dt.date(int(am[1]), int(am[2] or 1), int(am[3] or 1))
    if base is None:
        base = dct
    if base is None:
        return "PAST_REF" if off < 0 else "FUTURE_REF" if off > 0 else "XXXX-XX-XX"
    value = shift(base, code, off)
    return f"{value}T{part}" if part else value


def n_bare_plural(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DURATION", _duration(None, m["bunit"]), None


def n_ago_vague(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DATE", "PAST_REF", None


# --- patterns --------------------------------------------------------------------------

DAYNUM = rf"(?P<day>{DAYNUM_RE})"
YEAR_OPT = rf"(?:,?\s+(?P<year>{Y}))?"
REL = r"(?P<rel>this past|this coming|last|next|this|past|coming)"
# UNIT_RE without its lookbehind: matches wherever UNIT_RE does, so it is safe in a gate, and
# a plain alternation of literals scans fast
_UNIT_WORDS = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|quarters)"
)

# (name, pattern, normalizer or None if bound in _BOUND below, gate or None)
_R: list[tuple[str, str, Callable[[re.Match[str], Ctx], Norm | None] | None, Gate | None]] = [
    # Oct. 25, 2020 / Monday, October 26 / October 26 / the 26th of October 2020
    (
        "full_date",
        rf"{B}{POSMOD}(?:{WD},?\s+)?(?-i:(?P<mon>{MONTH_RE}))\s+{DAYNUM}(?!\s*(?:%|percent|\d))"
        rf"(?:,?\s+(?P<year>{Y}))?(?:\s+(?P<part>{DAYPART_RE}))?{E}",
        n_full_date,
        raw(rf"(?-i:{MONTH_RE})\s+[0-9]"),  # month name, then the day's first digit
    ),
    (
        "day_month",
        rf"{B}(?:the\s+)?{DAYNUM}(?:\s+of)?\s+(?-i:(?P<mon>{MONTH_RE})){YEAR_OPT}{E}",
        n_full_date,
        raw(rf"[0-9](?:st|nd|rd|th)?(?:\s+of)?\s+(?-i:{MONTH_RE})"),
    ),
    (
        "part_of_date",
        rf"{B}the\s+(?P<part>{DAYPART_RE})\s+of\s+(?:{WD},?\s+)?(?-i:(?P<mon>{MONTH_RE}))\s+{DAYNUM}{YEAR_OPT}{E}",
        n_part_of_date,
        raw(rf"(?-i:{MONTH_RE})\s+[0-9]"),
    ),
    (
        "month_year",
        rf"{B}{POSMOD}(?-i:(?P<mon>{MONTH_RE}))(?:\s+of)?,?\s+(?P<year>{Y}|{SPELLED_YEAR_RE}){E}",
        n_month_year,
        raw(rf"(?-i:{MONTH_RE})(?:\s+of)?,?\s+(?:[12]|nineteen|two thousand)"),
    ),
    (
        "month_rel_year",
        rf"{B}{POSMOD}(?-i:(?P<mon>{MONTH_RE}))\s+(?:of\s+)?(?P<rel>this|last|next)\s+year{E}",
        n_month_rel_year,
        raw(rf"(?-i:{MONTH_RE})\s+(?:of\s+)?(?:this|last|next)\s+year"),
    ),
    (
        "month",
        rf"{B}{POSMOD}(?:{REL}\s+)?(?-i:(?P<mon>{MONTH_RE})){E}",
        n_month,
        raw(rf"(?-i:{MONTH_RE})"),
    ),
    (
        "year_range",
        rf"{B}(?P<y1>{Y})\s*(?:-|–|—)\s*(?P<y2>{Y}|\d\d){E}",
        n_year_range,
        raw(rf"{Y}\s*(?:-|–|—)\s*\d"),
    ),
    (
        "year",
        rf"{B}{POSMOD}(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year|calendar(?:\s+year)?|FY)\s*)?(?P<year>{Y})(?:\s+(?:and\s+beyond|or\s+later|or\s+earlier))?{E}(?!-(?:\d|[a-z]))",
        n_year,
        raw(Y),
    ),
    (
        "spelled_year",
        rf"{B}{POSMOD}(?:the\s+year\s+)?(?P<sy>{SPELLED_YEAR_RE}){E}",
        n_spelled_year,
        low(r"nineteen|two thousand"),  # how SPELLED_YEAR_RE begins
    ),
    (
        "decade",
        rf"{B}(?:the\s+)?(?:(?P<dmod>early|mid|late)[\s-]+)?(?:(?P<dec>1[0-9][0-9]0|20[0-9]0)s|'(?P<dec2>[0-9]0)s|(?:nineteen\s+)?(?P<dec3>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)){E}",
        None,  # bound below
        low(r"0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"),
    ),
    (
        "century",
        rf"{B}{POSMOD}(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century{E}",
        n_century,
        low(r"century"),
    ),
    (
        "season",
        rf"{B}(?:(?:{REL}|the)\s+)?(?:(?P<smod>early|mid|late)[\s-]+)?(?P<season>{SEASON_RE})(?:\s+(?:of\s+)?(?P<year>{Y}|{SPELLED_YEAR_RE}))?{E}",
        None,
        low(SEASON_RE),
    ),
    (
        "quarter",
        rf"{B}(?:(?P<the>the|this|last|next)\s+)?(?:(?P<qpre>(?:latest|current|same|comparable|year-earlier|year-ago|year\s+earlier|year\s+ago|last year's|previous year's|this year's|next year's|fiscal)\s+)*)(?:(?P<qyr>{Y})\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<year>{Y}|this year|last year|next year))?{E}",
        n_quarter,
        low(r"quarter"),
    ),
    (
        "quarter_ref",
        rf"{B}(?P<qpre>(?:the|this|last|next|last year's|next year's|this year's)\s+(?:(?:latest|current|same|comparable|recent|most recent|year-earlier|year-ago|fiscal|just-ended|just-completed)\s+)*)quarter{E}(?!\s+(?:of|century|point|percent|mile|inch))",
        n_quarter_ref,
        low(r"quarter"),
    ),
    (
        "quarter_ref2",
        rf"{B}(?P<qpre>(?:the\s+)(?:(?:latest|same|comparable|year-earlier|year-ago)\s+)+)period{E}",
        n_quarter_ref,
        low(r"period"),
    ),
    (
        "half",
        rf"{B}(?:the\s+)?(?P<ord>first|second|last|latter)[\s-]+half(?:\s+of\s+(?P<year>{Y}|this year|last year|next year|the year))?{E}(?!\s+(?:of|a|an|the|percent|point)\b)",
        n_half,
        low(r"half"),
    ),
    (
        "fiscal_year_ref",
        rf"{B}(?P<fpre>(?:the|this|last|next)\s+(?:(?:current|latest|previous|year-earlier|year-ago|new)\s+)?)fiscal\s+year{E}(?!\s+(?:ended|ending|that ended|which ended|to)\b)",
        n_fiscal_year_ref,
        low(r"fiscal\s+year"),
    ),
    (
        "year_word",
        rf"{B}(?:the\s+(?:fiscal\s+|full\s+|calendar\s+)?)year{E}(?!-|\s+(?:\d|two thousand|nineteen|earlier|ago|before|after))",
        n_year_word,
        low(r"the\s+(?:fiscal\s+|full\s+|calendar\s+)?year"),
    ),
    (
        "rel_unit",
        rf"{B}{POSMOD}(?:(?P<pre>early|late|earlier|later|mid)[\s-]+(?:in\s+)?)?(?:sometime\s+)?(?P<rel>this past|last|next|this|the past|the last|the coming|the current|past|coming|current|the|the upcoming)\s+(?-i:(?P<unit>week|month|year|weekend|quarter|decade|century))(?:\s+or\s+so)?{E}(?!-)",
        None,
        # the last word of every <rel>, then the unit
        low(
            r"(?:past|last|next|this|coming|current|the|upcoming)\s+(?:week|month|year|quarter|decade|century)"
        ),
    ),
    (
        "anaphoric",
        rf"{B}(?:(?P<arel>the\s+(?:next|following|previous|preceding))|(?:(?:earlier|later)\s+)?(?:that|the\s+same)(?:\s+same)?)\s+(?P<aunit>day|morning|afternoon|evening|night|week|month|year){E}",
        n_anaphoric,
        # the last word before the unit: "the next", "that", "the same"...
        low(
            r"(?:next|following|previous|preceding|that|same)\s+(?:day|morning|afternoon|evening|night|week|month|year)"
        ),
    ),
    (
        "ago",
        rf"{B}(?:(?P<dmod>nearly|almost|about|some|more than|less than|roughly|approximately)\s+)?(?:(?P<num>{NUMBER_RE})[\s-]+)?(?P<unit>{UNIT_RE})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|hence|from now){E}",
        n_ago,
        low(rf"{_UNIT_WORDS}(?:\s+or\s+so)?\s+(?:ago|earlier|later|hence|from now)"),
    ),
    (
        "duration",
        # (?=...): the first letters of <dmod>, <drel> and NUMBER_RE, one of which starts every
        # match; it spares the optional groups at most word starts (~30% of this scan)
        rf"{B}(?=[\daeflmnoprstuw])(?:(?P<dmod>nearly|more than|less than|no more than|up to|at least|well over|fewer than|roughly|approximately)\s+)?(?:(?P<drel>the\s+(?:past|last|next|coming|first|previous|following|final|remaining|latest|recent|preceding|same|full|entire|whole)|the|another|(?:the\s+)?(?:past|last|next|first|final|previous))\s+)?(?:(?P<num0>{NUMBER_RE})\s*(?:to|or|-|–)\s*)?(?P<num>{NUMBER_RE})(?P<hyph>[\s-]+)(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|long\s+)?(?P<unit>{UNIT_RE})(?P<old>-old|-long|\s+old\b)?(?:\s+or\s+(?:so|more|less|two|three))?{E}(?!\s+(?:ago)\b)",
        n_duration,
        # barely selective ("a year" is a duration), but nearly free
        low(rf"[\s-]{_UNIT_WORDS}"),
    ),
    (
        "duration_minute_half",
        rf"{B}(?P<num>a|an|one)\s+(?P<unit>minute|hour|day|year|month|week)\s+and\s+a\s+half{E}",
        None,
        low(r"and\s+a\s+half"),
    ),
    (
        "recent_dur",
        rf"{B}(?:in\s+)?(?P<x>recent\s+(?P<bunit>months|weeks|days|decades|quarters)){E}",
        n_bare_plural,
        low(r"recent\s+(?:months|weeks|days|decades|quarters)"),
    ),
    (
        "coming_dur",
        rf"{B}(?:the\s+)?(?:coming|next)\s+(?P<bunit>months|weeks|days|years|decades){E}",
        n_bare_plural,
        low(r"(?:coming|next)\s+(?:months|weeks|days|years|decades)"),
    ),
    (
        "year_ago_adj",
        rf"{B}(?P<ya>year-earlier|year-ago|year\s+earlier|prior-year){E}",
        None,
        low(r"year-earlier|year-ago|year\s+earlier|prior-year"),
    ),
    (
        "year_period",
        rf"{B}the\s+(?P<year>{Y})\s+(?P<per>period|quarter|first\s+half|second\s+half){E}",
        None,
        low(rf"the\s+{Y}\s+(?:period|quarter|first\s+half|second\s+half)"),
    ),
    (
        "year_end",
        rf"{B}(?:(?P<yrel>around|by|since|at|before|after)\s+)?(?P<x>(?:around\s+)?(?:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)){E}",
        None,
        low(r"year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year"),
    ),
    (
        "mid_part",
        rf"{B}(?P<x>mid[- ]?(?P<part>morning|afternoon|day)){E}",
        None,
        low(r"mid[- ]?(?:morning|afternoon|day)"),
    ),
    (
        "ago_vague",
        rf"{B}(?:(?:years|months|weeks|days|decades)|(?:many|several|a few|few)\s+(?:years|months|weeks|days|decades))\s+ago{E}",
        n_ago_vague,
        low(r"(?:years|months|weeks|days|decades)\s+ago"),
    ),
    (
        "bare_plural",
        rf"\b(?:for|within|in|over|after|take|takes|took|taken|last|lasted|lasting)\s(?P<x>(?P<bunit>years|months|weeks|decades|centuries)){E}(?!\s+(?:of|ago|earlier|later|before|after|to come|old)\b)",
        n_bare_plural,
        low(
            r"(?:for|within|in|over|after|take|takes|took|taken|last|lasted|lasting)\s"
            r"(?:years|months|weeks|decades|centuries)"
        ),
    ),
    (
        "day_ref",
        rf"{B}(?:(?P<pre>early|late|mid-?afternoon|mid-?morning)\s+)?(?P<dayref>the day before yesterday|the day after tomorrow|today|yesterday|tomorrow|tonight)(?:\s+(?P<part>morning|afternoon|evening|night))?{E}",
        n_day_ref,
        low(r"today|yesterday|tomorrow|tonight"),
    ),
    (
        "part_ref",
        rf"{B}(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night){E}",
        n_part_ref,
        low(r"(?:this|last|tomorrow|yesterday)\s+(?:morning|afternoon|evening|night)"),
    ),
    (
        "weekday",
        rf"{B}(?:(?P<pre>early|late)\s+(?:on\s+)?)?(?:(?P<rel>this past|this coming|last|next|this|past|coming|the previous|the following)\s+)?(?-i:(?P<wd>{WEEKDAY_RE}))(?:\s+(?P<part>morning|afternoon|evening|night))?{E}(?!,?\s+(?:{MONTH_RE})\s+\d)",
        n_weekday,
        raw(rf"(?-i:{WEEKDAY_RE})"),
    ),
    (
        "time",
        rf"{B}(?:(?P<tmod>around|approximately)\s+)?(?:(?P<h>[012]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)|(?P<noon>noon|midnight))(?:,?\s+(?-i:[A-Z]{{2,3}}T|GMT|UTC)\b)?(?:,?\s+(?:(?-i:(?P<twd>{WEEKDAY_RE}))|(?P<tref>today|yesterday|tomorrow)|(?-i:(?P<tmon>{MONTH_RE}))\s+(?P<tday>{DAYNUM_RE})(?:,\s+(?P<tyear>{Y}))?))?(?!\w)",
        n_time,
        # the hour's (or minute's) last digit before "a.m."/"pm", or "noon"/"midnight"
        low(r"\d\s*(?:a\.m|p\.m|am|pm)|noon|midnight"),
    ),
    (
        "ref",
        # Every alternative starts a word with one of these letters; checking that once per
        # position, before trying thirteen alternatives, makes this scan ~4x cheaper.
        r"\b(?=[acfilmnprsty])(?:"
        r"\bnow\b(?![-'’])|\bcurrently\b|\bcurrent\b(?!\s+(?:account|accounts|events|affairs|assets|liabilities|ratio|yield|price|prices|dollars?|market value|coupon|income|spending|law|rules?|system|policy|policies|level|levels|rate|rates|members?|president|chairman|management|owners?|shareholders|holders|contracts?|generation|crisis|situation|conditions|issue|strength|owner|debt|form|state|source|visit|business|names?|market|account))|\b(?:these days|nowadays|at present|presently)\b|\b(?:more\s+)?(?:recently|lately)\b|(?<=\bin )the past\b(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|few|several|decade|week|month|year|day|quarter|century|summer|winter|spring|fall))|\brecent\s+years\b|\bpast\s+(?:years|decades)\b|\b(?:the\s+(?:near\s+|distant\s+)?)future\b(?!\s+(?:of|that)\b)|(?<=\bin )future\b|\bin\s+the\s+years\s+ahead\b|\byears\s+to\s+come\b|\b(?:the\s+)?(?:near|short|long)\s+term\b"
        r")",
        n_ref,
        # one word or phrase from each alternative
        low(
            r"now|current|present|these days|recent|lately|the past|past\s+(?:years|decades)|"
            r"future|years\s+ahead|years\s+to\s+come|term"
        ),
    ),
    (
        "set",
        rf"{B}(?:(?P<adv>daily|weekly|monthly|annually|yearly|quarterly|hourly|nightly|biweekly|semiannually|bimonthly)|(?:every|each)\s+(?-i:(?P<swd>{WEEKDAY_RE}))(?:\s+(?P<spart>morning|afternoon|evening|night))?|(?-i:(?P<swd2>{WEEKDAY_RE}))(?:s(?:\s+(?P<spart2>mornings|afternoons|evenings|nights))?|\s+(?P<spart3>mornings|afternoons|evenings|nights))|(?:every|each)\s+(?-i:(?P<smon>January|February|March|April|May|June|July|August|September|October|November|December))|(?:every|each|per)\s+(?:(?P<snum>other|two|three|four|five|six|ten|\d+)\s+)?(?P<sunit>second|minute|hour|day|week|month|year|quarter|decade|morning|afternoon|evening|night|seconds|minutes|hours|days|weeks|months|years)|(?:(?:once|twice|three times|four times)\s+)?(?:a|per)\s+(?P<sunit2>year|month|week|day|hour|quarter)(?=\b))(?!-)",
        None,
        None,  # "a year" and "per" match: nothing selective to require
    ),
    (
        "holiday",
        rf"{B}(?-i:(?P<hol>{HOLIDAYS_RE}))(?:,?\s+(?P<hyear>{Y}))?{E}",
        n_holiday,
        raw(rf"(?-i:{HOLIDAYS_RE})"),
    ),
]


def _n_decade(m: re.Match[str], c: Ctx) -> Norm | None:
    d = m["dec"] or m["dec2"] or m["dec3"]
    shim = _Shim(m, {"dec": d})
    return n_decade(shim, c)  # type: ignore[arg-type]


def _n_season(m: re.Match[str], c: Ctx) -> Norm | None:
    season = m["season"].lower()
    the = re.match(r"the\s", m[0], re.I)
    if not m["rel"] and not m["year"] and not the:
        return None  # bare "fall"/"spring" is mostly a verb or a noun
    if season in {"fall", "spring"} and the and not m["year"] and re.match(r"\s+of\b", c.after()):
        return None  # "the fall of the regime"
    return n_season(m, c)


def _n_rel_unit(m: re.Match[str], c: Ctx) -> Norm | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    if rel == "the" and unit != "weekend" and not m["pos"]:
        return None  # "the week"/"the year" alone are too vague to anchor
    if (
        unit == "quarter"
        and rel.startswith("the")
        and rel not in {"the past", "the coming", "the current", "the previous"}
    ):
        return None
    if unit == "week" and rel in {"the past", "the coming"}:
        return "DURATION", "P1W", None
    if unit in {"decade", "century"} and rel in {
        "the past",
        "past",
        "the previous",
        "the coming",
        "the next",
    }:
        return "DURATION", "P10Y" if unit == "decade" else "P100Y", None
    if rel == "the last" and unit in {"week", "month", "year"}:
        return "DURATION", _duration(1, unit), None
    return n_rel_unit(m, c)


def _n_half_minute(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DURATION", _duration(1.5, m["unit"]), None


def _n_set(m: re.Match[str], c: Ctx) -> Norm | None:
    gd = m.groupdict()
    if gd["swd2"]:
        part = (gd["spart2"] or gd["spart3"] or "").lower().rstrip("s")
        value = f"XXXX-WXX-{WEEKDAYS[gd['swd2'].lower()]}"
        return "SET", value + (f"T{DAY_PARTS[part]}" if part else ""), None
    if gd["smon"]:
        return "SET", f"XXXX-{MONTHS[gd['smon'].lower()]:02d}", None
    if gd["sunit2"]:
        # "twice a week" is a SET; "$5 a year" is a rate TimeBank rarely marks
        if not re.match(r"(?:once|twice|three times|four times)\s", m[0]):
            return None
        unit = gd["sunit2"].lower()
        table = {
            "year": "P1Y",
            "month": "P1M",
            "week": "P1W",
            "day": "P1D",
            "hour": "PT1H",
            "quarter": "P3M",
        }
        return "SET", table[unit], None
    if gd["snum"] and gd["snum"].lower() == "other":
        return _n_set_other(m)
    return n_set(m, c)


def _n_set_other(m: re.Match[str]) -> Norm:
    code = _unit_code(m["sunit"])
    return "SET", f"P2{code}", None


class _Shim:
    """A match look-alike that overrides some groups (to reuse a normalizer)."""

    def __init__(self, m: re.Match[str], over: dict[str, str | None]) -> None:
        self._m, self._over = m, over

    def __getitem__(self, key: str) -> str | None:
        if key in self._over:
            return self._over[key]
        return self._m[key]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._over}


def n_year_end(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "year-end": the end of the current year, or of the last one after "since"."""
    if not c.dct:
        return "DATE", "XXXX", "END"
    year = c.dct.year - 1 if (m["yrel"] or "").lower() == "since" else c.dct.year
    return "DATE", f"{year:04d}", "END"


def n_mid_part(m: re.Match[str], c: Ctx) -> Norm | None:
    code = {"morning": "MO", "afternoon": "AF", "day": "12:00"}[m["part"].lower()]
    day = c.dct.isoformat() if c.dct else "XXXX-XX-XX"
    return "TIME", f"{day}T{code}", None


_BOUND = {
    "year_end": n_year_end,
    "mid_part": n_mid_part,
    "decade": _n_decade,
    "season": _n_season,
    "rel_unit": _n_rel_unit,
    "duration_minute_half": _n_half_minute,
    "year_ago_adj": n_year_ago_adj,
    "year_period": n_year_period,
    "set": _n_set,
}


RULES: tuple[Rule, ...] = tuple(
    Rule(
        name,
        re.compile(pattern, re.IGNORECASE),
        _BOUND.get(name) or fn,  # type: ignore[arg-type]
        gate,
    )
    for name, pattern, fn, gate in _R
)
