"""How ``storywire query`` prints results: a table people read, or CSV, JSON, JSON Lines and
Parquet for programs.

The rules every text format shares: a NULL is never confused with an empty string (the table
shows ``NULL``, dimmed on a terminal; CSV leaves the field empty and writes ``""`` for an
empty string; JSON has ``null``), and a list, struct or map is JSON in every format (never
Python's ``['a', 'b']``). Several results are printed in turn, a blank line between them.

A table wider than the terminal is printed one record at a time instead, ``name = value`` per
line as DuckDB's ``.mode line`` does, so a wide row stays readable; a cell longer than
``MAX_CELL`` characters (a story body) ends with an ellipsis in either layout.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import shutil
import uuid
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from storywire.tasks.records import CodedError

if TYPE_CHECKING:
    import pyarrow as pa
    from rich.console import Console

    from storywire.warehouse.query import QueryResult

#: What a NULL looks like in a table.
NULL_TEXT = "NULL"
#: Characters of one value a table shows before an ellipsis.
MAX_CELL = 60
#: Terminal width assumed when there is no terminal and no ``COLUMNS``.
FALLBACK_WIDTH = 120
#: Control characters shown escaped in a table, so one value stays on one line.
_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    parquet = "parquet"


class OutputError(CodedError, ValueError):
    """A result that cannot be written as asked (SW422, SW423: a usage error) or where asked
    (SW427: the place cannot take it)."""


def check_destination(format: OutputFormat, out: Path | None) -> None:
    """Refuse, before any SQL runs, what cannot be written: Parquet (binary) to the terminal."""
    if format is OutputFormat.parquet and out is None:
        raise OutputError("SW422", "--format parquet writes a file: give --out FILE")


def write_results(results: Iterable[QueryResult], format: OutputFormat, out: Path | None) -> None:
    """Each result in ``format`` to ``out`` (default: standard output) as it comes; Parquet
    takes exactly one result (DuckDB's types kept)."""
    try:
        _write_results(results, format, out)
    except BrokenPipeError:  # the reader went away (| head): the command ends quietly
        raise
    except OSError as exc:  # a folder, a full disk, a read-only place: not the SQL's fault
        raise OutputError("SW427", f"cannot write the result to {out}: {exc.strerror or exc}") from exc


def _write_results(results: Iterable[QueryResult], format: OutputFormat, out: Path | None) -> None:
    import sys

    if format is OutputFormat.parquet:
        every = list(results)
        if len(every) != 1 or out is None:
            raise OutputError(
                "SW423", f"--format parquet holds one result; the SQL returned {len(every)}"
            )
        write_parquet(every[0].rows, out)
        rows = every[0].rows.num_rows
        print(f"wrote {rows} row{'s' if rows != 1 else ''} to {out}", file=sys.stderr)
    elif out is None:
        print_results(results, format, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as stream:
            print_results(results, format, stream)


def print_results(results: Iterable[QueryResult], format: OutputFormat, stream: TextIO) -> None:
    """Each result in a text ``format``, a blank line between results."""
    from rich.console import Console

    console = Console(file=stream, width=terminal_width(), highlight=False, soft_wrap=False)
    write = {
        OutputFormat.csv: write_csv,
        OutputFormat.json: write_json,
        OutputFormat.jsonl: write_jsonl,
    }
    for number, result in enumerate(results):
        if number:
            stream.write("\n")
        if format in write:
            write[format](stream, result.columns, result.rows)
        else:
            print_table(console, result.columns, result.rows)
        stream.flush()


def jsonable(value: object) -> object:
    """``value`` as plain JSON types: dates in ISO 8601, decimals as numbers, bytes in hex,
    map keys as strings, a float that JSON cannot hold (NaN, infinity) as its name."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {k if isinstance(k, str) else _key(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID | dt.timedelta):
        return str(value)
    return str(value)


def _key(key: object) -> str:
    scalar = jsonable(key)
    return scalar if isinstance(scalar, str) else json.dumps(scalar, ensure_ascii=False)


def text(value: object) -> str:
    """One non-NULL value as text: nested values as JSON, the rest as DuckDB shows them."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(jsonable(value))


def csv_field(value: object) -> str:
    """One CSV field (RFC 4180 quoting): NULL is empty, an empty string is ``""``."""
    if value is None:
        return ""
    field = text(value)
    if field == "" or any(c in field for c in ',"\r\n') or field != field.strip():
        return '"' + field.replace('"', '""') + '"'
    return field


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    out.write(",".join(csv_field(c) for c in columns) + "\n")
    for row in rows:
        out.write(",".join(csv_field(v) for v in row) + "\n")


def records(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> list[dict[str, object]]:
    return [dict(zip(columns, (jsonable(v) for v in row), strict=True)) for row in rows]


def write_json(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    out.write(json.dumps(records(columns, rows), ensure_ascii=False, indent=2) + "\n")


def write_jsonl(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    for record in records(columns, rows):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else ``FALLBACK_WIDTH``."""
    return shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns


def cell(value: object, limit: int = MAX_CELL) -> str | None:
    """A value as one line of at most ``limit`` characters; None for NULL."""
    if value is None:
        return None
    shown = text(value).translate(_ESCAPES)
    return shown if len(shown) <= limit else shown[: max(limit - 1, 0)] + "…"


def table_width(columns: Sequence[str], cells: Sequence[Sequence[str | None]]) -> int:
    """The width of the boxed table of ``cells``: each column as wide as its widest cell, one
    space of padding on each side, one rule between and around columns."""
    from rich.cells import cell_len

    widths = [cell_len(name) for name in columns]
    for row in cells:
        for i, shown in enumerate(row):
            widths[i] = max(widths[i], cell_len(NULL_TEXT if shown is None else shown))
    return sum(widths) + 3 * len(widths) + 1


def _shown(shown: str | None):
    from rich.text import Text

    return Text(NULL_TEXT, style="dim") if shown is None else Text(shown)


def print_table(console: Console, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A boxed table when it fits ``console``'s width, else one record at a time."""
    from rich.table import Table

    if columns == ["explain_key", "explain_value"]:  # EXPLAIN: the plan is already drawn
        for _, plan in rows:
            console.print(plan, markup=False, highlight=False)
        return
    cells = [[cell(v) for v in row] for row in rows]
    if table_width(columns, cells) > console.width:
        print_records(console, columns, rows)
    else:
        table = Table(show_lines=False)
        for name in columns:
            table.add_column(name, no_wrap=True)
        for row in cells:
            table.add_row(*(_shown(shown) for shown in row))
        console.print(table)
    console.print(
        f"({len(rows)} row{'s' if len(rows) != 1 else ''})", markup=False, highlight=False
    )


def print_records(
    console: Console, columns: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """Each record as ``name = value`` lines, names aligned, a blank line between records."""
    from rich.cells import cell_len
    from rich.text import Text

    name_width = max((cell_len(name) for name in columns), default=0)
    room = max(console.width - name_width - 3, 20)
    for number, row in enumerate(rows):
        if number:
            console.print()
        for name, value in zip(columns, row, strict=True):
            line = Text(" " * (name_width - cell_len(name)) + name + " = ")
            line.append_text(_shown(cell(value, room)))
            console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
