"""The English rules' normalizers of durations ("two weeks", "nearly three years", "a
minute and a half", "in recent months") and how they write TIMEX3 duration values (``P2W``,
``PT1H30M``, ``PXY``), which ``relative``, ``sets`` and the non-English ``norms`` use too."""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex.context import Ctx, Norm
from storywire.tasks.enrich.timex.lexicon import UNITS, word_number


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


def _n_half_minute(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DURATION", _duration(1.5, m["unit"]), None


def n_bare_plural(m: re.Match[str], c: Ctx) -> Norm | None:
    return "DURATION", _duration(None, m["bunit"]), None
