"""Russian and French month and weekday names, every form wire copy writes them in.

Datelines (``МОСКВА, 12 марта. /ТАСС/.``, ``МОСКВА, 12 мар — РИА Новости.``, ``PARIS,
1er mai 2025 (AFP) -``) and the year inference of a yearless dateline (``в марте 2013
года``, ``en avril 2016``, ``во вторник``, ``mardi``) read these tables.

They are Python tables rather than dateparser's CLDR data (``tasks.clean.datewords``
reads that for date lines): CLDR lists the nominative, the genitive and one abbreviation,
but a dateline and the sentence around a year also write the prepositional, dative and
instrumental cases (``в марте``, ``к марту``, ``мартом``), RIA Novosti's three-letter
abbreviations (``ноя``, ``сен``), and French without its accents (``fevrier``, ``aout``,
``decembre``, as ASCII wire copy does); and a per-language table keeps French ``mar``
(``mardi``) apart from Russian ``мар`` (``март``). ``tests/tasks/clean/test_months.py``
checks that every CLDR form of both languages is read here as CLDR reads it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

__all__ = [
    "FR_MONTHS",
    "FR_WEEKDAYS",
    "RU_MONTHS",
    "RU_WEEKDAYS",
    "date_is_valid",
    "month_alternation",
    "month_of",
    "weekday_alternation",
    "weekday_of",
]

# Russian case endings added to a month's stem (nominative, genitive, dative, instrumental,
# prepositional). Soft stems ("январ-") take -ь/-я/-ю/-ём/-е; hard ones ("март") -/а/у/ом/е.
_SOFT = ("ь", "я", "ю", "ём", "ем", "е")
_HARD = ("", "а", "у", "ом", "е")
_RU_STEMS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("январ", _SOFT, ("янв",)),
    ("феврал", _SOFT, ("фев", "февр")),
    ("март", _HARD, ("мар",)),
    ("апрел", _SOFT, ("апр",)),
    ("ма", ("й", "я", "ю", "ем", "е"), ()),
    ("июн", _SOFT, ("июн",)),
    ("июл", _SOFT, ("июл",)),
    ("август", _HARD, ("авг",)),
    ("сентябр", _SOFT, ("сен", "сент")),
    ("октябр", _SOFT, ("окт",)),
    ("ноябр", _SOFT, ("ноя", "нояб")),
    ("декабр", _SOFT, ("дек",)),
)
RU_MONTHS: dict[str, int] = {
    form: number
    for number, (stem, endings, short) in enumerate(_RU_STEMS, start=1)
    for form in (*(stem + e for e in endings), *short)
}

# French: full names with and without accents, and the abbreviations of the press
# ("févr.", "janv.", "sept."); "mars", "mai", "juin", "août" are not abbreviated.
_FR_NAMES: tuple[tuple[str, ...], ...] = (
    ("janvier", "janv", "jan"),
    ("février", "fevrier", "févr", "fevr", "fév", "fev"),
    ("mars",),
    ("avril", "avr"),
    ("mai",),
    ("juin", "jun"),
    ("juillet", "juil", "jul"),
    ("août", "aout", "aoû"),
    ("septembre", "sept", "sep"),
    ("octobre", "oct"),
    ("novembre", "nov"),
    ("décembre", "decembre", "déc", "dec"),
)
FR_MONTHS: dict[str, int] = {
    form: number for number, forms in enumerate(_FR_NAMES, start=1) for form in forms
}

# Weekdays, 0 = Monday, written out: their abbreviations ("ср", "mar", "ven") are words too
# often to date anything. Russian in the cases a date takes ("в понедельник", "во вторник",
# "в среду", "до пятницы", "в воскресенье", "со среды").
_RU_WEEKDAY_FORMS: tuple[tuple[str, ...], ...] = (
    ("понедельник", "понедельника", "понедельнику", "понедельником", "понедельнике"),
    ("вторник", "вторника", "вторнику", "вторником", "вторнике"),
    ("среда", "среду", "среды", "среде", "средой"),
    ("четверг", "четверга", "четвергу", "четвергом", "четверге"),
    ("пятница", "пятницу", "пятницы", "пятнице", "пятницей"),
    ("суббота", "субботу", "субботы", "субботе", "субботой"),
    ("воскресенье", "воскресенья", "воскресенью", "воскресеньем", "воскресение"),
)
RU_WEEKDAYS: dict[str, int] = {
    form: number for number, forms in enumerate(_RU_WEEKDAY_FORMS) for form in forms
}
FR_WEEKDAYS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    )
}

_TABLES = {"ru": RU_MONTHS, "fr": FR_MONTHS}
_WEEKDAY_TABLES = {"ru": RU_WEEKDAYS, "fr": FR_WEEKDAYS}


def _fold(word: str) -> str:
    # "ё" is often written "е" ("четвергом" either way), a trailing dot marks an abbreviation.
    return word.casefold().rstrip(".").replace("ё", "е")


@lru_cache(maxsize=4)
def _folded(language: str, weekdays: bool = False) -> dict[str, int]:
    table = (_WEEKDAY_TABLES if weekdays else _TABLES)[language]
    return {_fold(form): number for form, number in table.items()}


def month_of(word: str, language: str) -> int | None:
    """The month ``word`` names in ``language`` ("ru" or "fr"): ``марте`` -> 3, ``févr.``
    -> 2; None for any other word or language."""
    if language not in _TABLES:
        return None
    return _folded(language).get(_fold(word))


def weekday_of(word: str, language: str) -> int | None:
    """The weekday (0 = Monday) ``word`` names in ``language``: ``среду`` -> 2."""
    if language not in _WEEKDAY_TABLES:
        return None
    return _folded(language, True).get(_fold(word))


@lru_cache(maxsize=4)
def month_alternation(language: str) -> str:
    """A regex alternation of ``language``'s month forms, longest first (so "марта" is
    tried before "мар"), "ё" and "е" alike; matched case-insensitively by the caller."""
    forms = sorted(_TABLES[language], key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f).replace("ё", "[ёе]") for f in forms) + ")"


@lru_cache(maxsize=4)
def weekday_alternation(language: str) -> str:
    """A regex alternation of ``language``'s weekday forms, longest first."""
    forms = sorted(_WEEKDAY_TABLES[language], key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")"


def date_is_valid(year: int | None, month: int, day: int) -> bool:
    """A real month/day (and year when given); without a year, February 29 is possible."""
    try:
        dt.date(year if year is not None else 2000, month, day)
    except ValueError:
        return False
    return True
