"""``storywire search WORDS``: the stories that match words best, ranked by BM25.

The index is the warehouse's own (``warehouse.search``: kept current by every commit), read
over the read-only connection ``storywire query`` uses; the result is printed by the writers
of ``storywire query`` (``flows.output``), so a table, CSV, JSON and JSON Lines look alike in
both commands.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated

import typer

from storywire.flows.settings import DEFAULT_WAREHOUSE
from storywire.warehouse.search import DEFAULT_LIMIT


class SearchFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def search_command(
    words: Annotated[
        str,
        typer.Argument(
            help="Words to look for in headlines and bodies (any order; "
            "each word is stemmed: 'elections' finds 'election')."
        ),
    ],
    warehouse: Annotated[
        str,
        typer.Option(
            "--warehouse", "-w", help="Warehouse folder or s3:// URL (env STORYWIRE_WAREHOUSE)."
        ),
    ] = DEFAULT_WAREHOUSE,
    since: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/after this day.")
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/before this day.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Stories shown, best first.")
    ] = DEFAULT_LIMIT,
    format: Annotated[
        SearchFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (vertical when wider than the terminal), csv, json or jsonl.",
        ),
    ] = SearchFormat.table,
    catalog: Annotated[
        str | None,
        typer.Option(
            "--catalog",
            help="The lake's catalog (postgresql://... or a SQLite file); "
            "default: catalog.sqlite in the warehouse folder.",
        ),
    ] = None,
) -> None:
    """Full-text search: the stories whose headline and body match WORDS best (BM25), with
    their date, agency and a snippet; --since/--until narrow the publication dates."""
    import duckdb

    from storywire.flows.console import fail, one_line
    from storywire.flows.output import OutputFormat, print_results
    from storywire.warehouse.query import SQL_FAILED, QueryError, open_database
    from storywire.warehouse.search import SearchError, search

    try:
        con = open_database(warehouse, catalog)
    except QueryError as exc:
        raise fail(str(exc)) from exc
    try:
        result = search(con, words, since=_day(since), until=_day(until), limit=limit)
    except SearchError as exc:
        raise fail(str(exc)) from exc
    except duckdb.Error as exc:
        raise fail(f"{SQL_FAILED}: {one_line(str(exc))}") from exc
    finally:
        con.close()
    print_results([result], OutputFormat(format.value), sys.stdout)
