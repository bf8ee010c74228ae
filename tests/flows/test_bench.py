"""``storywire bench`` on a few generated stories: every section is there and consistent.

These tests check that the benchmark runs and reports, never how fast anything is.
"""

from __future__ import annotations

import json
import os
import random

import pytest

from storywire.flows.bench import (
    DEFAULT_CORPORA,
    InputDoc,
    _cycled,
    format_benchmark,
    generate_story,
    run_benchmark,
    write_input,
)

N = 40


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out = work.parent / "bench.json"
    result = run_benchmark(stories=N, processes=1, workdir=work / "run", json_out=out, source="generated")
    return result, out


@pytest.mark.slow
def test_every_section_is_present(bench):
    result, _ = bench
    for section in ("machine", "params", "input", "bare_spacy", "flow", "ratio", "incremental", "queries"):
        assert section in result, section
    assert result["input"]["files"] == N
    assert result["input"]["source"] == "generated"
    assert result["flow"]["status"] == "completed"
    assert result["flow"]["stories"] == N
    assert result["flow"]["words"] == result["input"]["words"] == result["bare_spacy"]["words"]


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
def test_ratio_is_flow_over_bare(bench):
    result, _ = bench
    ratio = result["flow"]["words_per_s"] / result["bare_spacy"]["words_per_s"]
    assert result["ratio"]["flow_over_bare_words_per_s"] == pytest.approx(ratio, rel=1e-3)
    # The subprocess wall time holds the in-flow time plus interpreter and Prefect start-up.
    assert result["flow"]["wall_seconds"] > result["flow"]["seconds"]


@pytest.mark.slow
def test_bare_spacy_saw_the_flows_texts(bench):
    bare = bench[0]["bare_spacy"]
    assert bare["docs"] == bench[0]["input"]["texts_piped"] >= N  # headline + body per story
    assert bare["tokens"] > bare["words"] / 2
    assert "ner" in bare["pipe_names"]


@pytest.mark.slow
def test_second_run_skipped_every_file(bench):
    inc = bench[0]["incremental"]
    assert inc["files_seen"] == inc["files_skipped"] == N
    assert inc["stories_ingested"] == 0
    assert inc["share_of_first"] == pytest.approx(inc["seconds"] / bench[0]["flow"]["seconds"], rel=1e-3)
    assert inc["share_of_first"] > 0


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


@pytest.mark.slow
def test_json_written_and_equal_to_result(bench):
    result, out = bench
    assert json.loads(out.read_text(encoding="utf-8")) == result


@pytest.mark.slow
def test_table_names_every_measurement(bench):
    text = format_benchmark(bench[0])
    for needle in ("bare spaCy", "ingest flow", "re-run", "flow / bare", "most quoted speakers", "max proc RSS",
                   "CPU s"):
        assert needle in text


def test_refuses_a_used_workdir(tmp_path):
    (tmp_path / "leftover.txt").write_text("x")
    with pytest.raises(RuntimeError, match="not empty"):
        run_benchmark(stories=1, workdir=tmp_path, source="generated")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_stories_vary_and_look_like_wire_copy(seed):
    rng = random.Random(seed)
    stories = [generate_story(i, rng) for i in range(30)]
    texts = [t for t, _ in stories]
    assert len(set(texts)) == len(texts)
    assert len({t.split("\n", 1)[0] for t in texts}) > 10  # headlines vary
    for text, published in stories:
        headline, _, body = text.partition("\n\n")
        assert headline and '"' in body and len(body.split()) > 60
        assert published[:2] == "20"


def test_write_input_generated(tmp_path):
    info = write_input(tmp_path / "in", 12, source="generated")
    files = sorted((tmp_path / "in").glob("*.txt"))
    assert info["files"] == len(files) == 12
    assert len({f.read_bytes() for f in files}) == 12


def test_cycling_makes_numbered_distinct_copies():
    base = [InputDoc("a", "First story.\n"), InputDoc("b", "Second story.\n", "2020-01-02", "tbaq")]
    docs = list(_cycled(base, 5))
    assert [d.name for d in docs] == ["000000_a", "000001_b", "000002_a", "000003_b", "000004_a"]
    assert docs[0].text == "First story.\n"
    assert docs[2].text.startswith("First story.\n\n") and "repeat 1" in docs[2].text
    assert "repeat 2" in docs[4].text
    assert len({d.text for d in docs}) == 5
    assert docs[3].published == "2020-01-02"


@pytest.mark.corpus
def test_write_input_from_the_corpora(tmp_path):
    from storywire.flows.bench import corpus_docs

    base = len(corpus_docs(DEFAULT_CORPORA))
    info = write_input(tmp_path / "in", base + 3, source="corpus")
    assert info["source"] == "corpus" and info["distinct_base_stories"] == base
    assert set(info["origins"]) == {"lee_news", "tbaq", "ieer"}
    files = sorted((tmp_path / "in").glob("*.txt"))
    originals = {f.read_bytes() for f in files[:base]}  # the corpora hold a few exact repeats
    assert not originals & {f.read_bytes() for f in files[base:]}
    sidecars = sorted((tmp_path / "in").glob("*_tbaq.meta.json"))
    assert len(sidecars) == info["origins"]["tbaq"]
    assert json.loads(sidecars[0].read_text())["published"][:2] in ("19", "20")
