"""Long fields as pieces NER can hold, and the pieces' entities put back together.

spaCy's memory grows with the length of one doc, so a field longer than a piece is annotated
as several docs. A cut falls at a paragraph break when the piece has one (no entity spans a
blank line). Elsewhere (a sentence end, a line break, a space) the two pieces overlap by a
margin, and the final cut is chosen once both are annotated, at a point no entity of either
piece covers: no entity is ever cut in two, and each is kept from the piece that read it with
context on both sides. Sentence indexes count within the whole field.

Pure functions over offsets; :mod:`.annotate` runs the model.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Piece", "PieceFound", "batch_layout", "merge_pieces", "plan_pieces"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A line break, or a sentence end followed by a letter that is not lower case (checked in
# ``_sentence_cut``: capitals, and the letters of scripts without case).
_SENTENCE_END = re.compile(r"[ \t]*\n\s*|[.!?…][\"'’”)\]]*[ \t]+(?=[\"'‘“(]?([^\W\d_]))")
_SPACE = re.compile(r"\s+")
_WORD_EDGE = re.compile(r"\b")


@dataclass(frozen=True, slots=True)
class Piece:
    """One doc's span of a field, ``text[start:end]``, and the part of the field it owns,
    ``[keep_start, keep_end)``, before the final cuts are chosen. Where the two are not equal
    the piece overlaps its neighbour (the cut there is not at a paragraph break)."""

    start: int
    end: int
    keep_start: int
    keep_end: int


@dataclass(frozen=True, slots=True)
class PieceFound:
    """What NER found in one piece, in the piece's own offsets: entity spans in doc order
    (as ``(start, end)``), and the sentence starts."""

    entities: Sequence[tuple[int, int]]
    sentence_starts: Sequence[int]


def _last_cut(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """The end of the last match of ``pattern`` within ``text[lo:hi]`` beyond ``lo``."""
    cut = None
    for m in pattern.finditer(text, lo, hi):
        if m.end() > lo:
            cut = m.end()
    return cut


def _word_edge(text: str, lo: int, hi: int) -> int | None:
    """The last word edge in ``(lo, hi]``, the character after ``hi`` in view (the end of a
    search is an edge to the regex engine, not to the text)."""
    cut = None
    for m in _WORD_EDGE.finditer(text, lo, hi + 1):
        if lo < m.end() <= hi and m.end() < len(text):
            cut = m.end()
    return cut


def _sentence_cut(text: str, lo: int, hi: int) -> int | None:
    """The start of the last sentence or line beginning within ``text[lo:hi]``."""
    cut = None
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.end() > lo and not (m.group(1) or "").islower():
            cut = m.end()
    return cut


def plan_pieces(text: str, limit: int, margin: int) -> list[Piece]:
    """Pieces of at most ``limit`` characters covering ``text``, in order.

    A text within the limit is one piece. Otherwise each cut is searched in the second half
    of the room left: the last paragraph break there (pieces meet, no overlap); else the last
    sentence end or line break, else the last space, else the last word edge, else the limit
    itself (a run without any of them); around those the pieces overlap by ``margin`` on each
    side. ``margin`` must be under a quarter of ``limit``.
    """
    if not 0 <= margin * 4 < limit:
        raise ValueError(f"margin {margin} must be under a quarter of the piece limit {limit}")
    pieces: list[Piece] = []
    start = keep = 0
    while len(text) - start > limit:
        lo = start + limit // 2
        cut = _last_cut(_PARAGRAPH_BREAK, text, lo, start + limit)
        if cut is not None:
            pieces.append(Piece(start, cut, keep, cut))
            start = keep = cut
            continue
        hi = start + limit - margin
        cut = (_sentence_cut(text, lo, hi) or _last_cut(_SPACE, text, lo, hi)
               or _word_edge(text, lo, hi) or hi)
        pieces.append(Piece(start, cut + margin, keep, cut))
        start, keep = cut - margin, cut
    pieces.append(Piece(start, len(text), keep, len(text)))
    return pieces


def _free_point(around: int, lo: int, hi: int, spans: Sequence[tuple[int, int]]) -> int:
    """The point of ``[lo, hi]`` nearest ``around`` that lies inside none of ``spans``
    (``around`` itself when every point does)."""
    inside = sorted((s + 1, e - 1) for s, e in spans if e - s > 1 and e - 1 >= lo and s + 1 <= hi)
    starts = [s for s, _ in inside]
    reach: list[int] = []  # reach[k]: the furthest point covered by inside[:k + 1]
    for _, e in inside:
        reach.append(max(e, reach[-1]) if reach else e)

    def covered(p: int) -> bool:
        k = bisect.bisect_right(starts, p) - 1
        return k >= 0 and reach[k] >= p

    for step in range(max(around - lo, hi - around) + 1):
        for p in (around - step, around + step):
            if lo <= p <= hi and not covered(p):
                return p
    return around


def _final_cuts(pieces: Sequence[Piece], found: Sequence[PieceFound]) -> list[int]:
    """Where each piece's kept part ends, in field offsets (the last is the field's end)."""
    cuts = []
    for i, piece in enumerate(pieces[:-1]):
        nxt = pieces[i + 1]
        if piece.end == piece.keep_end:  # pieces meet at a paragraph break
            cuts.append(piece.keep_end)
            continue
        spans = [(piece.start + s, piece.start + e) for s, e in found[i].entities]
        spans += [(nxt.start + s, nxt.start + e) for s, e in found[i + 1].entities]
        half = (piece.end - piece.keep_end) // 2
        cuts.append(_free_point(piece.keep_end, piece.keep_end - half, piece.keep_end + half, spans))
    cuts.append(pieces[-1].end)
    return cuts


def merge_pieces(pieces: Sequence[Piece], found: Sequence[PieceFound]) -> tuple[list[list[int]], list[int]]:
    """Which entities of each piece the field keeps (indexes into ``found[i].entities``), and
    the field's sentence starts.

    A piece keeps the entities that start in its part of the field; an entity that would
    overlap one already kept (only possible where every point of an overlap was inside an
    entity) is dropped, so kept entities never overlap.
    """
    cuts = _final_cuts(pieces, found)
    kept: list[list[int]] = []
    starts: list[int] = [0]
    last_end, begin = 0, 0
    for piece, part, end in zip(pieces, found, cuts, strict=True):
        mine = []
        for k, (s, e) in enumerate(part.entities):
            s, e = piece.start + s, piece.start + e
            if begin <= s < end and s >= last_end:
                mine.append(k)
                last_end = e
        kept.append(mine)
        starts.extend(piece.start + s for s in part.sentence_starts if begin <= piece.start + s < end and piece.start + s > 0)
        begin = end
    return kept, starts


def sentence_of(starts: Sequence[int], offset: int) -> int:
    """Index of the sentence holding ``offset``, given the sorted sentence starts."""
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def batch_layout(lengths: Sequence[int], batch_size: int, max_chars: int) -> Iterator[int | None]:
    """The order docs are handed to ``nlp.pipe``: indexes into ``lengths``, in order, with
    ``None`` (an empty doc) filling a batch early where the next doc would take the batch over
    ``max_chars``. ``nlp.pipe`` cuts batches by count, and its memory follows the characters
    of a batch; a doc longer than ``max_chars`` is a batch of its own."""
    count = chars = 0
    for i, n in enumerate(lengths):
        if count and chars + n > max_chars:
            yield from [None] * (batch_size - count)
            count = chars = 0
        yield i
        count, chars = count + 1, chars + n
        if count == batch_size:
            count = chars = 0
