"""Read-only SQL over a warehouse, through its ``warehouse.duckdb`` file of views."""

from __future__ import annotations

import os

import duckdb

from storywire.warehouse.errors import QueryError, WarehouseError
from storywire.warehouse.store import Warehouse
from storywire.warehouse.views import build_database, connect, database_is_current


def open_database(
    root: str | os.PathLike[str], db_path: str | os.PathLike[str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse's DuckDB file, rebuilt first if stale.

    Read-only: the views cannot be dropped or tables created by a query, and several readers
    (and a writer building a new file beside it) can work at once. ``root`` may be a folder or
    a URL; for a URL the file is local (``db_path``, default a cache folder) and the
    warehouse's fsspec filesystem is registered on the connection before any query, since
    the views name ``s3://``-style URLs that DuckDB alone would not read.
    """
    try:
        wh = Warehouse.open(root, create=False, db_path=db_path)
    except WarehouseError as exc:
        raise QueryError(exc.code, exc.detail) from exc
    source = wh.view_source()  # listed once: the file built and the check agree
    if not database_is_current(source, wh.db_path):
        build_database(source, wh.db_path)
    return connect(wh.db_path, source, read_only=True)


def run_query(
    root: str | os.PathLike[str], sql: str, db_path: str | os.PathLike[str] | None = None
) -> tuple[list[str], list[tuple]]:
    """Execute ``sql`` and return (column names, rows)."""
    if not sql.strip():
        raise QueryError("SW501", "empty query")
    con = open_database(root, db_path)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
