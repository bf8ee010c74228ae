"""Geocoding a story's place mentions, with the countries it mentions as context.

The gazetteer lookups live in :mod:`storywire.tasks.enrich.geocode`; this module decides
which mentions are geocoded and what context each lookup gets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from storywire.tasks.enrich.entities.canonical import (
    clean_name,
    display_case,
    entity_key,
    is_english,
)
from storywire.tasks.enrich.geocode import (
    Place,
    country_code_for,
    geocode,
    normalize_place_name,
)
from storywire.tasks.records import EntityMention

__all__ = ["GEOCODED_LABELS", "geocode_story"]

GEOCODED_LABELS = frozenset({"GPE", "LOC"})  # FAC names ("White House") are not towns


def _with_place(m: EntityMention, place: Place | None, *, rename: bool = True) -> EntityMention:
    """``m`` with ``place``'s point and key; ``rename``: and its gazetteer name (English)."""
    if place is None:
        return m
    if place.reason:
        # The point is another place's (a river at its country's point, "Smalltown, Kenya"
        # at Kenya's): the mention keeps its own name and key, and takes the point.
        return replace(
            m,
            country_code=place.country_code,
            latitude=place.latitude,
            longitude=place.longitude,
        )
    code = place.country_code if place.feature == "country" else None
    name = place.name if rename and not _keeps_own_name(m.canonical, place) else m.canonical
    return replace(
        m,
        canonical=name,
        entity_key=entity_key(m.label, name, code, geonames_id=place.geonames_id),
        country_code=place.country_code,
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
    )


#: Subdivisions keep the name the story writes: the gazetteer names them as ISO 3166-2 does,
#: in the country's language ("Bayern", "Sichuan Sheng", "Dagestan, Respublika"), where
#: English copy writes "Bavaria", "Sichuan", "Dagestan" (grouping is by gazetteer id anyway).
_OWN_NAME_FEATURES = frozenset({"admin1", "admin2"})


def _keeps_own_name(name: str, place: Place) -> bool:
    """A subdivision named in full; an abbreviation takes the gazetteer's name ("Fla.",
    "NSW")."""
    abbreviated = name.endswith(".") or (name.isupper() and len(name) <= 5)
    return place.feature in _OWN_NAME_FEATURES and not abbreviated


def _one_name_per_place(mentions: list[EntityMention]) -> list[EntityMention]:
    """Every mention of one gazetteer place gets the name the story uses most for it (the
    first in the text on a tie): "Bavaria" three times and "Bayern" once are "Bavaria"."""
    names: dict[int, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.geonames_id is not None:
            names[m.geonames_id][m.canonical] += 1  # Counter keeps first-seen order on ties
    chosen = {gid: c.most_common(1)[0][0] for gid, c in names.items() if len(c) > 1}
    if not chosen:
        return mentions
    return [replace(m, canonical=chosen[m.geonames_id]) if m.geonames_id in chosen else m for m in mentions]


#: Kinds of place whose country counts as context once resolved: a state or a town says
#: which country a story is in as much as the country's name does.
_VOTING_FEATURES = frozenset({"city", "admin1", "admin2"})


def _country_code(name: str, english: bool) -> str | None:
    """The country ``name`` names. Another language's names of countries are not primary
    names in the gazetteer (French "Argentine" is an English adjective), so for a story in
    that language any country the name resolves to counts."""
    code = country_code_for(name)
    if code is None and not english:
        place = geocode(name)
        code = place.country_code if place is not None and place.feature == "country" else None
    return code


def _places_vote(mentions: list[EntityMention], context: Counter[str], english: bool = True) -> dict[str, str]:
    """The country of each named town or state (one vote per name, not per mention),
    resolved with the countries' context: "Atlanta" and "Savannah" put a story in the US,
    so its "Georgia" is the state; "Tbilisi" keeps the country."""
    votes: dict[str, str] = {}
    for m in mentions:
        if m.label not in GEOCODED_LABELS or m.canonical in votes:
            continue
        if _country_code(m.canonical, english):
            continue  # countries already voted, per mention
        place = geocode(m.canonical, context_countries=context)
        if place and place.country_code and not place.reason and place.feature in _VOTING_FEATURES:
            votes[m.canonical] = place.country_code
    return votes


def _longer_country_names(mentions: list[EntityMention], english: bool = True) -> dict[str, str]:
    """A country's short name -> the one longer country name of the story it ends:
    "Congo" after "Democratic Republic of Congo" is that country, not its neighbour (whose
    name the gazetteer gives in full), while "Sudan" beside "South Sudan" stays Sudan."""
    names = {m.canonical for m in mentions if m.label in GEOCODED_LABELS}
    countries = {n: c for n in names if (c := _country_code(n, english))}
    out: dict[str, str] = {}
    for short, code in countries.items():
        own = geocode(short)
        if own is not None and normalize_place_name(own.name) == normalize_place_name(short):
            continue  # a country's own name: "Sudan" beside "South Sudan" is Sudan
        fuller = {n for n, c in countries.items() if c != code and n.endswith(" " + short)}
        if len({countries[n] for n in fuller}) == 1:  # "Korea" beside North and South: no
            out[short] = min(fuller)
    return out


def geocode_story(
    mentions: list[EntityMention], dateline: str | None, *, language: str | None = None
) -> list[EntityMention]:
    """Geocode place mentions, using the story's countries and dateline as context.

    Context = one vote per country mention, one per town or state named (its country,
    see :func:`_places_vote`) and two for the dateline's country; a mention's own votes
    are left out when it is resolved ("Georgia" cannot vote for the country Georgia).
    A story not in English keeps its own names (``Москва``), keyed by the gazetteer id.
    """
    english = is_english(language)
    context: Counter[str] = Counter()
    own: dict[str, Counter[str]] = defaultdict(Counter)
    dateline_place = geocode(dateline) if dateline else None
    if dateline_place is not None and dateline_place.country_code:
        context[dateline_place.country_code] += 2
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            code = _country_code(m.canonical, english)
            if code:
                context[code] += 1
                own[m.canonical][code] += 1
    for name, code in _places_vote(mentions, context, english).items():
        context[code] += 1
        own[name][code] += 1
    longer = _longer_country_names(mentions, english)
    out = []
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            ctx = context - own.get(m.canonical, Counter())
            name = longer.get(m.canonical, m.canonical)
            m = _with_place(m, geocode(name, context_countries=ctx), rename=english)
        out.append(m)
    if dateline:
        place = geocode(dateline, context_countries=context) or dateline_place
        name = display_case(clean_name(dateline))
        mention = EntityMention(
            start=0,
            end=len(dateline),
            text=dateline,
            label="GPE",
            sentence=0,
            canonical=name,
            entity_key=entity_key("GPE", name),
            field="dateline",
        )
        out.insert(0, _with_place(mention, place, rename=english))
    return _one_name_per_place(out)
