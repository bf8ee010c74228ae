"""TIMEX3 extraction and normalization, end to end, on stories written for these tests."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import pytest

from storywire.tasks.enrich.timex import (
    context,
    dates,
    durations,
    extract_timexes,
    periods,
    relative,
    resolve,
    sets,
    times,
)

D = dt.date
MONDAY = D(2020, 10, 26)  # publication date of the story below (a Monday)

STORY = """Austria will tighten border checks, chancellor says

VIENNA, October 26. /APA/. Austria's chancellor said on Monday that the government will tighten checks on the southern border on Thursday.

On the evening of October 25, the interior and foreign ministers approved a joint control plan, which was set to enter into force on Monday morning. Smuggling along the route first surged on September 27, with police reporting dozens of arrests. Similar waves were recorded in the summer of 2015, in March 2016 and this past August.

The checks, first introduced in January 1995 after the country joined the bloc, were suspended in 1998-2001, and the two governments have cooperated on the issue since 2004.
"""

STORY_EXPECTED = [
    ("October 26", "DATE", "2020-10-26", D(2020, 10, 26), D(2020, 10, 26)),
    ("Monday", "DATE", "2020-10-26", D(2020, 10, 26), D(2020, 10, 26)),
    ("Thursday", "DATE", "2020-10-29", D(2020, 10, 29), D(2020, 10, 29)),
    ("the evening of October 25", "TIME", "2020-10-25TEV", D(2020, 10, 25), D(2020, 10, 25)),
    ("Monday morning", "TIME", "2020-10-26TMO", D(2020, 10, 26), D(2020, 10, 26)),
    ("September 27", "DATE", "2020-09-27", D(2020, 9, 27), D(2020, 9, 27)),
    ("the summer of 2015", "DATE", "2015-SU", D(2015, 6, 1), D(2015, 8, 31)),
    ("March 2016", "DATE", "2016-03", D(2016, 3, 1), D(2016, 3, 31)),
    ("this past August", "DATE", "2020-08", D(2020, 8, 1), D(2020, 8, 31)),
    ("January 1995", "DATE", "1995-01", D(1995, 1, 1), D(1995, 1, 31)),
    ("1998-2001", "DATE", "1998/2001", D(1998, 1, 1), D(2001, 12, 31)),
    ("2004", "DATE", "2004", D(2004, 1, 1), D(2004, 12, 31)),
]


def _found(text: str, dct: dt.date | None) -> dict[str, tuple[str, str]]:
    return {m.text: (m.type, m.value) for m in extract_timexes(text, dct)}


def test_story_values_and_ranges() -> None:
    mentions = extract_timexes(STORY, MONDAY)
    got = [(m.text, m.type, m.value, m.range_start, m.range_end) for m in mentions]
    assert got == STORY_EXPECTED
    for m in mentions:
        assert STORY[m.start : m.end] == m.text
        assert m.field == "body"


def test_story_without_publication_date_invents_no_year() -> None:
    got = {m.text: m.value for m in extract_timexes(STORY, None)}
    assert got["October 26"] == "XXXX-10-26"
    assert got["Monday"] == "XXXX-WXX-1"
    assert got["Monday morning"] == "XXXX-WXX-1TMO"
    assert got["the evening of October 25"] == "XXXX-10-25TEV"
    assert got["this past August"] == "XXXX-08"
    # absolute expressions do not need the publication date
    assert got["the summer of 2015"] == "2015-SU"
    assert got["1998-2001"] == "1998/2001"
    unresolved = [m for m in extract_timexes(STORY, None) if m.value.startswith("XXXX")]
    assert unresolved and all(m.range_start is None for m in unresolved)


@pytest.mark.parametrize(
    ("text", "dct", "expected_text", "expected_type", "expected_value"),
    [
        # weekdays: tense decides the direction
        ("The board will meet on Monday to vote.", D(2020, 10, 28), "Monday", "DATE", "2020-11-02"),
        ("The board met on Monday to vote.", D(2020, 10, 28), "Monday", "DATE", "2020-10-26"),
        ("Police said Friday that two men were held.", MONDAY, "Friday", "DATE", "2020-10-23"),
        ("The ferry sank last Friday off the coast.", MONDAY, "last Friday", "DATE", "2020-10-23"),
        (
            "Wednesday's ruling angered the plaintiffs.",
            D(2020, 10, 30),
            "Wednesday",
            "DATE",
            "2020-10-28",
        ),
        # month and day without a year: nearest sensible year for the tense
        ("The vote will be held on December 3.", MONDAY, "December 3", "DATE", "2020-12-03"),
        ("The vote was held in December.", D(2021, 2, 10), "December", "DATE", "2020-12"),
        ("The deal is due to close by February.", D(2020, 11, 5), "February", "DATE", "2021-02"),
        ("The plant has been idle since March.", D(2020, 10, 5), "March", "DATE", "2020-03"),
        # explicit and relative calendar units
        ("Output fell in February 1988.", MONDAY, "February 1988", "DATE", "1988-02"),
        ("Profits rose last year.", MONDAY, "last year", "DATE", "2019"),
        ("Sales fell this month.", MONDAY, "this month", "DATE", "2020-10"),
        ("Prices will rise next year.", MONDAY, "next year", "DATE", "2021"),
        ("The talks stalled last week.", MONDAY, "last week", "DATE", "2020-W43"),
        ("The mill closed two weeks ago.", MONDAY, "two weeks ago", "DATE", "2020-W42"),
        ("The mayor resigned 10 days ago.", MONDAY, "10 days ago", "DATE", "2020-10-16"),
        ("The bridge opened a decade ago.", MONDAY, "a decade ago", "DATE", "201"),
        # clock units against a publication date: no calendar day is certain
        ("The blast was heard 13 hours ago.", MONDAY, "13 hours ago", "DATE", "PAST_REF"),
        ("Polls close two hours from now.", MONDAY, "two hours from now", "DATE", "FUTURE_REF"),
        ("Updated 30 minutes ago.", MONDAY, "30 minutes ago", "DATE", "PRESENT_REF"),
        ("Posted 45 seconds ago.", MONDAY, "45 seconds ago", "DATE", "PRESENT_REF"),
        ("Output doubled earlier this year.", MONDAY, "earlier this year", "DATE", "2020"),
        ("He arrived yesterday.", MONDAY, "yesterday", "DATE", "2020-10-25"),
        ("The ruling is expected tomorrow.", MONDAY, "tomorrow", "DATE", "2020-10-27"),
        ("He will speak tonight.", MONDAY, "tonight", "TIME", "2020-10-26TNI"),
        ("Markets fell this morning.", MONDAY, "this morning", "TIME", "2020-10-26TMO"),
        ("The strike began last night.", MONDAY, "last night", "TIME", "2020-10-25TNI"),
        ("Crowds gathered Saturday night.", MONDAY, "Saturday night", "TIME", "2020-10-24TNI"),
        (
            "The polls closed at 10 p.m. Sunday.",
            MONDAY,
            "10 p.m. Sunday",
            "TIME",
            "2020-10-25T22:00",
        ),
        ("Turnout peaked in the summer of 2014.", MONDAY, "the summer of 2014", "DATE", "2014-SU"),
        ("Trade slumped last winter.", D(2021, 3, 15), "last winter", "DATE", "2020-WI"),
        ("Exports boomed in the 1990s.", MONDAY, "the 1990s", "DATE", "199"),
        ("Prices doubled in the late 1970s.", MONDAY, "the late 1970s", "DATE", "197"),
        ("Art of the 20th century fills the hall.", MONDAY, "the 20th century", "DATE", "19"),
        (
            "Net income fell in the third quarter of 1999.",
            MONDAY,
            "the third quarter of 1999",
            "DATE",
            "1999-Q3",
        ),
        ("Net income fell in the third quarter.", MONDAY, "the third quarter", "DATE", "2020-Q3"),
        (
            "Net income fell in the fourth quarter.",
            D(2021, 1, 20),
            "the fourth quarter",
            "DATE",
            "2020-Q4",
        ),
        ("The third-quarter loss widened.", MONDAY, "third-quarter", "DATE", "2020-Q3"),
        ("Revenue rose in fiscal 2019.", MONDAY, "fiscal 2019", "DATE", "2019"),
        (
            "Growth slowed in the first half of 2019.",
            MONDAY,
            "the first half of 2019",
            "DATE",
            "2019-H1",
        ),
        ("The deal should close by year-end.", MONDAY, "year-end", "DATE", "2020"),
        ("The war lasted from 1992-1994.", MONDAY, "1992-1994", "DATE", "1992/1994"),
        ("The monument was built in 1888.", MONDAY, "1888", "DATE", "1888"),
        (
            "The year two thousand was a turning point.",
            MONDAY,
            "The year two thousand",
            "DATE",
            "2000",
        ),
        (
            "Fans celebrated on Christmas Day.",
            D(2020, 12, 28),
            "Christmas Day",
            "DATE",
            "2020-12-25",
        ),
        # vague references
        ("Prices are now falling.", MONDAY, "now", "DATE", "PRESENT_REF"),
        ("The firm currently employs 40 people.", MONDAY, "currently", "DATE", "PRESENT_REF"),
        ("The group recently moved offices.", MONDAY, "recently", "DATE", "PAST_REF"),
        ("Costs will matter in the future.", MONDAY, "the future", "DATE", "FUTURE_REF"),
        ("Violence flared in recent years.", MONDAY, "recent years", "DATE", "PAST_REF"),
        ("Rates may fall in the coming weeks.", MONDAY, "the coming weeks", "DURATION", "PXW"),
        # durations
        ("The strike lasted three weeks.", MONDAY, "three weeks", "DURATION", "P3W"),
        ("After a two-hour meeting, they left.", MONDAY, "two-hour", "DURATION", "PT2H"),
        (
            "He testified for more than four hours.",
            MONDAY,
            "more than four hours",
            "DURATION",
            "PT4H",
        ),
        (
            "Sales rose in the past three months.",
            MONDAY,
            "the past three months",
            "DURATION",
            "P3M",
        ),
        (
            "The funds lost money in the first nine months.",
            MONDAY,
            "the first nine months",
            "DURATION",
            "P9M",
        ),
        ("Rebels held the town for 2 1/2 years.", MONDAY, "2 1/2 years", "DURATION", "P2Y6M"),
        ("The feud has lasted several years.", MONDAY, "several years", "DURATION", "PXY"),
        ("The valley has been disputed for years.", MONDAY, "years", "DURATION", "PXY"),
        ("The ceasefire ended within a year.", MONDAY, "a year", "DURATION", "P1Y"),
        ("The trial took a few days.", MONDAY, "a few days", "DURATION", "PXD"),
        # sets
        ("The market is open every Friday.", MONDAY, "every Friday", "SET", "XXXX-WXX-5"),
        ("Inspectors visit every week.", MONDAY, "every week", "SET", "P1W"),
        ("The council meets weekly.", MONDAY, "weekly", "SET", "P1W"),
        ("Buses run daily.", MONDAY, "daily", "SET", "P1D"),
        ("The market opens on Sundays.", MONDAY, "Sundays", "SET", "XXXX-WXX-7"),
    ],
)
def test_expression_kinds(
    text: str, dct: dt.date, expected_text: str, expected_type: str, expected_value: str
) -> None:
    found = _found(text, dct)
    assert expected_text in found, f"{expected_text!r} not found in {found}"
    assert found[expected_text] == (expected_type, expected_value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Net income rose to $5 million, or 20 cents a share, in the third quarter "
            "from $4 million a year earlier.",
            [("the third quarter", "2020-Q3"), ("a year earlier", "2019-Q3")],
        ),
        (
            "For the nine months, profit rose 8% from a year earlier.",
            [("the nine months", "P9M"), ("a year earlier", "2019")],
        ),
        (
            "The retailer earned $3 million in the quarter ended July 31.",
            [("the quarter", "2020-Q2"), ("July 31", "2020-07-31")],
        ),
        (
            "Sales in the fiscal first quarter fell. In the year-ago quarter, sales rose.",
            [("the fiscal first quarter", "2020-Q1"), ("the year-ago quarter", "2019-Q1")],
        ),
        ("The town has grown a lot since a year ago.", [("a year ago", "2019")]),
    ],
)
def test_results_story_conventions(text: str, expected: list[tuple[str, str]]) -> None:
    """Quarterly results follow TimeBank: "a year earlier" is the same quarter last year."""
    assert [(m.text, m.value) for m in extract_timexes(text, MONDAY)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials may decide to reopen the road.",  # modal "may"
        "A 52-year-old farmer was injured.",  # ages are not TIMEX3s
        "Protesters will march on the capital.",  # the verb
        "The company cut its quarterly dividend.",  # adjective, not a recurrence
        "Iraq imports about three-quarters of its food.",  # a fraction
        "The tickets cost $40 a year for members.",  # a rate
        "He lives next to the station and will be coming home.",
    ],
)
def test_non_temporal_text_yields_nothing(text: str) -> None:
    assert extract_timexes(text, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "expected_extents"),
    [
        ("In the third quarter, profit rose.", ["the third quarter"]),
        ("A year-earlier loss was restated.", ["year-earlier"]),
        ("Since 1992 the talks have gone on.", ["1992"]),
        ("They spoke about five hours later.", ["five hours"]),
        ("Shares closed Friday, Oct. 23, 2020, at a record.", ["Friday, Oct. 23, 2020"]),
        ("It happened in the past, he said.", ["the past"]),
        ("The firm expects a loss for the next two years or so.", ["the next two years or so"]),
    ],
)
def test_extents_follow_timebank(text: str, expected_extents: list[str]) -> None:
    mentions = extract_timexes(text, MONDAY)
    assert [m.text for m in mentions] == expected_extents
    for m in mentions:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("dct", [MONDAY, None])
def test_offsets_exact_on_wire_layout(dct: dt.date | None) -> None:
    text = (
        "\tROME, Italy (AP) _ Rain fell on Tuesday,\n\tand again on Wednesday night; "
        "forecasters said the storm of Oct. 3, 2019, was worse.\r\n\tNext week: sun."
    )
    mentions = extract_timexes(text, dct, field="headline")
    assert [m.text for m in mentions] == ["Tuesday", "Wednesday night", "Oct. 3, 2019", "Next week"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.field == "headline"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He was elected in March 2011 and resigned the following year.",
            [("March 2011", "2011-03"), ("the following year", "2012")],
        ),
        (
            "The fire broke out on May 3, 2019. Earlier that day, guards had left.",
            [("May 3, 2019", "2019-05-03"), ("Earlier that day", "2019-05-03")],
        ),
        (
            "The ship docked on June 2, 2018, and sailed the next morning.",
            [("June 2, 2018", "2018-06-02"), ("the next morning", "2018-06-03TMO")],
        ),
        # no earlier date in the story: fall back to the publication date
        ("Talks ended and resumed the next day.", [("the next day", "2020-10-27")]),
    ],
)
def test_anaphoric_expressions_follow_the_story(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value) for m in extract_timexes(text, MONDAY)] == expected


def test_clock_times_with_timezone_and_day() -> None:
    text = "The offer expires at 5 p.m. EST, Nov. 6. Trading opened at 9:30 a.m."
    got = [(m.text, m.type, m.value) for m in extract_timexes(text, MONDAY)]
    # a bare clock time falls on the last day the story named
    assert got == [
        ("5 p.m. EST, Nov. 6", "TIME", "2020-11-06T17:00"),
        ("9:30 a.m.", "TIME", "2020-11-06T09:30"),
    ]
    alone = extract_timexes("Trading opened at 9:30 a.m.", MONDAY)
    assert [(m.text, m.value) for m in alone] == [("9:30 a.m.", "2020-10-26T09:30")]
    # a lowercase word after the clock is never a time zone
    first = extract_timexes("He left at 5 p.m. that night.", MONDAY)[0]
    assert first.text == "5 p.m."


def test_empty_text() -> None:
    assert extract_timexes("", MONDAY) == []


def test_datetime_dct_is_accepted() -> None:
    found = _found("He left yesterday.", dt.datetime(2020, 10, 26, 14, 30))
    assert found["yesterday"] == ("DATE", "2020-10-25")


# --- work grows with the text, not with its square ---------------------------------------
#
# Counted, never timed: Python calls made, and characters handed to the regexes that read a
# match's surroundings. A step that rescans the text (or the list of mentions kept so far)
# for every match multiplies these by the number of matches.

PARAGRAPH = (
    "Officials said on Monday that exports fell 4 percent in March, the steepest drop since "
    "2016, and will meet again next week. Net income rose to $5 million in the third quarter "
    "from $4 million a year ago, and the board expects a loss for the next two years. "
    "The strike lasted three weeks; talks resumed on October 25 and ended the next day.\n\n"
)


def _python_calls(text: str) -> int:
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in {"call", "c_call"}:  # generator resumptions included
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        extract_timexes(text, MONDAY)
    finally:
        sys.setprofile(previous)
    return calls


def test_python_work_grows_linearly_with_the_text() -> None:
    small, large = _python_calls(PARAGRAPH * 40), _python_calls(PARAGRAPH * 160)
    assert large < 4.5 * small  # linear: 4x; comparing each match with all kept: 13x


class _Scanned:
    """Stands in for a compiled pattern or the ``re`` module and adds up how many characters
    each call is given to read (a pattern's pos..endpos, a module function's whole string)."""

    def __init__(self, target: Any, tally: list[int]) -> None:
        self._target, self._tally = target, tally

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if name not in {"search", "match", "fullmatch", "finditer", "findall"}:
            return attr
        is_module = self._target is re

        def call(*args: Any, **kwargs: Any) -> Any:
            string = args[1] if is_module else args[0]
            if is_module:
                self._tally.append(len(string))
            else:
                pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
                endpos = args[2] if len(args) > 2 else kwargs.get("endpos", len(string))
                self._tally.append(max(0, min(endpos, len(string)) - pos))
            return attr(*args, **kwargs)

        return call


def test_context_read_per_match_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page-long "sentence" (no full stop anywhere) with hundreds of expressions: the
    tense cues, clause ends and results-story checks read a bounded window around each
    match, so what they scan in all grows with the text."""
    tally: list[int] = []
    # every module whose code reads the text around a match: the English normalizers
    # (by family), their context (TextFacts) and the tense cues
    for module in (context, dates, periods, durations, relative, times, sets, resolve):
        monkeypatch.setattr(module, "re", _Scanned(re, tally))
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, _Scanned(value, tally))
    scanned = []
    for paragraphs in (15, 60):
        tally.clear()
        text = (PARAGRAPH * paragraphs).replace(".", "").replace("\n", " ")
        assert len(extract_timexes(text, MONDAY)) >= 10 * paragraphs
        scanned.append(sum(tally))
    assert scanned[0] > 0  # the instruments saw the work
    assert scanned[1] < 4.5 * scanned[0]  # linear: 4x; the sentence per match: 16x
