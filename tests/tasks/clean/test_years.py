"""Year inference for month/day datelines (``tasks.clean.years``)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES

from storywire.tasks.clean.pubdate import resolve_published_date
from storywire.tasks.clean.wire import parse_wire_text
from storywire.tasks.clean.years import infer_year
from storywire.tasks.records import Dateline

WIRE = FIXTURES / "wire"
FETCHED_2026 = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


def _story(name: str) -> tuple[Dateline | None, str]:
    parsed = parse_wire_text((WIRE / name).read_text(encoding="utf-8"))
    return parsed.dateline, "\n\n".join(parsed.body_paragraphs)


# --------------------------------------------------------------------------- infer_year


def test_seed_shaped_tass_story_infers_2020() -> None:
    """October 26 + "on Monday"/"Monday morning" + past years up to April 2016 -> 2020."""
    dateline, body = _story("tass_seed_style.txt")
    assert dateline is not None and (dateline.month, dateline.day) == (10, 26)
    resolved = resolve_published_date(dateline, body, fetched_at=FETCHED_2026)
    assert resolved.date == dt.date(2020, 10, 26)
    assert resolved.source == "inferred"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("xinhua.txt", dt.date(2023, 11, 2)),  # "on Thursday", "since 2018", "by the end of 2025"
        ("interfax.txt", dt.date(2024, 2, 5)),  # only "on Monday": most recent fitting year
    ],
)
def test_fixture_years(fixture: str, expected: dt.date) -> None:
    dateline, body = _story(fixture)
    resolved = resolve_published_date(dateline, body, fetched_at=FETCHED_2026)
    assert resolved.date == expected
    assert resolved.source == "inferred"


@pytest.mark.parametrize(
    ("month", "day", "body", "latest", "year", "warning"),
    [
        # Past mention is a lower bound; the weekday picks the first fitting year after it.
        (3, 14, "The minister said on Tuesday that the plant, built in 2019, would reopen.",
         dt.date(2026, 11, 1), 2023, None),
        # A future-tense year is not a lower bound ("will ... in 2030").
        (3, 14, "The plant, built in 2019, will be expanded in 2030, the minister said on Tuesday.",
         dt.date(2026, 11, 1), 2023, None),
        # "since 2021" counts as past; no weekday -> earliest year after it, flagged.
        (6, 1, "Prices have doubled since 2021, traders said.", dt.date(2026, 11, 1), 2021,
         "year_lower_bound_only"),
        # "mid-2019" is a dated past event: earliest Tuesday-fitting year after it.
        (3, 14, "Output has fallen since it peaked in mid-2019, the ministry said on Tuesday.",
         dt.date(2026, 11, 1), 2023, None),
        # A past month later in the year than the dateline pushes the year forward.
        (3, 10, "The company was founded in November 2018, its founder recalled.",
         dt.date(2026, 11, 1), 2019, "year_lower_bound_only"),
        # Only a weekday: the most recent year where the date is that weekday.
        (10, 26, "Officials said on Monday the road would reopen.", dt.date(2026, 11, 1), 2026,
         "year_from_weekday_only"),
        # "Yesterday" reading: Sunday mentioned, date is the next day; still most recent fit.
        (2, 5, "Voters went to the polls on Sunday and results came out on Monday.",
         dt.date(2025, 12, 31), 2024, "year_from_weekday_only"),
        # Nothing in the text constrains the year.
        (7, 4, "Crowds gathered to watch the fireworks.", dt.date(2026, 11, 1), None,
         "year_unconstrained"),
        # Good Friday and plural weekdays are not story-date weekdays.
        (7, 4, "Markets close on Good Friday and open on Mondays.", dt.date(2026, 11, 1), None,
         "year_unconstrained"),
        # Years as quantities are not year mentions.
        (7, 4, "Police deployed 2000 officers and 1999 volunteers.", dt.date(2026, 11, 1), None,
         "year_unconstrained"),
        # A past year later than the latest possible date cannot hold.
        (1, 5, "The bridge was opened in 2027.", dt.date(2026, 11, 1), None,
         "year_constraints_conflict"),
    ],
)
def test_infer_year(month: int, day: int, body: str, latest: dt.date, year: int | None,
                    warning: str | None) -> None:
    got, warnings = infer_year(month, day, body, latest=latest)
    assert got == year
    if warning:
        assert warning in warnings


def test_infer_year_dateline_weekday_is_hard_constraint() -> None:
    # "KYIV, Oct. 26, Monday" style: only years where October 26 is a Monday qualify.
    year, _ = infer_year(10, 26, "Fighting has gone on since 2014, officials said Sunday.",
                         latest=dt.date(2026, 11, 1), weekday=0)
    assert year == 2015
    assert dt.date(year, 10, 26).weekday() == 0


def test_bare_historical_year_is_a_bound_but_not_an_anchor() -> None:
    # "in 1947" only says the story is later; with a weekday clue the most recent fitting
    # year wins, not the first Friday after 1947.
    year, warnings = infer_year(2, 27, "The rifle, designed in 1947, went on show on Friday.",
                                latest=dt.date(1998, 3, 30))
    assert year == 1998
    assert "year_from_weekday_only" in warnings


def test_infer_year_feb_29_only_in_leap_years() -> None:
    year, _ = infer_year(2, 29, "The vote took place on Thursday, after talks began in 2017.",
                         latest=dt.date(2026, 11, 1))
    assert year == 2024  # Feb 29, 2024 was a Thursday


def test_infer_year_respects_latest_date() -> None:
    # Oct 26, 2026 is a Monday, but the story was fetched before that date.
    year, _ = infer_year(10, 26, "Officials said on Monday that talks had failed in 2016.",
                         latest=dt.date(2026, 3, 1))
    assert year == 2020


def test_infer_year_rejects_impossible_dates() -> None:
    with pytest.raises(ValueError, match="impossible date"):
        infer_year(2, 30, "text", latest=dt.date(2026, 1, 1))
