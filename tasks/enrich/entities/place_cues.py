"""What the words around one mention say of it as a place (``evidence.mention_cue`` reads
them): a place noun before or after it ("the region of X", "the X region", "the X and Y
regions"), an apposition headed by one ("X, a disputed territory"), a place preposition
("in X"), a natural feature's noun after it ("the X river"), "-based" or "-born"."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from storywire.tasks.enrich.entities.lexicon import (
    NATURAL_NOUNS_AFTER,
    PLACE_HYPHEN_WORDS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
)

__all__ = ["based_in", "natural_after", "noun_follows", "place_cue", "word_at"]


def word_at(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def noun_follows(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].is_alpha and doc[i].is_lower and not doc[i].is_stop


_APPOSITION_PLACE_NOUNS = PLACE_NOUNS - {"mayor", "governor", "residents"}


def place_cue(span: Span) -> int:
    """Votes the words around ``span`` give it as a place: 2 for "the region of X",
    "X, a disputed territory", "the X region" or "the X and Y regions"; 1 for "in X"."""
    doc = span.doc
    before, before2 = word_at(doc, span.start - 1), word_at(doc, span.start - 2)
    after = word_at(doc, span.end)
    if before == "of" and before2 in PLACE_NOUNS:
        return 2
    if after in PLACE_NOUNS and doc[span.end].is_lower and not noun_follows(doc, span.end + 1):
        return 2  # "the Tavildara region", not "the AzTV state channel"
    k = _after_list(span)
    if k > span.end and word_at(doc, k) in PLACE_NOUNS and doc[k].is_lower and doc[k].lower_.endswith("s") \
            and not noun_follows(doc, k + 1):
        return 2  # "the Samarkand and Namangan regions": each
    if after == ",":
        k = span.end + 1
        if word_at(doc, k) in {"a", "an", "the"}:
            for j in range(k + 1, min(k + 4, len(doc))):
                # the place word must head the apposition and not name an office holder:
                # "X, the port authority director" and "X, the state governor" are people
                if doc[j].lower_ in _APPOSITION_PLACE_NOUNS and not noun_follows(doc, j + 1):
                    return 2
                if not doc[j].is_alpha or doc[j].is_title:
                    break
    if before in PLACE_PREPOSITIONS and not (
        span.end < len(doc) and doc[span.end].lower_ in {"'s", "’s"}
    ):
        return 1
    return 0


#: Tokens a list of names is read through, at most: copy lists a few ("the Surma and
#: Kushiyara rivers"), and a bound keeps a text of endless capitalised words linear.
_LIST_REACH = 24


def _after_list(span: Span) -> int:
    """The token after the list of names ``span`` opens ("Surma and Kushiyara"), or after it."""
    doc, k = span.doc, span.end
    stop = min(len(doc), span.end + _LIST_REACH)
    while k + 1 < stop and doc[k].lower_ in {"and", "or", ","} and doc[k + 1].is_title:
        k += 1
        while k < stop and doc[k].is_title:
            k += 1
    return k


def natural_after(span: Span) -> bool:
    """Whether a natural feature's lower-case noun follows the name, or a list of names it
    opens ("the Surma and Kushiyara rivers": both)."""
    doc, k = span.doc, _after_list(span)
    return k < len(doc) and doc[k].is_lower and doc[k].lower_ in NATURAL_NOUNS_AFTER


def based_in(span: Span) -> bool:
    """Whether "-based" or "-born" follows the name ("a Pune-based company", "Geelong-born")."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in PLACE_HYPHEN_WORDS
