"""``storywire migrate DIR``: convert a warehouse of the format before DuckLake, in place.

The work is ``warehouse.migrate`` (crash-safe: a re-run after a crash anywhere finishes it);
this is the command around it: one summary line, or one error line with its code. A folder
that already is a lake is said so (exit 0); one that is no warehouse is SW201.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from storywire.flows import console


def summary(folder: str | Path, counts: Mapping[str, int], keep_old: bool) -> str:
    """The line a finished migration prints: the lake's rows per view, where the old files went."""
    from storywire.warehouse.migrate import OLD_DIR

    rows = ", ".join(f"{n:,} {name}" for name, n in counts.items())
    old = f"kept in {Path(folder) / OLD_DIR}" if keep_old else "removed"
    return f"storywire: migrated {folder} to DuckLake: {rows}; the old format's files {old}"


def migrate_command(
    folder: Annotated[
        str, typer.Argument(help="The warehouse folder in the format before DuckLake.")
    ],
    keep_old: Annotated[
        bool,
        typer.Option(
            "--keep-old",
            help="Move the old format's files to DIR/_old_format/ instead of deleting them.",
        ),
    ] = False,
) -> None:
    """Convert a warehouse written before DuckLake (commit folders and _warehouse.json) into a
    DuckLake warehouse with the same rows, in place. Safe to stop: run it again to finish."""
    from storywire.warehouse.errors import WarehouseError
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.migrate import is_old_format, migrate

    try:
        if not is_old_format(folder):
            Warehouse.open(folder, create=False)  # SW201 (no warehouse), SW202 (a file), ...
            typer.echo(f"storywire: {folder} is already a DuckLake warehouse; nothing to migrate")
            return
        counts = migrate(folder, keep_old=keep_old)
    except WarehouseError as exc:
        raise console.fail(str(exc)) from exc
    typer.echo(summary(folder, counts, keep_old))
