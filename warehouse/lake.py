"""The warehouse on DuckLake: the one adapter between storywire and its lakehouse.

A warehouse is a DuckLake: Parquet data files plus a SQL catalog that records which files
make up each table at each snapshot. DuckLake gives what storywire needs and no longer writes
itself: ACID transactions across tables, snapshots and time travel, deletes, schema
evolution, compaction. This module knows the layout; everything else asks it for a
connection (``connect``), writes through ``commit`` and reads the manifest through
``source_states``.

Where it lives (``Location``)::

    DIR/catalog.sqlite     the catalog (default: a SQLite file, readable while a run writes)
    DIR/data/stored/...    the Parquet data files, one folder per table
    DIR/.lock              held by the one process writing (runs are serialized)

``--catalog postgresql://...`` puts the catalog in Postgres (several machines write one
warehouse) and ``s3://bucket/prefix`` as the warehouse puts the data on an object store.
The lake is always attached with its data path given (``OVERRIDE_DATA_PATH``), so a copied or
moved folder reads its own files.

Inside the lake, schema ``stored`` holds the tables written (``schemas.TABLES`` plus the lake's
own ``LAKE_TABLES``) and schema ``main`` the views users query (``views/*.sql``, one file per
view), so ``ATTACH ... AS lake; USE lake; select * from stories`` works in any DuckDB client.

Versions: a newer version of a story replaces its rows in every table in the same transaction
as its insert (``stories`` holds one row per story). Each version's lineage row stays in
``stored.story_versions``; its full old rows stay readable by time travel
(``stories AT (VERSION => n)``) until ``compact`` expires the snapshot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
from filelock import FileLock, Timeout

from storywire.warehouse.bands import NEAR_DUPLICATE_THRESHOLD, UNDATED, band_table
from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.extensions import EXTENSIONS, load_sql
from storywire.warehouse.groups import new_groups, refresh_groups, stale_groups
from storywire.warehouse.layout import (
    ALIAS,
    FORMAT_NAME,
    define_lake,
    narrow_views,
    transaction,
    views_hash,
)
from storywire.warehouse.pglock import redact
from storywire.warehouse.schemas import LAKE_TABLES, SCHEMA_VERSION, STORED, TABLES
from storywire.warehouse.search import search_rows
from storywire.warehouse.sql import registered, sql_files

if TYPE_CHECKING:
    import duckdb

CATALOG_FILE = "catalog.sqlite"
DATA_DIR = "data"
LOCK_FILE = ".lock"
#: The marker file of the warehouse format before DuckLake (``storywire migrate`` converts it).
OLD_MARKER = "_warehouse.json"
_STAMP = "%Y%m%dT%H%M%S%f"
#: Tables whose rows belong to one story: a new version replaces them all.
STORY_TABLES = ("stories", "entities", "timexes", "quotes", "story_bands", "search_terms", "search_docs")
#: Tables holding one row per key: a new row replaces the stored one with the same key.
_KEYED = {"sources": "source_uri", "runs": "run_id"}
#: Date ranges a duplicate lookup's scan filters on, at most (``_date_ranges``).
MAX_DATE_RANGES = 4


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the manifest remembers of one source file."""

    source_uri: str
    size: int | None
    mtime: dt.datetime | None
    etag: str | None
    content_hash: str | None
    status: str


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a lake's catalog and data live.

    ``folder`` is the local warehouse folder (None when the data is on an object store);
    ``data_path`` the folder or URL of the Parquet files (ends with ``/``); ``catalog`` the
    DuckLake catalog string after ``ducklake:`` (``sqlite:/path`` or ``postgres:<libpq>``).
    """

    name: str
    folder: Path | None
    data_path: str
    catalog: str

    @classmethod
    def of(cls, root: str | os.PathLike[str], catalog: str | None = None) -> Location:
        folder = local_folder(root)
        if folder is not None:
            data_path, name = f"{folder}/{DATA_DIR}/", str(folder)
        else:
            name = os.fspath(root).rstrip("/")
            data_path = f"{name}/{DATA_DIR}/"
        return cls(name, folder, data_path, catalog_string(catalog, folder))

    @property
    def shared_catalog(self) -> bool:
        return self.catalog.startswith("postgres:")

    def attach_sql(self, alias: str = ALIAS, *, read_only: bool = False) -> str:
        options = f"DATA_PATH {_literal(self.data_path)}, OVERRIDE_DATA_PATH true"
        if read_only:
            options += ", READ_ONLY"
        return f"ATTACH {_literal('ducklake:' + self.catalog)} AS {alias} ({options})"

    def extensions(self) -> list[str]:
        """The DuckDB extensions attaching this lake needs (each costs start-up time)."""
        needed = ["ducklake", "postgres_scanner" if self.shared_catalog else "sqlite_scanner"]
        return needed if self.folder is not None else [*needed, "httpfs"]


def local_folder(root: str | os.PathLike[str]) -> Path | None:
    """The local folder a warehouse location names (None: data on an object store)."""
    text = os.fspath(root)
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() in ("file", "local"):
        return Path(rest if sep else text).expanduser().resolve()
    return None


def catalog_string(catalog: str | None, folder: Path | None) -> str:
    """DuckLake's catalog string for what a user named: nothing (the SQLite file in the
    folder), a ``postgresql://`` URL or libpq string, or a path to a SQLite file."""
    if not catalog:
        if folder is None:
            raise WarehouseError(
                "SW216", "a warehouse on an object store needs a catalog: pass --catalog "
                "postgresql://... (or a local SQLite file path) or set STORYWIRE_CATALOG"
            )
        return f"sqlite:{folder / CATALOG_FILE}"
    lowered = catalog.lower()
    if lowered.startswith(("postgresql://", "postgres://")):
        return f"postgres:{catalog}"
    if lowered.startswith("postgres:"):
        return catalog
    if lowered.startswith("sqlite:"):
        catalog = catalog[len("sqlite:"):]
    return f"sqlite:{Path(catalog).expanduser().resolve()}"


class Warehouse:
    """A storywire warehouse on DuckLake (see the module doc for the layout)."""

    def __init__(self, root: str | os.PathLike[str], *, catalog: str | None = None) -> None:
        self.where = Location.of(root, catalog)
        self.location = self.where.name
        self.is_local = self.where.folder is not None
        self._writer: duckdb.DuckDBPyConnection | None = None
        self._lock: FileLock | None = None
        self._last_commit_id = ""
        #: The near-duplicate threshold the band index is laid out for (fixed at creation).
        self.banding = 0.0

    @property
    def root(self) -> Path:
        """The warehouse folder (local warehouses only)."""
        if self.where.folder is None:
            raise WarehouseError("SW209", f"{self.location} is on an object store, not a local folder")
        return self.where.folder

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: str | os.PathLike[str],
        *,
        create: bool = True,
        catalog: str | None = None,
        banding: float | None = None,
    ) -> Warehouse:
        """Open (and with ``create``, initialize) the warehouse at ``root``.

        Raises WarehouseError for a folder that is not a storywire warehouse, one in the format
        before DuckLake (SW217: ``storywire migrate``), or a newer schema than this storywire's.
        ``banding``: the near-duplicate threshold a new warehouse's band index is laid out for
        (default ``bands.NEAR_DUPLICATE_THRESHOLD``); an existing one keeps its own.
        """
        if not create:
            wh, con = cls.open_reading(root, catalog=catalog)
            con.close()
            return wh
        wh = cls._located(root, catalog, create=True)
        with wh.locked():
            wh._prepare(wh._writer, create=True, banding=banding)
        return wh

    @classmethod
    def open_reading(
        cls, root: str | os.PathLike[str], *, catalog: str | None = None
    ) -> tuple[Warehouse, duckdb.DuckDBPyConnection]:
        """Open an existing warehouse as ``open(create=False)`` does, and return it with the
        read-only connection that checked it, its lake current: one attach, not two, for a
        command that reads (a query's start-up)."""
        wh = cls._located(root, catalog, create=False)
        con = wh.connect(read_only=True)
        try:
            wh._prepare(con, create=False, banding=None)
        except BaseException:
            con.close()
            raise
        return wh, con

    @classmethod
    def _located(cls, root: str | os.PathLike[str], catalog: str | None, *, create: bool) -> Warehouse:
        """The warehouse at ``root`` with its folder checked: not the format before DuckLake,
        not a file, and absent only when it is to be created (and then not another tool's)."""
        wh = cls(root, catalog=catalog)
        folder = wh.where.folder
        if folder is not None:
            refuse_old_format(folder)
            if folder.exists() and not folder.is_dir():  # a file, /dev/null
                raise WarehouseError("SW202", f"{folder} is a file, not a folder")
            if not wh.exists():
                if not create:
                    raise WarehouseError("SW201", f"{folder} is not a storywire warehouse (no {CATALOG_FILE})")
                _refuse_foreign(folder)  # again under the lock, before anything is written
        return wh

    def exists(self) -> bool:
        folder = self.where.folder
        if self.where.catalog.startswith("sqlite:"):
            return Path(self.where.catalog[len("sqlite:"):]).is_file()
        return folder is None or folder.is_dir()

    def _prepare(self, con: duckdb.DuckDBPyConnection, *, create: bool, banding: float | None) -> None:
        """Check the schema version; a writer creates what is missing (tables, columns added
        since, views whose SQL changed)."""

        meta = con.execute(
            f"select count(*) from duckdb_tables() where database_name = '{ALIAS}' "
            f"and schema_name = '{STORED}' and table_name = 'storywire_meta'"
        ).fetchone()[0]
        if meta:
            row = con.execute(f"select format, schema_version, views_hash, banding "
                              f"from {ALIAS}.{STORED}.storywire_meta").fetchone()
            if row is None or row[0] != FORMAT_NAME:
                raise WarehouseError("SW204", f"{self.location} is not a storywire warehouse")
            if row[1] > SCHEMA_VERSION:
                raise WarehouseError(
                    "SW205", f"warehouse schema version {row[1]} was written by a newer storywire "
                    f"(this one reads up to {SCHEMA_VERSION}); upgrade storywire"
                )
            self.banding = row[3]
            if row[1] == SCHEMA_VERSION and row[2] == views_hash():
                return
        elif not create:
            raise WarehouseError("SW201", f"{self.location} is not a storywire warehouse (no storywire tables)")
        else:
            self.banding = banding or NEAR_DUPLICATE_THRESHOLD
        if create:
            define_lake(con, self.banding)

    # -- connections -----------------------------------------------------------------------

    def attach_sql(self, alias: str = ALIAS, *, read_only: bool = False, every_extension: bool = False) -> list[str]:
        """The statements that make a DuckDB connection see this warehouse: extensions loaded
        from their packages (those the lake needs, or ``every_extension`` for a user's shell),
        S3 credentials when the data is on an object store, the lake attached as ``alias``."""
        load = load_sql(EXTENSIONS if every_extension else self.where.extensions())
        return [*load, *_secret_sql(self.where), self.where.attach_sql(alias, read_only=read_only)]

    def connect(self, commits: Sequence[str] | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with the lake attached and made current (its views are the
        warehouse's tables). ``commits``: the views see only the rows those commits wrote
        (what a run's checks look at), built over the stored tables in memory."""
        import duckdb

        con = duckdb.connect()
        try:
            for statement in self.attach_sql(read_only=read_only or commits is not None):
                con.execute(statement)
            if commits is None:
                con.execute(f"use {ALIAS}")
            else:
                narrow_views(con, commits)
        except duckdb.Error as exc:
            con.close()
            detail = redact(_first_line(exc), self.where.catalog)  # DuckDB quotes a Postgres password
            raise WarehouseError("SW213", f"cannot open {self.location}: {detail}") from exc
        except BaseException:
            con.close()
            raise
        return con

    def snapshot_id(self) -> int:
        """The lake's newest snapshot (each commit makes one): what a stop line counts."""
        with self._reader() as con:
            return int(con.execute(f"select max(snapshot_id) from ducklake_snapshots('{ALIAS}')").fetchone()[0] or 0)

    def counts(self) -> dict[str, int]:
        """The lake's live data files and its snapshots (what ``upkeep`` reports)."""
        with self._reader() as con:
            files, snapshots = con.execute(
                f"select (select count(*) from __ducklake_metadata_{ALIAS}.ducklake_data_file "
                "where end_snapshot is null), "
                f"(select count(*) from __ducklake_metadata_{ALIAS}.ducklake_snapshot)"
            ).fetchone()
        return {"files": int(files), "snapshots": int(snapshots)}

    def upkeep(self, keep_days: int) -> dict[str, int]:
        """The steps of ``upkeep/*.sql`` in order (inside ``locked()``): flush inlined rows,
        merge small files, expire snapshots older than ``keep_days``, delete the files nothing
        uses."""
        if self._writer is None:
            raise WarehouseError("SW208", "upkeep() needs the writer lock (use Warehouse.locked())")
        before = self.counts()
        older_than = f"now() - interval '{int(keep_days)} days'"
        deleted = 0
        for step, statement in sql_files("upkeep").items():
            rows = self._writer.execute(statement.format(lake=ALIAS, older_than=older_than)).fetchall()
            if step.endswith(("cleanup_old_files", "delete_orphaned_files")):
                deleted += len(rows)
        after = self.counts()
        return {"files_before": before["files"], "files_after": after["files"],
                "snapshots_expired": max(0, before["snapshots"] - after["snapshots"]), "files_deleted": deleted}

    # -- the writer ------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self, timeout: float = -1) -> Iterator[Warehouse]:
        """Hold the writer lock and the writer connection; a second writer waits (``timeout``
        < 0: forever). Locally an OS file lock beside the catalog (released by the kernel if
        the process dies); with a Postgres catalog, a Postgres advisory lock."""
        if self._writer is not None:  # re-entrant within one process
            yield self
            return
        lock = _RunLock.for_location(self.where)
        if not lock.acquire(timeout):
            raise WarehouseError("SW207", f"another storywire process is writing {self.location}; try again later")
        try:
            if self.where.folder is not None:
                if not self.exists():  # another process may have created it meanwhile
                    _refuse_foreign(self.where.folder)
                self.where.folder.mkdir(parents=True, exist_ok=True)
                (self.where.folder / DATA_DIR).mkdir(exist_ok=True)
            self._writer = self.connect()
            try:
                yield self
            finally:
                self._writer.close()
                self._writer = None
        finally:
            lock.release()

    def new_commit_id(self) -> str:
        """A new commit id that sorts after the ids this process made: UTC time to the
        microsecond, then a random suffix."""
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with contextlib.suppress(ValueError):
            last = dt.datetime.strptime(self._last_commit_id[:21], _STAMP)
            stamp = max(stamp, last + dt.timedelta(microseconds=1))
        commit_id = f"{stamp.strftime(_STAMP)}Z-{secrets.token_hex(3)}"
        self._last_commit_id = commit_id
        return commit_id

    def commit(
        self,
        tables: Mapping[str, pa.Table],
        *,
        commit_id: str | None = None,
        replaces: Collection[str] | None = None,
        keep_commit_ids: bool = False,
    ) -> str:
        """Write ``tables`` in one DuckLake transaction and return the commit id.

        Every row gets ``commit_id``. A story's rows replace its stored ones in every story
        table; ``replaces`` narrows which of the commit's stories may already be stored (None:
        any), so a chunk of new files deletes nothing and does not scan the stored ids. A
        source's and a run's row replace the stored row with the same key. Must be called
        inside ``locked()``. ``keep_commit_ids`` (``storywire migrate``): rows committed before
        keep their own ids. A ``story_versions`` table given replaces the lineage rows derived
        from ``stories`` (migrate gives every stored version's).
        """
        if self._writer is None:
            raise WarehouseError("SW208", "commit() needs the writer lock (use Warehouse.locked())")
        commit_id = commit_id or self.new_commit_id()
        stamp = None if keep_commit_ids else commit_id
        rows = {name: _stamped(name, table, stamp) for name, table in tables.items()}
        stories = rows.get("stories")
        if stories is not None:
            rows["story_bands"] = band_table(stories, self.banding, LAKE_TABLES["story_bands"])
            rows.update(search_rows(stories))
            rows.setdefault("story_versions", stories.select(LAKE_TABLES["story_versions"].names))
        story_ids = set()
        for name in ("stories", "entities", "timexes", "quotes"):
            if name in rows:
                story_ids.update(rows[name].column("story_id").to_pylist())
        stale = story_ids if replaces is None else story_ids & set(replaces)
        con = self._writer
        with transaction(con):
            groups = new_groups(stories) if stories is not None else set()
            if stale:
                with registered(con, storywire_stale=pa.table({"story_id": sorted(stale)})):
                    groups |= stale_groups(con, stale)
                    for name in STORY_TABLES:
                        con.execute(f"delete from {ALIAS}.{STORED}.{name} "
                                    "where story_id in (select story_id from storywire_stale)")
            for name, key in _KEYED.items():
                if name in rows and rows[name].num_rows:
                    with registered(con, storywire_keys=rows[name].select([key])):
                        con.execute(f"delete from {ALIAS}.{STORED}.{name} where {key} in (select {key} from storywire_keys)")
            for name, table in rows.items():
                if table.num_rows:
                    with registered(con, storywire_rows=table):
                        con.execute(f"insert into {ALIAS}.{STORED}.{name} by name select * from storywire_rows")
            refresh_groups(con, groups, commit_id)
        return commit_id

    # -- reading ---------------------------------------------------------------------------

    def _reader(self) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        if self._writer is not None:
            return contextlib.nullcontext(self._writer)
        return contextlib.closing(self.connect(read_only=True))

    def source_states(self, uris: Iterable[str]) -> dict[str, SourceState]:
        """The manifest rows of ``uris``: what the last run that saw each source recorded
        (a source never seen has none). Only those rows are read into Python: a run over a
        few new files costs the same whatever the manifest holds."""
        wanted = pa.table({"source_uri": pa.array(sorted(set(uris)), pa.string())})
        if not wanted.num_rows:
            return {}
        with self._reader() as con, registered(con, storywire_uris=wanted):
            rows = con.execute(
                f"select source_uri, size, mtime, etag, content_hash, status from {ALIAS}.{STORED}.sources "
                "semi join storywire_uris using (source_uri)"
            ).fetchall()
        return {r[0]: SourceState(*r) for r in rows}

    def duplicate_rows(self, keys: pa.Table, maybe_stored: Collection[str], window_days: int | None = None) -> pa.Table:
        """The stored stories a chunk's duplicate check needs (``tasks.dedup.index_candidates``):
        those sharing a band key with the chunk's ``keys`` (band, key, published_date) within
        ``window_days`` of the new story's date (None: any date; an undated new story is
        compared with every story in the window of the chunk's dated ones), and the current
        versions of ``maybe_stored`` (stories the chunk may replace). Reads only the index's
        files and row groups (sorted by date) the window covers, and the undated stories'."""
        queries = sql_files("lake")
        dates = {d for d in keys.column("published_date").to_pylist() if d is not None}
        window = 1 << 30 if window_days is None else window_days
        ranges = _date_ranges(dates, window_days) if window_days is not None and dates else []
        # literals, not parameters: DuckLake prunes files by constants it sees when planning
        filters = [f"published_date between {_date_literal(lo)} and {_date_literal(hi)}" for lo, hi in ranges]
        filters = filters or [f"published_date > {_date_literal(UNDATED)}"]  # no window: every dated story
        filters.append(f"published_date = {_date_literal(UNDATED)}")
        sql = queries["duplicate_candidates"].format(
            band_rows=_union_all(queries["band_rows"], filters),
            carried_rows=_union_all(queries["carried_rows"], filters),
            undated=_date_literal(UNDATED),
            window=int(window),
        )
        ids = pa.table({"story_id": pa.array(sorted(maybe_stored), pa.string())})
        with self._reader() as con, registered(con, storywire_keys=keys, storywire_ids=ids):
            found = con.execute(sql).to_arrow_table()
            if maybe_stored:
                found = pa.concat_tables([found, con.execute(queries["replaced_stories"]).to_arrow_table()])
            return found


def _refuse_foreign(folder: Path) -> None:
    """SW202 for a folder holding anything but what creating a lake there makes first (the
    lock, an empty data folder): storywire never writes into someone else's folder."""
    if not folder.is_dir():
        return
    ours = {LOCK_FILE}
    data = folder / DATA_DIR
    if data.is_dir() and all(p.name == STORED and p.is_dir() for p in data.iterdir()):
        ours.add(DATA_DIR)
    foreign = sorted(p.name for p in folder.iterdir() if p.name not in ours)
    if foreign:
        raise WarehouseError(
            "SW202", f"{folder} exists, is not empty ({foreign[0]}, ...) and is not a "
            "storywire warehouse; choose an empty or new folder"
        )


def _date_ranges(dates: Collection[dt.date], window_days: int) -> list[tuple[dt.date, dt.date]]:
    """Each date widened by ``window_days`` either side, overlapping ranges merged, then the
    closest ranges joined until ``MAX_DATE_RANGES`` are left (each is a scan of its own):
    what a chunk's dated stories can match. A chunk of today's copy and a few archive
    stories reads two short ranges, not the years between. Undated stories are filed apart
    (``UNDATED``) and never fall in a range."""
    reach = dt.timedelta(days=window_days)
    floor, ceiling = UNDATED + dt.timedelta(days=1), dt.date.max
    ranges: list[tuple[dt.date, dt.date]] = []
    for day in sorted(dates):
        lo = floor if day - floor <= reach else day - reach
        hi = ceiling if ceiling - day <= reach else day + reach
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    while len(ranges) > MAX_DATE_RANGES:
        i = min(range(len(ranges) - 1), key=lambda j: ranges[j + 1][0] - ranges[j][1])
        ranges[i : i + 2] = [(ranges[i][0], ranges[i + 1][1])]
    return ranges


def _union_all(select: str, filters: Sequence[str]) -> str:
    """``select`` (a query with a ``{dates}`` filter) once per filter, as one subquery."""
    return "(" + "\nunion all\n".join(select.format(dates=f) for f in filters) + ")"


def _date_literal(day: dt.date) -> str:
    return f"date '{day.isoformat()}'"


def _stamped(name: str, table: pa.Table, commit_id: str | None) -> pa.Table:
    schema = TABLES.get(name) or LAKE_TABLES[name]
    table = table if table.schema == schema else table.select(schema.names).cast(schema)
    if commit_id is None:
        return table
    index = schema.get_field_index("commit_id")
    return table.set_column(index, schema.field(index), pa.array([commit_id] * table.num_rows, pa.string()))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def refuse_old_format(folder: Path) -> None:
    """SW217 for a warehouse written before DuckLake (every command but migrate refuses it),
    SW204 for a folder marked by another tool."""
    marker = folder / OLD_MARKER
    if not marker.is_file() or (folder / CATALOG_FILE).exists():
        return
    try:
        ours = json.loads(marker.read_text(encoding="utf-8")).get("format") == "storywire-warehouse"
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise WarehouseError("SW204", f"{folder} is not a storywire warehouse ({OLD_MARKER} of another tool)")
    raise WarehouseError(
        "SW217", f"{folder} is a warehouse in storywire's format before DuckLake; "
        f"convert it once with: storywire migrate {folder}"
    )


def _secret_sql(where: Location) -> list[str]:
    """An S3 secret for DuckDB's httpfs when the data is on an object store."""
    if where.folder is not None or not where.data_path.startswith(("s3://", "s3a://")):
        return []
    from storywire.warehouse.objectcreds import s3_secret_sql

    return [s3_secret_sql()]


class _RunLock:
    """The writer lock: an OS file lock beside a SQLite catalog (or in the folder)."""

    def __init__(self, lock: FileLock) -> None:
        self._lock = lock

    @classmethod
    def for_location(cls, where: Location) -> _RunLock:
        if where.shared_catalog:
            from storywire.warehouse.pglock import PostgresLock

            return PostgresLock(where.catalog)  # type: ignore[return-value]
        path = Path(where.catalog[len("sqlite:"):]).with_name(LOCK_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(FileLock(str(path)))

    def acquire(self, timeout: float) -> bool:
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        self._lock.release()
