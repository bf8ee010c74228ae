"""Labels, word lists and the whitespace rule the entity modules share.

Lists are lower-case unless they match written forms (agency spellings); membership is
tested on ``token.lower_`` or ``str.casefold()`` by the callers.
"""

from __future__ import annotations

import re

__all__ = [
    "DASHES",
    "DETERMINERS",
    "KEEP_DETERMINER",
    "MONTHS_DAYS",
    "NAMED_LABELS",
    "NAME_STOPS",
    "NEWS_AGENCIES",
    "NO_COMMA",
    "NO_NUMBERS",
    "ORG_CONNECTORS",
    "PLACE_LABELS",
    "POSSESSIVE",
    "SHORT_WORDS",
    "TITLES",
    "norm_form",
]

# Name-like spaCy labels. Numeric ones (DATE, MONEY, CARDINAL...) belong to the TIMEX and
# quantity extractors, not to the entity table.
NAMED_LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Wire services and their usual spellings in credits and datelines.
NEWS_AGENCIES: tuple[str, ...] = (
    "Reuters",
    "REUTERS",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "TASS",
    "ITAR-TASS",
    "Itar-Tass",
    "Xinhua",
    "XINHUA",
    "Interfax",
    "INTERFAX",
    "UPI",
    "United Press International",
    "dpa",
    "DPA",
    "Kyodo",
    "Kyodo News",
    "Yonhap",
    "ANSA",
    "EFE",
    "PTI",
    "Press Trust of India",
    "IANS",
    "IRNA",
    "Anadolu",
    "Anadolu Agency",
    "RIA Novosti",
    "Ria Novosti",
    "Sputnik",
    "Bloomberg",
    "Azertac",
    "AZERTAC",
    "BelTA",
    "Ukrinform",
    "Bernama",
    "KCNA",
    "CTK",
    "PAP",
    "MTI",
    "BTA",
    "Tanjug",
    "HINA",
    "ANP",
    "Belga",
    "KUNA",
    "QNA",
    "WAFA",
)

# Titles and honorifics that news prefixes to names; they are not part of the PERSON span.
TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice-president",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "sheikh",
        "emir",
        "sultan",
        "gen",
        "gen.",
        "general",
        "col",
        "col.",
        "colonel",
        "maj",
        "maj.",
        "major",
        "capt",
        "capt.",
        "captain",
        "lt",
        "lt.",
        "lieutenant",
        "sgt",
        "sgt.",
        "sergeant",
        "adm",
        "adm.",
        "admiral",
        "cmdr",
        "gov",
        "gov.",
        "governor",
        "sen",
        "sen.",
        "senator",
        "rep",
        "rep.",
        "representative",
        "congressman",
        "congresswoman",
        "judge",
        "justice",
        "mayor",
        "ambassador",
        "secretary",
        "minister",
        "deputy",
        "foreign",
        "finance",
        "defence",
        "defense",
        "interior",
        "state",
        "rev",
        "rev.",
        "reverend",
        "father",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "ayatollah",
        "chairman",
        "chairwoman",
        "chief",
        "executive",
        "ceo",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "champion",
        "leader",
        "spokesman",
        "spokeswoman",
        "commissioner",
        "director",
    ]
)

DETERMINERS = frozenset({"the", "a", "an"})
# Labels whose names keep a leading "the" (titles of works, "the Clean Air Act").
KEEP_DETERMINER = frozenset({"WORK_OF_ART", "LAW"})
# Trailing possessives are not part of a name ("Kenya 's").
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S"})
# Small words an acronym skips ("International Monetary Fund" -> IMF).
ORG_CONNECTORS = frozenset(
    {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "on", "in"}
)

# Short headline words that are words, not acronyms (the rest of <=3 letters stay upper).
_SHORT_WORDS_TEXT = """new old top win won cup day war oil set cut run out off bid big key low gas tax job
    aid act end age air arm art ban bar bed bit box boy bus buy car die dog due eye fan far
    few fit fly fun gap get gun hit hot ice ill jet law lay led let lie lot man men met mix
    net now odd own pay pot put raw red rid row sad saw say sea see sky son sun ten tie tip
    too try use vow way wet yes yet ago ask bad cap cop cry dry hat hurt kid lag lead mad
    mid pop pro rise sell sue sum tip toll van vet vie vote war win woe zoo"""
SHORT_WORDS = frozenset(_SHORT_WORDS_TEXT.split())

# Months and weekdays in front of a name ("the September Treasury auction") are not part of it.
MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "jan.",
        "feb",
        "feb.",
        "mar",
        "mar.",
        "apr",
        "apr.",
        "jun",
        "jun.",
        "jul",
        "jul.",
        "aug",
        "aug.",
        "sep",
        "sep.",
        "sept",
        "sept.",
        "oct",
        "oct.",
        "nov",
        "nov.",
        "dec",
        "dec.",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# A spaced dash ends a headline slug ("CRICKET - LEICESTERSHIRE").
DASHES = frozenset({"-", "--", "–", "—", "_"})
# Labels whose names hold no number (NO_NUMBERS) or comma (NO_COMMA): one there is a boundary.
NO_NUMBERS = frozenset({"PERSON", "GPE", "LOC", "NORP", "LANGUAGE"})
NO_COMMA = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC", "LANGUAGE"})
# Function words that end a company name read back from its suffix, even capitalised ("By").
NAME_STOPS = frozenset(
    {"the", "a", "an", "by", "in", "at", "for", "from", "to", "on", "with", "and", "of"}
)

_SPACE_RUN_RE = re.compile(r"\s+")


def norm_form(text: str) -> str:
    """``text`` with whitespace runs as single spaces, stripped: how surface forms compare."""
    return _SPACE_RUN_RE.sub(" ", text).strip()
