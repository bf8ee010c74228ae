"""Paragraph and sentence boundaries: blank lines, raw wire indentation, abbreviations."""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.quotes.sentences import (
    at_sentence_start,
    has_sentence_break,
    is_abbreviation,
    paragraph_spans,
    sentence_end,
    sentence_start,
    strip_span,
)


def paragraphs(body: str) -> list[str]:
    return [body[s:e] for s, e in paragraph_spans(body)]


def test_blank_lines_separate_paragraphs_and_hard_breaks_do_not() -> None:
    body = "First.\n\n  Second line\nwrapped.\n\n\nThird."
    assert paragraphs(body) == ["First.", "Second line\nwrapped.", "Third."]


def test_raw_wire_indentation_separates_paragraphs() -> None:
    body = "\t   ROME (AP) _ One.\n\t   Two.\nmore\n\t   Three."
    assert paragraphs(body) == ["ROME (AP) _ One.", "Two.\nmore", "Three."]


def test_strip_span() -> None:
    assert strip_span("  ab  ", 0, 6) == (2, 4)
    assert strip_span("   ", 0, 3) == (3, 3)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Gen.", True), ("J.P.", True), ("U.S.", True), ("F.", True), ("home.", False)],
)
def test_is_abbreviation(word: str, expected: bool) -> None:
    text = f"They met {word} Then"
    assert is_abbreviation(text, text.index(word) + len(word) - 1) is expected


MASKED = "Gen. Smith arrived in the U.S. on Monday. He spoke briefly. Mr. Jones left."


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert sentence_start(MASKED, 0, MASKED.index("Monday")) == 0
    assert sentence_end(MASKED, 0, len(MASKED)) == MASKED.index("Monday.") + len("Monday.")
    assert sentence_start(MASKED, 0, MASKED.index("Jones")) == MASKED.index("Mr.")


def test_a_full_stop_ends_a_sentence() -> None:
    he = MASKED.index("He spoke")
    assert sentence_start(MASKED, 0, MASKED.index("briefly")) == he
    assert sentence_end(MASKED, he, len(MASKED)) == MASKED.index("briefly.") + len("briefly.")
    # the paragraph bounds the search
    assert sentence_start(MASKED, he + 3, MASKED.index("briefly")) == he + 3


def test_has_sentence_break() -> None:
    assert has_sentence_break("ends. Then")
    assert has_sentence_break("a: b")
    assert has_sentence_break("a `` b")
    assert not has_sentence_break("Mr. Smith of the U.S.")
    assert not has_sentence_break("&AMP; co")  # a leftover HTML entity, not a ';'


def test_at_sentence_start() -> None:
    assert at_sentence_start("He left. Then", len("He left. "))
    assert at_sentence_start("x", 0)
    assert not at_sentence_start("He left then", len("He left "))
