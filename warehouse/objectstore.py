"""A warehouse under an fsspec URL (``s3://``, ``gs://``, ``az://``, ``memory://`` ...): the
object-store strategy behind ``Warehouse`` (nothing else should use this module).

Layout under the URL::

    _warehouse.json                     format marker + schema version
    _lock.json                          the writer lock: owner + expiry (see ``ObjectLock``)
    commits/<commit_id>/<table>.parquet the commit's files, written first
    _log/<commit_id>.json               the commit record, written LAST: its existence is the commit

Why records: an object store cannot rename a folder atomically (an S3 "rename" is a copy and
a delete per object), so a commit cannot be made visible the way a local one is. Instead a
commit writes its Parquet files under ``commits/<id>/`` and then one small JSON record
``_log/<id>.json`` naming those files (and the commits it ``supersedes``). A single-object
PUT is atomic on S3, GCS and Azure (and in fsspec's memory filesystem): the record is there
whole or not at all, and it is written with create-if-absent so a commit id is never written
twice. Readers list ``_log/`` and read only the files that records name: the views are built
from that explicit list, never from a glob. So a query sees all of a commit or none of it,
and a writer that dies before its record leaves only files that no reader looks at; the next
writer (under the lock) deletes every ``commits/<id>/`` that has no record.

Compaction: a record with ``supersedes`` hides the commits it replaces from the moment it
exists (readers drop superseded ids themselves), so no query sees their rows twice. The
writer then deletes the superseded records, then their files; a crash in between is rolled
forward by the next writer, exactly like a local ``_supersedes.json``.

Limits: a view is a snapshot of the records that existed when it was created, so a
long-lived connection does not see later commits (``Warehouse.connect()`` and ``storywire
query`` list the records afresh each time). A query running while a compaction deletes the
commits it replaced can fail with a missing file; running it again works.

The DuckDB file of views cannot live on an object store (DuckDB writes it in place): it goes
to a local cache folder keyed by the URL (``default_db_path``) unless a ``db_path`` is given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.spec import AbstractBufferedFile

from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.schemas import TABLES
from storywire.warehouse.views import ViewSource

MARKER = "_warehouse.json"
LOCK = "_lock.json"
LOG = "_log"
COMMITS = "commits"
RECORD_FORMAT = "storywire-commit"

#: Seconds a writer's lock stays valid without renewal (a crashed writer blocks others this long).
DEFAULT_LOCK_TTL = 120.0


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """What ``_log/<commit_id>.json`` says: the commit's files (relative to the warehouse URL,
    so a copied warehouse still reads) with their sizes, and the commits it supersedes."""

    commit_id: str
    files: Mapping[str, tuple[str, int]]  # table -> (relative path, bytes)
    supersedes: tuple[str, ...] = ()

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": RECORD_FORMAT,
                "commit_id": self.commit_id,
                "files": {t: {"path": p, "bytes": n} for t, (p, n) in sorted(self.files.items())},
                "supersedes": list(self.supersedes),
            },
            indent=1,
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> CommitRecord:
        """Parse a record; ValueError for anything that is not a whole record."""
        try:
            raw = json.loads(data)
            if raw["format"] != RECORD_FORMAT:
                raise ValueError(f"not a {RECORD_FORMAT} record")
            files = {str(t): (str(f["path"]), int(f["bytes"])) for t, f in raw["files"].items()}
            return cls(str(raw["commit_id"]), files, tuple(str(s) for s in raw["supersedes"]))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"incomplete commit record: {exc}") from exc


class ObjectLock:
    """The writer lock of a remote warehouse: one object holding owner, host, pid and expiry.

    Guaranteed, on a filesystem whose ``pipe_file(mode="create")`` is an atomic
    create-if-absent (S3 conditional writes, which s3fs uses; fsspec's memory filesystem) and
    with clocks that agree to well within ``ttl``:

    - one holder at a time: the lock is taken by creating the object only if it is absent, so
      of two writers racing for a free lock exactly one wins; the other waits (or, past its
      timeout, gets SW207);
    - a long run keeps it: a background thread renews the expiry every ``ttl / 4``;
    - a writer that dies without releasing (SIGKILL, lost machine) blocks others for at most
      ``ttl`` seconds; then the next writer takes the lock over;
    - a writer re-reads the lock right before every commit record and refuses to commit
      (SW211) if it is no longer the owner, e.g. after being stalled past ``ttl``.

    Not guaranteed: taking over an *expired* lock is re-read, delete, create, not a
    compare-and-swap, so two writers that find the same expired lock at the same moment can
    both take it if one of them stalls between its re-read and its delete. The taker waits
    ``settle`` seconds and checks it is still the owner before going on, which makes that
    window small, not empty. Inside it, the writer whose lock object was replaced fails with
    SW211 at its next commit record, but its crash clean-up may already have run alongside the
    other's first commit. On a filesystem without an atomic create-if-absent, fsspec falls back
    to check-then-write, and two writers starting together can both get the lock. Where that
    matters, run one writer per warehouse (a Prefect deployment or work-pool concurrency limit
    of 1): that is the hard guarantee, and this lock is the safety net behind it.
    """

    def __init__(self, fs: AbstractFileSystem, path: str, *, ttl: float = DEFAULT_LOCK_TTL,
                 poll: float = 1.0, settle: float = 1.0) -> None:
        self.fs = fs
        self.path = path
        self.ttl = ttl
        self.poll = poll
        self.settle = settle
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(8)}"
        self._depth = 0
        self._lost = False
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    @property
    def held(self) -> bool:
        return self._depth > 0

    def _payload(self) -> bytes:
        now = time.time()
        return json.dumps({
            "owner": self.owner,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "renewed_at": dt.datetime.fromtimestamp(now, dt.UTC).isoformat(),
            "expires_at": now + self.ttl,
        }).encode()

    def read(self) -> dict | None:
        """The lock object's content; None when there is no lock, {} when it does not parse."""
        try:
            data = self.fs.cat_file(self.path)
        except FileNotFoundError:
            return None
        try:
            content = json.loads(data)
        except ValueError:
            return {}
        return content if isinstance(content, dict) else {}

    def acquire(self, timeout: float = -1) -> bool:
        """Take the lock (re-entrant); False if ``timeout`` (>= 0) seconds pass first."""
        if self._depth:
            self._depth += 1
            return True
        deadline = time.monotonic() + timeout if timeout >= 0 else None
        while True:
            if self._try_create():
                break
            current = self.read()
            if current is not None and _expired(current) and self._take_over(current):
                break
            if deadline is not None and time.monotonic() >= deadline:
                return False
            wait = self.poll if deadline is None else min(self.poll, max(0.0, deadline - time.monotonic()))
            time.sleep(wait)
        self._depth = 1
        self._lost = False
        self._stop.clear()
        self._heartbeat = threading.Thread(target=self._renew_loop, name="storywire-lock", daemon=True)
        self._heartbeat.start()
        return True

    def _try_create(self) -> bool:
        try:
            self.fs.pipe_file(self.path, self._payload(), mode="create")
        except FileExistsError:
            return False
        return True

    def _take_over(self, stale: dict) -> bool:
        """Replace an expired lock (its holder died or stalled past ``ttl``)."""
        if self.read() != stale:  # renewed or taken over meanwhile
            return False
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self.path)
        if not self._try_create():
            return False
        time.sleep(self.settle)
        return (self.read() or {}).get("owner") == self.owner

    def _renew_loop(self) -> None:
        interval = self.ttl / 4
        renewed = time.monotonic()
        while not self._stop.wait(interval):
            try:
                if (self.read() or {}).get("owner") != self.owner:
                    self._lost = True
                    return
                self.fs.pipe_file(self.path, self._payload())
                renewed = time.monotonic()
            except Exception:  # a transient store error: try again, until the lock would expire
                if time.monotonic() - renewed > self.ttl:
                    self._lost = True
                    return

    def verify(self) -> None:
        """Raise SW211 unless this process still owns the lock (checked before each commit)."""
        if self._lost or (self.read() or {}).get("owner") != self.owner:
            self._lost = True
            raise WarehouseError(
                "SW211", f"lost the writer lock on {self.fs.unstrip_protocol(self.path)} (another "
                "writer took it over after it expired); this commit was not made"
            )

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth:
            return
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=30)
            self._heartbeat = None
        with contextlib.suppress(OSError):
            if (self.read() or {}).get("owner") == self.owner:
                self.fs.rm_file(self.path)


def _expired(content: dict) -> bool:
    """An unreadable lock object counts as expired: only a crashed write on a store without
    atomic PUTs (or a hand edit) makes one."""
    expires = content.get("expires_at")
    return not isinstance(expires, int | float) or expires < time.time()


class CommittedFiles(AbstractFileSystem):
    """The filesystem DuckDB reads a remote warehouse through: the store's own, except that
    questions about a committed file are answered from its record.

    DuckDB's fsspec bridge asks for a file's size and modification time on every open, and
    s3fs adds a HEAD per opened file to learn its size and ETag: one HEAD beside every GET,
    and many more. A committed file never changes and its record
    holds its size, so none of that needs a request. Any other path goes to the real
    filesystem unchanged.
    """

    cachable = False  # one per snapshot of the records: fsspec must not keep them all alive

    def __init__(self, fs: AbstractFileSystem, files: Mapping[str, tuple[int, dt.datetime]]) -> None:
        super().__init__()
        self.fs = fs
        self.protocol = fs.protocol  # what DuckDB routes on: s3://, gs://, memory:// ...
        self._files = {fs._strip_protocol(url): meta for url, meta in files.items()}

    def _known(self, path: str) -> tuple[int, dt.datetime] | None:
        return self._files.get(self.fs._strip_protocol(path))

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        known = self._known(path)
        if known is None:
            return self.fs.info(path, **kwargs)
        return {"name": self.fs._strip_protocol(path), "size": known[0], "type": "file"}

    def exists(self, path: str, **kwargs: Any) -> bool:
        return self._known(path) is not None or self.fs.exists(path, **kwargs)

    def isfile(self, path: str) -> bool:
        return self._known(path) is not None or self.fs.isfile(path)

    def isdir(self, path: str) -> bool:
        return self._known(path) is None and self.fs.isdir(path)

    def size(self, path: str) -> int | None:
        known = self._known(path)
        return self.fs.size(path) if known is None else known[0]

    def modified(self, path: str) -> dt.datetime:
        known = self._known(path)
        return self.fs.modified(path) if known is None else known[1]

    def glob(self, path: str, **kwargs: Any) -> Any:
        if self._known(path) is not None:
            return [self.fs._strip_protocol(path)]
        return self.fs.glob(path, **kwargs)

    def open(self, path: str, mode: str = "rb", **kwargs: Any) -> Any:
        known = self._known(path)
        if known is None or mode != "rb":
            return self.fs.open(path, mode, **kwargs)
        f = self.fs.open(path, mode, size=known[0], **kwargs)
        if isinstance(f, AbstractBufferedFile) and f._details is None:
            # s3fs reads ``details`` (a HEAD) on the first range read, to compare ETags
            # between reads of a file that might change; a committed file does not.
            f.details = self.info(path)
        return f


def _commit_time(commit_id: str) -> dt.datetime:
    """A committed file's modification time for DuckDB: its commit's (fixed once written)."""
    try:
        return dt.datetime.strptime(commit_id[:21], "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.UTC)
    except ValueError:  # the init commit
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ObjectStorage:
    """The commit-record protocol of the module docstring, on one fsspec filesystem."""

    def __init__(self, fs: AbstractFileSystem, root: str, *, lock_ttl: float = DEFAULT_LOCK_TTL) -> None:
        self.fs = fs
        self.root = root.rstrip("/")
        self.location = fs.unstrip_protocol(self.root)
        self.marker_location = self._url(self._path(MARKER))
        self.lock = ObjectLock(fs, self._path(LOCK), ttl=lock_ttl)
        # Records never change once written, so each is read once per process.
        self._records: dict[str, CommitRecord] = {}

    @classmethod
    def from_url(cls, url: str, storage_options: Mapping[str, Any] | None = None) -> ObjectStorage:
        try:
            fs, path = fsspec.core.url_to_fs(url, **dict(storage_options or {}))
        except (ImportError, ValueError) as exc:  # e.g. "Install s3fs to access S3"
            raise WarehouseError(
                "SW212", f"cannot open {url}: {exc} (for s3:// install storywire[s3])"
            ) from exc
        return cls(fs, path)

    def _path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def _url(self, path: str) -> str:
        return self.fs.unstrip_protocol(path)

    def _record_path(self, commit_id: str) -> str:
        return self._path(LOG, f"{commit_id}.json")

    def default_db_path(self) -> Path:
        """``$XDG_CACHE_HOME/storywire/<url slug>-<hash>/warehouse.duckdb`` (~/.cache by default)."""
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser()
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.location).strip("-")[:60]
        key = hashlib.sha256(self.location.encode()).hexdigest()[:12]
        return (cache / "storywire" / f"{slug}-{key}" / "warehouse.duckdb").resolve()

    # -- marker and folder -----------------------------------------------------------------

    def read_marker(self) -> bytes:
        return self.fs.cat_file(self._path(MARKER))

    def marker_exists(self) -> bool:
        try:
            self.read_marker()  # a GET, never a possibly stale cached listing
        except FileNotFoundError:
            return False
        return True

    def write_marker(self, payload: bytes) -> None:
        self.fs.pipe_file(self._path(MARKER), payload)

    def root_is_file(self) -> bool:
        return bool(self.root) and self.fs.isfile(self.root)

    def _names(self, path: str) -> list[str]:
        """Base names under ``path``, listed afresh (fsspec caches listings per instance)."""
        self.fs.invalidate_cache(path)
        try:
            entries = self.fs.ls(path, detail=False)
        except FileNotFoundError:
            return []
        return sorted({e.rstrip("/").rsplit("/", 1)[-1] for e in entries} - {""})

    def foreign_entries(self) -> list[str]:
        return [n for n in self._names(self.root) if n not in {MARKER, LOCK, LOG, COMMITS}]

    def prepare(self) -> None:
        # Folders where the filesystem has them; s3fs creates the bucket if it is missing.
        self.fs.makedirs(self.root, exist_ok=True)

    # -- lock and recovery -----------------------------------------------------------------

    def acquire(self, timeout: float) -> bool:
        return self.lock.acquire(timeout)

    def release(self) -> None:
        self.lock.release()

    @property
    def held(self) -> bool:
        return self.lock.held

    def _read_records(self) -> tuple[dict[str, CommitRecord], list[str]]:
        """Every record that parses, by commit id, and the ids of records that do not."""
        ids = [n.removesuffix(".json") for n in self._names(self._path(LOG)) if n.endswith(".json")]
        live = set(ids)
        self._records = {i: r for i, r in self._records.items() if i in live}
        missing = [i for i in ids if i not in self._records]
        broken: list[str] = []
        if missing:
            # One call for all: concurrent on async filesystems (s3fs, gcsfs).
            blobs = self.fs.cat([self._record_path(i) for i in missing], on_error="return")
            by_id = {p.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json"): b for p, b in blobs.items()}
            for cid in missing:
                data = by_id.get(cid)
                if data is None or isinstance(data, FileNotFoundError):
                    continue  # deleted since the listing (a compaction rolled it up)
                if isinstance(data, BaseException):
                    raise data
                try:
                    self._records[cid] = CommitRecord.from_json(data)
                except ValueError:
                    broken.append(cid)
        return dict(self._records), broken

    def committed(self) -> list[CommitRecord]:
        """The visible commits, oldest first: every whole record that no other supersedes."""
        records, _ = self._read_records()
        hidden = {old for r in records.values() for old in r.supersedes if old != r.commit_id}
        return [records[cid] for cid in sorted(records) if cid not in hidden]

    def recover(self) -> None:
        """Delete what crashed writers left (called under the lock, so nobody is writing).

        A ``commits/<id>/`` without a record is a commit that never happened; a record that
        does not parse is one whose write was cut off (only on stores without atomic PUTs);
        commits that a landed record supersedes are deleted (rolling the compaction forward).
        """
        records, broken = self._read_records()
        for cid in broken:
            self._remove(self._record_path(cid))
        for cid in self._names(self._path(COMMITS)):
            if cid not in records:
                self._remove(self._path(COMMITS, cid), recursive=True)
        for cid in sorted(records):
            self._drop_superseded(records[cid])

    def _drop_superseded(self, record: CommitRecord) -> None:
        for old in record.supersedes:
            if old == record.commit_id:
                continue
            self._remove(self._record_path(old))  # the record first: files without one are garbage
            self._records.pop(old, None)
            self._remove(self._path(COMMITS, old), recursive=True)

    def _remove(self, path: str, *, recursive: bool = False) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm(path, recursive=recursive)

    # -- commits ---------------------------------------------------------------------------

    def has_commit(self, commit_id: str) -> bool:
        return commit_id in self._read_records()[0]

    def write_commit(self, commit_id: str, tables: Mapping[str, pa.Table], supersedes: Sequence[str]) -> None:
        """Files first, then the record (the commit point), then drop what it supersedes."""
        if self.has_commit(commit_id):
            raise WarehouseError("SW210", f"commit {commit_id} already exists in {self.location}")
        self.fs.makedirs(self._path(COMMITS, commit_id), exist_ok=True)
        files: dict[str, tuple[str, int]] = {}
        for name, table in tables.items():
            relative = f"{COMMITS}/{commit_id}/{name}.parquet"
            with self.fs.open(self._path(relative), "wb") as f:
                pq.write_table(table, f, compression="zstd")
                files[name] = (relative, f.tell())
        record = CommitRecord(commit_id, files, tuple(sorted(supersedes)))
        self.lock.verify()
        self.fs.makedirs(self._path(LOG), exist_ok=True)
        try:
            self.fs.pipe_file(self._record_path(commit_id), record.to_json(), mode="create")  # the commit point
        except FileExistsError as exc:
            raise WarehouseError("SW210", f"commit {commit_id} already exists in {self.location}") from exc
        self._records[commit_id] = record
        self._drop_superseded(record)

    def commit_ids(self) -> list[str]:
        return [r.commit_id for r in self.committed()]

    def newest_commit_id(self) -> str:
        """From the listing alone (no record reads): superseded ids are older anyway."""
        names = self._names(self._path(LOG))
        return max((n.removesuffix(".json") for n in names if n.endswith(".json")), default="")

    def commit_sizes(self) -> dict[str, int]:
        return {r.commit_id: sum(n for _, n in r.files.values()) for r in self.committed()}

    def commit_files(self, commit_ids: Sequence[str], table: str) -> list[str]:
        wanted = set(commit_ids)
        return [self._url(self._path(r.files[table][0])) for r in self.committed()
                if r.commit_id in wanted and table in r.files]

    def view_source(self, commit_ids: Sequence[str] | None = None) -> ViewSource:
        committed = self.committed()
        if commit_ids is not None:
            wanted = set(commit_ids)
            committed = [r for r in committed if r.commit_id in wanted]
        files = {
            name: [self._url(self._path(r.files[name][0])) for r in committed if name in r.files]
            for name in TABLES
        }
        known = {self._url(self._path(path)): (size, _commit_time(r.commit_id))
                 for r in committed for path, size in r.files.values()}
        return ViewSource(self.location, files, CommittedFiles(self.fs, known))
