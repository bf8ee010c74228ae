"""The English rules' normalizers of days and times of day: "today", "yesterday evening",
"this morning", "the evening of October 25", "mid-afternoon" and clock times ("3:30 p.m.
Tuesday", "noon")."""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.enrich.timex.context import (
    ANAPHOR_PREFIX,
    Ctx,
    Norm,
    _date_value,
    _day,
    _month,
    _Shim,
)
from storywire.tasks.enrich.timex.dates import n_full_date
from storywire.tasks.enrich.timex.lexicon import DAY_PARTS, WEEKDAYS
from storywire.tasks.enrich.timex.resolve import month_year, weekday_date


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


def n_mid_part(m: re.Match[str], c: Ctx) -> Norm | None:
    code = {"morning": "MO", "afternoon": "AF", "day": "12:00"}[m["part"].lower()]
    day = c.dct.isoformat() if c.dct else "XXXX-XX-XX"
    return "TIME", f"{day}T{code}", None


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
