"""The one writer of a storywire warehouse: atomic multi-table commits under a lock.

A warehouse is a local folder or an fsspec URL (``s3://bucket/prefix``, ``gs://...``,
``memory://...``; ``file://`` names a local folder). ``Warehouse`` is the only code that
knows either layout. What differs between a filesystem that can rename a folder atomically
and an object store that cannot is one small internal strategy: ``_LocalStorage`` below, and
``ObjectStorage`` in ``warehouse.objectstore`` (its docstring has the remote layout, the
commit-record protocol and what its lock guarantees).

Layout of a local warehouse folder::

    _warehouse.json              format marker + schema version (refuse what we cannot read)
    .lock                        held by the one process writing (runs are serialized)
    _staging/<commit_id>/        a commit being written; invisible to queries
    commits/<commit_id>/<table>.parquet
    warehouse.duckdb             views over commits/ (rebuilt from warehouse/views/*.sql)

Why a directory per commit: a commit writes every table it touches (stories, entities,
timexes, quotes, rejects, sources) into ``_staging/<id>/`` and then renames that directory
into ``commits/`` in one ``rename(2)``. Queries glob ``commits/*/<table>.parquet``, so they see
all of a commit or none of it, and a crash (even SIGKILL) can only leave a staging folder
behind, which the next writer deletes. Because the ``sources`` manifest is committed together
with the stories it produced, a re-run skips exactly the files whose stories are committed:
nothing is ingested twice and nothing is lost.

Rows are never updated in place. Re-ingesting a changed file or re-enriching a story writes the
same ``story_id`` in a newer commit; the views keep, per story, only the newest commit's rows
(``commit_id`` sorts by time). ``compact`` rewrites many small commits as one and drops the
superseded rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.objectstore import ObjectStorage
from storywire.warehouse.schemas import SCHEMA_VERSION, TABLES, empty_table
from storywire.warehouse.views import ViewSource

if TYPE_CHECKING:
    import duckdb

FORMAT_NAME = "storywire-warehouse"
INIT_COMMIT = "00000000T000000000000Z-init"
SUPERSEDES = "_supersedes.json"
_STAMP = "%Y%m%dT%H%M%S%f"


#: Schema migrations: MIGRATIONS[v] upgrades a version-v warehouse to v + 1 in place (under
#: the lock). Purely additive changes (a new nullable column) need none: the views read
#: older files with ``union_by_name``, so the new column is null there.
MIGRATIONS: dict[int, Callable[[Warehouse], None]] = {}


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the manifest remembers of one source file."""

    source_uri: str
    size: int | None
    mtime: dt.datetime | None
    etag: str | None
    content_hash: str | None
    status: str


def split_location(root: str | os.PathLike[str]) -> tuple[Path | None, str | None]:
    """(local folder, None) or (None, URL) for what a user named as the warehouse.

    Anything without a ``scheme://`` is a path; ``file://`` and ``local://`` URLs are local
    folders too, so they keep atomic renames and the file lock.
    """
    if isinstance(root, os.PathLike):
        return Path(root), None
    text = str(root)
    if "://" not in text and "::" not in text:
        return Path(text), None
    scheme, _, rest = text.partition("://")
    if scheme.lower() in ("file", "local"):
        return Path(rest), None
    return None, text


class _Storage(Protocol):
    """What ``Warehouse`` needs from where the warehouse lives (local folder or object store).

    Every method except the ``committed``-style reads is called with the writer lock held.
    """

    location: str
    marker_location: str

    def default_db_path(self) -> Path: ...
    def read_marker(self) -> bytes: ...  # FileNotFoundError when absent
    def marker_exists(self) -> bool: ...
    def write_marker(self, payload: bytes) -> None: ...
    def root_is_file(self) -> bool: ...
    def foreign_entries(self) -> list[str]: ...
    def prepare(self) -> None: ...
    def acquire(self, timeout: float) -> bool: ...
    def release(self) -> None: ...
    @property
    def held(self) -> bool: ...
    def recover(self) -> None: ...
    def has_commit(self, commit_id: str) -> bool: ...
    def write_commit(self, commit_id: str, tables: Mapping[str, pa.Table], supersedes: Sequence[str]) -> None: ...
    def commit_ids(self) -> list[str]: ...
    def newest_commit_id(self) -> str: ...
    def commit_sizes(self) -> dict[str, int]: ...
    def commit_files(self, commit_ids: Sequence[str], table: str) -> list[str]: ...
    def view_source(self, commit_ids: Sequence[str] | None = None) -> ViewSource: ...


class Warehouse:
    """A storywire warehouse: a local folder, or any fsspec URL (``s3://bucket/prefix`` ...).

    ``db_path`` is where ``warehouse.duckdb`` (the file of views users open) goes: by default
    inside a local folder, and for a remote warehouse in a local cache folder keyed by the URL
    (an object store cannot hold a DuckDB database). ``storage_options`` go to fsspec for a
    URL (credentials, ``endpoint_url``, ...); without them fsspec's usual sources apply
    (environment variables, ``~/.config/fsspec``, the cloud SDK's own configuration).
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        db_path: str | os.PathLike[str] | None = None,
        storage_options: Mapping[str, Any] | None = None,
    ) -> None:
        folder, url = split_location(root)
        if folder is not None:
            self._storage: _Storage = _LocalStorage(folder.expanduser().resolve())
        else:
            self._storage = ObjectStorage.from_url(str(url), storage_options)
        self.is_local = isinstance(self._storage, _LocalStorage)
        #: The warehouse's own name: the resolved folder path, or the normalized URL.
        self.location = self._storage.location
        self.db_path = Path(db_path).expanduser().resolve() if db_path else self._storage.default_db_path()
        self._last_commit_id = ""

    # -- the local layout (kept for tools and tests that work on a folder) -------------------

    def _local(self) -> _LocalStorage:
        if not isinstance(self._storage, _LocalStorage):
            raise WarehouseError("SW209", f"{self.location} is a remote warehouse, not a local folder")
        return self._storage

    @property
    def root(self) -> Path:
        """The warehouse folder (local warehouses only; ``location`` works for both)."""
        return self._local().root

    @property
    def commits_dir(self) -> Path:
        return self._local().commits_dir

    @property
    def staging_dir(self) -> Path:
        return self._local().staging_dir

    @property
    def marker(self) -> Path:
        return self._local().marker

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: str | os.PathLike[str],
        *,
        create: bool = True,
        db_path: str | os.PathLike[str] | None = None,
        storage_options: Mapping[str, Any] | None = None,
    ) -> Warehouse:
        """Open (and with ``create``, initialize) the warehouse at ``root``.

        Raises WarehouseError for a folder that is not a storywire warehouse or was written by a
        newer, incompatible version, and for a remote store that cannot be reached.
        """
        wh = cls(root, db_path=db_path, storage_options=storage_options)
        try:
            if wh._storage.marker_exists():
                wh._check_marker()
            elif create:
                wh._initialize()
            else:
                raise WarehouseError(
                    "SW201", f"{wh.location} is not a storywire warehouse (no _warehouse.json)"
                )
        except OSError as exc:
            if wh.is_local:
                raise
            raise WarehouseError("SW213", f"cannot use {wh.location}: {exc}") from exc
        return wh

    def _initialize(self) -> None:
        """Create the warehouse, under the lock so two first runs cannot race.

        A folder holding anything but an unfinished initialization (our own lock, staging
        and init commit) is refused: storywire never writes into someone else's folder.
        """
        if self._storage.root_is_file():
            raise WarehouseError("SW202", f"{self.location} is a file, not a folder")
        foreign = self._storage.foreign_entries()
        if foreign:
            raise WarehouseError(
                "SW202", f"{self.location} exists, is not empty ({foreign[0]}, ...) and is not a "
                "storywire warehouse; choose an empty or new folder"
            )
        self._storage.prepare()
        with self.locked():
            if self._storage.marker_exists():  # another process initialized it meanwhile
                self._check_marker()
                return
            if not self._storage.has_commit(INIT_COMMIT):
                # An empty commit per table so the views' globs always match a file.
                self.commit({name: empty_table(name) for name in TABLES}, commit_id=INIT_COMMIT)
            self._write_marker()

    def _write_marker(self, version: int | None = None) -> None:
        version = SCHEMA_VERSION if version is None else version
        payload = {"format": FORMAT_NAME, "schema_version": version}
        self._storage.write_marker((json.dumps(payload, indent=2) + "\n").encode())

    def _check_marker(self) -> None:
        try:
            meta = json.loads(self._storage.read_marker())
        except (OSError, ValueError) as exc:
            raise WarehouseError("SW203", f"cannot read {self._storage.marker_location}: {exc}") from exc
        if meta.get("format") != FORMAT_NAME:
            raise WarehouseError("SW204", f"{self.location} is not a storywire warehouse")
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise WarehouseError(
                "SW205", f"warehouse schema version {version} was written by a newer storywire "
                f"(this one reads up to {SCHEMA_VERSION}); upgrade storywire"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Upgrade an older warehouse step by step, or refuse it: never read it as if new."""
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise WarehouseError(
                "SW206", f"warehouse schema version {version} is older than {SCHEMA_VERSION} and "
                f"no migration exists from version {missing[0]}; re-ingest into a new folder"
            )
        with self.locked():
            current = json.loads(self._storage.read_marker())["schema_version"]
            for v in range(current, SCHEMA_VERSION):
                MIGRATIONS[v](self)
                self._write_marker(v + 1)

    @contextlib.contextmanager
    def locked(self, timeout: float = -1) -> Iterator[Warehouse]:
        """Hold the writer lock; a second writer waits (``timeout`` < 0: forever).

        On acquiring it, leftovers of a writer that crashed are removed. Locally this is an
        OS file lock (released by the kernel if the process dies); for a remote warehouse it
        is a lock object with an owner and an expiry, whose guarantees and limits are spelled
        out in ``warehouse.objectstore.ObjectLock``.
        """
        if not self._storage.acquire(timeout):
            raise WarehouseError(
                "SW207", f"another storywire process is writing {self.location}; try again later"
            )
        try:
            self._storage.recover()
            yield self
        finally:
            self._storage.release()

    # -- writing ---------------------------------------------------------------------------

    def new_commit_id(self) -> str:
        """A new commit id that sorts after every existing one: UTC time to the microsecond,
        then a random suffix. If the clock went backwards, it counts on from the newest id."""
        floor = max(self._storage.newest_commit_id(), self._last_commit_id)
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with contextlib.suppress(ValueError):
            stamp = max(stamp, dt.datetime.strptime(floor[:21], _STAMP) + dt.timedelta(microseconds=1))
        commit_id = f"{stamp.strftime(_STAMP)}Z-{secrets.token_hex(3)}"
        self._last_commit_id = commit_id
        return commit_id

    def commit(
        self,
        tables: Mapping[str, pa.Table],
        *,
        commit_id: str | None = None,
        supersedes: Sequence[str] = (),
    ) -> str:
        """Write ``tables`` as one atomic commit and return its id.

        Must be called with the lock held. Tables not given are simply absent from the commit;
        the views read them with ``union_by_name`` so that is fine. ``supersedes`` names
        commits whose rows this one replaces (compaction): they are deleted once it lands.
        """
        if not self._storage.held:
            raise WarehouseError("SW208", "commit() needs the writer lock (use Warehouse.locked())")
        commit_id = commit_id or self.new_commit_id()
        cast: dict[str, pa.Table] = {}
        for name, table in tables.items():
            schema = TABLES[name]
            cast[name] = table if table.schema == schema else table.select(schema.names).cast(schema)
        self._storage.write_commit(commit_id, cast, supersedes)
        return commit_id

    # -- reading ---------------------------------------------------------------------------

    def commit_sizes(self) -> dict[str, int]:
        """Bytes on disk per commit (what compaction uses to find the small ones)."""
        return self._storage.commit_sizes()

    def commit_ids(self) -> list[str]:
        """The committed (visible) commits, oldest first."""
        return self._storage.commit_ids()

    def commit_files(self, commit_ids: Sequence[str], table: str) -> list[str]:
        """The Parquet files of ``table`` in those commits, as paths or URLs that a
        connection from ``connect()`` can read (compaction merges them)."""
        return self._storage.commit_files(commit_ids, table)

    def view_source(self, commits: Sequence[str] | None = None) -> ViewSource:
        """What the views read: the commits' files (and, when remote, the filesystem).

        ``commits`` narrows the views to those commits (plus the empty first commit, so every
        table has a file): what one run wrote, checked without reading the whole warehouse.
        """
        return self._storage.view_source(None if commits is None else [INIT_COMMIT, *commits])

    def connect(self, commits: Sequence[str] | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with the warehouse views defined (always current),
        over every commit or only ``commits``."""
        from storywire.warehouse.views import connect_views

        return connect_views(self.view_source(commits))

    def build_database(self) -> Path:
        """(Re)build the ``warehouse.duckdb`` file of views at ``db_path``."""
        from storywire.warehouse.views import build_database

        return build_database(self.view_source(), self.db_path)

    def database_is_current(self) -> bool:
        from storywire.warehouse.views import database_is_current

        return database_is_current(self.view_source(), self.db_path)

    def source_states(self) -> dict[str, SourceState]:
        """Latest manifest entry per source URI (what a re-run compares against)."""
        con = self.connect()
        try:
            rows = con.execute(
                "select source_uri, size, mtime, etag, content_hash, status from sources"
            ).fetchall()
        finally:
            con.close()
        return {r[0]: SourceState(*r) for r in rows}

    def story_version_batches(self, columns: Sequence[str], batch_rows: int = 4096) -> Iterator[pa.RecordBatch]:
        """``columns`` of every stored version of every story (the ``stories`` table of every
        commit, superseded rows included, like the ``story_versions`` view), a batch of at most
        ``batch_rows`` at a time, file by file in commit order. A column an older file lacks
        comes back as nulls, as the views' ``union_by_name`` gives it.

        For lookups that read the whole table on every chunk of a run (the duplicate check):
        memory stays at one batch however big the warehouse. A DuckDB query over the views
        holds state per file for its whole length and sizes its operators by the rows it sees,
        so its memory grows with the warehouse.
        """
        schema = pa.schema([TABLES["stories"].field(name) for name in columns])
        source = self.view_source()  # remote: the recorded files, read once, and how to open them
        files = source.files["stories"]
        if isinstance(files, str):  # a local folder's glob
            files = self.commit_files(self.commit_ids(), "stories")
        fs = source.filesystem
        for path in files:
            with open(path, "rb") if fs is None else fs.open(path, "rb") as f:
                # buffer_size: read column chunks a page at a time (a compacted file's chunk of
                # signatures can be tens of MB)
                parquet = pq.ParquetFile(f, buffer_size=1 << 20)
                present = [name for name in columns if name in parquet.schema_arrow.names]
                if not present:
                    continue
                for batch in parquet.iter_batches(batch_size=batch_rows, columns=present):
                    yield pa.record_batch(
                        [batch.column(name).cast(field.type) if name in present
                         else pa.nulls(batch.num_rows, field.type) for name, field in zip(columns, schema, strict=True)],
                        schema=schema,
                    )


class _LocalStorage:
    """A folder on a local filesystem: staging folder + one atomic ``rename(2)`` per commit,
    an OS file lock, and views that glob ``commits/`` (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)
        self.commits_dir = root / "commits"
        self.staging_dir = root / "_staging"
        self.marker = root / "_warehouse.json"
        self.marker_location = str(self.marker)
        self._lock = FileLock(str(root / ".lock"))

    def default_db_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    # -- marker and folder -----------------------------------------------------------------

    def marker_exists(self) -> bool:
        return self.marker.exists()

    def read_marker(self) -> bytes:
        return self.marker.read_bytes()

    def write_marker(self, payload: bytes) -> None:
        tmp = self.marker.with_suffix(".json.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, self.marker)

    def root_is_file(self) -> bool:
        return self.root.exists() and not self.root.is_dir()

    def foreign_entries(self) -> list[str]:
        if not self.root.exists():
            return []
        ours = {".lock", "_staging", "commits", self.marker.name, f"{self.marker.name}.tmp"}
        return sorted(p.name for p in self.root.iterdir() if p.name not in ours)

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    # -- lock and recovery -----------------------------------------------------------------

    def acquire(self, timeout: float) -> bool:
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        self._lock.release()

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def recover(self) -> None:
        """Finish or undo what a crashed writer left behind.

        A staging folder is a commit that never happened (never visible): delete it. A
        compaction commit that landed but whose replaced commits still exist: delete those
        (rolling forward; the compacted commit already holds their rows).
        """
        if self.staging_dir.exists():
            shutil.rmtree(self.staging_dir, ignore_errors=True)
        for commit_id in self.commit_ids():
            self._drop_superseded(commit_id)

    def _drop_superseded(self, commit_id: str) -> None:
        marker = self.commits_dir / commit_id / SUPERSEDES
        if not marker.exists():
            return
        for old in json.loads(marker.read_text()):
            if old != commit_id and (self.commits_dir / old).exists():
                shutil.rmtree(self.commits_dir / old)

    # -- commits ---------------------------------------------------------------------------

    def has_commit(self, commit_id: str) -> bool:
        return (self.commits_dir / commit_id).exists()

    def write_commit(self, commit_id: str, tables: Mapping[str, pa.Table], supersedes: Sequence[str]) -> None:
        staging = self.staging_dir / commit_id
        staging.mkdir(parents=True, exist_ok=False)
        for name, table in tables.items():
            path = staging / f"{name}.parquet"
            pq.write_table(table, path, compression="zstd")
            _fsync_file(path)
        if supersedes:
            (staging / SUPERSEDES).write_text(json.dumps(sorted(supersedes)))
            _fsync_file(staging / SUPERSEDES)
        _fsync_dir(staging)
        self.commits_dir.mkdir(exist_ok=True)
        os.rename(staging, self.commits_dir / commit_id)  # the commit point
        _fsync_dir(self.commits_dir)
        self._drop_superseded(commit_id)

    def commit_ids(self) -> list[str]:
        if not self.commits_dir.exists():
            return []
        return sorted(p.name for p in self.commits_dir.iterdir() if p.is_dir())

    def newest_commit_id(self) -> str:
        return max(self.commit_ids(), default="")

    def commit_sizes(self) -> dict[str, int]:
        return {
            cid: sum(f.stat().st_size for f in (self.commits_dir / cid).glob("*.parquet"))
            for cid in self.commit_ids()
        }

    def commit_files(self, commit_ids: Sequence[str], table: str) -> list[str]:
        paths = [self.commits_dir / cid / f"{table}.parquet" for cid in commit_ids]
        return [str(p) for p in paths if p.exists()]

    def view_source(self, commit_ids: Sequence[str] | None = None) -> ViewSource:
        if commit_ids is None:  # globs: always current, also for readers of warehouse.duckdb
            return ViewSource.local(self.root)
        return ViewSource(str(self.root), {name: self.commit_files(commit_ids, name) for name in TABLES})


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem allows fsync on a directory
        _fsync_file(path)
