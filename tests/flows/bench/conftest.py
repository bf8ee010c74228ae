"""One benchmark run on a few generated stories, shared by every test of its result.

A whole run ingests twice, then each language's stories alone, and loads spaCy each time, so
it runs once per session, not per module: a mixed run (English, Russian and French stories
interleaved), which holds every section a plain run has and the languages' parts.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench import run_benchmark

STORIES = 40
#: How the mixed input splits ``STORIES`` (``inputs.mixed_language``: three in five English).
LANGUAGES = {"en": 24, "ru": 8, "fr": 8}
#: The long-input cases at a size a test can afford (the real ones are 4.9 MB and 100,000 lines).
LONG_SMALL = (120_000, 3_000)


@pytest.fixture(scope="session")
def bench_stories() -> int:
    """How many stories the shared run ingests."""
    return STORIES


@pytest.fixture(scope="session")
def bench_languages() -> dict[str, int]:
    """How many of the shared run's stories are in each language."""
    return LANGUAGES


@pytest.fixture(scope="session")
def bench(tmp_path_factory, bench_stories):
    """(result, JSON file) of ``run_benchmark`` over ``bench_stories`` generated stories of
    the three languages."""
    work = tmp_path_factory.mktemp("bench")
    out = work.parent / "bench.json"
    result = run_benchmark(
        stories=bench_stories,
        processes=1,
        workdir=work / "run",
        json_out=out,
        source="mixed",
        corpora=work / "no-corpora",  # generated English stories, wherever the tests run
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
