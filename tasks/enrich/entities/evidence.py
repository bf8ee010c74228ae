"""What a name is, from evidence other than the model: gazetteer, agency table, word lists, context.

The small model labels names from a few words around them, so the same country can be
PERSON in four sentences and GPE in two, and a story-level vote then spreads the wrong
label everywhere. This module weighs what else is known, as general news rules:

* the name itself (:func:`form_evidence`): a known country, continent, region or state is a
  place; a large city (population >= ``BIG_CITY``) is a place, a small town only a hint
  (many surnames are towns); an agency, a name ending in an organisation word ("Ministry",
  "Party", "Airways") or a company suffix is an ORG; a name ending in a place word
  ("Region", "Glacier", "Nature Reserve") is a place; a nationality is NORP;
* the words around one mention (:func:`mention_cue`): a title before it makes it a person
  ("Mr Lincoln"); in sports copy a town next to a score or "beat"/"against" is the club
  (CoNLL-2003 annotates it ORG; a country stays a place, as national teams are there);
  "the region of X", "X, a disputed territory", "the X region", "in X" point to a place.

:func:`story_labels` is the per-story vote that the repair component uses: model votes, then
the evidence, then each mention's own context, which a story-level label never overrides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from storywire.tasks.clean.agencies import is_known_agency
from storywire.tasks.enrich.entities.lexicon import (
    ADMIN_HEADS,
    BUILT_HEADS,
    CLUB_ROLES,
    COMPANY_NOUNS,
    COMPANY_SUFFIXES,
    COMPASS_WORDS,
    COUNTRY_ABBREVIATIONS,
    FOREIGN_NATURAL_FIRST,
    FOREIGN_NATURAL_LAST,
    HONORIFICS,
    IRREGULAR_NATIONALITIES,
    NATURAL_FIRST,
    NATURAL_HEADS,
    NEWS_AGENCIES,
    ORG_APPOSITION_NOUNS,
    ORG_HEADS,
    ORG_OFFICERS,
    PLACE_PREPOSITIONS,
    RESERVE_QUALIFIERS,
    SPORTING_NATIONS,
    SPORTS_WORDS,
    STOCK_WORDS,
    TEAM_CUES,
    norm_form,
)
from storywire.tasks.enrich.entities.place_cues import (
    based_in,
    natural_after,
    noun_follows,
    place_cue,
    word_at,
)
from storywire.tasks.enrich.geocode import (
    SHARED_REASON,
    Place,
    by_own_name,
    country_code_for,
    geocode,
    normalize_place_name,
)

__all__ = [
    "BIG_CITY",
    "MEDIUM",
    "STRONG",
    "WEAK",
    "Evidence",
    "form_evidence",
    "is_nationality",
    "is_sports_story",
    "mention_cue",
    "story_labels",
]

#: A city at least this populous is a place unless context says otherwise; a smaller
#: town is only a hint, because so many surnames and first names are also towns.
BIG_CITY = 100_000
#: Evidence strengths: WEAK adds one vote; MEDIUM as many votes as the story has mentions
#: of the name (the model's unanimous label holds unless context adds a vote); STRONG
#: outweighs every model vote of the story.
WEAK, MEDIUM, STRONG = 1, 2, 3
#: Labels that name a place: the vote never moves a mention between them.
_PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Features that are evidence of a place whatever their population.
_AREAS_OF_NOTE = frozenset({"country", "continent", "admin1", "region", "natural"})
#: Labels the evidence may move a mention away from.
_MOVABLE = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a surface form is by itself: ``label`` with a ``strength`` (0 = no evidence).

    ``settled`` marks a place the sports rule leaves alone: a country is a country in a
    match report too (CoNLL-2003 labels national teams as places). ``natural``: a lake, bay,
    river... by its name's words, a LOC even where the model said FAC ("Lake Baikal").
    """

    label: str | None = None
    strength: int = 0
    settled: bool = False
    capital: bool = False  # a national capital: "Budapest said" is the government, a place
    natural: bool = False


_NONE = Evidence()
_CORP_TAIL_RE = re.compile(
    r"(?:,\s*|\s+)(?:" + "|".join(re.escape(s) for s in COMPANY_SUFFIXES) + r")\.?$"
)
_PLURAL_RE = re.compile(r"(?<=[a-z])s$")
# Ways a nationality is formed from a country's name: (ending of the nationality, ending(s)
# of the country name it replaces). "Kenyan" -> "Kenya", "Tajik" -> "Tajikistan".
_DEMONYM_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ian", ("ia", "", "e", "a")),
    ("an", ("a", "", "o", "y")),
    ("ese", ("a", "", "o")),
    ("lese", ("",)),
    ("i", ("",)),
    ("ish", ("ey", "and", "en", "land")),
    ("egian", ("ay",)),
    ("vian", ("",)),
    ("", ("istan", "stan", "ia", "land", "y", " Arabia")),
)


@lru_cache(maxsize=4096)
def is_nationality(form: str) -> bool:
    """True for a nationality or people ("Kenyans", "Azerbaijani", "Briton", "Hutu")."""
    words = form.split()
    if not form[:1].isupper() or len(words) > 2:
        return False
    head = " ".join(words[:-1])
    last = words[-1]
    singular = _PLURAL_RE.sub("", last)
    for word in {last, singular}:
        if word.casefold() in IRREGULAR_NATIONALITIES and not head:
            return True
        for ending, replacements in _DEMONYM_RULES:
            if ending and not word.endswith(ending):
                continue
            stem = word[: len(word) - len(ending)] if ending else word
            if len(stem) < 3:
                continue
            for repl in replacements:
                country = f"{head} {stem}{repl}".strip()
                if len(country) > 3 and country_code_for(country) is not None:  # not "Kaz"
                    return True
    return False


#: Words a gazetteer writes around a subdivision's name that a story leaves out: "Guangdong
#: Sheng", "Provincia de Buenos Aires".
_DESIGNATORS = ADMIN_HEADS | {"sheng", "shi", "zizhiqu", "state", "provincia", "departamento", "estado"}
_DESIGNATOR_LINKS = frozenset({"of", "de", "del", "do", "da"})


def _name_matches(form: str, place: Place) -> bool:
    """``form`` is the place's own name, or a state's or province's without its designator
    ("Guangdong"; not a county's: "Taylor" is a surname before it is Taylor County)."""
    key, name = normalize_place_name(form), normalize_place_name(place.name).split()
    if key == " ".join(name):
        return True
    if place.feature != "admin1":
        return False
    if len(name) > 1 and name[-1] in _DESIGNATORS and key == " ".join(name[:-1]):
        return True
    return len(name) > 2 and name[0] in _DESIGNATORS and name[1] in _DESIGNATOR_LINKS and key == " ".join(name[2:])


def natural_stem(form: str) -> str | None:
    """A natural feature's name without its feature word, as copy writes it again: "Baikal"
    for "Lake Baikal", "Aegean" for "Aegean Sea", "Ruapehu" for "Mount Ruapehu"; None for
    what is no natural feature's name or has no word to drop ("Gulf of Aqaba")."""
    words = form.split()
    if len(words) < 2 or not form_evidence(form).natural:
        return None
    if words[0].casefold() in NATURAL_FIRST | FOREIGN_NATURAL_FIRST:
        return " ".join(words[1:])
    if words[-1].casefold() in NATURAL_HEADS | FOREIGN_NATURAL_LAST:
        return " ".join(words[:-1])
    return None


def _head_evidence(words: list[str]) -> Evidence:
    """An organisation or place word at the end of the name, or "Ministry of ..." at its start."""
    if len(words) < 2:
        return _NONE
    last, first = words[-1].casefold(), words[0].casefold()
    if last in ORG_HEADS and words[-2].casefold() not in COMPASS_WORDS:  # not "West Bank"
        return Evidence("ORG", STRONG)
    if first in ORG_HEADS and words[1].casefold() == "of":
        return Evidence("ORG", STRONG)
    if last in ADMIN_HEADS:
        return Evidence("GPE", STRONG)
    if last in NATURAL_HEADS or first in NATURAL_FIRST:
        return Evidence("LOC", STRONG, natural=last not in BUILT_HEADS)
    if first in NATURAL_HEADS and words[1].casefold() == "of":  # "Gulf of Aqaba", "Sea of Azov"
        return Evidence("LOC", STRONG, natural=first not in BUILT_HEADS)
    if first in FOREIGN_NATURAL_FIRST or last in FOREIGN_NATURAL_LAST:
        # a company may borrow the word ("Salar Andino"): a place unless the story says so
        return Evidence("LOC", MEDIUM, natural=True)
    if last == "reserve" and words[-2].casefold() in RESERVE_QUALIFIERS:
        return Evidence("LOC", STRONG)  # "Nature Reserve", never "Federal Reserve"
    return _NONE


@lru_cache(maxsize=8192)
def form_evidence(form: str) -> Evidence:
    """What ``form`` (a name as written, whitespace-normalised) is, without its context."""
    text = norm_form(form)
    if text.casefold().startswith("the "):
        text = text[4:]
    if len(text) < 2 or not text[:1].isalnum():
        return _NONE
    if text in NEWS_AGENCIES or (len(text) > 3 and is_known_agency(text)):
        return Evidence("ORG", STRONG)
    if _CORP_TAIL_RE.search(text) and len(text.split()) > 1:
        return Evidence("ORG", STRONG)
    if text.isupper() and len(text) <= 3 and text not in COUNTRY_ABBREVIATIONS:
        return _NONE  # an acronym that spells a code or a town ("NLD", "BSE") is not evidence
    if text.casefold() in IRREGULAR_NATIONALITIES:  # "Lao" officials: the gazetteer's alias
        return Evidence("NORP", STRONG)  # of Laos must not make the adjective a country
    if country_code_for(text) is not None:  # before the words: "Russian Federation"
        return Evidence("GPE", STRONG, settled=True)
    head = _head_evidence(text.split())
    if head.label == "GPE":  # "Turkestan Region": the gazetteer's subdivision settles it
        place = geocode(text)
        return Evidence("GPE", STRONG, settled=place is not None and place.feature in {"admin1", "admin2"})
    if head.strength:
        return head
    if is_nationality(text):
        return Evidence("NORP", STRONG)
    place = geocode(text)
    # a feature of several countries gets a point (their mean), but its name alone says
    # nothing of what a mention is ("Amazon" the company, "Danube" a bank's name)
    if place is None or place.reason == SHARED_REASON or text.casefold() in COMPASS_WORDS:
        return _NONE
    if place.feature == "continent":
        return Evidence("LOC", STRONG, settled=True)
    if not _name_matches(text, place):
        # found under another name. A state's or province's other names are its exonyms
        # ("Corsica" for Corse); a town's may be anything ("Sam" for Damascus), so then only a
        # place that big by its own name is evidence ("Puno", though Pune lists it; a village
        # called Sam is not)
        place = place if place.feature == "admin1" else by_own_name(text)
        if place is None or not (_AREAS_OF_NOTE & {place.feature} or (place.population or 0) >= BIG_CITY):
            return _NONE
    label = "LOC" if place.feature == "natural" else "GPE"
    nation = normalize_place_name(text) in SPORTING_NATIONS
    # a named region or natural feature is no surname; a town or district is big enough
    big = nation or place.feature in {"region", "natural"} or (place.population or 0) >= BIG_CITY
    big = big or place.capital
    return Evidence(label, MEDIUM if big else WEAK, settled=nation, capital=place.capital)


_SCORE_RE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
_SPORTS_HASHES = frozenset(hash_string(w) for w in SPORTS_WORDS)


def is_sports_story(doc: Doc) -> bool:
    """True when the text reads as sports copy: several distinct sports words, or scores."""
    cached = doc.user_data.get("storywire_sports_story")
    if cached is None:
        words = len(_SPORTS_HASHES.intersection(doc.count_by(LOWER)))  # counted in Cython
        scores = len(_SCORE_RE.findall(doc.text)) if 2 <= words < 4 else 0
        cached = words + min(scores, 2) >= 4
        doc.user_data["storywire_sports_story"] = cached
    return cached


def _team_cue(span: Span) -> bool:
    """A score right after the name, or a word of a contest on either side of it."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text.isdigit() and len(after) <= 3 and span.label_ != "PERSON":
        return True  # "Surrey 234": a player's name before a score is a golf or tennis line
    return word_at(doc, span.start - 1) in TEAM_CUES or word_at(doc, span.end) in TEAM_CUES


def _past_possessive(doc: Doc, i: int) -> int:
    """``i``, or the token after it when it is a possessive: "Petrobras's chairman"."""
    return i + 1 if word_at(doc, i) in {"'s", "’s"} else i


def _org_apposition(span: Span) -> bool:
    """"X, the government research institute that ...": an apposition headed by an
    organisation's noun (not "X, the agency's chief": the head is then the chief)."""
    doc, k = span.doc, span.end + 1
    if word_at(doc, span.end) != "," or word_at(doc, k) not in {"a", "an", "the"}:
        return False
    for j in range(k + 1, min(k + 5, len(doc))):
        if doc[j].lower_ in ORG_APPOSITION_NOUNS and doc[j].is_lower:
            return not noun_follows(doc, j + 1) and word_at(doc, j + 1) not in {"'s", "’s", "of"}
        if not doc[j].is_alpha or not doc[j].is_lower or doc[j].is_stop:
            return False  # "X, an economist at the firm": the head came before "at"
    return False


def org_cue(span: Span, evidence: Evidence) -> bool:
    """The words around one mention say it is an organisation: a company noun before it
    ("carmaker Toyota") or "owned" ("state-owned Trenes Argentinos"), an apposition headed
    by an organisation's noun ("GNS Science, the government research institute"), its
    officers or stock after it ("Rheinwerk Chief Executive", "Embraer shares" unless a place:
    "Tokyo shares"), or, in sports copy, a club's staff after it ("Atletico coach"; "Brazil
    coach" is the national team, a place)."""
    if evidence.strength >= STRONG and evidence.label != "ORG":
        return False  # a country, a nationality, a "... Region": the name decides
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in COMPANY_NOUNS and before.is_lower:
        return True
    if before is not None and before.lower_ == "owned":  # "state-owned", "privately owned"
        return True
    if _org_apposition(span):
        return True
    k = _past_possessive(doc, span.end)
    after = word_at(doc, k)
    if after in ORG_OFFICERS:
        return after != "chief" or word_at(doc, k + 1) in {"executive", "financial"}
    if after in STOCK_WORDS and evidence.label not in _PLACES:
        return True
    return after in CLUB_ROLES and not evidence.settled and is_sports_story(doc)


def mention_cue(span: Span, evidence: Evidence) -> tuple[str | None, int]:
    """What the context of one mention says: (label, votes), or (None, 0).

    A title before the name makes it a person (decisive for this mention); in sports copy,
    a place that is not a country next to a score or a contest word is the club (ORG); a
    place before "-based" or "-born" is that place; a name before a natural feature's noun is
    that feature ("the Surma river", "the Surma and Kushiyara rivers").
    """
    doc = span.doc
    title = doc[span.start - 1] if span.start > 0 else None
    titled = title is not None and title.lower_ in HONORIFICS and (title.is_title or title.is_upper)
    if titled and evidence.label not in {"ORG", "NORP"}:
        return "PERSON", STRONG
    place_like = evidence.label in _PLACES or span.label_ in _PLACES
    if place_like and not evidence.settled and _team_cue(span) and is_sports_story(doc):
        return "ORG", STRONG
    if evidence.label == "GPE" and based_in(span):  # "the Pune-based company": the city
        return "GPE", STRONG
    settled_place = evidence.label == "GPE" and evidence.strength >= MEDIUM  # "the Congo river"
    if evidence.label != "NORP" and not settled_place and natural_after(span):
        return "LOC", STRONG  # "the Surma and Kushiyara rivers"
    votes = place_cue(span)
    return ("GPE", votes) if votes else (None, 0)


def _contained_places(forms: Sequence[str]) -> dict[str, Evidence]:
    """Forms that open a longer name ending in a place word are places themselves:
    "Nagorno-Karabakh" beside "Nagorno-Karabakh Autonomous Region"; so are those that end a
    natural feature's name: "Ruapehu" beside "Mount Ruapehu"."""
    out: dict[str, Evidence] = {}
    for form in forms:
        ev = _head_evidence(form.split())
        if ev.label in _PLACES:
            for other in forms:
                if other != form and form.startswith(other + " "):  # a town named after its river too
                    out[other] = Evidence(ev.label, STRONG)
                elif other != form and ev.natural and natural_stem(form) == other:  # "Mount Ruapehu"
                    out[other] = Evidence(ev.label, STRONG, natural=True)
    return out


# "lost to X", "fell to X": the club; "travel to X": the place
_LOST = frozenset({"lost", "lose", "loses", "losing", "fell", "falls", "beaten", "slipped"})


def _visited(span: Span) -> bool:
    """In sports copy, a place word before the name: "in X", "travel to X", not "lost to X"."""
    before = word_at(span.doc, span.start - 1)
    if before == "to":
        return word_at(span.doc, span.start - 2) not in _LOST
    return before in PLACE_PREPOSITIONS


def _name_follows(span: Span) -> bool:
    """A capitalised word right after the mention: a name that goes on past it."""
    doc, k = span.doc, span.end
    while k < len(doc) and doc[k].is_space:  # a hard wrap inside the name
        k += 1
    return k < len(doc) and doc[k].is_alpha and doc[k].is_title


def _contained_companies(forms: Sequence[str]) -> set[str]:
    """Forms that open a company's name with its legal suffix are that company:
    "Rheinwerk" beside "Rheinwerk AG", "Toyota" beside "Toyota Motor Corp"."""
    companies = [f for f in forms if len(f.split()) > 1 and _CORP_TAIL_RE.search(f)]
    return {f for f in forms for c in companies if c != f and c.startswith(f + " ")}


def _listed_with_places(ents: Sequence[Span]) -> list[bool]:
    """Per mention: is it listed ("X and Y", "X, Y") beside a name that is a place by the
    gazetteer or the model? "Sochi and Novosibirsk", "Kisumu and Garissa"."""
    placed = [
        e.label_ in _PLACES or (form_evidence(norm_form(e.text)).label in _PLACES) for e in ents
    ]
    out = [False] * len(ents)
    for k in range(len(ents) - 1):
        a, b = ents[k], ents[k + 1]
        between = a.doc[a.end : b.start]
        if 0 < len(between) <= 2 and all(t.lower_ in {"and", "or", ","} for t in between):
            out[k] = out[k] or placed[k + 1]
            out[k + 1] = out[k + 1] or placed[k]
    return out


#: People in a town whose name the model calls a location (LOC) for it to be the town.
_TOWN_POPULATION = 50_000


def _a_town(form: str, mentions: Sequence[Span]) -> bool:
    """A town of 50,000+ by its own name, never written after "the" (rivers and regions
    are, towns are not: "the Parana" is the river, "at Parana" the city)."""
    if any(word_at(m.doc, m.start - 1) == "the" for m in mentions):
        return False
    place = geocode(form)
    return (
        place is not None and place.feature == "city" and place.reason is None
        and (place.population or 0) >= _TOWN_POPULATION and _name_matches(form, place)
    )


def _pick(scores: Counter[str]) -> str | None:
    (top, n), *rest = [*scores.most_common(2), ("", 0)]
    return top if n > rest[0][1] else None


def story_labels(
    ents: Sequence[Span],
    named: frozenset[str],
    *,
    pinned: Set[tuple[int, int, str]] = frozenset(),
) -> tuple[dict[str, str], list[str | None]]:
    """The story's label per surface form, and each mention's own decisive label.

    Each form's score is one vote per model mention of it, plus context votes per mention,
    plus the form's evidence: a STRONG one outweighs every model vote of the story, a
    WEAK one is one more vote. A place keeps the place label the model gave it (GPE, LOC,
    FAC) when evidence only says "a place". ``pinned`` spans (start, end, label) were
    labelled by the layout (datelines, results tables): they keep their label and are
    STRONG evidence for their form ("CHICAGO" heads a standings row: the club). Returns
    (form -> label, for forms with a clear winner; per mention, the label its own context
    decides, else None).
    """
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(ents):
        if e.label_ in named:
            by_form[norm_form(e.text)].append(i)
    contained = _contained_places(list(by_form))
    companies = _contained_companies(list(by_form))
    winners: dict[str, str] = {}
    decisive: list[str | None] = [None] * len(ents)
    listed = _listed_with_places(ents)
    name_words = {
        w for e in ents if e.label_ == "PERSON" and len(e) > 1 for w in norm_form(e.text).split()
    }
    for form, idx in by_form.items():
        ev = form_evidence(form)
        named_in_full = form in name_words  # "Mary" beside "Mary Robinson": the person
        if named_in_full and ev.label in _PLACES and not ev.settled:
            ev = _NONE
        if form in contained and contained[form].strength > ev.strength:
            ev = contained[form]
        if form in companies and ev.strength < STRONG:
            ev = Evidence("ORG", STRONG)
        laid_out = [
            ents[i].label_ for i in idx if (ents[i].start, ents[i].end, ents[i].label_) in pinned
        ]
        if laid_out:
            ev = Evidence(Counter(laid_out).most_common(1)[0][0], STRONG, settled=True)
        scores: Counter[str] = Counter(ents[i].label_ for i in idx)
        if ev.strength and not all(ents[i].label_ in _MOVABLE for i in idx):
            ev = _NONE  # EVENT, LAW, LANGUAGE...: the model saw more than a name
        org_cues = [org_cue(ents[i], ev) for i in idx]
        if any(org_cues):  # "carmaker Toyota", "Rheinwerk Chief Executive": everywhere
            ev = Evidence("ORG", STRONG)
        cues = [
            ("ORG", STRONG) if o else mention_cue(ents[i], ev)
            for i, o in zip(idx, org_cues, strict=True)
        ]
        model = {ents[i].label_ for i in idx}
        sports = is_sports_story(ents[idx[0]].doc)
        if ev.label in _PLACES and not ev.settled and sports:
            # a town in sports copy: the club wherever one mention reads as a team, else
            # whatever the model says (players are named after towns too), but a big city
            # the model only calls a person ("travel to Glasgow")
            team = any(label == "ORG" for label, _ in cues)
            visited = any(_visited(ents[i]) for i in idx)
            kept = ev if ev.strength >= MEDIUM and model == {"PERSON"} and visited else _NONE
            ev = Evidence("ORG", STRONG) if team else kept
        # a big city or a capital is no surname without a first name or a title (a title
        # decides its own mention), nor a people unless its name is a nationality's; a
        # capital is the government, no company, outside sports copy ("Budapest would
        # contribute")
        bare = not any(_name_follows(ents[i]) for i in idx)  # "George\nPanayiotopoulos"
        unlikely = (
            (model == {"PERSON"} and bare)
            # "and Rotterdam", not "Naga rebels" (a people named like a town, used as one)
            or (model == {"NORP"} and not is_nationality(form)
                and not any(noun_follows(ents[i].doc, ents[i].end) for i in idx))
            or (ev.capital and not sports and "PERSON" not in model)
        )
        if ev.label in _PLACES and ev.strength == MEDIUM and not named_in_full and unlikely:
            ev = Evidence(ev.label, STRONG, capital=ev.capital)
        if ev.label in _PLACES or any(ents[i].label_ in _PLACES for i in idx):
            cues = [
                (c[0] or "GPE", c[1] + 1) if listed[i] and c[1] < STRONG else c
                for c, i in zip(cues, idx, strict=True)
            ]
        for i, (label, votes) in zip(idx, cues, strict=True):
            if (ents[i].start, ents[i].end, ents[i].label_) in pinned:
                decisive[i] = ents[i].label_
            elif label is not None and votes >= STRONG and label != "GPE":
                decisive[i] = label
            elif (
                label is not None
                and ev.label != "NORP"
                and not named_in_full
                and (ents[i].label_ != "NORP" or ev.strength >= MEDIUM)
            ):
                # a nationality is an adjective: "the Kenyan capital", "in European markets"
                scores[label] += votes
        if ev.natural:  # a place the model calls a facility is the natural feature
            scores["LOC"] += scores.pop("FAC", 0)
        elif ev.label == "GPE" and ev.strength >= MEDIUM:  # a city, not a building: Buenos Aires
            scores["GPE"] += scores.pop("FAC", 0)
        if ev.label == "GPE" and not ev.natural and _a_town(form, [ents[i] for i in idx]):
            scores["GPE"] += scores.pop("LOC", 0)  # "the dam at Jinja": the town
        if ev.strength:
            label = ev.label or ""
            if label in _PLACES and not ev.natural and not ev.settled:  # the model's own kind of place
                places = [lab for lab, _ in scores.most_common() if lab in _PLACES]
                label = places[0] if places else label
            scores[label] += {STRONG: len(idx) + 1, MEDIUM: len(idx)}.get(ev.strength, WEAK)
        top = _pick(scores)
        if top is not None:
            winners[form] = top
    return winners, decisive
