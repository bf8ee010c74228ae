"""Cutting long fields into pieces and merging the pieces' entities: pure offsets, no model.

The merge is checked against a stand-in for NER that reads runs of capitalized words (an
entity) and sentence ends, so what the pieces find can be compared with what the whole
text holds: the same entities, whole, and the same sentence indexes.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storywire.tasks.enrich.entities.pieces import (
    Piece,
    PieceFound,
    batch_layout,
    merge_pieces,
    plan_pieces,
    sentence_of,
)

_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*")
_SENTENCE = re.compile(r"(?<=[.!?] )|(?<=\n)(?=\S)")


def _ner(text: str) -> PieceFound:
    """Names and sentence starts as a model would report them for ``text`` read alone: a
    name running into the text's edge is cut there, and the text's start is a sentence."""
    return PieceFound([m.span() for m in _NAME.finditer(text)],
                      [0, *(m.start() for m in _SENTENCE.finditer(text) if m.start() > 0)])


def _merged(text: str, limit: int, margin: int) -> list[tuple[int, int, int]]:
    """(start, end, sentence) of every entity of ``text`` as read in pieces."""
    pieces = plan_pieces(text, limit, margin)
    found = [_ner(text[p.start : p.end]) for p in pieces]
    kept, starts = merge_pieces(pieces, found)
    out = []
    for piece, part, keep in zip(pieces, found, kept, strict=True):
        for k in keep:
            s, e = part.entities[k]
            out.append((piece.start + s, piece.start + e, sentence_of(starts, piece.start + s)))
    return out


def _whole(text: str) -> list[tuple[int, int, int]]:
    found = _ner(text)
    return [(s, e, sentence_of(found.sentence_starts, s)) for s, e in found.entities]


_WORDS = ["the", "minister", "said", "Ilham Aliyev", "European Commission", "in", "Baku", "on",
          "Tuesday", "port", "grain", "New York Stock Exchange", "talks", "and"]


@st.composite
def _prose(draw) -> str:
    """Sentences of words and names, in lines and paragraphs, sometimes long runs of them."""
    sentences = []
    for _ in range(draw(st.integers(1, 60))):
        words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
        sentences.append(" ".join(words).capitalize() + draw(st.sampled_from([".", "!", "?", ""])))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n"]),
                         min_size=len(sentences), max_size=len(sentences)))
    return "".join(s + sep for s, sep in zip(sentences, seps, strict=True))


@settings(max_examples=150, deadline=None)
@given(_prose(), st.integers(60, 600))
def test_pieces_cover_the_text_within_the_limit(text, limit):
    margin = (limit - 1) // 4
    pieces = plan_pieces(text, limit, margin)
    assert pieces[0].start == pieces[0].keep_start == 0
    assert pieces[-1].end == pieces[-1].keep_end == len(text)
    for p in pieces:
        assert p.end - p.start <= limit
        assert p.start <= p.keep_start < p.keep_end <= p.end
    for a, b in itertools.pairwise(pieces):
        assert a.keep_end == b.keep_start  # the kept parts partition the text
        if a.end == a.keep_end:  # pieces that meet: at a paragraph break
            gap = text[len(text[: a.end].rstrip()) : a.end]
            assert gap.count("\n") >= 2 and a.end == b.start
        else:  # overlapping by the margin, cut after a space, never inside a word
            assert (a.end - a.keep_end, b.keep_start - b.start) == (margin, margin)
            assert text[a.keep_end - 1].isspace()


@settings(max_examples=150, deadline=None)
@given(_prose(), st.integers(80, 600))
def test_entities_read_in_pieces_are_the_entities_of_the_whole_text(text, limit):
    assert _merged(text, limit, (limit - 1) // 4) == _whole(text)


def test_a_text_within_the_limit_is_one_piece():
    assert plan_pieces("Short story.", 100, 10) == [Piece(0, 12, 0, 12)]
    assert plan_pieces("", 100, 10) == [Piece(0, 0, 0, 0)]


def test_a_cut_prefers_a_paragraph_break_then_a_sentence_end_then_a_space():
    para = "Aa bb cc dd. " * 8
    text = para + "\n\n" + para + "Ee ff gg hh " * 10
    first = plan_pieces(text, 150, 20)[0]
    assert (first.end, first.keep_end) == (len(para) + 2, len(para) + 2)  # meet at the break
    one_paragraph = para * 3
    first = plan_pieces(one_paragraph, 150, 20)[0]
    assert one_paragraph[first.keep_end - 2 : first.keep_end + 2] == ". Aa"
    assert first.end == first.keep_end + 20
    # a sentence end before a lower-case word is no sentence end ("Mr. and"): the last space
    no_capitals = "aa bb. cc dd ee " * 20
    first = plan_pieces(no_capitals, 150, 20)[0]
    assert first.keep_end == 128 and no_capitals[first.keep_end - 3 : first.keep_end] == "ee "


def test_a_run_without_spaces_is_cut_at_a_word_edge_or_at_the_limit():
    dashes = "x" * 70 + "-" + "y" * 300
    first = plan_pieces(dashes, 100, 10)[0]
    assert first.keep_end == 71 and first.end == 81  # after the dash, overlapping
    solid = "z" * 1000
    pieces = plan_pieces(solid, 100, 10)
    assert all(p.end - p.start <= 100 for p in pieces) and pieces[-1].end == 1000


def test_the_margin_must_leave_room():
    with pytest.raises(ValueError):
        plan_pieces("x" * 500, 100, 25)


def test_the_final_cut_avoids_an_entity_found_in_either_piece():
    text = "a " * 100 + "Ilham Aliyev" + " b" * 100
    at = text.index("Ilham")
    cut, margin = at + 11, 10  # the nominal cut falls inside the name
    pieces = [Piece(0, cut + margin, 0, cut), Piece(cut - margin, len(text), cut, len(text))]
    # the left piece read the name whole; the right one starts inside it and saw "Aliyev"
    left = PieceFound([(at, at + 12)], [0])
    right = PieceFound([(at + 6 - (cut - margin), at + 12 - (cut - margin))], [0])
    kept, starts = merge_pieces(pieces, [left, right])
    assert kept == [[0], []]  # the name once, whole, from the piece that read it whole
    assert starts == [0]  # the right piece's start is no sentence start of the text


def test_an_entity_covering_the_whole_overlap_is_kept_once():
    pieces = [Piece(0, 60, 0, 50), Piece(40, 100, 50, 100)]
    # each piece reports a long entity across the cut; they overlap, so only the first stays
    kept, _ = merge_pieces(pieces, [PieceFound([(35, 60)], [0]), PieceFound([(0, 20), (30, 40)], [0])])
    assert kept == [[0], [1]]


def test_sentence_of_counts_sentences_before_an_offset():
    assert [sentence_of([0, 10, 20], x) for x in (0, 9, 10, 25)] == [0, 0, 1, 2]


@given(st.lists(st.integers(0, 300), max_size=60), st.integers(1, 40), st.integers(1, 400))
def test_a_batch_holds_at_most_the_characters_allowed(lengths, batch_size, max_chars):
    layout = list(batch_layout(lengths, batch_size, max_chars))
    assert [k for k in layout if k is not None] == list(range(len(lengths)))
    for b in range(0, len(layout), batch_size):
        batch = [lengths[k] for k in layout[b : b + batch_size] if k is not None]
        assert sum(batch) <= max_chars or len(batch) == 1
    assert layout[-1:] != [None]  # nothing is padded after the last doc


def test_ordinary_batches_are_not_padded():
    assert list(batch_layout([3_000] * 64, 32, 100_000)) == list(range(64))
    assert list(batch_layout([60, 50, 30], 4, 100)) == [0, None, None, None, 1, 2]
