"""The English rules' normalizers of calendar dates: days of a month, months, years, year
ranges, decades, centuries, seasons, weekdays and holidays, each anchored on the publication
date (and the tense around it) when the text leaves the year out."""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.enrich.timex.context import (
    Ctx,
    Norm,
    _date_value,
    _day,
    _month,
    _pos_mod,
    _rel_offset,
    _Shim,
    _year_of,
)
from storywire.tasks.enrich.timex.lexicon import DAY_PARTS, SEASONS, WEEKDAYS, spelled_year
from storywire.tasks.enrich.timex.resolve import month_year, weekday_date


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


def _n_decade(m: re.Match[str], c: Ctx) -> Norm | None:
    d = m["dec"] or m["dec2"] or m["dec3"]
    shim = _Shim(m, {"dec": d})
    return n_decade(shim, c)  # type: ignore[arg-type]


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


def _n_season(m: re.Match[str], c: Ctx) -> Norm | None:
    season = m["season"].lower()
    the = re.match(r"the\s", m[0], re.I)
    if not m["rel"] and not m["year"] and not the:
        return None  # bare "fall"/"spring" is mostly a verb or a noun
    if season in {"fall", "spring"} and the and not m["year"] and re.match(r"\s+of\b", c.after()):
        return None  # "the fall of the regime"
    return n_season(m, c)


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
