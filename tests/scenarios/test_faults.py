"""Faults and concurrency: SIGKILL mid-run, two runs at once, flaky HTTP sources.

The reference is a clean single run over the same input; after any number of killed runs and
one final run, the warehouse must hold exactly what the clean run holds.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import lake_connection, run_cli
from loopback import serve
from storygen import write_stories

pytestmark = pytest.mark.slow

N_STORIES = 240


def _content(wh: Path) -> dict:
    """Everything a user can query, minus lineage that differs between runs by design."""
    con = lake_connection(wh)
    try:
        return {
            "stories": con.execute(
                "select story_id, source_uri, headline, body, published_date, duplicate_of, language "
                "from stories order by story_id").fetchall(),
            "entities": con.execute(
                "select story_id, field, start_char, end_char, label, canonical from entities order by all"
            ).fetchall(),
            "timexes": con.execute("select story_id, start_char, value from timexes order by all").fetchall(),
            "quotes": con.execute("select story_id, start_char, speaker from quotes order by all").fetchall(),
            "versions_per_story": con.execute(
                "select max(n) from (select count(*) n from story_versions group by story_id)").fetchone()[0],
        }
    finally:
        con.close()


def _visible_files_complete(wh: Path) -> None:
    """Every data file the lake's catalog names exists and is a whole Parquet file (what a
    query can see); files a killed writer left unnamed are invisible (compact deletes them)."""
    if not (wh / "catalog.sqlite").exists():
        return
    con = lake_connection(wh)
    try:
        tables = con.execute("select table_name from duckdb_tables() "
                             "where database_name = 'lake' and schema_name = 'stored'").fetchall()
        files = [f for (table,) in tables for (f,) in con.execute(
            "select data_file from ducklake_list_files('lake', ?, schema => 'stored')", [table]).fetchall()]
    finally:
        con.close()
    for f in files:
        pq.read_metadata(f)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults") / "in"
    write_stories(folder, N_STORIES)
    return folder


@pytest.fixture(scope="module")
def clean(corpus, prefect_server, tmp_path_factory):
    wh = tmp_path_factory.mktemp("clean") / "wh"
    out = run_cli(["ingest", str(corpus), "-w", str(wh), "--chunk-size", "20", "--no-progress"], prefect_server)
    assert out.returncode == 0, out.stderr[-3000:]
    content = _content(wh)
    assert len(content["stories"]) == N_STORIES and content["versions_per_story"] == 1
    return content


def _start(args: list[str], env: dict) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("storywire")
    return subprocess.Popen([str(exe), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def test_sigkill_at_random_points_then_rerun_equals_a_clean_run(corpus, clean, prefect_server, tmp_path):
    wh = tmp_path / "wh"
    args = ["ingest", str(corpus), "-w", str(wh), "--chunk-size", "20", "--no-progress"]
    rng = random.Random(20241026)
    for _ in range(4):
        proc = _start(args, prefect_server)
        time.sleep(rng.uniform(4.0, 14.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        _visible_files_complete(wh)  # what queries can see is always complete
    final = run_cli(args, prefect_server)
    assert final.returncode == 0, final.stderr[-3000:]
    _visible_files_complete(wh)
    assert _content(wh) == clean


def test_two_runs_at_once_are_serialized(corpus, clean, prefect_server, tmp_path):
    wh = tmp_path / "wh"
    args = ["ingest", str(corpus), "-w", str(wh), "--chunk-size", "40", "--no-progress"]
    first, second = _start(args, prefect_server), _start(args, prefect_server)
    outs = [p.communicate(timeout=600) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], [o[1][-2000:] for o in outs]
    lines = sorted(o[0].strip().splitlines()[-1] for o in outs)
    # One run ingested everything; the other waited for the lock and then skipped it all.
    assert any(f"{N_STORIES} skipped as already seen" in ln for ln in lines)
    assert any(f"{N_STORIES} stories ingested" in ln for ln in lines)
    _visible_files_complete(wh)
    assert _content(wh) == clean


def test_flaky_http_source_is_retried_and_dead_one_rejected(prefect_server, tmp_path):
    story = (
        "Ferry service resumes\n\nSPLIT, Croatia (AP) — Ferries to the islands resumed on Sunday "
        "after a two-day strike, the harbour master said.\n"
    ).encode()
    script = {"/flaky": [(503, b"busy", 0), (500, b"oops", 0), (200, story, 0)]}
    with serve(script) as (base, hits):
        out = run_cli(["ingest", f"{base}/flaky", f"{base}/gone", "-w", str(tmp_path / "wh"), "--no-progress"],
                      prefect_server)
    assert out.returncode == 0, out.stderr[-3000:]
    assert hits["/flaky"] == 3 and hits["/gone"] == 1  # retried with backoff; 404 not retried
    con = lake_connection(tmp_path / "wh")
    assert con.execute("select dateline_place from stories").fetchall() == [("Split, Croatia",)]
    assert con.execute("select source_uri, reason, transient from rejects").fetchall() == [
        (f"{base}/gone", "http_error", False)]
