"""The writer lock of a warehouse whose DuckLake catalog is in PostgreSQL.

Several runs, Dask clients or machines may write one warehouse when its catalog is shared, so
the lock lives where they all meet: a session-level advisory lock in the catalog's database,
taken on a connection of its own and held for the whole run. Postgres releases it when that
session ends, so a writer killed with ``kill -9`` (or a machine that loses power) leaves no
stale lock once the server notices the connection gone (TCP keepalives shorten that wait).

Advisory locks are scoped to the database, and a DuckLake catalog is one database: the key
only has to say "storywire's writer", and the lock is the same however the catalog's
connection string is spelled (URL or key=value, ``localhost`` or ``127.0.0.1``).

The lock is polled with ``pg_try_advisory_lock`` rather than waited for with
``pg_advisory_lock``, so a timeout works and a waiting process stays interruptible.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from storywire.warehouse.errors import WarehouseError

if TYPE_CHECKING:
    import psycopg

#: The code of a Postgres catalog that cannot be reached or refuses the connection.
CATALOG_UNREACHABLE = "SW218"
#: What the lock's key is made from (see the module doc: the database scopes it).
LOCK_NAME = "storywire-lake-writer"
#: Seconds between two tries while another process holds the lock.
POLL_SECONDS = 0.5
#: Connection settings used unless the catalog's connection string sets them: a bounded
#: wait for an unreachable server, keepalives so a dead peer's session (and lock) ends soon,
#: and a name an operator sees in ``pg_stat_activity`` next to the lock.
_DEFAULTS = {
    "connect_timeout": "10",
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
    "application_name": "storywire writer lock",
}


def lock_key(name: str = LOCK_NAME) -> int:
    """A stable signed 64-bit advisory lock key for ``name`` (Python's ``hash`` changes per
    process; every writer must compute the same key)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def conninfo_of(catalog: str) -> str:
    """The libpq connection string or URL inside DuckLake's ``postgres:...`` catalog string."""
    lowered = catalog.lower()
    if lowered.startswith("postgres:") and not lowered.startswith("postgres://"):
        return catalog[len("postgres:") :]
    return catalog


def describe(conninfo: str) -> str:
    """``user@host:port/dbname`` of a connection string, for messages: never its password."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(conninfo)
    except psycopg.Error:  # a malformed string is described, not echoed (it may hold a password)
        return "the Postgres catalog (malformed connection string)"
    host = params.get("host") or params.get("hostaddr") or "localhost"
    user = f"{params['user']}@" if params.get("user") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgres {user}{host}{port}/{params.get('dbname') or params.get('user') or ''}"


def redact(text: str, catalog: str) -> str:
    """``text`` (an error message of DuckDB's, which quotes the whole connection string) with
    a Postgres catalog's password masked, as given and URL-encoded (other catalogs: as is)."""
    if not catalog.lower().startswith(("postgres:", "postgresql:")):
        return text
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(conninfo_of(catalog)).get("password")
    except psycopg.Error:
        return text.replace(conninfo_of(catalog), "<connection string>")
    if password:
        for form in {str(password), quote(str(password), safe="")}:
            text = text.replace(form, "***")
    return text


def connect(conninfo: str) -> psycopg.Connection:
    """An autocommit connection to the catalog's database (SW218 when it cannot be made)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError as exc:
        raise WarehouseError(
            CATALOG_UNREACHABLE,
            f"{describe(conninfo)}: not a libpq connection string or postgresql:// URL",
        ) from exc
    extra = {k: v for k, v in _DEFAULTS.items() if k not in given}
    try:
        return psycopg.connect(conninfo, autocommit=True, **extra)
    except psycopg.Error as exc:
        raise WarehouseError(
            CATALOG_UNREACHABLE,
            f"cannot connect to the catalog {describe(conninfo)}: {_first_line(exc)}",
        ) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PostgresLock:
    """A session-level advisory lock on the catalog's database, held on its own connection.

    ``catalog``: DuckLake's catalog string (``postgres:<conninfo or URL>``) or the bare
    connection string.
    """

    def __init__(self, catalog: str, name: str = LOCK_NAME) -> None:
        self._conninfo = conninfo_of(catalog)
        self._key = lock_key(name)
        self._con: psycopg.Connection | None = None

    def acquire(self, timeout: float) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds (< 0: forever); False when another
        session still holds it then. SW218 when the catalog cannot be reached."""
        if self._con is not None:
            raise RuntimeError("PostgresLock.acquire: already held by this object")
        import psycopg

        con = connect(self._conninfo)
        deadline = None if timeout < 0 else time.monotonic() + timeout
        try:
            while not con.execute("select pg_try_advisory_lock(%s)", [self._key]).fetchone()[0]:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    con.close()
                    return False
                time.sleep(POLL_SECONDS if left is None else min(POLL_SECONDS, left))
        except psycopg.Error as exc:
            con.close()
            raise WarehouseError(
                CATALOG_UNREACHABLE,
                f"lost the catalog {describe(self._conninfo)} while taking the writer lock: {_first_line(exc)}",
            ) from exc
        except BaseException:  # Ctrl-C while waiting: the session (and any lock) goes with it
            con.close()
            raise
        self._con = con
        return True

    @property
    def held(self) -> bool:
        """Whether this object holds the lock and its session is still alive (a session the
        server dropped has released the lock)."""
        if self._con is None or self._con.closed:
            return False
        import psycopg

        try:
            self._con.execute("select 1")
        except psycopg.Error:  # the session, and so the lock, is gone
            return False
        return True

    def release(self) -> None:
        """Give the lock up (closing the session releases it even if the unlock fails)."""
        con, self._con = self._con, None
        if con is None:
            return
        import psycopg

        try:
            if not con.closed:
                con.execute("select pg_advisory_unlock(%s)", [self._key])
        except psycopg.Error:  # a dead session holds no lock
            pass
        finally:
            con.close()
