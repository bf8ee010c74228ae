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
