"""DuckDB extensions from their registry packages, loaded by path.

Each extension storywire uses is a PyPI package pinned to the DuckDB version
(``duckdb-extension-<name>``, module ``duckdb_extension_<name>``) that holds
``extensions/v<version>/<name>.duckdb_extension``. Loading that file by its path means:

- nothing is downloaded at run time: auto-install and auto-load are switched off first, so a
  query naming ``s3://`` or a DuckLake catalog cannot make DuckDB fetch an extension itself;
- DuckDB's signature check stays on: ``allow_unsigned_extensions`` is never set, so a file that
  is not the one DuckDB signed (tampered, or built by someone else) is refused;
- the version matches: the file is looked up under the running DuckDB's version, so a package
  of another version is reported as missing (SW215) instead of failing inside DuckDB.

``load_sql`` is the one definition of those statements: ``load_extensions`` runs it on a Python
connection, ``storywire shell`` hands it to the DuckDB command-line shell.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb

from storywire.warehouse.errors import WarehouseError

#: The code of a DuckDB package storywire needs that is not installed (an extension's, or
#: ``duckdb-cli`` for ``storywire shell``).
MISSING_PACKAGE = "SW215"

#: Every extension storywire may load, by DuckDB's name for it: the DuckLake catalog, its
#: single-file (SQLite) and shared (Postgres) catalog databases, full-text search, and
#: DuckDB's own reader of ``s3://`` and ``https://`` files.
EXTENSIONS = ("ducklake", "sqlite_scanner", "postgres_scanner", "fts", "httpfs")

#: Settings that keep DuckDB from installing or loading an extension on its own.
_NO_AUTO_EXTENSIONS = (
    "set autoinstall_known_extensions = false",
    "set autoload_known_extensions = false",
)


def package_name(name: str) -> str:
    """The registry package that ships extension ``name`` (``sqlite_scanner`` ->
    ``duckdb-extension-sqlite-scanner``)."""
    return "duckdb-extension-" + name.replace("_", "-")


def _missing(name: str, version: str, why: str) -> WarehouseError:
    return WarehouseError(
        MISSING_PACKAGE,
        f"the DuckDB extension {name!r} is not available: {why}; "
        f"install {package_name(name)}=={version}",
    )


def extension_path(name: str, version: str | None = None) -> Path:
    """The file of extension ``name`` for DuckDB ``version`` (default: the running one), found
    in its installed package; SW215 when the package or its file for that version is absent."""
    version = version or duckdb.__version__
    try:
        root = importlib.resources.files(f"duckdb_extension_{name}")
    except ModuleNotFoundError:
        raise _missing(
            name, version, f"the package {package_name(name)} is not installed"
        ) from None
    path = root / "extensions" / f"v{version}" / f"{name}.duckdb_extension"
    if not isinstance(path, Path) or not path.is_file():  # a zipped package cannot be loaded
        raise _missing(name, version, f"{package_name(name)} has no file for DuckDB {version}")
    return path


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_sql(names: Iterable[str] = EXTENSIONS) -> list[str]:
    """The statements that load ``names`` by path with auto-install and auto-load off.

    Every path is found before any statement is made, so a missing package fails first.
    """
    paths = [extension_path(name) for name in names]
    return [*_NO_AUTO_EXTENSIONS, *(f"load {_literal(str(path))}" for path in paths)]


def load_extensions(con: duckdb.DuckDBPyConnection, names: Sequence[str] = EXTENSIONS) -> None:
    """Load extensions ``names`` on ``con`` from their packages' files (see the module doc)."""
    for statement in load_sql(names):
        con.execute(statement)
