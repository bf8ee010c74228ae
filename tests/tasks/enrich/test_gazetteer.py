"""The bigger gazetteer: subdivisions, small towns, "Place, State" forms, natural features and
regions without a point of their own, and coverage on the stories of ``geo_stories``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.entities.places import GEOCODED_LABELS, geocode_story
from storywire.tasks.enrich.gazetteer import (
    NATURAL_REASON,
    REGION_REASON,
    _bare_names,
    _feature_names,
)
from storywire.tasks.enrich.geocode import IN_AREA_REASON, SHARED_REASON, geocode
from tests.tasks.enrich.geo_stories import STORIES, parse


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Worcestershire", "GB", "admin2"),
        ("Democratic Republic of Congo", "CD", "country"),  # news spelling, no "the"
        ("Novosibirsk Oblast", "RU", "admin1"),
        ("Turkana County", "KE", "admin1"),
        ("Crimea", "UA", "admin1"),
        ("Boulder County", "US", "admin2"),
        ("Elsah", "US", "city"),  # a town of 600
    ],
)
def test_subdivisions_and_small_towns_have_points(name, country, feature):
    place = geocode(name)
    assert place is not None and (place.country_code, place.feature) == (country, feature)
    assert place.latitude is not None and place.reason is None


@pytest.mark.parametrize(
    ("name", "country", "admin_lat"),
    [
        ("Alton, Ill.", "US", (38, 39.5)),  # not Alton, Hampshire
        ("Hannibal, Mo.", "US", (39, 40.5)),
        ("Springfield, Mass.", "US", (41.5, 42.5)),
        ("Paris, Texas", "US", (33, 34.5)),
        ("Nairobi, Kenya", "KE", (-2, 0)),
        ("Bogotá, Colombia", "CO", (4, 5)),
        ("Santa Cruz, Bolivia", "BO", (-18.5, -17)),  # not the California one
    ],
)
def test_the_part_after_the_comma_disambiguates(name, country, admin_lat):
    place = geocode(name)
    assert place is not None and place.country_code == country and place.reason is None
    assert admin_lat[0] < place.latitude < admin_lat[1]


def test_an_unknown_place_in_a_known_area_gets_the_area_with_a_reason():
    place = geocode("Qwertyvale, Kenya")
    assert place is not None and (place.feature, place.country_code) == ("country", "KE")
    assert place.reason == IN_AREA_REASON
    assert geocode("Qwertyvale, Zzyzzland") is None


def test_natural_features_take_their_country_point_only_when_it_is_one_country():
    serbia = geocode("Serbia")
    danube = geocode("the Danube", context_countries=["RS"])
    assert danube is not None and danube.feature == "natural" and danube.reason == NATURAL_REASON
    assert (danube.country_code, danube.latitude, danube.longitude) == (
        "RS",
        serbia.latitude,
        serbia.longitude,
    )
    sea = geocode("Caspian Sea", context_countries={"AZ": 2})
    assert sea is not None and sea.country_code == "AZ"


def test_regions_without_a_point_get_their_country_with_a_reason():
    donbas = geocode("Donbas")
    assert donbas is not None and donbas.feature == "region" and donbas.reason == REGION_REASON
    assert donbas.country_code == "UA" and donbas.geonames_id is None
    assert geocode("Nagorno-Karabakh").country_code == "AZ"
    assert geocode("Western Sahara").feature == "country"


@pytest.mark.parametrize(
    ("name", "context", "country"),
    [
        ("Jerusalem", ("US",), "IL"),  # a famous place by its own name beats a US namesake
        ("Islamabad", ("IN", "IN", "PK"), "PK"),  # Anantnag's old alternate name
        ("Lyons", ("US",), "US"),  # an alternate name of Lyon does not beat a US town
    ],
)
def test_small_towns_and_alternate_names_yield_to_famous_places(name, context, country):
    assert geocode(name, context_countries=context).country_code == country


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (
            "Donau (Danube)",
            ["Danube", "Danube River", "River Danube", "Donau", "Donau River", "River Donau"],
        ),
        ("Erie*", ["Lake Erie"]),
        ("Lake Scutari", ["Lake Scutari"]),
        ("unnamed elevation", []),
    ],
)
def test_factbook_names_become_news_forms(raw, names):
    kind = "lake" if "Erie" in raw or "Lake" in raw else "river" if "Donau" in raw else "peak"
    assert _feature_names(raw, kind) == names


@pytest.mark.parametrize(
    ("raw", "kind", "names"),
    [
        ("Ozero Balkhash", "lake", ["Ozero Balkhash", "Lake Balkhash"]),  # "lake" in its language
        ("Lago Titicaca", "lake", ["Lago Titicaca", "Lake Titicaca"]),
        ("Río de la Plata/Paraná", "river", ["Río de la Plata", "Río de la Plata River", "River Río de la Plata",
                                            "Paraná", "Paraná River", "River Paraná"]),  # two names
    ],
)
def test_factbook_names_in_other_forms_get_the_english_ones(raw, kind, names):
    assert _feature_names(raw, kind) == names


@pytest.mark.parametrize(("name", "context", "country"), [("Lake Balkhash", (), "KZ"), ("Parana River", ("AR",), "AR")])
def test_those_names_geocode_as_natural_features(name, context, country):
    place = geocode(name, context_countries=context)
    assert (place.country_code, place.feature, place.reason) == (country, "natural", NATURAL_REASON)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=40), st.lists(st.sampled_from(["US", "GB", "KE", "RU", "xx", ""]), max_size=4)
)
def test_geocode_never_raises_and_points_are_on_earth(name, context):
    place = geocode(name, context_countries=context)
    if place is not None:
        assert place.latitude is not None and -90 <= place.latitude <= 90
        assert place.longitude is not None and -180 <= place.longitude <= 180


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["West ", "central ", "Republic of ", "Province de ", ""]),
    st.text(max_size=30),
    st.sampled_from(["", " Region", " Oblast", " krai"]),
)
def test_the_fallbacks_for_names_no_gazetteer_lists_never_raise(head, name, tail):
    """"X Region", "Republic of X", "West X" around any text: a place with a point, or None."""
    place = geocode(f"{head}{name}{tail}", context_countries=["US"])
    assert place is None or (place.latitude is not None and place.longitude is not None)


def story_coverage() -> tuple[int, int]:
    found = total = 0
    for dateline, marked in STORIES:
        _, mentions = parse(marked)
        for m in geocode_story(mentions, dateline):
            if m.field != "dateline" and m.label in GEOCODED_LABELS:
                total += 1
                found += m.latitude is not None
    return found, total


def test_at_least_nine_in_ten_place_mentions_of_the_stories_are_geocoded():
    found, total = story_coverage()
    assert total >= 60
    assert found / total >= 0.9, f"{found}/{total}"


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Москва", "RU", "city"),
        ("Екатеринбург", "RU", "city"),
        ("Свердловская область", "RU", "admin1"),  # a subdivision's Russian alias
        ("Россия", "RU", "country"),  # CLDR's Russian name (babel)
        ("США", "US", "country"),
        ("Moscou", "RU", "city"),
        ("Pékin", "CN", "city"),
        ("Allemagne", "DE", "country"),  # CLDR's French name
        ("États-Unis", "US", "country"),
        ("Нагорный Карабах", "AZ", "region"),
    ],
)
def test_russian_and_french_names_find_the_same_places(name, country, feature):
    place = geocode(name)
    assert place is not None and (place.country_code, place.feature) == (country, feature)


@pytest.mark.parametrize(("name", "latin"), [("Кольцово", "Kol’tsovo"), ("Невьянск", "Nev’yansk"), ("Свободный", "Svobodnyy")])
def test_a_russian_town_only_gazetteered_in_latin_is_found_romanized(name, latin):
    place = geocode(name)
    assert place is not None and place.name == latin and place.country_code == "RU"


@pytest.mark.parametrize("name", ["Tatarstan", "Dagestan", "Buryatia", "Adygea", "Ingushetia", "Karelia", "Tyva"])
def test_a_republic_is_found_by_its_name_alone_in_english_spelling(name):
    """GeoNames writes "Buryatiya, Respublika" and "Tatarstan Republic"; copy writes the name."""
    place = geocode(name)
    assert (place.feature, place.country_code) == ("admin1", "RU")


@pytest.mark.parametrize(
    ("name", "bare"),
    [("Tatarstan, Respublika", ["Tatarstan"]), ("Buryatiya Republic", ["Buryatiya", "Buryatia"]),
     ("Republic of Tyva", ["Tyva"]), ("Autonomous Republic of Crimea", []), ("Irkutskaya Oblast'", [])],
)
def test_bare_names_drop_only_a_republics_designator(name, bare):
    assert _bare_names(name) == bare


def test_a_feature_of_several_countries_none_in_the_story_gets_the_mean_of_their_points():
    danube = geocode("Danube")  # ten countries from Germany to Ukraine
    assert (danube.feature, danube.country_code, danube.reason) == ("natural", None, SHARED_REASON)
    assert 44 < danube.latitude < 50 and 14 < danube.longitude < 26  # the middle Danube
    sea = geocode("Mediterranean Sea")
    assert 33 < sea.latitude < 43 and 5 < sea.longitude < 25
    assert geocode("Pacific Ocean") is None  # its countries lie on every side: no point


@pytest.mark.parametrize(("name", "feature"), [("Mediterranean", "Mediterranean Sea"), ("Adriatic", "Adriatic Sea"),
                                               ("Everest", "Mount Everest"), ("Baikal", "Lake Baikal")])
def test_a_one_word_name_no_gazetteer_lists_is_the_feature_it_shortens(name, feature):
    place = geocode(name)
    assert (place.name, place.feature) == (feature, "natural")
