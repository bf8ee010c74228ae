"""The TIMEX3 word lists and the number parsers the rules normalize with."""

from __future__ import annotations

import calendar
import re

import pytest

from storywire.tasks.enrich.timex.lexicon import (
    MONTH_RE,
    MONTHS,
    WEEKDAYS,
    spelled_year,
    word_number,
)


def test_every_month_name_and_abbreviation_maps_to_its_number() -> None:
    for number in range(1, 13):
        assert MONTHS[calendar.month_name[number].lower()] == number
        assert MONTHS[calendar.month_abbr[number].lower()] == number
    assert MONTHS["sept"] == 9
    assert set(MONTHS.values()) == set(range(1, 13))


def test_weekdays_use_iso_numbers() -> None:
    # resolve.weekday_date compares these with date.isoweekday()
    assert {calendar.day_name[i].lower(): i + 1 for i in range(7)} == WEEKDAYS


def test_month_pattern_matches_every_full_name_and_dotted_abbreviation() -> None:
    full_names = {calendar.month_name[number].lower() for number in range(1, 13)}
    for name in MONTHS:
        form = name.title() if name in full_names else name.title() + "."
        assert re.fullmatch(MONTH_RE, form), form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty-four", 24),
        ("2 1/2", 2.5),
        ("one and a half", 1.5),
        ("a hundred", 100),
        ("three thousand and five", 3005),
        ("a couple of", 2),
        ("a few", None),  # vague: a TIMEX3 "X" quantity
        ("several", None),
        ("banana", None),
    ],
)
def test_word_number(text: str, expected: float | None) -> None:
    assert word_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nineteen ninety-four", 1994),
        ("Nineteen Hundred", 1900),
        ("two thousand", 2000),
        ("two thousand and five", 2005),
        ("eighteen", None),
    ],
)
def test_spelled_year(text: str, expected: int | None) -> None:
    assert spelled_year(text) == expected
