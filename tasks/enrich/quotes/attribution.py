"""The attribution of one quote: its reporting verb and the speaker phrase.

Reporting verbs are indexed once per masked body; each quote then tries the news
conventions nearest first (after the quote, before it in its sentence, a colon,
a closing clause), see ``find_attribution``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from storywire.tasks.enrich.quotes.lexicon import (
    ADJECTIVE_CONTEXT_RE,
    INVERTIBLE_LEMMAS,
    NOUN_CONTEXT_RE,
    NOUNISH_FORMS,
    OTHER_PARTY_RE,
    PRONOUNS,
    QUOTED_X_AS_RE,
    REPORTING_VERBS,
    TITLE_SMALL_WORDS,
    TITLE_WORD_RE,
    VERB_RE,
    WEAK_LEMMAS,
)
from storywire.tasks.enrich.quotes.marks import QUOTE_CHARS, Span
from storywire.tasks.enrich.quotes.phrases import (
    colon_subject,
    entity_in,
    leading_name,
    phrase_after,
    post_subject,
    sentence_subject,
    subject_before,
)
from storywire.tasks.enrich.quotes.sentences import (
    at_sentence_start,
    has_sentence_break,
    sentence_end,
    sentence_start,
    strip_span,
)
from storywire.tasks.records import EntityMention


@dataclass(frozen=True, slots=True)
class Attribution:
    """A reporting verb and the speaker phrase it attributes a quote to."""

    verb_start: int
    verb_end: int
    lemma: str | None  # None: a colon introduces the quote, no reporting verb
    np_start: int
    np_end: int


Verb = tuple[int, int, str, bool]  # start, end, lemma, is a participle ("adding")


def _nounish(masked: str, start: int, end: int, form: str) -> bool:
    """Whether an ambiguous -s form reads as a plural noun here."""
    if form not in NOUNISH_FORMS:
        return False
    before = masked[max(0, start - 40) : start]
    if NOUN_CONTEXT_RE.search(before):
        return True
    prev = before.split()[-1] if before.strip() else ""
    after_ok = re.match(r"\s*(?:that\b|[.,:;\"“”])", masked[end : end + 8]) is not None
    if prev.lower() in PRONOUNS:
        return False
    if form == "states":  # "Gulf states", "Baltic states": a name before is no help
        return re.match(r"\s*(?:that\b|:)", masked[end : end + 8]) is None
    return not (prev[:1].isupper() or after_ok)


@dataclass(frozen=True, slots=True)
class VerbIndex:
    """Every reporting verb of a masked body, found once, in text order."""

    starts: list[int]
    verbs: list[Verb]

    def within(self, start: int, end: int) -> list[Verb]:
        """The verbs lying entirely inside [start, end)."""
        i = bisect_left(self.starts, start)
        out: list[Verb] = []
        while i < len(self.verbs) and self.verbs[i][0] < end:
            if self.verbs[i][1] <= end:
                out.append(self.verbs[i])
            i += 1
        return out


def index_verbs(masked: str, entities: Sequence[EntityMention]) -> VerbIndex:
    """Find the reporting verbs once per body, so each quote's lookups are a
    bisect instead of a regex scan over its sentence."""
    spans = sorted((e.start, e.end) for e in entities)
    ends = [0] * len(spans)
    for i, (_, end) in enumerate(spans):
        ends[i] = max(end, ends[i - 1]) if i else end  # running max: overlaps by bisect
    verbs: list[Verb] = []
    for match in VERB_RE.finditer(masked):
        m_start, m_end = match.span()
        i = bisect_left(spans, (m_end, -1)) - 1
        if i >= 0 and ends[i] > m_start:
            continue  # part of a name: "Edward Said"
        if masked[m_start].isupper() and not at_sentence_start(masked, m_start):
            continue  # "the United States", "Edward Said" without an entity list
        if match.group("quoted"):
            verbs.append((m_start, m_end, "say", False))
            continue
        form = " ".join(match.group("verb").lower().split())
        if _nounish(masked, m_start, m_end, form) or ADJECTIVE_CONTEXT_RE.search(
            masked, max(0, m_start - 12), m_start
        ):
            continue  # a plural noun ("all states") or an adjective ("a noted expert")
        lemma = REPORTING_VERBS[form]
        verbs.append((m_start, m_end, lemma, form.endswith("ing") and lemma != "according to"))
    return VerbIndex([v[0] for v in verbs], verbs)


def attribution_at(
    masked: str,
    verb: Verb,
    left: int,
    right: int,
    entities: Sequence[EntityMention],
    *,
    inverted_ok: bool,
) -> Attribution | None:
    """The speaker phrase of one reporting verb, read within [left, right)."""
    v_start, v_end, lemma, participle = verb
    if lemma == "according to":
        np = phrase_after(masked, v_end, right)
    elif participle:
        # '..., adding: "..."' - the speaker is the sentence's own subject.
        np = sentence_subject(masked, left, v_start, entities)
    else:
        np = subject_before(masked, left, v_start)
        if np is None and re.search(r"\b(?:and|but|then)\s*$", masked[left:v_start], re.I):
            # 'He appeared on TV and said, "..."'
            np = sentence_subject(masked, left, v_start, entities)
        if np is None and inverted_ok and lemma in INVERTIBLE_LEMMAS:
            np = phrase_after(masked, v_end, right)
            if np is not None and not entity_in(entities, np, "PERSON"):
                # 'said the ministry's spokesman, John Smith.'
                appos = re.match(r",\s*", masked[np[1] : right])
                if appos:
                    at = np[1] + appos.end()
                    person = [e for e in entities if e.label == "PERSON" and e.start == at]
                    if person:
                        np = (person[0].start, person[0].end)
    return Attribution(v_start, v_end, lemma, *np) if np else None


def looks_like_title(quote: str) -> bool:
    """Whether quoted text reads as a title or a name ("The Man in the Iron Mask",
    "Hamlet", "Iron Lady"): at most eight words, all capitalized but small ones."""
    words = TITLE_WORD_RE.findall(quote)
    if not words or len(words) > 8 or quote.rstrip()[-1:] in "!?":
        return False
    if len(words) == 1 and not quote.rstrip()[-1:].isalnum():
        return False  # "Please." / "Yes," are said, "Hamlet" is staged
    return all(
        word[0].isupper() or (i and word.lower() in TITLE_SMALL_WORDS)
        for i, word in enumerate(words)
    )


def _only_punct_between(masked: str, start: int, end: int) -> bool:
    """Whether masked[start:end] holds nothing but punctuation, space or 'that'."""
    return masked[start:end].strip(" \t\n,:;—–-") in ("", "that")


def _may_attribute_after(masked: str, span: Span, verb: Verb, post_end: int) -> bool:
    """Whether the clause right after a quote can be its attribution.

    The quote must end the way attributed quotes end: punctuation inside the
    marks (``,"`` ``?"`` ``!"``) or a comma or dash after them; in ``the "Face the
    Nation" program, Powell said`` the quote is a title inside a longer phrase.
    After ``."`` a clause is usually a new sentence (``." The White House says it
    will ...``), so it counts only when short: ``"..." Mr Karzai said.``
    """
    lead = masked[span.close_end : verb[0]]
    # Titles quoted inside the attribution ('the "Pose" actor said') are fine,
    # another quote right after this one is not.
    if (
        len(lead.split()) > 25
        or lead.lstrip(" \n,—–-")[:1] in QUOTE_CHARS
        or has_sentence_break(re.sub(r"``|''|[\"“”]", "", lead))
    ):
        return False
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’")  # nested closers: ?’”
    last = inner[-1:]
    comma_after = lead.lstrip()[:1] in (",", "—", "–", "-", "_")
    if not comma_after and last not in (",", "?", "!", ".", "…", "—", "–", "-"):
        # A dropped comma ('"... to see" Mayer said.') still counts when the whole
        # rest of the sentence is a short name or pronoun and the verb.
        words = lead.split()
        rest = masked[verb[1] : post_end].split()
        return (
            0 < len(words) <= 3
            and (words[0][0].isupper() or words[0].lower() in PRONOUNS)
            and len(rest) <= 3
        )
    if last == "." and not comma_after:
        rest_text = masked[verb[1] : post_end]
        rest = rest_text.split()
        if len(rest) > 8 or (rest and rest[0].lower() == "that"):
            return False
        if rest_text.lstrip(" \n,:")[:1] in QUOTE_CHARS:
            return False  # '." He added, "...': that attribution opens the next quote
    return True


def find_attribution(
    masked: str,
    span: Span,
    paragraphs: list[tuple[int, int]],
    entities: Sequence[EntityMention],
    verbs: VerbIndex,
    *,
    title: bool = False,
) -> Attribution | None:
    """The attribution of one quote, nearest convention first. A ``title``
    (Title Case words: a work, a nickname) only takes an attribution that
    touches it, not one read from elsewhere in the sentence."""
    open_para = paragraphs[span.paragraph]
    close_para = paragraphs[span.last_paragraph]
    sent_start = sentence_start(masked, open_para[0], span.open_start)
    post_end = span.close_end
    post_verbs: list[Verb] = []
    if span.closed:
        post_end = sentence_end(masked, span.close_end, close_para[1])
        post_verbs = verbs.within(span.close_end, post_end)

    # 1. Right after the quote: '"...," Aliyev said', '," said Kibwana',
    #    '," according to X', '," Smith, a spokesman for X, said'.
    if post_verbs and _may_attribute_after(masked, span, post_verbs[0], post_end):
        verb = post_verbs[0]
        if _only_punct_between(masked, span.close_end, verb[0]) or verb[2] == "according to":
            attr = attribution_at(
                masked, verb, span.close_end, post_end, entities, inverted_ok=True
            )
        else:
            np = post_subject(masked, span.close_end, verb[0], entities)
            if np is not None and verb[3]:
                # '," Benioff weighed in, telling Cook': the clause's subject leads it.
                np = leading_name(masked, np, entities)
            attr = Attribution(verb[0], verb[1], verb[2], *np) if np else None
        if attr:
            return attr

    # 2. Before the quote in the same sentence, nearest verb first:
    #    'Aliyev said: "..."', 'Aliyev stated that Baku will "go all the way"'.
    quoted_x = list(QUOTED_X_AS_RE.finditer(masked, sent_start, span.open_start))
    for verb in verbs.within(sent_start, span.open_start)[-4:][::-1]:
        tail = masked[verb[1] : span.open_start]
        immediate = not tail.strip() or (
            len(tail.split()) <= 8 and tail.rstrip().endswith((":", ",", "that"))
        )
        if not immediate and (
            title or ((verb[2] in WEAK_LEMMAS or verb[3]) and not re.match(r"\s+that\b", tail))
        ):
            continue  # weak verbs, participles ("a voice telling him"), titles: adjacent only
        if verb[2] == "call" and not tail.strip():
            continue  # naming, not speech: 'a show called "Ask Dr. Mike"'
        source = re.search(r"\bfrom\b", tail)
        if source and (
            OTHER_PARTY_RE.search(tail, source.end())
            or entity_in(entities, (verb[1] + source.end(), span.open_start), "PERSON")
        ):
            continue  # 'recalled advice from her mentor Joseph Ndungu: "..."'
        if quoted_x and quoted_x[-1].end() >= verb[1]:
            m = quoted_x[-1]
            return Attribution(verb[0], verb[1], "say", m.start("np"), m.end("np"))
        attr = attribution_at(
            masked, verb, sent_start, span.open_start, entities,
            inverted_ok=verb[0] - sent_start < 3,
        )  # fmt: skip
        if attr:
            return attr

    # 3. A colon after a clause whose subject is a person, no reporting verb:
    #    'Grace Mwangi struck a defiant tone: "We are not going anywhere."'.
    np = colon_subject(masked, sent_start, span.open_start, entities)
    if np is not None:
        return Attribution(span.open_start, span.open_start, None, *np)

    # 4. A closing attribution clause later in the sentence:
    #    'Baku will "go all the way" if Armenia stays, Aliyev said.' Not after a
    #    quote that ends its own sentence ('..."' + new sentence).
    inner = masked[span.open_end : span.close_start].rstrip(" \n'’")
    if title or inner[-1:] in (".", "!", "?"):
        return None
    for verb in post_verbs[:4]:
        clause_start = masked.rfind(",", span.close_end, verb[0])
        if clause_start < 0 or (verb[2] in WEAK_LEMMAS and verb is post_verbs[0]):
            continue
        if re.match(r"\s*(?:which|who|whom|whose|that|what)\b", masked[clause_start + 1 :], re.I):
            continue  # a relative clause: '..., which Cahill calls "..."'
        attr = attribution_at(
            masked, verb, clause_start + 1, post_end, entities,
            inverted_ok=_only_punct_between(masked, clause_start + 1, verb[0]),
        )  # fmt: skip
        if attr:
            return attr
    return None


def previous_sentence_attribution(
    masked: str, p_start: int, pos: int, entities: Sequence[EntityMention], index: VerbIndex
) -> Attribution | None:
    """Attribution of the sentence that ends right before ``pos``: a closing
    ``, he said.`` clause or a ``Smith said (that) ...`` opening."""
    _, end = strip_span(masked, p_start, pos)
    if end <= p_start or masked[end - 1] not in ".!?":
        return None
    s_start = sentence_start(masked, p_start, end - 1)
    verbs = index.within(s_start, end)
    if not verbs:
        return None
    last = verbs[-1]
    clause = masked.rfind(",", s_start, last[0])
    if clause >= 0 and len(masked[last[1] : end].split()) <= 6:
        attr = attribution_at(masked, last, clause + 1, end, entities, inverted_ok=False)
        if attr is None and _only_punct_between(masked, clause + 1, last[0]):
            np = phrase_after(masked, last[1], end)  # ', said the mayor.'
            if np and not masked[np[1] : end].strip(" .!?"):
                attr = Attribution(last[0], last[1], last[2], *np)
        if attr:
            return attr
    first = verbs[0]
    if first[2] in WEAK_LEMMAS and not re.match(r"\s+that\b", masked[first[1] : end]):
        return None
    return attribution_at(masked, first, s_start, end, entities, inverted_ok=False)
