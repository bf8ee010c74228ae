"""Offline geocoding: ambiguity broken by story context, then by prominence."""

from __future__ import annotations

import itertools
import tracemalloc

import pytest

import storywire.tasks.enrich.geocode as geocode_module
from storywire.tasks.enrich.geocode import (
    CACHED_LOOKUPS,
    PART_OF_TOWN_REASON,
    Place,
    by_own_name,
    country_code_for,
    geocode,
    normalize_place_name,
)


@pytest.mark.parametrize(
    ("name", "context", "country", "feature"),
    [
        ("Paris", (), "FR", "city"),
        ("Paris", ("US",), "US", "city"),  # Paris, Texas when the story is about the US
        ("Paris", ("FR", "US"), "FR", "city"),  # both in context: the bigger one
        ("Georgia", (), "GE", "country"),
        ("Georgia", ("US",), "US", "admin1"),
        ("Georgia", ("RU", "GE"), "GE", "country"),
        ("Moscow", (), "RU", "city"),
        ("Moscow", ("US",), "US", "city"),  # Moscow, Idaho
        ("Birmingham", (), "GB", "city"),
        ("Birmingham", ("US",), "US", "city"),
        ("Washington", (), "US", "city"),  # the capital before the state
        ("New York", (), "US", "city"),  # the city before the state: its short name
        ("Pernambuco", (), "BR", "admin1"),  # the state by its own name, not Recife by an alias
        ("Gedaref", (), "SD", "admin1"),  # likewise, not the town GeoNames calls Al Qadarif
        ("Puno", ("PE",), "PE", "admin1"),  # in a Peruvian story, not Pune (an alias of it)
        ("Irkutsk Region", (), "RU", "admin1"),  # named after its town: the oblast around it
        ("Kherson Oblast", (), "UA", "admin1"),
        ("Idlib Governorate", (), "SY", "admin1"),  # a subdivision by the name itself
        ("Republic of Karakalpakstan", (), "UZ", "admin1"),  # its full name
        ("Texas", (), "US", "admin1"),
        ("England", (), "GB", "admin1"),
        ("Baku", (), "AZ", "city"),
        ("Azerbaijan", (), "AZ", "country"),
        ("Europe", (), None, "continent"),
    ],
)
def test_geocode_breaks_ambiguity_with_context(name, context, country, feature):
    place = geocode(name, context_countries=context)
    assert isinstance(place, Place)
    assert place.country_code == country
    assert place.feature == feature
    assert place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the U.S.", "United States"),
        ("U.S.", "United States"),
        ("USA", "United States"),
        ("America", "United States"),
        ("Britain", "United Kingdom"),
        ("Russian Federation", "Russia"),
        ("South Korea", "South Korea"),
        ("Korea, Republic of", "South Korea"),
        ("Ivory Coast", "Ivory Coast"),
    ],
)
def test_country_aliases_resolve_to_one_country(name, expected):
    place = geocode(name)
    assert place is not None and place.feature == "country"
    assert place.name == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Peking", "Beijing"),
        ("Sao Paulo", "São Paulo"),
        ("SÃO PAULO".replace("Ã", "A"), "São Paulo"),
    ],
)
def test_exonyms_and_accents(name, expected):
    place = geocode(name)
    assert place is not None and place.name == expected


@pytest.mark.parametrize(
    ("name", "expected", "country"),
    [("Puno", "Puno", "PE"), ("Odessa", "Odessa", "US"), ("Sam", "Sam", None), ("Xqzzyville", None, None)],
)
def test_by_own_name_ignores_alternate_names(name, expected, country):
    """Pune lists "Puno", Odesa "Odessa" and Damascus "Sam": by its own name, the place is
    another (Odessa, Texas; a village called Sam, wherever it is)."""
    place = by_own_name(name)
    assert (place and place.name) == expected
    if country:
        assert place.country_code == country


@pytest.mark.parametrize(
    ("name", "context", "town"),
    [("West Greenville", ("US",), "Greenville"), ("North London", (), "London")],
)
def test_a_part_of_a_town_no_gazetteer_lists_gets_the_towns_point(name, context, town):
    place = geocode(name, context_countries=context)
    assert (place.name, place.feature, place.reason) == (town, "city", PART_OF_TOWN_REASON)


@pytest.mark.parametrize(
    ("name", "state"),
    [("S.C.", "South Carolina"), ("Miss.", "Mississippi"), ("Calif.", "California"), ("W.Va.", "West Virginia"),
     ("N.Y.", "New York"), ("Pa.", "Pennsylvania"), ("Ind.", "Indiana"), ("Mo.", "Missouri")],
)
def test_a_us_states_abbreviation_as_datelines_write_it_is_that_state(name, state):
    place = geocode(name, context_countries=("FR",))  # the abbreviation wins over context
    assert (place.name, place.feature, place.country_code) == (state, "admin1", "US")


@pytest.mark.parametrize("name", ["Pa", "Mo", "Miss", "Wash"])
def test_the_same_letters_without_the_period_are_not_a_state(name):
    place = geocode(name)
    assert place is None or place.country_code != "US"


@pytest.mark.parametrize(
    ("name", "state", "country"),
    [("NSW", "New South Wales", "AU"), ("Qld", "Queensland", "AU"), ("Vic.", "Victoria", "AU"),
     ("Tas.", "Tasmania", "AU"), ("B.C.", "British Columbia", "CA"), ("Ont.", "Ontario", "CA"),
     ("Man.", "Manitoba", "CA"), ("Alta.", "Alberta", "CA"), ("Que.", "Quebec", "CA")],
)
def test_an_australian_or_canadian_abbreviation_is_that_state(name, state, country):
    place = geocode(name, context_countries=("ES",))
    assert (place.name, place.feature, place.country_code) == (state, "admin1", country)


@pytest.mark.parametrize(
    ("name", "town", "country"),
    [("Dubbo, NSW", "Dubbo", "AU"), ("Ballarat, Vic", "Ballarat", "AU"), ("Perth, WA", "Perth", "AU"),
     ("Darwin, NT", "Darwin", "AU"), ("Kingston, Ont.", "Kingston", "CA"), ("Seattle, WA", "Seattle", "US")],
)
def test_a_town_before_a_states_abbreviation_is_the_town_there(name, town, country):
    place = geocode(name)
    assert (place.name, place.feature, place.country_code, place.reason) == (town, "city", country, None)


@pytest.mark.parametrize(("name", "not_country"), [("Vic", "AU"), ("Man", "CA"), ("Alta", "CA"), ("WA", "AU")])
def test_an_abbreviation_that_is_also_a_name_needs_its_period_or_comma(name, not_country):
    place = geocode(name)
    assert place is None or place.country_code != not_country


@pytest.mark.parametrize("name", ["South Ocean", "Central Asia", "West Xqzzyville"])
def test_a_compass_word_before_what_is_no_town_finds_nothing(name):
    assert geocode(name) is None


def test_capital_coordinates_are_the_city():
    baku = geocode("Baku")
    assert baku is not None and baku.geonames_id == 587084
    assert abs(baku.latitude - 40.38) < 0.1 and abs(baku.longitude - 49.89) < 0.1


def test_country_coordinates_fall_inside_the_country():
    az = geocode("Azerbaijan")
    assert az is not None and 38 < az.latitude < 42 and 44 < az.longitude < 51


@pytest.mark.parametrize("name", ["", "   ", "Xqzzyville", "the"])
def test_unknown_names_return_none(name):
    assert geocode(name) is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("U.S.", "us"),
        ("the United States", "united states"),
        ("São  Paulo", "sao paulo"),
        ("Winston-Salem", "winston salem"),
        ("St. Louis", "st louis"),
    ],
)
def test_normalize_place_name(name, key):
    assert normalize_place_name(name) == key


@pytest.mark.parametrize(
    ("name", "code"),
    [("the US", "US"), ("U.K.", "GB"), ("Azerbaijan", "AZ"), ("Baku", None), ("Texas", None)],
)
def test_country_code_for(name, code):
    assert country_code_for(name) == code


def test_lookups_in_ever_new_contexts_do_not_grow_memory():
    """Each story brings its own context (the countries it mentions), so a run asks about the
    same names in ever new contexts; what the geocoder remembers must stay bounded."""
    names = [
        "Paris",
        "Georgia",
        "Moscow",
        "Birmingham",
        "Washington",
        "Victoria",
        "Santiago",
        "Santa Cruz",
        "Alexandria",
        "Cordoba",
    ]
    codes = ["US", "GB", "FR", "RU", "GE", "AZ", "CL", "CA", "AU", "DE", "TR", "UA"]
    # 495 distinct contexts of four countries each (equal-sized keys), 4,950 distinct lookups
    contexts = itertools.combinations(codes, 4)

    def ask(contexts, times):
        for context in itertools.islice(contexts, times):
            for name in names:
                assert geocode(name, context_countries=context) is not None

    # Only blocks allocated by the geocoder's code count (the cache's keys and entries): other
    # threads of the test process (a Prefect test server) allocate meanwhile.
    mine = [tracemalloc.Filter(True, geocode_module.__file__)]
    tracemalloc.start()  # (counts blocks allocated from here on: the cache's own entries)
    try:
        ask(contexts, 250)  # fill the cache with traced entries
        full = tracemalloc.take_snapshot().filter_traces(mine)
        ask(contexts, 245)  # as many new lookups again
        grown = sum(
            d.size_diff
            for d in tracemalloc.take_snapshot().filter_traces(mine).compare_to(full, "filename")
        )
    finally:
        tracemalloc.stop()
    assert 250 * len(names) > CACHED_LOOKUPS
    assert grown < 100_000, f"{grown} bytes kept by {245 * len(names)} new lookups"


def test_context_given_as_counts_weighs_like_one_code_per_mention():
    # a long story passes its countries as counts: as many votes as mentions, lower case too
    for name in ("Paris", "Georgia", "Santiago", "Victoria"):
        for votes in (
            {"US": 3, "FR": 1},
            {"fr": 2, "US": 1, "GE": 0},
            {"CL": 1, "ES": 4},
            {"CA": 2, "au": 3},
        ):
            listed = [code for code, n in votes.items() for _ in range(n)]
            assert geocode(name, context_countries=votes) == geocode(name, context_countries=listed)
    assert geocode("Paris", context_countries={"US": 3}).country_code == "US"
    assert geocode("Paris", context_countries={"US": 3, "FR": 4}).country_code == "FR"


def test_a_neighbours_mentions_do_not_move_a_capital_to_a_small_town():
    # Nepal and Bhutan border India, and India has a town of 40,000 called Dhaka: a
    # neighbour's half vote helps prominent places only
    place = geocode("Dhaka", context_countries={"BD": 1, "NP": 1, "BT": 1})
    assert (place.country_code, place.capital) == ("BD", True)
