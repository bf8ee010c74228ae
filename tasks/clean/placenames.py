"""Title-case the all-caps place names of wire datelines, in Latin and Cyrillic script.

``DAR ES SALAAM`` -> ``Dar es Salaam``, ``SAINT-ÉTIENNE`` -> ``Saint-Étienne``,
``РОСТОВ-НА-ДОНУ`` -> ``Ростов-на-Дону``, ``НЬЮ-ЙОРК`` -> ``Нью-Йорк``: the dateline
readers of ``tasks.clean.datelines`` and ``tasks.clean.datelines_ru_fr`` both store the
place the way a gazetteer writes it.
"""

from __future__ import annotations

import re

__all__ = ["normalize_place"]

# Particles written lower case inside a name ("Port-au-Prince", "Aix-en-Provence").
_SMALL_WORDS = frozenset(
    {"de", "del", "la", "le", "el", "al", "es", "du", "des", "da", "do", "dos", "das", "di",
     "of", "the", "upon", "au", "aux", "sur", "en", "am", "an", "der", "on", "and", "y",
     # French ("Villeneuve-lès-Avignon", "Boulogne-sur-Mer", "Pont-sous-...").
     "les", "lès", "lez", "sous",
     # Russian transcriptions ("Ростов-на-Дону", "Рио-де-Жанейро", "Дар-эс-Салам",
     # "Шарм-эш-Шейх", "Булонь-сюр-Мер", "Мар-дель-Плата").
     "на", "де", "дель", "ла", "ле", "эс", "эш", "эль", "аль", "сюр", "ан", "да", "дос"}
)  # fmt: skip
# French elided articles inside a name: "Villeneuve-d'Ascq", "Côte d'Ivoire".
_ELIDED_RE = re.compile(r"^([dl])(['’])(.+)$")
# One-letter prefix before an apostrophe, a capitalized element: "N'Djamena".
_PREFIX_RE = re.compile(r"^([a-z])(['’])(.+)$")


def _title_part(part: str, first: bool) -> str:
    """Title-case one hyphen/space-free chunk of an all-caps place name."""
    low = part.lower()
    if not first and low in _SMALL_WORDS:
        return low
    if low.startswith("mc") and len(low) > 2:
        return "Mc" + low[2].upper() + low[3:]
    if not first and (m := _ELIDED_RE.match(low)):
        return m.group(1) + m.group(2) + m.group(3)[:1].upper() + m.group(3)[1:]
    # "N'DJAMENA" -> "N'Djamena", but "SAN`A" -> "San`a": only a one-letter prefix
    # before an apostrophe is a separate capitalized element.
    m = _PREFIX_RE.match(low)
    if m:
        return m.group(1).upper() + m.group(2) + m.group(3)[:1].upper() + m.group(3)[1:]
    return low[:1].upper() + low[1:]


def normalize_place(name: str) -> str:
    """Return a reasonable title-cased form of an all-caps place name.

    Mixed-case names are already in their intended form and come back unchanged, so only
    the wire's shouting is undone: ``DAR ES SALAAM`` -> ``Dar es Salaam``,
    ``PORT-AU-PRINCE`` -> ``Port-au-Prince``, ``ST. PETERSBURG`` -> ``St. Petersburg``,
    ``САНКТ-ПЕТЕРБУРГ`` -> ``Санкт-Петербург``. Abbreviations with inner dots (``D.C.``,
    ``U.S.``) keep their capitals.
    """
    name = " ".join(name.split())
    if any(c.islower() for c in name):
        return name
    words = []
    for wi, word in enumerate(name.split(" ")):
        if re.fullmatch(r"(?:[A-Z]\.){2,}", word):
            words.append(word)
            continue
        chunks = word.split("-")
        words.append(
            "-".join(_title_part(c, first=wi == 0 and ci == 0) if c else c
                     for ci, c in enumerate(chunks))
        )
    return " ".join(words)
