"""Publication-date resolution: metadata precedence and year inference from the text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from conftest import CORPORA, FIXTURES, ROOT

from storywire.tasks.clean.pubdate import infer_year, resolve_published_date
from storywire.tasks.clean.wire import parse_wire_text
from storywire.tasks.records import Dateline

WIRE = FIXTURES / "wire"
FETCHED_2026 = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


def _story(name: str) -> tuple[Dateline | None, str]:
    parsed = parse_wire_text((WIRE / name).read_text(encoding="utf-8"))
    return parsed.dateline, "\n\n".join(parsed.body_paragraphs)


def _dl(month: int | None = None, day: int | None = None, year: int | None = None,
        weekday: int | None = None, valid: bool = True) -> Dateline:
    return Dateline(raw="PLACE", place="Place", agency="AP", month=month, day=day, year=year,
                    weekday=weekday, date_valid=valid)


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


# --------------------------------------------------------------------------- resolution


def test_metadata_wins_and_keeps_timestamp_and_offset() -> None:
    published = dt.datetime(2021, 3, 4, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    resolved = resolve_published_date(_dl(3, 4), "Body.", metadata=published,
                                      metadata_source="metadata", fetched_at=FETCHED_2026)
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
    resolved = resolve_published_date(None, "", metadata=dt.date(2019, 5, 2),
                                      metadata_source="html")
    assert (resolved.date, resolved.source, resolved.timestamp) == (dt.date(2019, 5, 2), "html", None)


def test_dateline_disagreeing_with_metadata_is_flagged() -> None:
    resolved = resolve_published_date(_dl(10, 26), "Body.", metadata=dt.date(2020, 11, 3),
                                      metadata_source="feed")
    assert resolved.date == dt.date(2020, 11, 3)
    assert "dateline_metadata_mismatch" in resolved.warnings


def test_dateline_one_day_off_metadata_is_fine() -> None:
    # Filed late in the evening in Asia, stamped the next day in UTC.
    resolved = resolve_published_date(_dl(12, 31), "Body.", metadata=dt.date(2021, 1, 1),
                                      metadata_source="feed")
    assert resolved.warnings == ()


def test_unknown_metadata_source_is_rejected() -> None:
    with pytest.raises(ValueError, match="metadata_source must be one of"):
        resolve_published_date(None, "", metadata=dt.date(2020, 1, 1), metadata_source="guess")


def test_dateline_with_full_year() -> None:
    resolved = resolve_published_date(_dl(1, 5, 1998), "Body.", fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(1998, 1, 5), "dateline")


def test_invalid_dateline_date_never_rolls_over() -> None:
    resolved = resolve_published_date(_dl(2, 30, valid=False), "Talks ended on Monday in 2019.",
                                      fetched_at=FETCHED_2026)
    assert resolved.date is None
    assert "invalid_dateline_date" in resolved.warnings


def test_invalid_dateline_with_metadata_uses_metadata() -> None:
    resolved = resolve_published_date(_dl(2, 30, valid=False), "", metadata=dt.date(2024, 3, 1),
                                      metadata_source="metadata")
    assert resolved.date == dt.date(2024, 3, 1)
    assert "invalid_dateline_date" in resolved.warnings


def test_unconstrained_year_falls_back_to_fetch_year_with_warning() -> None:
    resolved = resolve_published_date(_dl(7, 4), "Crowds watched the fireworks.",
                                      fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (dt.date(2026, 7, 4), "fetched")
    assert "year_unconstrained" in resolved.warnings


def test_unconstrained_year_fallback_never_lands_after_fetch() -> None:
    resolved = resolve_published_date(_dl(12, 30), "Crowds watched the fireworks.",
                                      fetched_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert resolved.date == dt.date(2025, 12, 30)


def test_unconstrained_year_without_fetch_time_gives_no_date() -> None:
    resolved = resolve_published_date(_dl(7, 4), "Crowds watched the fireworks.")
    assert resolved.date is None and resolved.source is None
    assert "year_unconstrained" in resolved.warnings


@pytest.mark.parametrize("dateline", [None, _dl(), _dl(weekday=0)])
def test_no_date_cues_at_all_falls_back_to_the_fetch_date_labelled(dateline: Dateline | None) -> None:
    resolved = resolve_published_date(dateline, "Some text.", fetched_at=FETCHED_2026)
    assert (resolved.date, resolved.source) == (FETCHED_2026.date(), "fetched")
    assert "date_from_fetch_time" in resolved.warnings
    assert resolve_published_date(dateline, "Some text.").date is None


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
    resolved = resolve_published_date(parsed.dateline, "\n\n".join(parsed.body_paragraphs),
                                      fetched_at=FETCHED_2026)
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
            docs.append((dt.date.fromisoformat(row["dct"][:10]),
                         "\n\n".join(parsed.body_paragraphs)))
    correct = 0
    for created, body in docs:
        fetched = dt.datetime.combine(created + dt.timedelta(days=lag_days), dt.time(12))
        resolved = resolve_published_date(_dl(created.month, created.day), body,
                                          fetched_at=fetched)
        correct += resolved.date == created
    share = correct / len(docs)
    print(f"\nyear resolution, fetch lag {lag_days} days: {correct}/{len(docs)} = {share:.2f}")
    assert share >= floor
