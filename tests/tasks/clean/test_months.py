"""Russian and French month and weekday names (``tasks.clean.months``)."""

from __future__ import annotations

import re

import pytest
from dateparser.languages.loader import default_loader

from storywire.tasks.clean.months import (
    date_is_valid,
    month_alternation,
    month_of,
    weekday_alternation,
    weekday_of,
)

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_every_cldr_month_form_reads_as_cldr_reads_it(language: str) -> None:
    info = default_loader.get_locale(language).info
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for form in info[key]:
            assert month_of(form, language) == number, form


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_every_written_out_cldr_weekday_reads_as_cldr_reads_it(language: str) -> None:
    info = default_loader.get_locale(language).info
    for number, key in enumerate(_WEEKDAY_KEYS):
        for form in info[key]:
            if len(form) > 3:  # abbreviations ("ср", "mar") are left out on purpose
                assert weekday_of(form, language) == number, form


@pytest.mark.parametrize(
    ("word", "language", "month"),
    [
        ("марта", "ru", 3), ("март", "ru", 3), ("мар", "ru", 3), ("мар.", "ru", 3),
        ("марте", "ru", 3), ("мартом", "ru", 3), ("МАРТА", "ru", 3), ("мая", "ru", 5),
        ("мае", "ru", 5), ("январе", "ru", 1), ("февраль", "ru", 2), ("ноя", "ru", 11),
        ("сен", "ru", 9), ("сентябрём", "ru", 9), ("сентябрем", "ru", 9),
        ("декабря", "ru", 12), ("mars", "fr", 3), ("févr.", "fr", 2), ("fevrier", "fr", 2),
        ("août", "fr", 8), ("aout", "fr", 8), ("décembre", "fr", 12), ("decembre", "fr", 12),
        ("janv", "fr", 1), ("sept.", "fr", 9), ("Juillet", "fr", 7),
    ],
)  # fmt: skip
def test_month_forms(word: str, language: str, month: int) -> None:
    assert month_of(word, language) == month


@pytest.mark.parametrize(
    ("word", "language"),
    [("mar", "fr"), ("марс", "ru"), ("mars", "ru"), ("марта", "fr"), ("may", "ru"),
     ("мая", "en"), ("Москва", "ru"), ("", "ru")],
)
def test_words_of_another_language_are_no_months(word: str, language: str) -> None:
    assert month_of(word, language) is None


def test_weekday_forms_in_their_cases() -> None:
    assert weekday_of("вторник", "ru") == 1
    assert weekday_of("среду", "ru") == 2
    assert weekday_of("пятницы", "ru") == 4
    assert weekday_of("воскресенье", "ru") == 6
    assert weekday_of("mardi", "fr") == 1
    assert weekday_of("Dimanche", "fr") == 6
    assert weekday_of("mar", "fr") is None


def test_alternation_tries_long_forms_first() -> None:
    pattern = re.compile(rf"\d+ ({month_alternation('ru')})", re.IGNORECASE)
    m = pattern.match("12 марта")
    assert m is not None and m.group(1) == "марта"
    assert re.fullmatch(weekday_alternation("fr"), "vendredi")


def test_date_is_valid_allows_feb_29_without_a_year() -> None:
    assert date_is_valid(None, 2, 29)
    assert not date_is_valid(2025, 2, 29)
    assert not date_is_valid(None, 2, 30)
