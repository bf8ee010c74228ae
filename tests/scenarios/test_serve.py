"""`storywire serve` registers a cron deployment on a real server and executes its runs;
each run is incremental (the second one skips every file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import FIXTURES, lake_connection

pytestmark = pytest.mark.slow


def _wait(predicate, timeout=240, every=1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def _api(method: str, url: str, **kw) -> dict | list:
    """One API call; a 503 (the server's SQLite busy under the runner's polling) is retried,
    as Prefect's own client does, anything else is returned or raised."""
    for _ in range(30):
        response = httpx.request(method, url, timeout=30, **kw)
        if response.status_code != 503:
            response.raise_for_status()
            return response.json()
        time.sleep(1)
    response.raise_for_status()
    raise AssertionError("unreachable")


def test_serve_creates_a_cron_deployment_and_runs_are_incremental(prefect_server, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("reuters.txt", "afp.txt"):
        (src / name).write_text((FIXTURES / "wire" / name).read_text())
    wh = tmp_path / "wh"
    env = {**prefect_server, "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
    exe = Path(sys.executable).with_name("storywire")
    proc = subprocess.Popen([str(exe), "serve", str(src), "-w", str(wh), "--cron", "0 6 * * *",
                             "--name", "test-serve"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    api = prefect_server["PREFECT_API_URL"]
    try:
        dep = _wait(lambda: next((d for d in _api("POST", f"{api}/deployments/filter", json={})
                                  if d["name"] == "test-serve"), None))
        assert [s["schedule"]["cron"] for s in dep["schedules"]] == ["0 6 * * *"]
        assert dep["parameters"]["sources"] == [str(src)]
        states = []
        for _ in range(2):
            run = _api("POST", f"{api}/deployments/{dep['id']}/create_flow_run", json={})
            state = _wait(lambda run=run: (r := _api("GET", f"{api}/flow_runs/{run['id']}"))
                          ["state_type"] in ("COMPLETED", "FAILED", "CRASHED") and r["state_type"])
            states.append(state)
        assert states == ["COMPLETED", "COMPLETED"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    con = lake_connection(wh)
    runs = con.execute("select stories_ingested, skipped from runs order by started_at").fetchall()
    assert runs == [(2, 0), (0, 2)]
