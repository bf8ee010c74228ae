"""``annotate_stories``: entity mentions for a batch of stories, the way the flow runs it.

Composes the other modules: re-case, pieces of bounded length (:mod:`.pieces`), one
``nlp.pipe`` over the pieces of every story (model + repair component), mentions, canonical
names per story, then places geocoded per story. A step that raises on one story costs that
story the step's output and leaves a warning on it; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from storywire.tasks.enrich.entities.canonical import canonicalize, entities_from_doc
from storywire.tasks.enrich.entities.pieces import (
    Piece,
    PieceFound,
    batch_layout,
    merge_pieces,
    plan_pieces,
    sentence_of,
)
from storywire.tasks.enrich.entities.places import geocode_story
from storywire.tasks.enrich.entities.recase import recase_caps_lines
from storywire.tasks.enrich.entities.repair import ORIGINAL_TEXT_KEY
from storywire.tasks.enrich.isolation import StoryEntities, isolated
from storywire.tasks.records import EntityMention

if TYPE_CHECKING:
    from storywire.tasks.enrich.workers import Item

__all__ = ["BATCH_CHARS", "OVERLAP_CHARS", "PIECE_CHARS", "annotate_batch", "annotate_stories", "finish_stories"]

#: The longest text NER reads as one doc: a news story (under 20,000 characters) is one
#: piece, and a worker's memory stays bounded whatever the length of a story.
PIECE_CHARS = 50_000
#: Characters of one ``nlp.pipe`` batch at most (NER's memory follows them); a batch of
#: ordinary stories is well under it and is cut by count as before.
BATCH_CHARS = 100_000
#: Context each side of a cut that is not at a paragraph break: both pieces read it.
OVERLAP_CHARS = 2_000


@dataclass(slots=True)
class _Field:
    """One field of one story on its way through NER."""

    story: int
    name: str  # headline | body
    original: str
    text: str  # what the model reads: re-cased, same length
    pieces: list[Piece]
    found: list[tuple[list[EntityMention], PieceFound]] = field(default_factory=list)
    failed: bool = False


def _doc(nlp: Language, f: _Field, piece: Piece) -> Doc:
    text = f.text[piece.start : piece.end]
    doc = nlp.make_doc(text)
    original = f.original[piece.start : piece.end] if len(f.pieces) > 1 else f.original
    if original != text:
        doc.user_data[ORIGINAL_TEXT_KEY] = original
    return doc


def _piece_mentions(doc: Doc, f: _Field, piece: Piece) -> tuple[list[EntityMention], PieceFound]:
    mentions = entities_from_doc(doc, field=f.name, text=f.original[piece.start : piece.end])
    starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    return mentions, PieceFound([(m.start, m.end) for m in mentions], starts)


def _field_mentions(f: _Field) -> list[EntityMention]:
    """The field's mentions in field offsets, from its pieces' (see :mod:`.pieces`)."""
    kept, starts = merge_pieces(f.pieces, [found for _, found in f.found])
    out = []
    for piece, (mentions, _), keep in zip(f.pieces, f.found, kept, strict=True):
        for k in keep:
            m = mentions[k]
            start = piece.start + m.start
            out.append(replace(m, start=start, end=piece.start + m.end, sentence=sentence_of(starts, start)))
    return out


def _fields(items: Sequence[Item], limit: int, out: list[StoryEntities]) -> list[_Field]:
    margin = min(OVERLAP_CHARS, (limit - 1) // 4)
    fields: list[_Field] = []
    for idx, item in enumerate(items):
        for name, value in (("headline", item[0]), ("body", item[1])):
            if value and value.strip():
                text = isolated("recase", out[idx].warnings, value, recase_caps_lines, value)
                fields.append(_Field(idx, name, value, text, plan_pieces(text, limit, margin)))
    return fields


def annotate_stories(
    nlp: Language,
    items: Sequence[Item],
    *,
    batch_size: int,
    n_process: int = 1,
    piece_chars: int = PIECE_CHARS,
    language: str | None = None,
) -> list[StoryEntities]:
    """Entity mentions per story for ``items`` = (headline, body, dateline_place).

    One ``nlp.pipe`` call runs over every headline and body (never one call per story); a
    field longer than ``piece_chars`` (or the pipeline's ``max_length``) is read in pieces.
    Offsets are exact character offsets into that field's text; sentence indexes count
    within the field. Each story's mentions are canonicalized together and its places
    geocoded with the story's countries and dateline as context; the dateline place is
    returned as a mention with field 'dateline'. ``language``: the stories' language, when
    ``nlp`` is not the English pipeline (names then keep the story's own spelling).
    """
    out = [StoryEntities() for _ in items]
    fields = _fields(items, min(piece_chars, nlp.max_length), out)
    slots = [(f, piece) for f in fields for piece in f.pieces]
    layout = list(batch_layout([p.end - p.start for _, p in slots], batch_size, BATCH_CHARS))

    def docs() -> Iterator[Doc]:
        for k in layout:
            yield nlp.make_doc("") if k is None else _doc(nlp, *slots[k])

    for k, doc in zip(layout, nlp.pipe(docs(), batch_size=batch_size, n_process=n_process), strict=True):
        if k is None or slots[k][0].failed:
            continue
        f, piece = slots[k]
        warnings = out[f.story].warnings
        if len(f.pieces) == 1:
            out[f.story].mentions += isolated("mentions", warnings, [], entities_from_doc, doc,
                                              field=f.name, text=f.original)
            continue
        found = isolated("mentions", warnings, None, _piece_mentions, doc, f, piece)
        if found is None:
            f.failed = True
        else:
            f.found.append(found)
            if len(f.found) == len(f.pieces):
                out[f.story].mentions += isolated("mentions", warnings, [], _field_mentions, f)
                f.found = []
    return finish_stories(out, items, language)


def finish_stories(out: list[StoryEntities], items: Sequence[Item], language: str | None = None) -> list[StoryEntities]:
    """Each story's mentions canonicalized together, then its places geocoded with the
    story's countries and dateline as context (every pipeline ends here)."""
    for story, item in zip(out, items, strict=True):
        story.mentions = isolated("canonical", story.warnings, story.mentions, canonicalize,
                                  story.mentions, language=language)
        story.mentions = isolated("geocode", story.warnings, story.mentions, geocode_story,
                                  story.mentions, item[2], language=language)
    return out


def annotate_batch(
    nlp: Language,
    items: Sequence[Item],
    *,
    batch_size: int,
    n_process: int = 1,
) -> list[list[EntityMention]]:
    """Only the mentions of :func:`annotate_stories` (evaluation reads nothing else)."""
    return [s.mentions for s in annotate_stories(nlp, items, batch_size=batch_size, n_process=n_process)]
