"""The one writer of a storywire warehouse: atomic multi-table commits under a lock.

Layout of a warehouse folder::

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

import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from storywire.warehouse.schemas import SCHEMA_VERSION, TABLES, empty_table

FORMAT_NAME = "storywire-warehouse"
INIT_COMMIT = "00000000T000000000000Z-init"
SUPERSEDES = "_supersedes.json"
_STAMP = "%Y%m%dT%H%M%S%f"


#: Schema migrations: MIGRATIONS[v] upgrades a version-v warehouse to v + 1 in place (under
#: the lock). Purely additive changes (a new nullable column) need none: the views read
#: older files with ``union_by_name``, so the new column is null there.
MIGRATIONS: dict[int, Callable[[Warehouse], None]] = {}


class WarehouseError(RuntimeError):
    """A warehouse folder that cannot be used as it is (numbered, user-facing)."""


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the manifest remembers of one source file."""

    source_uri: str
    size: int | None
    mtime: dt.datetime | None
    etag: str | None
    content_hash: str | None
    status: str


class Warehouse:
    """A warehouse folder on the local filesystem."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()
        self.commits_dir = self.root / "commits"
        self.staging_dir = self.root / "_staging"
        self.marker = self.root / "_warehouse.json"
        self.db_path = self.root / "warehouse.duckdb"
        self._lock = FileLock(str(self.root / ".lock"))
        self._last_commit_id = ""

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: str | os.PathLike[str], *, create: bool = True) -> Warehouse:
        """Open (and with ``create``, initialize) the warehouse at ``root``.

        Raises WarehouseError for a folder that is not a storywire warehouse or was written by a
        newer, incompatible version.
        """
        wh = cls(root)
        if wh.marker.exists():
            wh._check_marker()
        elif create:
            wh._initialize()
        else:
            raise WarehouseError(f"SW201: {wh.root} is not a storywire warehouse (no _warehouse.json)")
        return wh

    def _initialize(self) -> None:
        """Create the warehouse, under the lock so two first runs cannot race.

        A folder holding anything but an unfinished initialization (our own lock, staging
        and init commit) is refused: storywire never writes into someone else's folder.
        """
        if self.root.exists() and not self.root.is_dir():
            raise WarehouseError(f"SW202: {self.root} is a file, not a folder")
        foreign = self._foreign_entries()
        if foreign:
            raise WarehouseError(
                f"SW202: {self.root} exists, is not empty ({foreign[0]}, ...) and is not a "
                "storywire warehouse; choose an empty or new folder"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        with self.locked():
            if self.marker.exists():  # another process initialized it meanwhile
                self._check_marker()
                return
            if not (self.commits_dir / INIT_COMMIT).exists():
                # An empty commit per table so the views' globs always match a file.
                self.commit({name: empty_table(name) for name in TABLES}, commit_id=INIT_COMMIT)
            self._write_marker()

    def _foreign_entries(self) -> list[str]:
        if not self.root.exists():
            return []
        ours = {".lock", "_staging", "commits", self.marker.name, f"{self.marker.name}.tmp"}
        return sorted(p.name for p in self.root.iterdir() if p.name not in ours)

    def _write_marker(self, version: int | None = None) -> None:
        version = SCHEMA_VERSION if version is None else version
        payload = {"format": FORMAT_NAME, "schema_version": version}
        tmp = self.marker.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(payload, indent=2) + "\n")
        os.replace(tmp, self.marker)

    def _check_marker(self) -> None:
        try:
            meta = json.loads(self.marker.read_text())
        except (OSError, ValueError) as exc:
            raise WarehouseError(f"SW203: cannot read {self.marker}: {exc}") from exc
        if meta.get("format") != FORMAT_NAME:
            raise WarehouseError(f"SW204: {self.root} is not a storywire warehouse")
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise WarehouseError(
                f"SW205: warehouse schema version {version} was written by a newer storywire "
                f"(this one reads up to {SCHEMA_VERSION}); upgrade storywire"
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Upgrade an older warehouse step by step, or refuse it: never read it as if new."""
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise WarehouseError(
                f"SW206: warehouse schema version {version} is older than {SCHEMA_VERSION} and "
                f"no migration exists from version {missing[0]}; re-ingest into a new folder"
            )
        with self.locked():
            current = json.loads(self.marker.read_text())["schema_version"]
            for v in range(current, SCHEMA_VERSION):
                MIGRATIONS[v](self)
                self._write_marker(v + 1)

    @contextlib.contextmanager
    def locked(self, timeout: float = -1) -> Iterator[Warehouse]:
        """Hold the writer lock; a second writer waits (``timeout`` < 0: forever).

        On acquiring it, leftovers of a writer that crashed are removed.
        """
        try:
            self._lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise WarehouseError(
                f"SW207: another storywire process is writing {self.root}; try again later"
            ) from exc
        try:
            self._recover()
            yield self
        finally:
            self._lock.release()

    def _recover(self) -> None:
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

    # -- writing ---------------------------------------------------------------------------

    def new_commit_id(self) -> str:
        """A new commit id that sorts after every existing one: UTC time to the microsecond,
        then a random suffix. If the clock went backwards, it counts on from the newest id."""
        floor = max([*self.commit_ids(), self._last_commit_id])
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
        if not self._lock.is_locked:
            raise WarehouseError("SW208: commit() needs the writer lock (use Warehouse.locked())")
        commit_id = commit_id or self.new_commit_id()
        staging = self.staging_dir / commit_id
        staging.mkdir(parents=True, exist_ok=False)
        for name, table in tables.items():
            schema = TABLES[name]
            if table.schema != schema:
                table = table.select(schema.names).cast(schema)
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
        return commit_id

    # -- reading ---------------------------------------------------------------------------

    def commit_sizes(self) -> dict[str, int]:
        """Bytes on disk per commit (what compaction uses to find the small ones)."""
        return {
            cid: sum(f.stat().st_size for f in (self.commits_dir / cid).glob("*.parquet"))
            for cid in self.commit_ids()
        }

    def commit_ids(self) -> list[str]:
        if not self.commits_dir.exists():
            return []
        return sorted(p.name for p in self.commits_dir.iterdir() if p.is_dir())

    def connect(self):  # -> duckdb.DuckDBPyConnection
        """An in-memory DuckDB connection with the warehouse views defined (always current)."""
        from storywire.warehouse.views import connect_views

        return connect_views(self.root)

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

    def story_signatures(self) -> Iterator[tuple[str, str | None, bytes | None, str | None]]:
        """(story_id, content_hash, minhash, duplicate_of) for every current story."""
        con = self.connect()
        try:
            cur = con.execute(
                "select story_id, content_hash, minhash, duplicate_of from story_versions "
                "qualify row_number() over (partition by story_id order by commit_id desc) = 1 "
                "order by commit_id, story_id"
            )
            while batch := cur.fetchmany(10_000):
                yield from batch
        finally:
            con.close()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem allows fsync on a directory
        _fsync_file(path)
