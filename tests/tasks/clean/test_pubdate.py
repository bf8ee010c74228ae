"""Publication-date resolution: the evidence cascade, the range rule, date lines, and the
property that no text or fetch time makes it raise or leave the allowed range."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import CORPORA, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.clean.pubdate import (
    DATE_SOURCES,
    EARLIEST_DATE,
    resolve_published_date,
)
from storywire.tasks.clean.wire import parse_wire_text
from storywire.tasks.records import Dateline

FETCHED_2026 = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


def _dl(
    month: int | None = None,
    day: int | None = None,
    year: int | None = None,
    weekday: int | None = None,
    valid: bool = True,
) -> Dateline:
    return Dateline(
        raw="PLACE",
        place="Place",
        agency="AP",
        month=month,
        day=day,
        year=year,
        weekday=weekday,
        date_valid=valid,
    )


# --------------------------------------------------------------------------- resolution


def test_metadata_wins_and_keeps_timestamp_and_offset() -> None:
    published = dt.datetime(2021, 3, 4, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    resolved = resolve_published_date(
        _dl(3, 4), "Body.", metadata=published, metadata_source="metadata", fetched_at=FETCHED_2026
    )
    assert resolved.date == dt.date(2021, 3, 4)
    assert resolved.source == "metadata"
    assert resolved.timestamp == published
    assert resolved.timezone == "+03:00"
    assert resolved.warnings == ()


def test_metadata_zoneinfo_name_is_kept() -> None:
    published = dt.datetime(2022, 7, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    resolved = resolve_published_date(None, "Body.", metadata=published, metadata_source="feed")
    assert (resolved.source, resolved.timezone) == ("feed", "Europe/Moscow")


def test_metadata_date_without_time() -> None:
    resolved = resolve_published_date(
        None, "", metadata=dt.date(2019, 5, 2), metadata_source="html"
    )
    assert (resolved.date, resolved.source, resolved.timestamp) == (
        dt.date(2019, 5, 2),
        "html",
        None,
    )


def test_dateline_disagreeing_with_metadata_is_flagged() -> None:
    resolved = resolve_published_date(
        _dl(10, 26), "Body.", metadata=dt.date(2020, 11, 3), metadata_source="feed"
    )
    assert resolved.date == dt.date(2020, 11, 3)
    assert "dateline_metadata_mismatch" in resolved.warnings


def test_dateline_one_day_off_metadata_is_fine() -> None:
    # Filed late in the evening in Asia, stamped the next day in UTC.
    resolved = resolve_published_date(
        _dl(12, 31), "Body.", metadata=dt.date(2021, 1, 1), metadata_source="feed"
    )
    assert resolved.warnings == ()


def test_unknown_metadata_source_is_rejected() -> None:
    with pytest.raises(ValueError, match="metadata_source must be one of"):
        resolve_published_date(None, "", metadata=dt.date(2020, 1, 1), metadata_source="guess")


def test_dateline_with_full_year() -> None:
    resolved = resolve_published_date(_dl(1, 5, 1998), "Body.", fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(1998, 1, 5), "dateline")


def test_invalid_dateline_date_never_rolls_over() -> None:
    resolved = resolve_published_date(
        _dl(2, 30, valid=False), "Talks ended on Monday in 2019.", fetched_at=FETCHED_2026
    )
    assert resolved.date is None
    assert "invalid_dateline_date" in resolved.warnings


def test_invalid_dateline_with_metadata_uses_metadata() -> None:
    resolved = resolve_published_date(
        _dl(2, 30, valid=False), "", metadata=dt.date(2024, 3, 1), metadata_source="metadata"
    )
    assert resolved.date == dt.date(2024, 3, 1)
    assert "invalid_dateline_date" in resolved.warnings


def test_unconstrained_year_falls_back_to_fetch_year_with_warning() -> None:
    resolved = resolve_published_date(
        _dl(7, 4), "Crowds watched the fireworks.", fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source) == (dt.date(2026, 7, 4), "fetched")
    assert "year_unconstrained" in resolved.warnings


def test_unconstrained_year_fallback_never_lands_after_fetch() -> None:
    resolved = resolve_published_date(
        _dl(12, 30),
        "Crowds watched the fireworks.",
        fetched_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
    )
    assert resolved.date == dt.date(2025, 12, 30)


def test_unconstrained_year_without_fetch_time_gives_no_date() -> None:
    resolved = resolve_published_date(_dl(7, 4), "Crowds watched the fireworks.")
    assert resolved.date is None and resolved.source is None
    assert "year_unconstrained" in resolved.warnings


@pytest.mark.parametrize("dateline", [None, _dl(), _dl(weekday=0)])
def test_no_date_cues_at_all_falls_back_to_the_fetch_date_labelled(
    dateline: Dateline | None,
) -> None:
    resolved = resolve_published_date(dateline, "Some text.", fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (FETCHED_2026.date(), "fetched")
    assert "date_from_fetch_time" in resolved.warnings
    assert resolve_published_date(dateline, "Some text.").date is None


# --------------------------------------------------------------------------- range rule


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.date(1066, 10, 14), "1066-10-14"),
        (dt.date(1, 1, 1), "0001-01-01"),
        (dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC), "9999-12-31"),
        (dt.date(2026, 11, 25), "2026-11-25"),  # two days after the fetch
    ],
)
@pytest.mark.parametrize("source", ["metadata", "html", "feed"])
def test_out_of_range_evidence_is_discarded_and_the_cascade_goes_on(
    value: dt.date, shown: str, source: str
) -> None:
    resolved = resolve_published_date(
        _dl(1, 5, 1998), "Body.", metadata=value, metadata_source=source, fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source) == (dt.date(1998, 1, 5), "dateline")
    assert f"date_out_of_range:{source}:{shown}" in resolved.warnings


def test_the_day_after_the_fetch_is_still_in_range() -> None:
    # A story stamped in Asia's tomorrow while the fetch clock still reads today.
    resolved = resolve_published_date(
        None,
        "Body.",
        metadata=dt.date(2026, 11, 24),
        metadata_source="feed",
        fetched_at=FETCHED_2026,
    )
    assert (resolved.date, resolved.source, resolved.warnings) == (
        dt.date(2026, 11, 24),
        "feed",
        (),
    )


def test_earliest_allowed_date_is_1800() -> None:
    kept = resolve_published_date(None, "Body.", metadata=EARLIEST_DATE, fetched_at=FETCHED_2026)
    assert kept.date == EARLIEST_DATE
    dropped = resolve_published_date(
        None, "Body.", metadata=dt.date(1799, 12, 31), fetched_at=FETCHED_2026
    )
    assert dropped.source == "fetched"
    assert "date_out_of_range:metadata:1799-12-31" in dropped.warnings


def test_future_mtime_falls_back_to_the_fetch_time_of_the_run() -> None:
    resolved = resolve_published_date(
        None, "Body.", fetched_at=FETCHED_2026, modified_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    )
    assert (resolved.date, resolved.source) == (FETCHED_2026.date(), "fetched")
    assert "date_out_of_range:mtime:2099-01-01" in resolved.warnings


def test_mtime_in_range_dates_an_undated_file() -> None:
    mtime = dt.datetime(2024, 2, 1, 8, tzinfo=dt.UTC)
    resolved = resolve_published_date(None, "Body.", fetched_at=FETCHED_2026, modified_at=mtime)
    assert (resolved.date, resolved.source) == (dt.date(2024, 2, 1), "fetched")
    assert "date_from_fetch_time" in resolved.warnings


def test_mtime_bounds_year_inference() -> None:
    # Oct 26 was a Monday in 2020 and 2026; a file written in 2023 cannot be from 2026.
    resolved = resolve_published_date(
        _dl(10, 26),
        "Officials said on Monday that talks failed.",
        fetched_at=FETCHED_2026,
        modified_at=dt.datetime(2023, 5, 1, tzinfo=dt.UTC),
    )
    assert (resolved.date, resolved.source) == (dt.date(2020, 10, 26), "inferred")


@pytest.mark.parametrize("saved", [dt.datetime(2025, 3, 12, 9, tzinfo=dt.UTC), dt.datetime(2025, 3, 14, 23, tzinfo=dt.UTC)])
def test_a_file_saved_on_its_dateline_day_gives_the_year(saved) -> None:
    # The story speaks of Tuesday's vote (2025-03-11) and of 2022; weekday reasoning alone
    # would pick a year where March 12 is a Tuesday. A file saved on the dateline's day, or
    # within two days of it, is a fresh copy: its year is the story's.
    resolved = resolve_published_date(
        _dl(3, 12),
        "Lawmakers approved the budget on Tuesday, the first since the reform of April 2022.",
        fetched_at=FETCHED_2026,
        modified_at=saved,
    )
    assert (resolved.date, resolved.source) == (dt.date(2025, 3, 12), "inferred")
    assert "year_from_file_time" in resolved.warnings


def test_a_file_saved_months_later_leaves_the_year_to_the_text() -> None:
    resolved = resolve_published_date(
        _dl(3, 12),
        "Lawmakers approved the budget on Tuesday, the first since the reform of April 2022.",
        fetched_at=FETCHED_2026,
        modified_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
    )
    assert resolved.source == "inferred" and "year_from_file_time" not in resolved.warnings
    assert resolved.date is not None and resolved.date.weekday() in (1, 2)  # Tuesday, or the day after


def test_fetch_time_out_of_range_too_gives_no_date() -> None:
    broken_clock = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    resolved = resolve_published_date(
        None, "Body.", fetched_at=broken_clock, modified_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    )
    assert (resolved.date, resolved.source) == (None, None)
    assert "date_out_of_range:mtime:2099-01-01" in resolved.warnings
    assert "date_out_of_range:fetched:1601-01-01" in resolved.warnings


def test_dateline_year_out_of_range_is_discarded() -> None:
    resolved = resolve_published_date(_dl(10, 14, 1066), "Body.", fetched_at=FETCHED_2026)
    assert resolved.source == "fetched"
    assert "date_out_of_range:dateline:1066-10-14" in resolved.warnings


# --------------------------------------------------------------------------- date lines

_XINHUA_STYLE = """Rail link between two southwestern cities opens to passengers
Source: Xinhua| 2022-11-02 20:13:45|Editor: huaxia

KUNMING, Nov. 2 (Xinhua) -- A high-speed railway linking the provincial capital with a
border city opened to passengers on Wednesday, cutting the trip from seven hours to two.

Construction began in April 2016, local officials said. Enditem
"""


def _resolve_text(text: str, **kwargs: object) -> tuple[object, ...]:
    parsed = parse_wire_text(text)
    resolved = resolve_published_date(
        parsed.dateline,
        "\n\n".join(parsed.body_paragraphs),
        fetched_at=FETCHED_2026,
        text=text,
        **kwargs,
    )
    return resolved.date, resolved.source, resolved.timestamp, resolved.timezone, resolved.warnings


def test_agency_source_line_dates_the_story_instead_of_year_inference() -> None:
    date, source, timestamp, tz, warnings = _resolve_text(_XINHUA_STYLE)
    assert (date, source) == (dt.date(2022, 11, 2), "text")
    # No zone written: Xinhua stamps its copy with Beijing time.
    assert timestamp == dt.datetime(2022, 11, 2, 20, 13, 45, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert tz == "Asia/Shanghai" and "timezone_from_agency" in warnings
    assert "dateline_metadata_mismatch" not in warnings
    # Without the line, its year is inferred wrongly: the first Wednesday Nov. 2 after April 2016.
    parsed = parse_wire_text(_XINHUA_STYLE)
    body = "\n\n".join(parsed.body_paragraphs)
    inferred = resolve_published_date(parsed.dateline, body, fetched_at=FETCHED_2026)
    assert (inferred.date, inferred.source) == (dt.date(2016, 11, 2), "inferred")


def test_date_line_with_zone_fills_timestamp_and_zone() -> None:
    text = (
        "Transit agency orders 40 electric buses\nBy Corinne Maddox\n"
        "June 11, 2024 at 8:05 AM EDT\n\nThe regional transit agency approved the order "
        "on Tuesday, its largest purchase in a decade."
    )
    date, source, timestamp, tz, _ = _resolve_text(text)
    assert (date, source, tz) == (dt.date(2024, 6, 11), "text", "-04:00")
    assert timestamp.astimezone(dt.UTC) == dt.datetime(2024, 6, 11, 12, 5, tzinfo=dt.UTC)


def test_date_line_beats_dateline() -> None:
    text = (
        "Harbour operator trims forecast\nMarch 3, 2025 11:42 AM GMT Updated 2 hours ago\n\n"
        "LONDON, March 3 (Reuters) - The harbour operator cut its volume forecast on Monday."
    )
    date, source, timestamp, _, warnings = _resolve_text(text)
    assert (date, source) == (dt.date(2025, 3, 3), "text")
    assert timestamp == dt.datetime(2025, 3, 3, 11, 42, tzinfo=dt.UTC)
    assert warnings == ()


def test_labelled_date_line_beats_a_disagreeing_dateline_flagged() -> None:
    text = (
        "Harbour operator trims forecast\nPublished: March 3, 2025 11:42 AM GMT\n\n"
        "LONDON, March 9 (Reuters) - The harbour operator cut its volume forecast on Monday."
    )
    date, source, _, _, warnings = _resolve_text(text)
    assert (date, source) == (dt.date(2025, 3, 3), "text")
    assert "dateline_metadata_mismatch" in warnings


def test_bare_date_line_the_dateline_contradicts_is_set_aside() -> None:
    # A bare date in the header zone 4 months from the dateline: an event's date, not the story's.
    text = (
        "Harbour festival returns\nJuly 12, 2025\n\n"
        "PORT AVALEN, March 9, 2025 (CWN) - Organisers announced the dates of the summer festival."
    )
    date, source, _, _, warnings = _resolve_text(text)
    assert (date, source) == (dt.date(2025, 3, 9), "dateline")
    assert "date_line_contradicts_dateline:2025-07-12" in warnings


def test_metadata_beats_date_line() -> None:
    text = "Headline here\nPublished: March 3, 2025\n\nBody of the story, told in one line."
    resolved = resolve_published_date(
        None,
        "Body.",
        metadata=dt.date(2025, 3, 4),
        metadata_source="feed",
        fetched_at=FETCHED_2026,
        text=text,
    )
    assert (resolved.date, resolved.source) == (dt.date(2025, 3, 4), "feed")


def test_out_of_range_metadata_gives_way_to_the_date_line() -> None:
    text = "Headline here\nPublished: March 3, 2025\n\nBody of the story, told in one line."
    resolved = resolve_published_date(
        None,
        "Body.",
        metadata=dt.date(1, 1, 1),
        metadata_source="metadata",
        fetched_at=FETCHED_2026,
        text=text,
    )
    assert (resolved.date, resolved.source) == (dt.date(2025, 3, 3), "text")
    assert "date_out_of_range:metadata:0001-01-01" in resolved.warnings


def test_original_publication_wins_over_update() -> None:
    text = (
        "Storm closes mountain pass\nUpdated: March 5, 2025 | Published: March 3, 2025\n\n"
        "Snow closed the pass for a second day."
    )
    date, source, *_ = _resolve_text(text)
    assert (date, source) == (dt.date(2025, 3, 3), "text")


def test_update_line_gives_a_yearless_dateline_its_year() -> None:
    text = (
        "Ministers agree grain corridor terms\nLast updated on 01/04/2024 at 5 p.m. ET\n\n"
        "ANKARA, Dec. 30 (AP) — Ministers agreed the terms after talks that ran late."
    )
    date, source, _, _, warnings = _resolve_text(text)
    assert (date, source) == (dt.date(2023, 12, 30), "inferred")
    assert "year_from_date_line" in warnings


def test_update_line_alone_dates_the_story_flagged() -> None:
    text = "Council budget vote\nUpdated: 11.03.2025 14:05\n\nThe council voted on the budget."
    date, source, timestamp, _, warnings = _resolve_text(text)
    assert (date, source) == (dt.date(2025, 3, 11), "text")
    assert timestamp == dt.datetime(2025, 3, 11, 14, 5)
    assert "date_from_update_line" in warnings


def test_date_line_in_the_future_is_discarded() -> None:
    text = "Headline here\nPublished: Jan. 2, 2099\n\nBody of the story, told in one line."
    date, source, _, _, warnings = _resolve_text(text)
    assert (date, source) == (FETCHED_2026.date(), "fetched")
    assert "date_out_of_range:text:2099-01-02" in warnings


def test_body_is_searched_when_no_text_is_given() -> None:
    resolved = resolve_published_date(
        None, "Posted on 22 April 2022 by the farm desk\n\nBody.", fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source) == (dt.date(2022, 4, 22), "text")


def test_a_date_line_found_outside_the_text_may_be_passed_as_text_evidence() -> None:
    resolved = resolve_published_date(
        None,
        "Body.",
        metadata=dt.date(2022, 4, 22),
        metadata_source="text",
        fetched_at=FETCHED_2026,
    )
    assert (resolved.date, resolved.source) == (dt.date(2022, 4, 22), "text")


# --------------------------------------------------------------------------- properties

_ANY_DATE = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5))]),
    ),
)
_FETCH = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(dt.UTC)
)
_DATELINES = st.builds(
    lambda m, d, y, wd: Dateline(
        raw="X", month=m, day=d, year=y, weekday=wd, date_valid=m is None or d is None or (d <= 28)
    ),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 31)),
    st.one_of(st.none(), st.integers(1, 9999)),
    st.one_of(st.none(), st.integers(0, 6)),
)
_DATE_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "Published: Sept. 28, 2023, 9:12 p.m.",
                "Updated 2 hours ago",
                "June 11, 2024 at 8:05 AM EDT",
                "Source: Xinhua| 0001-11-02 20:13:45|Editor: x",
                "31.02.2025 14:05",
                "9999-12-31",
                "Posted on 22 April 2022 by the desk",
                "",
                "By Jane Doe | March 3, 2025",
                "BODY TEXT.",
            ]
        ),
        max_size=8,
    ).map("\n".join),
)


@given(
    text=_DATE_TEXT,
    dateline=st.one_of(st.none(), _DATELINES),
    metadata=st.one_of(st.none(), _ANY_DATE),
    source=st.sampled_from(sorted(["metadata", "html", "feed", "text"])),
    fetched=st.one_of(st.none(), _FETCH),
    modified=st.one_of(st.none(), _FETCH),
)
@settings(max_examples=300, deadline=None)
def test_resolution_never_raises_and_stays_in_range(
    text: str,
    dateline: Dateline | None,
    metadata: dt.date | None,
    source: str,
    fetched: dt.datetime | None,
    modified: dt.datetime | None,
) -> None:
    resolved = resolve_published_date(
        dateline,
        text,
        metadata=metadata,
        metadata_source=source,
        fetched_at=fetched,
        modified_at=modified,
        text=text,
    )
    assert resolved.source is None or resolved.source in DATE_SOURCES
    assert (resolved.date is None) == (resolved.source is None)
    if resolved.date is not None:
        latest = (fetched or dt.datetime.now(dt.UTC)).date() + dt.timedelta(days=1)
        assert EARLIEST_DATE <= resolved.date <= latest
    if resolved.timestamp is not None:
        assert resolved.timestamp.date() == resolved.date


# --------------------------------------------------------------------------- demo samples

SAMPLES = ROOT / "samples"


@pytest.mark.parametrize(
    ("name", "expected", "source"),
    [
        ("tass_astana_no_year.txt", dt.date(2023, 9, 12), "inferred"),
        ("xinhua_kunming_rail.txt", dt.date(2023, 11, 2), "inferred"),
        ("upi_new_orleans_full_year.txt", dt.date(2019, 8, 29), "dateline"),
        ("ap_seattle_ferries.txt", FETCHED_2026.date(), "fetched"),
    ],
)
def test_bundled_samples_resolve_as_the_demo_promises(
    name: str, expected: dt.date | None, source: str | None
) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} not bundled")
    parsed = parse_wire_text(path.read_text(encoding="utf-8"))
    resolved = resolve_published_date(
        parsed.dateline, "\n\n".join(parsed.body_paragraphs), fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source) == (expected, source)


# --------------------------------------------------------------------------- public corpora


@pytest.mark.corpus
@pytest.mark.parametrize(("lag_days", "floor"), [(30, 0.6), (3650, 0.15)])
def test_year_inference_on_archived_wire_stories(lag_days: int, floor: float) -> None:
    """Hide each TimeBank/AQUAINT and IE-ER story's year; resolve it from a month/day dateline.

    ``fetched_at`` is the creation date plus ``lag_days``. Prints the share resolved
    correctly (run with ``-s``); the floors guard against regressions only.
    """
    import json

    docs = []
    for name in ("tbaq", "ieer"):
        path = CORPORA / name / "gold.jsonl"
        if not path.exists():
            pytest.skip(f"{path} not available")
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            parsed = parse_wire_text(row["text"])
            docs.append(
                (dt.date.fromisoformat(row["dct"][:10]), "\n\n".join(parsed.body_paragraphs))
            )
    correct = 0
    for created, body in docs:
        fetched = dt.datetime.combine(created + dt.timedelta(days=lag_days), dt.time(12))
        resolved = resolve_published_date(_dl(created.month, created.day), body, fetched_at=fetched)
        correct += resolved.date == created
    share = correct / len(docs)
    print(f"\nyear resolution, fetch lag {lag_days} days: {correct}/{len(docs)} = {share:.2f}")
    assert share >= floor


# --------------------------------------------------------------------------- evidence lists


def test_every_evidence_reaches_the_cascade_and_out_of_range_ones_give_way() -> None:
    resolved = resolve_published_date(
        None,
        "Body.",
        metadata=dt.date(1, 1, 1),
        metadata_source="metadata",
        evidence=[("html", dt.date(2099, 1, 1)), ("feed", dt.date(2024, 6, 11))],
        fetched_at=FETCHED_2026,
    )
    assert (resolved.date, resolved.source) == (dt.date(2024, 6, 11), "feed")
    assert "date_out_of_range:metadata:0001-01-01" in resolved.warnings
    assert "date_out_of_range:html:2099-01-01" in resolved.warnings


def test_unknown_evidence_source_is_rejected() -> None:
    with pytest.raises(ValueError, match="metadata_source must be one of"):
        resolve_published_date(None, "", evidence=[("url", dt.date(2020, 1, 1))])


# --------------------------------------------------------------------------- url dates

_URL = "https://coastal.example/news/2024/06/11/ferry-fares-rise"


def test_url_day_comes_after_a_full_dateline_and_before_inference() -> None:
    body = "The board approved the fares on Tuesday."
    assert (
        resolve_published_date(
            _dl(6, 11, 2024), body, url=_URL.replace("06/11", "06/12"), fetched_at=FETCHED_2026
        ).source
        == "dateline"
    )
    resolved = resolve_published_date(_dl(6, 11), body, url=_URL, fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(2024, 6, 11), "url")
    resolved = resolve_published_date(None, body, url=_URL, fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(2024, 6, 11), "url")


def test_url_day_the_dateline_contradicts_lends_only_its_year() -> None:
    resolved = resolve_published_date(
        _dl(10, 26), "Talks failed.", url=_URL, fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source) == (dt.date(2024, 10, 26), "inferred")
    assert "url_date_contradicts_dateline:2024-06-11" in resolved.warnings
    assert "year_from_url" in resolved.warnings


def test_url_year_and_month_give_a_yearless_dateline_its_year() -> None:
    # Dec. 30 under /2025/01/: the year before the URL's.
    resolved = resolve_published_date(
        _dl(12, 30),
        "Crowds watched the fireworks.",
        url="https://coastal.example/2025/01/fireworks",
        fetched_at=FETCHED_2026,
    )
    assert (resolved.date, resolved.source) == (dt.date(2024, 12, 30), "inferred")


def test_url_day_out_of_range_is_discarded() -> None:
    resolved = resolve_published_date(
        None, "Body.", url="https://x.example/2099/01/02/a", fetched_at=FETCHED_2026
    )
    assert resolved.source == "fetched"
    assert "date_out_of_range:url:2099-01-02" in resolved.warnings


def test_text_date_line_beats_the_url() -> None:
    text = "Ferry fares rise\nPublished: June 12, 2024\n\nThe board approved the fares."
    resolved = resolve_published_date(None, text, url=_URL, fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(2024, 6, 12), "text")


# --------------------------------------------------------------------------- times without zones


def _place(place: str, agency: str | None = None) -> Dateline:
    return Dateline(raw=place.upper(), place=place, agency=agency)


def test_time_without_zone_takes_a_zone_written_on_another_line() -> None:
    text = (
        "Ferry fares rise\nPublished: March 3, 2025 11:42 AM | Updated: June 12, 2025 "
        "9:10 AM EDT\n\nThe board approved the fares."
    )
    resolved = resolve_published_date(None, text, fetched_at=FETCHED_2026)
    # March 3 is before daylight saving: the New York clock read 11:42 EST.
    assert resolved.timestamp.astimezone(dt.UTC) == dt.datetime(2025, 3, 3, 16, 42, tzinfo=dt.UTC)
    assert resolved.timezone == "America/New_York"
    assert "timezone_from_text" in resolved.warnings


def test_time_without_zone_takes_the_dateline_city_zone() -> None:
    text = "Ferry fares rise\nPublished: March 3, 2025 11:42 AM\n\nThe board approved the fares."
    resolved = resolve_published_date(_place("Kyiv, Ukraine"), text, fetched_at=FETCHED_2026)
    assert resolved.timezone == "Europe/Kyiv"
    assert resolved.timestamp.astimezone(dt.UTC) == dt.datetime(2025, 3, 3, 9, 42, tzinfo=dt.UTC)
    assert "timezone_from_dateline" in resolved.warnings
    # The agency's clock comes before the place's.
    resolved = resolve_published_date(_place("Kyiv, Ukraine", "AP"), text, fetched_at=FETCHED_2026)
    assert (resolved.timezone, resolved.warnings[-1]) == (
        "America/New_York",
        "timezone_from_agency",
    )


def test_time_without_any_zone_evidence_is_kept_naive_and_flagged() -> None:
    text = "Ferry fares rise\nPublished: March 3, 2025 11:42 AM\n\nThe board approved the fares."
    resolved = resolve_published_date(
        _place("Port Avalen"), text, agency="Island Gazette", fetched_at=FETCHED_2026
    )
    assert (resolved.date, resolved.source, resolved.timezone) == (
        dt.date(2025, 3, 3),
        "text",
        None,
    )
    assert resolved.timestamp is not None and resolved.timestamp.tzinfo is None
    assert "time_without_zone" in resolved.warnings


def test_naive_feed_time_takes_the_zone_of_an_aware_sibling() -> None:
    resolved = resolve_published_date(
        None,
        "Body.",
        evidence=[
            ("feed", dt.datetime(2024, 6, 11, 8, 5)),
            ("html", dt.datetime(2024, 6, 11, 8, 5, tzinfo=ZoneInfo("Europe/Moscow"))),
        ],
        fetched_at=FETCHED_2026,
    )
    assert (resolved.source, resolved.timezone) == ("feed", "Europe/Moscow")


def test_french_date_line_dates_the_story() -> None:
    text = (
        "Le port rouvre ses quais\nPublié le 12 juin 2024 à 08h05\n\n"
        "Le port a rouvert ses quais mercredi, a annoncé la capitainerie."
    )
    resolved = resolve_published_date(_place("Marseille"), text, fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source, resolved.timezone) == (
        dt.date(2024, 6, 12),
        "text",
        "Europe/Paris",
    )
    assert resolved.timestamp.astimezone(dt.UTC) == dt.datetime(2024, 6, 12, 6, 5, tzinfo=dt.UTC)


@given(
    text=st.text(max_size=400),
    url=st.one_of(
        st.none(),
        st.text(max_size=60).map(lambda t: "https://x.example/" + t),
        st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: f"https://x.example/{d:%Y/%m/%d}/a"),
    ),
    naive=st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1, 1, 2))),
    place=st.one_of(
        st.none(), st.sampled_from(["Moscow", "Springfield", "Port Avalen"]), st.text(max_size=20)
    ),
    fetched=st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.just(dt.UTC),
    ),
)
@settings(max_examples=200, deadline=None)
def test_url_and_zone_steps_never_raise_and_stay_in_range(
    text: str, url: str | None, naive: dt.datetime | None, place: str | None, fetched: dt.datetime
) -> None:
    dateline = Dateline(raw="X", place=place, agency=None) if place is not None else None
    evidence = [("feed", naive)] if naive is not None else []
    resolved = resolve_published_date(
        dateline, text, evidence=evidence, url=url, fetched_at=fetched, text=text
    )
    if resolved.date is not None:
        assert EARLIEST_DATE <= resolved.date <= fetched.date() + dt.timedelta(days=1)
    if resolved.timestamp is not None:
        assert resolved.timestamp.date() == resolved.date
        assert (resolved.timestamp.tzinfo is None) == ("time_without_zone" in resolved.warnings)
