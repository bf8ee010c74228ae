"""The English rules' normalizers of the periods business news reports on: quarters
("the third quarter", "the year-ago quarter"), halves, fiscal years, "the year", year-end,
and the results story's comparisons ("year-earlier", "the 1988 period"), with how to tell
which quarter a results story is about."""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.enrich.timex.context import Ctx, Norm, _day, _month, _rel_offset, _year_of
from storywire.tasks.enrich.timex.lexicon import MONTH_RE, ORDINALS
from storywire.tasks.enrich.timex.resolve import add_months, month_year, quarter_of, quarter_year


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


def n_year_word(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "the year", "the fiscal year": a DURATION when delimited ("the year ended March 31"),
    else the current year."""
    if re.match(r"\s+(?:ended|ending|to|through|that ended|which ended)\b", c.after()):
        return "DURATION", "P1Y", None
    if not c.dct:
        return "DATE", "XXXX", None
    return "DATE", f"{c.dct.year:04d}", None


def n_year_end(m: re.Match[str], c: Ctx) -> Norm | None:
    """ "year-end": the end of the current year, or of the last one after "since"."""
    if not c.dct:
        return "DATE", "XXXX", "END"
    year = c.dct.year - 1 if (m["yrel"] or "").lower() == "since" else c.dct.year
    return "DATE", f"{year:04d}", "END"


# --- results stories: the quarter a story reports ---------------------------------------


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
