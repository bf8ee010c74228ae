"""The benchmark's table: every measurement is named.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench import format_benchmark


@pytest.mark.slow
def test_table_names_every_measurement(bench):
    text = format_benchmark(bench[0])
    for needle in (
        "bare spaCy",
        "ingest flow",
        "re-run",
        "flow / bare",
        "most quoted speakers",
        "max proc RSS",
        "CPU s",
    ):
        assert needle in text


def test_the_table_gives_each_long_input_its_largest_process(bench):
    result, _ = bench
    text = format_benchmark(result)
    for name, d in result["long_stories"].items():
        (line,) = [ln for ln in text.splitlines() if ln.strip().startswith(name)]
        assert f"largest process {d['peak_rss_mb']:,.0f} MB" in line
