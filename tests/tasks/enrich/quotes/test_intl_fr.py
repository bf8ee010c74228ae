"""French quotes: « guillemets » with (narrow) no-break spaces, dialogue dashes,
incises (``a-t-il déclaré``), ``selon``/``d'après`` and titles before names.

Every story below is invented for these tests in the layouts of AFP, Reuters and
AP French copy; entity mentions are built by hand as the entity step hands them over.
"""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.quotes import extract_quotes
from storywire.tasks.records import QuoteMention
from tests.tasks.enrich.quotes.built import Spec, mentions, summary

NBSP, NNBSP = "\u00a0", "\u202f"


def run(body: str, specs: list[Spec]) -> list[QuoteMention]:
    quotes = extract_quotes(body, mentions(body, specs), language="fr")
    for q in quotes:
        assert body[q.start : q.end] == q.text
        assert q.text == q.text.strip()
    return quotes


AFP = (
    "PARIS, 12 mars 2025 (AFP) - Le ministre des Affaires étrangères Jean-Marc Delorme a "
    "proposé mardi d'accueillir à Paris des pourparlers sur le Sahel.\n\n"
    f"«{NNBSP}Nous sommes prêts à accueillir les discussions dès le mois prochain{NNBSP}», "
    "a déclaré le ministre lors d'une conférence de presse.\n\n"
    f"«{NBSP}Il n'y a pas d'autre voie{NBSP}», a-t-il ajouté.\n\n"
    "Selon Claire Fontaine, porte-parole du gouvernement, « la France ne cédera pas au "
    "chantage ».\n\n"
    "Le président de la commission, Paul Mercier, a affirmé : « Le calendrier est "
    "tenable. »\n\n"
    "« C'est une étape décisive », estime Sophie Garnier, chercheuse à l'Ifri.\n\n"
    "— Nous attendons une réponse, a dit la porte-parole. Le temps presse."
)
AFP_ENTITIES: list[Spec] = [
    ("PARIS", "GPE", "Paris"),
    ("AFP", "ORG", "AFP"),
    ("Jean-Marc Delorme", "PERSON", "Jean-Marc Delorme"),
    ("Paris", "GPE", "Paris"),
    ("Sahel", "LOC", "Sahel"),
    ("Claire Fontaine", "PERSON", "Claire Fontaine"),
    ("France", "GPE", "France"),
    ("Paul Mercier", "PERSON", "Paul Mercier"),
    ("Sophie Garnier", "PERSON", "Sophie Garnier"),
    ("Ifri", "ORG", "Ifri"),
]


def test_afp_story_titles_incises_selon_colon_and_dialogue() -> None:
    assert summary(run(AFP, AFP_ENTITIES)) == [
        (
            "Nous sommes prêts à accueillir les discussions dès le mois prochain",
            "le ministre",
            "Jean-Marc Delorme",
            "declare",
        ),
        ("Il n'y a pas d'autre voie", "il", "Jean-Marc Delorme", "add"),
        (
            "la France ne cédera pas au chantage",
            "Claire Fontaine",
            "Claire Fontaine",
            "according to",
        ),
        ("Le calendrier est tenable.", "Paul Mercier", "Paul Mercier", "affirm"),
        ("C'est une étape décisive", "Sophie Garnier", "Sophie Garnier", "believe"),
        ("Nous attendons une réponse,", "la porte-parole", "Claire Fontaine", "say"),
        ("Le temps presse.", "la porte-parole", "Claire Fontaine", "say"),
    ]


def test_no_break_spaces_stay_outside_the_quote_text() -> None:
    quotes = run(AFP, AFP_ENTITIES)
    assert quotes[0].text.startswith("Nous") and quotes[1].text.endswith("voie")
    assert [q.paragraph for q in quotes] == [1, 2, 3, 4, 5, 6, 6]


REUTERS = (
    "BRUXELLES, 3 février (Reuters) - La Commission européenne a présenté jeudi un plan "
    "de soutien à la sidérurgie.\n\n"
    "« L'industrie attend “des actes, pas des mots” », a précisé Marc Lefèvre à Reuters.\n\n"
    "« La situation est grave, ont-ils expliqué. Il faut agir vite. »\n\n"
    "La FNSEA, premier syndicat agricole, a jugé les annonces « insuffisantes ».\n\n"
    "Le président de la région Bretagne, Gwenaël Tanguy, s'est dit « solidaire » des "
    "ouvriers.\n\n"
    "« Nous verrons », a déclaré à la presse l'avocate des salariés, Me Hélène Rousseau.\n\n"
    "D'après elle, « aucune date n'est fixée »."
)
REUTERS_ENTITIES: list[Spec] = [
    ("BRUXELLES", "GPE", "Bruxelles"),
    ("Reuters", "ORG", "Reuters"),
    ("La Commission européenne", "ORG", "Commission européenne"),
    ("Marc Lefèvre", "PERSON", "Marc Lefèvre"),
    ("FNSEA", "ORG", "FNSEA"),
    ("Bretagne", "GPE", "Bretagne"),
    ("Gwenaël Tanguy", "PERSON", "Gwenaël Tanguy"),
    ("Hélène Rousseau", "PERSON", "Hélène Rousseau"),
]


def test_reuters_nested_marks_incise_scare_quotes_reflexive_and_apposition() -> None:
    assert summary(run(REUTERS, REUTERS_ENTITIES)) == [
        ("L'industrie attend “des actes, pas des mots”", "Marc Lefèvre", "Marc Lefèvre", "specify"),
        ("La situation est grave,", "ils", None, "explain"),
        ("Il faut agir vite.", "ils", None, "explain"),
        ("insuffisantes", "FNSEA", "FNSEA", "judge"),
        ("solidaire", "Gwenaël Tanguy", "Gwenaël Tanguy", "say"),
        ("Nous verrons", "Hélène Rousseau", "Hélène Rousseau", "declare"),
        ("aucune date n'est fixée", "elle", "Hélène Rousseau", "according to"),
    ]


def test_relative_clause_is_not_the_subject() -> None:
    body = (
        "L'Union européenne, dont Chypre est membre depuis 2004, a salué mardi « un pas "
        "dans la bonne direction »."
    )
    specs: list[Spec] = [
        ("L'Union européenne", "ORG", "Union européenne"),
        ("Chypre", "GPE", "Chypre"),
    ]
    assert summary(run(body, specs)) == [
        ("un pas dans la bonne direction", "L'Union européenne", "Union européenne", "hail")
    ]


def test_common_noun_subject_names_an_earlier_organization() -> None:
    body = (
        "Le tribunal correctionnel de Lyon a condamné jeudi l'ancien dirigeant d'Isoclim.\n\n"
        "Le tribunal a estimé que le prévenu avait organisé « un système de facturation "
        "fictive »."
    )
    specs: list[Spec] = [
        ("tribunal correctionnel de Lyon", "ORG", "tribunal correctionnel de Lyon"),
        ("Isoclim", "ORG", "Isoclim"),
    ]
    assert summary(run(body, specs)) == [
        (
            "un système de facturation fictive",
            "Le tribunal",
            "tribunal correctionnel de Lyon",
            "believe",
        ),
    ]


def test_multi_paragraph_quote_and_elided_inversion() -> None:
    body = (
        "« Le texte sera prêt en juin.\n\n"
        "« Les États membres voteront avant l'été », a-t-elle conclu.\n\n"
        "Comme l'a souligné Hélène Rousseau, « rien n'est joué »."
    )
    quotes = run(body, [("Hélène Rousseau", "PERSON", "Hélène Rousseau")])
    assert summary(quotes) == [
        # Nobody is named before "elle": the pronoun stays unresolved.
        (
            "Le texte sera prêt en juin.\n\n« Les États membres voteront avant l'été",
            "elle",
            None,
            "conclude",
        ),
        ("rien n'est joué", "Hélène Rousseau", "Hélène Rousseau", "emphasize"),
    ]
    assert [q.paragraph for q in quotes] == [0, 2]


def test_names_in_guillemets_are_not_quotes() -> None:
    body = (
        "Le parti « Renaissance » et le quotidien « Le Monde » ont publié un sondage. "
        "L'opération « Barkhane » a pris fin."
    )
    assert run(body, []) == []


@pytest.mark.parametrize(
    ("attribution", "speaker", "lemma"),
    [
        ("a déclaré Anne Morel", "Anne Morel", "declare"),
        ("a dit Anne Morel", "Anne Morel", "say"),
        ("a affirmé Anne Morel", "Anne Morel", "affirm"),
        ("a indiqué Anne Morel", "Anne Morel", "state"),
        ("a souligné Anne Morel", "Anne Morel", "emphasize"),
        ("a ajouté Anne Morel", "Anne Morel", "add"),
        ("a expliqué Anne Morel", "Anne Morel", "explain"),
        ("estime Anne Morel", "Anne Morel", "believe"),
        ("déclare Anne Morel", "Anne Morel", "declare"),
        ("a précisé Anne Morel", "Anne Morel", "specify"),
        ("selon Anne Morel", "Anne Morel", "according to"),
        ("d'après Anne Morel", "Anne Morel", "according to"),
        ("a-t-elle déclaré", "elle", "declare"),
        ("a-t-elle encore souligné", "elle", "emphasize"),
        ("dit-elle", "elle", "say"),
        ("ajoute-t-elle", "elle", "add"),
        ("ont-ils indiqué", "ils", "state"),
        ("Anne Morel a ajouté", "Anne Morel", "add"),
    ],
)
def test_incises_and_inverted_verbs(attribution: str, speaker: str, lemma: str) -> None:
    body = f"Anne Morel dirige l'usine depuis 2019.\n\n« Tout est prêt », {attribution}."
    quotes = run(body, [("Anne Morel", "PERSON", "Anne Morel")])
    assert summary(quotes) == [
        ("Tout est prêt", speaker, "Anne Morel" if speaker != "ils" else None, lemma)
    ]


@pytest.mark.parametrize(
    ("body", "specs", "speaker"),
    [
        # the most recent person is the object; the pronoun means the sentence's subject
        ("LOMÉ (AP) — M. Kossi Amavi doit être reçu mardi par son homologue, Issa Diallo.\n\n"
         "« Nous venons écouter les deux parties », a-t-il déclaré à l'aéroport.",
         [("Kossi Amavi", "PERSON", "Kossi Amavi"), ("Issa Diallo", "PERSON", "Issa Diallo")], "Kossi Amavi"),
        # a person after a preposition ("de M. X") is not the subject; the apposition is
        ("L'avocat de M. Roux, Me Lucie Perrin, a annoncé un appel. « Mon client conteste "
         "tout », a-t-elle ajouté.",
         [("Roux", "PERSON", "Roux"), ("Lucie Perrin", "PERSON", "Lucie Perrin")], "Lucie Perrin"),
    ],
)
def test_a_pronoun_speaker_is_the_subject_of_the_sentence_that_named_the_person(body, specs, speaker):
    (quote,) = run(body, specs)
    assert quote.speaker_canonical == speaker


@pytest.mark.parametrize(
    "role",
    [
        "le vice-président chargé des mobilités",  # a role and its brief ("chargé de")
        "l'adjointe au maire chargée de la sécurité",
        "la vice-ministre",
    ],
)
def test_a_role_then_the_persons_name_is_that_person(role: str) -> None:
    body = (
        "LILLE (AFP) - Le projet a été voté lundi.\n\n"
        f"« Nous tiendrons les délais », a déclaré {role}, Bruno Delattre."
    )
    quotes = run(body, [("LILLE", "GPE", "Lille"), ("AFP", "ORG", "AFP"),
                        ("Bruno Delattre", "PERSON", "Bruno Delattre")])
    assert [(q.text, q.speaker) for q in quotes] == [("Nous tiendrons les délais", "Bruno Delattre")]


@pytest.mark.parametrize(
    ("subject", "specs", "speaker"),
    [
        # an apposition led by "de" and a relative clause stand between the name and its verb
        ("Le géologue Marc Vidal, de l'Université de Genève, qui n'a pas pris part à l'étude,",
         [("Marc Vidal", "PERSON", "Marc Vidal"), ("Université de Genève", "ORG", "Université de Genève")],
         "Marc Vidal"),
        # an abbreviation in brackets, then the body it belongs to
        ("Le Comité pour la sécurité des barrages (CSB) du ministère de l'Environnement",
         [("Comité pour la sécurité des barrages", "ORG", "Comité pour la sécurité des barrages"),
          ("CSB", "ORG", "CSB"), ("ministère de l'Environnement", "ORG", "ministère de l'Environnement")],
         "Comité pour la sécurité des barrages"),
        # a clause of manner led by "par" says how, not who
        ("Anne Morel, par la voix de son avocat Paul Roux,",
         [("Anne Morel", "PERSON", "Anne Morel"), ("Paul Roux", "PERSON", "Paul Roux")], "Anne Morel"),
    ],
)
def test_the_subject_is_read_past_what_describes_it(subject, specs, speaker):
    body = f"GENÈVE (AFP) - {subject} juge les résultats « cohérents avec nos mesures »."
    (quote,) = run(body, [("GENÈVE", "GPE", "Genève"), ("AFP", "ORG", "AFP"), *specs])
    assert (quote.text, quote.speaker_canonical) == ("cohérents avec nos mesures", speaker)
