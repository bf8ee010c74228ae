"""Entity keys across stories: one key per person, organization and place (no model)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.enrich.entities.canonical import canonicalize
from storywire.tasks.enrich.entities.keys import (
    entity_key,
    label_family,
    normalize_name,
    strip_titles,
)
from storywire.tasks.enrich.geocode import geocode
from storywire.tasks.records import EntityMention


@pytest.mark.parametrize(
    ("label", "name", "key"),
    [
        ("PERSON", "Ilham Aliyev", "person:ilham aliyev"),
        ("PERSON", "President Ilham Aliyev's", "person:ilham aliyev"),
        ("PERSON", "Mr. Aliyev", "person:aliyev"),
        ("PERSON", "Foreign Minister Jeyhun Bayramov", "person:jeyhun bayramov"),
        ("PERSON", "Secretary of State Marta Kowalczyk", "person:marta kowalczyk"),
        ("PERSON", "Dr. José Ramos-Horta", "person:jose ramos horta"),
        ("PERSON", "Seán O’Brien", "person:sean obrien"),
        ("ORG", "Société Générale SA", "org:societe generale"),
        ("ORG", "Acme Holdings Inc.", "org:acme holdings"),
        ("ORG", "U.N.", "org:un"),
        ("ORG", "State Department", "org:state department"),  # titles only come off people
        ("NORP", "Azerbaijani", "norp:azerbaijani"),
        ("LOC", "Nagorno-Karabakh", "place:nagorno karabakh"),
        ("FAC", "the White House", "place:the white house"),
    ],
)
def test_entity_key_rule(label, name, key):
    assert entity_key(label, name) == key


def test_places_key_on_the_gazetteer_id_whatever_their_label():
    armenia = geocode("Armenia")
    assert armenia is not None and armenia.geonames_id
    want = f"place:geonames:{armenia.geonames_id}"
    assert entity_key("GPE", "Armenia", "AM") == want
    assert entity_key("LOC", "Armenia", "am") == want  # label and code case do not matter
    assert entity_key("GPE", "Yerevan", geonames_id=616052) == "place:geonames:616052"
    # a country code that does not match the name's country: no id guessed, the name keys
    assert entity_key("GPE", "Armenia", "AZ") == "place:armenia"


def test_label_families():
    assert [label_family(x) for x in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")] == [
        "person", "org", "place", "place", "place", "norp", "event",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("President Ilham Aliyev", "Ilham Aliyev"),
        ("Prime Minister Nikol Pashinyan", "Nikol Pashinyan"),
        ("Minister of State Anna Lind", "Anna Lind"),
        ("Minister for Europe Anna Lind", "for Europe Anna Lind"),  # a portfolio is no title
        ("Gen. Sami Haddad", "Sami Haddad"),
        ("President", "President"),  # all title: kept, there is nothing else
        ("Prime Minister", "Prime Minister"),
        ("Martin Luther King", "Martin Luther King"),  # a title word inside a name stays
        ("of Aliyev", "of Aliyev"),  # glue counts only between titles
    ],
)
def test_strip_titles(name, bare):
    assert strip_titles(name) == bare


def _mention(text: str, label: str, start: int, field: str = "body") -> EntityMention:
    return EntityMention(start=start, end=start + len(text), text=text, label=label, sentence=0,
                         canonical=text, entity_key="", field=field)  # fmt: skip


def test_a_surname_in_one_story_shares_the_full_names_key_of_another():
    story_a = canonicalize(
        [_mention("Ilham Aliyev", "PERSON", 0), _mention("Aliyev", "PERSON", 40)]
    )
    story_b = canonicalize([_mention("President Ilham Aliyev", "PERSON", 0)])
    story_c = canonicalize(
        [_mention("ALIYEV", "PERSON", 0, "headline"), _mention("Ilham Aliyev's", "PERSON", 9)]
    )
    keys = {m.entity_key for m in story_a + story_b + story_c}
    assert keys == {"person:ilham aliyev"}


def test_a_titled_surname_is_not_a_full_name():
    # "President Aliyev" must not become the full name "Aliyev" resolves to
    ms = canonicalize([_mention("President Aliyev", "PERSON", 0), _mention("Aliyev", "PERSON", 30)])
    assert [m.canonical for m in ms] == ["Aliyev", "Aliyev"]
    assert {m.entity_key for m in ms} == {"person:aliyev"}  # the documented limit


def test_nearest_full_name_decides_between_two_people_of_one_surname():
    ms = canonicalize([
        _mention("Heydar Aliyev", "PERSON", 0),
        _mention("Aliyev", "PERSON", 20),
        _mention("Ilham Aliyev", "PERSON", 40),
        _mention("Aliyev", "PERSON", 60),
    ])  # fmt: skip
    assert [m.entity_key for m in ms] == ["person:heydar aliyev"] * 2 + ["person:ilham aliyev"] * 2


_WORDS = st.text(st.characters(categories=("L", "Nd", "P", "Zs")), min_size=0, max_size=30)


@given(_WORDS)
def test_normalize_is_idempotent_and_plain(text):
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once == once.strip() and "  " not in once
    assert not any(ch in once for ch in ".,'’\"-")


@given(st.sampled_from(["President", "Mr.", "Dr", "Foreign Minister", "Gen.", ""]),
       st.sampled_from(["Ilham Aliyev", "Nikol Pashinyan", "Anna Lind"]),
       st.sampled_from(["", "'s", "’s"]),
       st.booleans())  # fmt: skip
def test_person_key_ignores_titles_possessives_and_case(title, name, possessive, upper):
    surface = f"{title} {name}{possessive}".strip()
    surface = surface.upper() if upper else surface
    assert entity_key("PERSON", surface) == entity_key("PERSON", name)
