"""Resolving a Russian or French speaker phrase to the story's entities, and
inheriting a speaker, as ``speakers`` does for English.

Russian names arrive inflected (``по словам Сергея Лаврова``); the mention
carries the nominative canonical, so a phrase that is a mention needs no
inflection rules. A surname the recognizer missed is matched to a PERSON
canonical by its stem (``Лаврова`` -> ``Сергей Лавров``, ``Захаровой`` ->
``Мария Захарова``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storywire.tasks.enrich.quotes.attribution import Attribution
from storywire.tasks.enrich.quotes.attribution_intl import before_quote
from storywire.tasks.enrich.quotes.marks import MASK
from storywire.tasks.enrich.quotes.phrases_intl import (
    CLAUSE_BREAKS,
    is_role,
    person_after,
    sentence_start,
    tokens,
)
from storywire.tasks.enrich.quotes.profile import QuoteLanguage, fold
from storywire.tasks.enrich.quotes.speakers import Context, Speaker, _most_recent, attributed_clause
from storywire.tasks.records import EntityMention

# A stem match needs this many letters, and a case ending adds at most this many
# letters to the surname ("Лавров" -> "Лавровым").
_MIN_STEM = 4
_MAX_ENDING = 2
# A role refers back to one of this many most recent people ("министр").
_ROLE_LOOKBACK = 12
# Words (besides the previous attribution) that may lie between a quote and the
# previous one whose speaker it inherits: '«A», — сказал он. — B'.
_MAX_GAP_WORDS = 6


def same_surname(word: str, surname: str) -> bool:
    """Whether ``word`` is ``surname`` in some grammatical case: equal, or sharing
    all but the surname's last two letters, ending at most two letters longer."""
    word, surname = fold(word), fold(surname)
    if word == surname:
        return True
    stem = surname[:-2] if len(surname) > _MIN_STEM + 1 else surname[:-1]
    return (
        len(stem) >= _MIN_STEM
        and word.startswith(stem)
        and len(stem) < len(word) <= len(surname) + _MAX_ENDING
    )


def resolve(
    ctx: Context, np: tuple[int, int], previous: Speaker | None, lang: QuoteLanguage
) -> tuple[str, EntityMention | None]:
    """Speaker text as written and the mention it refers to (package docstring:
    pronouns take the most recent PERSON, or the previous speaker when that person
    was named inside the previous speaker's own attribution)."""
    start, end = np
    text = " ".join(ctx.body[start:end].split())
    low = fold(text)
    if low in lang.person_pronouns:
        person = _subject(ctx, _most_recent(ctx.entities, start, "PERSON", ctx.in_quote), lang)
        if (
            person is not None
            and previous is not None
            and previous.entity is not None
            and previous.clause[0] <= person.start < previous.clause[1]
        ):
            return text, previous.entity
        return text, person
    if low in lang.group_pronouns:
        return text, None
    inside = [e for e in ctx.entities if start <= e.start and e.end <= end]
    people = [e for e in inside if e.label == "PERSON"]
    if people:
        return " ".join(people[-1].text.split()), people[-1]
    for e in inside:
        lead = [t[2] for t in tokens(ctx.body, start, e.start)]
        # LOC too: the small French model calls some institutions places
        if e.label in ("ORG", "GPE", "NORP", "LOC") and all(w in lang.determiners for w in lead):
            return " ".join(e.text.split()), e
    # No mention: capitalized words may be a surname the recognizer missed.
    words = [t for t in tokens(ctx.body, start, end) if t[2] not in lang.determiners]
    if words and all(ctx.body[t[0]].isupper() for t in words):
        surname = ctx.body[words[-1][0] : words[-1][1]]
        known = [
            e
            for e in ctx.entities
            if e.label == "PERSON"
            and e.canonical.split()
            and same_surname(surname, e.canonical.split()[-1])
        ]
        if known:
            prior = [e for e in known if e.end <= start]
            pick = max(prior, key=lambda e: e.end) if prior else min(known, key=lambda e: e.start)
            return text, pick
    named = person_after(ctx.masked, end, len(ctx.masked), ctx.entities, lang)
    if named is not None:
        return " ".join(named.text.split()), named
    referent = _role_referent(ctx, np, lang)
    if referent is not None or any(is_role(t[2], lang) for t in tokens(ctx.masked, start, end)):
        return text, referent
    return text, _organization(ctx, np, inside)


def _subject(ctx: Context, person: EntityMention | None, lang: QuoteLanguage) -> EntityMention | None:
    """The person a pronoun means, given the most recent one: the first person named in that
    person's sentence, outside quotes and not after a preposition, its subject as a rule ("M.
    Adjété doit être reçu par son homologue, Moussa Garba. « ... », a-t-il déclaré": Adjété;
    "L'avocat de M. Aubertin, Me Lavigne, a annoncé ...": Lavigne); the most recent one when
    none is."""
    if person is None:
        return None
    first = [e for e in ctx.entities if e.label == "PERSON" and e.sentence == person.sentence
             and e.field == person.field and e.start <= person.start and not ctx.in_quote[id(e)]
             and not _after_preposition(ctx, e, lang)]
    return min(first, key=lambda e: e.start) if first else person


def _after_preposition(ctx: Context, e: EntityMention, lang: QuoteLanguage) -> bool:
    """Whether a preposition comes right before the mention, titles aside ("de M. Aubertin")."""
    words = [t[2] for t in tokens(ctx.masked, max(0, e.start - 40), e.start)]
    while words and (words[-1] in lang.abbreviations or len(words[-1]) == 1):
        words.pop()
    return bool(words) and words[-1] in lang.prepositions


def _organization(
    ctx: Context, np: tuple[int, int], inside: list[EntityMention]
) -> EntityMention | None:
    """The organization a common-noun speaker names: an ORG inside it ("la
    direction de Lactalis"), else an earlier ORG whose name holds its head noun
    ("le tribunal" after "le tribunal correctionnel de Paris", "суд" after
    "Мещанский суд")."""
    orgs = [e for e in inside if e.label == "ORG"]
    if orgs:
        return orgs[-1]
    words = [t[2] for t in tokens(ctx.masked, np[0], np[1]) if len(t[2]) > 2]
    if not words or len(words) > 3:
        return None
    earlier = [e for e in ctx.entities if e.label == "ORG" and e.end <= np[0]]
    for org in sorted(earlier, key=lambda e: -e.end):
        if any(same_surname(w, name) for w in words for name in org.canonical.split()):
            return org
    return None


def _introduced_as(ctx: Context, person: EntityMention, lang: QuoteLanguage) -> list[str]:
    """The words that introduce a person mention: its clause's words before it
    ("министр иностранных дел России") and an apposition after it (", porte-parole
    du gouvernement")."""
    start = max(0, person.start - 120)
    for i in range(person.start - 1, start - 1, -1):
        if ctx.masked[i] in CLAUSE_BREAKS:
            start = i + 1
            break
    words = [t[2] for t in tokens(ctx.masked, start, person.start)][-6:]
    after = re.compile(r"\s*,\s*").match(ctx.masked, person.end)
    if after:
        words += [t[2] for t in tokens(ctx.masked, after.end(), after.end() + 80)][:3]
    return words


def _role_referent(ctx: Context, np: tuple[int, int], lang: QuoteLanguage) -> EntityMention | None:
    """The person a role phrase refers back to: the most recent PERSON introduced
    with the same role word ("le ministre" after "le ministre des Affaires
    étrangères Jean Dupont"; "министр" after "министра ... Сергея Лаврова")."""
    roles = [t[2] for t in tokens(ctx.masked, np[0], np[1]) if is_role(t[2], lang)]
    if not roles:
        return None
    earlier = [e for e in ctx.entities if e.label == "PERSON" and e.end <= np[0]]
    for person in sorted(earlier, key=lambda e: -e.end)[:_ROLE_LOOKBACK]:
        if any(same_surname(w, roles[0]) for w in _introduced_as(ctx, person, lang)):
            return person
    return None


def attributed(
    ctx: Context, attr: Attribution, previous: Speaker | None, lang: QuoteLanguage
) -> Speaker:
    """The speaker an attribution names, with the clause it was read in."""
    text, entity = resolve(ctx, (attr.np_start, attr.np_end), previous, lang)
    return Speaker(text, entity, attr.lemma, attributed_clause(ctx, attr))


def inherited(
    ctx: Context,
    index: int,
    attributions: Sequence[Attribution | None],
    speakers: Sequence[Speaker | None],
    last_person: Speaker | None,
    lang: QuoteLanguage,
) -> Speaker | None:
    """Speaker of an unattributed quote from its neighbours: the previous quote's
    when only that quote's attribution lies between (``«A», — сказал он. «B»``,
    ``— A, — сказал он. — B``, ``« A », a-t-il dit. « B »``), or the attribution
    that ends the previous paragraph with a colon (``Он заявил:``)."""
    masked, span = ctx.masked, ctx.spans[index]
    if index > 0:
        prev, attr, speaker = ctx.spans[index - 1], attributions[index - 1], speakers[index - 1]
        if (
            attr is not None
            and speaker is not None
            and prev.last_paragraph == span.paragraph
            and prev.close_start <= min(attr.verb_start, attr.np_start)
        ):
            gap = masked[max(attr.verb_end, attr.np_end) : span.open_start]
            if (
                MASK not in gap
                and len(tokens(gap, 0, len(gap))) <= _MAX_GAP_WORDS
                and not re.search(r"[.!?…]\s+\w", gap)
            ):
                return speaker
    p_start = ctx.paragraphs[span.paragraph][0]
    if span.open_start == p_start and span.paragraph > 0:
        prev_start, prev_end = ctx.paragraphs[span.paragraph - 1]
        if masked[prev_end - 1] == ":":
            s_start = sentence_start(masked, prev_start, prev_end - 1, lang)
            attr = before_quote(masked, s_start, prev_end, ctx.verbs, ctx.entities, lang)
            if attr is not None:
                return attributed(ctx, attr, last_person, lang)
    return None
