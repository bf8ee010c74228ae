"""The composer: pair the marks, find each quote's attribution, resolve its speaker.

English (``language`` "en" or None) runs the English machinery; Russian and French
run the shared guillemet machinery (``marks_intl``, ``attribution_intl``,
``speakers_intl``) with their own lexicon; any other language gets its quotes
paired by the guillemet scanner (every double mark, no dialogue dashes) with no
speaker: English reporting verbs would misread its words, and a quote without a
speaker is honest where a wrong speaker is not.
"""

from __future__ import annotations

from collections.abc import Sequence

from storywire.tasks.enrich.quotes.attribution import (
    Attribution,
    find_attribution,
    index_verbs,
    looks_like_title,
)
from storywire.tasks.enrich.quotes.intl import extract_intl
from storywire.tasks.enrich.quotes.lexicon import NAMING_RE
from storywire.tasks.enrich.quotes.marks import mask_quotes, scan_quotes
from storywire.tasks.enrich.quotes.sentences import paragraph_spans, strip_span
from storywire.tasks.enrich.quotes.speakers import (
    Context,
    Speaker,
    attributed_speaker,
    inherited_speaker,
    quote_mention,
)
from storywire.tasks.records import EntityMention, QuoteMention


def extract_quotes(
    body: str, entities: Sequence[EntityMention] = (), *, language: str | None = "en"
) -> list[QuoteMention]:
    """Every direct quotation in ``body``, in order, with speaker and reporting verb.

    ``language`` (an ISO 639-1 code, a region suffix allowed: "ru-RU") picks the
    marks and words (module docstring); the rest of this docstring is English's.
    Reporting-verb lemmas are English in every language ("заявил" -> "state").

    ``body`` is paragraphs separated by blank lines (single ``\\n`` hard breaks
    inside a paragraph are fine; tab-indented raw wire paragraphs too).
    ``entities`` are the story's mentions; only ``field == "body"`` ones are used.
    They give ``speaker_canonical``/``speaker_key``; without them the speaker text
    is still found and the canonical is None. Offsets are exact:
    ``body[q.start:q.end] == q.text``, the text between the marks, trimmed.
    ``paragraph`` is the 0-based index of the paragraph where the quote opens.

    Attribution, nearest convention first: right after the quote (``"...,"
    Aliyev said`` / ``said Kibwana`` / ``according to X``); a reporting verb
    earlier in the same sentence (``Aliyev said: "..."``, ``Aliyev stated that
    Baku will "go all the way"``); a colon after a person's clause; a closing
    ``, X said`` clause later in the sentence; then the inheritance rules of the
    package docstring. A speaker
    phrase resolves to a mention inside it (PERSON anywhere outside a modifier,
    ORG/GPE/NORP only as its head), else by surname or head noun to a known
    canonical; a common-noun speaker ("the ministry") keeps its text with
    canonical None unless its head noun names an earlier ORG.
    """
    if not body:
        return []
    ents = [e for e in entities if e.field == "body"]
    for e in ents:
        if not 0 <= e.start < e.end <= len(body):
            raise ValueError(
                f"entity mention {e.text!r} has offsets {e.start}:{e.end} outside the "
                f"body ({len(body)} characters): mentions must index this body"
            )
    code = (language or "en").lower().replace("_", "-").split("-")[0]
    if code != "en":
        return extract_intl(body, ents, code)
    paragraphs = paragraph_spans(body)
    spans = scan_quotes(body, paragraphs) if paragraphs else []
    if not spans:
        return []
    masked = mask_quotes(body, spans)
    in_quote = {
        id(e): any(s.open_end <= e.start and e.end <= s.close_start for s in spans) for e in ents
    }

    ctx = Context(body, masked, paragraphs, spans, ents, in_quote, index_verbs(masked, ents))
    results: list[QuoteMention] = []
    attributions: list[Attribution | None] = []
    speakers: list[Speaker | None] = []
    last_person: Speaker | None = None
    for index, span in enumerate(spans):
        if NAMING_RE.search(masked, max(0, span.open_start - 30), span.open_start):
            attr, speaker = None, None  # 'a report titled "..."': a name, not speech
        else:
            title = looks_like_title(body[span.open_end : span.close_start])
            attr = find_attribution(masked, span, paragraphs, ents, ctx.verbs, title=title)
            if attr is not None:
                speaker = attributed_speaker(ctx, attr, last_person)
            elif title:
                speaker = None
            else:
                speaker = inherited_speaker(ctx, index, attributions, speakers, last_person)
        attributions.append(attr)
        speakers.append(speaker)
        if speaker is not None and speaker.entity is not None and speaker.entity.label == "PERSON":
            last_person = speaker
        start, end = strip_span(body, span.open_end, span.close_start)
        if start >= end:
            continue  # empty quote marks
        results.append(quote_mention(body, start, end, speaker, span.paragraph))
    return results
