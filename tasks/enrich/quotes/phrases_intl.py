"""Sentences and speaker phrases of Russian and French copy, read in the masked body.

A speaker phrase is chosen inside one clause (between delimiters) next to a
reporting verb, in a fixed order of evidence: a pronoun touching the verb, a
PERSON mention, a role ("министр иностранных дел", "le porte-parole du
Kremlin"), an ORG/GPE/NORP mention, capitalized words. A mention right after a
preposition ("в беседе с Иваном Петровым", "à Jean Dupont") is a modifier, never
the speaker. Returns (start, end) offsets; ``speakers_intl`` resolves them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

from storywire.tasks.enrich.quotes.marks import MASK
from storywire.tasks.enrich.quotes.profile import QuoteLanguage, fold
from storywire.tasks.records import EntityMention

# French elisions ("l'", "d'", "qu'") are words of their own; hyphens stay inside.
WORD_RE = re.compile(r"(?:qu|[ldjnsmtc])['’](?=\w)|\w(?:[\w-]|['’](?=\w))*", re.I)
# Characters that end a clause when reading a speaker phrase.
CLAUSE_BREAKS = ',;:()[]«»"“”„—–\n' + MASK
# Longest stretch (characters) read on either side of a position.
_WINDOW = 600
# A sentence ends at terminal punctuation (and closing marks) before white space
# and a capital, a digit, a dash or an opening mark.
_SENT_END_RE = re.compile(r"[.!?…]+(?:[»\"”“’')\]" + MASK + r"])*(?=\s+[—–«„\"“(\[\w-])")
Token = tuple[int, int, str]  # start, end, folded word


def tokens(masked: str, start: int, end: int) -> list[Token]:
    """(start, end, folded word) of each word of masked[start:end]. The text after
    ``end`` stays visible, so that "l'" before "a dit" is still an elision."""
    out: list[Token] = []
    for m in WORD_RE.finditer(masked, start):
        if m.start() >= end:
            break
        out.append((m.start(), min(m.end(), end), fold(masked[m.start() : min(m.end(), end)])))
    return out


def _is_abbreviation(masked: str, dot: int, lang: QuoteLanguage) -> bool:
    j = dot
    while j > 0 and (masked[j - 1].isalpha() or masked[j - 1] == "."):
        j -= 1
    word = masked[j:dot]
    return len(word) == 1 or fold(word) in lang.abbreviations


@lru_cache(maxsize=8)
def _sentence_marks(masked: str, lang: QuoteLanguage) -> tuple[list[int], list[int]]:
    """Sentence starts and terminal positions, computed once per body."""
    starts: list[int] = []
    for m in _SENT_END_RE.finditer(masked):
        nxt = m.end()
        while nxt < len(masked) and masked[nxt].isspace():
            nxt += 1
        if nxt < len(masked) and masked[nxt].islower():
            continue  # "т. е. в ...": not a new sentence
        if masked[m.start()] == "." and _is_abbreviation(masked, m.start(), lang):
            continue
        starts.append(m.end())
    terminals = [
        i
        for i, ch in enumerate(masked)
        if ch in "!?…" or (ch == "." and not _is_abbreviation(masked, i, lang))
    ]
    return starts, terminals


def sentence_start(masked: str, para_start: int, pos: int, lang: QuoteLanguage) -> int:
    """Start of the sentence containing ``pos``, within its paragraph."""
    starts, _ = _sentence_marks(masked, lang)
    i = bisect_right(starts, pos) - 1
    start = max(starts[i] if i >= 0 else 0, para_start, pos - _WINDOW)
    while start < pos and masked[start].isspace():
        start += 1
    return start


def sentence_end(masked: str, pos: int, para_end: int, lang: QuoteLanguage) -> int:
    """End (exclusive) of the sentence running on from ``pos``."""
    _, terminals = _sentence_marks(masked, lang)
    i = bisect_left(terminals, pos)
    end = terminals[i] + 1 if i < len(terminals) and terminals[i] < para_end else para_end
    return min(end, pos + _WINDOW)


def clause_after(masked: str, start: int, limit: int, lang: QuoteLanguage | None = None) -> int:
    """End of the clause that starts at ``start``: the first delimiter or ``limit``; with
    ``lang``, the period of an abbreviation (``M. Rioux``) is no delimiter."""
    for i in range(start, limit):
        if masked[i] in CLAUSE_BREAKS or (
            masked[i] == "." and i + 1 < limit and masked[i + 1].isspace()
            and not (lang is not None and _is_abbreviation(masked, i, lang))
        ):
            return i
    return limit


def clause_before(masked: str, left: int, end: int) -> int:
    """Start of the clause that ends at ``end``: after the last delimiter, or ``left``."""
    for i in range(end - 1, left - 1, -1):
        if masked[i] in CLAUSE_BREAKS:
            return i + 1
    return left


def _after_preposition(toks: list[Token], at: int, lang: QuoteLanguage) -> bool:
    """Whether the word right before offset ``at``, past its determiner, is a preposition
    ("de l'École polytechnique" is no subject)."""
    before = [t for t in toks if t[1] <= at]
    if before and before[-1][2] in lang.determiners:
        before.pop()
    return bool(before) and before[-1][2] in lang.prepositions


def is_role(word: str, lang: QuoteLanguage) -> bool:
    """Whether a folded word heads a role ("министра", "porte-parole")."""
    return word not in lang.stop_words and word.startswith(lang.role_stems)


def _role_phrase(
    masked: str, toks: list[Token], lang: QuoteLanguage, *, last: bool
) -> tuple[int, int] | None:
    """A role phrase: a role word (with its determiner) and the words that follow
    it up to a stop word, ten words at most ("le ministre de l'Intérieur",
    "официальный представитель МИД России")."""
    starts = [
        i
        for i, t in enumerate(toks)
        if is_role(t[2], lang) and not (i and toks[i - 1][2] in lang.prepositions)
    ]
    if not starts:
        return None
    i = starts[-1] if last else starts[0]
    # Earlier role words of the same phrase ("первый заместитель министра").
    while i and is_role(toks[i - 1][2], lang):
        i -= 1
    begin = i - 1 if i and toks[i - 1][2] in lang.determiners else i
    end = toks[i][1]
    for t in toks[i + 1 : i + 10]:
        if t[2] in lang.stop_words and t[2] not in lang.link_words:
            break
        if any(c in CLAUSE_BREAKS for c in masked[end : t[0]]):
            break
        end = t[1]
    # A phrase does not end on a linking word ("le ministre de").
    while end > toks[i][1]:
        tail = [t for t in toks if t[1] == end]
        if not tail or tail[0][2] not in lang.link_words:
            break
        end = max((t[1] for t in toks if t[1] < tail[0][0]), default=toks[i][1])
    return toks[begin][0], end


def _capitalized_run(toks: list[Token], masked: str, *, last: bool) -> tuple[int, int] | None:
    """Up to four adjacent capitalized words (a name the recognizer missed)."""
    runs: list[tuple[int, int]] = []
    run: list[Token] = []
    for t in [*toks, None]:
        if t is not None and masked[t[0]].isupper() and len(run) < 4:
            if run and masked[run[-1][1] : t[0]].strip():
                runs.append((run[0][0], run[-1][1]))
                run = []
            run.append(t)
            continue
        if run:
            runs.append((run[0][0], run[-1][1]))
            run = []
    if not runs:
        return None
    return runs[-1] if last else runs[0]


def choose_speaker(
    masked: str,
    start: int,
    end: int,
    entities: Sequence[EntityMention],
    lang: QuoteLanguage,
    *,
    before_verb: bool,
) -> tuple[int, int] | None:
    """The speaker phrase inside the clause [start, end) next to a reporting verb.

    ``before_verb``: the clause ends at the verb (subject first, the nearest
    candidate wins); otherwise it starts after the verb (inverted, the first).
    """
    toks = tokens(masked, start, end)
    if not toks:
        return None
    pronouns = lang.person_pronouns | lang.group_pronouns
    # A pronoun touching the verb: "он заявил", "сказал он", "il a déclaré".
    content = [t for t in toks if t[2] not in lang.stop_words or t[2] in pronouns]
    if content:
        near = content[-1] if before_verb else content[0]
        if near[2] in pronouns:
            return near[0], near[1]
    inside = [
        e
        for e in entities
        if start <= e.start and e.end <= end and not _after_preposition(toks, e.start, lang)
    ]
    people = [e for e in inside if e.label == "PERSON"]
    if people:
        pick = people[-1] if before_verb else people[0]
        return pick.start, pick.end
    role = _role_phrase(masked, toks, lang, last=before_verb)
    if role is not None:
        return role
    others = [e for e in inside if e.label in ("ORG", "GPE", "NORP")]
    if others:
        pick = others[-1] if before_verb else others[0]
        return pick.start, pick.end
    impersonal = [
        e
        for e in entities
        if start <= e.start
        and e.end <= end
        and e.label == "ORG"
        and [t[2] for t in toks if t[1] <= e.start][-1:] in ([p] for p in lang.impersonal_preps)
    ]
    if impersonal:
        return impersonal[0].start, impersonal[0].end
    covered = [(e.start, e.end) for e in entities]
    names = [
        t
        for i, t in enumerate(toks)
        if t[2] not in lang.stop_words | lang.determiners
        and not (i and toks[i - 1][2] in lang.prepositions)
        and not any(s <= t[0] < e for s, e in covered)
    ]
    run = _capitalized_run(names, masked, last=before_verb)
    if run is None and before_verb:
        return _common_noun(toks, lang)
    return run


def _common_noun(toks: list[Token], lang: QuoteLanguage) -> tuple[int, int] | None:
    """A determiner and up to three words ending at the verb: "le tribunal",
    "la direction de Lactalis" (languages with articles only)."""
    for i in range(len(toks) - 1, max(-1, len(toks) - 6), -1):
        if toks[i][2] in lang.determiners:
            rest = toks[i + 1 :]
            if rest and not any(t[2] in lang.stop_words for t in rest):
                return toks[i][0], toks[-1][1]
            return None
    return None


#: Words at most between a speaker phrase and the name it goes on to give.
_MAX_APPOSED_WORDS = 8


def person_after(
    masked: str, end: int, limit: int, entities: Sequence[EntityMention], lang: QuoteLanguage
) -> EntityMention | None:
    """The PERSON a speaker phrase ending at ``end`` goes on to name before ``limit``:
    ``главный тренер «Авангарда» Олег Бурцев``, ``le commandant du PGHM, le capitaine Lionel
    Berthod``. Only titles, determiners, linking words, prepositions, names and quoted names
    may come between (eight words, one comma at most, no sentence end): "выступая перед
    Сергеем Лавровым" names someone else."""
    for e in sorted(entities, key=lambda e: e.start):
        if e.start < end or e.label != "PERSON":
            continue
        gap = masked[end : e.start]
        if e.end > limit or gap.count(",") > 1 or re.search(r"[.!?;:…]", gap):
            return None
        words = tokens(masked, end, e.start)
        if len(words) > _MAX_APPOSED_WORDS or not all(
            w[2] in lang.determiners or w[2] in lang.link_words or w[2] in lang.prepositions
            or is_role(w[2], lang) or masked[w[0]].isupper() or MASK in masked[w[0] : w[1]]
            for w in words
        ):
            return None
        return e
    return None
