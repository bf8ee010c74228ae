"""Russian entity mentions with natasha: its news NER, then names in the nominative.

natasha (``NewsNERTagger`` over the navec embeddings, both inside the wheels: nothing is
downloaded) finds PER, LOC and ORG spans in Russian text; its morphology tagger and
pymorphy2's dictionary put a name back in the nominative, so ``Москве``, ``Москвы`` and
``Москва`` are one place and ``Сергея Лаврова`` is ``Сергей Лавров``. Labels are folded
onto spaCy's English set (:data:`.labels.LABELS`) so a query reads every language alike.

Why not natasha's own ``Span.normalize`` for every span: without its syntax parser (the
slowest of its models) it puts every word of a span in the nominative, which is right for a
person's name and wrong for an organization or place whose name ends in a genitive
(``Министерстве иностранных дел`` would become ``Министерство иностранные дела``). Here only
the words up to the span's first noun (its head, with the adjectives agreeing with it) are
inflected, the rest kept as written: Russian noun phrases put their head first.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

from storywire.tasks.enrich.entities.annotate import OVERLAP_CHARS, PIECE_CHARS
from storywire.tasks.enrich.entities.canonical import clean_name, entity_key
from storywire.tasks.enrich.entities.labels import folded_label, place_label
from storywire.tasks.enrich.entities.pieces import (
    PieceFound,
    merge_pieces,
    plan_pieces,
    sentence_of,
)
from storywire.tasks.records import EntityMention

__all__ = ["PIPELINE", "Natasha", "load_natasha", "russian_mentions"]

#: The name the language settings use for this pipeline.
PIPELINE = "natasha"
_NOUNS = frozenset({"NOUN", "PROPN"})
# Quote marks an ORG span can open or close with («Газпром», ПАО «Сбербанк): not the name.
_QUOTES = "«»„“”\"'"
_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"))
#: Unions of states natasha reads as places (in the nominative): organizations in OntoNotes.
_UNIONS = frozenset({"Евросоюз", "Европейский союз", "Евразийский экономический союз", "Африканский союз"})


class Natasha:
    """natasha's segmenter, morphology tagger, NER tagger and morphology dictionary, loaded
    once per process (~1 s, ~150 MB)."""

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph = NewsMorphTagger(embedding)
        self.ner = NewsNERTagger(embedding)
        self.vocab = _vocab()

    @functools.cached_property
    def version(self) -> str:
        from importlib.metadata import version

        return f"natasha-{version('natasha')}"


def _vocab() -> Any:
    """natasha's ``MorphVocab`` with pymorphy2's Russian dictionary given by path. Left to
    itself pymorphy2 finds its dictionary through ``pkg_resources`` entry points, and
    setuptools (81 on) no longer ships ``pkg_resources``."""
    import pymorphy2_dicts_ru
    from natasha.morph.vocab import MorphForm, MorphVocab
    from pymorphy2 import MorphAnalyzer

    class Vocab(MorphVocab):
        def __init__(self) -> None:
            MorphAnalyzer.__init__(self, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)

    return Vocab()


@functools.cache
def load_natasha() -> Natasha:
    return Natasha()


def _inflected(vocab: Any, tokens: Sequence[Any], label: str) -> str:
    """The span in the nominative: every word of a person's name, the words up to the head
    noun of anything else (see the module docstring)."""
    from natasha.norm import recover_shapes, recover_spaces

    tagged = [_retagged(vocab, t) for t in tokens]
    head = len(tokens)
    if label != "PER":
        head = next((i + 1 for i, t in enumerate(tagged) if t.pos in _NOUNS), len(tokens))
    words = [_nominative(vocab, t) if i < head else t.text for i, t in enumerate(tagged)]
    return recover_spaces(list(recover_shapes(words, tokens)), tokens)


def _retagged(vocab: Any, token: Any) -> Any:
    """The token, an adjective when the dictionary knows its word only as one: the tagger
    calls the capitalized adjective of a name a proper noun (``Нагорным Карабахом``), which
    would make it the head."""
    if token.pos in _NOUNS:
        forms = vocab(token.text.lower())
        if forms and all(f.pos == "ADJ" for f in forms):
            return SimpleNamespace(text=token.text, pos="ADJ", feats=token.feats)
    return token


def _nominative(vocab: Any, token: Any) -> str:
    """One word in the nominative. pymorphy2 cannot inflect a surname it only guesses
    (``Байрамовым``) but knows its lemma, which for a man's surname is the nominative; a
    woman's (``Ивановой``) has a man's lemma, so it keeps natasha's answer."""
    from natasha.norm import inflect_word, normal_word, select_form

    word = inflect_word(vocab, token)
    if token.pos not in _NOUNS or token.feats.get("Case") == "Nom" or word != normal_word(token.text):
        return word
    form = select_form(vocab(word), token.pos, token.feats)
    if form is not None and form.feats.get("Gender") == "Masc":
        return normal_word(form.normal)
    return word


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with its quote marks balanced: natasha often stops a name before its closing
    mark (``ПАО «Уральский завод``), which then joins it; a lone mark at an end goes."""
    span = text[start:end]
    for opening, closing in _PAIRS:
        if span.count(opening) > span.count(closing) and text[end : end + 1] == closing:
            end += 1
            span = text[start:end]
    while end > start and text[end - 1] in _QUOTES and _unbalanced(text[start:end]):
        end -= 1
    while start < end and text[start] in _QUOTES and _unbalanced(text[start:end]):
        start += 1
    return start, end


def _unbalanced(span: str) -> bool:
    return any(span.count(o) != span.count(c) for o, c in _PAIRS) or span.count('"') % 2 == 1


def _canonical(natasha: Natasha, span: Any, label: str) -> str:
    tokens = [t for t in span.tokens if t.text not in _QUOTES]
    if not tokens:
        return clean_name(span.text)
    try:
        name = _inflected(natasha.vocab, tokens, label)
    except (KeyError, ValueError, AttributeError):  # a word the dictionary cannot inflect
        name = " ".join(t.text for t in tokens)
    return clean_name(name.strip(_QUOTES + " "))


@dataclass(slots=True)
class _Span:
    """A natasha span on its way to a mention (spans of an organization may be merged)."""

    start: int
    stop: int
    type: str
    tokens: list[Any]
    canonical: str = ""


def _merged(text: str, spans: list[_Span]) -> list[_Span]:
    """An organization named after a place or another organization it belongs to is one
    organization, as OntoNotes marks it (``МИД России``, ``Министерство экономического
    развития РФ``, ``Институт ... СО РАН``): natasha cuts it in two. The second part joins
    when it follows after one space and is in the genitive or an abbreviation."""
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and span.type in {"LOC", "ORG"}
            and text[prev.stop : span.start] == " "
            and (span.tokens[0].feats.get("Case") == "Gen" or span.tokens[0].text.isupper())
        ):
            prev.stop, prev.tokens = span.stop, prev.tokens + span.tokens
            prev.canonical = f"{prev.canonical} {text[span.start : span.stop]}"
            continue
        out.append(span)
    return out


def _label(natasha_type: str, canonical: str) -> str | None:
    """Our label: :func:`.labels.folded_label`, then the gazetteer's evidence for a place
    (:func:`.labels.place_label`); a supranational union or an unknown abbreviation natasha
    calls a place is an organization (``ЕС``, ``Евросоюз``, ``ОДКБ``)."""
    label = folded_label(natasha_type, canonical)
    if label is None:
        return None
    if label == "LOC" and (canonical in _UNIONS or (canonical.isupper() and len(canonical) <= 6)):
        return "ORG"
    return place_label(label, canonical)


def russian_mentions(natasha: Natasha, text: str, *, field: str, piece_chars: int = PIECE_CHARS) -> list[EntityMention]:
    """Mentions in one Russian ``text`` (a headline or a body): exact offsets into it,
    sentence indexes within it, spaCy-style labels, the nominative as canonical name.

    natasha embeds a whole text at once (half a million characters took 1.2 GB), so a text
    longer than ``piece_chars`` is read in pieces as the English pipeline reads it
    (:mod:`.pieces`: cut at paragraphs or sentences, overlapping, put back together)."""
    if len(text) <= piece_chars:
        return _piece_mentions(natasha, text, field)[0]
    pieces = plan_pieces(text, piece_chars, min(OVERLAP_CHARS, (piece_chars - 1) // 4))
    found = [_piece_mentions(natasha, text[p.start : p.end], field) for p in pieces]
    kept, starts = merge_pieces(pieces, [PieceFound([(m.start, m.end) for m in ms], ss) for ms, ss in found])
    out = []
    for piece, (mentions, _), keep in zip(pieces, found, kept, strict=True):
        for k in keep:
            m = mentions[k]
            start = piece.start + m.start
            out.append(replace(m, start=start, end=piece.start + m.end, sentence=sentence_of(starts, start)))
    return out


def _piece_mentions(natasha: Natasha, text: str, field: str) -> tuple[list[EntityMention], list[int]]:
    """The mentions of one text natasha reads whole, and its sentence starts."""
    from natasha import Doc

    if not text.strip():
        return [], [0]
    doc = Doc(text)
    doc.segment(natasha.segmenter)
    doc.tag_morph(natasha.morph)
    doc.tag_ner(natasha.ner)
    sentences = [s.start for s in doc.sents] or [0]
    spans = []
    for span in doc.spans:
        start, stop = _trimmed(text, span.start, span.stop)
        if stop > start:
            spans.append(_Span(start, stop, span.type, list(span.tokens), _canonical(natasha, span, span.type)))
    out: list[EntityMention] = []
    k = 0
    for span in _merged(text, spans):
        label = _label(span.type, span.canonical)
        if label is None:
            continue
        while k + 1 < len(sentences) and sentences[k + 1] <= span.start:
            k += 1
        out.append(
            EntityMention(
                start=span.start,
                end=span.stop,
                text=text[span.start : span.stop],
                label=label,
                sentence=k,
                canonical=span.canonical,
                entity_key=entity_key(label, span.canonical),
                field=field,
            )
        )
    return out, sentences
