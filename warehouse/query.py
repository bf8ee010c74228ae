"""Read-only SQL over a warehouse, through its ``warehouse.duckdb`` file of views.

What "read-only" means is decided in two places only, both here:

- ``read_only_connection`` (DuckDB's own settings): the file of views is attached read-only
  (no table, view or macro can be created in it), DuckDB may read only the files the views
  read (``allowed_directories``/``allowed_paths`` with ``enable_external_access`` off: no
  other file, no ATTACH of another database, no extension installed or loaded, no secret
  stored), and the configuration is locked so a statement cannot undo any of it.
- ``READING_STATEMENTS``: the statement types that run at all. DuckDB's allow-lists grant
  writing as well as reading, so ``COPY ... TO`` or ``EXPORT`` into the warehouse's own
  folder would pass the settings; every statement is checked before the first one runs.

When the warehouse moves to another catalog (DuckLake), ``readable_locations`` is the one
thing to re-point: it says which files the views read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from storywire.warehouse.errors import QueryError, WarehouseError
from storywire.warehouse.store import Warehouse
from storywire.warehouse.views import ViewSource, build_database, connect, database_is_current

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
_WILDCARD = re.compile(r"[*?\[{]")


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One statement's result: its text, column names, and rows (Python values) or, when
    asked for, an Arrow table."""

    statement: str
    columns: list[str]
    rows: list[tuple] | pa.Table


def readable_locations(source: ViewSource) -> tuple[list[str], list[str]]:
    """(folders, files) the views read: for a glob, the folder before its first wildcard
    (a local warehouse's ``commits/``); for an explicit list, each file (a remote warehouse)."""
    folders: set[str] = set()
    files: set[str] = set()
    for spec in source.files.values():
        if isinstance(spec, str):
            match = _WILDCARD.search(spec)
            if match is None:
                files.add(spec)
            else:
                folders.add(spec[: match.start()].rpartition("/")[0] + "/")
        else:
            files.update(spec)
    return sorted(folders), sorted(files)


def read_only_connection(
    database: os.PathLike[str] | str, source: ViewSource
) -> duckdb.DuckDBPyConnection:
    """A connection to the file of views that can read ``source``'s files and nothing else.

    The allow-lists can only be set once the database runs, and external access can be
    switched off at run time but never back on; the lock comes last.
    """
    con = connect(database, source, read_only=True)
    try:
        folders, files = readable_locations(source)
        con.execute("set autoinstall_known_extensions = false")
        con.execute("set autoload_known_extensions = false")
        con.execute("set allowed_directories = ?", [folders])
        con.execute("set allowed_paths = ?", [files])
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def open_database(
    root: str | os.PathLike[str], db_path: str | os.PathLike[str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse's DuckDB file, rebuilt first if stale.

    Several readers (and a writer building a new file beside it) can work at once. ``root``
    may be a folder or a URL; for a URL the file is local (``db_path``, default a cache
    folder) and the warehouse's fsspec filesystem is registered on the connection before any
    query, since the views name ``s3://``-style URLs that DuckDB alone would not read.
    """
    try:
        wh = Warehouse.open(root, create=False, db_path=db_path)
    except WarehouseError as exc:
        raise QueryError(exc.code, exc.detail) from exc
    source = wh.view_source()  # listed once: the file built, the check and the policy agree
    if not database_is_current(source, wh.db_path):
        build_database(source, wh.db_path)
    return read_only_connection(wh.db_path, source)


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
    db_path: str | os.PathLike[str] | None = None,
    *,
    arrow: bool = False,
) -> Iterator[QueryResult]:
    """Run the statements of ``sql`` in order, yielding the result of each that returns
    rows as soon as it is there (a later statement's error comes after the earlier results).

    Nothing runs unless every statement only reads (SW420). ``arrow`` gives each result as
    an Arrow table (DuckDB's own types, for Parquet) instead of Python rows.
    """
    if not sql.strip():  # before the warehouse is opened: an empty query is a usage error
        raise QueryError("SW501", "empty query")
    con = open_database(root, db_path)
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
    root: str | os.PathLike[str],
    sql: str,
    db_path: str | os.PathLike[str] | None = None,
    *,
    arrow: bool = False,
) -> list[QueryResult]:
    """Every result of ``sql`` (``iter_statements``), in order."""
    return list(iter_statements(root, sql, db_path, arrow=arrow))


def _kind(statement: duckdb.Statement) -> duckdb.StatementType | None:
    try:
        return statement.type
    except ValueError:  # a type the Python binding has no name for (UPDATE EXTENSIONS)
        return None


def run_query(
    root: str | os.PathLike[str], sql: str, db_path: str | os.PathLike[str] | None = None
) -> tuple[list[str], list[tuple]]:
    """Execute ``sql`` and return (column names, rows) of its last statement that returns
    rows (([], []) when none does)."""
    results = run_statements(root, sql, db_path)
    if not results:
        return [], []
    last = results[-1]
    return last.columns, list(last.rows)
