"""One benchmark run on a few generated stories, shared by every test of its result.

A whole run ingests twice and loads spaCy twice, so it runs once per session, not per module.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench import run_benchmark

STORIES = 40
#: The long-input cases at a size a test can afford (the real ones are 4.9 MB and 100,000 lines).
LONG_SMALL = (120_000, 3_000)


@pytest.fixture(scope="session")
def bench_stories() -> int:
    """How many stories the shared run ingests."""
    return STORIES


@pytest.fixture(scope="session")
def bench(tmp_path_factory, bench_stories):
    """(result, JSON file) of ``run_benchmark`` over ``bench_stories`` generated stories."""
    work = tmp_path_factory.mktemp("bench")
    out = work.parent / "bench.json"
    result = run_benchmark(
        stories=bench_stories,
        processes=1,
        workdir=work / "run",
        json_out=out,
        source="generated",
        long_stories=LONG_SMALL,
    )
    return result, out


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(cache folder, warehouse, build info) of a synthetic stored warehouse of 2,000 stories
    in two commits of 1,000 (``storywire bench --stored``)."""
    from storywire.flows.bench.synthetic import stored_warehouse

    cache = tmp_path_factory.mktemp("stored")
    root, info = stored_warehouse(cache, 2000, batch=1000)
    return cache, root, info
