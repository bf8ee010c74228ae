"""Quotation marks paired into quote spans, and the masking of quote interiors.

Only double marks open a top-level quote (straight, curly, low, guillemets, the
old wire ``...'' form); a quote left open at a paragraph's end continues when the
next paragraph reopens with a mark (see the package docstring).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# '' is the old wire closer; in ''' (a nested single closer glued to it) the
# double closer is the last two apostrophes.
_MARK_RE = re.compile(r"``|''(?!')|[\"“”„«»]")
_CLOSERS = frozenset({"''", "”", "»"})
# Quote interiors are masked with this character before attribution search.
MASK = "\x01"
DELIMITERS = frozenset(",;:()[]\"“”„«»`'‘’—–_" + MASK)
QUOTE_CHARS = frozenset("\"“”„«»`'‘’" + MASK)
# Inside a word, apostrophes belong to it ("Lewinsky's", "O’Neill").
WORD_BREAKS = DELIMITERS - {"'", "’"}


@dataclass(frozen=True, slots=True)
class Span:
    """One quote as paired by the scanner: its marks and paragraphs."""

    open_start: int
    open_end: int  # start of the quoted text
    close_start: int  # end of the quoted text
    close_end: int
    paragraph: int
    last_paragraph: int
    closed: bool


def _looks_like_closer(body: str, pos: int, end: int) -> bool:
    """A straight quote glued to the word before it and followed by a space or
    punctuation closes something; if nothing is open it is a stray mark."""
    before = body[pos - 1] if pos > 0 else " "
    after = body[end] if end < len(body) else " "
    return (
        not before.isspace()
        and before not in "([{—–-/"
        and (after.isspace() or after in ",.;:!?)]")
    )


def _reopens_after_sentence(body: str, open_end: int, pos: int, end: int) -> bool:
    """A straight quote that looks like an opener (space before, word after) right
    after a finished sentence while a quote is open: the reopening mark of a
    multi-paragraph quote whose paragraph breaks were collapsed to spaces."""
    before = body[open_end:pos].rstrip()
    after = body[end] if end < len(body) else " "
    return (
        body[pos - 1].isspace()
        and (after.isalnum() or after in "‘'")
        and len(before) > 1
        and before[-1] in ".?!"
    )


def _closes(opener: str, mark: str) -> bool:
    if opener == "„":
        return mark in ("“", "”", '"')  # German „...“
    if opener == '"':
        return mark in _CLOSERS or mark == '"'
    return mark in _CLOSERS  # straight marks inside curly/backtick quotes are nested


def scan_quotes(body: str, paragraphs: list[tuple[int, int]]) -> list[Span]:
    """Pair quote marks paragraph by paragraph, carrying an open quote across a
    paragraph break only when the next paragraph reopens with a quote mark."""
    spans: list[Span] = []
    # (mark start, mark end, paragraph index, mark text) of the open quote.
    open_at: tuple[int, int, int, str] | None = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        marks = list(_MARK_RE.finditer(body, p_start, p_end))
        if open_at is not None:
            if marks and marks[0].start() == p_start and marks[0].group() not in _CLOSERS:
                marks = marks[1:]  # the reopening mark of a continued quote
            else:
                prev_end = paragraphs[p_index - 1][1]
                o_start, o_end, o_par, _ = open_at
                spans.append(Span(o_start, o_end, prev_end, prev_end, o_par, p_index - 1, False))
                open_at = None
        for mark in marks:
            text, m_start, m_end = mark.group(), mark.start(), mark.end()
            if open_at is None:
                if text in _CLOSERS:
                    continue  # stray closer
                if text == '"' and (
                    (m_start > 0 and body[m_start - 1].isdigit())
                    or _looks_like_closer(body, m_start, m_end)
                ):
                    continue  # an inch mark (5'11") or a closer whose opener is lost
                open_at = (m_start, m_end, p_index, text)
                continue
            if not _closes(open_at[3], text):
                continue  # nested or stray opener: part of the quoted text
            if text == '"' and _reopens_after_sentence(body, open_at[1], m_start, m_end):
                continue
            spans.append(Span(open_at[0], open_at[1], m_start, m_end, open_at[2], p_index, True))
            open_at = None
    if open_at is not None:
        end = paragraphs[-1][1]
        spans.append(Span(open_at[0], open_at[1], end, end, open_at[2], len(paragraphs) - 1, False))
    return spans


def mask_quotes(body: str, spans: Sequence[Span]) -> str:
    """Blank quote interiors so the attribution search never reads quoted words.

    Trailing punctuation stays (``,"`` versus ``."`` decides whether an
    attribution may follow) and so do line breaks (paragraph boundaries).
    """
    chars = list(body)
    for span in spans:
        keep_from = span.close_start
        while keep_from > span.open_end and body[keep_from - 1] in ".,!?;:…—–- \n'’":
            keep_from -= 1
        for i in range(span.open_end, keep_from):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)
