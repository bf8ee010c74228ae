"""The English rules' normalizers of sets, what recurs: "daily", "every Monday", "Sunday
mornings", "each March", "every other week", "twice a year"."""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex.context import Ctx, Norm
from storywire.tasks.enrich.timex.durations import _unit_code
from storywire.tasks.enrich.timex.lexicon import DAY_PARTS, MONTHS, WEEKDAYS, word_number


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
