"""Geocoding a story's place mentions, with the countries it mentions as context.

The gazetteer lookups live in :mod:`storywire.tasks.enrich.geocode`; this module decides
which mentions are geocoded and what context each lookup gets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from storywire.tasks.enrich.entities.canonical import clean_name, display_case, entity_key
from storywire.tasks.enrich.geocode import Place, country_code_for, geocode
from storywire.tasks.records import EntityMention

__all__ = ["GEOCODED_LABELS", "geocode_story"]

GEOCODED_LABELS = frozenset({"GPE", "LOC"})  # FAC names ("White House") are not towns


def _with_place(m: EntityMention, place: Place | None) -> EntityMention:
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
    return replace(
        m,
        canonical=place.name,
        entity_key=entity_key(m.label, place.name, code, geonames_id=place.geonames_id),
        country_code=place.country_code,
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
    )


def geocode_story(mentions: list[EntityMention], dateline: str | None) -> list[EntityMention]:
    """Geocode place mentions, using the story's countries and dateline as context.

    Context = one vote per country mention and two for the dateline's country; a
    mention's own votes are left out when it is resolved ("Georgia" cannot vote for
    the country Georgia).
    """
    context: Counter[str] = Counter()
    own: dict[str, Counter[str]] = defaultdict(Counter)
    dateline_place = geocode(dateline) if dateline else None
    if dateline_place is not None and dateline_place.country_code:
        context[dateline_place.country_code] += 2
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            code = country_code_for(m.canonical)
            if code:
                context[code] += 1
                own[m.canonical][code] += 1
    out = []
    for m in mentions:
        if m.label in GEOCODED_LABELS:
            ctx = context - own.get(m.canonical, Counter())
            m = _with_place(m, geocode(m.canonical, context_countries=ctx))
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
        out.insert(0, _with_place(mention, place))
    return out
