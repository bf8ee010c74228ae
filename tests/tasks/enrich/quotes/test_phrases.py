"""The speaker phrase read next to a reporting verb, after it, or before a colon.

The functions read a masked body; these inputs hold no quote interiors, so the plain text
is its own masked copy.
"""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.quotes.phrases import (
    colon_subject,
    leading_name,
    low_word,
    phrase_after,
    post_subject,
    sentence_subject,
    subject_before,
)
from storywire.tasks.records import EntityMention


def person(text: str, surface: str) -> EntityMention:
    start = text.index(surface)
    return EntityMention(start, start + len(surface), surface, "PERSON", 0, surface, surface)


def words(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign minister said", "The foreign minister"),
        ("Jane Roe has also said", "Jane Roe"),  # auxiliaries and adverbs skipped
        ("a spokesman for the ministry said", "a spokesman for the ministry"),
        ("Smith, who heads the union, said", "Smith"),
        ("Its director, Jane Roe, said", "Jane Roe"),  # a name in apposition
        ("General Richard Myers, said", "General Richard Myers"),
        ("The IMF (IMF) said", "The IMF"),
        ("and risk analysis he said", "he"),  # a pronoun is a whole phrase
        ("are strongly said", None),
    ],
)
def test_subject_before_the_verb(text: str, expected: str | None) -> None:
    assert words(text, subject_before(text, 0, text.rindex("said"))) == expected


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        ("said Kivutha Kibwana, of the party.", "said", "Kivutha Kibwana"),
        ("said Finance Minister Tito Mabuza.", "said", "Finance Minister Tito Mabuza"),
        ("said Gen. Smith.", "said", "Gen. Smith"),  # an abbreviation's stop stays
        ("according to Maria Santos.", "according to", "Maria Santos"),
        ("said he.", "said", "he"),
        ("said that he", "said", None),
    ],
)
def test_phrase_after_an_inverted_verb(text: str, verb: str, expected: str | None) -> None:
    end = text.index(verb) + len(verb)
    assert words(text, phrase_after(text, end, len(text))) == expected


def test_post_subject_takes_the_first_comma_chunk() -> None:
    text = ", Jan Kowalski, a spokesman for the ministry, said."
    assert words(text, post_subject(text, 0, text.index("said"), [])) == "Jan Kowalski"


def test_post_subject_prefers_a_later_chunk_that_is_a_person() -> None:
    text = ", one of her lawyers, Nathaniel Speights, said."
    ents = [person(text, "Nathaniel Speights")]
    assert words(text, post_subject(text, 0, text.index("said"), ents)) == "Nathaniel Speights"


def test_post_subject_rejects_a_relative_clause() -> None:
    text = ", Smith, who has denied it, said."
    assert post_subject(text, 0, text.index("said"), []) is None


def test_colon_subject_is_the_person_opening_the_sentence() -> None:
    text = 'Grace Mwangi struck a defiant tone: "'
    ents = [person(text, "Grace Mwangi")]
    assert words(text, colon_subject(text, 0, len(text) - 1, ents)) == "Grace Mwangi"
    text = 'She struck a defiant tone: "'
    assert words(text, colon_subject(text, 0, len(text) - 1, [])) == "She"


def test_colon_subject_yields_to_another_party_or_a_missing_colon() -> None:
    text = 'Grace Mwangi recalled advice from her mentor: "'
    assert colon_subject(text, 0, len(text) - 1, [person(text, "Grace Mwangi")]) is None
    text = 'Grace Mwangi struck a tone "'
    assert colon_subject(text, 0, len(text) - 1, [person(text, "Grace Mwangi")]) is None


def test_sentence_subject_finds_a_mention_or_a_pronoun() -> None:
    text = "Ruth Adler said softly, telling"
    ents = [person(text, "Ruth Adler")]
    assert words(text, sentence_subject(text, 0, text.index("telling"), ents)) == "Ruth Adler"
    text = "Trade fell and he said"
    assert words(text, sentence_subject(text, 0, len(text), [])) == "he"


def test_leading_name_reads_the_capitalized_words_opening_a_clause() -> None:
    text = "Benioff weighed in"
    assert words(text, leading_name(text, (0, len(text)), [])) == "Benioff"


def test_low_word() -> None:
    assert low_word("Gen.") == "gen"
    assert low_word("Said") == "said"
