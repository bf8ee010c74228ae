"""The English rules' normalizers of expressions counted from a reference point rather than
named: from publication ("last week", "earlier this year", "two weeks ago", "years ago",
"now", "the future") or from the date the story last named ("the next day", "that week").
The latter are placeholders that ``resolve_anaphor`` fills once the whole story is read,
as it does those of bare clock times (``times.n_time``)."""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.enrich.timex.context import ANAPHOR_PREFIX, Ctx, Norm, _pos_mod, _rel_offset
from storywire.tasks.enrich.timex.durations import _DUR_MOD, _duration, _unit_code
from storywire.tasks.enrich.timex.lexicon import DAY_PARTS, UNITS, word_number
from storywire.tasks.enrich.timex.periods import _earnings_context, _year_ago_quarter
from storywire.tasks.enrich.timex.resolve import iso_week, shift


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


def n_ago_vague(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DATE", "PAST_REF", None


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
