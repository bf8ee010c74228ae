"""The words around one mention that say it is a place (``entities/place_cues.py``), on
hand-built docs."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from storywire.tasks.enrich.entities.place_cues import based_in, natural_after, place_cue
from storywire.tasks.enrich.entities.repair import COMPONENT

_NLP = spacy.blank("en")


def _span(text: str, name: str) -> Span:
    doc = _NLP(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None, name
    return span


@pytest.mark.parametrize(
    ("text", "name", "votes"),
    [
        ("Shelling hit the region of Tavildara overnight .", "Tavildara", 2),
        ("Roads in the Tavildara region were closed .", "Tavildara", 2),
        ("Turnout was highest in the Samarkand and Namangan regions .", "Samarkand", 2),  # each of a list
        ("Turnout was highest in the Samarkand and Namangan regions .", "Namangan", 2),
        ("Voters in Samarkand and Bukhara queued .", "Samarkand", 1),  # "in X" only
        ("Samarkand and Bukhara state media said so .", "Samarkand", 0),  # "state media": no place noun
        ("The AzTV state channel said so .", "AzTV", 0),  # a noun goes on after "state"
        ("Dubovo , a disputed town , was quiet .", "Dubovo", 2),
        ("Janis , the state governor , spoke .", "Janis", 0),  # an office holder
    ],
)
def test_place_cue_votes(text, name, votes):
    assert place_cue(_span(text, name)) == votes


@pytest.mark.parametrize(
    ("text", "name", "natural"),
    [
        ("The Surma and Kushiyara rivers burst their banks .", "Surma", True),
        ("The Surma and Kushiyara rivers burst their banks .", "Kushiyara", True),
        ("Water rose in the Zorvani river .", "Zorvani", True),
        ("Boats left the Mekong delta .", "Mekong", False),  # "delta" follows states too
        ("The Zorvani River Authority met .", "Zorvani", False),  # capitalised: part of a name
    ],
)
def test_natural_after(text, name, natural):
    assert natural_after(_span(text, name)) is natural


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [("The Pune-based company grew .", "Pune", True), ("The Geelong-born bowler won .", "Geelong", True),
     ("The Pune office grew .", "Pune", False)],
)
def test_based_in(text, name, found):
    assert based_in(_span(text, name)) is found


def test_a_list_is_read_only_a_few_names_far():
    """A hostile text of thousands of names in one list: each mention reads a bounded stretch
    (the whole list per mention would be quadratic), so only the names near the noun get it."""
    doc = _NLP("The " + "Zorvani , " * 3000 + "Kelmar and Ostrava rivers rose .")
    assert natural_after(doc[1:2]) is False  # the list's first name: the noun is far away
    assert natural_after(doc[len(doc) - 6 : len(doc) - 5]) is True  # "Kelmar"
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT)
    big = nlp.make_doc(doc.text)
    big.ents = [Span(big, i, i + 1, "PERSON") for i in range(1, len(big) - 3, 2)]  # every name
    assert len(nlp.get_pipe(COMPONENT)(big).ents) > 0  # and the component gets through it
