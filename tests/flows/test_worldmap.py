"""The report page's world map (``flows/worldmap.py``): outlines built once, then read."""

from __future__ import annotations

from storywire.flows import worldmap


def test_the_outlines_read_from_the_cache_are_those_a_build_makes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    worldmap.countries.cache_clear()
    try:
        built = worldmap.countries()  # built, and written to the cache
        assert list((tmp_path / "storywire").glob("worldmap-*.pickle"))
        worldmap.countries.cache_clear()
        read = worldmap.countries()  # read from it
    finally:
        worldmap.countries.cache_clear()
    assert read == built == worldmap._build_countries()
    assert len(built) > 150 and {"FR", "KE", "AZ"} <= {c.code for c in built}
    assert "AQ" not in {c.code for c in built}


def test_a_point_lands_where_its_coordinates_say():
    p = worldmap.Projection()
    assert p.xy(0.0, 0.0) == (500.0, p.height * 84.0 / 142.0)
    assert p.xy(90.0, -180.0) == (0.0, 0.0)  # clamped to the map's north
