"""DuckDB views over the warehouse's Parquet files, defined by the ``views/*.sql`` files.

The SQL files are the single definition of every view: the in-memory connections the
pipeline uses and the ``warehouse.duckdb`` file users open are both built from them. A view
file holds one ``create or replace view`` statement; ``{{ root }}`` stands for the warehouse
folder (DuckDB resolves relative paths against the working directory, not the database file,
so the absolute path is written in).
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path

import duckdb

from storywire.warehouse.schemas import SCHEMA_VERSION

ROOT_PLACEHOLDER = "{{ root }}"


def view_sql(root: Path) -> dict[str, str]:
    """View name -> SQL with the warehouse root filled in, read from the packaged .sql files."""
    literal = str(root).replace("'", "''")
    out: dict[str, str] = {}
    for entry in sorted(resources.files("storywire.warehouse").joinpath("views").iterdir()):
        if entry.name.endswith(".sql"):
            out[entry.name.removesuffix(".sql")] = entry.read_text().replace(ROOT_PLACEHOLDER, literal)
    return out


def create_views(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """Create every view on ``con``, in dependency order, and return their names.

    DuckDB binds a view when it is created, so a view must come after those it reads. Rather
    than keep an order by hand, views that fail on a missing dependency are retried until a
    pass makes no progress; the last error then names the real problem.
    """
    pending = view_sql(root)
    created: list[str] = []
    while pending:
        before = len(pending)
        errors: dict[str, Exception] = {}
        for name, sql in list(pending.items()):
            try:
                con.execute(sql)
            except duckdb.CatalogException as exc:
                errors[name] = exc
            else:
                created.append(name)
                del pending[name]
        if len(pending) == before:  # a pass that created nothing: a real error
            name, exc = next(iter(errors.items()))
            raise RuntimeError(f"SW301: view {name!r} cannot be created: {exc}") from exc
    return created


def connect_views(root: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with all views defined over ``root``."""
    con = duckdb.connect(":memory:")
    create_views(con, root)
    return con


def build_database(root: Path, db_path: Path | None = None) -> Path:
    """(Re)build ``warehouse.duckdb`` from the view files, atomically.

    The file is built under a temporary name and renamed into place, so a reader that has
    the old file open keeps a consistent catalog and never sees a half-built one.
    """
    db_path = db_path or root / "warehouse.duckdb"
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        create_views(con, root)
        con.execute(
            "create table storywire_meta as select ? as root, ? as schema_version, ? as views_hash",
            [str(root), SCHEMA_VERSION, _views_hash(root)],
        )
    finally:
        con.close()
    os.replace(tmp, db_path)
    return db_path


def _views_hash(root: Path) -> str:
    return hashlib.sha256(json.dumps(view_sql(root), sort_keys=True).encode()).hexdigest()


def database_is_current(root: Path, db_path: Path | None = None) -> bool:
    """True when ``warehouse.duckdb`` exists and was built from the current view files for
    ``root`` (a moved folder or an upgraded storywire makes it stale)."""
    db_path = db_path or root / "warehouse.duckdb"
    if not db_path.exists():
        return False
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            meta = con.execute("select root, schema_version, views_hash from storywire_meta").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return False
    return meta == (str(root), SCHEMA_VERSION, _views_hash(root))
