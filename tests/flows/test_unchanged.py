"""An ingest with nothing to read is decided before Prefect starts: it records its run in the
warehouse and prints the summary, even with no Prefect API reachable; a changed file still
goes through the flow."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import FIXTURES, free_port, run_cli, view_rows

pytestmark = pytest.mark.slow


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(os.listdir(FIXTURES / "wire"))[:2]:
        shutil.copy(FIXTURES / "wire" / name, folder / name)
    return folder


def test_an_unchanged_rerun_needs_no_prefect_and_a_changed_file_does(prefect_server, inputs, tmp_path):
    wh = tmp_path / "wh"
    first = run_cli(["ingest", str(inputs), "-w", str(wh), "--no-progress"], env=prefect_server)
    assert first.returncode == 0, first.stderr[-2000:]
    # Nothing listens on this port: a run that needed the API would fail to reach it.
    offline = {**prefect_server, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    again = run_cli(["ingest", str(inputs), "-w", str(wh), "--no-progress"], env=offline, timeout=120)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "2 files seen: 0 stories ingested" in again.stdout and "2 skipped as already seen" in again.stdout
    runs = view_rows(wh, {"runs": "select status, files_seen, skipped, flow_run_id is null from runs "
                                   "order by started_at"})["runs"]
    assert runs == [("completed", 2, 0, False), ("completed", 2, 2, True)]

    changed = sorted(inputs.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA paragraph added later.\n", encoding="utf-8")
    needs_flow = run_cli(["ingest", str(inputs), "-w", str(wh), "--no-progress"], env=offline, timeout=180)
    assert needs_flow.returncode != 0 and "SW7" in needs_flow.stderr  # it went for the API
