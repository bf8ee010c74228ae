"""One key per entity across stories: the value a warehouse query groups mentions by.

The rule (docs/quality.md, "Entity keys", has it with its limits):

* **People and organizations**: the fullest name the story gives the entity (which mentions
  are one entity is decided in the story by :func:`..canonical.canonicalize`: "Aliyev" after
  "Ilham Aliyev" is him), normalized: casefolded, accents folded, punctuation and
  possessives dropped, and for people the titles and honorifics in front of the name dropped
  ("President Ilham Aliyev's" -> ``person:ilham aliyev``); for organizations a trailing legal
  form ("Inc.", "Ltd") is dropped.
* **Places**: the gazetteer id when the place is geocoded (``place:geonames:587084``),
  otherwise the normalized name (``place:nagorno karabakh``).
* **Anything else**: the label and the normalized name (``norp:azerbaijani``).

The prefix is a label *family*, not the label: GPE, LOC and FAC are all ``place:`` because
the model's choice among them for one place varies from story to story, and a key must not.
Pure functions, no model, no I/O.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from storywire.tasks.enrich.entities.lexicon import PLACE_LABELS, TITLES
from storywire.tasks.enrich.geocode import geocode

__all__ = [
    "FAMILIES",
    "entity_key",
    "label_family",
    "normalize_name",
    "strip_titles",
]

#: Label -> the family that prefixes its key; a label not listed is its own family.
FAMILIES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    **dict.fromkeys(PLACE_LABELS, "place"),
}

# Small words that join a title's words ("Secretary of State", "Minister for Europe"): part
# of the title only between title words.
_TITLE_GLUE = frozenset({"of", "for", "the", "and"})
# Legal forms that follow a company's name in some stories and not in others.
_LEGAL_FORMS = frozenset(
    {"inc", "incorporated", "ltd", "limited", "plc", "llc", "corp", "co", "sa", "ag", "nv", "gmbh"}
)
_POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")


def label_family(label: str) -> str:
    """``person``, ``org``, ``place`` (GPE, LOC, FAC), else the label in lower case."""
    return FAMILIES.get(label, label.lower())


def _word(word: str) -> str:
    """A word for comparison: no trailing period, casefolded ("Mr." == "mr")."""
    return word.casefold().rstrip(".")


_TITLE_WORDS = frozenset(_word(t) for t in TITLES)  # once: strip_titles runs per mention


def strip_titles(name: str) -> str:
    """``name`` without the titles in front of it ("Foreign Minister Jeyhun Bayramov" ->
    "Jeyhun Bayramov"); a name that is all title words is kept whole ("President")."""
    words = name.split()
    titles = _TITLE_WORDS
    cut = 0  # words[:cut] are title words, glue only between two of them
    for i, word in enumerate(words[:-1]):
        w = _word(word)
        if w in titles:
            cut = i + 1
        elif not (w in _TITLE_GLUE and cut == i and i > 0):
            break
    if cut == len(words) - 1 and _word(words[-1]) in titles:
        return name
    return " ".join(words[cut:])


@lru_cache(maxsize=16_384)
def normalize_name(text: str) -> str:
    """Casefolded, accents folded, possessive and punctuation dropped, dashes as spaces:
    "Société Générale's" -> "societe generale", "U.S." -> "us", "Jean-Yves" -> "jean yves"."""
    text = unicodedata.normalize("NFKD", text.strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    for suffix in _POSSESSIVES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Pd" or ch.isspace():
            out.append(" ")
        elif not cat.startswith(("P", "S")):  # letters, digits, marks of other scripts
            out.append(ch)
    return " ".join("".join(out).split())


def _without_legal_form(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _country_geonames_id(name: str, country_code: str) -> int | None:
    place = geocode(name)
    if (
        place is not None
        and place.feature == "country"
        and place.country_code == country_code.upper()
    ):
        return place.geonames_id
    return None


@lru_cache(maxsize=16_384)  # pure, and called for every mention: names repeat within a batch
def entity_key(
    label: str,
    canonical: str,
    country_code: str | None = None,
    *,
    geonames_id: int | None = None,
) -> str:
    """Key grouping one entity's mentions across stories: ``person:ilham aliyev``,
    ``org:international monetary fund``, ``place:geonames:587084``, ``norp:armenian``.

    ``canonical`` is the story's canonical name of the mention; for a place, ``geonames_id``
    is the gazetteer id it was geocoded to, and ``country_code`` says that ``canonical``
    names that country (its gazetteer id is then looked up here).
    """
    family = label_family(label)
    if family == "place":
        if geonames_id is None and country_code:
            geonames_id = _country_geonames_id(canonical, country_code)
        if geonames_id is not None:
            return f"place:geonames:{geonames_id}"
    name = strip_titles(canonical) if family == "person" else canonical
    name = normalize_name(name)
    if family == "org":
        name = _without_legal_form(name)
    return f"{family}:{name}"
