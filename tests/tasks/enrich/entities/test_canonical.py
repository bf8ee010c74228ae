"""Mentions from docs, canonical names and keys within a story (no model)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc

from storywire.tasks.enrich.entities.canonical import (
    _FIELD_ORDER,
    _harmonize_labels,
    _initials,
    canonicalize,
    clean_name,
    display_case,
    entities_from_doc,
    entity_key,
)
from storywire.tasks.enrich.entities.keys import strip_titles
from storywire.tasks.enrich.entities.recase import recase_caps_lines
from storywire.tasks.records import EntityMention

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


def test_entities_from_doc_reads_original_text_of_recased_doc(make_doc):
    original = "ALIYEV IN ANKARA\nAliyev flew to Ankara."
    doc = make_doc(recase_caps_lines(original), [("Aliyev", "PERSON"), ("Ankara", "GPE")])
    mentions = entities_from_doc(doc, field="headline", text=original)
    assert [(m.text, m.start, m.end) for m in mentions] == [("ALIYEV", 0, 6), ("ANKARA", 10, 16)]
    assert [m.canonical for m in mentions] == ["ALIYEV", "ANKARA"]  # canonicalize fixes case
    with pytest.raises(ValueError, match="differ in length"):
        entities_from_doc(doc, field="headline", text=original + "!")


# --- canonicalize ---------------------------------------------------------------------


def test_canonicalize_resolves_surnames_to_full_names(mention):
    ms = canonicalize(
        [
            mention("Aliyev", "PERSON", 0, field="headline"),
            mention("Ilham Aliyev", "PERSON", 10),
            mention("Aliyev", "PERSON", 80, sentence=2),
            mention("Mr. Aliyev 's", "PERSON", 120, sentence=3),
        ]
    )
    assert {m.canonical for m in ms} == {"Ilham Aliyev"}
    assert {m.entity_key for m in ms} == {"person:ilham aliyev"}


def test_canonicalize_picks_nearest_preceding_full_name(mention):
    ms = canonicalize(
        [
            mention("Heydar Aliyev", "PERSON", 0),
            mention("Aliyev", "PERSON", 30),
            mention("Ilham Aliyev", "PERSON", 60),
            mention("Aliyev", "PERSON", 90),
        ]
    )
    assert [m.canonical for m in ms] == [
        "Heydar Aliyev",
        "Heydar Aliyev",
        "Ilham Aliyev",
        "Ilham Aliyev",
    ]


@pytest.mark.parametrize("surface", ["the US", "U.S.", "the United States", "USA", "America"])
def test_canonicalize_countries(surface, mention):
    (m,) = canonicalize([mention(surface, "GPE")])
    assert m.canonical == "United States"
    assert m.entity_key == "place:geonames:6252001"  # the gazetteer's id of the country


def test_canonicalize_org_acronyms_and_accents(mention):
    ms = canonicalize(
        [
            mention("International Monetary Fund", "ORG", 0),
            mention("IMF", "ORG", 50),
            mention("Société Générale", "ORG", 90),
        ]
    )
    assert [m.canonical for m in ms] == ["International Monetary Fund"] * 2 + ["Société Générale"]
    assert ms[2].entity_key == "org:societe generale"


def test_a_natural_features_name_without_its_word_is_that_feature(mention):
    ms = canonicalize([mention("Lake Baikal", "LOC", 0), mention("Baikal", "LOC", 40),
                       mention("Aegean Sea", "LOC", 80), mention("Aegean", "LOC", 120),
                       mention("Mobile River", "LOC", 160), mention("Mobile Bay", "LOC", 200),
                       mention("Mobile", "LOC", 240), mention("Ohio River", "LOC", 280),
                       mention("Ohio", "GPE", 320), mention("Price River", "LOC", 360),
                       mention("Price", "LOC", 400)])
    assert [m.canonical for m in ms] == ["Lake Baikal", "Lake Baikal", "Aegean Sea", "Aegean Sea",
                                         "Mobile River", "Mobile Bay", "Mobile",  # two features: as written
                                         "Ohio River", "Ohio",  # the state stays the state
                                         "Price River", "Price"]  # a town's name: the town (Price, Utah)
    assert ms[0].entity_key == ms[1].entity_key


def test_canonicalize_harmonizes_headline_labels(mention):
    ms = canonicalize(
        [mention("Aliyev", "ORG", 0, field="headline"), mention("Ilham Aliyev", "PERSON", 5)]
    )
    assert [m.label for m in ms] == ["PERSON", "PERSON"]


def test_canonicalize_is_pure_and_keeps_order(mention):
    ms = [mention("Kenya", "GPE", 40), mention("Nairobi", "GPE", 0)]
    out = canonicalize(ms)
    assert [m.text for m in out] == ["Kenya", "Nairobi"]
    assert ms[0].canonical == "Kenya" and out[0].entity_key == "place:geonames:192950"
    assert canonicalize([]) == []


# --- the name index gives what comparing every pair of mentions gave ---------------------


def _pairwise_names(mentions: list[EntityMention]) -> list[tuple[str, str]]:
    """(canonical, key) per mention, by the rule as first written: every partial name
    compared with every full name, every acronym with every organisation name."""
    order = sorted(
        range(len(mentions)),
        key=lambda i: (_FIELD_ORDER.get(mentions[i].field, 3), mentions[i].start),
    )
    rank = {i: r for r, i in enumerate(order)}
    cleaned = [clean_name(m.canonical or m.text) for m in mentions]
    mentions = _harmonize_labels(mentions, cleaned)
    persons = [
        (rank[i], display_case(strip_titles(cleaned[i])))
        for i, m in enumerate(mentions)
        if m.label == "PERSON" and len(strip_titles(cleaned[i]).split()) > 1
    ]
    orgs = [
        cleaned[i]
        for i, m in enumerate(mentions)
        if m.label == "ORG" and len(cleaned[i].split()) > 1
    ]

    def contains_run(haystack: list[str], needle: list[str]) -> bool:
        return any(
            haystack[k : k + len(needle)] == needle for k in range(len(haystack) - len(needle) + 1)
        )

    out = []
    for i, m in enumerate(mentions):
        name = cleaned[i]
        if m.label == "PERSON":
            name = strip_titles(name)
            tokens = name.casefold().split()
            cands = [
                (r, full)
                for r, full in persons
                if len(full.split()) > len(tokens) and contains_run(full.casefold().split(), tokens)
            ]
            if cands:
                before = [c for c in cands if c[0] < rank[i]]
                name = (max(before) if before else min(cands))[1]
            name = display_case(name)
        elif m.label == "ORG":
            if name.isupper() and 2 <= len(name) <= 6 and name.isalpha():
                name = next((full for full in orgs if _initials(full) == name), name)
        else:
            continue
        out.append((name, entity_key(m.label, name)))
    return out


_NAME_WORDS = [
    "Ilham",
    "Aliyev",
    "ALIYEV",
    "Mark",
    "Halvorsen",
    "President",
    "Dr",
    "van",
    "Berg",
    "Ilham Aliyev",
    "the",
    "IMF",
    "International Monetary Fund",
    "European Union",
    "EU",
    "Bank",
]


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=4),
            st.sampled_from(["PERSON", "PERSON", "ORG"]),
            st.sampled_from(["headline", "body", "body"]),
            st.integers(0, 50),
        ),
        max_size=40,
    )
)
def test_canonical_names_equal_those_of_comparing_every_pair(spec):
    mentions = [
        EntityMention(
            start=start * 10,
            end=start * 10 + 5,
            text=" ".join(words),
            label=label,
            sentence=0,
            canonical=" ".join(words),
            entity_key="",
            field=field,
        )
        for words, label, field, start in spec
    ]
    got = [
        (m.canonical, m.entity_key) for m in canonicalize(mentions) if m.label in ("PERSON", "ORG")
    ]
    assert got == _pairwise_names(mentions)
