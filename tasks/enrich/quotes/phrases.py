"""The speaker noun phrase next to a reporting verb or before a colon.

Reads the masked body (quote interiors blanked) word by word from the verb,
stopping at delimiters and function words; returns (start, end) offsets only,
resolving them to entities is the job of ``speakers``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storywire.tasks.enrich.quotes.lexicon import (
    AUX_RE,
    COLON_LEAD_RE,
    DETERMINERS,
    NP_LINKS,
    OTHER_PARTY_RE,
    PRONOUNS,
    STOP_WORDS,
)
from storywire.tasks.enrich.quotes.marks import DELIMITERS, MASK, QUOTE_CHARS, WORD_BREAKS
from storywire.tasks.enrich.quotes.sentences import is_abbreviation, strip_span
from storywire.tasks.records import EntityMention

_WORD_RE = re.compile(r"\w[\w.'’&-]*")
_SPACE_RE = re.compile(r"\s+")


def _words(text: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``text``, which starts at ``offset``."""
    return [(offset + m.start(), offset + m.end(), m.group()) for m in _WORD_RE.finditer(text)]


def low_word(word: str) -> str:
    """A word as the word lists spell it: lowercase, no trailing full stop ("Gen.")."""
    return word.rstrip(".").lower()


def _capitalized_after(masked: str, pos: int) -> bool:
    """Whether the word starting at ``pos`` (after spaces) is capitalized."""
    while pos < len(masked) and masked[pos].isspace():
        pos += 1
    return pos < len(masked) and masked[pos].isupper()


def _subject_end(masked: str, left: int, verb_start: int) -> int:
    """Where the subject before a verb ends: before auxiliaries and adverbs
    ("has also said") and a trailing parenthetical ("the IMF (IMF) said")."""
    near = max(left, verb_start - 120)  # auxiliaries sit right before the verb
    segment = masked[near:verb_start]
    aux = AUX_RE.search(segment)
    end = near + (aux.start() if aux else len(segment))
    _, end = strip_span(masked, left, end)
    if end > left and masked[end - 1] == ")":
        paren = masked.rfind("(", left, end)
        if paren > left:
            _, end = strip_span(masked, left, paren)
    return end


def subject_before(masked: str, left: int, verb_start: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before a reporting verb.

    Reads backwards from the verb: skips auxiliaries and adverbs, handles one
    appositive (``Smith, who heads X, said`` / ``Its director, Jane Roe, says``),
    then collects words until a delimiter, a function word, or the determiner
    that begins the phrase. Prepositions continue the phrase only between a
    determiner and a capitalized word or another noun ("a spokesman for the
    ministry").
    """
    end = _subject_end(masked, left, verb_start)
    if end <= left:
        return None
    closing = end
    while closing > left and masked[closing - 1] in "'\"”’":
        closing -= 1
    if closing < end and closing > left and masked[closing - 1] == ",":
        end = closing  # 'Wallace, who directed ``The Mask,'' said': the comma is inside
    if masked[end - 1] == ",":
        comma = masked.rfind(",", left, end - 1)
        if comma < left:
            # A lone comma between subject and verb: "General Richard Myers, said".
            _, end = strip_span(masked, left, end - 1)
        else:
            inner_start, inner_end = strip_span(masked, comma + 1, end - 1)
            inner = masked[inner_start:inner_end].split()
            if comma == left or not inner:
                return None
            if len(inner) <= 4 and all(w[:1].isupper() for w in inner):
                return inner_start, inner_end  # a name in apposition is the speaker
            _, end = strip_span(masked, left, comma)
    start = end
    collected: list[str] = []
    i = end
    while i > left and len(collected) < 10:
        j = i
        while j > left and masked[j - 1].isspace():
            j -= 1
        if j <= left or masked[j - 1] in WORD_BREAKS:
            break
        k = j
        while k > left and not masked[k - 1].isspace() and masked[k - 1] not in WORD_BREAKS:
            k -= 1
        word = masked[k:j]
        if not word or not word[0].isalnum():
            break
        low = low_word(word)
        if collected and collected[-1] in PRONOUNS:
            break  # a pronoun is a whole phrase: "... risk analysis he replied"
        if collected and collected[-1] in DETERMINERS and low not in NP_LINKS:
            break  # the phrase began at its determiner
        if low in NP_LINKS:
            if not collected or (
                collected[-1] not in DETERMINERS and not _capitalized_after(masked, j)
            ):
                break
        elif low in STOP_WORDS or (low.endswith("ly") and word[0].islower()):
            break  # function word or adverb: "are strongly critical of ..."
        collected.append(low)
        start = i = k
    # A phrase cannot start with a preposition.
    while collected and collected[-1] in NP_LINKS:
        collected.pop()
        gap = _SPACE_RE.search(masked, start, end)
        start = gap.end() if gap else end
    return (start, end) if start < end else None


def phrase_after(masked: str, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase after an inverted verb (``said Kivutha Kibwana, of``) or
    ``according to``: words up to a delimiter or a function word."""
    start, _ = strip_span(masked, start, limit)
    np_end = start
    for count, (w_start, w_end, word) in enumerate(_words(masked[start:limit], start)):
        gap = masked[np_end:w_start]
        if count and (any(c in DELIMITERS for c in gap) or "\n\n" in gap):
            break
        low = low_word(word)
        if low in STOP_WORDS or (count and low in PRONOUNS):
            break
        np_end = w_end
        if low in PRONOUNS or count >= 9:
            break
        if word.endswith(".") and not is_abbreviation(masked, w_end - 1):
            np_end -= 1  # the sentence's full stop, not part of the name
            break
    while np_end > start and masked[np_end - 1] in ".,":
        np_end -= 1
    return (start, np_end) if np_end > start else None


def post_subject(
    masked: str, left: int, verb_start: int, entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """Subject of an attribution that follows its quote: the first comma chunk
    (``Smith, a spokesman for X, said``) or a later chunk that is exactly a PERSON
    (``one of her lawyers, Nathaniel Speights, said``)."""
    end = _subject_end(masked, left, verb_start)
    chunks: list[tuple[int, int]] = []
    pos = left
    for part in masked[left:end].split(","):
        c_start, c_end = strip_span(masked, pos, pos + len(part))
        pos += len(part) + 1
        if c_end > c_start:
            chunks.append((c_start, c_end))
    chunks = [c for c in chunks if masked[c[0]] not in QUOTE_CHARS]
    if not chunks:
        return None
    first = masked[chunks[0][0] : chunks[0][1]].split()
    head = low_word(first[0])
    if len(first) > 10 or (head in STOP_WORDS | NP_LINKS and head not in PRONOUNS):
        return None  # '"go all the way" if Armenia said': not an attribution clause
    if (
        first[0][0].islower()
        and head not in DETERMINERS | PRONOUNS
        and (len(chunks) > 1 or head.endswith(("ing", "ed")))
    ):
        return None  # '"...," including gold, bonds, said X': not a subject
    last = masked[chunks[-1][0] : chunks[-1][1]].split()
    if len(chunks) > 1 and low_word(last[0]) in ("who", "which", "that", "whose"):
        return None  # the verb belongs to a relative clause: "Smith, who has denied"
    if len(chunks) > 1 and not entity_in(entities, chunks[0], "PERSON"):
        for chunk in chunks[1:]:
            if any(e.label == "PERSON" and (e.start, e.end) == chunk for e in entities):
                return chunk
    return chunks[0]


def leading_name(
    masked: str, chunk: tuple[int, int], entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """The pronoun, mention or capitalized words that open a clause."""
    for e in entities:
        if e.start == chunk[0] and e.end <= chunk[1]:
            return e.start, e.end
    words = _words(masked[chunk[0] : chunk[1]], chunk[0])
    if words and words[0][2].lower() in PRONOUNS:
        return words[0][0], words[0][1]
    end = chunk[0]
    for _, w_end, word in words:
        if not word[0].isupper():
            break
        end = w_end
    return (chunk[0], end) if end > chunk[0] else None


def entity_in(entities: Sequence[EntityMention], span: tuple[int, int], label: str) -> bool:
    return any(e.label == label and span[0] <= e.start < span[1] for e in entities)


def sentence_subject(
    masked: str,
    left: int,
    right: int,
    entities: Sequence[EntityMention],
    labels: tuple[str, ...] = ("PERSON", "ORG"),
) -> tuple[int, int] | None:
    """A pronoun or a mention with one of ``labels`` among a sentence's first words."""
    for w_start, w_end, word in _words(masked[left : min(right, left + 80)], left)[:6]:
        if word.lower() in PRONOUNS:
            return w_start, w_end
        for e in entities:
            if e.start <= w_start < e.end and e.label in labels:
                return e.start, e.end
    return None


def colon_subject(
    masked: str, sent_start: int, open_start: int, entities: Sequence[EntityMention]
) -> tuple[int, int] | None:
    """Speaker of a quote that a colon introduces without a reporting verb:
    the sentence opens with a PERSON mention or he/she, and no other party
    (another person, "him", "her", another quote) appears before the colon, so
    the words are not someone else's ("He took advice from Diana Vreeland:")."""
    lead_in = masked[sent_start:open_start].rstrip()
    if not lead_in.endswith(":") or "''" in lead_in or any(c in lead_in for c in '"“”`' + MASK):
        return None  # another quote before the colon: the words may be its speaker's
    first = COLON_LEAD_RE.match(masked, sent_start).end()
    np: tuple[int, int] | None = None
    word = _WORD_RE.match(masked, first)
    if word and word.group().lower() in ("he", "she"):
        np = word.span()
    else:
        starts = [e for e in entities if e.start == first and e.label == "PERSON"]
        np = (starts[0].start, starts[0].end) if starts else None
    if np is None:
        return None
    rest = masked[np[1] : sent_start + len(lead_in)]
    if OTHER_PARTY_RE.search(rest) or any(
        e.label == "PERSON" and np[1] <= e.start < open_start for e in entities
    ):
        return None
    return np
