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
    "home_zone",
    "is_known_agency",
]


@dataclass(frozen=True, slots=True)
class Agency:
    """One agency: the name the ``agency`` column uses, the other ways copy writes it, and
    its home zone: the IANA zone of the clock its copy is stamped with (its newsroom's), or
    None when the agency stamps in several zones or its copy always names the zone."""

    name: str
    spellings: tuple[str, ...] = ()
    zone: str | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.spellings)


AGENCIES: tuple[Agency, ...] = (
    # Global wire services.
    Agency("AP", ("Associated Press", "AP News", "Ассошиэйтед Пресс"), "America/New_York"),
    Agency("Reuters", ("Thomson Reuters", "Reuters News", "Рейтер", "Рейтерс")),
    Agency("AFP", ("Agence France-Presse", "Франс-Пресс", "АФП")),
    Agency("Bloomberg", ("Bloomberg News", "Bloomberg L.P.", "Блумберг")),
    Agency("UPI", ("United Press International",), "America/New_York"),
    Agency("Dow Jones", ("Dow Jones Newswires", "Dow Jones News Service"), "America/New_York"),
    # Press-release distributors.
    Agency("PR Newswire", ("PRNewswire-FirstCall", "PRNewswire-USNewswire", "PRN"), "America/New_York"),
    Agency("Business Wire", (), "America/New_York"),
    Agency("GlobeNewswire", ("GlobeNewswire Inc.",), "America/New_York"),
    Agency("Canada Newswire", ("CNW", "CNW Group"), "America/Toronto"),
    Agency("Accesswire", (), "America/New_York"),
    Agency("EIN Presswire", ()),
    # National agencies.
    Agency("Xinhua", ("Xinhuanet", "Синьхуа", "新华社", "Chine nouvelle"), "Asia/Shanghai"),
    Agency("TASS", ("ITAR-TASS", "ТАСС", "ИТАР-ТАСС", "TASS Russian News Agency"), "Europe/Moscow"),
    Agency("Interfax", ("Интерфакс", "Interfax.ru", "Interfax-Russia"), "Europe/Moscow"),
    Agency("RIA Novosti", ("RIA", "РИА Новости", "РИА"), "Europe/Moscow"),
    Agency("Sputnik", ("Спутник", "Sputnik News"), "Europe/Moscow"),
    Agency("dpa", ("Deutsche Presse-Agentur",), "Europe/Berlin"),
    Agency("ANSA", ("Agenzia Nazionale Stampa Associata",), "Europe/Rome"),
    Agency("EFE", ("Agencia EFE",), "Europe/Madrid"),
    Agency("Europa Press", (), "Europe/Madrid"),
    Agency("Kyodo", ("Kyodo News", "共同通信"), "Asia/Tokyo"),
    Agency("Jiji Press", ("Jiji", "時事通信"), "Asia/Tokyo"),
    Agency("Yonhap", ("Yonhap News", "연합뉴스"), "Asia/Seoul"),
    Agency("KCNA", ("Korean Central News Agency",), "Asia/Pyongyang"),
    Agency("PTI", ("Press Trust of India",), "Asia/Kolkata"),
    Agency("IANS", ("Indo-Asian News Service",), "Asia/Kolkata"),
    Agency("ANI", ("Asian News International",), "Asia/Kolkata"),
    Agency("CNA", ("Central News Agency",), "Asia/Taipei"),
    Agency("Anadolu", ("Anadolu Ajansı", "AA"), "Europe/Istanbul"),
    Agency("PA Media", ("Press Association", "PA", "PA News"), "Europe/London"),
    Agency("Canadian Press", ("CP", "La Presse canadienne", "Presse canadienne"), "America/Toronto"),
    Agency("AAP", ("Australian Associated Press",), "Australia/Sydney"),
    Agency("Bernama", (), "Asia/Kuala_Lumpur"),
    Agency("Antara", (), "Asia/Jakarta"),
    Agency("WAM", ("Emirates News Agency",), "Asia/Dubai"),
    Agency("SPA", ("Saudi Press Agency",), "Asia/Riyadh"),
    Agency("KUNA", ("Kuwait News Agency",), "Asia/Kuwait"),
    Agency("QNA", ("Qatar News Agency",), "Asia/Qatar"),
    Agency("MENA", ("Middle East News Agency",), "Africa/Cairo"),
    Agency("IRNA", ("Islamic Republic News Agency",), "Asia/Tehran"),
    Agency("WAFA", ()),
    Agency("NNA", ("National News Agency",), "Asia/Beirut"),
    Agency("APS", ("Algérie Presse Service",), "Africa/Algiers"),
    Agency("MAP", ("Maghreb Arabe Presse",), "Africa/Casablanca"),
    Agency("APA", ()),
    Agency("Trend", (), "Asia/Baku"),
    Agency("AzerTAc", (), "Asia/Baku"),
    Agency("Armenpress", (), "Asia/Yerevan"),
    Agency("Kazinform", (), "Asia/Almaty"),
    Agency("AKIpress", (), "Asia/Bishkek"),
    Agency("BelTA", (), "Europe/Minsk"),
    Agency("Ukrinform", (), "Europe/Kyiv"),
    Agency("UNIAN", (), "Europe/Kyiv"),
    Agency("PAP", ("Polish Press Agency",), "Europe/Warsaw"),
    Agency("ČTK", ("CTK",), "Europe/Prague"),
    Agency("MTI", (), "Europe/Budapest"),
    Agency("BTA", (), "Europe/Sofia"),
    Agency("Tanjug", (), "Europe/Belgrade"),
    Agency("HINA", (), "Europe/Zagreb"),
    Agency("Belga", ("Agence Belga",), "Europe/Brussels"),
    Agency("ANP", (), "Europe/Amsterdam"),
    Agency("Lusa", (), "Europe/Lisbon"),
    Agency("Keystone-ATS", ("ATS", "Agence télégraphique suisse"), "Europe/Zurich"),
    Agency("NTB", (), "Europe/Oslo"),
    Agency("Ritzau", (), "Europe/Copenhagen"),
    Agency("STT", (), "Europe/Helsinki"),
    Agency("Prensa Latina", (), "America/Havana"),
    Agency("Notimex", (), "America/Mexico_City"),
    Agency("HealthDay News", ("HealthDay",)),
    # Broadcasters and papers that credit datelines like agencies: "ATLANTA (CNN) —".
    Agency("CNN", ()),
    Agency("BBC", ("BBC News",), "Europe/London"),
    Agency("NHK", (), "Asia/Tokyo"),
    Agency("ABC", ()),
    Agency("Al Jazeera", ()),
    Agency("Arirang", (), "Asia/Seoul"),
    Agency("China Daily", (), "Asia/Shanghai"),
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


# Agencies whose regional services credit copy as "<agency>-<region>": "ИНТЕРФАКС-ЮГ",
# "Interfax-Ukraine", "ИНТЕРФАКС-СЕВЕРО-ЗАПАД".
_REGIONAL_SERVICES = frozenset({"Interfax"})


def _lookup(name: str) -> str | None:
    table = _by_key()
    key = fold_agency(name)
    if key in table:
        return table[key]
    head, dash, region = name.partition("-")
    if dash and region.strip() and table.get(fold_agency(head)) in _REGIONAL_SERVICES:
        return table[fold_agency(head)]
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


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {agency.name: agency.zone for agency in AGENCIES if agency.zone}


def home_zone(name: str | None) -> str | None:
    """The IANA zone an agency stamps its copy in (``ТАСС`` -> ``Europe/Moscow``), or None
    for a credit the table does not know or an agency without one home zone."""
    found = _lookup(name) if name and name.strip() else None
    return _zones().get(found) if found else None


def canonical_agency(name: str | None) -> str | None:
    """The table's name for a credit (``PR NEWSWIRE`` -> ``PR Newswire``), else the credit
    as written with its spacing tidied; None for a missing or blank credit."""
    if name is None:
        return None
    written = " ".join(name.split())
    if not written:
        return None
    return _lookup(written) or written
