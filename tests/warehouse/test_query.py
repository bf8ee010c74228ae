"""Read-only SQL over a small warehouse: column names and rows back, writes refused, and the
errors a user can cause carry their SW code."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from storywire.warehouse.errors import QueryError
from storywire.warehouse.query import run_query


def test_returns_column_names_and_rows(small_warehouse):
    columns, rows = run_query(small_warehouse, "select story_id, agency, published_date from stories order by 1")
    assert columns == ["story_id", "agency", "published_date"]
    assert rows == [("a1", "AP", dt.date(2024, 5, 6)), ("b2", "Reuters", dt.date(2024, 5, 7))]


def test_accepts_a_folder_given_as_a_string(small_warehouse):
    assert run_query(str(small_warehouse), "select count(*) as n from stories") == (["n"], [(2,)])


@pytest.mark.parametrize("sql", ["drop view stories", "create table t (x int)"])
def test_refuses_a_statement_that_writes(small_warehouse, sql):
    with pytest.raises(duckdb.Error, match="read-only"):
        run_query(small_warehouse, sql)
    # and the views are still there for the next reader
    assert run_query(small_warehouse, "select count(*) from stories")[1] == [(2,)]


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
    assert not (tmp_path / "_warehouse.json").exists()  # a query never creates a warehouse


def test_db_path_puts_the_views_file_where_asked(small_warehouse, tmp_path):
    db = tmp_path / "elsewhere" / "views.duckdb"
    db.parent.mkdir()
    assert run_query(small_warehouse, "select count(*) from stories", db_path=db)[1] == [(2,)]
    assert db.is_file()
