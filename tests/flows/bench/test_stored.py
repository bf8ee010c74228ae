"""``storywire bench --stored N``'s pieces on the small synthetic warehouse: the timed
duplicate lookup, the queries and the search, the targets and the table. (A whole run
ingests twice through Prefect and spaCy: minutes, not a test.)

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import pytest

from storywire.flows.bench import BenchmarkError, format_stored, run_stored_benchmark
from storywire.flows.bench.queries import QUERIES, time_queries, time_search
from storywire.flows.bench.stored import targets, time_dedup
from storywire.flows.bench.synthetic import COPY_LAG_DAYS, chunk_keys
from storywire.warehouse.lake import Warehouse

KEYS = ("stored", "per_1k_s", "per_1k_s_empty", "dedup_per_chunk_s", "peak_mb", "queries")


def test_the_chunk_is_a_few_days_of_stories_some_copying_stored_ones(built):
    _, root, _ = built
    keys = chunk_keys(Warehouse.open(root, create=False), 200)
    dates = [k[3] for k in keys]
    assert len(keys) == len({k[0] for k in keys}) == 200
    assert (max(dates) - min(dates)).days <= 3 + COPY_LAG_DAYS  # the chunk's own copies lag
    assert all(len(k[2]) == 512 for k in keys)


def test_the_dedup_lookup_is_timed_and_finds_the_planted_copies(built, tmp_path):
    _, root, _ = built
    from storywire.flows.bench.synthetic import copy_warehouse

    copy = copy_warehouse(root, tmp_path / "copy")  # time_dedup takes the writer lock
    dedup = time_dedup(copy, chunk=300, repeats=3)
    assert len(dedup["runs_s"]) == 3 and dedup["median_s"] > 0
    assert dedup["band_files"] > 0 and dedup["window_days"] == 31
    assert dedup["candidates"] >= 1  # 3% of the chunk copies stored stories of its days


def _result(built, tmp_path) -> dict:
    _, root, info = built
    queries = time_queries(root, repeats=2)
    queries.append(time_search(root, repeats=2))
    dedup = {
        "chunk": 10,
        "window_days": 31,
        "candidates": 0,
        "median_s": 0.2,
        "runs_s": [0.2],
        "band_files": 4,
        "band_mb": 0.1,
    }
    ingest = {
        "stories": 10,
        "duplicates": 1,
        "status": "completed",
        "seconds": 5.0,
        "wall_seconds": 20.0,
        "per_1k_s": 500.0,
        "peak_mb": 650.0,
        "largest_process_mb": 400.0,
        "tree_rss_mb": 900.0,
    }
    result = {
        "params": {"stories": 10, "processes": 2, "batch_size": 32, "model": "m"},
        "stored": 2000,
        "build": info,
        "input": {"files": 10, "source": "generated"},
        "per_1k_s": 590.0,
        "per_1k_s_empty": 500.0,
        "dedup_per_chunk_s": 0.2,
        "dedup_per_chunk_s_empty": 0.2,
        "peak_mb": 650.0,
        "peak_mb_empty": 640.0,
        "flow_peak_mb": 400.0,
        "flow_peak_mb_empty": 400.0,
        "ingest": {"stored": ingest, "empty": ingest},
        "dedup": {"stored": dedup, "empty": dedup},
        "queries": queries,
    }
    result["targets"] = targets(result)
    return result


def test_queries_and_search_are_timed_on_the_stored_warehouse(built, tmp_path):
    result = _result(built, tmp_path)
    assert set(KEYS) <= set(result)
    names = [q["name"] for q in result["queries"]]
    assert names == [name for name, _ in QUERIES] + ["search"]
    for q in result["queries"][:-1]:
        assert q["median_ms"] > 0, q["name"]
        # the README's "this month" and "September 2023" need stories of those dates
        assert q["rows"] > 0 or "month" in q["name"], q["name"]
    search = result["queries"][-1]
    assert (search["median_ms"] is not None and search["rows"] > 0) or search["skipped"]


def test_targets_and_table(built, tmp_path):
    result = _result(built, tmp_path)
    assert result["targets"]["per_1k_s_within_20pct_of_empty"]  # 590 <= 1.2 * 500
    assert result["targets"]["flow_peak_under_700_mb"]
    slower = {**result, "per_1k_s": 601.0, "flow_peak_mb": 720.0}
    assert targets(slower)["per_1k_s_within_20pct_of_empty"] is False
    assert targets(slower)["flow_peak_under_700_mb"] is False
    assert (
        targets({**slower, "params": {**slower["params"], "processes": 1}})["flow_peak_under_700_mb"]
        is None
    )
    # only the README's queries and the search have a latency target
    slow = [{**q, "median_ms": 5000.0} if q["name"] == "entity counts per week" else q for q in result["queries"]]
    assert targets({**result, "queries": slow})["readme_queries_and_search_under_1_s"] == result["targets"][
        "readme_queries_and_search_under_1_s"]
    slow = [{**q, "median_ms": 5000.0} if q["name"].startswith("README: ") else q for q in result["queries"]]
    assert targets({**result, "queries": slow})["readme_queries_and_search_under_1_s"] is False
    text = format_stored(result)
    for needle in (
        "--stored 2,000",
        "ingest s per 1,000 stories",
        "dedup lookup s per chunk",
        "peak MB",
        "peak MB (the flow process)",
        "entity counts per week",
        "search",
        "Targets:",
    ):
        assert needle in text


def test_refuses_a_workdir_holding_other_things(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(BenchmarkError, match="stored-"):
        run_stored_benchmark(10, stories=1, workdir=tmp_path, source="generated")
