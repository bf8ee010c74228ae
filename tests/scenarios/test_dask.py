"""Scale-out: batches on a real Dask cluster on loopback give the same warehouse as a local run."""

from __future__ import annotations

import pytest
from conftest import lake_connection, run_cli
from storygen import write_stories

pytestmark = pytest.mark.slow


def _content(wh):
    con = lake_connection(wh)
    try:
        return {
            "stories": con.execute("select story_id, headline, body, published_date, duplicate_of "
                                   "from stories order by 1").fetchall(),
            "entities": con.execute("select story_id, start_char, label, canonical from entities order by all").fetchall(),
            "timexes": con.execute("select story_id, start_char, value from timexes order by all").fetchall(),
            "quotes": con.execute("select story_id, start_char, speaker_canonical from quotes order by all").fetchall(),
        }
    finally:
        con.close()


def test_local_cluster_of_two_workers_matches_a_local_run(prefect_server, tmp_path, monkeypatch):
    from distributed import LocalCluster

    src = tmp_path / "in"
    write_stories(src, 60, seed=11)
    args = ["ingest", str(src), "--chunk-size", "10", "--no-progress"]
    local = run_cli([*args, "-w", str(tmp_path / "local")], prefect_server)
    assert local.returncode == 0, local.stderr[-3000:]
    # Workers report task runs to the same Prefect server: they inherit this environment.
    for key in ("PREFECT_API_URL", "PREFECT_HOME"):
        monkeypatch.setenv(key, prefect_server[key])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        out = run_cli([*args, "-w", str(tmp_path / "dask"), "--dask", cluster.scheduler_address],
                      prefect_server)
        assert out.returncode == 0, out.stderr[-3000:]
        assert len(cluster.workers) == 2
    assert _content(tmp_path / "dask") == _content(tmp_path / "local")
    assert len(_content(tmp_path / "local")["stories"]) == 60


def test_dask_option_local_spec(prefect_server, tmp_path):
    src = tmp_path / "in"
    write_stories(src, 12, seed=3)
    out = run_cli(["ingest", str(src), "-w", str(tmp_path / "wh"), "--dask", "local:2", "--no-progress"],
                  prefect_server)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1].startswith("12 files seen: 12 stories ingested")


def test_bad_dask_spec_is_a_cli_error(tmp_path):
    import os

    out = run_cli(["ingest", str(tmp_path), "-w", str(tmp_path / "wh"), "--dask", "nonsense"], dict(os.environ))
    assert out.returncode == 2 and "SW408" in out.stderr
