"""The TIMEX3 rule table: its gates, case folding and first-letter lookaheads.

Gates and lookaheads only make the scan faster, so each test here checks that they lose
no match of their rule and change no extraction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

import pytest

from storywire.tasks.enrich.timex import extract as extract_module
from storywire.tasks.enrich.timex import extract_timexes
from storywire.tasks.enrich.timex.gates import Gate, fold_case, low
from storywire.tasks.enrich.timex.lexicon import MONTHS
from storywire.tasks.enrich.timex.rules import RULES, Rule

MONDAY = dt.date(2020, 10, 26)

# A whole news story among the samples (the same one test_extract.py checks end to end).
STORY = """Austria will tighten border checks, chancellor says

VIENNA, October 26. /APA/. Austria's chancellor said on Monday that the government will tighten checks on the southern border on Thursday.

On the evening of October 25, the interior and foreign ministers approved a joint control plan, which was set to enter into force on Monday morning. Smuggling along the route first surged on September 27, with police reporting dozens of arrests. Similar waves were recorded in the summer of 2015, in March 2016 and this past August.

The checks, first introduced in January 1995 after the country joined the bloc, were suspended in 1998-2001, and the two governments have cooperated on the issue since 2004.
"""

# A rule is skipped when its gate finds nothing in the text, so a gate must find something
# inside *every* match of its rule. These sentences exercise every rule and the keywords
# each gate lists; the variants change letter case and use the non-ASCII letters that
# re.IGNORECASE equates with ASCII ones (ſ, ı, İ, the Kelvin sign).

GATE_SAMPLES = [
    STORY,
    "Shares closed Friday, Oct. 23, 2020, at a record. The offer ends Sept. 3 and Dec. 1 morning.",
    "The treaty was signed on the 26th of October 2020 and ratified on 3 March.",
    "Talks resumed in June nineteen ninety-four, in December two thousand and in January of 1995.",
    "Output fell in March of last year, will rise by June this year and peak in January next year.",
    "Sales slumped last February, rebounded in May, stalled in early June and by the end of March.",
    "The war lasted from 1992-1994; the truce held 1998–2001 and the talks 2019 — 2020.",
    "Since 2004, in fiscal 2019, in FY2020, the year 1999 and in calendar 2021 output rose.",
    "The year two thousand was not like nineteen eighty-four or Nineteen Hundred.",
    "Exports boomed in the 1990s, the late 1970s, the '90s, the nineteen sixties and the Eighties.",
    "The twenties, thirties, forties, fifties, seventies and nineties each had a crash.",
    "Art of the 20th century, the twenty-first century and the nineteenth-century hall.",
    "The summer of 2015, last winter, this spring, the fall of 1999, next autumn, early summer 2020.",
    "Net income fell in the third quarter of 1999 and the third-quarter loss widened.",
    "Sales in the fiscal first quarter fell; the 2019 fourth quarter and the final quarter rose.",
    "In the second quarter of fiscal 2020 and the 4th quarter, margins held.",
    "In the quarter, the year-ago quarter, last year's quarter and the latest quarter, sales grew.",
    "Against the year-earlier period, the same period and the comparable period, costs fell.",
    "Growth slowed in the first half of 2019, the second-half slump and the latter half.",
    "The current fiscal year, next fiscal year and this fiscal year look strong.",
    "For the year, the fiscal year, the full year and the calendar year, profit rose.",
    "Prices rose last week, this month and next year; earlier this year and the past decade too.",
    "The coming weekend, the current quarter, this past week, late last month, the last year.",
    "He left the next day, the following week, that evening, the same night and later that morning.",
    "The previous afternoon, the preceding month and that same year were calm.",
    "The mill closed two weeks ago, 10 days ago, a decade ago; three years earlier it grew.",
    "Five hours later, a century ago, two centuries ago, several quarters ago it was a year or so ago.",
    "Six months hence, a week from now, about 30 seconds later and minutes later it rang.",
    "The strike lasted three weeks after a two-hour meeting, more than four hours of talks.",
    "Sales rose in the past three months and the first nine months; rebels held it 2 1/2 years.",
    "The feud lasted several years, a year, a few days, two to three days and five more minutes.",
    "A 30-year-old man, two decades, two centuries and eight quarters of growth.",
    "It took an hour and a half, then a year and a half.",
    "In recent months, recent weeks, recent days, recent decades and recent quarters, prices rose.",
    "Rates may fall in the coming weeks, next months, the coming days, the next years, coming decades.",
    "A year-earlier loss, the year-ago profit, a year earlier and the prior-year figure.",
    "Against the 1998 period, the 2019 quarter, the 2019 first half and the 2019 second half.",
    "The deal should close by year-end, by year end, at the year's end, the end of the year.",
    "Around year-end, at midmorning, by mid-afternoon, at midday and at mid day, it rained.",
    "Years ago, many months ago, a few weeks ago, several days ago and decades ago, it was calm.",
    "The valley has been disputed for years, within months, in weeks, over decades, after years.",
    "It took years, lasted centuries and kept lasting weeks.",
    "Today, yesterday, tomorrow, tonight, the day before yesterday and the day after tomorrow.",
    "Early today, yesterday morning and late tonight the rain stopped.",
    "This morning, last night, tomorrow afternoon, yesterday evening and earlier this evening.",
    "On Monday, last Friday, this coming Sunday, Saturday night, the following Wednesday.",
    "Early on Tuesday and on Thursday's vote the board met.",
    "The polls closed at 10 p.m. Sunday, opened at 9:30 a.m., and the offer expires at 5 p.m. EST, Nov. 6.",
    "At noon, at midnight, around 4pm, at 7 am and at 11:15 PM the sirens sounded.",
    "Prices are now falling; the firm currently employs 40; the current rules; these days.",
    "Nowadays, at present, presently, more recently, recently and lately, in the past, it changed.",
    "In recent years, past years, past decades; the future, the near future, the distant future.",
    "In future, in the years ahead, for years to come, in the near term, short term and long term.",
    "Every Friday, every week, weekly, daily, on Sundays and Monday mornings, every January.",
    "Each year, per hour, every other week, twice a week, once a year, $40 a year.",
    "Christmas Day, Christmas Eve, New Year's Eve, Thanksgiving, Easter Sunday, Labor Day 2019.",
    "Independence Day, Halloween, Valentine's Day, Boxing Day, May Day, Memorial Day, Veterans Day.",
    "Christmas, New Year's, Thanksgiving Day and Easter passed quietly.",
    "In the upcoming week, this century and last quarter, for a century, the plan holds.",
    "Prices within years, take years, it takes months, have taken decades, will last years.",
    "It opened on the 1st of May, the 2nd March, the 3rd of June and the 4th of July.",
]
# every spelling of every month, in each month rule's context
_MONTH_FORMS = sorted(
    {name.title() for name in MONTHS} | {name.title() + "." for name in MONTHS if len(name) <= 4}
)
GATE_SAMPLES += [
    "Filed on " + ", ".join(f"{month} 5" for month in _MONTH_FORMS) + ".",
    "Filed on " + ", ".join(f"the 5th of {month} and 6 {month} 1999" for month in _MONTH_FORMS),
    "Seen on " + ", ".join(f"the evening of {month} 5" for month in _MONTH_FORMS) + ".",
    "Sold in " + ", ".join(f"{month} 1999 and {month} of this year" for month in _MONTH_FORMS),
    "Open in " + ", ".join(f"early {month}" for month in _MONTH_FORMS) + ".",
]

_LOOKALIKES = str.maketrans({"s": "\u017f", "i": "\u0131", "k": "\u212a"})


def _variants(text: str) -> list[str]:
    return [
        text,
        text.upper(),
        text.title(),
        text.translate(_LOOKALIKES),
        text.upper().replace("I", "\u0130"),
    ]


SAMPLE_TEXTS = [v for text in GATE_SAMPLES for v in _variants(text)]
GATED = [rule for rule in RULES if rule.gate is not None]


def _gate_misses(rule: Rule, texts: Iterable[str]) -> list[str]:
    """Matches of ``rule`` in which its gate finds nothing: each one a lost extraction."""
    assert rule.gate is not None
    return [
        m[0]
        for text in texts
        for m in rule.regex.finditer(text)
        if not rule.gate.admits(m[0], fold_case(m[0]))
    ]


@pytest.mark.parametrize("rule", GATED, ids=[rule.name for rule in GATED])
def test_gate_finds_something_in_every_match_of_its_rule(rule: Rule) -> None:
    matches = [m[0] for text in SAMPLE_TEXTS for m in rule.regex.finditer(text)]
    assert matches, f"no sample exercises rule {rule.name}"
    assert _gate_misses(rule, SAMPLE_TEXTS) == []


def test_gate_check_catches_a_wrong_gate() -> None:
    century = next(rule for rule in RULES if rule.name == "century")
    too_narrow = dataclasses.replace(century, gate=low("centuries"))
    assert _gate_misses(too_narrow, SAMPLE_TEXTS)
    # lowercase keywords must be searched in the folded text, not the original one
    case_blind = dataclasses.replace(century, gate=Gate(re.compile("century"), folded=False))
    assert "THE 20TH CENTURY" in _gate_misses(case_blind, SAMPLE_TEXTS)


def test_first_letter_lookaheads_only_skip_positions_that_cannot_match() -> None:
    by_name = {rule.name: rule for rule in RULES}
    for name, lookahead in [("ref", r"(?=[acfilmnprsty])"), ("duration", r"(?=[\daeflmnoprstuw])")]:
        pattern = by_name[name].regex.pattern
        assert lookahead in pattern
        plain = re.compile(pattern.replace(lookahead, "", 1), re.IGNORECASE)
        for text in SAMPLE_TEXTS:
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in by_name[name].regex.finditer(text)] == expected, text


def test_gates_change_no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    # the look-alike letters are left out: some normalizers do not expect them (KeyError)
    texts = [v for text in GATE_SAMPLES for v in (text, text.upper(), text.title())]
    dcts = [MONDAY, None]
    gated = [extract_timexes(text, dct) for text in texts for dct in dcts]
    ungated_rules = tuple(dataclasses.replace(rule, gate=None) for rule in RULES)
    monkeypatch.setattr(extract_module, "RULES", ungated_rules)
    assert [extract_timexes(text, dct) for text in texts for dct in dcts] == gated
    assert sum(map(len, gated)) > 500
