"""The attribution of one Russian or French quote: its reporting verb and speaker phrase.

The conventions, nearest first (examples in Russian and French):

1. Right after the quote, behind a comma or a dash: ``«...», — сказал он``,
   ``«...», — заявил министр Сергей Лавров``, ``— ..., — добавила она``,
   ``« ... », a déclaré le ministre``, ``« ... », a-t-il dit``, ``« ... », selon X``,
   subject first too (``«...», — Лавров подчеркнул``); after a quote that ends its
   sentence, only a sentence that points back at it (``Об этом сообщил X.``).
2. Earlier in the quote's sentence, nearest verb first: ``Лавров заявил: «...»``,
   ``Как отметил Лавров, «...»``, ``По словам Сергея Лаврова, «...»``, ``Selon X,
   « ... »``, ``X a déclaré que « ... »``, ``Лавров заявил, что Москва «...»``.
3. A colon after a clause that opens with a person, no verb: ``Лавров был краток: «...»``.
4. A closing clause later in the sentence: ``Москва «готова к диалогу», заявил Лавров.``
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from storywire.tasks.enrich.quotes.attribution import Attribution
from storywire.tasks.enrich.quotes.lexicon import WEAK_LEMMAS
from storywire.tasks.enrich.quotes.marks import MASK, Span
from storywire.tasks.enrich.quotes.phrases_intl import (
    choose_speaker,
    clause_after,
    clause_before,
    person_after,
    sentence_end,
    sentence_start,
    tokens,
)
from storywire.tasks.enrich.quotes.profile import QuoteLanguage
from storywire.tasks.records import EntityMention

ACCORDING = "according to"
# Most words between a punctuation lead and the verb of a subject-first
# attribution ('«...», — Лавров подчеркнул'), and between a verb and its quote.
_MAX_LEAD_WORDS = 6
_MAX_TAIL_WORDS = 8
# With "что"/"que" the indirect speech may run on to a partial quote.
_MAX_INDIRECT_WORDS = 30
# ", Me " / ", M. " / ", Dr ": a title may open the apposition before the name.
_APPOSITION_RE = re.compile(r",\s*(?P<name>)(?:(?:M|Mme|Mlle|Me|Dr|Pr)\.?\s+)?")
_LEAD_RE = re.compile(r"[ \t]*(?:[,!?…][ \t]*)?(?:(?:[—–]|-(?=\s))[ \t]*)?")


@dataclass(frozen=True, slots=True)
class Verb:
    """A reporting verb or an "according to" phrase found in the masked body."""

    start: int
    end: int
    lemma: str
    pron: tuple[int, int] | None  # the pronoun inside "a-t-il déclaré"


@dataclass(frozen=True, slots=True)
class VerbIndex:
    """Every reporting verb of a masked body, in text order."""

    starts: list[int]
    verbs: list[Verb]

    def within(self, start: int, end: int) -> list[Verb]:
        i = bisect_left(self.starts, start)
        out: list[Verb] = []
        while i < len(self.verbs) and self.verbs[i].start < end:
            if self.verbs[i].end <= end:
                out.append(self.verbs[i])
            i += 1
        return out


def index_verbs(masked: str, entities: Sequence[EntityMention], lang: QuoteLanguage) -> VerbIndex:
    """The reporting verbs and "according to" phrases of a masked body, once per
    body; words inside an entity mention are names, not verbs."""
    spans = sorted((e.start, e.end) for e in entities)
    ends = list(accumulate((end for _, end in spans), max))  # running max: overlaps by bisect
    found: list[Verb] = []
    for match in lang.verb_re.finditer(masked):
        reading = lang.read_verb(match)
        if reading is not None:
            found.append(Verb(match.start(), match.end(), reading[0], reading[1]))
    has_pron = "pron" in lang.according_re.groupindex
    for match in lang.according_re.finditer(masked):
        pron = match.span("pron") if has_pron and match.group("pron") else None
        found.append(Verb(match.start(), match.end(), ACCORDING, pron))

    def in_name(v: Verb) -> bool:
        i = bisect_left(spans, (v.end, -1)) - 1
        return i >= 0 and ends[i] > v.start

    verbs = sorted((v for v in found if not in_name(v)), key=lambda v: v.start)
    return VerbIndex([v.start for v in verbs], verbs)


def _inverted(masked: str, verb: Verb, limit: int, entities, lang) -> tuple[int, int] | None:
    """Speaker of a verb that comes before its subject ("сказал он", "selon X"); a
    person in apposition right after a role wins over it ("a déclaré l'avocate de
    la partie civile, Me Hélène Carrasco")."""
    if verb.pron is not None:
        return verb.pron
    end = clause_after(masked, verb.end, limit, lang)
    np = choose_speaker(masked, verb.end, end, entities, lang, before_verb=False)
    if np is None or not any(e.label == "PERSON" and e.start <= np[0] and np[1] <= e.end for e in entities):
        named = person_after(masked, np[1] if np else verb.end, limit, entities, lang)
        if named is not None:
            return named.start, named.end
    if np is None and verb.lemma in lang.statement_lemmas:
        earlier = [e for e in entities if e.label == "ORG" and e.end <= verb.start]
        if earlier:  # "говорится в сообщении госкорпорации": the organization named last
            org = max(earlier, key=lambda e: e.end)
            return org.start, org.end
    if np is not None and not any(e.label == "PERSON" and (e.start, e.end) == np for e in entities):
        appos = _APPOSITION_RE.match(masked, end, limit)
        if appos is not None:
            name_at = (appos.end("name"), appos.end())  # the title inside the mention or not
            people = [e for e in entities if e.label == "PERSON" and e.start in name_at]
            if people:
                return people[0].start, people[0].end
    return np


def _subject(masked: str, left: int, verb: Verb, entities, lang) -> tuple[int, int] | None:
    """Subject of a verb that follows it, read in the clause before the verb; when
    that clause names nobody ("Лавров, выступая в Думе, заявил"), opens with a relative
    pronoun or a preposition (it says more of the noun before it: "X, dont Chypre est
    membre, a salué", "X, de l'EPFZ, juge", "X (CPT) du Conseil de l'Europe a dénoncé"),
    the clause before it, twice at most; an aside in brackets is passed over whole, and a
    comma right before the verb opens no clause."""
    if verb.pron is not None:
        return verb.pron
    end = verb.start
    before = masked[left:end].rstrip()
    if before.endswith(","):
        end = left + len(before) - 1
    for _ in range(3):
        start = clause_before(masked, left, end)
        lead = tokens(masked, start, end)[:1]
        aside = start > left and masked[start - 1] in ",)"  # a clause before it to go on to
        if lead and (lead[0][2].startswith(lang.relative_stems) or (aside and lead[0][2] in lang.prepositions)):
            np = None
        else:
            np = choose_speaker(masked, start, end, entities, lang, before_verb=True)
        if np is not None or start <= left or masked[start - 1] not in ",)":
            return np
        end = start - 1
        if masked[end] == ")":
            end = masked.rfind("(", left, end)
            if end < 0:
                return None
    return None


def _speaker_of(
    masked: str, verb: Verb, left: int, right: int, entities, lang: QuoteLanguage
) -> tuple[int, int] | None:
    """The speaker phrase of one verb whose sentence part is [left, right)."""
    if verb.lemma == ACCORDING:
        return _inverted(masked, verb, right, entities, lang)
    clause = clause_before(masked, left, verb.start)
    lead = tokens(masked, clause, verb.start)
    if (lead and all(t[2] in lang.inversion_leads for t in lead)) or (not lead and clause == left):
        # 'Как заявил Лавров, ...', 'a déclaré le ministre' or a subject in front.
        return _inverted(masked, verb, right, entities, lang)
    return _subject(masked, left, verb, entities, lang)


def _after(
    masked: str, span: Span, post_end: int, verbs: VerbIndex, entities, lang: QuoteLanguage
) -> Attribution | None:
    """Convention 1: the attribution right after the quote."""
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’" + MASK)
    last = inner[-1:]
    lead = _LEAD_RE.match(masked, span.close_end, post_end)
    pos = lead.end() if lead else span.close_end
    punct = masked[span.close_end : pos]
    ends_sentence = last == "." or masked[span.close_end : span.close_end + 1] == "."
    if ends_sentence and not punct.strip():
        return _anaphor(masked, span, verbs, entities, lang)
    if not (punct.strip() or last in ",!?…"):
        return None  # the quote runs on inside a longer phrase: a name or a title
    for verb in verbs.within(pos, post_end)[:1]:
        between = masked[pos : verb.start]
        if any(c in ';:«»"“”„' + MASK for c in between) or len(between.split()) > _MAX_LEAD_WORDS:
            return None
        if not between.strip() or verb.lemma == ACCORDING:
            np = _inverted(masked, verb, post_end, entities, lang)
        else:
            np = _subject(masked, pos, verb, entities, lang)
        if np is not None:
            return Attribution(verb.start, verb.end, verb.lemma, *np)
    return None


def _anaphor(
    masked: str, span: Span, verbs: VerbIndex, entities, lang: QuoteLanguage
) -> Attribution | None:
    """'«...». Об этом сообщил X.': the next sentence names the quote's speaker."""
    m = re.compile(r"\.?\s*").match(masked, span.close_end)
    start = m.end() if m else span.close_end
    ref = lang.anaphor_re.match(masked, start)
    if ref is None:
        return None
    end = sentence_end(masked, ref.end(), len(masked), lang)
    for verb in verbs.within(ref.end(), end)[:1]:
        if len(masked[ref.end() : verb.start].split()) > 3:
            return None
        np = _inverted(masked, verb, end, entities, lang)
        if np is not None:
            return Attribution(verb.start, verb.end, verb.lemma, *np)
    return None


def before_quote(
    masked: str, sent_start: int, open_start: int, verbs: VerbIndex, entities, lang: QuoteLanguage
) -> Attribution | None:
    """Convention 2: a verb earlier in the sentence, nearest first, whose words
    run on to the quote through a colon, a comma or "что"/"que"."""
    for verb in verbs.within(sent_start, open_start)[-4:][::-1]:
        np = _speaker_of(masked, verb, sent_start, open_start, entities, lang)
        if np is None:
            continue
        tail = masked[max(verb.end, np[1]) : open_start]
        if MASK in tail:
            continue  # another quote lies between: its attribution, not this one's
        words = [t[2] for t in tokens(tail, 0, len(tail))]
        stripped = tail.rstrip()
        immediate = not words or (
            len(words) <= _MAX_TAIL_WORDS
            and (stripped.endswith((":", ",")) or words[-1] in lang.subordinators)
        )
        # A strong verb carries its sentence: 'a jugé les annonces «insuffisantes»'.
        strong = verb.lemma not in WEAK_LEMMAS and len(words) <= _MAX_INDIRECT_WORDS
        # "По словам X, дефицит «...»": an according phrase governs its whole sentence.
        governs = verb.lemma == ACCORDING and not tokens(masked, sent_start, verb.start)
        indirect = len(words) <= _MAX_INDIRECT_WORDS and (
            governs or any(w in lang.subordinators for w in words[:4])
        )
        if immediate or indirect or strong:
            return Attribution(verb.start, verb.end, verb.lemma, *np)
    return None


def _colon(
    masked: str, sent_start: int, open_start: int, entities, lang: QuoteLanguage
) -> Attribution | None:
    """Convention 3: 'Лавров был краток: «...»' - a person opens the sentence."""
    lead_in = masked[sent_start:open_start].rstrip()
    if not lead_in.endswith(":") or MASK in lead_in:
        return None
    toks = tokens(masked, sent_start, sent_start + len(lead_in))
    if not toks:
        return None
    first = toks[0]
    if first[2] in lang.person_pronouns:
        np = (first[0], first[1])
    else:
        people = [e for e in entities if e.label == "PERSON" and e.start == first[0]]
        if not people:
            return None
        np = (people[0].start, people[0].end)
    if any(e.label == "PERSON" and np[1] <= e.start < open_start for e in entities):
        return None  # another person before the colon: the words may be theirs
    return Attribution(open_start, open_start, None, *np)


def _closing(
    masked: str, span: Span, post_end: int, verbs: VerbIndex, entities, lang: QuoteLanguage
) -> Attribution | None:
    """Convention 4: ', заявил Лавров.' closes the sentence the quote sits in."""
    for verb in verbs.within(span.close_end, post_end)[:3]:
        comma = max(masked.rfind(c, span.close_end, verb.start) for c in ",—–")
        if comma < 0:
            continue
        between = masked[comma + 1 : verb.start]
        if between.strip(" —–-"):
            np = _subject(masked, comma + 1, verb, entities, lang)
        else:
            np = _inverted(masked, verb, post_end, entities, lang)
        if np is not None:
            return Attribution(verb.start, verb.end, verb.lemma, *np)
    return None


def find_attribution(
    masked: str,
    span: Span,
    paragraphs: list[tuple[int, int]],
    entities: Sequence[EntityMention],
    verbs: VerbIndex,
    lang: QuoteLanguage,
) -> Attribution | None:
    """The attribution of one quote, nearest convention first (module docstring)."""
    open_para = paragraphs[span.paragraph]
    close_para = paragraphs[span.last_paragraph]
    sent_start = sentence_start(masked, open_para[0], span.open_start, lang)
    post_end = span.close_end
    if span.closed and span.close_end < close_para[1]:
        post_end = sentence_end(masked, span.close_end, close_para[1], lang)
        attr = _after(masked, span, post_end, verbs, entities, lang)
        if attr is not None:
            return attr
    attr = before_quote(masked, sent_start, span.open_start, verbs, entities, lang)
    if attr is None:
        attr = _colon(masked, sent_start, span.open_start, entities, lang)
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’" + MASK)
    if attr is None and post_end > span.close_end and inner[-1:] not in (".", "!", "?", "…"):
        attr = _closing(masked, span, post_end, verbs, entities, lang)
    return attr
