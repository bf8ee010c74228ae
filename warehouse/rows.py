"""Records -> table rows. Column lists come from ``warehouse.schemas``, never spelled twice."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from storywire.warehouse.schemas import columns

# Record attribute -> column, where the column name avoids an SQL keyword.
_RENAMES = {"start": "start_char", "end": "end_char"}


def record_row(table: str, record: Any, **extra: Any) -> dict[str, Any]:
    """One row for ``table`` from a dataclass record plus ``extra`` columns.

    Only the table's declared columns are taken, so records may carry more fields than a
    table stores (and the schema stays the one place that decides what is stored).
    """
    wanted = set(columns(table))
    row = {}
    for f in dataclasses.fields(record):
        name = _RENAMES.get(f.name, f.name)
        if name in wanted:
            row[name] = getattr(record, f.name)
    for name, value in extra.items():
        if name not in wanted:
            raise KeyError(f"SW102: {name!r} is not a column of {table!r}")
        row[name] = value
    return row


def record_rows(table: str, records: Iterable[Any], **extra: Any) -> list[dict[str, Any]]:
    return [record_row(table, r, **extra) for r in records]
