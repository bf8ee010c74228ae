"""Places the English model leaves out or cuts short, put back by the
``storywire_news_entities`` component (:mod:`.repair`): a capitalised name where only a place
fits, a span that lists places, and a name made whole ("Guinea-Bissau" from "Guinea"); and
people it leaves out where only a person fits (after a title, or named as a quote's speaker).

All need the gazetteer to know the name (a town of 50,000+ people, a subdivision or a
country; a whole name, as a place by its own name), and the first two keep away from sports
copy (places name teams there). Written from our own stories' misses and checked on
CoNLL-2003 dev and IE-ER, where they lose nothing (docs/quality.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from storywire.tasks.enrich.entities.evidence import MEDIUM, form_evidence, is_sports_story
from storywire.tasks.enrich.entities.lexicon import (
    HONORIFICS,
    MONTHS_DAYS,
    NAMED_LABELS,
    PLACE_HYPHEN_WORDS,
    SUBDIVISION_NOUNS,
    norm_form,
)
from storywire.tasks.enrich.geocode import geocode
from storywire.tasks.enrich.quotes.lexicon import REPORTING_VERBS

__all__ = ["listed_places", "lowercase_words", "missed_people_spans", "missed_place_spans", "widened_places"]

_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])[a-z][a-z'’\-]*[a-z]")


def lowercase_words(text: str) -> frozenset[str]:
    return frozenset(_LOWER_WORD_RE.findall(text))


#: Words after which a capitalised name is where something is or happens: "in Sunamganj",
#: "towards Gedaref", "at Guwahati", "off Hyères" (at sea, off the coast of).
_AT_PLACE = frozenset({"in", "at", "near", "towards", "toward", "outside", "around", "across", "into", "off"})
#: Lower-case nouns before "of" that a place follows: "the city of Arequipa", "northwest of
#: Arequipa", "the outskirts of Goma".
_OF_PLACE_TEXT = """city town village capital province region district county state port outskirts suburbs
    north south east west northeast northwest southeast southwest"""
_OF_PLACE = frozenset(_OF_PLACE_TEXT.split())
#: Verbs of going whose "to" is followed by a place: "flew to Arequipa" (not "spoke to X");
#: as written, since a doc may be untagged.
_GOING_TEXT = """fly flies flew flown flying flee flees fled fleeing travel travels travelled traveled
    travelling traveling head heads headed heading return returns returned returning move
    moves moved moving drive drives drove driven driving march marched sail sailed walk walked
    evacuated relocate relocated"""
_GOING = frozenset(_GOING_TEXT.split())
#: What is sent or comes from a place: "flown in from Entebbe", "boats sent from Entebbe";
#: a verb of going and "from" as well ("fled from Goma"). Not "a call from X", which a
#: person makes.
_SENT = frozenset({"sent", "shipped", "brought", "arrived", "arrives", "arriving", "came", "comes", "flown"})
#: Lower-case words inside a place's name ("Sao Jose dos Campos", "Rio de Janeiro").
_NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "di", "la", "le", "el"})
#: What the gazetteer must say a name is: a town that size, or a subdivision or country
#: (a village sharing its name with a word or a surname is not evidence enough).
_MISSED_PLACE_FEATURES = frozenset({"country", "admin1", "admin2"})
_MISSED_TOWN_POPULATION = 50_000
#: Capitalised words that are not places whatever a gazetteer says ("in God": Göd, Hungary).
_NEVER_PLACES = frozenset({"god", "allah", "lord", "heaven", "hell", "christ", "jesus", "mass"})


def missed_place_spans(doc: Doc, ents: Sequence[Span]) -> list[Span]:
    """GPE spans for places the model left out: a capitalised name no entity covers, which
    the gazetteer knows as a town of 50,000+ people, a subdivision or a country, written
    where only a place fits: after a place preposition ("rooftops in Sunamganj"), a place
    noun and "of" ("the city of Arequipa", "northwest of Arequipa"), a verb of going and
    "to" ("flew to Arequipa") or of going or sending and "from" ("sent from Entebbe"),
    before a subdivision's noun ("Guangdong province"), listed beside a place ("Beira and
    Tete", "Guwahati and Dibrugarh"), or before "-based" or "-born"; and
    anywhere, the place the dateline names in capitals ("a good day for Mobile" under
    "MOBILE, Ala.", though the story writes "mobile cranes").

    Guards: every word title-case and a proper noun to the tagger, no word of it a month,
    a weekday or a stop word; a one-word name never written in lower case in the story
    ("in Reading" the town, not "in reading"); a name the model labelled elsewhere in the
    story, or a surname of a person it names, keeps the model's reading; nothing in sports
    copy, where places name teams.
    """
    if is_sports_story(doc):
        return []
    taken = {norm_form(e.text) for e in ents} | {
        norm_form(e[-1].text) for e in ents if e.label_ == "PERSON" and len(e) > 1
    }
    covered = bytearray(len(doc) + 1)
    for e in ents:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    places = [e for e in ents if e.label_ in ("GPE", "LOC")]
    ends, starts = {e.end for e in places}, {e.start for e in places}
    # what the dateline names in capitals ("MOBILE, Ala."): that place wherever it is written
    datelined = {e.text.casefold() for e in places if e.text.isupper() and len(e.text) > 3}
    tagged = doc.has_annotation("TAG")
    lowercase = lowercase_words(doc.text)
    spans: list[Span] = []
    i = 1
    while i < len(doc):
        if covered[i] or not _place_word(doc[i], tagged):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not covered[j] and j - i < 5:
            if _place_word(doc[j], tagged):
                j += 1
            elif doc[j].lower_ in _NAME_PARTICLES and j + 1 < len(doc) and _place_word(doc[j + 1], tagged):
                j += 2
            else:
                break
        if j < len(doc) and (covered[j] or doc[j].is_title) and doc[j].text != "-":
            i = j  # part of a longer name the model labelled or left out: not ours to cut
            continue
        span = doc[i:j]
        if norm_form(span.text) not in taken and (
            (span.text.casefold() in datelined and _starts_a_name(doc, i))
            or (_where_a_place_fits(doc, i, j, ends, starts) and _known_place(span.text, lowercase))
        ):
            spans.append(Span(doc, i, j, label="GPE"))
        i = j
    return spans


def listed_places(span: Span, lowercase: Set[str]) -> list[Span] | None:
    """The places of one span that lists them ("Sunamganj and Moulvibazar" as one
    WORK_OF_ART, "Guwahati and Dibrugarh" as one ORG), as GPE spans; None when the span is
    not such a list: a part the gazetteer does not know as a town, subdivision or country,
    or a whole that is one name ("Trinidad and Tobago", "Procter and Gamble")."""
    doc = span.doc
    seps = [t.i for t in span if t.lower_ in {"and", "or", ","}]
    if not seps or span.label_ == "PERSON" or geocode(span.text) is not None or is_sports_story(doc):
        return None
    bounds = [span.start, *(i for k in seps for i in (k, k + 1)), span.end]
    parts = [doc[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    if any(not p or not all(t.is_title for t in p) or not _known_place(p.text, lowercase) for p in parts):
        return None
    return [Span(doc, p.start, p.end, label="GPE") for p in parts]


def widened_places(doc: Doc, ents: Sequence[Span]) -> list[Span]:
    """``ents`` with each name the tokenizer or the model cut short made whole where the
    whole is a place by its own name: "Guinea" of "Guinea-Bissau", "Emilia" of
    "Emilia-Romagna" (the hyphen splits them), "del Plata" of "Mar del Plata"."""
    covered = bytearray(len(doc) + 1)
    for e in ents:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    out = []
    for e in ents:
        whole = None
        if e.label_ in NAMED_LABELS and e.label_ != "NORP":
            for start, end in _widenings(doc, e, covered):
                evidence = form_evidence(norm_form(doc[start:end].text))
                if evidence.label in ("GPE", "LOC") and evidence.strength >= MEDIUM:
                    whole = Span(doc, start, end, label=evidence.label)
                    break
        out.append(whole or e)
    return out


def _widenings(doc: Doc, e: Span, covered: bytearray) -> list[tuple[int, int]]:
    """(start, end) of the names ``e`` may be a piece of, longest first."""
    def free(i: int) -> bool:
        return 0 <= i < len(doc) and not covered[i]

    def joined(i: int) -> bool:  # a hyphen between two words, no space either side
        return doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_

    out = []
    if free(e.end) and free(e.end + 1) and joined(e.end) and doc[e.end + 1].is_title:
        out.append((e.start, e.end + 2))
    if free(e.start - 1) and free(e.start - 2) and e.start >= 2 and joined(e.start - 1) and doc[e.start - 2].is_title:
        out.append((e.start - 2, e.end))
    left = e.start
    while free(left - 1) and e.start - left < 2 and (
        doc[left - 1].lower_ in _NAME_PARTICLES
        or (doc[left - 1].is_title and doc[left - 1].is_alpha and doc[left - 1].lower_ not in STOP_WORDS)
    ):  # not "The U.S.": a month's name may open a place's ("Mar del Plata")
        left -= 1
    while left < e.start and not doc[left].is_title:  # a name starts with a capital
        left += 1
    if left < e.start:
        out.append((left, e.end))
    return out


def _place_word(tok: Token, tagged: bool) -> bool:
    return (
        tok.is_title
        and tok.is_alpha
        and tok.lower_ not in STOP_WORDS
        and tok.lower_ not in MONTHS_DAYS
        and (not tagged or tok.pos_ == "PROPN")
    )


def _starts_a_name(doc: Doc, i: int) -> bool:
    """Nothing of the name goes on to the left ("St. Petersburg"): it starts at ``i``."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return not ((prev.is_title and prev.lower_ not in STOP_WORDS) or (prev.text != "." and prev.text.endswith(".")))


def _where_a_place_fits(doc: Doc, i: int, j: int, ends: Set[int], starts: Set[int]) -> bool:
    if not _starts_a_name(doc, i):
        return False
    before = doc[i - 1].lower_
    if before in _AT_PLACE and not doc[i - 1].is_title:
        return True
    if before == "of" and i > 1 and doc[i - 2].lower_ in _OF_PLACE and doc[i - 2].is_lower:
        return True
    if before == "to" and i > 1 and doc[i - 2].lower_ in _GOING:
        return True
    if before == "from" and i > 1 and doc[i - 2].lower_ in _GOING | _SENT:
        return True
    if j < len(doc) and doc[j].lower_ in SUBDIVISION_NOUNS and doc[j].is_lower:
        return True
    if before in {"and", "or", ","} and (i - 1) in ends:
        return True  # "Beira and Tete"
    if j + 1 < len(doc) and doc[j].lower_ in {"and", "or", ","} and (j + 1) in starts:
        return True  # "Sunamganj and Moulvibazar" once one of them is placed
    return j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in PLACE_HYPHEN_WORDS


def _known_place(form: str, lowercase: Set[str]) -> bool:
    if " " not in form and (form.lower() in lowercase or form.lower() in _NEVER_PLACES):
        return False
    place = geocode(form)
    return place is not None and not place.reason and (
        place.feature in _MISSED_PLACE_FEATURES
        or (place.feature == "city" and (place.population or 0) >= _MISSED_TOWN_POPULATION)
    )


#: Closing quotation marks (a speaker's name after one, and a comma before it).
_CLOSING_QUOTES = frozenset({'"', "”", "’", "''"})


def missed_people_spans(doc: Doc, ents: Sequence[Span], not_names: Set[str]) -> list[Span]:
    """PERSON spans for people the model left out where only a person fits: one to three
    capitalized words no entity covers right after a capitalized honorific ("Regional
    Governor Anatoly Reshetov wrote"), or two or three after a quote's closing comma and mark
    and before a comma or a reporting verb of the quote rules ('...," Natalya Gromova told').
    No word may be a month, a weekday, a stop word, a title or one of ``not_names`` (the
    last words of things named after people: "Queen Street", "King Fahd Causeway")."""
    covered = bytearray(len(doc) + 1)
    for e in ents:
        covered[e.start : e.end] = b"\x01" * (e.end - e.start)
    spans: list[Span] = []
    for i in range(1, len(doc)):
        titled = doc[i - 1].is_title and doc[i - 1].lower_ in HONORIFICS
        quoted = i >= 2 and doc[i - 1].text in _CLOSING_QUOTES and doc[i - 2].text == ","
        if covered[i] or not (titled or quoted) or not _person_word(doc[i]):
            continue
        j = i + 1
        while j < len(doc) and j - i < 3 and not covered[j] and _person_word(doc[j]):
            j += 1
        if j < len(doc) and (covered[j] or doc[j].is_title):
            continue  # a longer name: not ours to cut
        follows = doc[j] if j < len(doc) else None
        if quoted and (j - i < 2 or follows is None or not (follows.text == "," or follows.lower_ in REPORTING_VERBS)):
            continue
        if doc[j - 1].lower_ not in not_names:
            spans.append(Span(doc, i, j, label="PERSON"))
    return spans


def _person_word(tok: Token) -> bool:
    low = tok.lower_
    return (
        tok.is_title
        and tok.text.replace("-", "").replace("'", "").isalpha()
        and low not in STOP_WORDS
        and low not in MONTHS_DAYS
        and low not in HONORIFICS
    )
