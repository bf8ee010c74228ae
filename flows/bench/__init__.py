"""``storywire bench``: how much the whole pipeline costs next to bare spaCy, on one machine.

Four measurements in one run, over the same stories:

1. **bare spaCy** -- ``nlp.pipe(texts, batch_size, n_process)`` with the very pipeline the
   flow uses (``load_nlp``), over the headlines and bodies the flow itself extracted, in a
   child process so its peak RSS is its own;
2. **the ingest flow** end to end (raw files on disk -> warehouse), as the ``storywire ingest``
   console script with its own ``PREFECT_HOME`` (so Prefect starts its temporary server);
3. **an incremental re-run** over the unchanged folder (every file must be skipped);
4. **typical DuckDB queries** over the resulting warehouse (median of 5).

Throughput is words per second, where words are the flow's own ``word_count`` of the story
bodies, so both sides share the numerator and the ratio is simply bare time / flow time. The
flow's side uses the seconds the flow records in its ``runs`` row (model load, fetch, clean,
dedup, NLP, temporal rules, quotes, commits, checks), not the subprocess wall time, which
also holds interpreter start, imports and Prefect's temporary server start-up (a constant of
several seconds that says nothing about per-story cost); the wall time is reported too.

Input: the real stories of ``../shared/corpora`` (lee_news, tbaq, ieer) when present, read at
run time only and written as raw files into ``WORKDIR/input``; otherwise, or with
``source="generated"``, varied wire stories generated from templates (``generate_story``).

The package: ``inputs`` (corpus or generated stories written as raw files), ``measure``
(a child process's time, CPU and memory; the bare-spaCy child), ``queries`` (what is read
from the warehouse, SQL in ``queries/*.sql``), ``run`` (the four measurements, one dict) and
``report`` (the table ``storywire bench`` prints); ``synthetic`` (a warehouse of N generated
stored stories) and ``stored`` (``storywire bench --stored N``: ingest, the duplicate lookup,
queries and a search on it, next to an empty warehouse).
"""

from __future__ import annotations

from storywire.flows.bench.errors import BenchmarkError
from storywire.flows.bench.inputs import DEFAULT_CORPORA, generate_story, write_input
from storywire.flows.bench.report import format_benchmark, format_stored
from storywire.flows.bench.run import LONG_STORIES, run_benchmark
from storywire.flows.bench.stored import run_stored_benchmark

__all__ = [
    "DEFAULT_CORPORA",
    "LONG_STORIES",
    "BenchmarkError",
    "format_benchmark",
    "format_stored",
    "generate_story",
    "run_benchmark",
    "run_stored_benchmark",
    "write_input",
]
