"""Place mentions geocoded per story, with the story's countries and dateline as context."""

from __future__ import annotations

from storywire.tasks.enrich.entities.places import geocode_story


def test_geocode_story_puts_the_dateline_first_and_uses_it_as_context(mention):
    ms = [mention("Georgia", "GPE", 10), mention("White House", "FAC", 40)]
    dateline, georgia, house = geocode_story(ms, "BAKU")
    assert (dateline.field, dateline.text, dateline.canonical) == ("dateline", "BAKU", "Baku")
    assert (dateline.country_code, dateline.geonames_id) == ("AZ", 587084)
    assert (georgia.country_code, georgia.entity_key) == ("GE", "place:geonames:614540")
    assert house is ms[1]  # FAC names are not geocoded


def test_geocode_story_reads_georgia_as_the_state_in_a_us_story(mention):
    _, georgia = geocode_story([mention("Georgia", "GPE", 10)], "ATLANTA")
    assert (georgia.country_code, georgia.entity_key) == ("US", "place:geonames:4197000")
    assert geocode_story([], None) == []


def test_towns_and_states_vote_their_country_without_a_dateline(mention):
    # the dateline left in the text (as `eval` reads it): Savannah and Alabama put the
    # story in the US, so its Georgia is the state, not the country
    ms = [
        mention("Savannah", "GPE", 0),
        mention("Georgia", "GPE", 40),
        mention("Alabama", "GPE", 80),
    ]
    _, georgia, _ = geocode_story(ms, None)
    assert georgia.country_code == "US" and georgia.entity_key == "place:geonames:4197000"
    ms = [
        mention("Tbilisi", "GPE", 0),
        mention("Georgia", "GPE", 40),
        mention("Washington", "GPE", 80),
    ]
    assert geocode_story(ms, None)[1].country_code == "GE"  # Tbilisi keeps the country


def test_a_short_country_name_is_the_longer_one_the_story_gave(mention):
    ms = [mention("Democratic Republic of Congo", "GPE", 0), mention("Congo", "GPE", 60)]
    drc, congo = geocode_story(ms, None)
    assert drc.country_code == congo.country_code == "CD"
    # a country's own name that ends a longer one stays itself
    ms = [mention("Sudan", "GPE", 0), mention("South Sudan", "GPE", 30)]
    sudan, south = geocode_story(ms, None)
    assert (sudan.country_code, south.country_code) == ("SD", "SS")


def test_a_subdivision_keeps_the_name_the_story_writes(mention):
    # the gazetteer names subdivisions as ISO 3166-2 does, in the country's language
    ms = [mention("Bavaria", "GPE", 0), mention("Dagestan", "GPE", 30), mention("Sichuan", "GPE", 60)]
    bavaria, dagestan, sichuan = geocode_story(ms, None)
    assert [m.canonical for m in (bavaria, dagestan, sichuan)] == ["Bavaria", "Dagestan", "Sichuan"]
    assert [m.country_code for m in (bavaria, dagestan, sichuan)] == ["DE", "RU", "CN"]
    assert all(m.entity_key.startswith("place:geonames:") for m in (bavaria, dagestan, sichuan))
    # an abbreviation takes the gazetteer's name; towns and countries their English one
    fla, nsw, vienna = geocode_story([mention("Fla.", "GPE", 0), mention("NSW", "GPE", 20),
                                      mention("Wien", "GPE", 40)], None)
    assert (fla.canonical, nsw.canonical, vienna.canonical) == ("Florida", "New South Wales", "Vienna")


def test_one_place_has_one_name_in_a_story(mention):
    ms = [mention("Bavaria", "GPE", 0), mention("Bayern", "GPE", 20), mention("Bavaria", "GPE", 40)]
    names = {(m.canonical, m.entity_key) for m in geocode_story(ms, None)}
    assert len(names) == 1 and next(iter(names))[0] == "Bavaria"
    # a tie: the name written first
    ms = [mention("Bayern", "GPE", 0), mention("Bavaria", "GPE", 20)]
    assert {m.canonical for m in geocode_story(ms, None)} == {"Bayern"}
