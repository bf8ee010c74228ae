"""``storywire query`` through the installed console script on a small warehouse: read-only for
real (nothing written, nothing outside the warehouse read), several statements, and output
a person or a program can trust (NULL apart from '', lists as JSON, wide rows readable)."""

from __future__ import annotations

import csv
import io
import json
import os

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import run_cli


@pytest.fixture
def query(small_warehouse, tmp_path):
    """Run ``storywire query SQL ARGS`` on the small warehouse, in an empty working folder, on
    an 80-column "terminal"."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("STORYWIRE_CONFIG", None)

    def run(sql: str, *args: str):
        return run_cli(
            ["query", sql, "-w", str(small_warehouse), *args], env=env, cwd=workdir, timeout=120
        )

    return run


def _one_error_line(res, code: str) -> str:
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(f"storywire: error: {code}: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("target", ["outside", "inside"])
def test_copy_to_a_file_fails_and_writes_nothing(query, small_warehouse, tmp_path, target):
    path = (
        tmp_path / "out.parquet"
        if target == "outside"
        else small_warehouse / "commits" / "out.parquet"
    )
    res = query(f"copy (select * from stories) to '{path}' (format parquet)")
    assert res.returncode == 2 and res.stdout == ""
    assert "read-only" in _one_error_line(res, "SW420")
    assert not path.exists()


def test_nothing_runs_when_one_statement_writes(query, tmp_path):
    path = tmp_path / "late.csv"
    res = query(f"select 'first' as x; copy stories to '{path}'")
    assert res.returncode == 2 and "first" not in res.stdout and not path.exists()
    _one_error_line(res, "SW420")


def test_attach_of_another_database_fails(query, tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("create table secrets as select 'hidden' as s")
    con.close()
    res = query(f"attach '{other}' as o; select * from o.secrets")
    assert res.returncode == 2 and "hidden" not in res.stdout
    _one_error_line(res, "SW420")


@pytest.mark.parametrize(
    "sql",
    [
        "install httpfs",
        "load httpfs",
        "create table t (x int)",
        "create or replace view stories as select 1",
        "drop view stories",
    ],
)
def test_statements_that_change_anything_fail(query, sql):
    res = query(sql)
    assert res.returncode == 2
    _one_error_line(res, "SW420")
    assert query("select count(*) as n from stories", "-f", "csv").stdout.splitlines() == ["n", "2"]


def test_a_parquet_file_outside_the_warehouse_cannot_be_read(query, tmp_path):
    outside = tmp_path / "private.parquet"
    duckdb.sql(f"copy (select 'salary' as secret) to '{outside}' (format parquet)")
    res = query(f"select * from read_parquet('{outside}')")
    assert res.returncode == 1 and "salary" not in res.stdout  # a runtime SQL failure: exit 1
    assert "Permission" in _one_error_line(res, "SW421")


def test_an_sql_error_is_one_line_and_exit_1(query):
    res = query("select headline from stories where")
    assert res.returncode == 1
    assert "\n" not in _one_error_line(res, "SW421")


def test_several_statements_print_each_result(query):
    res = query("select 1 as first; select 2 as second")
    assert res.returncode == 0, res.stderr
    tables = res.stdout.split("\n\n")
    assert len(tables) == 2
    assert "first" in tables[0] and "(1 row)" in tables[0] and "second" not in tables[0]
    assert "second" in tables[1] and "2" in tables[1]


def test_several_statements_in_csv_are_separated_by_a_blank_line(query):
    res = query("select 1 as a; set variable v = 'kept'; select getvariable('v') as b", "-f", "csv")
    assert res.stdout == "a\n1\n\nb\nkept\n"


def test_results_before_a_failing_statement_are_printed(query):
    res = query("select 'early' as x; select nope from stories", "-f", "csv")
    assert res.returncode == 1 and res.stdout == "x\nearly\n"
    _one_error_line(res, "SW421")


NULLS = "select NULL::varchar as missing, '' as empty, 'NULL' as word, ['a', 'b'] as tags, {'k': [1, NULL]} as nested"


def test_table_shows_null_apart_from_the_empty_string(query):
    res = query(NULLS + ", '[bold]x[/bold]' as markup")
    assert res.returncode == 0, res.stderr
    row = next(line for line in res.stdout.splitlines() if "[bold]" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells == ["NULL", "", "NULL", '["a", "b"]', '{"k": [1, null]}', "[bold]x[/bold]"]


def test_csv_writes_lists_as_json_and_null_apart_from_empty(query, tmp_path):
    res = query(NULLS, "-f", "csv")
    lines = res.stdout.splitlines()
    assert lines[1] == ',"",NULL,"[""a"", ""b""]","{""k"": [1, null]}"'
    (row,) = list(csv.DictReader(io.StringIO(res.stdout)))
    assert json.loads(row["tags"]) == ["a", "b"] and json.loads(row["nested"]) == {"k": [1, None]}
    # DuckDB reads it back with the NULL and the empty string apart (a quoted "" is no NULL)
    path = tmp_path / "nulls.csv"
    path.write_text(res.stdout)
    assert duckdb.sql(
        f"select missing, empty from read_csv('{path}', all_varchar = true, allow_quoted_nulls = false)"
    ).fetchall() == [(None, "")]


def test_json_and_jsonl_keep_types(query):
    records = json.loads(query(NULLS, "-f", "json").stdout)
    expected = {
        "missing": None,
        "empty": "",
        "word": "NULL",
        "tags": ["a", "b"],
        "nested": {"k": [1, None]},
    }
    assert records == [expected]
    lines = query(
        NULLS + "; select published_date from stories order by 1", "-f", "jsonl"
    ).stdout.splitlines()
    assert [json.loads(line) for line in lines if line] == [
        expected,
        {"published_date": "2024-05-06"},
        {"published_date": "2024-05-07"},
    ]


def test_parquet_output_is_readable_by_pyarrow(query, tmp_path):
    out = tmp_path / "result.parquet"
    res = query(
        "select story_id, ['x', 'y'] as tags, published_date, NULL::int as n from stories order by 1",
        "-f",
        "parquet",
        "--out",
        str(out),
    )
    assert res.returncode == 0, res.stderr
    table = pq.read_table(out)
    assert str(table.schema.field("tags").type) == "list<element: string>"
    assert table.column("story_id").to_pylist() == ["a1", "b2"]
    assert table.column("tags").to_pylist() == [["x", "y"], ["x", "y"]]
    assert str(table.schema.field("published_date").type) == "date32[day]"
    assert table.column("n").to_pylist() == [None, None]


def test_parquet_needs_a_file_and_one_result(query, tmp_path):
    res = query("select 1", "-f", "parquet")
    assert res.returncode == 2
    _one_error_line(res, "SW422")
    out = tmp_path / "two.parquet"
    res = query("select 1; select 2", "-f", "parquet", "--out", str(out))
    assert res.returncode == 2 and not out.exists()
    _one_error_line(res, "SW423")


def test_out_writes_text_formats_to_a_file(query, tmp_path):
    out = tmp_path / "out.csv"
    res = query("select story_id from stories order by 1", "-f", "csv", "-o", str(out))
    assert res.returncode == 0 and res.stdout == ""
    assert out.read_text() == "story_id\na1\nb2\n"


def test_a_wide_row_is_printed_one_record_at_a_time(query):
    """``stories`` has ~40 columns: as a table it would be squeezed to nothing in 80 columns."""
    res = query("select * from stories order by story_id")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "   story_id = a1" in res.stdout and "   story_id = b2" in res.stdout
    assert any(line.endswith('headline = Port, "busy"') for line in lines)
    assert any(line.endswith("subheadline = NULL") for line in lines)
    assert lines[-1] == "(2 rows)"


def test_a_long_value_ends_with_an_ellipsis_and_stays_on_one_line(query):
    res = query("select 'a' as id, repeat('word ', 200) || '\nlast line' as body")
    row = next(line for line in res.stdout.splitlines() if "word" in line)
    assert row.rstrip(" │").endswith("…") and "last line" not in res.stdout
    assert len(row) <= 80
