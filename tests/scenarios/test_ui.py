"""Monitoring against a real Prefect server: the flow run, its task runs and its artifacts are
recorded, and the UI's flow-run page (in headless Chromium) shows the run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
from browser import CHROMIUM, chromium
from conftest import ROOT, run_cli

pytestmark = pytest.mark.slow



@pytest.fixture(scope="module")
def recorded_run(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ui")
    out = run_cli(
        ["ingest", str(ROOT / "samples"), "--warehouse", str(tmp / "wh"), "--no-progress"],
        env=prefect_server,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    api = prefect_server["PREFECT_API_URL"]
    runs = httpx.post(
        f"{api}/flow_runs/filter", json={"sort": "START_TIME_DESC", "limit": 5}
    ).json()
    (run,) = [r for r in runs if r["state_type"] == "COMPLETED"][:1]
    return api, run


def test_flow_run_task_runs_and_artifacts_are_recorded(recorded_run):
    api, run = recorded_run
    tasks = httpx.post(
        f"{api}/task_runs/filter", json={"flow_runs": {"id": {"any_": [run["id"]]}}}
    ).json()
    names = {t["name"].rsplit("-", 1)[0] for t in tasks}  # "fetch-batch-3f2" -> "fetch-batch"
    assert {"discover-sources", "fetch-batch", "clean-batch", "enrich-batch", "commit"} <= names
    assert all(t["state_type"] == "COMPLETED" for t in tasks)
    arts = httpx.post(
        f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run["id"]]}}}
    ).json()
    by_key = {a["key"]: a for a in arts}
    assert {"storywire-run-report", "storywire-rejects"} <= set(by_key)
    report = by_key["storywire-run-report"]["data"]
    assert "files seen" in report and "Data-quality checks" in report and "**FAIL**" not in report


def _chromium(args: list[str], user_dir: Path) -> subprocess.CompletedProcess:
    return chromium(["--virtual-time-budget=20000", *args], user_dir)


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_ui_flow_run_page_shows_the_run(recorded_run, prefect_server, tmp_path):
    _, run = recorded_run
    ui = prefect_server["PREFECT_UI_URL"]
    page = f"{ui}/runs/flow-run/{run['id']}"
    dom = _chromium(["--dump-dom", page], tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert run["name"] in dom.stdout

    # Screenshots of the run page and its report (STORYWIRE_SCREENSHOTS=docs refreshes the
    # README's; otherwise they go to a temporary folder and are only checked).
    folder = Path(os.environ.get("STORYWIRE_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    api = prefect_server["PREFECT_API_URL"]
    arts = httpx.post(
        f"{api}/artifacts/filter",
        json={
            "artifacts": {
                "flow_run_id": {"any_": [run["id"]]},
                "key": {"any_": ["storywire-run-report"]},
            }
        },
    ).json()
    pages = {
        "ui-flow-run.png": page,
        "ui-run-report.png": f"{ui}/artifacts/artifact/{arts[0]['id']}",
    }
    for i, (name, url) in enumerate(pages.items()):
        res = _chromium(
            [f"--screenshot={folder / name}", "--window-size=1400,1000", url], tmp_path / f"p{i}"
        )
        assert res.returncode == 0 and (folder / name).stat().st_size > 10_000


def test_storywire_ui_changes_no_profile_and_leaves_no_server_when_its_terminal_closes(tmp_path):
    """``storywire ui`` prints the export line instead of writing the profile, and a SIGHUP
    (the terminal closing) stops its server too: no orphan keeps the port, and nothing
    points later commands at a dead server."""
    import signal
    import sys
    import time

    import psutil
    from conftest import free_port

    from storywire.flows.server import api_answers, api_url, wait_healthy

    port = free_port()
    home = tmp_path / "home"
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    bindir = Path(sys.executable).parent
    proc = subprocess.Popen(
        [str(bindir / "storywire"), "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )

    def server_processes() -> list[psutil.Process]:
        found = []
        for p in psutil.process_iter(["cmdline"]):
            cmd = p.info["cmdline"] or []
            if "server" in cmd and "start" in cmd and str(port) in cmd:
                found.append(p)
        return found

    try:
        wait_healthy(port, timeout=180)
        assert server_processes(), "the server is not where the test looks for it"
        view = subprocess.run(
            [str(bindir / "prefect"), "config", "view"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        assert not [line for line in view.splitlines() if line.startswith("PREFECT_API_URL")]
        profiles = home / "profiles.toml"
        assert not profiles.exists() or "PREFECT_API_URL" not in profiles.read_text()
    finally:
        os.killpg(proc.pid, signal.SIGHUP)  # what a closing terminal sends its foreground group
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"  export PREFECT_API_URL={api_url(port)}" in out.splitlines()
    deadline = time.monotonic() + 20
    while server_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not server_processes()
    assert not api_answers(api_url(port), timeout=2)
