"""DuckDB views over the warehouse's Parquet files, defined by the ``views/*.sql`` files.

The SQL files are the single definition of every view: the in-memory connections the
pipeline uses and the ``warehouse.duckdb`` file users open are both built from them. A view
file holds one ``create or replace view`` statement; ``{{ files.<table> }}`` stands for the
first argument of ``read_parquet`` for that table, filled in from a ``ViewSource``:

- a local warehouse folder gives the glob ``'<folder>/commits/*/<table>.parquet'`` (absolute:
  DuckDB resolves relative paths against the working directory, not the database file). A
  rename makes a commit visible there, so globbing ``commits/`` is safe and always current.
- a remote warehouse (``s3://...``, ``gs://...``, ``memory://...``) gives the explicit list of
  files named by committed records (``[ 's3://b/wh/commits/<id>/<table>.parquet', ... ]``).
  Object stores have no atomic rename, so ``commits/`` may hold files of a commit that never
  landed: only the records say what is committed (see ``warehouse.objectstore``). Such views
  are a snapshot of the commits that existed when they were created.

Remote connections get the warehouse's fsspec filesystem registered
(``con.register_filesystem``), so DuckDB reads the Parquet through fsspec with fsspec's
credentials, and extension auto-install/auto-load is off: nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from storywire.warehouse.errors import ViewError
from storywire.warehouse.schemas import SCHEMA_VERSION
from storywire.warehouse.sql import sql_files

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

#: ``{{ files.stories }}`` in a view file: where ``read_parquet`` finds that table's files.
FILES_PLACEHOLDER = re.compile(r"\{\{\s*files\.(\w+)\s*\}\}")

#: DuckDB settings for connections that read a remote warehouse. With auto-loading on, a
#: ``s3://`` path could make DuckDB fetch the httpfs extension from the network instead of
#: using the registered fsspec filesystem.
_NO_EXTENSION_DOWNLOADS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@dataclass(frozen=True, slots=True)
class ViewSource:
    """Where the views read from.

    ``location`` names the warehouse (a folder path or URL; stored in ``warehouse.duckdb`` so a
    moved folder makes the file stale). ``files`` maps a table to a glob (one string) or to the
    explicit list of its committed files. ``filesystem`` is the fsspec filesystem DuckDB must
    read them through (None: DuckDB's own local file access).
    """

    location: str
    files: Mapping[str, str | Sequence[str]]
    filesystem: AbstractFileSystem | None = field(default=None, compare=False)

    @classmethod
    def local(cls, root: Path) -> ViewSource:
        """A local warehouse folder: each table is the glob over every commit folder."""
        from storywire.warehouse.schemas import TABLES

        return cls(str(root), {name: f"{root}/commits/*/{name}.parquet" for name in TABLES})


def _source(source: ViewSource | str | os.PathLike[str]) -> ViewSource:
    return source if isinstance(source, ViewSource) else ViewSource.local(Path(source))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _files_literal(source: ViewSource, table: str) -> str:
    files = source.files.get(table)
    if files is None:
        raise ViewError("SW302", f"a view reads table {table!r}, which the warehouse does not have")
    if isinstance(files, str):
        return _literal(files)
    if not files:
        raise ViewError("SW303", f"{source.location} has no committed file for table {table!r}")
    return "[" + ", ".join(_literal(f) for f in files) + "]"


def view_sql(source: ViewSource | str | os.PathLike[str]) -> dict[str, str]:
    """View name -> SQL with the table files filled in, read from the packaged .sql files.

    ``source`` is a ``ViewSource`` or a local warehouse folder.
    """
    source = _source(source)
    out: dict[str, str] = {}
    for name, sql in sql_files("views").items():
        out[name] = FILES_PLACEHOLDER.sub(lambda m: _files_literal(source, m.group(1)), sql)
    return out


def connect(
    database: str | os.PathLike[str] = ":memory:",
    source: ViewSource | None = None,
    *,
    read_only: bool = False,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection that can read ``source``'s files: for a remote warehouse, its
    fsspec filesystem is registered and extension downloads are off."""
    if source is None or source.filesystem is None:
        return duckdb.connect(str(database), read_only=read_only)
    con = duckdb.connect(str(database), read_only=read_only, config=dict(_NO_EXTENSION_DOWNLOADS))
    con.register_filesystem(source.filesystem)
    return con


def create_views(con: duckdb.DuckDBPyConnection, source: ViewSource | str | os.PathLike[str]) -> list[str]:
    """Create every view on ``con``, in dependency order, and return their names.

    DuckDB binds a view when it is created, so a view must come after those it reads. Rather
    than keep an order by hand, views that fail on a missing dependency are retried until a
    pass makes no progress; the last error then names the real problem.
    """
    pending = view_sql(source)
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
            raise ViewError("SW301", f"view {name!r} cannot be created: {exc}") from exc
    return created


def connect_views(source: ViewSource | str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with all views defined over ``source`` (or a local folder)."""
    source = _source(source)
    con = connect(":memory:", source)
    create_views(con, source)
    return con


def build_database(source: ViewSource | str | os.PathLike[str], db_path: Path | None = None) -> Path:
    """(Re)build ``warehouse.duckdb`` from the view files, atomically.

    The file is built under a temporary name and renamed into place, so a reader that has
    the old file open keeps a consistent catalog and never sees a half-built one. It must be
    on a local disk (``db_path``; default: ``warehouse.duckdb`` in a local warehouse folder).

    For a remote warehouse the views name ``s3://``/``gs://``/... URLs: a DuckDB client opening
    the file needs the same fsspec filesystem registered (``con.register_filesystem``, as
    ``storywire query`` does) or DuckDB's httpfs extension configured for that store.
    """
    source = _source(source)
    db_path = db_path or _default_db_path(source)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = connect(tmp, source)
        try:
            create_views(con, source)
            con.execute(
                "create table storywire_meta as select ? as root, ? as schema_version, ? as views_hash",
                [source.location, SCHEMA_VERSION, _views_hash(source)],
            )
        finally:
            con.close()
    except BaseException:
        # A half-built file left in the warehouse folder would make the folder look foreign
        # (SW202) to the next run if it has no marker (e.g. deleted while a run was stopping).
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        raise
    os.replace(tmp, db_path)
    return db_path


def _default_db_path(source: ViewSource) -> Path:
    if source.filesystem is not None:
        raise ValueError("a remote warehouse's DuckDB file needs an explicit local db_path")
    return Path(source.location) / "warehouse.duckdb"


def _views_hash(source: ViewSource) -> str:
    return hashlib.sha256(json.dumps(view_sql(source), sort_keys=True).encode()).hexdigest()


def database_is_current(source: ViewSource | str | os.PathLike[str], db_path: Path | None = None) -> bool:
    """True when ``warehouse.duckdb`` exists and was built from the current view files for
    ``source`` (a moved folder, an upgraded storywire or, for a remote warehouse, a new
    commit makes it stale)."""
    source = _source(source)
    db_path = db_path or _default_db_path(source)
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
    return meta == (source.location, SCHEMA_VERSION, _views_hash(source))
