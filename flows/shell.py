"""``storywire shell``: the DuckDB command-line shell on the warehouse.

The shell is the ``duckdb`` binary of the ``duckdb-cli`` package, the same DuckDB version as
the Python package (pinned in ``pyproject.toml``), so it reads the ``warehouse.duckdb`` file
storywire writes. It starts with the statements of ``shell_init_sql``: the extensions loaded
from their packages' files (``warehouse.extensions``: no download, signatures checked) and the
file of views attached read-only as the current database, so ``select count(*) from stories``
works at the first prompt.

The command replaces its own process with the shell (the terminal, Ctrl-C and the exit status
are the shell's). The statements are the shell's ``-cmd`` arguments (run before it reads its
input; one that fails stops the shell, so it never starts half set up) with ``-no-init``: no
file is written, and a user's ``~/.duckdbrc`` cannot undo them.
"""

from __future__ import annotations

import importlib.resources
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from storywire.flows.settings import DEFAULT_WAREHOUSE

#: The name the warehouse's file of views is attached under (and made current).
CATALOG = "warehouse"


def shell_binary() -> Path:
    """The ``duckdb`` executable inside the installed ``duckdb-cli`` package (not its console
    script, which would download a binary when the package has none); SW215 without it."""
    import duckdb

    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.extensions import MISSING_PACKAGE

    name = "duckdb.exe" if sys.platform == "win32" else "duckdb"
    try:
        path = importlib.resources.files("duckdb_cli") / name
    except ModuleNotFoundError:
        path = None
    if not isinstance(path, Path) or not path.is_file():
        raise WarehouseError(
            MISSING_PACKAGE,
            f"the DuckDB shell is not installed: install duckdb-cli=={duckdb.__version__}",
        )
    return path


def shell_init_sql(database: Path, load: Sequence[str]) -> list[str]:
    """The shell's first statements: ``load`` (the extension statements), then the file of
    views attached read-only and made the current database."""
    path = "'" + str(database).replace("'", "''") + "'"
    return [*load, f"attach {path} as {CATALOG} (read_only)", f"use {CATALOG}"]


def shell_argv(binary: Path, statements: Sequence[str]) -> list[str]:
    """The shell's command line: no init file, then each statement as a ``-cmd``."""
    argv = [str(binary), "-no-init"]
    for statement in statements:
        argv += ["-cmd", statement]
    return argv


def shell_command(
    warehouse: Annotated[
        str, typer.Option("--warehouse", "-w", help="Warehouse folder (env STORYWIRE_WAREHOUSE).")
    ] = DEFAULT_WAREHOUSE,
) -> None:
    """Open the DuckDB shell on the warehouse: its views (stories, entities, ...) read-only,
    with storywire's DuckDB extensions loaded. A DuckDB 1.5.x client opens the same file."""
    from storywire.warehouse.extensions import load_sql
    from storywire.warehouse.store import Warehouse

    wh = Warehouse.open(warehouse, create=False)  # a coded error is the command's one line
    wh.root  # noqa: B018 - SW209 for a remote warehouse: its views read through fsspec
    binary = shell_binary()
    load = load_sql()  # SW215 before the database is touched
    if not wh.database_is_current():
        wh.build_database()
    argv = shell_argv(binary, shell_init_sql(wh.db_path, load))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(binary, argv)
