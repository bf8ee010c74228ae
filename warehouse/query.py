"""Read-only SQL over a warehouse: its lake attached read-only, its views current.

What "read-only" means is decided in two places only, both here:

- ``read_only_connection`` (DuckDB's own settings): the lake is attached read-only (no table,
  view or macro can be created in it, no snapshot expired), DuckDB may read only the
  warehouse's own files (``allowed_directories`` with ``enable_external_access`` off: no other
  file, no ATTACH of another database, no extension installed or loaded, no secret stored),
  and the configuration is locked so a statement cannot undo any of it.
- ``READING_STATEMENTS``: the statement types that run at all. DuckDB's allow-lists grant
  writing as well as reading, so ``COPY ... TO`` or ``EXPORT`` into the warehouse's own
  folder would pass the settings; every statement is checked before the first one runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from storywire.warehouse.errors import QueryError, WarehouseError
from storywire.warehouse.lake import Warehouse

if TYPE_CHECKING:
    import pyarrow as pa

#: The code of an SQL statement DuckDB could not run (syntax, names, types, a file it may not
#: read): a runtime failure, where the other query codes are usage errors.
SQL_FAILED = "SW421"

#: Statement types that only read. SET stays allowed for ``SET VARIABLE`` and ``USE``: DuckDB
#: options cannot change once the configuration is locked.
READING_STATEMENTS = frozenset({
    duckdb.StatementType.SELECT,   # also FROM-first, WITH, DESCRIBE, SHOW, SUMMARIZE
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,
    duckdb.StatementType.CALL,
    duckdb.StatementType.SET,
    duckdb.StatementType.PREPARE,
    duckdb.StatementType.EXECUTE,
})  # fmt: skip
#: Of those, the ones whose rows are shown (SET and PREPARE return a bare "Success").
RESULT_STATEMENTS = frozenset({
    duckdb.StatementType.SELECT,
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,
    duckdb.StatementType.CALL,
    duckdb.StatementType.EXECUTE,
})  # fmt: skip

#: A glob's first wildcard: the folder before it is what the glob can reach.


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One statement's result: its text, column names, and rows (Python values) or, when
    asked for, an Arrow table."""

    statement: str
    columns: list[str]
    rows: list[tuple] | pa.Table


def read_only_connection(wh: Warehouse) -> duckdb.DuckDBPyConnection:
    """A connection with ``wh`` attached read-only that can read the warehouse's files and
    nothing else."""
    return _locked_down(wh, wh.connect(read_only=True))


def _locked_down(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """``con`` (``wh`` attached read-only) allowed to read the warehouse's files only.

    The allow-list can only be set once the database runs, and external access can be
    switched off at run time but never back on; the lock comes last.
    """
    try:
        readable = [wh.where.data_path]
        if wh.where.catalog.startswith("sqlite:"):
            readable.append(os.path.dirname(wh.where.catalog[len("sqlite:"):]) + "/")
        con.execute("set allowed_directories = ?", [readable])
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def open_database(root: str | os.PathLike[str], catalog: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse at ``root`` (``read_only_connection``), its
    lake current (``USE lake``): queries name the views (stories, entities, ...) directly.
    Several readers can work while a run writes."""
    try:
        return _locked_down(*Warehouse.open_reading(root, catalog=catalog))
    except WarehouseError as exc:
        raise QueryError(exc.code, exc.detail) from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def split_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[duckdb.Statement]:
    """The statements of ``sql`` (DuckDB's own parser: a ``;`` inside a string or comment is
    not a split), each checked to be one that reads before any of them runs."""
    if not sql.strip():
        raise QueryError("SW501", "empty query")
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(SQL_FAILED, _first_line(exc)) from exc
    if not statements:
        raise QueryError("SW501", "empty query")
    for number, statement in enumerate(statements, 1):
        kind = _kind(statement)
        if (writer := _lake_writer(statement.query)) is not None:
            raise QueryError(
                "SW420",
                f"statement {number} calls {writer}, which writes to the lake; storywire query is "
                "read-only (maintenance is storywire compact)",
            )
        if kind not in READING_STATEMENTS:
            what = kind.name if kind is not None else "unknown"
            raise QueryError(
                "SW420",
                f"statement {number} ({what}: {statement.query.strip()[:60]!r}) does not only read; "
                "storywire query is read-only: it runs SELECT, EXPLAIN, PRAGMA, CALL, SET VARIABLE, "
                "PREPARE and EXECUTE",
            )
    return statements


def iter_statements(
    root: str | os.PathLike[str],
    sql: str,
    *,
    catalog: str | None = None,
    arrow: bool = False,
) -> Iterator[QueryResult]:
    """Run the statements of ``sql`` in order, yielding the result of each that returns
    rows as soon as it is there (a later statement's error comes after the earlier results).

    Nothing runs unless every statement only reads (SW420). ``arrow`` gives each result as
    an Arrow table (DuckDB's own types, for Parquet) instead of Python rows.
    """
    if not sql.strip():  # before the warehouse is opened: an empty query is a usage error
        raise QueryError("SW501", "empty query")
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError:  # the command line's undecodable bytes come as lone surrogates
        raise QueryError("SW428", f"the SQL {sql[:60]!r} is not valid UTF-8; type it again in UTF-8") from None
    con = open_database(root, catalog)
    try:
        for statement in split_statements(con, sql):
            try:
                # execute, not sql(): a DuckDB 1.5 relation holds the GIL while its query winds
                # down, and a worker closing an fsspec file needs it (a remote warehouse hangs)
                result = con.execute(statement.query)
                if statement.type not in RESULT_STATEMENTS:
                    continue
                rows = result.to_arrow_table() if arrow else result.fetchall()
                columns = [column[0] for column in result.description]
            except duckdb.Error as exc:
                raise QueryError(SQL_FAILED, _first_line(exc)) from exc
            yield QueryResult(statement.query.strip(), columns, rows)
    finally:
        con.close()


def run_statements(
    root: str | os.PathLike[str], sql: str, *, catalog: str | None = None, arrow: bool = False
) -> list[QueryResult]:
    """Every result of ``sql`` (``iter_statements``), in order."""
    return list(iter_statements(root, sql, catalog=catalog, arrow=arrow))


#: DuckLake's functions that only read. Any other ``ducklake_*`` function, and DuckDB's
#: checkpoints, may write: on a lake attached read-only, DuckLake's flush still writes its
#: Parquet files before the catalog refuses the commit, leaving files nothing references.
#: An allow-list, so a function a later DuckLake adds is refused until it is known to read.
LAKE_READERS = frozenset({
    "ducklake_current_snapshot", "ducklake_last_committed_snapshot", "ducklake_list_files",
    "ducklake_options", "ducklake_scan", "ducklake_settings", "ducklake_snapshots",
    "ducklake_table_changes", "ducklake_table_deletions", "ducklake_table_info",
    "ducklake_table_insertions",
})  # fmt: skip
_STRING = re.compile(r"'(?:[^']|'')*'")
_LAKE_CALL = re.compile(r"\b(ducklake_\w+|force_checkpoint|checkpoint)\b\s*\(", re.IGNORECASE)
_CHECKPOINT = re.compile(r"^\s*(?:force\s+)?checkpoint\b", re.IGNORECASE)


def _lake_writer(sql: str) -> str | None:
    """The writing lake function (or checkpoint) ``sql`` calls, if any; string literals are
    not calls."""
    code = _STRING.sub("''", sql)
    if _CHECKPOINT.match(code):
        return "CHECKPOINT"
    for match in _LAKE_CALL.finditer(code):
        if match.group(1).lower() not in LAKE_READERS:
            return match.group(1)
    return None


def _kind(statement: duckdb.Statement) -> duckdb.StatementType | None:
    try:
        return statement.type
    except ValueError:  # a type the Python binding has no name for (UPDATE EXTENSIONS)
        return None


def run_query(
    root: str | os.PathLike[str], sql: str, *, catalog: str | None = None
) -> tuple[list[str], list[tuple]]:
    """Execute ``sql`` and return (column names, rows) of its last statement that returns
    rows (([], []) when none does)."""
    results = run_statements(root, sql, catalog=catalog)
    if not results:
        return [], []
    last = results[-1]
    return last.columns, list(last.rows)
