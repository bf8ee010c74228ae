"""``storywire bench`` on a few generated stories: every section is there and consistent.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import json

import pytest

from storywire.flows.bench import run_benchmark


@pytest.mark.slow
def test_every_section_is_present(bench, bench_stories):
    result, _ = bench
    for section in (
        "machine",
        "params",
        "input",
        "bare_spacy",
        "flow",
        "ratio",
        "incremental",
        "queries",
    ):
        assert section in result, section
    assert result["input"]["files"] == bench_stories
    assert result["input"]["source"] == "mixed" and result["input"]["english_source"] == "generated"
    assert result["flow"]["status"] == "completed"
    assert result["flow"]["stories"] == bench_stories
    # the flow reads every language; bare spaCy, the English stories (what it can read)
    assert result["flow"]["words"] == result["input"]["words"] > result["bare_spacy"]["words"]
    assert result["bare_spacy"]["words"] == result["languages"]["en"]["words"]


@pytest.mark.slow
def test_ratio_is_flow_over_bare_on_the_same_stories(bench):
    result, _ = bench
    english = result["languages"]["en"]
    ratio = english["words_per_s"] / result["bare_spacy"]["words_per_s"]
    assert result["ratio"]["flow_over_bare_words_per_s"] == pytest.approx(ratio, rel=1e-3)
    assert result["ratio"]["basis"] == "English stories ingested alone"
    # The subprocess wall time holds the in-flow time plus interpreter and Prefect start-up.
    assert result["flow"]["wall_seconds"] > result["flow"]["seconds"]


@pytest.mark.slow
def test_second_run_skipped_every_file(bench, bench_stories):
    inc = bench[0]["incremental"]
    assert inc["files_seen"] == inc["files_skipped"] == bench_stories
    assert inc["stories_ingested"] == 0
    assert inc["share_of_first"] == pytest.approx(
        inc["seconds"] / bench[0]["flow"]["seconds"], rel=1e-3
    )
    assert inc["share_of_first"] > 0


@pytest.mark.slow
def test_json_written_and_equal_to_result(bench):
    result, out = bench
    assert json.loads(out.read_text(encoding="utf-8")) == result


def test_refuses_a_used_workdir(tmp_path):
    (tmp_path / "leftover.txt").write_text("x")
    with pytest.raises(RuntimeError, match="not empty"):
        run_benchmark(stories=1, workdir=tmp_path, source="generated")


def test_each_long_input_is_ingested_alone(bench):
    """The long prose story and the file of short lines each go to a warehouse of their own,
    as one source, and the largest process's peak is measured for each."""
    result, _ = bench
    runs = result["long_stories"]
    assert set(runs) == {"long_prose", "short_lines"}
    assert runs["long_prose"]["bytes"] > 100_000 and runs["short_lines"]["lines"] > 3_000
    for d in runs.values():
        assert d["stories"] + d["rejected"] == 1, d
        assert d["peak_rss_mb"] and d["peak_tree_rss_mb"] >= d["peak_rss_mb"] * 0.99
    # the prose story is enriched, so an NER worker ran, smaller than the whole tree
    prose = runs["long_prose"]
    assert prose["entities"] > 0 and 0 < prose["ner_worker_peak_rss_mb"] < prose["peak_tree_rss_mb"]
