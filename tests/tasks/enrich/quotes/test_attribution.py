"""A quote's attribution: the reporting verb and speaker phrase, after or before the quote."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from storywire.tasks.enrich.quotes.attribution import (
    find_attribution,
    index_verbs,
    looks_like_title,
)
from storywire.tasks.enrich.quotes.marks import mask_quotes, scan_quotes
from storywire.tasks.enrich.quotes.sentences import paragraph_spans
from storywire.tasks.records import EntityMention

Found = tuple[str, str | None, str]  # verb as written, lemma, speaker phrase


def person(body: str, surface: str) -> EntityMention:
    start = body.index(surface)
    return EntityMention(start, start + len(surface), surface, "PERSON", 0, surface, surface)


def attributions(body: str, ents: Sequence[EntityMention] = ()) -> list[Found | None]:
    """Each quote's attribution, read the way the composer reads it."""
    paragraphs = paragraph_spans(body)
    spans = scan_quotes(body, paragraphs)
    masked = mask_quotes(body, spans)
    verbs = index_verbs(masked, ents)
    found: list[Found | None] = []
    for span in spans:
        title = looks_like_title(body[span.open_end : span.close_start])
        attr = find_attribution(masked, span, paragraphs, ents, verbs, title=title)
        found.append(
            None
            if attr is None
            else (
                body[attr.verb_start : attr.verb_end],
                attr.lemma,
                body[attr.np_start : attr.np_end],
            )
        )
    return found


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            '"We will win," Maria Santos said.', ("said", "say", "Maria Santos"), id="after"
        ),
        pytest.param(
            '"Who pays?" asked Lena Fischer, a shop owner.',
            ("asked", "ask", "Lena Fischer"),
            id="after-inverted",
        ),
        pytest.param(
            '"It is over," according to the mayor.',
            ("according to", "according to", "the mayor"),
            id="according-to",
        ),
        pytest.param(
            'Maria Santos said: "We will win."', ("said", "say", "Maria Santos"), id="before"
        ),
        pytest.param(
            'Aliyev stated that Baku will "go all the way"',
            ("stated", "state", "Aliyev"),
            id="before-scare-quote",
        ),
        pytest.param(
            'Astana will "stand firm" if talks fail, Tokayev said.',
            ("said", "say", "Tokayev"),
            id="closing-clause",
        ),
        pytest.param('"Hamlet," he said.', ("said", "say", "he"), id="title-touching-its-verb"),
    ],
)
def test_attribution_found(body: str, expected: Found) -> None:
    assert attributions(body) == [expected]


def test_colon_attribution_has_no_verb() -> None:
    body = 'Grace Mwangi struck a defiant tone: "We stay."'
    assert attributions(body, [person(body, "Grace Mwangi")]) == [("", None, "Grace Mwangi")]


@pytest.mark.parametrize(
    "body",
    [
        'The weather was fine. "We will win."',
        'She starred in "The Long Road Home" last year.',
    ],
)
def test_no_attribution(body: str) -> None:
    assert attributions(body) == [None]


def test_index_verbs_finds_lemmas_and_participles() -> None:
    text = "He spoke, adding that the states agreed and told us. Ministers from all states met."
    index = index_verbs(text, [])
    # "states" after a determiner or "all" is a plural noun, not a verb
    assert [(text[s:e], lemma, participle) for s, e, lemma, participle in index.verbs] == [
        ("adding", "add", True),
        ("told", "tell", False),
    ]
    told = text.index("told")
    assert [v[2] for v in index.within(told, told + 4)] == ["tell"]
    assert index.within(0, text.index("adding")) == []


def test_index_verbs_skips_a_verb_form_inside_a_name() -> None:
    text = '"Orientalism," Edward Said wrote.'
    index = index_verbs(text, [person(text, "Edward Said")])
    assert [lemma for _, _, lemma, _ in index.verbs] == ["write"]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("The Man in the Iron Mask", True),
        ("Hamlet", True),
        ("Iron Lady", True),
        ("Please.", False),
        ("We will win,", False),
        ("Who Cares?", False),
    ],
)
def test_looks_like_title(quote: str, expected: bool) -> None:
    assert looks_like_title(quote) is expected
