"""A warehouse whose DuckLake catalog is in a real PostgreSQL (tests/postgres.py, loopback).

The lock first (``warehouse/pglock.py``): one advisory lock per catalog database, whatever
the connection string's spelling; a second writer waits or times out; ``kill -9`` of a holder
frees it. Then the real flow (``storywire ingest`` processes): two writers on overlapping
sources run one after the other and store every story once; a reader works while a run
writes; a writer killed mid-run leaves only whole commits, and its re-run equals a clean run.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import run_cli
from storygen import write_stories

N_STORIES = 60
#: What queries see of a warehouse, minus what differs between two runs by design (ids, times).
CONTENT = {
    "stories": "select story_id, source_uri, headline, published_date, duplicate_of from stories order by all",
    "entities": "select story_id, field, start_char, end_char, label from entities order by all",
    "timexes": "select story_id, start_char, value from timexes order by all",
    "quotes": "select story_id, start_char, speaker from quotes order by all",
    "sources": "select source_uri, size, content_hash, status, stories from sources order by all",
}


def _rows(wh: Path, catalog: str, sql: str) -> list[tuple]:
    from storywire.warehouse.query import run_query

    return run_query(str(wh), sql, catalog=catalog)[1]


def _content(wh: Path, catalog: str) -> dict[str, list[tuple]]:
    """Every view's rows, read through one read-only connection (``storywire query``'s)."""
    from storywire.warehouse.query import open_database

    con = open_database(str(wh), catalog)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in CONTENT.items()}
    finally:
        con.close()


def _snapshots(catalog: str) -> int:
    """The lake's snapshots, counted in the catalog database itself (0 before it exists)."""
    import psycopg

    with psycopg.connect(catalog, autocommit=True) as con:
        if con.execute("select to_regclass('public.ducklake_snapshot')").fetchone()[0] is None:
            return 0
        return con.execute("select count(*) from ducklake_snapshot").fetchone()[0]


# -- the lock --------------------------------------------------------------------------------


def test_a_second_lock_on_the_same_catalog_waits_then_times_out(pg_catalog):
    from storywire.warehouse.pglock import PostgresLock

    first, second = PostgresLock(f"postgres:{pg_catalog}"), PostgresLock(f"postgres:{pg_catalog}")
    assert first.acquire(timeout=0)
    try:
        started = time.monotonic()
        assert not second.acquire(timeout=0.8)
        assert 0.7 <= time.monotonic() - started < 5
        assert first.held and not second.held
    finally:
        first.release()
    assert second.acquire(timeout=0)
    second.release()
    second.release()  # releasing twice is harmless


def test_the_lock_is_the_databases_whatever_the_spelling(pg_catalog, postgres_server):
    """A URL and a key=value string naming the same database take the same lock; another
    database's lake has its own."""
    from psycopg.conninfo import conninfo_to_dict

    from storywire.warehouse.pglock import PostgresLock

    params = conninfo_to_dict(pg_catalog)
    keywords = " ".join(f"{k}={v}" for k, v in params.items())
    url_lock, kw_lock = PostgresLock(f"postgres:{pg_catalog}"), PostgresLock(f"postgres:{keywords}")
    other = PostgresLock(f"postgres:{postgres_server.new_database('other_lake')}")
    assert url_lock.acquire(timeout=0)
    try:
        assert not kw_lock.acquire(timeout=0)
        assert other.acquire(timeout=0)
        other.release()
    finally:
        url_lock.release()


def test_kill_9_of_the_holder_frees_the_lock(pg_catalog):
    from storywire.warehouse.pglock import PostgresLock

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from storywire.warehouse.pglock import PostgresLock
            lock = PostgresLock({pg_catalog!r})
            assert lock.acquire(timeout=10)
            print("held", flush=True)
            time.sleep(600)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        lock = PostgresLock(pg_catalog)
        assert not lock.acquire(timeout=0)
        holder.kill()  # SIGKILL: no release, no goodbye to the server
        holder.wait(timeout=10)
        assert lock.acquire(timeout=10)  # the server ended the dead session and its lock
        lock.release()
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_an_unreachable_catalog_is_sw218_without_the_password(tmp_path):
    from conftest import free_port

    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.lake import Warehouse

    # nothing listens there
    catalog = f"postgresql://writer:hunter2-secret@127.0.0.1:{free_port()}/lake"
    wh = Warehouse(tmp_path / "wh", catalog=catalog)
    with pytest.raises(WarehouseError, match="SW218") as caught, wh.locked(timeout=1):
        pass
    assert "hunter2" not in str(caught.value) and "127.0.0.1" in str(caught.value)


def test_a_query_on_an_unreachable_catalog_does_not_show_the_password(postgres_server, tmp_path):
    """DuckDB's own error quotes the connection string: the password is masked, as given
    and URL-encoded."""
    from storywire.warehouse.errors import QueryError
    from storywire.warehouse.query import run_query

    for password in ("hunter2-secret", "p@ss/w0rd"):
        catalog = f"postgresql://nobody:{quote(password, safe='')}@127.0.0.1:{postgres_server.port}/missing"
        with pytest.raises(QueryError, match="SW213") as caught:
            run_query(str(tmp_path), "select 1", catalog=catalog)
        message = str(caught.value)
        assert password not in message and quote(password, safe="") not in message
        assert "***" in message


def test_warehouse_locked_serializes_writers_of_one_catalog(pg_catalog, tmp_path):
    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.lake import Warehouse

    first = Warehouse.open(tmp_path / "wh", catalog=pg_catalog)
    second = Warehouse.open(tmp_path / "wh", catalog=pg_catalog)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.5):
        pass
    with second.locked(timeout=0):  # free again once the first writer is done
        pass


def test_commit_and_read_only_query_through_a_postgres_catalog(pg_catalog, tmp_path):
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.query import read_only_connection
    from storywire.warehouse.schemas import to_table

    wh = Warehouse.open(tmp_path / "wh", catalog=pg_catalog)
    assert not (tmp_path / "wh" / "catalog.sqlite").exists()  # the catalog is the database
    rows = [
        {
            "story_id": f"s{i}",
            "source_uri": f"/in/{i}.txt",
            "headline": f"Bridge {i} reopens",
            "body": "Crews finished the repairs on schedule.",
            "agency": "AP",
            "published_date": dt.date(2024, 3, 1 + i),
        }
        for i in range(3)
    ]
    with wh.locked():
        cid = wh.new_commit_id()
        wh.commit(
            {"stories": to_table("stories", [{**r, "commit_id": cid} for r in rows])}, commit_id=cid
        )
    reader = read_only_connection(Warehouse.open(tmp_path / "wh", create=False, catalog=pg_catalog))
    try:
        assert reader.execute("select story_id from stories order by 1").fetchall() == [
            ("s0",),
            ("s1",),
            ("s2",),
        ]
        with pytest.raises(Exception, match=r"read-only|read only"):
            reader.execute("delete from stored.stories")
    finally:
        reader.close()


# -- the real flow -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return write_stories(tmp_path_factory.mktemp("pg-corpus") / "in", N_STORIES, seed=5)


@pytest.fixture(scope="module")
def env(prefect_server):
    return {**prefect_server, "PREFECT_LOGGING_LEVEL": "WARNING"}


def _args(sources: list[Path], wh: Path, catalog: str) -> list[str]:
    return [
        "ingest",
        *map(str, sources),
        "-w",
        str(wh),
        "--catalog",
        catalog,
        "--chunk-size",
        "5",
        "--no-progress",
    ]


def _start(args: list[str], env: dict) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("storywire")
    return subprocess.Popen(
        [str(exe), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_snapshots(proc: subprocess.Popen, catalog: str, n: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while _snapshots(catalog) < n and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, f"the run ended before snapshot {n}: {proc.stderr.read()[-2000:]}"


@pytest.fixture(scope="module")
def clean(corpus, env, postgres_server, tmp_path_factory) -> dict[str, list[tuple]]:
    """What one uninterrupted run of the whole corpus writes."""
    catalog = postgres_server.new_database("clean")
    wh = tmp_path_factory.mktemp("pg-clean") / "wh"
    out = run_cli(_args(corpus, wh, catalog), env)
    assert out.returncode == 0, out.stderr[-3000:]
    content = _content(wh, catalog)
    assert len(content["stories"]) == N_STORIES
    return content


@pytest.mark.slow
def test_two_writers_on_overlapping_sources_store_each_story_once(
    corpus, env, pg_catalog, tmp_path
):
    wh = tmp_path / "wh"
    first_half, second_half = corpus[: N_STORIES * 2 // 3], corpus[N_STORIES // 3 :]
    first = _start(_args(first_half, wh, pg_catalog), env)
    second = None
    try:
        # the lake made and a chunk committed: the first writer holds the lock
        _wait_for_snapshots(first, pg_catalog, 3)
        second = _start(_args(second_half, wh, pg_catalog), env)
        # a reader while the first writes (and the second waits)
        read = run_cli(
            [
                "query",
                "select count(*) as n from stories",
                "-w",
                str(wh),
                "--catalog",
                pg_catalog,
                "--format",
                "csv",
            ],
            env,
            timeout=120,
        )
        assert read.returncode == 0, read.stderr[-2000:]
        assert int(read.stdout.split()[-1]) > 0
        assert first.wait(timeout=600) == 0, first.stderr.read()[-3000:]
        assert second.wait(timeout=600) == 0, second.stderr.read()[-3000:]
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    stories = _rows(wh, pg_catalog, "select story_id, source_uri from stories")
    assert len(stories) == len({s for s, _ in stories}) == N_STORIES  # one row per story
    sources = _rows(wh, pg_catalog, "select source_uri, status from sources order by 1")
    # the manifest, exactly: every source once, ingested
    assert sources == [(str(p), "ingested") for p in sorted(corpus, key=str)]
    assert {uri for _, uri in stories} == {uri for uri, _ in sources}
    runs = _rows(
        wh,
        pg_catalog,
        "select started_at, finished_at, stories_ingested, skipped from runs "
        "where status = 'completed' order by started_at",
    )
    assert len(runs) == 2
    assert runs[0][1] <= runs[1][0]  # the second run started after the first had finished
    assert runs[0][2] == len(first_half) and runs[1][2] == N_STORIES - len(first_half)
    overlap = len(first_half) + len(second_half) - N_STORIES
    assert runs[1][3] == overlap  # skipped by the second run, not redone


@pytest.mark.slow
def test_kill_9_mid_run_leaves_whole_commits_and_a_rerun_equals_a_clean_run(
    corpus, env, clean, pg_catalog, tmp_path
):
    wh = tmp_path / "wh"
    proc = _start(_args(corpus, wh, pg_catalog), env)
    try:
        _wait_for_snapshots(proc, pg_catalog, 4)  # two chunks committed, more to come
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its NER workers, as a crash would
        proc.wait(timeout=60)
    stored = _rows(wh, pg_catalog, "select story_id, source_uri from stories")
    assert 0 < len(stored) < N_STORIES, "the kill did not land mid-run"
    ingested = _rows(wh, pg_catalog, "select source_uri from sources where status = 'ingested'")
    # rows and manifest land in the same commits
    assert {uri for _, uri in stored} == {uri for (uri,) in ingested}
    story_ids = {s for s, _ in stored}
    for table in ("entities", "stored.story_bands", "story_versions"):
        found = {s for (s,) in _rows(wh, pg_catalog, f"select distinct story_id from {table}")}
        assert found <= story_ids, table

    again = run_cli(_args(corpus, wh, pg_catalog), env)  # the lock died with the writer: no wait
    assert again.returncode == 0, again.stderr[-3000:]
    assert _content(wh, pg_catalog) == clean
