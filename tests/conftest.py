"""Shared fixtures. Tests never touch the network (loopback only) or ../shared unless marked."""

from __future__ import annotations

import os
from pathlib import Path

# Ingests in tests run one NER worker, as before the default became "the usable cores": two
# workers per ingest on a 2-core runner only add model loads. Set before storywire is imported.
os.environ.setdefault("STORYWIRE_PROCESSES", "1")

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


def pytest_collection_modifyitems(config, items):
    if CORPORA.exists():
        return
    skip = pytest.mark.skip(reason="../shared/corpora is not present")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


# A real PostgreSQL on loopback for the shared-catalog tests (tests/postgres.py).
from postgres import pg_catalog, postgres_server  # noqa: E402, F401


@pytest.fixture(scope="session")
def prefect_api():
    """A real (temporary, loopback) Prefect API for flow tests, isolated from ~/.prefect."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def wire_fixture():
    def read(name: str) -> str:
        return (FIXTURES / "wire" / name).read_text(encoding="utf-8")

    return read


os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network beyond loopback


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real ``prefect server start`` on loopback; yields the env for client processes."""
    from storywire.flows.server import api_url, start_server, stop_server, wait_healthy

    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_LOGGING_LEVEL": "INFO"}
    log = open(home / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = start_server(port, env=env, log=log)
    try:
        wait_healthy(port, timeout=180, proc=proc)
        yield {**env, "PREFECT_API_URL": api_url(port), "PREFECT_UI_URL": f"http://127.0.0.1:{port}"}
    finally:
        stop_server(proc)
        log.close()


def run_cli(args: list[str], env: dict, timeout: float = 600, **kw):
    """Run the installed ``storywire`` console script in a subprocess."""
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("storywire")
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout, **kw)


def lake_connection(warehouse: Path):
    """A read-only DuckDB connection to a local warehouse's lake, its views current (what a
    user's ``ATTACH 'ducklake:sqlite:DIR/catalog.sqlite' ...; USE lake`` gives)."""
    from storywire.warehouse.lake import Warehouse

    return Warehouse.open(warehouse, create=False).connect(read_only=True)


def view_rows(warehouse: Path, queries: dict[str, str]) -> dict[str, list[tuple]]:
    """Each query's rows, read through a local warehouse's lake (read-only)."""
    con = lake_connection(warehouse)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        con.close()


@pytest.fixture
def small_warehouse(tmp_path):
    """A local warehouse of two stories (one headline with a comma and quotes, for CSV)."""
    import datetime as dt

    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.schemas import to_table

    wh = Warehouse.open(tmp_path / "wh")
    rows = [
        {"story_id": "a1", "source_uri": "/in/a.txt", "headline": "Dam opens", "body": "x",
         "agency": "AP", "published_date": dt.date(2024, 5, 6)},
        {"story_id": "b2", "source_uri": "/in/b.txt", "headline": "Port, \"busy\"", "body": "y",
         "agency": "Reuters", "published_date": dt.date(2024, 5, 7)},
    ]
    with wh.locked():
        cid = wh.new_commit_id()
        wh.commit({"stories": to_table("stories", [{**r, "commit_id": cid} for r in rows])}, commit_id=cid)
    return wh.root
