"""Pairing quotation marks into quote spans, and masking quote interiors."""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.quotes.marks import MASK, Span, mask_quotes, scan_quotes
from storywire.tasks.enrich.quotes.sentences import paragraph_spans


def spans_of(body: str) -> list[Span]:
    return scan_quotes(body, paragraph_spans(body))


def quoted(body: str) -> list[str]:
    """The text between each pair of marks, as the scanner paired them."""
    return [body[s.open_end : s.close_start] for s in spans_of(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param('"Yes," he said.', ["Yes,"], id="straight"),
        pytest.param("“Yes,” he said.", ["Yes,"], id="curly"),
        pytest.param("«Oui», dit-il.", ["Oui"], id="guillemets"),
        pytest.param("„Ja“, sagte er.", ["Ja"], id="low-german"),
        pytest.param("``Yes,'' he said.", ["Yes,"], id="old-wire-backticks"),
        pytest.param('He said "A" and "B".', ["A", "B"], id="two-quotes"),
        pytest.param("”Stray closer, then “a real one.”", ["a real one."], id="stray-closer"),
    ],
)
def test_marks_pair_across_styles(body: str, expected: list[str]) -> None:
    assert quoted(body) == expected


def test_nested_marks_stay_inside_the_quote() -> None:
    assert quoted('“He said "no" twice,” she said.') == ['He said "no" twice,']
    assert quoted("“She told me, ‘Go,’ and I ran,” he said.") == ["She told me, ‘Go,’ and I ran,"]


def test_single_quotes_and_inch_marks_open_nothing() -> None:
    assert quoted("He said 'no' twice.") == []
    assert quoted('It had a 42" press and a "big" one.') == ["big"]


def test_span_offsets_point_at_the_marks() -> None:
    body = 'He said: "We go."'
    (span,) = spans_of(body)
    assert body[span.open_start : span.open_end] == '"'
    assert body[span.close_start : span.close_end] == '"'
    assert (span.paragraph, span.last_paragraph, span.closed) == (0, 0, True)


def test_quote_continues_into_a_paragraph_that_reopens_it() -> None:
    body = '"First part.\n\n"Second part," she said.'
    (span,) = spans_of(body)
    assert body[span.open_end : span.close_start] == 'First part.\n\n"Second part,'
    assert (span.paragraph, span.last_paragraph, span.closed) == (0, 1, True)


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    body = '"Open quote\n\nNext paragraph.'
    (span,) = spans_of(body)
    assert body[span.open_end : span.close_start] == "Open quote"
    assert (span.paragraph, span.last_paragraph, span.closed) == (0, 0, False)


def test_reopening_after_a_collapsed_paragraph_break_continues_the_quote() -> None:
    body = '"The wave hit at noon. "By two the harbour was gone," the mayor said.'
    assert quoted(body) == ['The wave hit at noon. "By two the harbour was gone,']


def test_mask_blanks_quote_words_but_keeps_punctuation_and_breaks() -> None:
    body = '"We will win, no doubt," he said.\n\n"One.\n\n"Two," she said.'
    masked = mask_quotes(body, spans_of(body))
    assert len(masked) == len(body)
    assert masked.startswith('"' + MASK * len("We will win, no doubt") + '," he said.\n\n"')
    assert masked.endswith(MASK * 4 + "\n\n" + MASK * 4 + '," she said.')
    assert "win" not in masked and "One" not in masked
