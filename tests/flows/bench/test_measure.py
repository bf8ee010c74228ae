"""The benchmark's measured processes: time, CPU and memory of the flow and of bare spaCy.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import os

import pytest


@pytest.mark.slow
@pytest.mark.parametrize("section", ["bare_spacy", "flow"])
def test_throughput_and_memory_are_positive(bench, section):
    part = bench[0][section]
    for key in ("seconds", "words_per_s", "stories_per_s", "peak_rss_mb"):
        assert part[key] > 0, key
    assert part["words_per_s"] == pytest.approx(part["words"] / part["seconds"], rel=1e-3)
    for tree in ("peak_tree_rss_mb", "peak_tree_pss_mb"):  # None only where /proc is missing
        assert part[tree] is None or part[tree] > 0
    quarters = part["largest_rss_by_quarter_mb"]  # sampled like the tree: None without /proc
    if quarters is not None:
        # four quarter peaks of the largest process; the model is loaded in every quarter but
        # the first, and no sample exceeds the tree's own sampled peak
        assert len(quarters) == 4 and all(q > 0 for q in quarters[1:])
        assert max(quarters) <= (part["peak_tree_rss_mb"] or max(quarters))
    # CPU of the whole process tree: at least the measured work ran on some CPU, and no more
    # than every CPU of the machine could give in the process's wall time
    wall = part.get("process_wall_seconds") or part.get("wall_seconds")
    assert 0.3 * part["seconds"] < part["process_cpu_seconds"] <= wall * (os.cpu_count() or 1) + 1


@pytest.mark.slow
def test_bare_spacy_saw_the_flows_texts(bench, bench_stories):
    bare = bench[0]["bare_spacy"]
    english = bench[0]["languages"]["en"]["stories"]
    assert bare["docs"] == bench[0]["input"]["texts_piped"] >= english  # headline + body per story
    assert bare["stories"] == english < bench_stories
    assert bare["tokens"] > bare["words"] / 2
    assert "ner" in bare["pipe_names"]


def test_a_small_child_of_a_big_process_is_measured_small(tmp_path):
    """The child's rusage starts from this process's size at the fork; the sampled peak
    is the child's own."""
    import sys

    from storywire.flows.bench.measure import measure

    ballast = bytearray(400 * 2**20)  # touched: resident in this process
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1
    code = "import time; b = bytearray(30 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5)"
    m = measure([sys.executable, "-c", code], dict(os.environ), tmp_path, "small", timeout=60)
    del ballast
    assert m.returncode == 0
    assert 30 < m.max_rss_mb < 200
