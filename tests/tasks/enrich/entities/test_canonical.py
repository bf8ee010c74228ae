"""Mentions from docs, canonical names and keys within a story (no model)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storywire.tasks.enrich.entities.canonical import canonicalize, entities_from_doc, entity_key
from storywire.tasks.enrich.entities.recase import recase_caps_lines
from storywire.tasks.records import EntityMention


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
