"""Timestamp lines in story text: each layout family, what is not one, and properties."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import CORPORA
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.clean.timestamps import (
    HEAD_LINES,
    TextStamp,
    find_stamps,
    parse_stamp,
    publication_stamp,
    update_stamp,
)

EDT = dt.timezone(dt.timedelta(hours=-4))
CET = dt.timezone(dt.timedelta(hours=1))


def _only(text: str) -> TextStamp:
    stamp = publication_stamp(find_stamps(text)) or update_stamp(find_stamps(text))
    assert stamp is not None, text
    return stamp


# Invented stories, one per layout family.
SCRAPED_US = """Politics
Council backs $40 million bond for river levees
By Dana Whitcombe
Published: Sept. 28, 2023, 9:12 p.m.

RIVERTON — The city council voted 6-1 on Thursday night to put a levee bond before voters.
"""
AGENCY_SCRAPE = """Harbour operator trims forecast as container volumes slide
March 3, 2025 11:42 AM GMT Updated 2 hours ago

LONDON, March 3 (Reuters) - The operator of the country's second-largest port cut its
annual volume forecast on Monday.
"""
US_BROADCAST = """Transit agency orders 40 electric buses
Corinne Maddox
June 11, 2024 at 8:05 AM EDT

The regional transit agency approved the order on Tuesday.
"""
XINHUA_LIKE = """Rail link between two southwestern cities opens
Source: Xinhua| 2022-11-02 20:13:45|Editor: huaxia

KUNMING, Nov. 2 (Xinhua) -- A railway opened to passengers on Wednesday. Enditem
"""
BLOG = """Orchard growers count the cost of a late frost
Posted on 22 April 2022 by the farm desk

Growers say a single night of frost destroyed a third of the blossom.
"""
EUROPEAN = """Stadtrat beschließt neuen Haushalt
11.03.2025 14:05

Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.
"""
SIGN_OFF = """Snow closes mountain pass for second day

Crews worked through the night to clear the road, the highway agency said.

Last updated on 03/04/2025 at 5 p.m. ET
"""
WIRE_1990S = (
    "Strike ends at port\n\n\t   OAKLAND, Calif. (AP) _ Dock workers ended a four-day strike"
    " Saturday.\n\t   (ab-cd)\nAP-NY-03-14-98 1422EST\n"
)


@pytest.mark.parametrize(
    ("text", "date", "timestamp", "label", "line"),
    [
        (SCRAPED_US, dt.date(2023, 9, 28), dt.datetime(2023, 9, 28, 21, 12), "published", 3),
        (
            AGENCY_SCRAPE,
            dt.date(2025, 3, 3),
            dt.datetime(2025, 3, 3, 11, 42, tzinfo=dt.UTC),
            "none",
            1,
        ),
        (US_BROADCAST, dt.date(2024, 6, 11), dt.datetime(2024, 6, 11, 8, 5, tzinfo=EDT), "none", 2),
        (XINHUA_LIKE, dt.date(2022, 11, 2), dt.datetime(2022, 11, 2, 20, 13, 45), "published", 1),
        (BLOG, dt.date(2022, 4, 22), None, "published", 1),
        (EUROPEAN, dt.date(2025, 3, 11), dt.datetime(2025, 3, 11, 14, 5), "none", 1),
        (
            SIGN_OFF,
            dt.date(2025, 3, 4),
            dt.datetime(2025, 3, 4, 17, 0, tzinfo=ZoneInfo("America/New_York")),
            "updated",
            4,
        ),
        (
            WIRE_1990S,
            dt.date(1998, 3, 14),
            dt.datetime(1998, 3, 14, 14, 22, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            "published",
            4,
        ),
    ],
)
def test_layout_families(
    text: str, date: dt.date, timestamp: dt.datetime | None, label: str, line: int
) -> None:
    stamp = _only(text)
    assert (stamp.date, stamp.label, stamp.line) == (date, label, line)
    assert stamp.timestamp == timestamp
    if timestamp is not None:
        assert (stamp.timestamp.tzinfo is None) == (timestamp.tzinfo is None)
    assert stamp.text == text.splitlines()[line].strip()


@pytest.mark.parametrize(
    ("line", "date", "timestamp"),
    [
        (
            "Posted: Tue, 04 Mar 2025 10:00:00 +0000",
            dt.date(2025, 3, 4),
            dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC),
        ),
        ("First published on 3rd of March, 2025", dt.date(2025, 3, 3), None),
        ("By JANE ROURKE on March 3, 2025", dt.date(2025, 3, 3), None),
        ("By Jane Rourke | Staff Writer | March 3, 2025", dt.date(2025, 3, 3), None),
        ("Date: 2025-03-03", dt.date(2025, 3, 3), None),
        (
            "2024-06-11T08:05:00-04:00",
            dt.date(2024, 6, 11),
            dt.datetime(2024, 6, 11, 8, 5, tzinfo=EDT),
        ),
        (
            "Monday 3 March 2025 11.42 GMT",
            dt.date(2025, 3, 3),
            dt.datetime(2025, 3, 3, 11, 42, tzinfo=dt.UTC),
        ),
        (
            "9:12 p.m. ET Sept. 28, 2023",
            dt.date(2023, 9, 28),
            dt.datetime(2023, 9, 28, 21, 12, tzinfo=ZoneInfo("America/New_York")),
        ),
        ("25/03/2025 08:00 CET", dt.date(2025, 3, 25), dt.datetime(2025, 3, 25, 8, tzinfo=CET)),
        (
            "Released 2025/3/3 at 11 a.m. (IST)",
            dt.date(2025, 3, 3),
            dt.datetime(2025, 3, 3, 11, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        ),
        ("March 3, 2025 | 14:05 GMT+3", dt.date(2025, 3, 3), None),
        ("2025年3月3日 14:05", dt.date(2025, 3, 3), dt.datetime(2025, 3, 3, 14, 5)),
        ("Published March 3, 2025 in Business", dt.date(2025, 3, 3), None),
        # A byline or site scraped onto the date's line.
        (
            "Associated Press November 19, 2019, 9:02 AM",
            dt.date(2019, 11, 19),
            dt.datetime(2019, 11, 19, 9, 2),
        ),
        ("harbour-news.example Nov. 18, 2019", dt.date(2019, 11, 18), None),
        # A weekday before the time, checked against the date.
        (
            "Posted: Fri 6:45 PM, Feb 16, 2018",
            dt.date(2018, 2, 16),
            dt.datetime(2018, 2, 16, 18, 45),
        ),
        # A zone the table does not know: the time is kept without one.
        ("November 20, 2019 - 11:28 AMT", dt.date(2019, 11, 20), dt.datetime(2019, 11, 20, 11, 28)),
    ],
)
def test_more_line_shapes(line: str, date: dt.date, timestamp: dt.datetime | None) -> None:
    stamp = _only(f"Headline of the story\n{line}\n\nBody text of the story follows here.")
    assert stamp.date == date
    assert stamp.timestamp == timestamp


def test_original_wins_over_update_on_one_line_and_across_lines() -> None:
    text = "Headline\nUpdated: March 5, 2025 | Published: March 3, 2025\n\nBody."
    stamps = find_stamps(text)
    assert [(s.label, s.date.day) for s in stamps] == [("updated", 5), ("published", 3)]
    assert publication_stamp(stamps).date == dt.date(2025, 3, 3)
    assert update_stamp(stamps).date == dt.date(2025, 3, 5)
    later = "Headline\nPublished: March 7, 2025\n\nBody.\n\nFirst published: March 1, 2025"
    assert publication_stamp(find_stamps(later)).date == dt.date(2025, 3, 1)


def test_labelled_line_beats_a_bare_date_line() -> None:
    text = "Headline\nMarch 9, 2025\nPublished: March 3, 2025\n\nBody."
    assert publication_stamp(find_stamps(text)).date == dt.date(2025, 3, 3)


def test_update_alone_is_no_publication() -> None:
    stamps = find_stamps("Headline\nUpdated: March 5, 2025\n\nBody.")
    assert publication_stamp(stamps) is None
    assert update_stamp(stamps).date == dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    "line",
    [
        "March 3, 2025 was the day the council finally voted on the levee bond.",
        "Published 3 hours ago",
        "Updated 2 hours ago",
        "The 2024-25 season opens 11.03.2025 with a derby.",
        "Call 555-12-2025 for tickets",
        "Final score 3-1 after extra time",
        "Monday, March 4, 2025",  # March 4, 2025 was a Tuesday: a misprint or a misparse
        "Thu 6:45 PM, Feb 16, 2018",  # a Friday
        "March 3, 2025 was",
        "The council met March 3, 2025",
        "March 2025",  # no day
        "March 3",  # no year
        "2025-13-01",
        "31.02.2025",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk2024-05-06YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "WASHINGTON, March 3, 2025 (AP) — Lawmakers returned on Monday.",
        "Version 10.2.2025.1 of the app fixes the login bug.",
        "29 November 2018 | 20 January 2019",  # a span: an exhibition's run
        "On one of those nights — April 26, 2016 — the telescope caught a plume over the ice.",
    ],
)
def test_what_is_not_a_date_line(line: str) -> None:
    assert find_stamps(f"Headline of the story\n{line}\n\nBody text of the story.") == ()


def test_only_the_first_and_last_lines_are_read() -> None:
    body = [f"Paragraph {i} of the story, with an ordinary sentence in it." for i in range(30)]
    body[15] = "March 3, 2025"  # an event listing in the middle
    assert find_stamps("\n".join(body)) == ()
    body[HEAD_LINES - 1] = "Published: March 3, 2025"
    assert [s.line for s in find_stamps("\n".join(body))] == [HEAD_LINES - 1]


def test_invisible_characters_and_odd_spaces_are_ignored() -> None:
    stamp = _only("Headline\n\u200bPublished:\u00a0March\u202f3,\u00a02025\n\nBody.")
    assert stamp.date == dt.date(2025, 3, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "June 11, 2024 at 8:05 AM EDT",
            (dt.date(2024, 6, 11), dt.datetime(2024, 6, 11, 8, 5, tzinfo=EDT)),
        ),
        ("22 April 2022", (dt.date(2022, 4, 22), None)),
        ("22 April 2022 by the desk", None),
        ("sometime soon", None),
        ("", None),
    ],
)
def test_parse_stamp(value: str, expected: tuple[dt.date, dt.datetime | None] | None) -> None:
    assert parse_stamp(value) == expected


# --------------------------------------------------------------------------- properties

_LINE_FORMATS = [
    "{d:%B} {d.day}, {d.year}",
    "{d.day} {d:%B} {d.year}",
    "{d:%Y-%m-%d} {d:%H:%M:%S}",
    "{d:%d.%m.%Y} {d:%H:%M}",
    "Published: {d:%b}. {d.day}, {d.year}, {hour12}:{d:%M} {ampm}",
    "Updated on {d:%A}, {d:%B} {d.day}, {d.year} at {hour12}:{d:%M} {ampm} UTC",
    "Source: Wire desk | {d:%Y-%m-%d %H:%M} | Editor: J. Roe",
]


@given(
    when=st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    fmt=st.sampled_from(_LINE_FORMATS),
    before=st.lists(
        st.sampled_from(["Headline of a story", "By Jane Roe", "World", ""]), max_size=4
    ),
)
def test_a_written_date_is_found_as_written(when: dt.datetime, fmt: str, before: list[str]) -> None:
    hour12 = when.hour % 12 or 12
    line = fmt.format(d=when, hour12=hour12, ampm="PM" if when.hour >= 12 else "AM")
    stamps = find_stamps("\n".join([*before, line, "", "Body of the story."]))
    assert [s.date for s in stamps] == [when.date()]


@given(text=st.text(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_never_raises_and_every_stamp_is_a_real_line(text: str) -> None:
    lines = text.splitlines()
    for stamp in find_stamps(text):
        assert stamp.label in {"published", "updated", "none"}
        assert 0 <= stamp.line < len(lines)
        assert stamp.text == lines[stamp.line].strip()
        assert stamp.timestamp is None or stamp.timestamp.date() == stamp.date


@given(
    lines=st.lists(
        st.one_of(
            st.text(alphabet="0123456789 -/.:,|APMapmTZ+", max_size=40),
            st.from_regex(
                r"(Published|Updated|Posted on|By [A-Z][a-z]+ on)?:? ?"
                r"[0-9]{1,4}[-/. ][0-9]{1,2}[-/. ][0-9]{1,4}( [0-9]{1,2}:[0-9]{2})?",
                fullmatch=True,
            ),
        ),
        max_size=20,
    )
)
@settings(max_examples=300, deadline=None)
def test_date_like_noise_never_raises(lines: list[str]) -> None:
    for stamp in find_stamps("\n".join(lines)):
        assert 1 <= stamp.date.year <= 9999


# --------------------------------------------------------------------------- public corpora


@pytest.mark.corpus
def test_archived_stories_have_no_false_date_lines() -> None:
    """TimeBank/AQUAINT, IE-ER and Lee news stories carry no date line in their text: every
    stamp found there is a false one, and none may be (run with ``-s`` for the count)."""
    import json

    texts = []
    for name, field in (("tbaq", "text"), ("ieer", "text"), ("lee_news", "raw")):
        path = CORPORA / name / "gold.jsonl"
        if not path.exists():
            pytest.skip(f"{path} not available")
        texts += [json.loads(line)[field] for line in path.read_text(encoding="utf-8").splitlines()]
    found = [(s.text, t[:60]) for t in texts for s in find_stamps(t)]
    print(f"\ndate lines found in {len(texts)} archived stories: {len(found)}")
    assert found == []


# --------------------------------------------------------------------------- other languages


@pytest.mark.parametrize(
    ("line", "date", "timestamp", "label"),
    [
        ("3 mars 2025", dt.date(2025, 3, 3), None, "none"),
        ("1er février 2024", dt.date(2024, 2, 1), None, "none"),
        ("le 12 juin 2024 à 08h05", dt.date(2024, 6, 12), dt.datetime(2024, 6, 12, 8, 5), "none"),
        (
            "Publié le 12 juin 2024 à 08h05",
            dt.date(2024, 6, 12),
            dt.datetime(2024, 6, 12, 8, 5),
            "published",
        ),
        (
            "Mis à jour le 13 juin 2024 à 17h40",
            dt.date(2024, 6, 13),
            dt.datetime(2024, 6, 13, 17, 40),
            "updated",
        ),
        ("3 марта 2025 года", dt.date(2025, 3, 3), None, "none"),
        ("12 июня 2024, 08:05", dt.date(2024, 6, 12), dt.datetime(2024, 6, 12, 8, 5), "none"),
        (
            "Опубликовано: 12 июня 2024, 08:05 МСК",
            dt.date(2024, 6, 12),
            dt.datetime(2024, 6, 12, 8, 5, tzinfo=dt.timezone(dt.timedelta(hours=3))),
            "published",
        ),
        (
            "Обновлено 14 июня 2024 г. в 10:15",
            dt.date(2024, 6, 14),
            dt.datetime(2024, 6, 14, 10, 15),
            "updated",
        ),
        (
            "Publicado el 3 de marzo de 2025 a las 11:42",
            dt.date(2025, 3, 3),
            dt.datetime(2025, 3, 3, 11, 42),
            "published",
        ),
        (
            "Veröffentlicht am 12. Juni 2024 um 08:05 Uhr",
            dt.date(2024, 6, 12),
            dt.datetime(2024, 6, 12, 8, 5),
            "published",
        ),
        (
            "Aggiornato il 4 luglio 2023 alle 9:30",
            dt.date(2023, 7, 4),
            dt.datetime(2023, 7, 4, 9, 30),
            "updated",
        ),
        (
            "Atualizado em 5 de setembro de 2022 às 14h20",
            dt.date(2022, 9, 5),
            dt.datetime(2022, 9, 5, 14, 20),
            "updated",
        ),
    ],
)
def test_date_lines_with_month_names_of_other_languages(
    line: str, date: dt.date, timestamp: dt.datetime | None, label: str
) -> None:
    [stamp] = find_stamps(f"Titre de la dépêche\n{line}\n\nLe conseil a voté le budget.")
    assert (stamp.date, stamp.timestamp, stamp.label) == (date, timestamp, label)


@pytest.mark.parametrize(
    "line",
    [
        "Le 12 juin 2024, le gouvernement a annoncé une hausse des tarifs du ferry.",
        "3 марта 2025 года правительство утвердило новый бюджет для порта.",
        "Il 3 marzo 2025 il consiglio ha approvato il piano.",
        "31 février 2025",  # no such day
        "12 juin",  # no year
        "juin 2024",  # no day
    ],
)
def test_sentences_and_partial_dates_in_other_languages_are_not_date_lines(line: str) -> None:
    assert find_stamps(f"Titre de la dépêche\n{line}\n\nLe conseil a voté le budget.") == ()


def test_french_original_wins_over_its_update() -> None:
    text = (
        "Le port rouvre ses quais\nPublié le 12 juin 2024 à 08h05 · Mis à jour le "
        "13 juin 2024 à 10h00\n\nLe port a rouvert ses quais mercredi."
    )
    stamps = find_stamps(text)
    assert publication_stamp(stamps).date == dt.date(2024, 6, 12)
    assert update_stamp(stamps).date == dt.date(2024, 6, 13)


_FOREIGN_FORMATS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "ru": (
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


@given(
    when=st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    language=st.sampled_from(sorted(_FOREIGN_FORMATS)),
)
def test_a_foreign_date_is_found_as_written(when: dt.datetime, language: str) -> None:
    month = _FOREIGN_FORMATS[language][when.month - 1]
    line = {
        "fr": f"Publié le {when.day} {month} {when.year} à {when:%Hh%M}",
        "ru": f"{when.day} {month} {when.year} года, {when:%H:%M}",
        "es": f"{when.day} de {month} de {when.year}, {when:%H:%M}",
        "de": f"{when.day}. {month} {when.year} um {when:%H:%M} Uhr",
    }[language]
    [stamp] = find_stamps(f"Titre\n{line}\n\nCorps de la dépêche.")
    assert stamp.timestamp == when.replace(second=0, microsecond=0)
