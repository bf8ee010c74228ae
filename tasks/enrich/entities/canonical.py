"""Entity mentions from processed docs, and their canonical names and grouping keys.

Within a story, ``canonicalize`` resolves names ("Aliyev" -> "Ilham Aliyev", "the U.S."
-> "United States", "IMF" -> "International Monetary Fund"); ``entity_key`` groups
mentions across stories. Pure functions over records; no model is loaded here.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import replace

from spacy.tokens import Doc

from storywire.tasks.enrich.entities.evidence import STRONG, form_evidence, natural_stem
from storywire.tasks.enrich.entities.keys import entity_key, strip_titles
from storywire.tasks.enrich.entities.lexicon import (
    NAMED_LABELS,
    ORG_CONNECTORS,
    PLACE_LABELS,
    norm_form,
)
from storywire.tasks.enrich.geocode import country_code_for, geocode
from storywire.tasks.records import EntityMention

__all__ = ["canonicalize", "clean_name", "display_case", "entities_from_doc", "entity_key", "is_english"]


def is_english(language: str | None) -> bool:
    """Whether names are English ones (a story without a language is read as English)."""
    return language is None or language == "en"


def clean_name(text: str) -> str:
    """Display form of a span: single spaces, no possessive or leading 'the'."""
    name = norm_form(text)
    for suffix in (" 's", "'s", "’s", " ’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name.strip()


def entities_from_doc(doc: Doc, *, field: str, text: str | None = None) -> list[EntityMention]:
    """Mentions of named entities in one processed ``doc`` of one field.

    ``text`` is the field's original text when the doc was built from a re-cased copy
    (same length); mention text and offsets always refer to it. Canonical names are the
    cleaned surface form here; :func:`canonicalize` resolves them across the story.
    """
    source = doc.text if text is None else text
    if len(source) != len(doc.text):
        raise ValueError(
            f"original text ({len(source)} chars) and doc text ({len(doc.text)} chars) differ in length"
        )
    sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    out: list[EntityMention] = []
    for e in doc.ents:
        if e.label_ not in NAMED_LABELS:
            continue
        surface = source[e.start_char : e.end_char]
        canonical = clean_name(surface)
        out.append(
            EntityMention(
                start=e.start_char,
                end=e.end_char,
                text=surface,
                label=e.label_,
                sentence=max(bisect.bisect_right(sent_starts, e.start_char) - 1, 0),
                canonical=canonical,
                entity_key=entity_key(e.label_, canonical),
                field=field,
            )
        )
    return out


def _initials(name: str) -> str:
    return "".join(
        w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ORG_CONNECTORS
    )


def display_case(name: str) -> str:
    """'ILHAM ALIYEV' from a caps headline reads as 'Ilham Aliyev' in the entity table."""
    if name.isupper() and any(len(w) > 3 for w in name.split()):
        return " ".join(w[0] + w[1:].lower() if len(w) > 3 else w for w in name.split())
    return name


def _harmonize_labels(mentions: list[EntityMention], cleaned: list[str]) -> list[EntityMention]:
    """One label per name across headline and body (the headline has little context).

    A bare surname of a person named in full becomes PERSON; otherwise the majority
    label of the same name in the story wins, unless strong evidence about the name
    contradicts it (:func:`.evidence.form_evidence`: "Armenia" is a country, so a PERSON
    majority from a headline is not spread over it).
    """
    surnames = {
        c.split()[-1].casefold()
        for m, c in zip(mentions, cleaned, strict=True)
        if m.label == "PERSON" and len(c.split()) > 1
    }
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m, c in zip(mentions, cleaned, strict=True):
        votes[c.casefold()][m.label] += 1
    out = []
    for m, c in zip(mentions, cleaned, strict=True):
        key = c.casefold()
        label = m.label
        if key in surnames and label != "PERSON" and not (label == "GPE" and geocode(c)):
            label = "PERSON"
        else:
            (top, n), *rest = [*votes[key].most_common(2), ("", 0)]
            if n > rest[0][1] and not _contradicted(top, c):
                label = top
        out.append(m if label == m.label else replace(m, label=label))
    return out


def _contradicted(label: str, name: str) -> bool:
    """True when strong evidence says ``name`` is something else than ``label`` (places
    count as one kind: GPE, LOC and FAC do not contradict each other)."""
    ev = form_evidence(name)
    if ev.strength < STRONG or ev.label is None or ev.label == label:
        return False
    return not (ev.label in PLACE_LABELS and label in PLACE_LABELS)


_FIELD_ORDER = {"dateline": 0, "headline": 1, "body": 2}


def canonicalize(mentions: list[EntityMention], *, language: str | None = None) -> list[EntityMention]:
    """Resolve canonical names and keys within one story (headline + body together).

    * PERSON: titles off ("President Ilham Aliyev" -> "Ilham Aliyev"), a partial name
      takes the full name it is part of ("Aliyev" -> "Ilham Aliyev"); with several
      candidates the nearest preceding full name wins.
    * GPE/LOC that name a country take the gazetteer name and key ("the U.S.",
      "US", "America" -> "United States", ``place:geonames:6252001``).
    * Keys: :func:`..keys.entity_key` of the resolved name, the story's fullest.
    * ORG acronyms take the spelled-out name when the story has it ("IMF").
    * A LOC named by a natural feature's name without its word takes the feature's name
      when one feature of the story has it ("Baikal" -> "Lake Baikal"), so both are one place.
    * Labels are harmonized first: one label per name across headline and body, and a
      bare surname of a person named in full is PERSON.
    ``language``: the story's, when not English: a country keeps the name the story gives
    it (in its base form; the key still groups it with every other spelling).
    Pure: no model, no I/O; returns new records in the input order.
    """
    order = sorted(
        range(len(mentions)),
        key=lambda i: (_FIELD_ORDER.get(mentions[i].field, 3), mentions[i].start),
    )
    rank = {i: r for r, i in enumerate(order)}
    cleaned = [clean_name(m.canonical or m.text) for m in mentions]
    mentions = _harmonize_labels(mentions, cleaned)

    titled = {i: strip_titles(cleaned[i]) for i, m in enumerate(mentions) if m.label == "PERSON"}
    # A full name is one of more than one word once titles are off: "President Aliyev" is a
    # surname, and "Aliyev" must not take it as his full name.
    persons = [(rank[i], display_case(name)) for i, name in titled.items() if len(name.split()) > 1]
    full_names = _full_names(persons)
    spelled_out: dict[str, str] = {}  # initials -> the first multi-word ORG name with them
    for i, m in enumerate(mentions):
        if m.label == "ORG" and len(cleaned[i].split()) > 1:
            spelled_out.setdefault(_initials(cleaned[i]), cleaned[i])

    features = _features_by_stem(mentions, cleaned)

    out: list[EntityMention] = []
    for i, m in enumerate(mentions):
        name = cleaned[i]
        code: str | None = None
        if m.label == "LOC":
            name = features.get(name.casefold(), name)
        if m.label == "PERSON":
            name = titled[i]
            tokens = tuple(name.casefold().split())
            cands = full_names.get(tokens, []) if tokens else sorted(persons)
            if cands:  # the nearest full name before this mention, else the first after it
                before = bisect.bisect_left(cands, (rank[i],))
                name = cands[before - 1 if before else 0][1]
            name = display_case(name)
        elif m.label in PLACE_LABELS:
            code = country_code_for(name)
            if code is not None:
                place = geocode(name)
                if place is not None and place.feature == "country" and is_english(language):
                    name = place.name
        elif m.label == "ORG" and name.isupper() and 2 <= len(name) <= 6 and name.isalpha():
            name = spelled_out.get(name, name)
        out.append(replace(m, canonical=name, entity_key=entity_key(m.label, name, code)))
    return out


def _features_by_stem(mentions: list[EntityMention], cleaned: list[str]) -> dict[str, str]:
    """Casefolded stem -> the natural feature's full name, for stems only one feature of the
    story has ("Mobile" beside both "Mobile River" and "Mobile Bay" stays as written) and no
    town, region or country has as its name (a town named after its river is the town:
    "PRICE, Utah" beside "the Price River")."""
    full: dict[str, set[str]] = defaultdict(set)
    for m, name in zip(mentions, cleaned, strict=True):
        if m.label == "LOC" and (stem := natural_stem(name)):
            full[stem.casefold()].add(name)
    return {
        stem: next(iter(names))
        for stem, names in full.items()
        if len(names) == 1 and ((place := geocode(stem)) is None or place.feature == "natural")
    }


def _full_names(persons: list[tuple[int, str]]) -> dict[tuple[str, ...], list[tuple[int, str]]]:
    """Each run of words a full name contains, shorter than the name (casefolded) -> the
    (rank, full name) mentions containing it, by rank: a partial name's candidates in one
    lookup, so a long story costs no more per mention than a short one."""
    index: dict[tuple[str, ...], set[tuple[int, str]]] = defaultdict(set)
    for r, full in persons:
        words = full.casefold().split()
        for n in range(1, len(full.split())):
            for k in range(len(words) - n + 1):
                index[tuple(words[k : k + n])].add((r, full))
    return {run: sorted(found) for run, found in index.items()}
