"""Russian TIMEX3 rules: the patterns; the words are in lexicon_ru, the values in norms.

Extents follow the English conventions: the preposition that governs the case ("в марте",
"во вторник", "в 2020 году") stays outside, the noun that completes a year or a decade
("2020 году", "1990-е годы") and the words that carry a direction ("два года назад",
"через неделю") inside. "среда" and "пятница" need a preposition, a relative word or a
part of day to be weekdays (alone they are mostly the environment and a TV channel); a bare
month needs a preposition. Many patterns open with "(?=[...])", the letters a match can start
with: one cheap test at each position before the alternations (a test checks that it
changes no match).
"""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex import dates, norms
from storywire.tasks.enrich.timex import rules as en
from storywire.tasks.enrich.timex.context import Ctx, Norm, _Shim
from storywire.tasks.enrich.timex.durations import _duration
from storywire.tasks.enrich.timex.gates import Gate, low, raw
from storywire.tasks.enrich.timex.lexicon import UNITS
from storywire.tasks.enrich.timex.lexicon import YEAR4_RE as Y
from storywire.tasks.enrich.timex.lexicon_ru import (
    DUR_MOD_RE,
    MONTH_ABBR_RE,
    MONTH_RE,
    NUMBER_FIRST,
    NUMBER_RE,
    PART_ADV_RE,
    PART_GEN_RE,
    REL_ADJ_RE,
    UNIT_RE,
    WEEKDAY_PLURAL_RE,
    WEEKDAY_RE,
    WORDS,
    YEAR_WORD_RE,
)
from storywire.tasks.enrich.timex.norms import Normalizer, Words

B = en.B
E = en.E
MON = rf"(?-i:{MONTH_RE})"  # months are written lowercase; "Мая" is a name
POS = r"(?P<pos>начале|начала|конце|конца|концу|середине|середины|первой\s+половине|второй\s+половине)"
# a month stem as every month form and abbreviation begins (for gates)
_MONTH_STEM = r"(?-i:янв|фев|мар|апр|ма[йяею]|июн|июл|авг|сен|окт|ноя|дек)"
ZONE = r"(?:\s+(?P<zone>по\s+(?:московскому|местному|киевскому|минскому)\s+времени|\(?мск\)?|MSK|GMT|UTC))?"
DAY_AFTER = rf"(?:,?\s+(?:(?P<twd>{WEEKDAY_RE})|(?P<tref>сегодня|вчера|завтра)))?"
_BARE_WEEKDAY_OK = frozenset({1, 2, 4, 6, 7})  # "среда", "пятница" alone are other nouns
# before a bare 4-digit year: a temporal preposition, so "в 2020" is a year...
_YEAR_PREP_RE = re.compile(r"\b(?:в|во|с|со|до|по|к|после|между|от|и|начиная\s+с)\s+$", re.I)
# ...but a lowercase word right after a bare number makes it a count ("2020 человек")
_COUNTED_RE = re.compile(r"\s+[а-яё]")
_GENITIVE_NEXT_RE = re.compile(r"\s+[а-яё]+(?<!л)(?:ов|ей|ия|ии|ого|его|ых|их|ы|а)\b")
_PLURAL_UNIT_RE = re.compile(r"(?:ы|и|ев|ей|ов|лет)$")


def _narrow(norm: Norm | None, m: re.Match[str], group: str) -> Norm | None:
    """Drop the leading preposition from the extent: it starts at ``group``."""
    if norm is None or m.start(group) < 0:
        return norm
    return (*norm, (m.start(group), m.end()))  # type: ignore[return-value]


def _weekday(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    gd = m.groupdict()
    wd = w.weekday(gd["wd"])
    if not (gd["prep"] or gd["rel"] or gd["part"] or gd["part2"]) and wd not in _BARE_WEEKDAY_OK:
        return None
    if gd["part2"] or not gd["prep"]:
        return norms.n_weekday(m, c, w)
    return _narrow(norms.n_weekday(m, c, w), m, "rel" if gd["rel"] else "wd")


def _pos_unit(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "в конце года", "в начале месяца": a part of the current one, as "year-end"."""
    return norms.n_rel_unit(_Shim(m, {"rel": "этот"}), c, w)  # type: ignore[arg-type]


def _year(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    if not m["yw"] and not _YEAR_PREP_RE.search(c.before(16)) and _COUNTED_RE.match(c.after(3)):
        return None
    return norms.n_year(m, c, w)


def _year_range(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    return dates.n_year_range(m, c)


def _season(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    if not m["season"].lower().endswith(("ом", "ой", "ью")) and not (m["rel"] or m["year"]):
        return None  # "лета", "осени" alone are nouns of other phrases
    return norms.n_season(m, c, w)


def _anaphor(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    if m["ana"].lower() == "накануне" and _GENITIVE_NEXT_RE.match(c.after(25)):
        return None  # "накануне выборов": the eve of an event, not of a date
    return norms.n_anaphor(m, c, w)


def _span(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    """ "последние два года", "в ближайшие недели": a stretch up to or from now."""
    unit = w.unit(m["unit"])
    if unit not in UNITS or unit in {"weekend", "half"}:
        return None
    vague = _PLURAL_UNIT_RE.search(m["unit"].lower()) is not None  # "последние годы"
    n = w.number(m["num"]) if m["num"] else (None if vague else 1)
    return "DURATION", _duration(n, unit), None


def _time(m: re.Match[str], c: Ctx, w: Words) -> Norm | None:
    gd = m.groupdict()
    said = [gd.get(g) for g in ("prep", "apart", "twd", "tref", "zone", "hw")]
    if not any(said) and len(gd.get("h") or "") < 2:
        return None  # "2:30" alone may be a score or a ratio
    return norms.n_time(m, c, w)


# (name, pattern, normalizer, gate); ties on extent go to the earlier rule
_R: list[tuple[str, str, Normalizer, Gate | None]] = [
    (
        "date",
        rf"{B}(?=[\dпвсч])(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?P<day>[12]\d|3[01]|0?[1-9])(?:-?(?:го|е))?\s+"
        rf"(?P<mon>{MON}|(?-i:{MONTH_ABBR_RE}))(?:\s+(?P<year>{Y})(?:\s*{YEAR_WORD_RE})?)?"
        rf"(?:\s+(?P<part>{PART_ADV_RE}))?{E}",
        norms.n_date,
        raw(rf"\d(?:-?(?:го|е))?\s+{_MONTH_STEM}"),
    ),
    (
        "numeric_date",
        rf"{B}(?P<day>[0-3]?\d)\.(?P<mon>[01]?\d)\.(?P<year>{Y})(?:\s*{YEAR_WORD_RE})?{E}",
        norms.n_date,
        raw(r"\d\.[01]?\d\.[12]"),
    ),
    (
        "month_year",
        rf"{B}(?=[нкспвяфмаиосд])(?:{POS}\s+)?(?P<mon>{MON})\s+(?:(?P<year>{Y})(?:\s*{YEAR_WORD_RE})?"
        rf"|(?P<yrel>{REL_ADJ_RE})\s+года){E}",
        norms.n_month,
        raw(rf"{_MONTH_STEM}"),
    ),
    (
        "month",
        rf"{B}(?=[всдкпон])(?P<prep>в|во|с|со|до|к|ко|по|после|около|на|начиная\s+с)\s+"
        rf"(?P<x>(?:{POS}\s+)?(?P<mon>{MON})){E}(?!\s*\d)",
        norms.n_month,
        raw(rf"{_MONTH_STEM}"),
    ),
    (
        "year_range",
        rf"{B}(?P<y1>{Y})\s*[-–—]\s*(?P<y2>{Y}|\d\d)(?:\s*(?:годы|годах|годов|годам|гг\.))?{E}",
        _year_range,
        raw(rf"{Y}\s*[-–—]\s*\d"),
    ),
    (
        "year",
        rf"{B}(?=[\dнкспв])(?:{POS}\s+)?(?P<year>{Y})(?P<yw>(?:-м|-го)?\s*{YEAR_WORD_RE}|-м|-го)?{E}",
        _year,
        raw(Y),
    ),
    (
        "decade",
        rf"{B}(?=[\dнкспв])(?:{POS}\s+)?(?P<dec>1\d\d0|20\d0|[1-9]0)-(?:е|х|ые|ых|м|ми)\b"
        rf"(?:\s+год(?:ы|ов|ах|ам|ами))?{E}",
        norms.n_decade,
        raw(r"0-(?:е|х|ы|м)"),
    ),
    (
        "century",
        rf"{B}(?=[\dнкспвIVXL])(?:{POS}\s+)?(?P<cent>(?-i:[IVXL]{{1,5}})|\d{{1,2}})(?:-?(?:го|й|м|ом))?\s+"
        rf"(?:век(?:а|е|у|ом)?|столети(?:е|я|и))\b",
        norms.n_century,
        low(r"\sвек|\sстолети"),  # after the numeral's space: not "человек",
    ),
    (
        "season",
        rf"{B}(?=[пмсбнтэлзво])(?:(?P<rel>{REL_ADJ_RE})\s+)?(?P<season>летом|зимой|весной|осенью|лета|зимы|весны|осени)"
        rf"(?:\s+(?P<year>{Y})(?:\s*{YEAR_WORD_RE})?)?{E}",
        _season,
        low(r"летом|зимой|весной|осенью|лета|зимы|весны|осени"),
    ),
    (
        "quarter",
        rf"{B}(?P<qord>перв(?:ом|ый|ого|ое|ом)|втор(?:ом|ой|ого|ое)|треть(?:ем|его|е)|трет(?:ий)"
        rf"|четв[её]рт(?:ом|ый|ого|ое)|(?-i:IV|I{{1,3}}))\s+(?P<qunit>квартал(?:е|а)?|полугоди(?:и|е|я))"
        rf"(?:\s+(?:(?P<year>{Y})(?:\s*{YEAR_WORD_RE})?|(?P<yrel>{REL_ADJ_RE})\s+года))?{E}",
        norms.n_quarter,
        low(r"квартал|полугоди"),
    ),
    (
        "rel_unit",
        rf"{B}(?=[нкспвмбтэ])(?:{POS}\s+)?(?P<rel>{REL_ADJ_RE})\s+(?P<unit>год(?:а|у)?|месяц(?:а|е|у)?|недел(?:и|е|ю|я)"
        rf"|век(?:а|е)?|квартал(?:а|е)?|десятилети(?:я|и|е)){E}",
        norms.n_rel_unit,
        low(
            r"(?:прошл|минувш|предыдущ|следующ|будущ|наступающ|ближайш|текущ|нынешн|эт)[а-я]{1,3}\s+"
            r"(?:год|месяц|недел|век|квартал|десятилет)"
        ),
    ),
    (
        "pos_unit",
        rf"{B}(?=[нкспв]){POS}\s+(?P<unit>года|месяца|недели|десятилетия|века){E}(?!\s+(?:\d|назад))",
        _pos_unit,
        low(
            r"(?:начал|конц|концу|середин|половин)[а-я]*\s+(?:года|месяца|недели|десятилетия|века)"
        ),
    ),
    (
        "span",
        rf"{B}(?P<drel>последн(?:ие|их|ий|юю|ее|ими)|ближайш(?:ие|их|ий|ими))\s+"
        rf"(?:(?P<num>{NUMBER_RE})\s+)?(?P<unit>{UNIT_RE}|дни|днях|годы|годах|месяцы|месяцах|неделях){E}",
        _span,
        low(r"последн|ближайш"),
    ),
    (
        "weekend",
        rf"{B}(?P<prep>в|во|на|к|до|после|за)\s+(?P<x>(?:(?P<rel>{REL_ADJ_RE})\s+)?выходн(?:ые|ых)"
        rf"(?:\s+дн(?:и|ях))?){E}",
        norms.n_weekend,
        low(r"выходн"),
    ),
    (
        "anaphor",
        rf"{B}(?=[нвдг])(?P<ana>накануне|на\s+следующий\s+день|дн[её]м\s+ранее|в\s+тот\s+же\s+день|в\s+тот\s+день"
        rf"|в\s+том\s+же\s+году|годом\s+ранее|годом\s+позже){E}",
        _anaphor,
        low(r"накануне|следующий\s+день|дн[её]м\s+ранее|в\s+тот\s|в\s+том\s+же|годом\s"),
    ),
    (
        "ago",
        rf"{B}(?:(?P<num>{NUMBER_RE})\s+)?(?P<unit>{UNIT_RE})\s+(?P<dir>тому\s+назад|назад){E}",
        norms.n_ago,
        low(r"назад"),
    ),
    (
        "in",
        rf"{B}(?P<dir>через)\s+(?:(?P<num>{NUMBER_RE})\s+)?(?P<unit>{UNIT_RE}){E}(?!\s+после)",
        norms.n_ago,
        low(r"через"),
    ),
    (
        "time_colon",
        rf"{B}(?=[\dвкдсопн])(?:(?P<prep>в|во|к|до|с|со|около|после|примерно\s+в|начиная\s+с)\s+)?"
        rf"(?P<x>(?P<h>[01]?\d|2[0-4]):(?P<min>[0-5]\d)(?:\s+(?P<apart>{PART_GEN_RE}))?{ZONE}{DAY_AFTER}){E}",
        _time,
        raw(r"\d:[0-5]\d"),
    ),
    (
        "time_hours",
        # an hour needs its noun or a part of day ("в 3 часа", "в 8 утра"): "в 15" is not one
        rf"{B}(?P<prep>в|к|после|начиная\s+с)\s+(?P<x>(?P<h>[01]?\d|2[0-4])\s+(?=час|утра|дня|вечера|ночи)"
        rf"(?:(?P<hw>час(?:а|ов)?)(?:\s+(?P<min>[0-5]?\d)\s+минут\w*)?)?(?:\s*(?P<apart>{PART_GEN_RE}))?"
        rf"{ZONE}{DAY_AFTER}){E}",
        _time,
        low(r"\d\s+(?:час|утра|дня|вечера|ночи)"),
    ),
    (
        "time_noon",
        rf"{B}(?:в|к|до|после|около)\s+(?P<x>(?P<noon>полдень|полночь){DAY_AFTER}){E}",
        norms.n_time,
        low(r"полдень|полночь"),
    ),
    (
        "night",
        rf"{B}(?:в\s+)?(?P<x>ночь\s+(?:со?\s+{WEEKDAY_RE}\s+)?на\s+(?P<wd2>{WEEKDAY_RE})){E}",
        norms.n_night,
        low(r"ночь\s+(?:со?|на)\s"),
    ),
    (
        "weekday",
        # (?=...): the first letters of <part2>, <prep>, <rel> and the weekdays
        rf"{B}(?=[удвнскпмбтэч])(?:(?P<part2>{PART_ADV_RE})\s+)?(?:(?P<prep>в|во|с|со|до|к|ко|по|на)\s+)?"
        rf"(?:(?P<rel>{REL_ADJ_RE})\s+)?(?P<wd>{WEEKDAY_RE})(?:\s+(?P<part>{PART_ADV_RE}))?{E}",
        _weekday,
        low(rf"{WEEKDAY_RE}(?!\w)"),  # the rule's own forms and right boundary
    ),
    (
        "day_ref",
        rf"{B}(?P<ref>позавчера|вчера|сегодня|завтра|послезавтра)(?:\s+(?P<part>{PART_ADV_RE}))?{E}",
        norms.n_day_ref,
        low(r"вчера|сегодня|завтра"),
    ),
    (
        "part_ref",
        rf"{B}(?P<rel>эт(?:ой|им)|прошл(?:ой|ым)|минувш(?:ей|им))\s+(?P<part>{PART_ADV_RE}){E}",
        norms.n_part_ref,
        low(r"(?:ой|им|ым|ей)\s+(?:утром|дн|вечером|ночью)"),
    ),
    (
        "bare_part",
        rf"{B}(?P<part>утром|вечером|ночью){E}",
        norms.n_bare_part,
        low(r"утром|вечером|ночью"),
    ),
    (
        "duration_within",
        rf"{B}(?:в\s+течени[ея]|на\s+протяжении)\s+(?P<x>(?:(?P<num>{NUMBER_RE})\s+)?(?P<unit>{UNIT_RE})){E}",
        norms.n_duration,
        low(r"течени|протяжении"),
    ),
    (
        "duration",
        # (?=...): a count, or a word of DUR_MOD_RE, starts every match; testing the first
        # letter spares the alternations at most word starts
        rf"{B}(?=[\dбмпонсц{NUMBER_FIRST}])(?:(?P<dmod>{DUR_MOD_RE})\s+)?(?P<num>{NUMBER_RE})\s+"
        rf"(?P<unit>{UNIT_RE}){E}",
        norms.n_duration,
        None,  # a count and a unit: nothing rarer to require
    ),
    (
        "day_and_night",
        rf"{B}(?P<unit>сутки|суток){E}",
        norms.n_duration,
        low(r"сутк|суток"),
    ),
    (
        "set_adv",
        rf"{B}(?P<adv>ежедневно|еженедельно|ежемесячно|ежегодно|ежечасно|ежеквартально|ежесуточно){E}",
        norms.n_set,
        low(r"ежедневно|еженедельно|ежемесячно|ежегодно|ежечасно|ежеквартально|ежесуточно"),
    ),
    (
        "set_every",
        rf"{B}кажд(?:ый|ую|ое|ые|ой|ого|ом|ую)\s+(?:(?P<swd>{WEEKDAY_RE})(?:\s+(?P<part>{PART_ADV_RE}))?"
        rf"|(?:(?P<num>{NUMBER_RE})\s+)?(?P<sunit>{UNIT_RE}|утро|вечер|ночь|дни|годы|месяцы)){E}",
        norms.n_set,
        low(r"кажд"),
    ),
    (
        "set_weekdays",
        rf"{B}по\s+(?P<swd>{WEEKDAY_PLURAL_RE}){E}",
        norms.n_set,
        low(r"по\s+(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"),
    ),
    (
        "set_times",
        rf"{B}(?:раз|дважды|трижды|(?:\d+|два|три|четыре|пять)\s+раза?)\s+в\s+"
        rf"(?P<sunit>год|месяц|неделю|день|сутки|час|квартал){E}",
        norms.n_set,
        low(r"(?:раза?|дважды|трижды)\s+в\s"),
    ),
    (
        "ref",
        rf"{B}(?=[снв])(?P<ref>сейчас|ныне|недавно|вскоре|в\s+настоящее\s+время|в\s+данный\s+момент"
        rf"|в\s+последнее\s+время|в\s+прошлом|в\s+будущем|в\s+ближайшее\s+время|в\s+скором\s+времени){E}",
        norms.n_ref,
        low(
            r"сейчас|ныне|недавно|вскоре|настоящее|данный|последнее|прошлом|будущем|ближайшее|скором"
        ),
    ),
]

RULES = norms.build_rules(_R, WORDS)
CUES = WORDS.cues
