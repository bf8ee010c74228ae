"""The remote commit protocol on fsspec's ``memory://`` filesystem: files first, the record
last; only recorded files are visible; crash leftovers are cleaned up; compaction rolls
forward; the lock object; the local DuckDB file and ``storywire query`` on a URL."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import time

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.objectstore import LOCK, CommitRecord, ObjectLock
from storywire.warehouse.schemas import TABLES, to_table
from storywire.warehouse.store import INIT_COMMIT, Warehouse

NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
MEMORY = fsspec.filesystem("memory")


@pytest.fixture
def url(tmp_path, monkeypatch):
    """A fresh warehouse URL in the (process-wide) memory filesystem; DuckDB files go to tmp."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bucket = f"sw-test-{secrets.token_hex(4)}"
    yield f"memory://{bucket}/wh"
    if MEMORY.exists(f"/{bucket}"):
        MEMORY.rm(f"/{bucket}", recursive=True)


def _path(url: str, *parts: str) -> str:
    return "/".join([MEMORY._strip_protocol(url), *parts])


def _story(story_id: str, headline: str) -> dict:
    return {"story_id": story_id, "source_uri": f"/data/{story_id}.txt", "headline": headline,
            "body": "Body text.", "ingested_at": NOW}


def _entity(story_id: str, text: str) -> dict:
    return {"story_id": story_id, "start_char": 0, "end_char": len(text), "text": text, "label": "GPE"}


def _tables(cid: str, **tables: list[dict]) -> dict[str, pa.Table]:
    return {name: to_table(name, [{**r, "commit_id": cid} for r in rs]) for name, rs in tables.items()}


def _commit(wh: Warehouse, **tables: list[dict]) -> str:
    cid = wh.new_commit_id()
    return wh.commit(_tables(cid, **tables), commit_id=cid)


def _count(wh: Warehouse, view: str) -> int:
    con = wh.connect()
    try:
        return con.execute(f"select count(*) from {view}").fetchone()[0]
    finally:
        con.close()


def test_new_remote_warehouse_layout_and_empty_views(url, tmp_path):
    wh = Warehouse.open(url)
    assert not wh.is_local and wh.location == f"memory:///{url.removeprefix('memory://')}"
    assert wh.commit_ids() == [INIT_COMMIT]
    for table in TABLES:
        assert _count(wh, table) == 0
    names = {p.removeprefix(_path(url) + "/") for p in MEMORY.find(_path(url))}
    assert names == {"_warehouse.json", f"_log/{INIT_COMMIT}.json",
                     *(f"commits/{INIT_COMMIT}/{t}.parquet" for t in TABLES)}
    # The DuckDB file is local, under the cache folder, keyed by the URL.
    assert wh.db_path.is_relative_to(tmp_path / "cache" / "storywire")
    assert wh.build_database() == wh.db_path and wh.db_path.exists()
    with pytest.raises(WarehouseError, match="SW209"):
        _ = wh.root


def test_views_are_built_from_the_recorded_files_not_a_glob(url):
    wh = Warehouse.open(url)
    files = wh.view_source().files["stories"]
    assert files == [f"{wh.location}/commits/{INIT_COMMIT}/stories.parquet"]
    assert "*" not in json.dumps(wh.view_source().files)


def test_newer_commit_of_a_story_replaces_its_rows(url):
    wh = Warehouse.open(url)
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "First"), _story("s2", "Other")],
                     entities=[_entity("s1", "Baku"), _entity("s2", "Kyiv")])
        c2 = _commit(wh, stories=[_story("s1", "First, corrected")], entities=[_entity("s1", "Ganja")])
    assert c1 < c2 and wh.commit_ids() == [INIT_COMMIT, c1, c2]
    con = wh.connect()
    assert con.execute("select story_id, headline from stories order by 1").fetchall() == [
        ("s1", "First, corrected"), ("s2", "Other")]
    assert con.execute("select story_id, text from entities order by 1").fetchall() == [
        ("s1", "Ganja"), ("s2", "Kyiv")]
    record = CommitRecord.from_json(MEMORY.cat_file(_path(url, "_log", f"{c2}.json")))
    assert set(record.files) == {"stories", "entities"} and record.supersedes == ()
    assert wh.commit_sizes()[c2] == sum(n for _, n in record.files.values()) > 0


def test_story_version_batches_read_only_the_recorded_files(url):
    wh = Warehouse.open(url)
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "First")])
        c2 = _commit(wh, stories=[_story("s1", "First, corrected")])
    dead = "20990101T000000000000Z-dead"  # files of a writer that died before its record
    with MEMORY.open(_path(url, "commits", dead, "stories.parquet"), "wb") as f:
        pq.write_table(_tables(dead, stories=[_story("ghost", "Never committed")])["stories"], f)
    rows = [r for b in wh.story_version_batches(["story_id", "commit_id", "headline"]) for r in b.to_pylist()]
    assert [tuple(r.values()) for r in rows] == [("s1", c1, "First"), ("s1", c2, "First, corrected")]


def test_views_narrowed_to_some_commits_see_only_their_rows(url):
    wh = Warehouse.open(url)
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "First"), _story("s2", "Other")])
        c2 = _commit(wh, stories=[_story("s1", "First, corrected")])
    for commits, expected in [([c1], [("s1", "First"), ("s2", "Other")]), ([c2], [("s1", "First, corrected")]),
                              ([], [])]:
        con = wh.connect(commits)
        try:
            assert con.execute("select story_id, headline from stories order by 1").fetchall() == expected
            assert con.execute("select count(*) from entities").fetchone() == (0,)
        finally:
            con.close()


def test_commit_needs_the_lock(url):
    wh = Warehouse.open(url)
    with pytest.raises(WarehouseError, match="SW208"):
        wh.commit({"stories": to_table("stories", [])})


def test_files_without_a_record_are_invisible_and_deleted_by_the_next_writer(url):
    wh = Warehouse.open(url)
    # A writer killed after writing its files, before its record: a complete Parquet file.
    dead = "20990101T000000000000Z-dead"
    with MEMORY.open(_path(url, "commits", dead, "stories.parquet"), "wb") as f:
        pq.write_table(_tables(dead, stories=[_story("ghost", "Never committed")])["stories"], f)
    assert _count(wh, "stories") == 0 and dead not in wh.commit_ids()
    with wh.locked():
        pass
    assert not MEMORY.exists(_path(url, "commits", dead))
    assert wh.commit_ids() == [INIT_COMMIT]


def test_a_commit_cut_off_before_its_record_leaves_nothing_visible(url, monkeypatch):
    wh = Warehouse.open(url)
    storage = wh._storage
    with wh.locked():
        def killed() -> None:  # the process dies between the data files and the record
            raise KeyboardInterrupt

        monkeypatch.setattr(storage.lock, "verify", killed)
        with pytest.raises(KeyboardInterrupt):
            _commit(wh, stories=[_story("s1", "Half")], entities=[_entity("s1", "Baku")])
        monkeypatch.undo()
    left = MEMORY.ls(_path(url, "commits"), detail=False)
    assert len(left) == 2  # the init commit and the orphan files
    assert _count(wh, "stories") == 0 and _count(wh, "entities") == 0
    with wh.locked():
        pass
    assert MEMORY.ls(_path(url, "commits"), detail=False) == [_path(url, "commits", INIT_COMMIT)]


def test_a_truncated_record_is_ignored_then_removed(url):
    wh = Warehouse.open(url)
    with wh.locked():
        cid = _commit(wh, stories=[_story("s1", "Kept")])
    # A record cut off mid-write (possible only on a store without atomic PUTs).
    MEMORY.pipe_file(_path(url, "_log", "20990101T000000000000Z-torn.json"), b'{"format": "storywire-co')
    assert wh.commit_ids() == [INIT_COMMIT, cid] and _count(wh, "stories") == 1
    with wh.locked():
        pass
    assert not MEMORY.exists(_path(url, "_log", "20990101T000000000000Z-torn.json"))
    assert _count(wh, "stories") == 1


def test_reopening_and_recovering_again_change_nothing(url):
    wh = Warehouse.open(url)
    with wh.locked():
        cid = _commit(wh, stories=[_story("s1", "One")])
    before = sorted(MEMORY.find(_path(url)))
    again = Warehouse.open(url)
    with again.locked():
        pass
    with again.locked():
        pass
    assert sorted(MEMORY.find(_path(url))) == before
    assert again.commit_ids() == [INIT_COMMIT, cid]
    # A commit id is written once: the record is created only if absent.
    with again.locked(), pytest.raises(WarehouseError, match="SW210"):
        again.commit(_tables(cid, stories=[_story("s1", "Twice")]), commit_id=cid)
    assert _count(again, "stories") == 1


def _compacted(wh: Warehouse, commits: list[str], tables=("stories", "entities")) -> dict[str, pa.Table]:
    con = wh.connect()
    try:
        return {t: con.execute("select * from read_parquet(?, union_by_name = true)",
                               [wh.commit_files(commits, t)]).to_arrow_table()
                for t in tables}
    finally:
        con.close()


def test_compaction_is_visible_at_once_and_rolled_forward_after_a_crash(url, monkeypatch):
    wh = Warehouse.open(url)
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "One")], entities=[_entity("s1", "Baku")])
        c2 = _commit(wh, stories=[_story("s2", "Two")], entities=[_entity("s2", "Kyiv")])
    state = wh.connect().execute("select story_id, headline from stories order by 1").fetchall()
    # The compacted commit lands, then the process dies before deleting what it replaces.
    with wh.locked():
        monkeypatch.setattr(wh._storage, "_drop_superseded", lambda record: None)
        merged = wh.commit(_compacted(wh, [c1, c2]), supersedes=[c1, c2])
        monkeypatch.undo()
    assert MEMORY.exists(_path(url, "_log", f"{c1}.json")) and MEMORY.exists(_path(url, "commits", c2))
    # Readers already hide the superseded commits: no row is seen twice.
    assert wh.commit_ids() == [INIT_COMMIT, merged]
    assert _count(wh, "story_versions") == 2 and _count(wh, "entities") == 2
    assert wh.connect().execute("select story_id, headline from stories order by 1").fetchall() == state
    with wh.locked():  # the next writer rolls forward
        pass
    for old in (c1, c2):
        assert not MEMORY.exists(_path(url, "_log", f"{old}.json"))
        assert not MEMORY.exists(_path(url, "commits", old))
    assert _count(wh, "entities") == 2


def test_compaction_deletes_what_it_supersedes(url):
    wh = Warehouse.open(url)
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "One")])
        merged = wh.commit(_compacted(wh, [c1], ["stories"]) | {t: to_table(t, []) for t in TABLES if t != "stories"},
                           supersedes=[INIT_COMMIT, c1])
    assert wh.commit_ids() == [merged]
    assert MEMORY.ls(_path(url, "_log"), detail=False) == [_path(url, "_log", f"{merged}.json")]
    assert _count(wh, "stories") == 1


# -- the lock ---------------------------------------------------------------------------------


def test_second_writer_times_out_while_the_first_holds_the_lock(url):
    first = Warehouse.open(url)
    second = Warehouse(url)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.3):
        pass
    with second.locked(timeout=0):  # free again once the first released it
        pass
    assert not MEMORY.exists(_path(url, LOCK))


def test_lock_is_reentrant_and_names_its_owner(url):
    wh = Warehouse.open(url)
    with wh.locked(), wh.locked():
        content = json.loads(MEMORY.cat_file(_path(url, LOCK)))
        assert content["owner"] == wh._storage.lock.owner and content["expires_at"] > time.time()
    assert not MEMORY.exists(_path(url, LOCK))


def test_an_expired_lock_of_a_dead_writer_is_taken_over(url):
    wh = Warehouse.open(url)
    MEMORY.pipe_file(_path(url, LOCK), json.dumps({"owner": "dead", "expires_at": time.time() - 1}).encode())
    wh._storage.lock.settle = 0.0
    with wh.locked(timeout=5):
        assert json.loads(MEMORY.cat_file(_path(url, LOCK)))["owner"] == wh._storage.lock.owner


def test_a_live_lock_of_another_writer_is_respected(url):
    wh = Warehouse.open(url)
    MEMORY.pipe_file(_path(url, LOCK), json.dumps({"owner": "alive", "expires_at": time.time() + 60}).encode())
    with pytest.raises(WarehouseError, match="SW207"), wh.locked(timeout=0.2):
        pass
    assert json.loads(MEMORY.cat_file(_path(url, LOCK)))["owner"] == "alive"


def test_an_unreadable_lock_counts_as_expired():
    path = f"/sw-test-{secrets.token_hex(4)}/lock.json"
    MEMORY.pipe_file(path, b"{not json")
    lock = ObjectLock(MEMORY, path, settle=0.0)
    try:
        assert lock.acquire(timeout=1)
    finally:
        lock.release()
    assert not MEMORY.exists(path)


def test_a_writer_that_lost_its_lock_does_not_commit(url):
    wh = Warehouse.open(url)
    with wh.locked():
        # Stalled past the expiry, another writer took the lock over.
        MEMORY.pipe_file(_path(url, LOCK), json.dumps({"owner": "other", "expires_at": time.time() + 60}).encode())
        with pytest.raises(WarehouseError, match="SW211"):
            _commit(wh, stories=[_story("s1", "Late")])
    # Its files are garbage: invisible, and the other writer's lock was left alone.
    assert _count(wh, "stories") == 0
    assert json.loads(MEMORY.cat_file(_path(url, LOCK)))["owner"] == "other"


def test_the_holder_renews_its_lock():
    path = f"/sw-test-{secrets.token_hex(4)}/lock.json"
    lock = ObjectLock(MEMORY, path, ttl=0.4)
    assert lock.acquire(timeout=0)
    try:
        first = json.loads(MEMORY.cat_file(path))["expires_at"]
        time.sleep(0.5)  # longer than the ttl: only renewal keeps it valid
        second = json.loads(MEMORY.cat_file(path))["expires_at"]
        assert second > first and second > time.time()
        lock.verify()
    finally:
        lock.release()
    assert not MEMORY.exists(path)


# -- locations, DuckDB file, queries --------------------------------------------------------


def test_file_urls_are_local_folders(tmp_path):
    wh = Warehouse.open(f"file://{tmp_path}/wh")
    assert wh.is_local and wh.root == tmp_path / "wh" and wh.location == str(tmp_path / "wh")
    assert wh.db_path == tmp_path / "wh" / "warehouse.duckdb"
    assert (tmp_path / "wh" / "commits" / INIT_COMMIT).is_dir()


def test_an_unknown_protocol_is_a_clear_error():
    with pytest.raises(WarehouseError, match="SW212"):
        Warehouse.open("nosuchprotocol://bucket/wh")


def test_refuses_a_prefix_that_is_not_a_warehouse(url):
    MEMORY.pipe_file(_path(url, "notes.txt"), b"mine")
    with pytest.raises(WarehouseError, match="SW202"):
        Warehouse.open(url)


def test_query_registers_the_filesystem_and_sees_new_commits(url, tmp_path):
    from storywire.warehouse.query import run_query

    wh = Warehouse.open(url)
    with wh.locked():
        _commit(wh, stories=[_story("s1", "One")])
    assert run_query(url, "select story_id from stories") == (["story_id"], [("s1",)])
    assert wh.database_is_current()
    with wh.locked():
        _commit(wh, stories=[_story("s2", "Two")])
    assert not wh.database_is_current()  # a new record: the file of views is rebuilt
    assert run_query(url, "select story_id from stories order by 1")[1] == [("s1",), ("s2",)]
    db = tmp_path / "elsewhere" / "views.duckdb"
    assert run_query(url, "select count(*) from entities", db_path=db)[1] == [(0,)] and db.exists()


def test_storywire_query_takes_a_url(url, tmp_path):
    from storywire.flows.cli import app

    wh = Warehouse.open(url)
    with wh.locked():
        _commit(wh, stories=[_story("s1", "One"), _story("s2", "Two")])
    res = CliRunner().invoke(app, ["query", "select story_id, headline from stories order by 1",
                                   "--warehouse", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [{"story_id": "s1", "headline": "One"},
                                      {"story_id": "s2", "headline": "Two"}]
    missing = CliRunner().invoke(app, ["query", "select 1", "-w", url.replace("/wh", "/none")])
    assert missing.exit_code == 2 and "SW201" in missing.output


def test_duckdb_reads_committed_files_without_metadata_requests(url, monkeypatch):
    """DuckDB's fsspec bridge asks for size and mtime on every open; for committed files the
    records answer, so on S3 a query costs GETs only (no HEAD per file)."""
    wh = Warehouse.open(url)
    with wh.locked():
        _commit(wh, stories=[_story("s1", "One")], entities=[_entity("s1", "Baku")])
    asked: list[str] = []
    for name in ("info", "size", "modified", "exists", "isfile"):
        real = getattr(MEMORY, name)
        monkeypatch.setattr(MEMORY, name, lambda path, *a, _real=real, _name=name, **k: (
            asked.append(f"{_name} {path}"), _real(path, *a, **k))[1])
    con = wh.connect()
    assert con.execute("select count(*) from entities join stories using (story_id)").fetchone() == (1,)
    con.close()
    assert [a for a in asked if a.endswith(".parquet")] == []
