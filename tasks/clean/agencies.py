"""News agencies and their spellings: the one table of agency knowledge, and its normaliser.

Wire copy credits the same agency many ways: ``(AP)``, ``The Associated Press``,
``PRNewswire``, ``PR NEWSWIRE``, ``ITAR-TASS``, ``ТАСС``. The ``agency`` column should hold
one name per agency, so every credit is folded (case, punctuation, spacing, a leading
"The") and looked up here; a credit the table does not know is kept as written.

Datelines ask :func:`is_known_agency` whether a parenthesized word is an agency; other
modules that need agency names read :data:`AGENCIES` instead of keeping a list of their own.
Abbreviations shared by two agencies (``APA``, ``CNA``) are given to the one most often met
in English, Russian and French wire copy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "AGENCIES",
    "Agency",
    "agency_forms",
    "canonical_agency",
    "fold_agency",
    "is_known_agency",
]


@dataclass(frozen=True, slots=True)
class Agency:
    """One agency: the name the ``agency`` column uses, and the other ways copy writes it."""

    name: str
    spellings: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


AGENCIES: tuple[Agency, ...] = (
    # Global wire services.
    Agency("AP", ("Associated Press", "AP News", "Ассошиэйтед Пресс")),
    Agency("Reuters", ("Thomson Reuters", "Reuters News", "Рейтер", "Рейтерс")),
    Agency("AFP", ("Agence France-Presse", "Франс-Пресс")),
    Agency("Bloomberg", ("Bloomberg News", "Bloomberg L.P.", "Блумберг")),
    Agency("UPI", ("United Press International",)),
    Agency("Dow Jones", ("Dow Jones Newswires", "Dow Jones News Service")),
    # Press-release distributors.
    Agency("PR Newswire", ("PRNewswire-FirstCall", "PRNewswire-USNewswire", "PRN")),
    Agency("Business Wire", ()),
    Agency("GlobeNewswire", ("GlobeNewswire Inc.",)),
    Agency("Canada Newswire", ("CNW", "CNW Group")),
    Agency("Accesswire", ()),
    Agency("EIN Presswire", ()),
    # National agencies.
    Agency("Xinhua", ("Xinhuanet", "Синьхуа", "新华社", "Chine nouvelle")),
    Agency("TASS", ("ITAR-TASS", "ТАСС", "ИТАР-ТАСС", "TASS Russian News Agency")),
    Agency("Interfax", ("Интерфакс",)),
    Agency("RIA Novosti", ("RIA", "РИА Новости", "РИА")),
    Agency("Sputnik", ("Спутник", "Sputnik News")),
    Agency("dpa", ("Deutsche Presse-Agentur",)),
    Agency("ANSA", ("Agenzia Nazionale Stampa Associata",)),
    Agency("EFE", ("Agencia EFE",)),
    Agency("Europa Press", ()),
    Agency("Kyodo", ("Kyodo News", "共同通信")),
    Agency("Jiji Press", ("Jiji", "時事通信")),
    Agency("Yonhap", ("Yonhap News", "연합뉴스")),
    Agency("KCNA", ("Korean Central News Agency",)),
    Agency("PTI", ("Press Trust of India",)),
    Agency("IANS", ("Indo-Asian News Service",)),
    Agency("ANI", ("Asian News International",)),
    Agency("CNA", ("Central News Agency",)),
    Agency("Anadolu", ("Anadolu Ajansı", "AA")),
    Agency("PA Media", ("Press Association", "PA", "PA News")),
    Agency("Canadian Press", ("CP", "La Presse canadienne", "Presse canadienne")),
    Agency("AAP", ("Australian Associated Press",)),
    Agency("Bernama", ()),
    Agency("Antara", ()),
    Agency("WAM", ("Emirates News Agency",)),
    Agency("SPA", ("Saudi Press Agency",)),
    Agency("KUNA", ("Kuwait News Agency",)),
    Agency("QNA", ("Qatar News Agency",)),
    Agency("MENA", ("Middle East News Agency",)),
    Agency("IRNA", ("Islamic Republic News Agency",)),
    Agency("WAFA", ()),
    Agency("NNA", ("National News Agency",)),
    Agency("APS", ("Algérie Presse Service",)),
    Agency("MAP", ("Maghreb Arabe Presse",)),
    Agency("APA", ()),
    Agency("Trend", ()),
    Agency("AzerTAc", ()),
    Agency("Armenpress", ()),
    Agency("Kazinform", ()),
    Agency("AKIpress", ()),
    Agency("BelTA", ()),
    Agency("Ukrinform", ()),
    Agency("UNIAN", ()),
    Agency("PAP", ("Polish Press Agency",)),
    Agency("ČTK", ("CTK",)),
    Agency("MTI", ()),
    Agency("BTA", ()),
    Agency("Tanjug", ()),
    Agency("HINA", ()),
    Agency("Belga", ("Agence Belga",)),
    Agency("ANP", ()),
    Agency("Lusa", ()),
    Agency("Keystone-ATS", ("ATS", "Agence télégraphique suisse")),
    Agency("NTB", ()),
    Agency("Ritzau", ()),
    Agency("STT", ()),
    Agency("Prensa Latina", ()),
    Agency("Notimex", ()),
    Agency("HealthDay News", ("HealthDay",)),
    # Broadcasters and papers that credit datelines like agencies: "ATLANTA (CNN) —".
    Agency("CNN", ()),
    Agency("BBC", ("BBC News",)),
    Agency("NHK", ()),
    Agency("ABC", ()),
    Agency("Al Jazeera", ()),
    Agency("Arirang", ()),
    Agency("China Daily", ()),
)  # fmt: skip

# Generic tails a credit may carry ("Xinhua News Agency", "TASS news agency").
_TAILS = ("news agency", "press agency", "news service", "wire service", "agency", "newswires")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_agency(name: str) -> str:
    """The lookup key of a credit: case, punctuation, spacing and a leading "The" folded."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return _NOT_WORD.sub("", text)


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    return {fold_agency(form): agency.name for agency in AGENCIES for form in agency.forms}


def _lookup(name: str) -> str | None:
    table = _by_key()
    key = fold_agency(name)
    if key in table:
        return table[key]
    low = " ".join(name.casefold().split())
    for tail in _TAILS:
        if low.endswith(" " + tail) and (found := table.get(fold_agency(low[: -len(tail)]))):
            return found
    return None


@lru_cache(maxsize=1)
def agency_forms() -> frozenset[str]:
    """Every spelling in the table, as written (names and their variants)."""
    return frozenset(form for agency in AGENCIES for form in agency.forms)


def is_known_agency(name: str) -> bool:
    """True when ``name`` is a spelling of an agency in the table."""
    return _lookup(name) is not None


def canonical_agency(name: str | None) -> str | None:
    """The table's name for a credit (``PR NEWSWIRE`` -> ``PR Newswire``), else the credit
    as written with its spacing tidied; None for a missing or blank credit."""
    if name is None:
        return None
    written = " ".join(name.split())
    if not written:
        return None
    return _lookup(written) or written
