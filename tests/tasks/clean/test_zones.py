"""Zones for times written without one: which evidence counts, and what is left unzoned."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.clean.agencies import AGENCIES, home_zone
from storywire.tasks.clean.zones import infer_zone, place_zone

WINTER = dt.datetime(2025, 1, 15, 11, 42)
SUMMER = dt.datetime(2024, 6, 11, 8, 5)
EDT = dt.timezone(dt.timedelta(hours=-4))


@pytest.mark.parametrize(
    ("place", "zone"),
    [
        ("Kyiv, Ukraine", "Europe/Kyiv"),
        ("KIEV", "Europe/Kyiv"),  # an alternate spelling of the gazetteer
        ("Seattle", "America/Los_Angeles"),  # a city of a many-zone country: its own zone
        ("São Paulo", "America/Sao_Paulo"),
        ("SAO PAULO", "America/Sao_Paulo"),
        ("Paris", "Europe/Paris"),  # Paris, Texas is too small to make "Paris" doubtful
        ("Tiraspol, Moldova", "Europe/Chisinau"),
        ("Port Avalen", None),  # not in the gazetteer
        ("Springfield", None),  # many Springfields, in several zones
        ("Atlanta, Georgia", None),  # the qualifier names a country the city is not in
        ("Ukraine", None),  # a country with two offsets (Kyiv and Simferopol)
        ("", None),
        (None, None),
    ],
)
def test_place_zone(place: str | None, zone: str | None) -> None:
    assert place_zone(place, WINTER) == zone


def test_written_zone_of_another_line_wins_and_follows_daylight_saving() -> None:
    # "Updated ... EDT" in summer; the publication in January was in EST, same clock.
    found = infer_zone(WINTER, written=[("EDT", EDT)], agencies=["TASS"], place="Moscow")
    assert (found.name, found.how) == ("America/New_York", "text")
    assert WINTER.replace(tzinfo=found.tzinfo).utcoffset() == dt.timedelta(hours=-5)


def test_written_fixed_offset_is_kept_as_an_offset() -> None:
    found = infer_zone(SUMMER, written=[("+05:30", dt.timezone(dt.timedelta(hours=5.5)))])
    assert (found.name, found.how) == ("+05:30", "text")


def test_written_zones_that_disagree_are_no_evidence() -> None:
    found = infer_zone(SUMMER, written=[("EDT", EDT), ("CET", dt.timezone(dt.timedelta(hours=1)))])
    assert found is None


def test_agency_before_dateline_place() -> None:
    # An AP story datelined Kyiv is stamped on the AP's New York clock.
    found = infer_zone(SUMMER, agencies=[None, "Associated Press"], place="Kyiv, Ukraine")
    assert (found.name, found.how) == ("America/New_York", "agency")
    found = infer_zone(SUMMER, agencies=["Island Gazette"], place="Kyiv, Ukraine")
    assert (found.name, found.how) == ("Europe/Kyiv", "dateline")


def test_no_evidence_no_zone() -> None:
    assert infer_zone(SUMMER, agencies=["Reuters"], place="Port Avalen") is None


def test_every_agency_zone_is_a_real_iana_zone() -> None:
    for agency in AGENCIES:
        if agency.zone:
            assert ZoneInfo(agency.zone).key == agency.zone
    assert home_zone("ИТАР-ТАСС") == "Europe/Moscow"
    assert home_zone("Xinhua News Agency") == "Asia/Shanghai"
    assert home_zone("Reuters") is None  # stamps in GMT and local time alike
    assert home_zone(None) is None and home_zone("  ") is None


@given(
    when=st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    place=st.one_of(
        st.none(),
        st.text(max_size=40),
        st.sampled_from(["Moscow", "Kyiv, Ukraine", "Springfield", "Beijing"]),
    ),
    agency=st.one_of(st.none(), st.text(max_size=20), st.sampled_from(["AP", "TASS", "Reuters"])),
)
@settings(max_examples=200, deadline=None)
def test_infer_zone_never_raises_and_names_its_zone(
    when: dt.datetime, place: str | None, agency: str | None
) -> None:
    found = infer_zone(when, agencies=[agency], place=place)
    if found is not None:
        assert found.how in {"agency", "dateline"}
        assert when.replace(tzinfo=found.tzinfo).utcoffset() is not None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_the_ascii_shortcut_of_folding_agrees_with_the_full_fold(name):
    import unicodedata

    from storywire.tasks.clean.zones import _fold

    text = unicodedata.normalize("NFKD", name.casefold())
    assert _fold(name) == " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())
