"""Resolving a speaker phrase to the story's entity mentions, and inheriting a speaker."""

from __future__ import annotations

from collections.abc import Sequence

from storywire.tasks.enrich.quotes.attribution import find_attribution, index_verbs
from storywire.tasks.enrich.quotes.marks import mask_quotes, scan_quotes
from storywire.tasks.enrich.quotes.sentences import paragraph_spans
from storywire.tasks.enrich.quotes.speakers import (
    Context,
    Speaker,
    attributed_speaker,
    inherited_speaker,
)
from storywire.tasks.records import EntityMention


def mention(body: str, surface: str, label: str, canonical: str | None = None) -> EntityMention:
    start = body.index(surface)
    canonical = canonical or surface
    return EntityMention(start, start + len(surface), surface, label, 0, canonical, canonical)


def context(body: str, ents: Sequence[EntityMention]) -> Context:
    """The composer's view of ``body``: paired quotes, masked copy, verb index."""
    paragraphs = paragraph_spans(body)
    spans = scan_quotes(body, paragraphs)
    masked = mask_quotes(body, spans)
    in_quote = {
        id(e): any(s.open_end <= e.start and e.end <= s.close_start for s in spans) for e in ents
    }
    return Context(body, masked, paragraphs, spans, list(ents), in_quote, index_verbs(masked, ents))


def speaker_of(ctx: Context, index: int = 0, previous: Speaker | None = None) -> Speaker:
    attr = find_attribution(ctx.masked, ctx.spans[index], ctx.paragraphs, ctx.entities, ctx.verbs)
    assert attr is not None
    return attributed_speaker(ctx, attr, previous)


def resolved(body: str, ents: Sequence[EntityMention]) -> tuple[str, str | None, str | None]:
    """(speaker text, canonical of its mention, verb lemma) of the first quote."""
    speaker = speaker_of(context(body, ents))
    return speaker.text, speaker.entity.canonical if speaker.entity else None, speaker.verb


def test_pronoun_resolves_to_the_most_recent_person_before_it() -> None:
    body = 'Luis Mora met Ana Duarte on Monday.\n\n"We are ready," she said.'
    ents = [mention(body, "Luis Mora", "PERSON"), mention(body, "Ana Duarte", "PERSON")]
    assert resolved(body, ents) == ("she", "Ana Duarte", "say")


def test_pronoun_skips_people_named_inside_quotes() -> None:
    body = 'Ana Duarte met farmers.\n\n"I spoke to Pedro Alves and he agrees," she said.'
    ents = [mention(body, "Ana Duarte", "PERSON"), mention(body, "Pedro Alves", "PERSON")]
    assert resolved(body, ents) == ("she", "Ana Duarte", "say")


def test_it_resolves_to_the_most_recent_org() -> None:
    body = 'Northwind Airlines cancelled 40 flights.\n\n"Safety first," it said.'
    assert resolved(body, [mention(body, "Northwind Airlines", "ORG")]) == (
        "it",
        "Northwind Airlines",
        "say",
    )


def test_plural_pronoun_keeps_no_mention() -> None:
    assert resolved('"We go," they said.', []) == ("they", None, "say")


def test_surname_and_head_noun_find_the_mention_when_none_is_inside_the_phrase() -> None:
    body = 'Talks with Ilham Aliyev ran late.\n\n"Not today," President Aliyev said.'
    ents = [mention(body, "Ilham Aliyev", "PERSON")]
    assert resolved(body, ents) == ("President Aliyev", "Ilham Aliyev", "say")
    body = 'The Russian Foreign Ministry summoned the envoy.\n\n"No," the ministry said.'
    ents = [mention(body, "Russian Foreign Ministry", "ORG")]
    assert resolved(body, ents) == ("the ministry", "Russian Foreign Ministry", "say")


def test_org_inside_a_modifier_is_not_the_speaker() -> None:
    body = '"No," a spokesman for the Interior Ministry said.'
    ents = [mention(body, "the Interior Ministry", "ORG", "Interior Ministry")]
    assert resolved(body, ents) == ("a spokesman for the Interior Ministry", None, "say")


def test_pronoun_after_a_person_named_in_the_previous_attribution_means_that_speaker() -> None:
    body = '"It hurts," said Mick North, whose daughter Sophie died. "Every day," he said.'
    ents = [mention(body, "Mick North", "PERSON"), mention(body, "Sophie", "PERSON")]
    ctx = context(body, ents)
    first = speaker_of(ctx, 0)
    assert first.entity is not None and first.entity.canonical == "Mick North"
    second = speaker_of(ctx, 1, previous=first)
    assert second.entity is not None and second.entity.canonical == "Mick North"
    # without the previous speaker the pronoun falls back to the most recent person
    alone = speaker_of(ctx, 1)
    assert alone.entity is not None and alone.entity.canonical == "Sophie"


def test_quote_inherits_the_previous_quotes_speaker() -> None:
    body = '"We lost," Paul Brennan told reporters. "But we fought."'
    ctx = context(body, [mention(body, "Paul Brennan", "PERSON")])
    first_attr = find_attribution(ctx.masked, ctx.spans[0], ctx.paragraphs, ctx.entities, ctx.verbs)
    first = speaker_of(ctx, 0)
    inherited = inherited_speaker(ctx, 1, [first_attr], [first], first)
    assert inherited is not None
    assert (inherited.text, inherited.verb) == ("Paul Brennan", "tell")


def test_quote_inherits_a_colon_attribution_ending_the_previous_paragraph() -> None:
    body = 'The minister said in a statement:\n\n"Every contract will be reviewed."'
    inherited = inherited_speaker(context(body, []), 0, [], [], None)
    assert inherited is not None
    assert (inherited.text, inherited.verb) == ("The minister", "say")


def test_quote_inherits_the_previous_sentences_attribution() -> None:
    body = 'Some staff break the rules, he said. "But why?"'
    inherited = inherited_speaker(context(body, []), 0, [], [], None)
    assert inherited is not None
    assert (inherited.text, inherited.verb) == ("he", "say")


def test_quote_after_plain_narration_inherits_nothing() -> None:
    body = 'The weather was fine on Monday.\n\n"We will win."'
    assert inherited_speaker(context(body, []), 0, [], [], None) is None
