"""The SQL files shipped with storywire: the warehouse's ``views/``, ``checks/`` and
``maintenance/``, and the benchmark's ``queries/`` (``storywire.flows.bench``); and
``registered``, how those queries see Arrow tables of Python's.

SQL lives in ``.sql`` files, one query each, so it can be read, linted and diffed as SQL;
this is the one place that reads them. They are package data (``importlib.resources``), so
an installed storywire finds them wherever it is installed, zipped or not.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa


@functools.cache
def sql_files(folder: str, package: str = "storywire.warehouse") -> MappingProxyType[str, str]:
    """File stem -> SQL text of every ``<folder>/*.sql`` of ``package``, in name order. Read
    once per process (the files are part of the installed package); read-only."""
    root = resources.files(package).joinpath(folder)
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
    return MappingProxyType({e.name.removesuffix(".sql"): e.read_text(encoding="utf-8") for e in entries})


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[duckdb.DuckDBPyConnection]:
    """``tables`` visible to ``con``'s queries under their keyword names for the block, and
    gone after it whatever happens (a name left registered would shadow the next use)."""
    try:
        for name, table in tables.items():
            con.register(name, table)
        yield con
    finally:
        for name in tables:
            with contextlib.suppress(Exception):  # a closed connection has nothing to drop
                con.unregister(name)
