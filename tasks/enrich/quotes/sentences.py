"""Paragraph and sentence boundaries of a body, as the attribution reads them.

Paragraphs are read in the body, sentences in its masked copy (quote interiors
blanked), where a full stop inside a quote does not end the sentence around it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from storywire.tasks.enrich.quotes.lexicon import ABBREVIATIONS
from storywire.tasks.enrich.quotes.marks import MASK

# A paragraph break is a blank line; a bare "\n" is a hard line break. Raw 1990s
# wire copy marks paragraphs by indenting their first line instead.
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")
_INDENT_SEP_RE = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t])")
_INDENTED_LINE_RE = re.compile(r"\n[ \t]+\S")
# Longest "sentence" (characters) read on either side of a position: longer
# stretches are unpunctuated text, and the cap keeps such bodies linear.
_WINDOW = 600
_SENT_END_RE = re.compile(r"[.!?]+(?:[\"”’')\]\x01]|'')*(?=\s+[\"“„«`‘(\[A-Z0-9])")
_ENTITY_RE = re.compile(r"&#?\w+;")


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph, surrounding whitespace excluded.

    Indentation separates paragraphs only in raw wire layout (two or more indented
    lines), so that for pipeline bodies, paragraphs joined by blank lines, the
    index matches the story's paragraph list.
    """
    raw_wire = len(_INDENTED_LINE_RE.findall(body, 0, 20000)) >= 2
    separator = _INDENT_SEP_RE if raw_wire else _BLANK_LINE_RE
    spans: list[tuple[int, int]] = []
    pos = 0
    for sep in [*separator.finditer(body), None]:
        end = sep.start() if sep else len(body)
        start, stop = strip_span(body, pos, end)
        if stop > start:
            spans.append((start, stop))
        if sep:
            pos = sep.end()
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) narrowed to leave out the whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` ends an abbreviation or an initial ("Gen.", "F.")."""
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if all(len(part) == 1 for part in word.split(".")):
        return bool(word)  # initials and initialisms: "F.", "J.P.", "U.S."
    return word in ABBREVIATIONS


@lru_cache(maxsize=8)
def _sentence_marks(masked: str) -> tuple[list[int], list[int]]:
    """Sentence starts (after a terminal mark and before a capital or a quote)
    and terminal punctuation positions of a masked body, computed once per body
    so that per-quote lookups stay logarithmic on long single-paragraph stories."""
    starts = [
        m.end() for m in _SENT_END_RE.finditer(masked) if not is_abbreviation(masked, m.start())
    ]
    terminals = [
        i
        for i, ch in enumerate(masked)
        if ch in "!?" or (ch == "." and not is_abbreviation(masked, i))
    ]
    return starts, terminals


def sentence_start(masked: str, para_start: int, pos: int) -> int:
    """Start of the sentence containing ``pos``, searched within its paragraph."""
    starts, _ = _sentence_marks(masked)
    i = bisect_right(starts, pos) - 1
    start = max(starts[i] if i >= 0 else 0, para_start, pos - _WINDOW)
    while start < pos and masked[start].isspace():
        start += 1
    return start


def sentence_end(masked: str, pos: int, para_end: int) -> int:
    """End (exclusive) of the sentence running on from ``pos``."""
    _, terminals = _sentence_marks(masked)
    i = bisect_left(terminals, pos)
    end = terminals[i] + 1 if i < len(terminals) and terminals[i] < para_end else para_end
    return min(end, pos + _WINDOW)


def has_sentence_break(text: str) -> bool:
    """Sentence punctuation, a colon or a quote mark in ``text`` (abbreviations and
    leftover HTML entities such as "&AMP;" aside)."""
    text = _ENTITY_RE.sub("&", text)
    return (
        "``" in text
        or "''" in text
        or any(
            ch in ';:!?"“”' or (ch == "." and not is_abbreviation(text, i))
            for i, ch in enumerate(text)
        )
    )


def at_sentence_start(masked: str, pos: int) -> bool:
    """Whether ``pos`` follows (after spaces) the start, a sentence end, a colon or a quote."""
    i = pos
    while i > 0 and masked[i - 1].isspace():
        i -= 1
    return i == 0 or masked[i - 1] in ".!?:\"“”`'" + MASK
