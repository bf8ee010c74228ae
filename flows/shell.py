"""``storywire shell``: the DuckDB command-line shell on the warehouse.

The shell is the ``duckdb`` binary of the ``duckdb-cli`` package, the same DuckDB version as
the Python package (pinned in ``pyproject.toml``), with the same DuckLake extension. It starts
with the statements of ``Warehouse.attach_sql``: the extensions loaded from their packages'
files (``warehouse.extensions``: no download, signatures checked) and the lake attached
read-only and made current, so ``select count(*) from stories`` works at the first prompt.

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


def shell_argv(binary: Path, statements: Sequence[str]) -> list[str]:
    """The shell's command line: no init file, then each statement as a ``-cmd``."""
    argv = [str(binary), "-no-init"]
    for statement in statements:
        argv += ["-cmd", statement]
    return argv


def shell_command(
    warehouse: Annotated[
        str, typer.Option("--warehouse", "-w", help="Warehouse folder or s3:// URL (env STORYWIRE_WAREHOUSE).")
    ] = DEFAULT_WAREHOUSE,
    catalog: Annotated[
        str | None, typer.Option("--catalog", help="The lake's catalog (env STORYWIRE_CATALOG).")
    ] = None,
) -> None:
    """Open the DuckDB shell on the warehouse: the lake attached read-only as ``lake`` (views
    stories, entities, ...; stored tables in schema ``stored``), DuckDB's extensions loaded."""
    from storywire.warehouse.lake import ALIAS, Warehouse

    wh = Warehouse.open(warehouse, create=False, catalog=catalog)  # a coded error is the one line
    binary = shell_binary()
    argv = shell_argv(binary, [*wh.attach_sql(read_only=True, every_extension=True), f"use {ALIAS}"])  # SW215 first
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(binary, argv)
