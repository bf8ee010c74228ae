"""The warehouse on DuckLake: one transaction per commit, versions replacing rows, folders
that move, time travel, upkeep, refusing what it cannot read."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.dedup import content_hash, index_candidates, minhash_signature, signature_bytes
from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.lake import ALIAS, UNDATED, Warehouse, _date_ranges
from storywire.warehouse.schemas import STORED, TABLES, to_table, view_columns

NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
BODY = ("The port authority said on Tuesday that the second container terminal would open in "
        "the spring after two years of delays, and that freight rates would fall by a tenth.")


def _story(story_id: str, headline: str, body: str = "Body text.", published: dt.date | None = None) -> dict:
    return {
        "story_id": story_id,
        "source_uri": f"/data/{story_id}.txt",
        "headline": headline,
        "body": body,
        "content_hash": content_hash(None, body),
        "minhash": signature_bytes(minhash_signature(body)),
        "published_date": published,
        "ingested_at": NOW,
        "commit_id": "",
    }


def _entity(story_id: str, text: str) -> dict:
    return {"story_id": story_id, "start_char": 0, "end_char": len(text), "text": text, "label": "GPE",
            "commit_id": ""}


def _commit(wh: Warehouse, replaces=None, **tables: list[dict]) -> str:
    return wh.commit({name: to_table(name, rows) for name, rows in tables.items()}, replaces=replaces)


def _rows(wh: Warehouse, sql: str) -> list[tuple]:
    con = wh.connect()
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_new_warehouse_is_a_lake_with_every_view_empty(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    assert sorted(p.name for p in (tmp_path / "wh").iterdir()) == [".lock", "catalog.sqlite", "data"]
    con = wh.connect()
    for table in TABLES:
        assert con.execute(f"select count(*) from {table}").fetchone() == (0,)
        assert [r[0] for r in con.execute(f"describe {table}").fetchall()] == view_columns(table), table


def test_commit_needs_the_lock(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with pytest.raises(WarehouseError, match="SW208"):
        wh.commit({"stories": to_table("stories", [])})


def test_a_new_version_replaces_the_rows_of_its_story_and_keeps_its_lineage(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "First"), _story("s2", "Other")],
                     entities=[_entity("s1", "Baku"), _entity("s2", "Kyiv")])
        before = wh.snapshot_id()
        c2 = _commit(wh, stories=[_story("s1", "First, corrected")], entities=[_entity("s1", "Ganja")])
    assert c1 < c2
    assert _rows(wh, "select story_id, headline, commit_id from stories order by 1") == [
        ("s1", "First, corrected", c2), ("s2", "Other", c1)]
    assert _rows(wh, "select story_id, text from entities order by 1") == [("s1", "Ganja"), ("s2", "Kyiv")]
    assert _rows(wh, "select story_id, commit_id from story_versions order by 2, 1") == [
        ("s1", c1), ("s2", c1), ("s1", c2)]
    # time travel: the snapshot before the new version still has the old rows
    assert _rows(wh, f"select headline from {STORED}.stories at (version => {before}) where story_id = 's1'") == [
        ("First",)]
    assert _rows(wh, "select count(*) from stored.story_bands where story_id = 's1'")[0][0] > 1  # one set only


def test_replaces_limits_which_stored_stories_a_commit_may_replace(tmp_path):
    """A chunk of new files names no stored story: nothing is deleted (nor scanned)."""
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=[_story("s1", "First")])
        _commit(wh, replaces=[], stories=[_story("s2", "Second")])
        _commit(wh, replaces=["s1"], stories=[_story("s1", "First again")])
    assert _rows(wh, "select story_id, headline from stories order by 1") == [
        ("s1", "First again"), ("s2", "Second")]


def test_sources_and_runs_keep_one_row_per_key(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        for status in ("running", "running", "completed"):
            _commit(wh, runs=[{"run_id": "r1", "status": status, "commit_id": ""}],
                    sources=[{"source_uri": "/in/a.txt", "status": "ingested", "size": 10, "commit_id": ""}])
    assert _rows(wh, "select run_id, status from runs") == [("r1", "completed")]
    assert list(wh.source_states(["/in/a.txt", "/in/b.txt"])) == ["/in/a.txt"]
    assert wh.source_states([]) == {} and wh.source_states(["/in/b.txt"]) == {}


class _FailingWriter:
    """A writer connection that fails on its ``n``-th insert (a crash inside a transaction)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, n: int) -> None:
        self._con, self._left = con, n

    def execute(self, sql: str, *args):
        if sql.startswith("insert"):
            self._left -= 1
            if self._left == 0:
                raise duckdb.IOException("disk full (simulated)")
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


@pytest.mark.parametrize("fail_at", [1, 3, 5])
def test_a_commit_that_fails_midway_leaves_nothing_visible(tmp_path, fail_at):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=[_story("s1", "First")], entities=[_entity("s1", "Baku")])
        real = wh._writer
        wh._writer = _FailingWriter(real, fail_at)
        with pytest.raises(duckdb.IOException):
            _commit(wh, stories=[_story("s1", "Replaced"), _story("s2", "New")], entities=[_entity("s2", "Oslo")],
                    sources=[{"source_uri": "/data/s2.txt", "status": "ingested", "commit_id": ""}])
        wh._writer = real
    assert _rows(wh, "select story_id, headline from stories") == [("s1", "First")]
    assert _rows(wh, "select text from entities") == [("Baku",)]
    assert wh.source_states(["/data/s2.txt"]) == {}


def test_views_narrowed_to_some_commits_see_only_their_rows(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "First"), _story("s2", "Other")], entities=[_entity("s1", "Baku")])
        c2 = _commit(wh, stories=[_story("s3", "Third")])

    def seen(commits):
        con = wh.connect(commits)
        try:
            return (con.execute("select story_id from stories order by 1").fetchall(),
                    con.execute("select text from entities").fetchall())
        finally:
            con.close()

    assert seen([c1]) == ([("s1",), ("s2",)], [("Baku",)])
    assert seen([c2]) == ([("s3",)], [])
    assert seen([]) == ([], [])


def test_a_copied_warehouse_reads_its_own_files(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=[_story(f"s{i}", f"Story {i}") for i in range(50)])
        wh.upkeep(keep_days=7)  # the rows in Parquet files, not inlined in the catalog
    assert any((tmp_path / "wh" / "data").rglob("*.parquet"))
    shutil.copytree(tmp_path / "wh", tmp_path / "copy")
    shutil.rmtree(tmp_path / "wh")
    copy = Warehouse.open(tmp_path / "copy", create=False)
    assert _rows(copy, "select count(*) from stories") == [(50,)]
    with copy.locked():
        _commit(copy, stories=[_story("s99", "Written to the copy")])
    assert not (tmp_path / "wh").exists()
    assert _rows(copy, "select count(*) from stories") == [(51,)]


def test_a_reader_sees_commits_whole_while_a_writer_works(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    reader = Warehouse.open(tmp_path / "wh", create=False).connect(read_only=True)
    with wh.locked():
        _commit(wh, stories=[_story("s1", "First")])
        assert reader.execute("select count(*) from lake.stories").fetchone() == (1,)
        wh._writer.execute("begin transaction")
        wh._writer.execute(f"insert into {ALIAS}.{STORED}.stories (story_id, source_uri, commit_id) "
                           "values ('s2', '/x', 'c')")
        assert reader.execute("select count(*) from lake.stories").fetchone() == (1,)  # not committed
        wh._writer.execute("rollback")
    reader.close()


def test_refuses_a_folder_that_is_not_a_warehouse(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WarehouseError, match="SW202"):
        Warehouse.open(tmp_path)
    with pytest.raises(WarehouseError, match="SW201"):
        Warehouse.open(tmp_path / "missing", create=False)


def test_refuses_a_warehouse_of_the_format_before_ducklake(tmp_path):
    (tmp_path / "_warehouse.json").write_text('{"format": "storywire-warehouse", "schema_version": 1}')
    (tmp_path / "commits").mkdir()
    with pytest.raises(WarehouseError, match=r"SW217: .*storywire migrate"):
        Warehouse.open(tmp_path)


def test_refuses_a_lake_written_by_a_newer_storywire(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        wh._writer.execute(f"update {ALIAS}.{STORED}.storywire_meta set schema_version = 99")
    with pytest.raises(WarehouseError, match="SW205"):
        Warehouse.open(tmp_path / "wh")


def test_a_column_added_to_a_schema_is_added_to_an_existing_lake(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=[_story("s1", "First")])
        # a lake made before `url` existed: drop it, and make the views look stale
        wh._writer.execute(f"alter table {ALIAS}.{STORED}.stories drop column url")
        wh._writer.execute(f"update {ALIAS}.{STORED}.storywire_meta set views_hash = 'old'")
    Warehouse.open(tmp_path / "wh")  # a writer brings it up to date
    assert _rows(wh, "select story_id, url from stories") == [("s1", None)]


def test_second_writer_times_out_while_the_first_holds_the_lock(tmp_path):
    first = Warehouse.open(tmp_path / "wh")
    second = Warehouse(first.root)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.2):
        pass


def test_commit_ids_always_increase(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    ids = [wh.new_commit_id() for _ in range(50)]
    assert ids == sorted(ids) and len(set(ids)) == 50


def test_upkeep_merges_files_expires_snapshots_and_keeps_the_rows(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        for i in range(12):
            _commit(wh, stories=[_story(f"s{i}-{j}", "x", published=dt.date(2024, 1, 1 + j)) for j in range(30)])
        _commit(wh, stories=[_story("s0-0", "replaced")])
        before = _rows(wh, "select * exclude (ingested_at) from stories order by story_id")
        result = wh.upkeep(keep_days=0)
        after_first = wh.counts()
        again = wh.upkeep(keep_days=0)
    assert _rows(wh, "select * exclude (ingested_at) from stories order by story_id") == before
    assert result["snapshots_expired"] > 0 and result["files_deleted"] > 0
    assert again["snapshots_expired"] == 0 and wh.counts() == after_first


def test_the_band_index_finds_copies_within_the_date_window(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    copy = BODY.replace("a tenth", "ten percent")
    with wh.locked():
        _commit(wh, stories=[_story("early", "a", BODY, dt.date(2024, 1, 2)),
                             _story("undated", "b", BODY + " Officials declined to comment.")])

    def found(date, window):
        """The stored stories the lookup reads (the check then keeps the most similar)."""
        keys = [("n", content_hash(None, copy), signature_bytes(minhash_signature(copy)), date)]
        read: list[str] = []

        def lookup(k, ids):
            rows = wh.duplicate_rows(k, ids, window)
            read.extend(rows.column("story_id").to_pylist())
            return rows

        best = index_candidates(keys, lookup, 0.7, wh.banding)
        assert [r[0] for r in best] == (["early"] if "early" in read else read[:1])
        return sorted(read)

    assert found(dt.date(2024, 1, 20), 31) == ["early", "undated"]
    assert found(dt.date(2024, 6, 20), 31) == ["undated"]  # months later: outside the window
    assert found(dt.date(2024, 6, 20), None) == ["early", "undated"]  # no window
    assert found(None, 31) == ["early", "undated"]  # an undated story may copy any


def test_a_chunk_of_two_far_dates_finds_the_copies_near_each(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    other = BODY.replace("a tenth", "one fifth") + " The ministry gave no figures."
    with wh.locked():
        _commit(wh, stories=[_story("early", "a", BODY, dt.date(2024, 1, 2)),
                             _story("late", "b", other, dt.date(2031, 5, 1)),
                             _story("between", "c", BODY, dt.date(2027, 6, 1))])
    chunk = [("n1", BODY.replace("a tenth", "ten percent"), dt.date(2024, 1, 20)),
             ("n2", other.replace("one fifth", "a fifth"), dt.date(2031, 5, 10))]
    keys = [(sid, content_hash(None, text), signature_bytes(minhash_signature(text)), day)
            for sid, text, day in chunk]
    read: list[str] = []

    def lookup(k, ids):
        rows = wh.duplicate_rows(k, ids, 31)
        read.extend(rows.column("story_id").to_pylist())
        return rows

    best = index_candidates(keys, lookup, 0.7, wh.banding)
    # each range is read; "between" is the first's text, years from both new stories
    assert sorted(read) == ["early", "late"] and sorted(r[0] for r in best) == ["early", "late"]


def test_band_rows_of_a_lake_made_before_the_integer_key_get_it_and_still_match(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=[_story("early", "a", BODY, dt.date(2024, 1, 2)),
                             _story("undated", "b", BODY + " Officials declined to comment.")])
    con = wh.connect()
    con.execute("alter table stored.story_bands drop column story_num")
    con.execute("update stored.storywire_meta set views_hash = 'before'")
    con.close()
    wh = Warehouse.open(tmp_path / "wh")  # a writer brings the layout up to date
    assert _rows(wh, "select count(*) from stored.story_bands where story_num is distinct from "
                     "md5_number_upper(story_id)") == [(0,)]
    copy = BODY.replace("a tenth", "ten percent")
    keys = [("n", content_hash(None, copy), signature_bytes(minhash_signature(copy)), dt.date(2024, 1, 9))]
    with wh.locked():
        best = index_candidates(keys, lambda k, ids: wh.duplicate_rows(k, ids, 31), 0.7, wh.banding)
    assert [r[0] for r in best] == ["early"]


def test_a_chunk_of_two_far_dates_reads_two_short_ranges_not_the_years_between():
    days = [dt.date(2024, 1, 20), dt.date(2024, 1, 25), dt.date(2030, 6, 1)]
    assert _date_ranges(days, 31) == [(dt.date(2023, 12, 20), dt.date(2024, 2, 25)),
                                      (dt.date(2030, 5, 1), dt.date(2030, 7, 2))]
    # at the ends of the calendar the ranges stop there, never at the undated stories' date
    assert _date_ranges([dt.date(1, 1, 5), dt.date.max], 31) == [
        (UNDATED + dt.timedelta(days=1), dt.date(1, 2, 5)), (dt.date.max - dt.timedelta(days=31), dt.date.max)]


@given(st.lists(st.dates(min_value=dt.date(1, 1, 2)), min_size=1, max_size=40), st.integers(0, 400))
def test_date_ranges_cover_exactly_each_dates_window(days, window):
    ranges = _date_ranges(days, window)
    assert all(a <= b for a, b in ranges)
    assert all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(ranges))  # sorted, apart
    assert all(a > UNDATED for a, _ in ranges)
    for d in days:  # every window is inside one range
        lo = max(d - dt.timedelta(days=min(window, (d - dt.date(1, 1, 2)).days)), dt.date(1, 1, 2))
        hi = d + dt.timedelta(days=min(window, (dt.date.max - d).days))
        assert any(a <= lo and hi <= b for a, b in ranges)
    for a, b in ranges:  # and every range is made of windows: its ends are some date's
        assert any(abs((a - d).days) <= window for d in days) and any(abs((b - d).days) <= window for d in days)


def test_stored_rows_cast_to_the_declared_types(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    loose = pa.table({"story_id": ["s1"], "source_uri": ["/x"], "word_count": pa.array([5], pa.int64()),
                      "commit_id": [""]})
    with wh.locked():
        wh.commit({"stories": to_table("stories", loose.to_pylist())})
    assert _rows(wh, "select typeof(word_count) from stories") == [("INTEGER",)]


def test_stories_are_filed_by_year_sorted_by_date_in_small_row_groups(tmp_path):
    """A chunk spread over two years writes one stories file per year (not one per month),
    each sorted by date in row groups of ``ROW_GROUP_ROWS`` stories, so reading a few
    stories by date reads a few row groups; the band index is one file, sorted by date."""
    import pyarrow.parquet as pq

    from storywire.warehouse.schemas import ROW_GROUP_ROWS

    days = [dt.date(2023, 1, 1) + dt.timedelta(days=(i * 37) % 730) for i in range(5000)]
    stories = [_story(f"s{i:05d}", f"Headline {i}", f"Body {i}.", days[i]) for i in range(5000)]
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        _commit(wh, stories=stories)
    con = wh.connect()
    try:
        files = {t: [r[0] for r in con.execute(
            f"select data_file from ducklake_list_files('lake', '{t}', schema => 'stored')").fetchall()]
            for t in ("stories", "story_bands")}
    finally:
        con.close()
    assert len(files["stories"]) == 2 and len(files["story_bands"]) == 1
    for f in files["stories"]:
        meta = pq.ParquetFile(f).metadata
        dates = pq.read_table(f, columns=["published_date"]).column(0).to_pylist()
        assert dates == sorted(dates) and len({d.year for d in dates}) == 1
        assert meta.num_row_groups > 1
        assert all(meta.row_group(i).num_rows <= ROW_GROUP_ROWS["stories"] for i in range(meta.num_row_groups))
    bands = pq.read_table(files["story_bands"][0], columns=["published_date"]).column(0).to_pylist()
    assert bands == sorted(bands)
