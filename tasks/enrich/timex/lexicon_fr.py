"""French words for the TIMEX3 rules: months, weekdays, units, number words, tense cues.

``WORDS`` is what the shared normalizers (norms.py) ask; the regex fragments are what the
patterns of rules_fr are built from. Accents are optional where wire copy drops them
("fevrier", "aout", "apres-midi").
"""

from __future__ import annotations

import re

from storywire.tasks.enrich.timex.norms import Words
from storywire.tasks.enrich.timex.resolve import TenseCues

# --- regex fragments (months and weekdays are written lowercase) -----------------------

MONTH_RE = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre)"
)
MONTH_ABBR_RE = r"(?:janv|f[ée]vr?|avr|juil|sept|oct|nov|d[ée]c)\."
WEEKDAY_RE = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
PART_RE = r"(?:matin[ée]e|matin|apr[èe]s-midi|soir[ée]e|soir|nuit)"
UNIT_RE = (
    r"(?:secondes?|minutes?|heures?|jours?|journ[ée]es?|semaines?|mois|ans|an|ann[ée]es?"
    r"|d[ée]cennies?|si[èe]cles?|trimestres?|semestres?)"
)
# a relative word after its noun: "l'an dernier", "mardi prochain"
REL_AFTER_RE = r"(?:derni[èe]re?|pass[ée]e?|prochaine?|en\s+cours)"
POS_RE = r"(?P<pos>d[ée]but|fin|mi)"
POS_OF_RE = r"(?P<pos>d[ée]but|fin|milieu)"  # before "des années 1990", "du XXe siècle"

_SIMPLE = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "cent": 100, "et": 0, "demi": 0.5, "demie": 0.5,
}  # fmt: skip
_VAGUE = {"quelques", "plusieurs", "de nombreux", "de nombreuses", "des"}
_TENS = r"(?:vingt|trente|quarante|cinquante|soixante|quatre-vingts?)"
_ONES = r"(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix-sept|dix-huit|dix-neuf|dix|onze|douze|treize|quatorze|quinze|seize)"
# the letters a count or a word before it can begin with, for a cheap first test
NUMBER_FIRST = "vtqcsdhnuopmea"
NUMBER_RE = (
    rf"(?:\d+(?:[.,]\d+)?|{_TENS}(?:[- ]et[- ]une?|-{_ONES})?|dix-sept|dix-huit|dix-neuf"
    r"|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|cent|quelques|plusieurs)"
)

# --- meanings --------------------------------------------------------------------------

_PLAIN = str.maketrans("éèêëûùôîïàâç’", "eeeeuuoiiaac'")
_MONTH_PREFIX = {"jan": 1, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "aou": 8, "sep": 9,
                 "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
_WEEKDAY_PREFIX = {"lun": 1, "mar": 2, "mer": 3, "jeu": 4, "ven": 5, "sam": 6, "dim": 7}
_PARTS = {"mat": "morning", "apr": "afternoon", "soi": "evening", "nui": "night"}
_UNIT_PREFIX = (  # checked in order: "semestre" before "semaine", "an" last
    ("sec", "second"), ("min", "minute"), ("heu", "hour"), ("jour", "day"),
    ("semestre", "half"), ("sem", "week"), ("mois", "month"), ("dec", "decade"),
    ("sie", "century"), ("tri", "quarter"), ("week", "weekend"), ("an", "year"),
)  # fmt: skip
_REL = {"dernier": -1, "derniere": -1, "passe": -1, "passee": -1, "prochain": 1,
        "prochaine": 1, "ce": 0, "cet": 0, "cette": 0, "en cours": 0}  # fmt: skip


def plain(word: str) -> str:
    """Lowercase without accents, one space between words: the key of every lookup."""
    return re.sub(r"\s+", " ", word.lower().translate(_PLAIN)).strip()


def month(word: str) -> int | None:
    w = plain(word)
    if w.startswith("juin"):
        return 6
    if w.startswith("juil"):
        return 7
    return _MONTH_PREFIX.get(w[:3])


def weekday(word: str) -> int | None:
    return _WEEKDAY_PREFIX.get(plain(word)[:3])


def day_part(word: str) -> str | None:
    return _PARTS.get(plain(word)[:3])


def number(text: str) -> float | None:
    """A count as written ("25", "vingt-cinq", "quatre-vingt-dix"); None when vague."""
    t = plain(text).replace(",", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) if "." in t else int(t)
    if t in _VAGUE:
        return None
    t = re.sub(r"quatre-vingts?", "80", t)
    parts = re.split(r"[- ]", t)
    total = sum(int(p) if p.isdigit() else _SIMPLE.get(p, 0) for p in parts)
    return total or None


def unit(word: str) -> str | None:
    w = plain(word)
    return next((name for prefix, name in _UNIT_PREFIX if w.startswith(prefix)), None)


def rel(word: str) -> int | None:
    return _REL.get(plain(word).removeprefix("-"))


# --- tense cues ------------------------------------------------------------------------

_L = r"[a-zàâçéèêëîïôûùüÿœ]"
_FUTURE_RE = re.compile(
    rf"\b(?:va|vont|doit|doivent|devrait|devraient|pr[ée]vue?s?|demain|prochaine?s?|compte"
    rf"|comptent|entend|entendent|programm[ée]e?s?|aura\s+lieu|se\s+tiendra|ira|iront)\b"
    rf"|\b{_L}+(?:er|ir|dr|ur|vr|rr|tr)(?:a|ont)\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    rf"\b(?:a|ont|avait|avaient|avons|avez|eu|été|était|étaient|fut|furent|hier|derni[èe]re?"
    rf"|depuis|il\s+y\s+a)\b|\b{_L}{{2,}}(?:ait|aient)\b"
    # "est/sont" + participle is a past only with the verbs of motion and state that take
    # "être"; with any other ("sont annulés") it is a present passive
    rf"|\b(?:est|sont)\s+(?:{_L}+\s+)?(?:arriv|part|mort|né|venu|revenu|entr|sorti|tomb|rest"
    rf"|devenu|all|décéd|pass|mont|descendu|rentr|retourn){_L}*\b",
    re.IGNORECASE,
)
_PRESENT_RE = re.compile(r"\b(?:est|sont|reste|restent|demeure|actuellement)\b", re.IGNORECASE)
CUES = TenseCues(
    future=_FUTURE_RE,
    past=_PAST_RE,
    present=_PRESENT_RE,
    lead=re.compile(
        r"\b(depuis|dès|d['’]ici|jusqu['’](?:à|au|en)|avant|à\s+partir\s+d[eu]|à\s+compter\s+d[eu])"
        r"\s+(?:le\s+|la\s+|l['’])?$",
        re.IGNORECASE,
    ),
    plain_past=re.compile(r"\b(?:avait|avaient|était|étaient|a|ont)\b", re.IGNORECASE),
    sentence_end=re.compile(
        r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]*[A-ZÀÂÇÉÈÊÎÔ0-9])|\n\s*\n|\n(?=\s)"
    ),
    past_leads=frozenset({"depuis"}),
)


WORDS = Words(
    month=month,
    weekday=weekday,
    day_part=day_part,
    number=number,
    unit=unit,
    rel=rel,
    cues=CUES,
    pos={"debut": "START", "début": "START", "fin": "END", "mi": "MID", "milieu": "MID"},
    day_refs={
        "avant-hier": -2,
        "hier": -1,
        "aujourd'hui": 0,
        "demain": 1,
        "après-demain": 2,
        "apres-demain": 2,
    },
    dur_mods={
        "plus de": "MORE_THAN",
        "moins de": "LESS_THAN",
        "près de": "LESS_THAN",
        "presque": "LESS_THAN",
        "environ": "APPROX",
        "quelque": "APPROX",
        "au moins": "EQUAL_OR_MORE",
        "au plus": "EQUAL_OR_LESS",
    },
    set_words={
        "quotidiennement": "P1D",
        "hebdomadairement": "P1W",
        "mensuellement": "P1M",
        "annuellement": "P1Y",
    },
    refs={
        "actuellement": "PRESENT_REF",
        "maintenant": "PRESENT_REF",
        "à présent": "PRESENT_REF",
        "en ce moment": "PRESENT_REF",
        "récemment": "PAST_REF",
        "dernièrement": "PAST_REF",
        "à l'avenir": "FUTURE_REF",
        "prochainement": "FUTURE_REF",
        "bientôt": "FUTURE_REF",
        "dans le passé": "PAST_REF",
        "par le passé": "PAST_REF",
    },
    anaphors={
        "la veille": ("day", -1),
        "l'avant-veille": ("day", -2),
        "le lendemain": ("day", 1),
        "le surlendemain": ("day", 2),
        "le jour même": ("day", 0),
        "ce jour-là": ("day", 0),
        "l'année précédente": ("year", -1),
        "l'année suivante": ("year", 1),
        "l'an précédent": ("year", -1),
        "l'an suivant": ("year", 1),
        "la semaine précédente": ("week", -1),
        "la semaine suivante": ("week", 1),
        "le mois précédent": ("month", -1),
        "le mois suivant": ("month", 1),
        "cette année-là": ("year", 0),
    },
    seasons={
        "été": "summer",
        "ete": "summer",
        "hiver": "winter",
        "printemps": "spring",
        "automne": "fall",
    },
    ordinals={
        "premier": 1,
        "1er": 1,
        "deuxième": 2,
        "2e": 2,
        "2ème": 2,
        "second": 2,
        "troisième": 3,
        "3e": 3,
        "3ème": 3,
        "quatrième": 4,
        "4e": 4,
        "4ème": 4,
    },
    directions={"il y a": -1, "dans": 1},
    noon={"midi": "noon", "minuit": "midnight"},
)
