"""Month names and date-line labels in the languages of European wire copy besides English.

``3 mars 2025``, ``le 12 juin 2024 à 08h05``, ``3 марта 2025 года``, ``12. Juni 2024 um
08:05 Uhr``: ``tasks.clean.timestamps`` reads these date lines with the month names here.

The names come from dateparser's locale data (CLDR month names with their genitive and
abbreviated forms, shipped inside the dateparser wheel, read once per process in a few
milliseconds), not from dateparser's parser: that one also reads relative and partial
dates ("hier", "в мае"), which must not date a story, and is slow on every line. A name
two languages give different months would be dropped (none does among those listed); a
name of fewer than three letters is too easily a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["LANGUAGES", "foreign_month_pattern", "label_pattern", "month_number", "update_label"]

# Languages whose wire copy writes dates day first with a month name.
LANGUAGES = ("fr", "es", "pt", "it", "de", "nl", "ca", "ro", "pl", "cs", "ru", "uk", "tr",
             "sv", "da", "nb", "fi")  # fmt: skip
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
_MIN_NAME_CHARS = 3

# Publication and update labels: "Publié le", "Mis à jour le", "Опубликовано", ...
_PUBLISHED = (
    r"publi[ée]e?|mis\s+en\s+ligne|publicad[oa]|pubblicat[oa]|ver[öo]ffentlicht|"
    r"gepubliceerd|publicat|opublikowano|publikov[áa]no|опубликовано|опубліковано|"
    r"yay[ıi]nlanma(?:\s+tarihi)?|publicerad|udgivet|publisert|julkaistu"
)
_UPDATED = (
    r"mis\s+[àa]\s+jour|actualizad[oa]|atualizad[oa]|aggiornat[oa]|aktualisiert|"
    r"bijgewerkt|actualitzat|actualizat|zaktualizowano|aktualizov[áa]no|обновлено|"
    r"оновлено|g[üu]ncelleme|g[üu]ncellenme(?:\s+tarihi)?|uppdaterad|opdateret|"
    r"oppdatert|p[äa]ivitetty"
)
_UPDATE_WORD = re.compile(_UPDATED, re.IGNORECASE)


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Folded month name -> month number, over ``LANGUAGES``."""
    from dateparser.languages.loader import default_loader  # deferred: data, read once

    table: dict[str, int] = {}
    clashes: set[str] = set()
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, ()):
                folded = name.casefold().rstrip(".")
                if len(folded) < _MIN_NAME_CHARS:
                    continue
                if table.get(folded, number) != number:
                    clashes.add(folded)
                table[folded] = number
    return {name: number for name, number in table.items() if name not in clashes}


def month_number(name: str) -> int | None:
    """The month a non-English month name names ("mars", "марта", "Juni"), or None."""
    return _months().get(name.casefold().rstrip("."))


@lru_cache(maxsize=1)
def foreign_month_pattern() -> str:
    """A regex alternation of every month name, longest first (so "marzo" before "mar")."""
    names = sorted(_months(), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def label_pattern() -> str:
    """Publication and update labels as a regex alternation (matched case-insensitively)."""
    return f"{_UPDATED}|{_PUBLISHED}"


def update_label(label: str) -> bool:
    """True for a label that dates an update ("Mis à jour", "Обновлено")."""
    return _UPDATE_WORD.search(label) is not None
