"""The benchmark's DuckDB queries: each one timed and returning rows.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench.queries import QUERIES, sql


@pytest.mark.slow
def test_queries_are_timed(bench):
    queries = bench[0]["queries"]
    assert [q["name"] for q in queries] == [
        "entity counts per week",
        "stories mentioning a place in a date range",
        "most quoted speakers",
    ]
    for q in queries:
        assert len(q["runs_ms"]) == 5
        assert q["median_ms"] > 0
        assert q["rows"] > 0, q["name"]


def test_every_query_file_is_packaged():
    for stem in [
        *(s for _, s in QUERIES),
        "last_run",
        "enriched_texts",
        "param_place",
        "param_dates",
    ]:
        assert sql(stem).strip().lower().startswith(("--", "select"))
