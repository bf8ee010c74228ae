"""Russian words for the TIMEX3 rules: every case form a news story writes them in.

Russian inflects months, weekdays, units and numerals ("двух недель", "в течение трёх
дней", "12 марта", "в марте"), so each word list is a regex of the forms and a lookup that
reads the meaning off the stem. ``WORDS`` is what the shared normalizers (norms.py) ask.
"""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex.norms import Words, trie
from storywire.tasks.enrich.timex.resolve import TenseCues

# --- regex fragments (lowercase: month and weekday names are written lowercase) -----------

MONTH_RE = (
    r"(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ём|ем)"
    r"|(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем))"
)
MONTH_ABBR_RE = r"(?:янв|фев|февр|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек)\."
WEEKDAY_RE = (
    r"(?:(?:понедельник|вторник|четверг)(?:а|е|у|ом)?|(?:сред|пятниц|суббот)(?:а|ы|е|у|ой|ей)"
    r"|воскресень(?:е|я|ю|ем))"
)
WEEKDAY_PLURAL_RE = r"(?:понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)"
# after a weekday or a day: "во вторник вечером", "вчера утром"
PART_ADV_RE = r"(?:утром|дн[её]м|вечером|ночью)"
# after a clock time: "в 8 утра", "в 10 часов вечера"
PART_GEN_RE = r"(?:утра|дня|вечера|ночи)"
YEAR_WORD_RE = r"(?:года|году|год|г\.)"
UNIT_RE = (
    r"(?:секунд(?:а|ы|у)?|минут(?:а|ы|у)?|час(?:а|ов|ы)?|д(?:ень|ня|ней|ни)|сут(?:ки|ок)"
    r"|недел(?:я|и|ь|ю)|месяц(?:а|ев|ы)?|год(?:а|ы)?|лет|десятилети(?:е|я|й)"
    r"|век(?:а|ов)?|столети(?:е|я|й))"
)
# words before a unit that say "how long, at most/at least/about"
DUR_MOD_RE = r"(?:более|больше|менее|меньше|почти|около|примерно|свыше|не менее|не более|целых)"
_REL_STEMS = ("прошл", "минувш", "позапрошл", "предыдущ", "следующ", "будущ", "наступающ",
              "ближайш", "текущ", "нынешн", "эт")  # fmt: skip
_REL_ENDINGS = ("ий", "ый", "ой", "ая", "ее", "ое", "его", "ого", "ем", "ом", "ей", "ую", "им",
                "ым", "ие", "ые", "их", "ых", "и", "от", "а", "у", "о")  # fmt: skip
# (trie: see norms.trie) "прошлом", "следующей", "этом", "текущего"...
REL_ADJ_RE = f"(?:{trie(_REL_STEMS)}{trie(_REL_ENDINGS)})"

_UNITS_SMALL = {
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одному": 1, "одним": 1,
    "одну": 1, "одном": 1, "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2,
    "три": 3, "трёх": 3, "трех": 3, "трём": 3, "трем": 3, "тремя": 3, "четыре": 4,
    "четырёх": 4, "четырех": 4, "четырём": 4, "четырем": 4, "четырьмя": 4,
}  # fmt: skip
_STEM_NUMBERS = {  # stems that take -ь/-и/-ью: пять, пяти, пятью
    "пят": 5, "шест": 6, "сем": 7, "восем": 8, "восьм": 8, "девят": 9, "десят": 10,
    "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "тридцат": 30,
}  # fmt: skip
_OTHER_NUMBERS = {
    "сорок": 40, "сорока": 40, "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60,
    "шестидесяти": 60, "семьдесят": 70, "семидесяти": 70, "восемьдесят": 80,
    "восьмидесяти": 80, "девяносто": 90, "девяноста": 90, "сто": 100, "ста": 100,
    "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7,
    "полтора": 1.5, "полторы": 1.5, "полутора": 1.5, "пару": 2, "пара": 2, "пары": 2,
}  # fmt: skip
_VAGUE = {"несколько", "нескольких", "нескольким", "многих", "много"}
_NUMBER_WORDS: dict[str, float] = {
    **_UNITS_SMALL,
    **{stem + end: n for stem, n in _STEM_NUMBERS.items() for end in ("ь", "и", "ью")},
    **_OTHER_NUMBERS,
}
_NUMBER_WORDS["семью"] = 7
_NUMBER_WORDS["восемью"] = 8


_TENS = trie(w for w, n in _NUMBER_WORDS.items() if n in {20, 30, 40, 50, 60, 70, 80, 90})
_ONES = trie(w for w, n in _NUMBER_WORDS.items() if 1 <= n <= 9 and n == int(n))
# the letters a count can begin with, for a cheap first test at each position
NUMBER_FIRST = "".join(sorted({w[0] for w in [*_NUMBER_WORDS, *_VAGUE]}))
NUMBER_RE = rf"(?:\d+(?:[.,]\d+)?|{_TENS}\s+{_ONES}|{trie([*_NUMBER_WORDS, *_VAGUE])})"

# --- meanings --------------------------------------------------------------------------

_MONTH_PREFIX = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "ма": 5, "июн": 6, "июл": 7,
                 "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}  # fmt: skip
_WEEKDAY_PREFIX = {"пон": 1, "вто": 2, "сре": 3, "чет": 4, "пят": 5, "суб": 6, "вос": 7}
_PARTS = {"утр": "morning", "дн": "afternoon", "веч": "evening", "ноч": "night"}
_UNIT_PREFIX = (  # checked in order: "сут" before "с...", "десятилет" before "д"
    ("сек", "second"), ("мин", "minute"), ("час", "hour"), ("сут", "day"),
    ("десятилет", "decade"), ("столет", "century"), ("д", "day"), ("недел", "week"),
    ("месяц", "month"), ("год", "year"), ("лет", "year"), ("век", "century"),
    ("квартал", "quarter"), ("полугод", "half"), ("выходн", "weekend"),
)  # fmt: skip
_REL_PREFIX = (
    ("позапрошл", -2), ("прошл", -1), ("минувш", -1), ("предыдущ", -1), ("следующ", 1),
    ("будущ", 1), ("наступающ", 1), ("ближайш", 1), ("текущ", 0), ("нынешн", 0), ("эт", 0),
)  # fmt: skip


def month(word: str) -> int | None:
    w = word.lower()
    if w.startswith("мар"):
        return 3
    return _MONTH_PREFIX.get(w[:2] if w.startswith("ма") else w[:3])


def weekday(word: str) -> int | None:
    return _WEEKDAY_PREFIX.get(word.lower()[:3])


def day_part(word: str) -> str | None:
    w = word.lower().replace("ё", "е")
    return _PARTS.get(w[:2]) or _PARTS.get(w[:3])


def number(text: str) -> float | None:
    """A count as written ("25", "двадцати пяти", "полтора"); None when vague."""
    t = text.lower().replace(",", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) if "." in t else int(t)
    if t in _VAGUE:
        return None
    return sum(_NUMBER_WORDS.get(part, 0) for part in t.split()) or None


def unit(word: str) -> str | None:
    w = word.lower()
    return next((name for prefix, name in _UNIT_PREFIX if w.startswith(prefix)), None)


def rel(word: str) -> int | None:
    w = word.lower()
    return next((off for prefix, off in _REL_PREFIX if w.startswith(prefix)), None)


# --- tense cues ------------------------------------------------------------------------

# Russian past verbs end in -л/-ла/-ло/-ли (+ -сь/-ся). Nouns ending so are the exceptions,
# checked behind the -л once it is found (cheap): long stems inside compounds too
# ("водоканал"), short ones as whole words ("дела", "роли").
_L_NOUNS_LONG = (
    "канал", "сигнал", "материал", "капитал", "финал", "генерал", "журнал", "персонал",
    "потенциал", "арсенал", "скандал", "терминал", "сериал", "минерал", "адмирал", "идеал",
    "ритуал", "интервал", "квартал", "карнавал", "портал", "футбол", "протокол", "символ",
    "престол", "отдел", "раздел", "предел", "модел", "недел", "метал",
)  # fmt: skip
_L_NOUNS_SHORT = ("зал", "стол", "пол", "гол", "посол", "тыл", "стул", "аул", "караул", "дел",
                  "цел", "рол", "вол", "бол", "сол")  # fmt: skip
_NOT_L_NOUN = "".join(f"(?<!{n})" for n in _L_NOUNS_LONG) + "".join(
    rf"(?<!\b{n})" for n in _L_NOUNS_SHORT
)
_PAST_RE = re.compile(
    rf"\b[а-яё]{{2,}}(?:ал|ял|ел|ил|ул|ыл|ол|ёл|шел|шёл){_NOT_L_NOUN}(?:а|о|и)?(?:сь|ся)?\b"
    r"|\b(?:вчера|накануне|назад|прошл\w*|минувш\w*|ранее)\b",
    re.IGNORECASE,
)
# A prefixed verb in -ит/-ёт/-ут... is mostly a perfective future in news ("ограничит",
# "введёт", "сократят"); -ает/-яет/-ует are present imperfectives, and the nouns listed
# ("совет", "отчёт", "самолёт") the usual look-alikes, checked behind the ending.
_VERB_PREFIXES = ("вы", "за", "на", "по", "под", "пере", "при", "про", "раз", "рас", "с", "со",
                  "у", "воз", "вз", "из", "ис", "до", "от", "о", "об")  # fmt: skip
_T_NOUNS = ("совет", "ответ", "запрет", "привет", "рассвет", "портрет", "секрет", "стоит",
            "состоит", "отч[её]т", "расч[её]т", "уч[её]т", "зач[её]т", "подсч[её]т",
            "пересч[её]т", "самол[её]т", "вертол[её]т", "пол[её]т", "приют")  # fmt: skip
_NOT_T_NOUN = "".join(rf"(?<!\b{n})" for n in _T_NOUNS)
_FUTURE_RE = re.compile(
    r"\b(?:будет|будут|буду|будем|состоится|состоятся|пройд[её]т|пройдут|начн[её]тся|"
    r"планиру\w+|намерен\w*|собира\w+ся|ожида\w+ся|предстоит|должн\w*|завтра|следующ\w*|"
    r"ближайш\w*|наступающ\w*|предполагается|запланирован\w*|"
    # perfective verbs: their present form is a future ("начнутся", "рассмотрит")
    r"начнутся|продлится|продлятся|откро(?:ет|ют)(?:ся)?|закро(?:ет|ют)(?:ся)?|заверш(?:ит|ат)(?:ся)?|"
    r"вступ(?:ит|ят)|рассмотр(?:ит|ят)|провед(?:ет|ёт|ут)|стан(?:ет|ут)|появ(?:ится|ятся)|"
    r"прим(?:ет|ут)|посет(?:ит|ят)|встрет(?:ится|ятся)|выступ(?:ит|ят)|приед(?:ет|ут)|"
    r"отправ(?:ится|ятся)|возобнов(?:ится|ятся)|объяв(?:ит|ят)|подпиш(?:ет|ут))\b"
    rf"|\b{trie(_VERB_PREFIXES)}[а-яё]{{2,}}(?:ит|ят|(?<![аяу])(?<!ит)ет|ёт|ут|(?<![аяу])ют)"
    rf"{_NOT_T_NOUN}(?:ся)?\b",
    re.IGNORECASE,
)
_PRESENT_RE = re.compile(r"\b(?:сейчас|является|являются|остается|остаётся)\b", re.IGNORECASE)
CUES = TenseCues(
    future=_FUTURE_RE,
    past=_PAST_RE,
    present=_PRESENT_RE,
    # "с понедельника" is "since" or "from ... on": the verb decides, not the preposition
    lead=re.compile(r"\b(до|к|ко|не позднее)\s+$", re.IGNORECASE),
    plain_past=_PAST_RE,  # a Russian past form is always plainly past ("восстановили к 8:00")
    sentence_end=re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]*[A-ZА-ЯЁ0-9])|\n\s*\n|\n(?=\s)"),
    past_leads=frozenset(),
)


WORDS = Words(
    month=month,
    weekday=weekday,
    day_part=day_part,
    number=number,
    unit=unit,
    rel=rel,
    cues=CUES,
    pos={
        "начале": "START",
        "начала": "START",
        "конце": "END",
        "конца": "END",
        "концу": "END",
        "середине": "MID",
        "середины": "MID",
        "первой половине": "START",
        "второй половине": "END",
    },
    day_refs={"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2},
    dur_mods={
        "более": "MORE_THAN",
        "больше": "MORE_THAN",
        "свыше": "MORE_THAN",
        "менее": "LESS_THAN",
        "меньше": "LESS_THAN",
        "почти": "LESS_THAN",
        "около": "APPROX",
        "примерно": "APPROX",
        "не менее": "EQUAL_OR_MORE",
        "не более": "EQUAL_OR_LESS",
    },
    set_words={
        "ежедневно": "P1D",
        "еженедельно": "P1W",
        "ежемесячно": "P1M",
        "ежегодно": "P1Y",
        "ежечасно": "PT1H",
        "ежеквартально": "P3M",
        "ежесуточно": "P1D",
    },
    refs={
        "сейчас": "PRESENT_REF",
        "в настоящее время": "PRESENT_REF",
        "в данный момент": "PRESENT_REF",
        "ныне": "PRESENT_REF",
        "недавно": "PAST_REF",
        "в последнее время": "PAST_REF",
        "в прошлом": "PAST_REF",
        "в будущем": "FUTURE_REF",
        "в ближайшее время": "FUTURE_REF",
        "в скором времени": "FUTURE_REF",
        "вскоре": "FUTURE_REF",
    },
    anaphors={
        "накануне": ("day", -1),
        "на следующий день": ("day", 1),
        "днем ранее": ("day", -1),
        "днём ранее": ("day", -1),
        "в тот же день": ("day", 0),
        "в тот день": ("day", 0),
        "на следующей неделе после этого": ("week", 1),
        "в том же году": ("year", 0),
        "годом ранее": ("year", -1),
        "годом позже": ("year", 1),
        "на следующий год": ("year", 1),
    },
    seasons={
        "летом": "summer",
        "зимой": "winter",
        "весной": "spring",
        "осенью": "fall",
        "лета": "summer",
        "зимы": "winter",
        "весны": "spring",
        "осени": "fall",
    },
    ordinals={
        "первом": 1,
        "первый": 1,
        "первого": 1,
        "втором": 2,
        "второй": 2,
        "второго": 2,
        "третьем": 3,
        "третий": 3,
        "третьего": 3,
        "четвертом": 4,
        "четвёртом": 4,
        "четвертый": 4,
        "четвёртый": 4,
        "четвертого": 4,
        "четвёртого": 4,
        "i": 1,
        "ii": 2,
        "iii": 3,
        "iv": 4,
    },
    directions={"назад": -1, "тому назад": -1, "через": 1},
    noon={"полдень": "noon", "полночь": "midnight"},
)
