"""Resolving a speaker phrase to the story's entities, and inheriting a speaker.

The speaker text stays as written; its canonical name and key come from the
mention it resolves to (pronouns: the most recent PERSON or ORG). A quote with no
attribution of its own may inherit its neighbour's (see the package docstring).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from storywire.tasks.enrich.quotes.attribution import (
    Attribution,
    VerbIndex,
    attribution_at,
    previous_sentence_attribution,
)
from storywire.tasks.enrich.quotes.lexicon import DETERMINERS, PP_PREPOSITIONS, PRONOUNS, TITLES
from storywire.tasks.enrich.quotes.marks import Span
from storywire.tasks.enrich.quotes.phrases import low_word
from storywire.tasks.enrich.quotes.sentences import is_abbreviation, sentence_end, sentence_start
from storywire.tasks.records import EntityMention, QuoteMention


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker and where its attribution was read."""

    text: str
    entity: EntityMention | None
    verb: str | None
    clause: tuple[int, int]  # attribution through the end of its sentence


def quote_mention(body: str, start: int, end: int, speaker: Speaker | None, paragraph: int) -> QuoteMention:
    """The row for the quote at body[start:end], with its speaker's names and verb (or none)."""
    entity = speaker.entity if speaker else None
    return QuoteMention(
        start=start,
        end=end,
        text=body[start:end],
        speaker=speaker.text if speaker else None,
        speaker_canonical=entity.canonical if entity else None,
        speaker_key=entity.entity_key if entity else None,
        verb=speaker.verb if speaker else None,
        paragraph=paragraph,
    )


def _most_recent(
    entities: Sequence[EntityMention], before: int, label: str, in_quote: dict[int, bool]
) -> EntityMention | None:
    """Latest ``label`` mention ending before ``before``, preferring ones outside quotes."""
    candidates = [e for e in entities if e.end <= before and e.label == label]
    pool = [e for e in candidates if not in_quote[id(e)]] or candidates
    return max(pool, key=lambda e: e.end) if pool else None


def _resolve_speaker(
    body: str,
    np: tuple[int, int],
    entities: Sequence[EntityMention],
    in_quote: dict[int, bool],
    previous: Speaker | None = None,
) -> tuple[str, EntityMention | None]:
    """Speaker text as written (whitespace collapsed) and the mention it refers to.

    ``previous`` is the last speaker resolved to a PERSON: a he/she whose most
    recent PERSON sits inside that speaker's own attribution clause ('said Mick
    North, whose daughter Sophie died. "...," he said') means that speaker.
    """
    start, end = np
    text = " ".join(body[start:end].split())
    low = text.lower()
    if low in ("he", "she"):
        person = _most_recent(entities, start, "PERSON", in_quote)
        if (
            person is not None
            and previous is not None
            and previous.entity is not None
            and previous.clause[0] <= person.start < previous.clause[1]
        ):
            return text, previous.entity
        return text, person
    if low == "it":
        return text, _most_recent(entities, start, "ORG", in_quote)
    if low in PRONOUNS:
        return text, None

    best: EntityMention | None = None
    for e in sorted(
        (e for e in entities if e.start < end and e.end > start), key=lambda e: e.start
    ):
        if any(w in PP_PREPOSITIONS for w in body[start : max(start, e.start)].lower().split()):
            continue  # "a spokesman for the ministry": the ministry is not the head
        after = body[e.end : end]
        if after.startswith(("'", "’")):
            continue  # "Smith's spokesman"
        if e.label == "PERSON" or (
            e.label in ("ORG", "GPE", "NORP")
            and not after.strip()
            and (best is None or best.label != "PERSON")
        ):
            best = e
    if best is not None:
        return " ".join(best.text.split()), best

    # No mention inside the phrase (NER missed it, or a common noun): match a
    # surname to a PERSON canonical, or "the <head>" to an earlier ORG's head noun.
    words = text.split()
    content = [w for w in words if low_word(w) not in TITLES | DETERMINERS]
    if content and all(w[0].isupper() for w in content):
        surname = content[-1].lower()
        people = [
            e
            for e in entities
            if e.label == "PERSON" and e.canonical.lower().split()[-1:] == [surname]
        ]
        if people:
            prior = [e for e in people if e.end <= start]
            return text, max(prior, key=lambda e: e.end) if prior else min(
                people, key=lambda e: e.start
            )
    if words and words[0].lower() == "the" and len(words) <= 4:
        head = words[-1].lower()
        orgs = [
            e
            for e in entities
            if e.label == "ORG" and e.end <= start and e.canonical.lower().split()[-1:] == [head]
        ]
        if orgs:
            return text, max(orgs, key=lambda e: e.end)
    return text, None


@dataclass(frozen=True, slots=True)
class Context:
    """What every attribution step reads: the story and its paired quotes."""

    body: str
    masked: str
    paragraphs: list[tuple[int, int]]
    spans: list[Span]
    entities: list[EntityMention]
    in_quote: dict[int, bool]
    verbs: VerbIndex


def attributed_speaker(ctx: Context, attr: Attribution, previous: Speaker | None) -> Speaker:
    """The speaker an attribution names, with the clause it was read in (through the
    end of its sentence), where a later he/she may find the person it means."""
    text, entity = _resolve_speaker(
        ctx.body, (attr.np_start, attr.np_end), ctx.entities, ctx.in_quote, previous
    )
    return Speaker(text, entity, attr.lemma, attributed_clause(ctx, attr))


def attributed_clause(ctx: Context, attr: Attribution) -> tuple[int, int]:
    """Where an attribution was read: from its verb or speaker through the end of
    its sentence."""
    clause_start = min(attr.np_start, attr.verb_start)
    after = max(attr.np_end, attr.verb_end)
    para = bisect_right(ctx.paragraphs, (after, len(ctx.masked))) - 1
    para_end = ctx.paragraphs[max(para, 0)][1]
    return clause_start, sentence_end(ctx.masked, after, max(para_end, after))


def _same_sentence_tail(masked: str, start: int, end: int) -> bool:
    """Whether masked[start:end] only finishes the sentence it starts in: an
    adjunct or appositive ("in a statement", ", chairwoman of X, which ...")."""
    tail = masked[start:end].strip().rstrip("\"”’'")  # a title may end the sentence
    if not tail or tail[-1] not in ".,;:" or len(tail) > 240:
        return False
    inner = tail[:-1]
    return not any(
        ch in ";!?" or (ch == "." and not is_abbreviation(inner, i)) for i, ch in enumerate(inner)
    )


def inherited_speaker(
    ctx: Context,
    index: int,
    attributions: Sequence[Attribution | None],
    speakers: Sequence[Speaker | None],
    last_person: Speaker | None,
) -> Speaker | None:
    """Speaker of an unattributed quote from its neighbours (see the package docstring)."""
    masked, paragraphs, entities = ctx.masked, ctx.paragraphs, ctx.entities
    span = ctx.spans[index]
    # '"A," he said. "B."': only the previous quote's attribution lies between
    # (titles quoted inside that attribution, with no speaker, are skipped).
    prior = index - 1
    while (
        prior >= max(0, index - 4)
        and speakers[prior] is None
        and ctx.spans[prior].last_paragraph == span.paragraph
    ):
        prior -= 1
    if prior >= 0:
        prev, prev_attr, prev_speaker = (
            ctx.spans[prior],
            attributions[prior],
            speakers[prior],
        )
        if (
            prev_attr is not None
            and prev_speaker is not None
            and prev.last_paragraph == span.paragraph
            and prev.close_end <= min(prev_attr.verb_start, prev_attr.np_start)
            and _same_sentence_tail(
                masked, max(prev_attr.verb_end, prev_attr.np_end), span.open_start
            )
        ):
            return prev_speaker
    # 'He told reporters:\n\n"..."': the previous paragraph ends with an attribution.
    p_start = paragraphs[span.paragraph][0]
    attr: Attribution | None = None
    if span.open_start == p_start and span.paragraph > 0:
        prev_start, prev_end = paragraphs[span.paragraph - 1]
        if masked[prev_end - 1] == ":":
            s_start = sentence_start(masked, prev_start, prev_end - 1)
            verbs = ctx.verbs.within(s_start, prev_end)
            if verbs:
                attr = attribution_at(
                    masked, verbs[-1], s_start, prev_end, entities, inverted_ok=True
                )
    # 'Some staff break the rules, he said. "But does that make them ..."': a quote
    # that starts a sentence continues the indirect speech of the sentence before
    # it in the same paragraph.
    elif span.open_start > p_start and sentence_start(masked, p_start, span.open_start) == (
        span.open_start
    ):
        attr = previous_sentence_attribution(masked, p_start, span.open_start, entities, ctx.verbs)
    return attributed_speaker(ctx, attr, last_person) if attr is not None else None
