"""Place mentions geocoded per story, with the story's countries and dateline as context."""

from __future__ import annotations

from storywire.tasks.enrich.entities.canonical import entity_key
from storywire.tasks.enrich.entities.places import geocode_story
from storywire.tasks.records import EntityMention


def _m(text, label, start=0, *, field="body", sentence=0):
    return EntityMention(
        start=start,
        end=start + len(text),
        text=text,
        label=label,
        sentence=sentence,
        canonical=text,
        entity_key=entity_key(label, text),
        field=field,
    )


def test_geocode_story_puts_the_dateline_first_and_uses_it_as_context():
    ms = [_m("Georgia", "GPE", 10), _m("White House", "FAC", 40)]
    dateline, georgia, house = geocode_story(ms, "BAKU")
    assert (dateline.field, dateline.text, dateline.canonical) == ("dateline", "BAKU", "Baku")
    assert (dateline.country_code, dateline.geonames_id) == ("AZ", 587084)
    assert (georgia.country_code, georgia.entity_key) == ("GE", "gpe:GE")
    assert house is ms[1]  # FAC names are not geocoded


def test_geocode_story_reads_georgia_as_the_state_in_a_us_story():
    _, georgia = geocode_story([_m("Georgia", "GPE", 10)], "ATLANTA")
    assert (georgia.country_code, georgia.entity_key) == ("US", "gpe:georgia")
    assert geocode_story([], None) == []
