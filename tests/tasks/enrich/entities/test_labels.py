"""Labels of the other languages' pipelines folded onto ours (``storywire_fold_labels``)."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from storywire.tasks.enrich.entities.labels import FOLD_COMPONENT, folded_label
from tests.tasks.enrich.entities.spans import draw_entities


@pytest.mark.parametrize(
    ("label", "name", "ours"),
    [
        ("PER", "Jeanne Martin", "PERSON"),
        ("ORG", "Banque de France", "ORG"),
        ("LOC", "Lyon", "GPE"),  # a town
        ("LOC", "Allemagne", "GPE"),  # a country by its French name
        ("LOC", "Свердловская область", "GPE"),  # a subdivision by its Russian name
        ("LOC", "Méditerranée", "LOC"),  # no town, no country: a sea
        ("LOC", "Proche-Orient", "LOC"),
        ("MISC", "Coupe du monde", "MISC"),
        ("GPE", "Texas", "GPE"),  # already ours: kept
        ("DATE", "12 mars", None),  # not an entity of the table
    ],
)
def test_folded_label(label, name, ours):
    assert folded_label(label, name) == ours


def test_the_component_relabels_a_hand_built_doc():
    nlp = spacy.blank("fr")
    nlp.add_pipe(FOLD_COMPONENT)
    doc = nlp.make_doc("Jeanne Martin a quitté Lyon pour la Méditerranée.")
    doc.ents = [doc.char_span(0, 13, label="PER"), doc.char_span(23, 27, label="LOC"),
                doc.char_span(36, 48, label="LOC")]
    doc = nlp.get_pipe(FOLD_COMPONENT)(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Jeanne Martin", "PERSON"), ("Lyon", "GPE"), ("Méditerranée", "LOC")
    ]


def _folded(text: str, ents: list[tuple[str, str]], pos: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The entities of a hand-built French doc after the fold component; ``pos``: the
    part-of-speech tags of some words, as the pipeline's tagger gives them (every other
    word untagged, or tagged X when ``pos`` is given)."""
    nlp = spacy.blank("fr")
    nlp.add_pipe(FOLD_COMPONENT)
    doc = nlp.make_doc(text)
    if pos is not None:
        for token in doc:
            token.pos_ = pos.get(token.text, "X")
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return [(e.text, e.label_) for e in nlp.get_pipe(FOLD_COMPONENT)(doc).ents]


def test_french_spans_lose_articles_titles_and_lone_weekdays():
    found = _folded(
        "Le Norvégien Sindre Halvorsen a gagné. Samedi, M. Aubertin a parlé de la France.",
        [("Le Norvégien Sindre Halvorsen", "PER"), ("Samedi", "PER"), ("M. Aubertin", "PER"), ("la France", "LOC")],
    )
    assert found == [("Sindre Halvorsen", "PERSON"), ("Aubertin", "PERSON"), ("France", "GPE")]


def test_a_french_nationality_noun_before_a_name_is_cut_off_and_the_name_is_a_person():
    found = _folded(
        "Selon le Suédois Anders Lindqvist et l'Américaine Jane Doe, le Lyonnais a gagné "
        "contre la Banque Postale.",
        [("Suédois Anders Lindqvist", "ORG"), ("Américaine Jane Doe", "MISC"), ("Lyonnais", "MISC"),
         ("Banque Postale", "ORG")],
    )
    assert found == [("Anders Lindqvist", "PERSON"), ("Jane Doe", "PERSON"), ("Lyonnais", "MISC"),
                     ("Banque Postale", "ORG")]


@pytest.mark.parametrize(
    "text",
    [
        "« Rien n'arrive dans les scieries », a réagi Pascale Bergevin, porte-parole du CIFQ.",
        "« Rien n'arrive dans les scieries », estime Pascale Bergevin.",
    ],
)
def test_a_french_speaker_the_model_calls_a_place_is_a_person(text):
    assert _folded(text, [("Pascale Bergevin", "LOC")]) == [("Pascale Bergevin", "PERSON")]


def test_a_place_after_a_quote_and_a_name_elsewhere_stay_places():
    # a place the gazetteer knows after the verb stays the place (a town is GPE before this
    # rule reads it; a natural feature needs the rule's own check), and a name with no quote
    assert _folded("« Rien », a déclaré Port Louis.", [("Port Louis", "LOC")]) == [("Port Louis", "GPE")]
    assert _folded("« Rien », a écrit Mont Blanc.", [("Mont Blanc", "LOC")]) == [("Mont Blanc", "LOC")]
    assert _folded("Il vit près de Pascale Bergevin.", [("Pascale Bergevin", "LOC")]) == [
        ("Pascale Bergevin", "LOC")]


def test_french_organizations_are_put_back_together():
    found = _folded(
        "Le ministère de la Justice et l'Union maritime et fluviale de Marseille-Fos ont signé.",
        [("Justice", "ORG"), ("Union maritime et fluviale", "ORG"), ("Marseille-Fos", "LOC")],
    )
    assert found == [("ministère de la Justice", "ORG"), ("Union maritime et fluviale de Marseille-Fos", "ORG")]


def test_a_capital_the_model_calls_a_person_is_a_place_unless_titled():
    found = _folded("Khartoum a rejeté l'offre, a dit M. Paris.", [("Khartoum", "PER"), ("Paris", "PER")])
    assert found == [("Khartoum", "GPE"), ("Paris", "PERSON")]


def test_a_french_institution_named_after_its_place_is_one_span():
    found = _folded(
        "Le tribunal correctionnel de Paris a jugé l'affaire. La délégation a visité la maison "
        "d'arrêt de Nîmes et l'université de Strasbourg, puis le centre de Lyon et le port de Brest.",
        [("Paris", "LOC"), ("Nîmes", "LOC"), ("Strasbourg", "LOC"), ("Lyon", "LOC"), ("Brest", "LOC")],
    )
    assert found == [
        ("tribunal correctionnel de Paris", "ORG"),
        ("maison d'arrêt de Nîmes", "FAC"),
        ("université de Strasbourg", "ORG"),
        ("Lyon", "GPE"),  # a city's centre is the city
        ("Brest", "GPE"),  # a port is not an institution here
    ]


def test_a_french_name_opening_with_an_organization_word_is_an_organization():
    found = _folded(
        "L'Observatoire international des prisons, la Coalition avenir Québec et la Banque "
        "mondiale ont écrit à Union Grove et au Conseil.",
        [("Observatoire international des prisons", "LOC"), ("Coalition avenir Québec", "PER"),
         ("Banque mondiale", "MISC"), ("Conseil", "LOC")],
    )
    assert found == [("Observatoire international des prisons", "ORG"), ("Coalition avenir Québec", "ORG"),
                     ("Banque mondiale", "ORG"),
                     ("Conseil", "LOC")]  # one word: "Conseil" alone says nothing


def test_a_french_misc_holding_an_acronym_is_an_organization_a_roman_numeral_is_not():
    found = _folded(
        "L'armateur CMA CGM et Oddo BHF ont soutenu la Coupe du monde et Louis XIV en MISC.",
        [("CMA CGM", "MISC"), ("Oddo BHF", "MISC"), ("Coupe du monde", "MISC"), ("Louis XIV", "MISC")],
    )
    assert found == [("CMA CGM", "ORG"), ("Oddo BHF", "ORG"), ("Coupe du monde", "MISC"), ("Louis XIV", "MISC")]


def test_the_management_of_a_company_is_not_part_of_its_name():
    found = _folded("La direction de Lactalis a refusé.", [("Lactalis", "ORG")])
    assert found == [("Lactalis", "ORG")]


def test_the_words_before_a_french_name_can_make_it_an_organization():
    found = _folded(
        "Selon Anne Roy, économiste chez Natixis, la société d'isolation Isoclim et l'agence "
        "spatiale indienne Isro ont vu les actionnaires de Virelia Bio partir avec Paul Mercier.",
        [("Anne Roy", "PER"), ("Natixis", "LOC"), ("Isoclim", "PER"), ("Isro", "LOC"),
         ("Virelia Bio", "PER"), ("Paul Mercier", "PER")],
        pos={"d'": "ADP", "isolation": "NOUN", "spatiale": "ADJ", "indienne": "ADJ"},
    )
    assert found == [("Anne Roy", "PERSON"), ("Natixis", "ORG"), ("Isoclim", "ORG"), ("Isro", "ORG"),
                     ("Virelia Bio", "ORG"), ("Paul Mercier", "PERSON")]


def test_a_verb_between_a_kind_noun_and_a_name_stops_the_context():
    found = _folded("La banque a reçu Jean Valjean.", [("Jean Valjean", "PER")])
    assert found == [("Jean Valjean", "PERSON")]  # untagged: nothing may come between
    found = _folded("La banque a reçu Jean Valjean.", [("Jean Valjean", "PER")], pos={"a": "AUX", "reçu": "VERB"})
    assert found == [("Jean Valjean", "PERSON")]
    found = _folded("Le groupe de Marie Curie a publié.", [("Marie Curie", "PER")])
    assert found == [("Marie Curie", "PERSON")]  # her group: "de" alone makes no company


def test_an_abbreviation_in_brackets_after_an_organization_is_it_everywhere_in_the_text():
    text = ("La Société nationale des eaux du Sénégal (Sones) a signé. Sones paiera, a dit un "
            "porte-parole de Sones à Dakar.")
    ents = [("Société nationale des eaux du Sénégal", "ORG"), ("Sones", "MISC")]
    nlp = spacy.blank("fr")
    nlp.add_pipe(FOLD_COMPONENT)
    doc = nlp.make_doc(text)
    spans = [doc.char_span(text.index(ents[0][0]), text.index(ents[0][0]) + len(ents[0][0]), label="ORG")]
    spans += [doc.char_span(i, i + 5, label="MISC") for i in range(len(text)) if text.startswith("Sones", i)]
    spans.append(doc.char_span(text.index("Dakar"), text.index("Dakar") + 5, label="LOC"))
    doc.ents = spans
    found = [(e.text, e.label_) for e in nlp.get_pipe(FOLD_COMPONENT)(doc).ents]
    assert found == [("Société nationale des eaux du Sénégal", "ORG"), ("Sones", "ORG"), ("Sones", "ORG"),
                     ("Sones", "ORG"), ("Dakar", "GPE")]


def test_untagged_adjectives_of_origin_may_stand_between_the_kind_and_the_name():
    found = _folded("Le régulateur ghanéen Cocobod et l'agence spatiale indienne Isro ont signé.",
                    [("Cocobod", "LOC"), ("Isro", "LOC")])
    assert found == [("Cocobod", "ORG"), ("Isro", "ORG")]


def test_a_small_french_town_is_a_town_without_an_article_a_river_of_its_name_is_not():
    found = _folded(
        "À Redon, la crue de l'Oust inquiète. Les habitants de Bassens et de la rivière Oust attendent.",
        [("Redon", "LOC"), ("Oust", "LOC"), ("Bassens", "LOC"), ("rivière Oust", "LOC")],
    )
    assert found == [("Redon", "GPE"), ("Oust", "LOC"), ("Bassens", "GPE"), ("Oust", "LOC")]


def test_a_capitalized_article_stays_in_a_name_mid_sentence_or_when_the_gazetteer_knows_it():
    found = _folded(
        "Le Havre a gagné à La Rochelle, selon Le Monde. Le Norvégien Sindre Halvorsen a fini.",
        [("Le Havre", "LOC"), ("La Rochelle", "LOC"), ("Le Monde", "ORG"), ("Le Norvégien Sindre Halvorsen", "PER")],
    )
    assert found == [("Le Havre", "GPE"), ("La Rochelle", "GPE"), ("Le Monde", "ORG"),
                     ("Sindre Halvorsen", "PERSON")]


@pytest.mark.parametrize("ents", [
    [("Gaëlle", "LOC"), ("Bihan", "LOC")],  # the model's split round "Le"
    [("Gaëlle", "PER"), ("Le Bihan", "LOC")],
])
def test_a_name_split_at_its_particle_is_one_person(ents):
    found = _folded("Selon l'hydrologue Gaëlle Le Bihan, la crue baisse.", ents)
    assert found == [("Gaëlle Le Bihan", "PERSON")]


def test_a_place_before_a_capitalized_article_is_not_a_first_name():
    found = _folded("Le match Lyon La Rochelle a eu lieu.", [("Lyon", "LOC"), ("La Rochelle", "LOC")])
    assert found == [("Lyon", "GPE"), ("La Rochelle", "GPE")]


def test_the_family_name_of_a_person_named_in_full_is_that_person_unless_a_big_place():
    text = "Le Français Bastien Lacombe a fini devant Marc Paris. Lacombe et Paris ont ri."
    nlp = spacy.blank("fr")
    nlp.add_pipe(FOLD_COMPONENT)
    doc = nlp.make_doc(text)
    full = [("Bastien Lacombe", "PER"), ("Marc Paris", "PER")]
    doc.ents = [doc.char_span(text.index(n), text.index(n) + len(n), label=lab) for n, lab in full] + [
        doc.char_span(text.rindex(n), text.rindex(n) + len(n), label="LOC") for n in ("Lacombe", "Paris")
    ]
    found = [(e.text, e.label_) for e in nlp.get_pipe(FOLD_COMPONENT)(doc).ents]
    assert found[2:] == [("Lacombe", "PERSON"), ("Paris", "GPE")]


def test_an_organization_name_runs_on_through_describing_words_to_its_place():
    found = _folded(
        "Le Conseil interprofessionnel du vin de Bordeaux, le Bureau de la coordination des "
        "affaires humanitaires des Nations unies et Vins Delhomme et Fils ont signé. Le Conseil "
        "a voté lundi de Paris.",
        [("Conseil", "ORG"), ("Bordeaux", "LOC"), ("Bureau de la coordination des affaires humanitaires", "ORG"),
         ("Nations unies", "ORG"), ("Vins Delhomme", "ORG"), ("Fils", "PER")],
    )
    assert found == [("Conseil interprofessionnel du vin de Bordeaux", "ORG"),
                     ("Bureau de la coordination des affaires humanitaires des Nations unies", "ORG"),
                     ("Vins Delhomme et Fils", "ORG")]


def test_a_verb_stops_an_organization_name_before_a_place():
    text = "Le Conseil a voté lundi de Paris."
    nlp = spacy.blank("fr")
    nlp.add_pipe(FOLD_COMPONENT)
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(3, 10, label="ORG"), doc.char_span(text.index("Paris"), len(text) - 1, label="LOC")]
    found = [(e.text, e.label_) for e in nlp.get_pipe(FOLD_COMPONENT)(doc).ents]
    assert found == [("Conseil", "ORG"), ("Paris", "GPE")]


# --- any doc, any spans ---------------------------------------------------------------------

# Words that wake the French rules: articles in and before names, particles, partners after
# "et", organizations' first words and "de", towns, rivers, titles, nationality nouns.
_FR_WORDS = ["Le", "La", "le", "la", "l'", "de", "du", "des", "et", "&", "Fils", "Cie", "Martin", "Gaëlle", "Bihan", "Redon", "Oust", "rivière", "à", "Conseil", "interprofessionnel", "vin", "Bordeaux", "Rochelle", "Havre", "M.", "Norvégien", "société", "Isoclim", "(", ")", "Sones", ",", ".", "«", "»", "Lacombe", "Bastien", "mardi"]
_FR_LABELS = ["PER", "ORG", "LOC", "MISC", "DATE"]


@st.composite
def _french_docs(draw):
    words = draw(st.lists(st.sampled_from(_FR_WORDS), min_size=1, max_size=25))
    return draw_entities(draw, Doc(_FR.vocab, words=words), _FR_LABELS, 6)


_FR = spacy.blank("fr")
_FR.add_pipe(FOLD_COMPONENT)


@settings(max_examples=300, deadline=None)
@given(_french_docs())
def test_the_fold_component_never_fails_and_keeps_entities_apart(doc):
    """Whatever the French model handed over: no exception (an overlap is one), every
    entity inside the doc with a capitalized word and one of our labels."""
    out = _FR.get_pipe(FOLD_COMPONENT)(doc)
    ends = [0]
    for e in out.ents:
        assert e.start >= ends[-1] and e.end <= len(out)
        assert any(t.text[:1].isupper() for t in e)
        assert e.label_ in {"PERSON", "ORG", "GPE", "LOC", "MISC", "FAC"}
        ends.append(e.end)


@pytest.mark.parametrize(
    ("ents", "expected"),
    [
        ([("Vins Delhomme", "ORG")], [("Vins Delhomme et Fils", "ORG")]),
        ([("Vins Delhomme", "ORG"), ("Fils", "PER")], [("Vins Delhomme et Fils", "ORG")]),
        # "Fils" opens another entity: it stays that entity's (taking it in overlapped: E1010)
        ([("Vins Delhomme", "ORG"), ("Fils Martin", "PER")], [("Vins Delhomme", "ORG"), ("Fils Martin", "PERSON")]),
    ],
)
def test_a_company_takes_its_partners_word_unless_another_entity_holds_it(ents, expected):
    assert _folded("Vins Delhomme et Fils Martin ont signé.", ents) == expected
