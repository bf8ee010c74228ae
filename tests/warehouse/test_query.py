"""Read-only SQL over a small warehouse: column names and rows back, writes refused (by the
statement check and, behind it, by DuckDB's own settings), and the errors a user can cause
carry their SW code."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from storywire.warehouse.errors import QueryError
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.query import (
    SQL_FAILED,
    read_only_connection,
    run_query,
    run_statements,
)


def test_returns_column_names_and_rows(small_warehouse):
    columns, rows = run_query(
        small_warehouse, "select story_id, agency, published_date from stories order by 1"
    )
    assert columns == ["story_id", "agency", "published_date"]
    assert rows == [("a1", "AP", dt.date(2024, 5, 6)), ("b2", "Reuters", dt.date(2024, 5, 7))]


def test_accepts_a_folder_given_as_a_string(small_warehouse):
    assert run_query(str(small_warehouse), "select count(*) as n from stories") == (["n"], [(2,)])


@pytest.mark.parametrize(
    "sql",
    [
        "drop view stories",
        "create table t (x int)",
        "create temp table t (x int)",
        "insert into stories (story_id) values ('z')",
        "attach 'other.duckdb' as o",
        "install httpfs",
        "load httpfs",
        "update extensions",
        "export database 'out'",
        "copy (select 1) to 'x.csv'",
        "select 1; copy stories to 'x.parquet'",
    ],
)
def test_refuses_a_statement_that_writes_before_anything_runs(small_warehouse, sql):
    with pytest.raises(QueryError, match=r"^SW420: statement \d \(") as info:
        run_query(small_warehouse, sql)
    assert info.value.code == "SW420"
    # and the views are still there for the next reader
    assert run_query(small_warehouse, "select count(*) from stories")[1] == [(2,)]


@pytest.mark.parametrize(
    "sql",
    [
        "call ducklake_flush_inlined_data('lake')",
        "select * from ducklake_merge_adjacent_files('lake')",
        "select 1; call DuckLake_Expire_Snapshots('lake', older_than => now())",
        "checkpoint",
        "force checkpoint",
        "select * from force_checkpoint()",
    ],
)
def test_lake_maintenance_and_checkpoints_are_refused_and_write_no_file(small_warehouse, sql):
    before = sorted(p for p in small_warehouse.rglob("*") if p.is_file())
    with pytest.raises(QueryError, match=r"^SW420: statement \d calls \w+, which writes to the lake"):
        run_query(small_warehouse, sql)
    assert sorted(p for p in small_warehouse.rglob("*") if p.is_file()) == before


def test_lake_functions_that_read_and_the_word_in_a_string_still_run(small_warehouse):
    assert run_query(small_warehouse, "select count(*) > 0 from ducklake_snapshots('lake')")[1] == [(True,)]
    assert run_query(small_warehouse, "select 'checkpoint(' as x, 'ducklake_flush_inlined_data(' as y")[1] == [
        ("checkpoint(", "ducklake_flush_inlined_data(")]


def _policy_connection(warehouse):
    """The locked-down connection alone, without the statement check: DuckDB's own settings."""
    return read_only_connection(Warehouse.open(warehouse, create=False))


def test_duckdb_itself_refuses_writes_and_files_outside_the_warehouse(small_warehouse, tmp_path):
    """The second line of defence: what the statement check lets through, DuckDB refuses."""
    outside = tmp_path / "outside.parquet"
    duckdb.sql(f"copy (select 42 as secret) to '{outside}'")
    con = _policy_connection(small_warehouse)
    try:
        assert con.execute("select count(*) from stories").fetchall() == [(2,)]
        refused = {
            "create table t (x int)": "read-only",
            f"select * from read_parquet('{outside}')": "Permission",
            f"copy (select 1) to '{tmp_path / 'out.csv'}'": "Permission",
            f"attach '{tmp_path / 'other.duckdb'}' as o": "Permission",
            "install httpfs": "Permission",
            "load inet": "disabled|Permission",
            "select * from read_text('/etc/hostname')": "Permission",
            "set enable_external_access = true": "locked",
            "set allowed_directories = ['/']": "locked",
            "call ducklake_expire_snapshots('lake', older_than => now())": "read-only|read only",
            "insert into stored.stories (story_id, source_uri, commit_id) values ('x', 'y', 'z')": "read-only|read only",
        }
        for sql, why in refused.items():
            with pytest.raises(duckdb.Error, match=why):
                con.execute(sql)
    finally:
        con.close()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_reading_a_parquet_file_outside_the_warehouse_is_an_sql_error(small_warehouse, tmp_path):
    outside = tmp_path / "outside.parquet"
    duckdb.sql(f"copy (select 42 as secret) to '{outside}'")
    with pytest.raises(QueryError, match=r"^SW421: Permission Error") as info:
        run_query(small_warehouse, f"select * from '{outside}'")
    assert info.value.code == SQL_FAILED


def test_the_warehouse_folder_itself_cannot_be_written_to(small_warehouse):
    before = sorted(p.relative_to(small_warehouse) for p in small_warehouse.rglob("*"))
    target = small_warehouse / "data" / "evil.parquet"
    with pytest.raises(QueryError, match="SW420"):
        run_query(small_warehouse, f"copy (select 1) to '{target}'")
    assert not target.exists()
    after = sorted(p.relative_to(small_warehouse) for p in small_warehouse.rglob("*"))
    assert after == before


def test_several_statements_give_each_result_in_order(small_warehouse):
    results = run_statements(
        small_warehouse, "select 1 as one; set variable x = 2; select getvariable('x') as two"
    )
    assert [(r.columns, r.rows) for r in results] == [(["one"], [(1,)]), (["two"], [(2,)])]


def test_a_semicolon_inside_a_string_does_not_split(small_warehouse):
    results = run_statements(small_warehouse, "select 'a;b' as s; -- a comment; with ;\n")
    assert [(r.columns, r.rows) for r in results] == [(["s"], [("a;b",)])]


def test_a_syntax_error_is_an_sql_error(small_warehouse):
    with pytest.raises(QueryError, match=r"^SW421: Parser Error") as info:
        run_query(small_warehouse, "selec 1")
    assert "\n" not in str(info.value)


def test_arrow_results_keep_duckdbs_types(small_warehouse):
    (result,) = run_statements(
        small_warehouse,
        "select ['a', 'b'] as l, published_date from stories order by published_date",
        arrow=True,
    )
    assert str(result.rows.schema.field("l").type) == "list<l: string>"
    assert result.rows.column("published_date").to_pylist() == [
        dt.date(2024, 5, 6),
        dt.date(2024, 5, 7),
    ]


@pytest.mark.parametrize("sql", ["", "   ", "\n\t"])
def test_an_empty_query_is_a_coded_error(small_warehouse, sql):
    with pytest.raises(QueryError, match=r"^SW501: empty query$") as info:
        run_query(small_warehouse, sql)
    assert info.value.code == "SW501"


def test_an_empty_query_is_refused_before_the_warehouse_is_opened(tmp_path):
    with pytest.raises(QueryError) as info:
        run_query(tmp_path / "not-a-warehouse", "")
    assert info.value.code == "SW501"


def test_a_folder_that_is_no_warehouse_gives_its_warehouse_code(tmp_path):
    with pytest.raises(QueryError, match="SW201") as info:
        run_query(tmp_path, "select 1")
    assert info.value.code == "SW201"
    assert not (tmp_path / "catalog.sqlite").exists()  # a query never creates a warehouse


def test_time_travel_reads_an_earlier_snapshot(small_warehouse):
    """A query may read the stored tables as they were at a snapshot (DuckLake's time travel)."""
    first = run_query(small_warehouse, "select min(snapshot_id) from lake.snapshots() "
                                       "where changes['tables_inserted_into'] is not null "
                                       "or changes['inlined_insert'] is not null")[1][0][0]
    rows = run_query(small_warehouse, f"select count(*) from stored.stories at (version => {first})")[1]
    assert rows[0][0] <= 2


def test_a_query_runs_while_another_process_holds_the_writer_lock(small_warehouse):
    wh = Warehouse.open(small_warehouse)
    with wh.locked():
        assert run_query(small_warehouse, "select count(*) from stories")[1] == [(2,)]
