"""The benchmark's DuckDB queries: each one timed and returning rows.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from storywire.flows.bench.queries import QUERIES, sql


@pytest.mark.slow
def test_queries_are_timed(bench):
    queries = bench[0]["queries"]
    assert [q["name"] for q in queries] == [name for name, _ in QUERIES]
    for q in queries:
        assert len(q["runs_ms"]) == 5
        assert q["median_ms"] > 0
    rows = {q["name"]: q["rows"] for q in queries}
    for name in ("entity counts per week", "stories mentioning a place in a date range",
                 "most quoted speakers", "README: the people quoted most", "README: places mentioned per week"):
        assert rows[name] > 0, name


def test_the_readme_examples_are_the_queries_timed():
    """The README's example queries, word for word, are what the benchmark times at scale."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    shown = [s.strip() for s in block.split(";\n") if s.strip()]
    timed = [sql(stem).strip() for _, stem in QUERIES if stem.startswith("readme_")]
    assert shown == timed


def test_every_query_file_is_packaged():
    for stem in [
        *(s for _, s in QUERIES),
        "last_run",
        "enriched_texts",
        "param_place",
        "param_dates",
    ]:
        assert sql(stem).strip().lower().startswith(("--", "select"))
