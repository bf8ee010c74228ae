"""The lake's layout: its stored tables, their sort orders, partitions and row groups, and the
views over them.

``define_lake`` creates what a lake lacks (a new lake, a table or column added to
``schemas``, views whose SQL changed) in one transaction; ``create_views`` runs the
``views/*.sql`` files in the current catalog; ``narrow_views`` builds the same views over only
some commits' rows (what a run's data-quality checks read).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa

from storywire.warehouse.groups import backfill_groups
from storywire.warehouse.schemas import (
    BACKFILLED,
    DROPPED_COLUMNS,
    FORMERLY_PARTITIONED,
    LAKE_TABLES,
    PARTITIONS,
    ROW_GROUP_ROWS,
    SCHEMA_VERSION,
    SORTED,
    STORED,
    TABLES,
)
from storywire.warehouse.sql import registered, sql_files

if TYPE_CHECKING:
    import duckdb

#: The name the lake is attached under in storywire's own connections.
ALIAS = "lake"
#: What ``stored.storywire_meta`` says a storywire lake is.
FORMAT_NAME = "storywire-lake"


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One DuckLake transaction on ``con``: committed when the block ends, rolled back (and
    the error raised) when it raises, so nothing half-written becomes visible."""
    con.execute("begin transaction")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(Exception):
            con.execute("rollback")
        raise


def views_hash() -> str:
    """What the lake's layout was built from (the views' SQL, the tables' schemas, sort
    orders, partitions and row groups): a writer brings a lake up to date when this changes."""
    layout = {"views": dict(sql_files("views")), "sorted": SORTED, "partitions": PARTITIONS,
              "row_groups": ROW_GROUP_ROWS,
              "tables": {name: str(schema) for name, schema in {**TABLES, **LAKE_TABLES}.items()}}
    return hashlib.sha256(json.dumps(layout, sort_keys=True).encode()).hexdigest()[:16]


def define_lake(con: duckdb.DuckDBPyConnection, banding: float) -> None:
    """Create the stored tables, the columns added since a lake was made, and the views, in
    one transaction (a lake is never half defined); drop the columns and partitioning an
    earlier layout had, set each table's sort order and partitions; then, in a second
    transaction, the row group sizes (``ROW_GROUP_ROWS``)."""
    try:
        with transaction(con):
            con.execute(f"create schema if not exists {ALIAS}.{STORED}")
            existing = {
                (t, c) for t, c in con.execute(
                    "select table_name, column_name from duckdb_columns() "
                    f"where database_name = '{ALIAS}' and schema_name = '{STORED}'"
                ).fetchall()
            }
            tables = {t for t, _ in existing}
            for name, schema in {**TABLES, **LAKE_TABLES}.items():
                if name not in tables:
                    with registered(con, storywire_empty=schema.empty_table()):
                        con.execute(f"create table {ALIAS}.{STORED}.{name} as select * from storywire_empty with no data")
                    if name == "story_groups" and "stories" in tables:  # a lake made before the table
                        con.execute(f"use {ALIAS}")
                        backfill_groups(con)
                        con.execute("use memory")
                    continue
                added = [field for field in schema if (name, field.name) not in existing]
                for field in added:
                    with registered(con, storywire_empty=pa.schema([field]).empty_table()):
                        duck_type = con.execute(f"describe select {field.name} from storywire_empty").fetchone()[1]
                    con.execute(f"alter table {ALIAS}.{STORED}.{name} add column {field.name} {duck_type}")
                if name in BACKFILLED and added:  # a lake made before the rows carried them
                    con.execute(sql_files("lake")[f"{name}_backfill"].format(lake=ALIAS))
            for table in FORMERLY_PARTITIONED:  # before a drop: a partition column cannot go
                if table in tables and table not in PARTITIONS:
                    con.execute(f"alter table {ALIAS}.{STORED}.{table} reset partitioned by")
            for table, column in DROPPED_COLUMNS:
                if (table, column) in existing:
                    con.execute(f"alter table {ALIAS}.{STORED}.{table} drop column {column}")
            for table, columns in SORTED.items():
                con.execute(f"alter table {ALIAS}.{STORED}.{table} set sorted by ({columns})")
            for table, columns in PARTITIONS.items():
                con.execute(f"alter table {ALIAS}.{STORED}.{table} set partitioned by ({columns})")
            con.execute(f"use {ALIAS}")
            create_views(con)
            con.execute(f"create or replace table {ALIAS}.{STORED}.storywire_meta as "
                        "select ? as format, ? as schema_version, ? as views_hash, ? as banding",
                        [FORMAT_NAME, SCHEMA_VERSION, views_hash(), banding])
        # a table's options cannot be set in the transaction that creates it; they change
        # only how later files are cut, never what a query reads
        with transaction(con):
            for table, rows in ROW_GROUP_ROWS.items():
                con.execute(f"call {ALIAS}.set_option('parquet_row_group_size', {int(rows)}, "
                            f"schema => '{STORED}', table_name => '{table}')")
    finally:
        with contextlib.suppress(Exception):
            con.execute("use memory")


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create every view (``views/*.sql``) in the current catalog, in dependency order.

    DuckDB binds a view when it is created, so a view must come after those it reads; views
    that fail on a missing dependency are retried until a pass makes no progress.
    """
    import duckdb

    from storywire.warehouse.errors import ViewError

    pending = dict(sql_files("views"))
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
        if len(pending) == before:
            name, exc = next(iter(errors.items()))
            raise ViewError("SW301", f"view {name!r} cannot be created: {exc}") from exc
    return created


def narrow_views(con: duckdb.DuckDBPyConnection, commits: Sequence[str]) -> None:
    """Views in the connection's own memory catalog over only the rows ``commits`` wrote:
    schema ``stored`` of filtered views of the lake's tables, the usual views on top."""
    con.execute("use memory")
    con.execute(f"create schema {STORED}")
    con.register("storywire_commits", pa.table({"commit_id": pa.array(sorted(commits), pa.string())}))
    for name in {**TABLES, **LAKE_TABLES}:
        con.execute(f"create view {STORED}.{name} as select * from {ALIAS}.{STORED}.{name} "
                    "where commit_id in (select commit_id from storywire_commits)")
    create_views(con)
