"""Evidence about what a name is: gazetteer, word lists, context, and the story vote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from storywire.tasks.enrich.entities import annotate_stories, canonicalize
from storywire.tasks.enrich.entities.evidence import (
    MEDIUM,
    STRONG,
    WEAK,
    form_evidence,
    is_nationality,
    is_sports_story,
    story_labels,
)
from storywire.tasks.enrich.entities.lexicon import NAMED_LABELS
from storywire.tasks.enrich.entities.repair import news_entities_component
from storywire.tasks.enrich.geocode import SHARED_REASON, geocode
from storywire.tasks.evaluate.entities import LABEL_MAPS

STORIES = Path(__file__).parents[3] / "fixtures" / "news_labels" / "stories.jsonl"


def _all(doc: Doc, text: str, surface: str, label: str) -> Doc:
    """Add every occurrence of ``surface`` in ``text`` as an entity labelled ``label``."""
    spans = list(doc.ents)
    start = text.find(surface)
    while start >= 0:
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        start = text.find(surface, start + 1)
    doc.ents = spans
    return doc


def _labels(doc: Doc, surface: str) -> list[str]:
    return [e.label_ for e in doc.ents if e.text == surface]


@pytest.mark.parametrize(
    ("form", "label", "strength"),
    [
        ("Armenia", "GPE", STRONG),
        ("Russian Federation", "GPE", STRONG),  # a country before its "Federation"
        ("Europe", "LOC", STRONG),
        ("Ministry of Agriculture", "ORG", STRONG),
        ("Labour Party", "ORG", STRONG),
        ("Kenya Airways", "ORG", STRONG),
        ("Sampo Oyj", "ORG", STRONG),
        ("Interfax", "ORG", STRONG),
        ("Nagorno-Karabakh Autonomous Region", "GPE", STRONG),
        ("Aletsch Glacier", "LOC", STRONG),
        ("Selous Game Reserve", "LOC", STRONG),
        ("Kenyans", "NORP", STRONG),
        ("Lao", "NORP", STRONG),  # the adjective, though the gazetteer knows it as Laos
        ("Sochi", "GPE", MEDIUM),
        ("Goulburn", "GPE", WEAK),  # a small town: a hint only
        ("Guangdong", "GPE", MEDIUM),  # the gazetteer's "Guangdong Sheng", without its designator
        ("Puno", "GPE", MEDIUM),  # a Peruvian city and region by their own names, though Pune lists it
        ("Pernambuco", "GPE", MEDIUM),  # the Brazilian state, though Recife lists it
        ("Gulf of Aqaba", "LOC", STRONG),  # a natural feature's word, then "of"
        ("Wadi Rum", "LOC", MEDIUM),  # other languages' words for a natural feature
        ("Imja Tsho", "LOC", MEDIUM),
        ("Corsica", "GPE", WEAK),  # an exonym of a region (Corse), small as regions go
    ],
)
def test_form_evidence(form, label, strength):
    ev = form_evidence(form)
    assert (ev.label, ev.strength) == (label, strength)


# "Sam": only Damascus lists it (and villages); "Taylor", "Davis": US counties are surnames first
@pytest.mark.parametrize("form", ["West Bank", "Federal Reserve", "NLD", "Western", "Sam", "Taylor", "Davis"])
def test_form_evidence_is_silent_where_it_would_mislead(form):
    # a compass word before "Bank", "Federal" before "Reserve", an ISO code, a compass
    # word, a town found only under another name
    ev = form_evidence(form)
    assert ev.label not in {"ORG", "LOC"} or ev.strength == 0
    assert ev.strength < MEDIUM


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("Kenyans", True),
        ("Azerbaijani", True),
        ("Tajik", True),
        ("Briton", True),
        ("South Korean", True),
        ("Germans", True),
        ("Kazan", False),  # "Kaz" is a country code, not a name
        ("Christian", False),
        ("Jordan", False),
        ("Aliyev", False),
    ],
)
def test_is_nationality(form, expected):
    assert is_nationality(form) is expected


def test_a_country_the_model_calls_a_person_is_a_place_everywhere(make_doc, blank):
    text = (
        "Aliyev said Armenia must leave . Armenia denied it . "
        "Talks with Armenia failed , and Armenia said no ."
    )
    doc = _all(blank.make_doc(text), text, "Armenia", "PERSON")
    doc.ents = [*doc.ents[:2], Span(doc, doc.ents[2].start, doc.ents[2].end, "GPE"), doc.ents[3]]
    assert _labels(news_entities_component(doc), "Armenia") == ["GPE"] * 4


@pytest.mark.parametrize(
    ("form", "label"),
    [
        # no lake or bay is a building: LOC, which is geocoded (FAC is not)
        ("Lake Baikal", "LOC"),
        ("Disko Bay", "LOC"),
        ("Gulf of Aqaba", "LOC"),
        ("Wadi Rum", "LOC"),
        ("Buenos Aires", "GPE"),  # nor is a big city
        ("Kaziranga National Park", "FAC"),  # a park may be: the model's label stays
    ],
)
def test_what_the_model_calls_a_facility_becomes(form, label, blank):
    text = f"Boats crossed {form} at dawn , and {form} stayed calm ."
    doc = _all(blank.make_doc(text), text, form, "FAC")
    assert _labels(news_entities_component(doc), form) == [label, label]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("It was paid for by the vaccine alliance Gavi , and Gavi said so .", "Gavi"),
        ("Russia 's state nuclear corporation Rosatom signed . Rosatom will lead .", "Rosatom"),
        ("State-owned Trenes Argentinos said lines had stopped .", "Trenes Argentinos"),
        ("GNS Science , the government research institute that watches volcanoes , said so .", "GNS Science"),
    ],
)
def test_words_around_a_name_make_it_an_organization(text, name, blank):
    doc = _all(blank.make_doc(text), text, name, "PERSON")
    assert set(_labels(news_entities_component(doc), name)) == {"ORG"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Maria Lopez , the agency 's chief , said so .", "Maria Lopez"),  # the head is the chief
        ("Union leader Ruben Maidana said so .", "Ruben Maidana"),
        ("Ana Ruiz , the bank manager , said so .", "Ana Ruiz"),  # a noun after the bank
        ("Faith Wanjiru , an economist at the firm , said so .", "Faith Wanjiru"),  # the head: economist
    ],
)
def test_an_organization_near_a_person_leaves_the_person(text, name, blank):
    doc = _all(blank.make_doc(text), text, name, "PERSON")
    assert _labels(news_entities_component(doc), name) == ["PERSON"]


def test_a_natural_features_own_name_alone_is_that_feature(blank):
    text = "Mount Ruapehu erupted , and Ruapehu kept rumbling ."
    doc = _all(blank.make_doc(text), text, "Mount Ruapehu", "LOC")
    start = text.index("and Ruapehu") + 4
    doc.ents = [*doc.ents, doc.char_span(start, start + len("Ruapehu"), label="PERSON")]
    assert _labels(news_entities_component(doc), "Ruapehu") == ["LOC"]


def test_a_title_before_a_town_name_keeps_the_person(blank):
    text = "Mr Lincoln arrived in Lincoln on Monday , and Lincoln welcomed him ."
    doc = _all(blank.make_doc(text), text, "Lincoln", "GPE")
    assert _labels(news_entities_component(doc), "Lincoln") == ["PERSON", "GPE", "GPE"]


def test_a_region_named_in_full_elsewhere_is_a_place(blank):
    text = (
        "The Nagorno-Karabakh Autonomous Region declared independence . "
        "Talks on Nagorno-Karabakh stalled , and Nagorno-Karabakh stayed closed ."
    )
    doc = _all(blank.make_doc(text), text, "Nagorno-Karabakh Autonomous Region", "GPE")
    spans = list(doc.ents)
    for start in (text.index("on Nagorno") + 3, text.index("and Nagorno") + 4):
        spans.append(doc.char_span(start, start + len("Nagorno-Karabakh"), label="ORG"))
    doc.ents = spans
    assert _labels(news_entities_component(doc), "Nagorno-Karabakh") == ["GPE", "GPE"]


@pytest.mark.parametrize(
    ("form", "label"),
    [
        ("Turkestan Region", "GPE"),  # a subdivision by its designator and the gazetteer
        ("Kazakhstan", "GPE"),  # a country
        ("Europe", "LOC"),  # a continent, where the model says GPE
        ("Asia-Pacific Region", "LOC"),  # a designator's word, no subdivision: the model's kind
    ],
)
def test_a_settled_place_takes_its_own_kind_of_place_over_the_models(blank, form, label):
    other = "GPE" if label == "LOC" else "LOC"
    text = f"Mines in the {form} will open ."
    doc = _all(blank.make_doc(text), text, form, other if form != "Asia-Pacific Region" else "LOC")
    assert _labels(news_entities_component(doc), form) == [label]


def test_a_place_before_based_is_the_place_an_unknown_name_keeps_its_label(blank):
    text = "The Pune-based company and the Zorvex-based fund listed shares ."
    doc = _all(_all(blank.make_doc(text), text, "Pune", "ORG"), text, "Zorvex", "ORG")
    doc = news_entities_component(doc)
    assert (_labels(doc, "Pune"), _labels(doc, "Zorvex")) == (["GPE"], ["ORG"])


def test_a_place_before_born_is_the_place(blank):
    text = "The Geelong-born bowler took four wickets ; the Zorvex-born winger scored ."
    doc = _all(_all(blank.make_doc(text), text, "Geelong", "ORG"), text, "Zorvex", "ORG")
    doc = news_entities_component(doc)
    assert (_labels(doc, "Geelong"), _labels(doc, "Zorvex")) == (["GPE"], ["ORG"])


@pytest.mark.parametrize(
    ("text", "ents", "labels"),
    [
        ("The Surma and Kushiyara rivers burst their banks .", [("Surma", "PERSON"), ("Kushiyara", "PERSON")],
         ["LOC", "LOC"]),
        ("Water rose in the Zorvani river overnight .", [("Zorvani", "ORG")], ["LOC"]),
        ("Boats left the Korean peninsula and the Mekong delta .", [("Korean", "NORP")], ["NORP"]),
        ("Floods hit the Congo river basin .", [("Congo", "GPE")], ["GPE"]),  # a country's name stays
    ],
)
def test_a_name_before_a_natural_features_noun_is_that_feature(blank, text, ents, labels):
    doc = blank.make_doc(text)
    for form, label in ents:
        doc = _all(doc, text, form, label)
    doc = news_entities_component(doc)
    assert [_labels(doc, form)[0] for form, _ in ents] == labels


def test_the_town_a_gulf_is_named_after_stays_the_town(blank):
    """Only a feature's name without its word is the feature ("Ruapehu" beside "Mount
    Ruapehu"), not the place after "of" ("Aqaba" beside "the Gulf of Aqaba")."""
    doc = blank.make_doc("Ships crossed the Gulf of Aqaba to Aqaba ; Ruapehu and Mount Ruapehu smoked .")
    doc.ents = [Span(doc, 3, 6, "LOC"), Span(doc, 7, 8, "GPE"), Span(doc, 9, 10, "ORG"), Span(doc, 11, 13, "LOC")]
    doc = news_entities_component(doc)
    assert (_labels(doc, "Aqaba"), _labels(doc, "Ruapehu")) == (["GPE"], ["LOC"])


@pytest.mark.parametrize(
    ("text", "form", "label"),
    [
        ("The weed drifted toward the dam at Jinja on Tuesday .", "Jinja", "GPE"),  # a town of 90,000
        ("Logs floated down the Ottawa past the mill .", "Ottawa", "LOC"),  # "the": the river
        ("Boats crossed Lake Zorvani at dawn .", "Lake Zorvani", "LOC"),  # no town
    ],
)
def test_a_town_the_model_calls_a_location_is_the_town(blank, text, form, label):
    doc = _all(blank.make_doc(text), text, form, "LOC")
    assert _labels(news_entities_component(doc), form) == [label]


def test_context_says_place_for_a_small_town(blank):
    text = "Shelling hit the town of Dubovo , and Dubovo was quiet by night ."
    doc = _all(blank.make_doc(text), text, "Dubovo", "PERSON")
    doc.ents = [Span(doc, doc.ents[0].start, doc.ents[0].end, "GPE"), doc.ents[1]]
    assert _labels(news_entities_component(doc), "Dubovo") == ["GPE", "GPE"]


@pytest.mark.parametrize(
    "role", ["the port authority director", "the central bank governor", "a city councillor"]
)
def test_an_apposition_naming_an_office_keeps_the_person(blank, role):
    text = f"Janis Okafor , {role} , disagreed on Monday ."
    doc = _all(blank.make_doc(text), text, "Janis Okafor", "PERSON")
    assert _labels(news_entities_component(doc), "Janis Okafor") == ["PERSON"]


def test_an_apposition_naming_a_place_makes_a_place(blank):
    text = "Vorukh , a disputed enclave , was quiet on Monday ."
    doc = _all(blank.make_doc(text), text, "Vorukh", "PERSON")
    assert _labels(news_entities_component(doc), "Vorukh") == ["GPE"]


SPORTS = (
    "Surrey beat Kent by six wickets in the county championship match . "
    "England beat Scotland in the cup , and the league season ends soon ."
)


def test_in_sports_copy_a_town_is_the_club_and_a_country_stays_a_place(blank):
    doc = blank.make_doc(SPORTS)
    doc = _all(doc, SPORTS, "Surrey", "PERSON")
    doc = _all(doc, SPORTS, "Kent", "GPE")
    doc = _all(doc, SPORTS, "England", "GPE")
    doc = _all(doc, SPORTS, "Scotland", "GPE")
    assert is_sports_story(doc)
    out = news_entities_component(doc)
    assert [_labels(out, n) for n in ("Surrey", "Kent", "England", "Scotland")] == [
        ["ORG"],
        ["ORG"],
        ["GPE"],
        ["GPE"],
    ]


def test_a_first_name_of_someone_named_in_full_is_no_town(blank):
    text = "George Mensah scored twice . George said the team played well ."
    doc = _all(blank.make_doc(text), text, "George Mensah", "PERSON")
    start = text.index("George said")
    doc.ents = [*doc.ents, doc.char_span(start, start + 6, label="GPE")]
    winners, _ = story_labels(list(doc.ents), NAMED_LABELS)
    assert winners.get("George") == "GPE"  # the model's own label: no place evidence added
    assert form_evidence("George").label == "GPE"  # although the gazetteer knows a George


def test_harmonize_does_not_spread_a_label_strong_evidence_contradicts(mention):
    ms = [
        mention("Armenia", "PERSON", 0, field="headline"),
        mention("Armenia", "PERSON", 20, field="headline"),
        mention("Armenia", "GPE", 0),
    ]
    out = canonicalize(ms)
    assert [m.label for m in out] == ["PERSON", "PERSON", "GPE"]


def _stories() -> list[dict]:
    return [json.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.slow
def test_key_entities_of_our_stories_carry_the_right_label(nlp):
    stories = _stories()
    fold = LABEL_MAPS["conll"]
    found = annotate_stories(
        nlp, [(s["headline"], s["body"], s["dateline"]) for s in stories], batch_size=8
    )
    right, total, wrong = 0, 0, []
    for story, entities in zip(stories, found, strict=True):
        for m in entities.mentions:
            name = " ".join(m.text.split())
            if m.field == "dateline" or name not in story["keys"]:
                continue
            total += 1
            if fold.get(m.label) == story["keys"][name]:
                right += 1
            else:
                wrong.append((story["id"], name, m.label))
    assert total >= 120  # the model finds most key entities
    assert right / total >= 0.95, wrong


@pytest.mark.slow
def test_every_country_and_region_of_a_conflict_story_is_a_place(nlp):
    story = next(s for s in _stories() if s["id"] == "conflict")
    (found,) = annotate_stories(
        nlp, [(story["headline"], story["body"], story["dateline"])], batch_size=8
    )
    labels = {(" ".join(m.text.split()), m.label) for m in found.mentions if m.field != "dateline"}
    for place in story["places"]:
        got = {label for name, label in labels if name == place}
        assert got and got <= {"GPE", "LOC"}, (place, got)


def test_a_big_city_the_model_calls_a_person_is_a_place(blank):
    text = "The ship sailed from Liverpool to Rotterdam in a storm ."
    doc = _all(blank.make_doc(text), text, "Rotterdam", "PERSON")
    assert _labels(news_entities_component(doc), "Rotterdam") == ["GPE"]
    text = "Peter Karlsson , George\nPanayiotopoulos and Falk Balzer ran ."  # a wrapped name
    doc = _all(blank.make_doc(text), text, "George", "PERSON")
    assert _labels(news_entities_component(doc), "George") == ["PERSON"]


def test_a_big_city_the_model_calls_a_people_is_a_place_but_a_nationality_stays(blank):
    text = "Divers surveyed reefs between Genoa , near the border , and Rotterdam ."
    doc = _all(blank.make_doc(text), text, "Rotterdam", "NORP")
    assert _labels(news_entities_component(doc), "Rotterdam") == ["GPE"]
    # a people named like a big town, written as a people: Naga is also a Philippine city
    text = "Naga rebels attacked a police post near the border ."
    doc = _all(blank.make_doc(text), text, "Naga", "NORP")
    assert _labels(news_entities_component(doc), "Naga") == ["NORP"]


def test_a_capital_the_model_calls_an_org_is_the_government_outside_sports(blank):
    text = "The minister said Budapest would contribute to the study ."
    doc = _all(blank.make_doc(text), text, "Budapest", "ORG")
    assert _labels(news_entities_component(doc), "Budapest") == ["GPE"]


@pytest.mark.parametrize(
    "text",
    [
        "Vantora Chief Executive Ana Reis said Vantora would grow , and Vantora agreed .",
        "Shares of oil company Vantora slid as Vantora cut output , Vantora said .",
        "Vantora shares fell after Vantora warned , and Vantora said so .",
    ],
)
def test_company_cues_make_an_org_of_every_mention(blank, text):
    doc = _all(blank.make_doc(text), text, "Vantora", "PERSON")
    assert _labels(news_entities_component(doc), "Vantora") == ["ORG"] * 3


def test_a_place_with_shares_after_it_is_the_market_and_a_country_no_company(blank):
    text = "Tokyo shares fell as Tokyo traders sold , analysts in Tokyo said ."
    doc = _all(blank.make_doc(text), text, "Tokyo", "GPE")
    assert _labels(news_entities_component(doc), "Tokyo") == ["GPE"] * 3
    text = "Kenya chairman of the panel spoke , and Kenya agreed ."
    doc = _all(blank.make_doc(text), text, "Kenya", "PERSON")
    assert _labels(news_entities_component(doc), "Kenya") == ["GPE"] * 2


def test_a_name_opening_a_company_with_its_legal_suffix_is_that_company(blank):
    text = "Rheinwerk AG agreed the deal . Rheinwerk fell 4 percent , Rheinwerk said ."
    doc = _all(blank.make_doc(text), text, "Rheinwerk", "PERSON")
    start = text.index("Rheinwerk AG")
    doc.ents = [doc.char_span(start, start + 12, label="ORG"), *doc.ents[1:]]
    assert _labels(news_entities_component(doc), "Rheinwerk") == ["ORG", "ORG"]


def test_in_sports_copy_staff_after_a_name_make_the_club_and_a_visited_city_a_place(blank):
    text = (
        "Atletico beat Betis 3-1 in the league match . Atletico coach Diego Serrano said "
        "the goal mattered . Atletico travel to Glasgow on Wednesday , while Brazil coach "
        "Tite watched the season end ."
    )
    doc = blank.make_doc(text)
    for name, label in [("Atletico", "PERSON"), ("Glasgow", "PERSON"), ("Brazil", "GPE")]:
        doc = _all(doc, text, name, label)
    out = news_entities_component(doc)
    assert is_sports_story(doc)
    assert [_labels(out, n) for n in ("Atletico", "Glasgow", "Brazil")] == [
        ["ORG"] * 3, ["GPE"], ["GPE"],
    ]  # fmt: skip


@pytest.mark.parametrize("form", ["Amazon", "Danube", "Mekong"])
def test_a_feature_of_several_countries_is_placed_but_no_evidence_of_what_a_name_is(form):
    """Geocoding gives it its countries' mean point; the company called Amazon stays possible."""
    assert geocode(form).reason == SHARED_REASON
    assert form_evidence(form).strength == 0
