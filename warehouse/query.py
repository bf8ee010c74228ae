"""Read-only SQL over a warehouse, through its ``warehouse.duckdb`` file of views."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from storywire.warehouse.store import Warehouse, WarehouseError
from storywire.warehouse.views import build_database, database_is_current


class QueryError(RuntimeError):
    pass


def open_database(root: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse's DuckDB file, rebuilt first if stale.

    Read-only: the views cannot be dropped or tables created by a query, and several readers
    (and a writer building a new file beside it) can work at once.
    """
    try:
        wh = Warehouse.open(root, create=False)
    except WarehouseError as exc:
        raise QueryError(str(exc)) from exc
    if not database_is_current(wh.root):
        build_database(wh.root)
    return duckdb.connect(str(wh.db_path), read_only=True)


def run_query(root: str | os.PathLike[str], sql: str) -> tuple[list[str], list[tuple]]:
    """Execute ``sql`` and return (column names, rows)."""
    if not sql.strip():
        raise QueryError("SW501: empty query")
    con = open_database(Path(root))
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()
