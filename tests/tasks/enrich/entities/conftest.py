"""Fixtures shared by the entity tests: a blank English pipeline, the real one (slow), and
builders of hand-made ``Doc``s and mentions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from storywire.flows.settings import DEFAULT_MODEL
from storywire.tasks.enrich.entities import entity_key, load_nlp
from storywire.tasks.records import EntityMention


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="package")
def nlp():
    """The flow's pipeline, loaded once for every slow test of this folder."""
    return load_nlp(DEFAULT_MODEL)


@pytest.fixture
def make_doc(blank):
    """Doc of ``text`` with entities given as (surface, label), first occurrence each."""

    def make(text: str, ents: list[tuple[str, str]]) -> Doc:
        doc = blank.make_doc(text)
        spans = []
        for surface, label in ents:
            start = text.index(surface)
            span = doc.char_span(start, start + len(surface), label=label)
            assert span is not None, surface
            spans.append(span)
        doc.ents = spans
        return doc

    return make


@pytest.fixture
def mention():
    """An EntityMention of ``text`` whose canonical name is its text."""

    def make(text: str, label: str, start: int = 0, *, field: str = "body", sentence: int = 0) -> EntityMention:
        return EntityMention(start=start, end=start + len(text), text=text, label=label, sentence=sentence,
                             canonical=text, entity_key=entity_key(label, text), field=field)

    return make
