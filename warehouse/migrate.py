"""``storywire migrate``: a warehouse of the format before DuckLake becomes a lake, same rows.

The old format (``_warehouse.json`` says ``storywire-warehouse``, schema version 1) kept every
commit as a folder ``commits/<commit_id>/<table>.parquet`` and left the newest version of each
story to its views. What those views showed is what the lake gets:

- ``stories``, ``entities``, ``timexes``, ``quotes``: the rows of each story's newest commit
  (the highest ``commit_id`` of its ``stories`` rows); every stored version's lineage goes to
  ``story_versions``, and ``Warehouse.commit`` builds the duplicate check's band index;
- ``sources``: the newest row per ``source_uri``; ``runs``: per ``run_id``; ``rejects``: per
  (``source_uri``, ``item_key``, ``run_id``).

Rows keep the commit ids they had (``keep_commit_ids``), so lineage and the choice of a
duplicate group's original read the same. A file written before a column existed gives nulls.
A landed compaction's ``_supersedes.json`` hides the commits it replaced (a crash could leave
them), and ``_staging/`` never was visible: neither is read.

Memory: the old commits are read one at a time, and a story's rows of every table go into
the lake together, ``BATCH_STORIES`` stories per transaction; only the map of current
versions (two ids per story) is held for the whole run, in DuckDB (it spills to disk).

Crash safety. The lake is built in ``DIR/_migrating/`` (catalog, data, then a ``built``
marker), its ``data/`` moved into ``DIR``, and last its ``catalog.sqlite``: the catalog's
arrival is the commit point (the lake is attached with its data path given, so its files may
move). Then ``_migrating/`` and the old files go (``_warehouse.json`` last), or move under
``DIR/_old_format/`` with ``keep_old``. A re-run after a crash anywhere finishes the job: an
unfinished build is thrown away and rebuilt, a finished one is moved in, a folder with both a
catalog and old files is only cleaned up. ``DIR/.lock`` (the writer lock of both formats) is
held throughout, so no writer of either format runs meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock

from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.lake import (
    CATALOG_FILE,
    DATA_DIR,
    LOCK_FILE,
    OLD_MARKER,
    Warehouse,
    local_folder,
)
from storywire.warehouse.schemas import LAKE_TABLES, TABLES
from storywire.warehouse.sql import registered

if TYPE_CHECKING:
    import duckdb

OLD_FORMAT = "storywire-warehouse"
OLD_SCHEMA_VERSION = 1
COMMITS_DIR = "commits"
SUPERSEDES = "_supersedes.json"
#: Where the lake is built before it moves into the folder.
MIGRATING = "_migrating"
#: Written in ``MIGRATING`` once the lake there is complete: from then on it is moved, not rebuilt.
BUILT = "built"
#: Where ``keep_old`` puts the old format's files.
OLD_DIR = "_old_format"
#: The old format's files and folders, removed (or kept) in this order: the marker last, so a
#: crash while cleaning up leaves a folder that a re-run still recognizes.
OLD_FILES = (
    "_staging",
    COMMITS_DIR,
    "warehouse.duckdb",
    "warehouse.duckdb.wal",
    f"{OLD_MARKER}.tmp",
    OLD_MARKER,
)
#: Stories (with their entities, timexes, quotes) per lake transaction.
BATCH_STORIES = 5000
#: Rows of sources, runs and rejects per lake transaction.
BATCH_ROWS = 50_000
STORY_ROWS = ("entities", "timexes", "quotes")
VERSIONS = "story_versions"
#: The newest row of each key in a keyed table, as the old views chose it.
NEWEST = {
    "sources": ("source_uri",),
    "runs": ("run_id",),
    "rejects": ("source_uri", "item_key", "run_id"),
}
UNREADABLE = "SW225"
IN_THE_WAY = "SW226"


def is_old_format(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` holds a warehouse of the format before DuckLake (or one whose
    migration has not finished cleaning up)."""
    root = local_folder(folder)
    return root is not None and (root / OLD_MARKER).is_file()


def migrate(
    folder: str | os.PathLike[str], *, keep_old: bool = False, batch_stories: int = BATCH_STORIES
) -> dict[str, int]:
    """Convert the old-format warehouse at ``folder`` into a lake in place and return the
    lake's rows per view (``stories``, ..., ``story_versions``); ``{}`` when ``folder`` holds
    no old format (nothing to do). ``keep_old``: move the old files under ``_old_format/``
    instead of deleting them. Waits for a writer holding the folder's lock."""
    root = local_folder(folder)
    if root is None:
        raise WarehouseError(
            UNREADABLE, f"cannot migrate {folder}: storywire migrate works on a local folder"
        )
    if not is_old_format(root):
        return {}
    with FileLock(str(root / LOCK_FILE)):
        if not (root / CATALOG_FILE).exists():
            check_marker(root)
            work = root / MIGRATING
            built = (work / BUILT).is_file()
            if (root / DATA_DIR).exists() and not (built and not (work / DATA_DIR).exists()):
                raise WarehouseError(
                    IN_THE_WAY,
                    f"cannot migrate {root}: {root / DATA_DIR} exists and was not made by "
                    "storywire migrate; move it away and run again",
                )
            if not built:
                shutil.rmtree(work, ignore_errors=True)  # a build a crash interrupted
                build_lake(root, work, batch_stories)
                _write_synced(
                    work / BUILT, "the lake here is complete; storywire migrate moves it in\n"
                )
            _move_in(root, work)
        counts = lake_counts(root)
        _clean_up(root, keep_old)
    return counts


def check_marker(root: Path) -> None:
    """UNREADABLE unless ``_warehouse.json`` names the old format at schema version 1."""
    try:
        meta = json.loads((root / OLD_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WarehouseError(
            UNREADABLE, f"cannot migrate {root}: {OLD_MARKER} cannot be read: {exc}"
        ) from exc
    if (
        not isinstance(meta, dict)
        or meta.get("format") != OLD_FORMAT
        or meta.get("schema_version") != OLD_SCHEMA_VERSION
    ):
        raise WarehouseError(
            UNREADABLE,
            f"cannot migrate {root}: {OLD_MARKER} does not describe a {OLD_FORMAT} of schema "
            f"version {OLD_SCHEMA_VERSION} ({json.dumps(meta)[:80]})",
        )


def commit_folders(root: Path) -> list[Path]:
    """The visible commits, oldest first, without those a landed compaction replaced."""
    commits = root / COMMITS_DIR
    folders = sorted(p for p in commits.iterdir() if p.is_dir()) if commits.is_dir() else []
    replaced: set[str] = set()
    for folder in folders:
        marker = folder / SUPERSEDES
        if marker.is_file():
            try:
                replaced |= set(json.loads(marker.read_text(encoding="utf-8"))) - {folder.name}
            except (OSError, ValueError) as exc:
                raise WarehouseError(
                    UNREADABLE, f"cannot migrate {root}: {marker} cannot be read: {exc}"
                ) from exc
    return [f for f in folders if f.name not in replaced]


@dataclass
class _Pending:
    """Rows waiting for the next lake transaction."""

    tables: dict[str, list[pa.Table]] = field(default_factory=dict)
    stories: int = 0

    def add(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            self.tables.setdefault(name, []).append(table)
            self.stories += table.num_rows if name == "stories" else 0

    def take(self) -> dict[str, pa.Table]:
        out = {name: pa.concat_tables(parts) for name, parts in self.tables.items()}
        self.tables, self.stories = {}, 0
        return out


def build_lake(root: Path, work: Path, batch_stories: int = BATCH_STORIES) -> None:
    """Write the old warehouse's current rows and lineage into a new lake at ``work``."""
    import duckdb

    folders = commit_folders(root)
    wh = Warehouse.open(work)
    con = duckdb.connect()
    try:
        con.execute("set temp_directory = ?", [str(work / ".spill")])
        with wh.locked():
            _copy_stories(con, wh, folders, batch_stories)
            for name in NEWEST:
                for table in _newest_rows(con, name, _files(folders, name)):
                    wh.commit({name: table}, replaces=(), keep_commit_ids=True)
    except duckdb.Error as exc:
        raise WarehouseError(UNREADABLE, f"cannot migrate {root}: {_first_line(exc)}") from exc
    finally:
        con.close()
    shutil.rmtree(work / ".spill", ignore_errors=True)


def _copy_stories(
    con: duckdb.DuckDBPyConnection, wh: Warehouse, folders: list[Path], batch_stories: int
) -> None:
    """Each commit's rows of the stories' current versions, and its lineage rows, in
    transactions of about ``batch_stories`` stories."""
    files = _files(folders, "stories")
    if not files:
        return
    con.execute(
        "create table current_versions as select story_id, max(commit_id) as commit_id "
        "from read_parquet($files, union_by_name = true) group by story_id",
        {"files": files},
    )
    pending = _Pending()
    for folder in folders:
        path = folder / "stories.parquet"
        if not path.is_file():
            continue
        pending.add(VERSIONS, _read(con, path, LAKE_TABLES[VERSIONS]))
        for stories in _current_story_batches(con, path, batch_stories):
            pending.add("stories", stories)
            with registered(con, batch_keys=stories.select(["story_id", "commit_id"])):
                for name in STORY_ROWS:
                    if (folder / f"{name}.parquet").is_file():
                        pending.add(
                            name,
                            _read(
                                con,
                                folder / f"{name}.parquet",
                                TABLES[name],
                                "semi join batch_keys using (story_id, commit_id)",
                            ),
                        )
            if pending.stories >= batch_stories:
                wh.commit(pending.take(), replaces=(), keep_commit_ids=True)
    if pending.tables:
        wh.commit(pending.take(), replaces=(), keep_commit_ids=True)


def _current_story_batches(
    con: duckdb.DuckDBPyConnection, path: Path, batch_stories: int
) -> Iterator[pa.Table]:
    """The rows of ``path`` that are their story's current version, ``batch_stories`` at a
    time (read on a cursor of its own: the caller queries ``con`` between batches)."""
    cursor = con.cursor()
    try:
        columns = _present(path, TABLES["stories"])
        reader = cursor.execute(
            # one row per story, as the old view ranked them (a file never held two, but if)
            f"select {columns} from read_parquet(?) semi join current_versions using (story_id, commit_id) "
            "qualify row_number() over (partition by story_id) = 1",
            [str(path)],
        ).to_arrow_reader(batch_stories)
        for batch in reader:
            if batch.num_rows:
                yield conformed(pa.Table.from_batches([batch]), TABLES["stories"])
    finally:
        cursor.close()


def _newest_rows(con: duckdb.DuckDBPyConnection, name: str, files: list[str]) -> Iterator[pa.Table]:
    """The newest row per key of a keyed table over every commit, ``BATCH_ROWS`` at a time
    (a key column no file has yet is null in every row, as the old views read it)."""
    if not files:
        return
    union = "read_parquet($files, union_by_name = true)"
    present = {
        row[0]
        for row in con.execute(f"describe select * from {union}", {"files": files}).fetchall()
    }
    keys = ", ".join(k for k in NEWEST[name] if k in present)
    reader = con.execute(
        f"select * exclude (version_rank) from (select *, row_number() over (partition by {keys} "
        f"order by commit_id desc) as version_rank from {union}) where version_rank = 1",
        {"files": files},
    ).to_arrow_reader(BATCH_ROWS)
    for batch in reader:
        if batch.num_rows:
            yield conformed(pa.Table.from_batches([batch]), TABLES[name])


def _files(folders: list[Path], name: str) -> list[str]:
    return [str(p) for p in (f / f"{name}.parquet" for f in folders) if p.is_file()]


def _present(path: Path, schema: pa.Schema) -> str:
    """The select list of ``schema``'s columns that the file has (older files lack some)."""
    names = set(pq.read_schema(path).names)
    return ", ".join(f'"{n}"' for n in schema.names if n in names)


def _read(
    con: duckdb.DuckDBPyConnection, path: Path, schema: pa.Schema, where: str = ""
) -> pa.Table:
    table = con.execute(
        f"select {_present(path, schema)} from read_parquet(?) {where}", [str(path)]
    ).to_arrow_table()
    return conformed(table, schema)


def conformed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with ``schema``'s columns in order and types: a missing column is nulls."""
    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def lake_counts(root: Path) -> dict[str, int]:
    """Rows per view of the lake at ``root`` (what the summary reports)."""
    con = Warehouse(root).connect(read_only=True)  # just built: no need to check its format
    try:
        return {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for name in [*TABLES, VERSIONS]
        }
    finally:
        con.close()


def _move_in(root: Path, work: Path) -> None:
    """Move the built lake into ``root``: its data, then its catalog (the commit point)."""
    if (work / DATA_DIR).exists():
        os.rename(work / DATA_DIR, root / DATA_DIR)
    catalog = work / CATALOG_FILE
    for side in sorted(work.glob(f"{CATALOG_FILE}-*")):  # a journal SQLite did not fold in
        os.rename(side, root / side.name)
    _fsync_dir(root)
    os.rename(catalog, root / CATALOG_FILE)
    _fsync_dir(root)


def _clean_up(root: Path, keep_old: bool) -> None:
    """Remove what is left of the build and the old format (or move the latter under
    ``OLD_DIR``), the marker last."""
    shutil.rmtree(root / MIGRATING, ignore_errors=True)
    kept = root / OLD_DIR
    for name in OLD_FILES:
        path = root / name
        if not os.path.lexists(path):
            continue
        if keep_old:
            kept.mkdir(exist_ok=True)
            if os.path.lexists(kept / name):
                raise WarehouseError(
                    IN_THE_WAY,
                    f"cannot keep the old files of {root}: {kept / name} exists; move it away and "
                    "run storywire migrate again",
                )
            os.rename(path, kept / name)
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    _fsync_dir(root)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem allows fsync on a directory
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
