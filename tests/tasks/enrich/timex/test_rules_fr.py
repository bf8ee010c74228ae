"""French TIMEX3 rules, end to end through extract_timexes, on sentences written for them."""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.timex import extract_timexes, rules_fr
from storywire.tasks.enrich.timex.gates import fold_case
from tests.tasks.enrich.timex.stories_fr import FR_STORIES

FRIDAY = dt.date(2025, 3, 14)  # publication date of every sentence below (a Friday)


def found(text: str, dct: dt.date | None = FRIDAY) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.value) for m in extract_timexes(text, dct, language="fr")]


CASES = [
    # weekdays: the nearest one on the side the tense says, parts of day
    ("Le ministre a annoncé mardi soir sa démission.", [("mardi soir", "TIME", "2025-03-11TEV")]),
    ("Les négociations reprendront mercredi à Genève.", [("mercredi", "DATE", "2025-03-19")]),
    ("Les négociations ont repris mercredi à Genève.", [("mercredi", "DATE", "2025-03-12")]),
    ("Le conseil a voté ce lundi une motion.", [("ce lundi", "DATE", "2025-03-10")]),
    ("Le sommet se tiendra lundi prochain.", [("lundi prochain", "DATE", "2025-03-17")]),
    ("Il a été arrêté samedi dernier.", [("samedi dernier", "DATE", "2025-03-08")]),
    (
        "Des orages ont frappé Nice dans la nuit de jeudi à vendredi.",
        [("la nuit de jeudi à vendredi", "TIME", "2025-03-13TNI")],
    ),
    # months and dates
    ("L'accord a été signé le 12 mars.", [("le 12 mars", "DATE", "2025-03-12")]),
    ("La loi est entrée en vigueur le 1er mai 2024.", [("le 1er mai 2024", "DATE", "2024-05-01")]),
    ("Les prix ont augmenté en mars.", [("mars", "DATE", "2025-03")]),
    ("L'usine a fermé en juillet 2019.", [("juillet 2019", "DATE", "2019-07")]),
    ("Les travaux s'achèveront fin mars.", [("fin mars", "DATE", "2025-03")]),
    ("Le chantier a démarré mi-janvier.", [("mi-janvier", "DATE", "2025-01")]),
    ("Le rapport est daté du 05/02/2024.", [("05/02/2024", "DATE", "2024-02-05")]),
    ("La sonde Mars Express a photographié le cratère.", []),  # the planet, not March
    ("L'exposition reste ouverte jusqu'au 30 juin.", [("30 juin", "DATE", "2025-06-30")]),
    # years, decades, centuries
    ("Le stade a été construit en 2020.", [("2020", "DATE", "2020")]),
    ("Le marché s'est effondré dans les années 1990.", [("les années 1990", "DATE", "199")]),
    (
        "Au début des années 2000, la ville comptait trois usines.",
        [("début des années 2000", "DATE", "200")],
    ),
    ("Quelque 2020 personnes ont manifesté.", []),
    (
        "Le plan couvre la période 2025-2030.",
        [("2025-2030", "DATE", "2025/2030")],
    ),  # a count, not a year
    ("C'est la plus grande découverte du XXIe siècle.", [("XXIe siècle", "DATE", "20")]),
    ("Le pont a été bâti au XIXe siècle.", [("XIXe siècle", "DATE", "18")]),
    # relative expressions
    ("Hier, une manifestation a eu lieu à Rennes.", [("Hier", "DATE", "2025-03-13")]),
    ("Aujourd'hui, le pont est fermé.", [("Aujourd'hui", "DATE", "2025-03-14")]),
    ("Demain matin, le pont rouvrira.", [("Demain matin", "TIME", "2025-03-15TMO")]),
    ("Le chiffre d'affaires a progressé l'an dernier.", [("l'an dernier", "DATE", "2024")]),
    ("Le chiffre d'affaires a progressé l’année dernière.", [("l’année dernière", "DATE", "2024")]),
    ("La visite aura lieu la semaine prochaine.", [("la semaine prochaine", "DATE", "2025-W12")]),
    ("Les prix ont baissé le mois dernier.", [("le mois dernier", "DATE", "2025-02")]),
    ("Le chômage a reculé cette année.", [("cette année", "DATE", "2025")]),
    ("Un bilan sera dressé en fin d'année.", [("fin d'année", "DATE", "2025")]),
    (
        "Les prix ont grimpé à la fin de l'année dernière.",
        [("la fin de l'année dernière", "DATE", "2024")],
    ),
    ("Il y a trois ans, l'usine a fermé.", [("Il y a trois ans", "DATE", "2022")]),
    ("La décision sera rendue dans deux semaines.", [("dans deux semaines", "DATE", "2025-W13")]),
    # durations
    ("La tempête a duré deux jours.", [("deux jours", "DURATION", "P2D")]),
    ("Il a dirigé la mairie pendant trois ans.", [("trois ans", "DURATION", "P3Y")]),
    ("La grève dure depuis deux semaines.", [("deux semaines", "DURATION", "P2W")]),
    ("Le maire, âgé de 67 ans, a démissionné.", [("67 ans", "DURATION", "P67Y")]),
    (
        "Le procès a duré plus de vingt-cinq jours.",
        [("plus de vingt-cinq jours", "DURATION", "P25D")],
    ),
    ("Les secours ont travaillé quelques heures.", [("quelques heures", "DURATION", "PTXH")]),
    ("Un jour, il reviendra.", []),  # "some day", not a duration
    # clock times and parts of day
    ("Le train partira à 8 h.", [("8 h", "TIME", "2025-03-14T08:00")]),
    ("La séance reprendra à 15h30.", [("15h30", "TIME", "2025-03-14T15:30")]),
    (
        "Le vote aura lieu à 20 heures (heure de Paris).",
        [("20 heures (heure de Paris)", "TIME", "2025-03-14T20:00")],
    ),
    ("Le cortège partira à midi.", [("midi", "TIME", "2025-03-14T12:00")]),
    ("La ville compte 8 habitants au km2.", []),
    ("Le ferry est arrivé ce matin à Brest.", [("ce matin", "TIME", "2025-03-14TMO")]),
    ("Un incendie s'est déclaré dans la soirée.", [("la soirée", "TIME", "2025-03-14TEV")]),
    # weekends, sets, vague references, anaphors
    ("Un festival aura lieu ce week-end à Nantes.", [("ce week-end", "DATE", "2025-W11-WE")]),
    (
        "Chaque mardi, le marché s'installe place Bellecour.",
        [("Chaque mardi", "SET", "XXXX-WXX-2")],
    ),
    ("Le musée est ouvert tous les jours.", [("tous les jours", "SET", "P1D")]),
    ("Le comité se réunit tous les deux ans.", [("tous les deux ans", "SET", "P2Y")]),
    (
        "Les données sont publiées trois fois par semaine.",
        [("trois fois par semaine", "SET", "P1W")],
    ),
    ("Actuellement, 40 équipes interviennent.", [("Actuellement", "DATE", "PRESENT_REF")]),
    (
        "Les actions ont chuté le 3 février, puis remonté le lendemain.",
        [("le 3 février", "DATE", "2025-02-03"), ("le lendemain", "DATE", "2025-02-04")],
    ),
    ("La veille du scrutin, la police a arrêté deux militants.", []),  # the eve of an event
    (
        "Le bénéfice a doublé au premier trimestre 2024.",
        [("premier trimestre 2024", "DATE", "2024-Q1")],
    ),
    ("Il a fait très chaud cet été à Marseille.", [("cet été", "DATE", "2025-SU")]),
    ("Le projet a été abandonné.", []),  # "été" is a participle here
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_french_expressions(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_a_whole_story() -> None:
    assert found(FR_STORIES[2]) == [
        ("14 mars", "DATE", "2025-03-14"),
        ("ce matin", "TIME", "2025-03-14TMO"),
        ("trois jours", "DURATION", "P3D"),
        ("la semaine prochaine", "DATE", "2025-W12"),
        ("Chaque mardi", "SET", "XXXX-WXX-2"),
        ("10 h", "TIME", "2025-03-14T10:00"),
        ("ce week-end", "DATE", "2025-W11-WE"),
        ("fin mars", "DATE", "2025-03"),
    ]


def test_without_a_publication_date_values_stay_unresolved() -> None:
    assert found(
        "Les négociations ont repris mercredi, et le 12 mars l'accord a été signé.", None
    ) == [
        ("mercredi", "DATE", "XXXX-WXX-3"),
        ("le 12 mars", "DATE", "XXXX-03-12"),
    ]


def test_position_modifiers_carry_their_mod() -> None:
    (m,) = extract_timexes("Les travaux s'achèveront fin mars.", FRIDAY, language="fr")
    assert (m.text, m.value, m.mod) == ("fin mars", "2025-03", "END")
    assert (m.range_start, m.range_end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


# --- gates: a rule is skipped when its gate finds nothing, so it must find every match ----

GATE_SAMPLES = [
    *FR_STORIES,
    *(text for text, _ in CASES),
    "MARDI SOIR, LE 12 MARS 2025, L'AN DERNIER, IL Y A DEUX SEMAINES, CHAQUE JOUR, À 8 H",
    "LES ANNÉES 1990, AU XXE SIÈCLE, QUOTIDIENNEMENT, TOUS LES MOIS, RÉCEMMENT, CE WEEK-END",
    "dès le 3 mars, jusqu'au mardi 4 mars au soir, en été 2024, la veille au soir, avant midi",
]


@pytest.mark.parametrize("rule", [r for r in rules_fr.RULES if r.gate], ids=lambda r: r.name)
def test_gate_finds_something_in_every_match_of_its_rule(rule) -> None:
    texts = [*GATE_SAMPLES, *(t.upper() for t in GATE_SAMPLES)]
    matches = [m[0] for t in texts for m in rule.regex.finditer(t)]
    assert matches, f"no sample exercises rule {rule.name}"
    missed = [m for m in matches if not rule.gate.admits(m, fold_case(m))]
    assert missed == []


# --- properties ---------------------------------------------------------------------------

_FR_WORDS = st.sampled_from(
    [
        "le",
        "la",
        "l'",
        "en",
        "mars",
        "12",
        "1er",
        "mai",
        "2024",
        "mardi",
        "soir",
        "dernier",
        "prochaine",
        "semaine",
        "il",
        "y",
        "a",
        "deux",
        "ans",
        "à",
        "8",
        "h",
        "15h30",
        "chaque",
        "tous",
        "les",
        "jours",
        "années",
        "1990",
        "XXe",
        "siècle",
        "veille",
        "nuit",
        "de",
        ",",
        ".",
    ]
)
_LATIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=40)
_TEXTS = st.one_of(
    st.lists(_FR_WORDS, max_size=25).map(" ".join),
    st.lists(st.one_of(_FR_WORDS, _LATIN, st.text(max_size=8)), max_size=15).map(" ".join),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))))
def test_arbitrary_text_never_crashes_and_offsets_are_exact(text: str, dct: dt.date | None) -> None:
    mentions = extract_timexes(text, dct, language="fr")
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in {"DATE", "TIME", "DURATION", "SET"}
        assert m.text == m.text.strip(" \t\n,;:")
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FR_STORIES),
    st.integers(0, 2000),
    st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
)
def test_story_values_are_well_formed_for_any_publication_date(
    story: str, cut: int, dct: dt.date
) -> None:
    for m in extract_timexes(story[:cut], dct, language="fr"):
        assert re.fullmatch(r"[0-9A-Z:\-/T]+|PRESENT_REF|PAST_REF|FUTURE_REF", m.value), m.value


# --- first-letter lookaheads: "(?=[...])" after the left boundary may only skip positions ---

_LOOKAHEAD = re.compile(re.escape(rules_fr.B) + r"\(\?=\[[^\]]*\]\)")
_WITH_LOOKAHEAD = [r for r in rules_fr.RULES if _LOOKAHEAD.search(r.regex.pattern)]


def test_some_rules_have_a_first_letter_lookahead() -> None:
    assert len(_WITH_LOOKAHEAD) >= 5


@pytest.mark.parametrize("rule", _WITH_LOOKAHEAD, ids=lambda r: r.name)
def test_first_letter_lookahead_changes_no_match(rule) -> None:
    plain = re.compile(_LOOKAHEAD.sub(lambda _: rules_fr.B, rule.regex.pattern), rule.regex.flags)
    texts = [*GATE_SAMPLES, *(t.upper() for t in GATE_SAMPLES)]
    for text in texts:
        assert [m.span() for m in rule.regex.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
