"""Normalizers shared by the non-English rule tables (rules_ru, rules_fr).

A language's rules capture the same named groups whatever the language (``mon``, ``day``,
``year``, ``wd``, ``part``, ``rel``, ``unit``, ``num``, ``pos``...), and its ``Words`` say
what a captured word means (a month number, an offset, an English unit name). Most
normalizers then translate the groups into the English rules' own words and call the
English normalizer, so every language resolves against the publication date with the same
news reasoning (tense, nearest weekday, closest month) and writes the same TIMEX3 values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from storywire.tasks.enrich.timex import dates, relative, times
from storywire.tasks.enrich.timex.context import ANAPHOR_PREFIX, Ctx, Norm, Rule, _Shim
from storywire.tasks.enrich.timex.durations import _duration
from storywire.tasks.enrich.timex.gates import Gate
from storywire.tasks.enrich.timex.lexicon import DAY_PARTS, UNITS
from storywire.tasks.enrich.timex.resolve import TenseCues, quarter_year, shift

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# an offset as the English rules write it ("last Monday", "next week", "this month")
_REL_EN = {-1: "last", 0: "this", 1: "next"}
_DAY_REF_EN = {-2: "the day before yesterday", -1: "yesterday", 0: "today", 1: "tomorrow",
               2: "the day after tomorrow"}  # fmt: skip
_CLOCK_UNITS = frozenset({"hour", "minute", "second"})
# the largest count of years a duration may have: "2020 года" is a year, not 2020 years
_MAX_DURATION_YEARS = 999


@dataclass(frozen=True)
class Words:
    """What one language's captured words mean; every lookup takes the word as written."""

    month: Callable[[str], int | None]
    weekday: Callable[[str], int | None]
    day_part: Callable[[str], str | None]  # -> "morning", "afternoon", "evening", "night"
    number: Callable[[str], float | None]  # None: a vague count ("several")
    unit: Callable[[str], str | None]  # -> "day", "week", "month", "year", "hour"...
    rel: Callable[[str], int | None]  # "last"/"previous" -1, "this" 0, "next" +1
    cues: TenseCues
    pos: Mapping[str, str] = field(default_factory=dict)  # "début" -> START
    day_refs: Mapping[str, int] = field(default_factory=dict)  # "hier" -> -1
    dur_mods: Mapping[str, str] = field(default_factory=dict)  # "plus de" -> MORE_THAN
    set_words: Mapping[str, str] = field(default_factory=dict)  # "ежедневно" -> P1D
    refs: Mapping[str, str] = field(default_factory=dict)  # "récemment" -> PAST_REF
    anaphors: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # "la veille"
    seasons: Mapping[str, str] = field(default_factory=dict)  # -> "summer"
    ordinals: Mapping[str, int] = field(default_factory=dict)  # "premier" -> 1
    directions: Mapping[str, int] = field(default_factory=dict)  # "назад" -1, "через" +1
    noon: Mapping[str, str] = field(default_factory=dict)  # "midi" -> "noon"


def trie(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefixes ("д(?:ва|ве|вух)").

    Why: `re` tries an alternation's branches one by one at every position; a hundred
    number forms scanned over a whole story cost more than every other rule together.
    Longer words come first at each branch point, as in a longest-first alternation.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(tree)


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch]
    branches.sort(key=len, reverse=True)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _low(m: re.Match[str], group: str) -> str:
    return (m.groupdict().get(group) or "").lower()


def _mod(m: re.Match[str], w: Words) -> str | None:
    return w.pos.get(re.sub(r"\s+", " ", _low(m, "pos"))) if _low(m, "pos") else None


def _with_mod(norm: Norm | None, mod: str | None) -> Norm | None:
    if norm is None or mod is None:
        return norm
    return norm[0], norm[1], mod


def _part_en(m: re.Match[str], w: Words, group: str = "part") -> str | None:
    word = _low(m, group)
    return w.day_part(word) if word else None


def _rel_en(m: re.Match[str], w: Words) -> str | None:
    word = _low(m, "rel")
    return _REL_EN.get(w.rel(word) or 0) if word else None


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        v = values[ch]
        total += -v if nxt and values[nxt] > v else v
    return total


# --- dates -----------------------------------------------------------------------------


def n_date(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "12 марта 2025 года", "le 1er mai", "12.03.2025"; with a part of day, a TIME."""
    mon = m["mon"]
    month = int(mon) if mon.isdigit() else w.month(mon)
    if not month or not 1 <= month <= 12:
        return None
    part = _part_en(m, w)
    over = {"mon": MONTH_NAMES[month - 1], "part": part, "pos": None}
    return _with_mod(dates.n_full_date(_Shim(m, over), c), _mod(m, w))  # type: ignore[arg-type]


def n_month(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в марте", "en mars 2013", "в марте прошлого года", "début mars"."""
    month = w.month(m["mon"])
    if not month:
        return None
    name, mod = MONTH_NAMES[month - 1], _mod(m, w)
    gd = m.groupdict()
    if gd.get("year"):
        return _with_mod(dates.n_month_year(_Shim(m, {"mon": name, "pos": None}), c), mod)  # type: ignore[arg-type]
    if gd.get("yrel"):
        off = w.rel(gd["yrel"].lower()) or 0
        year = f"{c.dct.year + off:04d}" if c.dct else "XXXX"
        return "DATE", f"{year}-{month:02d}", mod
    over = {"mon": name, "rel": _rel_en(m, w) if gd.get("rel") else None, "pos": None}
    return _with_mod(dates.n_month(_Shim(m, over), c), mod)  # type: ignore[arg-type]


def n_year(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    return "DATE", f"{int(m['year']):04d}", _mod(m, w)


def n_decade(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "1990-е", "90-х", "les années 1990"."""
    norm = dates.n_decade(_Shim(m, {"dec": m["dec"], "dmod": None}), c)  # type: ignore[arg-type]
    return _with_mod(norm, _mod(m, w))


def n_century(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "XXI века", "au XXe siècle", "20e siècle": TIMEX3 writes the hundreds (XXI -> 20)."""
    text = m["cent"]
    n = int(text) if text.isdigit() else _roman(text.upper())
    if not 1 <= n <= 21:
        return None
    return "DATE", f"{n - 1:02d}", _mod(m, w)


def n_season(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    season = w.seasons.get(_low(m, "season"))
    if not season:
        return None
    year = m.groupdict().get("year")
    over = {"season": season, "rel": _rel_en(m, w), "smod": None, "year": year}
    return dates.n_season(_Shim(m, over), c)  # type: ignore[arg-type]


def n_quarter(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в первом квартале 2024 года", "au deuxième trimestre", "во втором полугодии"."""
    q = w.ordinals.get(_low(m, "qord"))
    unit = w.unit(_low(m, "qunit")) or ""
    half = unit == "half"
    if not q or q > (2 if half else 4):
        return None
    letter = "H" if half else "Q"
    gd = m.groupdict()
    if gd.get("year"):
        year = int(gd["year"])
    elif not c.dct:
        return "DATE", f"XXXX-{letter}{q}", None
    elif gd.get("yrel"):
        year = c.dct.year + (w.rel(gd["yrel"].lower()) or 0)
    else:
        year = quarter_year(c.dct, q * 2 if half else q, c.tense())
    return "DATE", f"{year:04d}-{letter}{q}", None


# --- days and times ---------------------------------------------------------------------


def n_weekday(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "во вторник вечером", "mardi soir", "ce lundi", "lundi dernier"."""
    wd = w.weekday(m["wd"])
    if not wd:
        return None
    part = _part_en(m, w) or _part_en(m, w, "part2")
    over = {"wd": WEEKDAY_NAMES[wd - 1], "rel": _rel_en(m, w), "part": part, "pre": None}
    return dates.n_weekday(_Shim(m, over), c)  # type: ignore[arg-type]


def n_night(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в ночь на субботу", "la nuit de vendredi à samedi": the night before ``wd2``.

    The morning it ends on is what the tense places (a past night ending on Saturday,
    reported on a Friday, is last week's), so ``wd2`` is resolved and the night is the
    evening before it.
    """
    wd2 = w.weekday(m["wd2"])
    if not wd2:
        return None
    if not c.dct:
        return "TIME", f"XXXX-WXX-{(wd2 - 2) % 7 + 1}TNI", None
    over = {"wd": WEEKDAY_NAMES[wd2 - 1], "rel": None, "part": None, "pre": None}
    morning = dates.n_weekday(_Shim(m, over), c)  # type: ignore[arg-type]
    if morning is None:
        return None
    night = dt.date.fromisoformat(morning[1]) - dt.timedelta(days=1)
    return "TIME", f"{night.isoformat()}TNI", None


def n_day_ref(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "вчера", "сегодня утром", "hier soir", "aujourd'hui", "après-demain"."""
    off = w.day_refs.get(re.sub(r"\s+", " ", _low(m, "ref")).replace("’", "'"))
    if off is None:
        return None
    over = {"dayref": _DAY_REF_EN[off], "part": _part_en(m, w), "pre": None}
    return times.n_day_ref(_Shim(m, over), c)  # type: ignore[arg-type]


def n_part_ref(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "ce matin", "этой ночью", "прошлой ночью": a part of the publication day."""
    part = _part_en(m, w)
    if not part:
        return None
    rel = {-1: "last", 1: "tomorrow"}.get(w.rel(_low(m, "rel")) or 0, "this")
    return times.n_part_ref(_Shim(m, {"rel": rel, "part": part}), c)  # type: ignore[arg-type]


def n_bare_part(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "утром", "le soir": that part of the day the story is talking about."""
    part = _part_en(m, w)
    if not part:
        return None
    return "TIME", f"{ANAPHOR_PREFIX}clock|0T{DAY_PARTS[part]}", None


def n_time(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в 15:30", "8:00 среды", "в 10 часов вечера", "à 15h30", "à midi"."""
    gd = m.groupdict()
    part = _part_en(m, w, "apart")
    h = int(gd["h"]) if gd.get("h") else None
    ampm = None
    if part and h is not None:
        late_night = part == "night" and h >= 8  # "11 часов ночи" is 23:00
        ampm = "pm" if part in {"afternoon", "evening"} or late_night else "am"
    wd = w.weekday(gd["twd"]) if gd.get("twd") else None
    ref = w.day_refs.get(_low(m, "tref").replace("’", "'")) if gd.get("tref") else None
    over = {
        "h": gd.get("h"), "min": gd.get("min"), "ampm": ampm,
        "noon": w.noon.get(_low(m, "noon")) if gd.get("noon") else None,
        "twd": WEEKDAY_NAMES[wd - 1] if wd else None,
        "tref": _DAY_REF_EN.get(ref) if ref in {-1, 0, 1} else None,
        "tmon": None, "tday": None, "tyear": None,
        "tmod": "around" if gd.get("tmod") else None,
    }  # fmt: skip
    return times.n_time(_Shim(m, over), c)  # type: ignore[arg-type]


def n_weekend(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в выходные", "ce week-end", "le week-end dernier": by tense, as "this weekend"."""
    rel = _REL_EN.get(w.rel(_low(m, "rel")) or 0, "this")
    over = {"rel": rel, "unit": "weekend", "pre": None, "pos": None}
    return relative.n_rel_unit(_Shim(m, over), c)  # type: ignore[arg-type]


def n_rel_unit(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в прошлом году", "на следующей неделе", "l'an dernier", "ce mois-ci"."""
    unit = w.unit(_low(m, "unit"))
    off = w.rel(_low(m, "rel"))
    if unit not in UNITS or off is None:
        return None
    mod = _mod(m, w)
    if off in _REL_EN:
        over = {"rel": _REL_EN[off], "unit": unit, "pre": None, "pos": None}
        return _with_mod(relative.n_rel_unit(_Shim(m, over), c), mod)  # type: ignore[arg-type]
    if not c.dct:
        return "DATE", "PAST_REF" if off < 0 else "FUTURE_REF", mod
    return "DATE", shift(c.dct, UNITS[unit], off), mod


def n_anaphor(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "накануне", "на следующий день", "la veille", "le lendemain", "l'année suivante":
    relative to the last date the story named (see relative.resolve_anaphor)."""
    unit, off = w.anaphors.get(re.sub(r"\s+", " ", _low(m, "ana")).replace("’", "'"), ("", 0))
    if not unit:
        return None
    ttype = "TIME" if unit in DAY_PARTS else "DATE"
    return ttype, f"{ANAPHOR_PREFIX}{unit}|{off}", None


# --- durations, sets, vague references --------------------------------------------------


def _count(m: re.Match[str], w: Words) -> tuple[bool, float | None]:
    """(counted, n): no count is one unit; a vague count ("несколько") is n None."""
    num = m.groupdict().get("num")
    return (True, w.number(num)) if num else (False, 1)


def n_duration(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "три дня", "67 лет", "сутки", "pendant trois ans", "quelques semaines"."""
    unit = w.unit(_low(m, "unit"))
    if unit not in UNITS or unit in {"weekend", "half"}:
        return None
    _, n = _count(m, w)
    if unit == "year" and n is not None and n > _MAX_DURATION_YEARS:
        return None  # a year written with its noun ("2020 года"), not 2020 years
    mod = (
        w.dur_mods.get(re.sub(r"\s+", " ", _low(m, "dmod"))) if m.groupdict().get("dmod") else None
    )
    return "DURATION", _duration(n, unit), mod


def n_ago(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "два года назад", "через неделю", "il y a trois jours", "dans deux semaines"."""
    unit = w.unit(_low(m, "unit"))
    sign = w.directions.get(re.sub(r"\s+", " ", _low(m, "dir")))
    if unit not in UNITS or unit in {"weekend", "half"} or not sign:
        return None
    _, n = _count(m, w)
    if n is None or not c.dct:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
    if unit in _CLOCK_UNITS:
        # clock units against a publication date: no calendar day is sure (as in English)
        return (
            "DATE",
            "PRESENT_REF" if unit != "hour" else ("PAST_REF" if sign < 0 else "FUTURE_REF"),
            None,
        )
    code = UNITS[unit]
    if n != int(n):
        code, n = ("M", n * 12) if code == "Y" else (code, round(n))
    return "DATE", shift(c.dct, code, sign * int(n)), None


def n_set(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "ежедневно", "каждый вторник", "по вторникам", "tous les jours", "chaque mardi"."""
    gd = m.groupdict()
    if gd.get("adv"):
        value = w.set_words.get(_low(m, "adv"))
        return ("SET", value, None) if value else None
    if gd.get("swd"):
        wd = w.weekday(gd["swd"])
        part = _part_en(m, w)
        if not wd:
            return None
        return "SET", f"XXXX-WXX-{wd}" + (f"T{DAY_PARTS[part]}" if part else ""), None
    word = _low(m, "sunit")
    part = w.day_part(word)
    if part:
        return "SET", f"T{DAY_PARTS[part]}", None
    unit = w.unit(word)
    if unit not in UNITS or unit in {"weekend", "half"}:
        return None
    _, n = _count(m, w)
    if n is None:
        return None
    return "SET", _duration(n, unit), None


def n_ref(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "сейчас", "недавно", "в будущем", "actuellement", "récemment", "à l'avenir"."""
    value = w.refs.get(re.sub(r"\s+", " ", _low(m, "ref")).replace("’", "'"))
    return ("DATE", value, None) if value else None


Normalizer = Callable[[re.Match[str], Ctx, Words], Norm | None]


def build_rules(
    table: list[tuple[str, str, Normalizer, Gate | None]], words: Words
) -> tuple[Rule, ...]:
    """Compile a language's (name, pattern, normalizer, gate) table, binding its words."""
    return tuple(
        Rule(name, re.compile(pattern, re.IGNORECASE), partial(fn, w=words), gate)
        for name, pattern, fn, gate in table
    )
