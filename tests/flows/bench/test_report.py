"""The benchmark's table: every measurement is named.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench import format_benchmark


@pytest.mark.slow
def test_table_names_every_measurement(bench):
    text = format_benchmark(bench[0])
    for needle in ("bare spaCy", "ingest flow", "re-run", "flow / bare", "most quoted speakers", "max proc RSS",
                   "CPU s"):
        assert needle in text
