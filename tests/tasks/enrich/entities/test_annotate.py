"""``annotate_batch`` with the real pipeline: offsets, sentences, canonical names, places (slow)."""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.entities.annotate import annotate_batch

HEADLINE = "Aliyev hosts Halvorsen for Caspian pipeline talks"
BODY = (
    "BAKU, March 3 /TASS/. Azerbaijani President Ilham Aliyev met U.S. Special Envoy "
    "Mark Halvorsen in Baku on Tuesday to discuss a new gas pipeline across the Caspian Sea.\n"
    "Aliyev said the project would link Azerbaijan to markets in Europe by 2030. "
    "Halvorsen told reporters that Washington backed the plan.\n"
    "Energy companies from Turkey and Georgia will join the consortium, the presidential "
    "press service said."
)


@pytest.mark.slow
def test_annotate_batch_on_a_wire_story(nlp):
    stories = annotate_batch(nlp, [(HEADLINE, BODY, "BAKU"), (None, "Nothing named here.", None)], batch_size=8)
    assert len(stories) == 2 and stories[1] == []
    mentions = stories[0]
    fields = {"headline": HEADLINE, "body": BODY, "dateline": "BAKU"}
    for m in mentions:
        assert fields[m.field][m.start : m.end] == m.text, m
    by_text = {(m.field, m.text): m for m in mentions}

    dateline = by_text[("dateline", "BAKU")]
    assert (dateline.start, dateline.end, dateline.label) == (0, 4, "GPE")
    assert dateline.canonical == "Baku" and dateline.country_code == "AZ"
    assert dateline.geonames_id == 587084

    # the dateline "BAKU, March 3 /TASS/." is sentence 0 of the body
    for field, text, sentence in [
        ("body", "Ilham Aliyev", 1),
        ("body", "Aliyev", 2),
        ("headline", "Aliyev", 0),
    ]:
        m = by_text[(field, text)]
        assert (m.label, m.canonical, m.entity_key, m.sentence) == (
            "PERSON",
            "Ilham Aliyev",
            "person:ilham aliyev",
            sentence,
        )
    assert by_text[("body", "Halvorsen")].canonical == "Mark Halvorsen"
    assert by_text[("body", "TASS")].label == "ORG"

    us = by_text[("body", "U.S.")]
    assert (us.canonical, us.entity_key, us.country_code) == ("United States", "gpe:US", "US")
    baku = by_text[("body", "Baku")]
    assert (baku.entity_key, baku.country_code, baku.geonames_id) == ("gpe:baku", "AZ", 587084)
    # Georgia next to Azerbaijan and Turkey is the country, not the US state
    georgia = by_text[("body", "Georgia")]
    assert (georgia.country_code, georgia.entity_key) == ("GE", "gpe:GE")
    assert by_text[("body", "Washington")].country_code == "US"


@pytest.mark.slow
def test_annotate_batch_georgia_the_state_in_a_us_story(nlp):
    body = (
        "ATLANTA (AP) _ Georgia lawmakers approved a new budget on Friday, "
        "Governor Ann Whitley said. The state will spend more on schools in Savannah and Atlanta."
    )
    (mentions,) = annotate_batch(nlp, [(None, body, "ATLANTA")], batch_size=8)
    georgia = next(m for m in mentions if m.text == "Georgia")
    assert georgia.country_code == "US" and georgia.entity_key == "gpe:georgia"
    assert next(m for m in mentions if m.text == "Ann Whitley").label == "PERSON"
