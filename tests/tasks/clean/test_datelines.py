"""Dateline recognition on the wire formats storywire ingests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.datelines import normalize_place, split_dateline

# (paragraph, place, agency, month, day, year, weekday, valid, rest starts with)
POSITIVE = [
    ("BAKU, October 26. /TASS/. The Azerbaijani leader said", "Baku", "TASS", 10, 26, None, None, True, "The Azerbaijani"),
    ("MOSCOW, October 3. /ITAR-TASS/. The Kremlin said", "Moscow", "ITAR-TASS", 10, 3, None, None, True, "The Kremlin"),
    ("WASHINGTON (AP) — The Senate voted", "Washington", "AP", None, None, None, None, True, "The Senate"),
    ("WASHINGTON (AP) -- The Senate voted", "Washington", "AP", None, None, None, None, True, "The Senate"),
    ("LONDON, March 3 (Reuters) - Britain's economy grew", "London", "Reuters", 3, 3, None, None, True, "Britain's"),
    ("LONDON, 3 March (Reuters) - Britain's economy grew", "London", "Reuters", 3, 3, None, None, True, "Britain's"),
    ("PARIS (AFP) - France said on Monday", "Paris", "AFP", None, None, None, None, True, "France said"),
    ("Paris (AFP) - France said on Monday", "Paris", "AFP", None, None, None, None, True, "France said"),
    ("BEIJING, Nov. 2 (Xinhua) -- China on Thursday", "Beijing", "Xinhua", 11, 2, None, None, True, "China on"),
    ("MOSCOW. Feb 5 (Interfax) - Russian exports fell", "Moscow", "Interfax", 2, 5, None, None, True, "Russian exports"),
    ("NAIROBI, Kenya (AP) _ Thousands of laborers marched", "Nairobi, Kenya", "AP", None, None, None, None, True, "Thousands"),
    ("UNITED NATIONS (AP) _ Council members said", "United Nations", "AP", None, None, None, None, True, "Council members"),
    ("NEW YORK, Jan. 5, 1998 (AP) - Stocks rose", "New York", "AP", 1, 5, 1998, None, True, "Stocks rose"),
    ("KYIV, Ukraine, Monday (AP) — Drones struck", "Kyiv, Ukraine", "AP", None, None, None, 0, True, "Drones struck"),
    ("SAN FRANCISCO — The city will", "San Francisco", None, None, None, None, None, True, "The city"),
    ("HOUSTON — NASA said on Monday", "Houston", None, None, None, None, None, True, "NASA said"),
    ("WASHINGTON—The Senate voted", "Washington", None, None, None, None, None, True, "The Senate"),
    ("WASHINGTON (UPI) -- A federal judge", "Washington", "UPI", None, None, None, None, True, "A federal"),
    ("BERLIN (dpa) - Germany's cabinet", "Berlin", "dpa", None, None, None, None, True, "Germany's"),
    ("NEW YORK (Bloomberg) -- Stocks fell", "New York", "Bloomberg", None, None, None, None, True, "Stocks fell"),
    ("ATLANTA (CNN)The storm moved", "Atlanta", "CNN", None, None, None, None, True, "The storm"),
    ("MOSCOW, February 30 (Interfax) - Officials said", "Moscow", "Interfax", 2, 30, None, None, False, "Officials"),
    ("DAR ES SALAAM, Tanzania (AP) _ Ferry service", "Dar es Salaam, Tanzania", "AP", None, None, None, None, True, "Ferry"),
    ("PORT-AU-PRINCE, Haiti (AP) — Gangs", "Port-au-Prince, Haiti", "AP", None, None, None, None, True, "Gangs"),
    ("ST. PETERSBURG, Russia (AP) _ A fire", "St. Petersburg, Russia", "AP", None, None, None, None, True, "A fire"),
    ("N'DJAMENA, Chad (AP) — Troops", "N'Djamena, Chad", "AP", None, None, None, None, True, "Troops"),
    ("SHAH ALAM, Thurs. - The state water board", "Shah Alam", None, None, None, None, 3, True, "The state"),
    ("LITTLE ROCK, Ark. _ The governor", "Little Rock, Ark.", None, None, None, None, None, True, "The governor"),
    ("WASHINGTON, D.C. (AP) — Tourists", "Washington, D.C.", "AP", None, None, None, None, True, "Tourists"),
    ("SÃO PAULO (Reuters) - Brazil's real", "São Paulo", "Reuters", None, None, None, None, True, "Brazil's"),
    ("MOSCOW (AP)_ The mayor of the city", "Moscow", "AP", None, None, None, None, True, "The mayor"),
    ("HAVANA (AP ) -- The government said", "Havana", "AP", None, None, None, None, True, "The government"),
    ("BRUSSELS 1996-08-22\nThe Commission said", "Brussels", None, 8, 22, 1996, None, True, "The Commission"),
]


@pytest.mark.parametrize(
    ("paragraph", "place", "agency", "month", "day", "year", "weekday", "valid", "rest"),
    POSITIVE,
    ids=[p[0][:28] for p in POSITIVE],
)
def test_split_dateline_recognizes_formats(
    paragraph: str, place: str, agency: str | None, month: int | None, day: int | None,
    year: int | None, weekday: int | None, valid: bool, rest: str,
) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency) == (place, agency)
    assert (dateline.month, dateline.day, dateline.year) == (month, day, year)
    assert dateline.weekday == weekday
    assert dateline.date_valid is valid
    assert remainder.startswith(rest)
    assert paragraph.startswith(dateline.raw)
    assert dateline.raw not in remainder


NEGATIVE = [
    "PARIS is a city of light and of protests.",
    "WASHINGTON (AP Photo) — Tourists line up",
    "NATO — the alliance said it would respond.",
    "EDITOR'S NOTE — This story contains graphic descriptions.",
    "BREAKING — A fire broke out in the port.",
    "TAXING INTERNET SALES _ GOVERNORS VS. TAX FREEDOM ACT",
    "The company (Bloomberg) said profits rose.",
    "President Emmanuel Macron on Monday said France would act.",
    "Apple (AAPL) - shares rose 3% in early trading.",
    "He arrived in LONDON on Monday.",
    "SOCCER - MAJOR LEAGUE RESULTS after Saturday's games",
    "",
]


@pytest.mark.parametrize("paragraph", NEGATIVE)
def test_split_dateline_ignores_ordinary_sentences(paragraph: str) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is None
    assert remainder == paragraph


def test_impossible_date_is_kept_as_written_not_rolled_over() -> None:
    dateline, _ = split_dateline("KYIV, February 30 (Interfax) - Officials said")
    assert dateline is not None
    assert (dateline.month, dateline.day, dateline.date_valid) == (2, 30, False)


def test_leap_day_without_year_is_possible() -> None:
    dateline, _ = split_dateline("ROME, Feb. 29 (AP) — The Vatican said")
    assert dateline is not None and dateline.date_valid


def test_leap_day_in_common_year_is_invalid() -> None:
    dateline, _ = split_dateline("ROME, Feb. 29, 2023 (AP) — The Vatican said")
    assert dateline is not None and not dateline.date_valid


def test_dateline_alone_on_its_line_leaves_empty_rest() -> None:
    dateline, remainder = split_dateline("UNITED NATIONS (AP) _")
    assert dateline is not None and dateline.place == "United Nations"
    assert remainder == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NAIROBI", "Nairobi"),
        ("UNITED NATIONS", "United Nations"),
        ("DAR ES SALAAM", "Dar es Salaam"),
        ("LA PAZ", "La Paz"),
        ("PORT-AU-PRINCE", "Port-au-Prince"),
        ("WINSTON-SALEM", "Winston-Salem"),
        ("MCALLEN", "McAllen"),
        ("SAN`A", "San`a"),
        ("Kyiv", "Kyiv"),
    ],
)
def test_normalize_place(raw: str, expected: str) -> None:
    assert normalize_place(raw) == expected


# --------------------------------------------------------------------------- placeless

# (paragraph, agency as written, raw dateline, rest starts with)
PLACELESS = [
    ("(Bloomberg) -- Port Avalen Holdings reported record profit", "Bloomberg", "(Bloomberg) --", "Port Avalen"),
    ("(AP) — The harbour board voted on Monday", "AP", "(AP) —", "The harbour"),
    ("(Reuters) - Oil prices rose on Tuesday", "Reuters", "(Reuters) -", "Oil prices"),
    ("(AFP) – France said on Monday it would", "AFP", "(AFP) –", "France said"),
    ("(Xinhua) -- China's exports rose 5 percent", "Xinhua", "(Xinhua) --", "China's"),
    ("(dpa) - Germany's cabinet approved", "dpa", "(dpa) -", "Germany's"),
    ("(CNN)The storm moved north overnight", "CNN", "(CNN)", "The storm"),
    ("(Reuters) \"We are ready,\" the minister said", "Reuters", "(Reuters)", "\"We are"),
    ("(Interfax) - 12 regions reported flooding", "Interfax", "(Interfax) -", "12 regions"),
    ("(ТАСС) — Правительство утвердило план", "ТАСС", "(ТАСС) —", "Правительство"),
    ("(Harbour Wire Service) -- Ferry fares will rise", "Harbour Wire Service", "(Harbour Wire Service) --", "Ferry"),
    ("(Bloomberg Opinion) -- It is time to", "Bloomberg Opinion", "(Bloomberg Opinion) --", "It is"),
    ("/TASS/. The Kremlin said on Friday", "TASS", "/TASS/.", "The Kremlin"),
    ("Bloomberg -- Stocks fell for a third day", "Bloomberg", "Bloomberg --", "Stocks fell"),
    ("REUTERS - Shares in the ferry operator jumped", "REUTERS", "REUTERS -", "Shares"),
    ("(AP) —", "AP", "(AP) —", ""),
]


@pytest.mark.parametrize(("paragraph", "agency", "raw", "rest"), PLACELESS, ids=[p[0][:24] for p in PLACELESS])
def test_placeless_dateline_gives_agency_and_no_place(paragraph: str, agency: str, raw: str, rest: str) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.raw) == (None, agency, raw)
    assert (dateline.month, dateline.day, dateline.year, dateline.weekday) == (None, None, None, None)
    assert remainder.startswith(rest)
    assert paragraph.startswith(dateline.raw)


PLACELESS_NEGATIVE = [
    "(Corrects spelling of name in paragraph 3)",
    "(Updates with closing prices) - Oil rose on Tuesday",
    "(UPDATE 2) - Oil prices rose",
    "(LEAD) N. Korea fires two missiles",
    "(AP Photo) — Tourists line up outside the museum",
    "(Photo) — Tourists line up",
    "(Reuters) oil prices rose",  # a lede opens like a sentence
    "(Reuters) - SOCCER - ENGLISH LEAGUE RESULTS",  # a shouted slug, not a lede
    "(Harbour Wire Service) Ferry fares will rise",  # unknown credit without a dash
    "(This is a parenthetical) and the sentence goes on.",
    "(In millions of dollars unless stated)",
    "Map - The route of the march through the old town",  # not an agency's spelling
    "Spa - A day at the springs costs less than you think",
    "Apple (AAPL) - shares rose 3% in early trading.",
    "Focus - The week ahead in the markets",
]


@pytest.mark.parametrize("paragraph", PLACELESS_NEGATIVE)
def test_parentheticals_and_labels_are_not_placeless_datelines(paragraph: str) -> None:
    dateline, remainder = split_dateline(paragraph)
    assert dateline is None
    assert remainder == paragraph


def test_press_release_datelines_keep_their_place() -> None:
    dateline, rest = split_dateline("SAN FRANCISCO--(BUSINESS WIRE)--Acme Robotics Inc. today announced")
    assert dateline is not None
    assert (dateline.place, dateline.agency) == ("San Francisco", "BUSINESS WIRE")
    assert rest.startswith("Acme Robotics")
    dateline, rest = split_dateline("NEW YORK, March 4, 2024 /PRNewswire/ -- Acme Corp. today said")
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.year) == ("New York", "PRNewswire", 2024)
    assert rest.startswith("Acme Corp.")


@given(st.text(max_size=300))
def test_split_dateline_never_raises_and_keeps_the_text(paragraph: str) -> None:
    dateline, rest = split_dateline(paragraph)
    if dateline is None:
        assert rest == paragraph
    else:
        assert paragraph.lstrip().startswith(dateline.raw) and rest in paragraph
