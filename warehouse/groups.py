"""The stored original of each group of copies (``stored.story_groups``).

Ingest stores a copy's ``duplicate_of`` as the first copy it saw (a stable group id); the
original a reader wants is the copy published first, which a later, earlier-dated copy can
change. Each commit recomputes the groups it touches (``lake/story_groups.sql``) in its own
transaction, so the ``stories`` view re-points copies with a join on a table of groups
instead of a window over every story (which read and held every story's row at each query).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from storywire.warehouse.sql import registered, sql_files

if TYPE_CHECKING:
    import duckdb

_TABLE = "stored.story_groups"


def stale_groups(con: duckdb.DuckDBPyConnection, stale: Collection[str]) -> set[str]:
    """The groups a replacement of ``stale`` (stories about to get a new version) changes:
    those their stored versions belong to, and their own (copies point at a story that may
    now be dated otherwise, or be a copy itself). Call before the old rows are deleted, with
    ``storywire_stale`` holding ``stale``."""
    if not stale:
        return set()
    rows = con.execute("select coalesce(duplicate_of, story_id) from stored.stories "
                       "where story_id in (select story_id from storywire_stale)").fetchall()
    return {r[0] for r in rows} | set(stale)


def new_groups(stories: pa.Table) -> set[str]:
    """The groups new copies join. A new story that is no copy starts a group of one: no
    stored story can name it before it is stored."""
    copies = pc.drop_null(stories.column("duplicate_of"))
    return set(copies.to_pylist())


def refresh_groups(con: duckdb.DuckDBPyConnection, groups: Collection[str], commit_id: str) -> None:
    """Recompute the original of every group in ``groups`` from the stored stories (the
    caller's transaction sees its own new rows) and replace their ``story_groups`` rows."""
    if not groups:
        return
    wanted = pa.table({"duplicate_group": pa.array(sorted(groups), pa.string())})
    with registered(con, storywire_groups=wanted):
        con.execute(f"delete from {_TABLE} where duplicate_group in (select duplicate_group from storywire_groups)")
        con.execute(f"insert into {_TABLE} by name select *, $commit_id as commit_id from "
                    f"({sql_files('lake')['story_groups']})", {"commit_id": commit_id})


def backfill_groups(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``story_groups`` for a lake made before it existed: every group with a copy."""
    rows = con.execute("select distinct duplicate_of, max(commit_id) over () from stored.stories "
                       "where duplicate_of is not null").fetchall()
    if rows:
        refresh_groups(con, [r[0] for r in rows], rows[0][1])
