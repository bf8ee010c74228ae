"""The news repair component, on Docs built by hand on ``spacy.blank("en")`` (no model)."""

from __future__ import annotations

import importlib

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from storywire.tasks.enrich.entities import repair
from storywire.tasks.enrich.entities.lexicon import NAMED_LABELS
from storywire.tasks.enrich.entities.repair import COMPONENT, news_entities_component
from tests.tasks.enrich.entities.spans import draw_entities


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


# --- the factory ------------------------------------------------------------------------


def test_factory_adds_the_component_to_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT)
    words = ["President", "Ilham", "Aliyev", "met", "reporters", ".", "Aliyev", "left", "."]
    spaces = [True, True, True, True, False, True, True, False, False]
    ents = ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O", "B-ORG", "O", "O"]
    doc = nlp(Doc(nlp.vocab, words=words, spaces=spaces, ents=ents))
    # the title is trimmed; the bare surname of a person named in full is that person
    assert _ents(doc) == [("Ilham Aliyev", "PERSON"), ("Aliyev", "PERSON")]


def test_factory_registration_survives_a_second_import():
    importlib.reload(repair)  # spaCy refuses only a different function under the same name
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT)
    assert nlp.pipe_names == [COMPONENT]


# --- the component on hand-built docs -------------------------------------------------


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
        # a match score after a club; a model number is part of the name
        ("a Feyenoord 2-0 win", [("Feyenoord 2-0", "ORG")], [("Feyenoord", "ORG")]),
        ("Channel 4 and the Boeing 737-800 flew", [("Channel 4", "ORG"), ("Boeing 737-800", "PRODUCT")],
         [("Channel 4", "ORG"), ("Boeing 737-800", "PRODUCT")]),
    ],
)
def test_component_trims_and_splits_spans(text, ents, expected, make_doc):
    doc = news_entities_component(make_doc(text, ents))
    assert _ents(doc) == expected


def test_component_labels_clubs_in_results_tables(make_doc):
    text = (
        "Standings after Saturday 's games :\n"
        "Kelso 4 3 1 0 7 4 10\n"
        "Dunmore 4 2 1 1 6 4 7\n"
        "Port Avon 3 0 2 1 2 3 2\n"
        "Results :\n"
        "Kelso 2 Dunmore 0\n"
    )
    doc = news_entities_component(make_doc(text, [("Kelso", "GPE"), ("Dunmore", "PERSON")]))
    labels = {(e.text, e.label_) for e in doc.ents}
    assert labels == {("Kelso", "ORG"), ("Dunmore", "ORG"), ("Port Avon", "ORG")}
    assert len([e for e in doc.ents if e.text == "Kelso"]) == 2


def test_component_leaves_leaderboards_of_people_alone(make_doc):
    text = "Leading scores :\nJohn Marsh 68 70 138\nPeter Olsen 69 70 139\nAlan Cross 70 70 140\n"
    ents = [("John Marsh", "PERSON"), ("Peter Olsen", "PERSON"), ("Alan Cross", "PERSON")]
    doc = news_entities_component(make_doc(text, ents))
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
def test_component_labels_dateline_places(blank, text, place, make_doc):
    doc = news_entities_component(blank.make_doc(text))
    assert (place, "GPE") in _ents(doc)


def test_component_ignores_caps_words_that_are_not_places(blank, make_doc):
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
def test_component_closes_company_names_on_their_suffix(blank, text, company, make_doc):
    doc = news_entities_component(blank.make_doc(text))
    assert (company, "ORG") in _ents(doc)


def test_component_company_rule_needs_a_name(blank, make_doc):
    doc = news_entities_component(
        blank.make_doc("He said the co. would pay, and Inc. magazine agreed.")
    )
    assert _ents(doc) == []


def test_component_results_list_of_people(make_doc):
    text = (
        "Women 's 400 metres\n"
        "1. Amara Diallo ( Senegal ) 50.12\n"
        "2. Petra Novak ( Czech Republic ) 50.40\n"
        "3. Lena Brandt ( Germany ) 50.71\n"
    )
    ents = [("Amara Diallo", "PERSON"), ("Petra Novak", "ORG"), ("Lena Brandt", "PERSON")]
    doc = news_entities_component(make_doc(text, ents))
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert people == ["Amara Diallo", "Petra Novak", "Lena Brandt"]


def test_component_votes_one_label_and_propagates(make_doc):
    text = (
        "Alexander Lebed met reporters . Lebed said the deal held . "
        "Later Lebed left , and Lebed was silent ."
    )
    doc = make_doc(text, [("Alexander Lebed", "PERSON")])
    # the model called the second "Lebed" an ORG and missed the others
    second = text.index("Lebed left")
    doc.ents = [*doc.ents, doc.char_span(second, second + 5, label="ORG")]
    doc = news_entities_component(doc)
    assert _ents(doc) == [("Alexander Lebed", "PERSON")] + [("Lebed", "PERSON")] * 3


def test_component_keeps_an_acronym_the_story_also_writes_as_a_word(make_doc):
    text = "The WHO sent doctors , who arrived on Monday . The US told us it would help ."
    doc = news_entities_component(make_doc(text, [("WHO", "ORG"), ("US", "GPE")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("WHO", "ORG"), ("US", "GPE")]


def test_component_drops_capitalised_common_words(make_doc):
    text = "Soldiers arrived at dawn . Two soldiers were hurt , said Colonel Dusan Maric ."
    doc = make_doc(text, [("Soldiers", "ORG"), ("Dusan Maric", "PERSON")])
    assert _ents(news_entities_component(doc)) == [("Dusan Maric", "PERSON")]


@pytest.mark.parametrize(
    ("text", "ents", "places"),
    [
        # after a place preposition: the model found the first town, not the second
        ("Floods cut roads near Nairobi . Boats rescued families in Kisumu .", [("Nairobi", "GPE")],
         ["Nairobi", "Kisumu"]),
        # listed beside a place the model found, either side
        ("Cases were reported in Beira and Tete .", [("Beira", "GPE")], ["Beira", "Tete"]),
        ("Water rose at Guwahati and Dibrugarh on Sunday .", [("Dibrugarh", "GPE")],
         ["Guwahati", "Dibrugarh"]),
        # a company's home
        ("The Espoo-based group said sales fell .", [], ["Espoo"]),
        ("The Kisumu-born runner won .", [], ["Kisumu"]),
        # a place noun or a compass point and "of"
        ("The quake struck northwest of Arequipa at dawn .", [], ["Arequipa"]),
        ("Rain fell on the southern city of Arequipa .", [], ["Arequipa"]),
        # a verb of going and "to"
        ("The president flew to Arequipa on Monday .", [], ["Arequipa"]),
        # a verb of going or sending and "from"; at sea "off" a town
        ("Boats will be sent from Entebbe to clear the weed .", [], ["Entebbe"]),
        ("The ferry capsized off Mombasa on Sunday .", [], ["Mombasa"]),
        # a subdivision's noun after it; the model's span loses the noun
        ("Schools shut as Guangdong province issued a warning .", [], ["Guangdong"]),
        ("Officials in Guangdong province issued a warning .", [("Guangdong province", "GPE")], ["Guangdong"]),
        # the place the dateline names, wherever it is written, though "mobile" is a word too
        ("MOBILE, Ala. (AP) — Two mobile cranes arrived. It is a good day for Mobile.", [],
         ["MOBILE", "Ala.", "Mobile"]),
    ],
)
def test_component_adds_places_the_model_left_out_where_only_a_place_fits(text, ents, places, make_doc):
    doc = news_entities_component(make_doc(text, ents))
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == places


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("We believe in God , he said .", []),  # a town of Hungary is not evidence enough
        ("He drove to St. Petersburg , Fla. , at night .", [("Fla.", "GPE")]),  # a name's tail
        ("She was never good at reading . Then Reading won .", []),  # written in lower case
        ("Tiger Woods won . Fans waited in Woods all day .", [("Tiger Woods", "PERSON")]),  # a surname
        ("Boats arrived in Kisumu Bay at noon .", []),  # part of a longer name: not cut out
        ("She wrote to Arequipa ; it did not answer .", []),  # "to" after no verb of going
        ("A call from Jordan came late .", []),  # "from" after no verb of going or sending
        ("The director of Arequipa resigned .", []),  # "of" after no place noun
        ("The City of London said so .", []),  # "City" is part of the name
        ("He hopes to play in Surrey this season , the striker said after the match . The club "
         "won the league title , the cup and the championship with the coach .", []),  # sports copy
    ],
)
def test_component_adds_no_place_where_the_name_is_something_else(text, ents, make_doc):
    doc = news_entities_component(make_doc(text, ents))
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == [e for e, label in ents if label == "GPE"]


@pytest.mark.parametrize(
    ("text", "ents", "people"),
    [
        # a title and a name the model read as one organization
        ("Regional Governor Anatoly Reshetov wrote on Telegram .",
         [("Regional Governor Anatoly Reshetov", "ORG")], ["Anatoly Reshetov"]),
        ("Acting President Maria Lopes spoke .", [("Acting President Maria Lopes", "GPE")], ["Maria Lopes"]),
        # a name the model left out after a title, or after a quote's closing comma and mark
        ("The cars stay , Voloshin added . Regional Governor Anatoly Reshetov wrote on Telegram .",
         [("Voloshin", "PERSON")], ["Voloshin", "Anatoly Reshetov"]),
        ('" The ice breaks easily , " Natalya Gromova , a hydrologist , told reporters .', [],
         ["Natalya Gromova"]),
        ('" It is thin , " Natalya Gromova said .', [], ["Natalya Gromova"]),
    ],
)
def test_component_finds_people_where_only_a_person_fits(text, ents, people, make_doc):
    doc = news_entities_component(make_doc(text, ents))
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == people


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        # things named after titled people, and titles of organizations
        ("Traffic stopped on King Fahd Causeway .", [("King Fahd Causeway", "FAC")]),
        ("They met at Queen Elizabeth Hospital .", []),
        ("The General Assembly voted .", [("The General Assembly", "ORG")]),
        ("Planes left President Kennedy Airport .", []),
        # after a quote: one word, or a name that goes on, or no comma or verb after it
        ('" It is thin , " Gromova said .', []),
        ('" It is thin , " Irkutsk State University reported .', [("Irkutsk State University", "ORG")]),
        ('" It is thin , " Natalya Gromova in Irkutsk .', []),
    ],
)
def test_component_adds_no_person_where_the_name_is_something_else(text, ents, make_doc):
    doc = news_entities_component(make_doc(text, ents))
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == []


@pytest.mark.parametrize(
    ("text", "piece", "label", "whole"),
    [
        ("Cases rose in Guinea-Bissau last week .", "Guinea", "GPE", "Guinea-Bissau"),  # the hyphen splits it
        ("Police in Emilia-Romagna said so .", "Emilia", "GPE", "Emilia-Romagna"),
        ("Trains to Mar del Plata were cancelled .", "del Plata", "PERSON", "Mar del Plata"),
        ("The U.S. said so .", "U.S.", "GPE", "U.S."),  # "The" opens a sentence, not the name
        ("Jean-Pierre Dupont said so .", "Pierre Dupont", "PERSON", "Pierre Dupont"),  # no such place
    ],
)
def test_component_makes_a_place_cut_short_whole(text, piece, label, whole, make_doc):
    doc = news_entities_component(make_doc(text, [(piece, label)]))
    assert whole in [e.text for e in doc.ents]


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("Sunamganj and Moulvibazar", [("Sunamganj", "GPE"), ("Moulvibazar", "GPE")]),
        ("Trinidad and Tobago", [("Trinidad and Tobago", "GPE")]),  # one name, a country
        ("Procter and Gamble", [("Procter and Gamble", "ORG")]),
    ],
)
def test_component_splits_a_span_that_lists_places(span, expected, make_doc):
    doc = news_entities_component(make_doc(f"Rain fell on {span} again .", [(span, "ORG")]))
    assert [(e.text, e.label_) for e in doc.ents] == expected


# --- any doc, any spans -----------------------------------------------------------------

# Words that wake the rules: places whole and in pieces, hyphens, "The", datelines, nouns
# around names, natural features' words, a month that opens a place's name, titles, quotes'
# closing marks, scores, "-based".
_WORDS_TEXT = """MOBILE Mobile mobile , Ala. ( AP ) — - Guinea Bissau Emilia Romagna Mar del Plata The
    U.S. Lake Baikal Mount Ruapehu Ruapehu Wadi Rum province state of northwest city flew to in
    Buenos Aires Arequipa Guangdong the vaccine alliance Gavi owned State an economist at firm
    institute Faith Wanjiru said . Region Irkutsk Regional Governor Anatoly Reshetov " told
    Feyenoord 2 0 King Fahd Causeway Pune based"""
_WORDS = [*_WORDS_TEXT.split(), "\n"]  # and a line break
_LABELS = ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "PRODUCT"]


@st.composite
def _docs_with_spans(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30))
    spaces = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    return draw_entities(draw, Doc(_BLANK.vocab, words=words, spaces=spaces), _LABELS, 5)


_BLANK = spacy.blank("en")


@settings(max_examples=300, deadline=None)
@given(_docs_with_spans())
def test_the_component_never_fails_and_keeps_spans_whole(doc):
    """Whatever the model handed over: no exception, entities inside the doc, none
    overlapping, no name starting or ending on a space (other labels, DATE..., pass as the
    model gave them)."""
    out = news_entities_component(doc)
    taken = set()
    for e in out.ents:
        assert 0 <= e.start < e.end <= len(out)
        assert taken.isdisjoint(range(e.start, e.end))
        taken.update(range(e.start, e.end))
        if e.label_ in NAMED_LABELS:
            assert e.text == e.text.strip() and e.text
