"""Anchoring relative expressions: tense cues, calendar arithmetic, value -> calendar span."""

from __future__ import annotations

import datetime as dt

import pytest

from storywire.tasks.enrich.timex.resolve import (
    add_months,
    month_year,
    quarter_year,
    sentence_starts,
    shift,
    tense_near,
    value_range,
    weekday_date,
)

D = dt.date
MONDAY = D(2020, 10, 26)
MON, FRI = 1, 5  # ISO weekday numbers, as the lexicon writes them


def _tense(text: str, expression: str) -> str | None:
    start = text.index(expression)
    return tense_near(text, sentence_starts(text), start, start + len(expression))


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        # the nearest cue wins: reported speech mixes tenses
        ("Officials said talks will resume Monday.", "Monday", "FUTURE"),
        ("The board met on Monday.", "Monday", "PAST"),
        ("Wednesday's ruling angered them.", "Wednesday", "PAST"),
        ("The plant has been idle since March.", "March", "PAST"),
        ("Reports are due by Friday.", "Friday", "FUTURE"),
        ("He had filed reports by Wednesday.", "Wednesday", "PAST"),
        ("Monday is a holiday.", "Monday", None),
        # only the expression's own sentence counts
        ("The board met. It will vote on Monday.", "Monday", "FUTURE"),
        ("The board will meet. It voted on Monday.", "Monday", "PAST"),
    ],
)
def test_tense_near_reads_the_closest_cue(text: str, expression: str, expected: str | None) -> None:
    assert _tense(text, expression) == expected


def test_sentence_starts() -> None:
    assert sentence_starts("He left. She stayed.\n\nThen rain.") == [0, 9, 22]


def test_weekday_date_follows_tense_and_offset() -> None:
    assert weekday_date(MONDAY, FRI, "PAST") == D(2020, 10, 23)
    assert weekday_date(MONDAY, FRI, None) == D(2020, 10, 23)  # news mostly looks back
    assert weekday_date(MONDAY, FRI, "FUTURE") == D(2020, 10, 30)
    # the publication day itself counts, unless "last"/"next" asks for another week
    assert weekday_date(MONDAY, MON, None) == MONDAY
    assert weekday_date(MONDAY, MON, "FUTURE") == MONDAY
    assert weekday_date(MONDAY, MON, None, offset=-1) == D(2020, 10, 19)
    assert weekday_date(MONDAY, MON, None, offset=1) == D(2020, 11, 2)


def test_month_year_picks_the_closest_year_the_tense_allows() -> None:
    february = D(2021, 2, 10)
    assert month_year(february, 12, None, "PAST") == 2020
    assert month_year(february, 11, None, "PAST") == 2020
    assert month_year(february, 11, None, "FUTURE") == 2021
    assert month_year(D(2020, 11, 5), 2, None, "FUTURE") == 2021
    assert month_year(MONDAY, 12, 3, "FUTURE") == 2020


def test_quarter_year_of_a_quarter_not_yet_begun() -> None:
    january = D(2021, 1, 20)
    assert quarter_year(january, 4, None) == 2020  # a January report on last year's results
    assert quarter_year(january, 4, "FUTURE") == 2021
    assert quarter_year(MONDAY, 3, None) == 2020


def test_add_months_clamps_the_day() -> None:
    assert add_months(D(2020, 3, 31), -1) == D(2020, 2, 29)
    assert add_months(D(2020, 12, 15), 1) == D(2021, 1, 15)
    assert add_months(D(2020, 1, 31), 13) == D(2021, 2, 28)


@pytest.mark.parametrize(
    ("unit", "n", "expected"),
    [
        ("D", -10, "2020-10-16"),
        ("W", -2, "2020-W42"),
        ("M", -2, "2020-08"),
        ("Q", -4, "2019-Q4"),
        ("Y", 1, "2021"),
        ("DE", -1, "201"),
        ("CE", -1, "19"),
        ("WE", 1, "2020-W45-WE"),
    ],
)
def test_shift_writes_the_unit_granularity(unit: str, n: int, expected: str) -> None:
    assert shift(MONDAY, unit, n) == expected


def test_shift_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        shift(MONDAY, "X", 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-26TMO", (D(2020, 10, 26), D(2020, 10, 26))),
        ("2020-10", (D(2020, 10, 1), D(2020, 10, 31))),
        ("2020-W43", (D(2020, 10, 19), D(2020, 10, 25))),
        ("2020-W43-WE", (D(2020, 10, 24), D(2020, 10, 25))),
        ("2020-Q3", (D(2020, 7, 1), D(2020, 9, 30))),
        ("2019-H1", (D(2019, 1, 1), D(2019, 6, 30))),
        ("2015-SU", (D(2015, 6, 1), D(2015, 8, 31))),
        ("2020-WI", (D(2020, 12, 1), D(2021, 2, 28))),  # meteorological winter
        ("FY2019", (D(2019, 1, 1), D(2019, 12, 31))),
        ("1998/2001", (D(1998, 1, 1), D(2001, 12, 31))),
        ("199", (D(1990, 1, 1), D(1999, 12, 31))),
        ("19", (D(1900, 1, 1), D(1999, 12, 31))),
        # not a calendar span: no range, and an impossible date is not an error
        ("PAST_REF", (None, None)),
        ("XXXX-10-26", (None, None)),
        ("2020-02-30", (None, None)),
    ],
)
def test_value_range(value: str, expected: tuple[dt.date | None, dt.date | None]) -> None:
    assert value_range(value) == expected
