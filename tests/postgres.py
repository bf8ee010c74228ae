"""A real PostgreSQL (Debian's packages) for the shared-catalog tests, started on loopback.

``postgres_server`` (session scope) runs ``initdb`` and ``pg_ctl`` in a temporary folder: trust
authentication, 127.0.0.1 on a free port, its socket in that folder (never the system's), and
stops it at the end. ``new_database()`` gives each test or warehouse a database of its own
(a DuckLake catalog is one database). The tests skip only when the server binaries are absent.

initdb refuses to run as root (CI runs as root): there the cluster belongs to an unprivileged
user (``postgres`` when Debian's package made it, else ``nobody``) and the commands run as that
user through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: The server's superuser: every database and connection of the tests is this role's.
USER = "storywire"
#: Where Debian puts each installed major version's server binaries.
BIN_GLOB = "/usr/lib/postgresql/*/bin"


def server_bin() -> Path | None:
    """The newest installed major version's bin folder that holds initdb and pg_ctl."""
    found = [
        Path(p)
        for p in glob.glob(BIN_GLOB)
        if (Path(p) / "initdb").is_file() and (Path(p) / "pg_ctl").is_file()
    ]
    found.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if found:
        return found[-1]
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path and shutil.which("pg_ctl") else None


def _owner() -> str | None:
    """The unprivileged user the cluster runs as when this process is root (None: as is)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError(
        "running as root with neither a 'postgres' nor a 'nobody' user: initdb refuses root"
    )


@dataclass
class PostgresServer:
    """A running test cluster: ``url(db)`` names a database on it."""

    bin: Path
    home: Path
    port: int
    owner: str | None
    databases: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.home / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.owner:
            cmd = ["runuser", "-u", self.owner, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        init = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        if init.returncode:
            raise RuntimeError(f"initdb failed: {init.stderr.strip()}")
        # loopback only, the socket in our own folder, nothing a throwaway server needs to keep
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.home} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        started = self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.home / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        if started.returncode:
            log = (self.home / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()}\n{log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def new_database(self, name: str) -> str:
        """Create database ``name`` (a fresh one each call: a suffix when taken); its URL."""
        import psycopg

        name = f"{name}_{len(self.databases)}"
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'create database "{name}"')
        self.databases.append(name)
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1 for this test session (skips when not installed)."""
    from conftest import free_port

    bin_dir = server_bin()
    if bin_dir is None:
        pytest.skip(
            f"PostgreSQL server binaries not found ({BIN_GLOB}/initdb): apt-get install postgresql"
        )
    owner = _owner()
    # not pytest's tmp_path: that folder is private to root, and the cluster's owner must enter it
    home = Path(tempfile.mkdtemp(prefix="storywire-pg-"))
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    server = PostgresServer(bin_dir, home, free_port(), owner)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def pg_catalog(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> str:
    """A new, empty database for one test's warehouse catalog: its postgresql:// URL."""
    return postgres_server.new_database(
        "lake_" + re.sub(r"\W+", "_", request.node.name.lower())[:40]
    )
