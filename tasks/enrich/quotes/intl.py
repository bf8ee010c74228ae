"""The composer for Russian, French and other non-English copy.

Same steps and output as English (``extract``): pair the marks, mask the quote
interiors, find each quote's attribution, resolve or inherit its speaker. One
difference: Russian and French set names in guillemets (``компания «Газпром»``,
``le parti « Renaissance »``) far more than English sets titles in quotes, so an
unattributed quote that reads as a name (a naming word before it, the whole
interior one entity mention, or at most four capitalized-first words with no
punctuation) is left out rather than returned as speech.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from storywire.tasks.enrich.quotes.attribution import Attribution
from storywire.tasks.enrich.quotes.attribution_intl import find_attribution, index_verbs
from storywire.tasks.enrich.quotes.lexicon_fr import FRENCH
from storywire.tasks.enrich.quotes.lexicon_ru import RUSSIAN
from storywire.tasks.enrich.quotes.marks import Span, mask_quotes
from storywire.tasks.enrich.quotes.marks_intl import scan_quotes_intl
from storywire.tasks.enrich.quotes.profile import QuoteLanguage
from storywire.tasks.enrich.quotes.sentences import paragraph_spans, strip_span
from storywire.tasks.enrich.quotes.speakers import Context, Speaker, quote_mention
from storywire.tasks.enrich.quotes.speakers_intl import attributed, inherited
from storywire.tasks.records import EntityMention, QuoteMention

#: The languages with their own marks and words; others get marks only.
LANGUAGES: dict[str, QuoteLanguage] = {"ru": RUSSIAN, "fr": FRENCH}
_NAME_WORDS = 4
_NAME_PUNCT_RE = re.compile(r"[.,!?…;:]")


def _named(
    body: str, span: Span, start: int, end: int, entities: Sequence[EntityMention],
    lang: QuoteLanguage | None,
) -> bool:  # fmt: skip
    """Whether a quote is a name whatever its sentence says: a naming word before it
    ("компания", "le parti"), or its whole interior is one entity mention."""
    if span.open_end == span.open_start or body[span.open_start] in "—–-":
        return False  # dialogue: speech by construction
    before = max(0, span.open_start - 40)
    if lang is not None and lang.naming_re.search(body, before, span.open_start):
        return True
    # Entities are sorted by start (extract_intl); only those starting near may cover it.
    i = bisect_right(entities, start, key=lambda e: e.start)
    return any(e.start <= start and end <= e.end for e in entities[max(0, i - 8) : i])


def _short_name(body: str, span: Span, start: int, end: int) -> bool:
    """At most four words, capitalized, no punctuation, right after a word (not
    after a colon, not opening a sentence): a name unless someone said it."""
    if span.open_end == span.open_start or body[span.open_start] in "—–-":
        return False
    text = body[start:end]
    before = body[max(0, span.open_start - 3) : span.open_start].rstrip()
    return (
        len(text.split()) <= _NAME_WORDS
        and text[:1].isupper()
        and not _NAME_PUNCT_RE.search(text)
        and before[-1:].isalnum()
    )


def _name_span(
    body: str, span: Span, entities: Sequence[EntityMention], lang: QuoteLanguage | None
) -> bool:
    """Whether a quote is a name before any attribution is read: a naming word or a
    mention covers it, or it is short, capitalized and right after a word, and no
    dash follows it ("тайфуна «Кирога», сообщили", but not "«Никогда», — сказал он"
    or "заявила: «Никаких уступок»")."""
    start, end = strip_span(body, span.open_end, span.close_start)
    if start >= end:
        return False
    if _named(body, span, start, end, entities, lang):
        return True
    after = body[span.close_end : span.close_end + 4].lstrip(" \t,")
    return (
        span.closed
        and _short_name(body, span, start, end)
        and not after.startswith(("—", "–", "-"))
    )


def _blank_marks(masked: str, spans: Sequence[Span]) -> str:
    """``masked`` with the marks of name quotes blanked, their words left readable."""
    chars = list(masked)
    for span in spans:
        for i in (*range(span.open_start, span.open_end), *range(span.close_start, span.close_end)):
            chars[i] = " "
    return "".join(chars)


def _inside_quotes(entities: Sequence[EntityMention], spans: Sequence[Span]) -> dict[int, bool]:
    """Whether each mention lies inside a quote (spans are disjoint, in text order)."""
    opens = [s.open_end for s in spans]
    inside: dict[int, bool] = {}
    for e in entities:
        i = bisect_right(opens, e.start) - 1
        inside[id(e)] = i >= 0 and e.end <= spans[i].close_start
    return inside


def extract_intl(body: str, entities: list[EntityMention], code: str) -> list[QuoteMention]:
    """Quotes of a non-English body (``extract_quotes`` checked its arguments)."""
    lang = LANGUAGES.get(code)
    entities = sorted(entities, key=lambda e: (e.start, e.end))
    paragraphs = paragraph_spans(body)
    if not paragraphs:
        return []
    spans = scan_quotes_intl(
        body,
        paragraphs,
        dashes=lang is not None,
        verb_re=lang.verb_re if lang is not None else None,
    )
    # Names in guillemets are read as words of their sentence ("главный инженер
    # «Россети Урал» Олег Бармин"), not as quotes: unmasked, their marks blanked.
    is_name = [_name_span(body, s, entities, lang) for s in spans]
    named = [s for s, name in zip(spans, is_name, strict=True) if name]
    spans = [s for s, name in zip(spans, is_name, strict=True) if not name]
    if not spans:
        return []
    masked = _blank_marks(mask_quotes(body, spans), named)
    in_quote = _inside_quotes(entities, spans)
    verbs = index_verbs(masked, entities, lang) if lang is not None else None
    ctx = Context(body, masked, paragraphs, spans, entities, in_quote, verbs)  # type: ignore[arg-type]
    results: list[QuoteMention] = []
    attributions: list[Attribution | None] = []
    speakers: list[Speaker | None] = []
    last_person: Speaker | None = None
    for index, span in enumerate(spans):
        attr: Attribution | None = None
        speaker: Speaker | None = None
        start, end = strip_span(body, span.open_end, span.close_start)
        if lang is not None and verbs is not None:
            attr = find_attribution(masked, span, paragraphs, entities, verbs, lang)
            if attr is not None:
                speaker = attributed(ctx, attr, last_person, lang)
            else:
                speaker = inherited(ctx, index, attributions, speakers, last_person, lang)
        attributions.append(attr)
        speakers.append(speaker)
        if speaker is not None and speaker.entity is not None and speaker.entity.label == "PERSON":
            last_person = speaker
        if start >= end or (speaker is None and _short_name(body, span, start, end)):
            continue  # empty marks, or a name in guillemets
        results.append(quote_mention(body, start, end, speaker, span.paragraph))
    return results
