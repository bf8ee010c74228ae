"""Every expected failure of the installed ``storywire`` script is one line on stderr,
``storywire: error: SWnnn: ...``, with exit status 2 (the command line is wrong) or 1 (the
run failed); a traceback only with ``--debug``. And the logs: ``--quiet``, ``--log-format
json``, the run's summary printed once."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, free_port, run_cli, view_rows

SAMPLES = ROOT / "samples"


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The CLI's environment: its own PREFECT_HOME (no profile of the developer's), no API URL."""
    out = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    out.pop("PREFECT_API_URL", None)
    return out


def one_error_line(res: subprocess.CompletedProcess, code: str, status: int) -> str:
    assert res.returncode == status, res.stderr[-3000:]
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr[-3000:]
    assert lines[0].startswith(f"storywire: error: {code}: "), lines[0]
    return lines[0]


def with_fault(env: dict[str, str], folder: Path, patch: str) -> dict[str, str]:
    """``env`` with a ``sitecustomize`` that applies ``patch`` in every Python process the
    command starts: a bug simulated where no input can cause one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(patch, encoding="utf-8")
    return {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")])),
    }


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["ingest", "--chunk-size", "0", "in/"], "--chunk-size"),
        (["ingest"], "sources"),
        (["nosuch"], "nosuch"),
        (["--log-format", "xml", "ingest", "in/"], "--log-format"),
    ],
)
def test_a_bad_command_line_is_one_line_and_exit_2(args, names, env):
    line = one_error_line(run_cli(args, env=env, timeout=120), "SW412", 2)
    assert names in line and "--help" in line


def test_eval_map_is_checked_before_spacy_loads(tmp_path, env):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d1", "text": "Oslo.", "entities": []}) + "\n")
    started = time.monotonic()
    res = run_cli(["eval", "entities", str(gold), "--map", "foo"], env=env, timeout=120)
    line = one_error_line(res, "SW412", 2)
    assert "'foo' is not one of conll, ieer" in line
    assert time.monotonic() - started < 30  # a spaCy model load alone takes longer here


def test_a_missing_or_foreign_warehouse_is_one_line_and_exit_2(tmp_path, env):
    one_error_line(
        run_cli(["check", "-w", str(tmp_path / "nowhere")], env=env, timeout=120), "SW201", 2
    )
    foreign = tmp_path / "other"
    foreign.mkdir()
    (foreign / "_warehouse.json").write_text(json.dumps({"format": "someone-elses-tool"}))
    one_error_line(run_cli(["check", "-w", str(foreign)], env=env, timeout=120), "SW204", 2)


def _read_only(folder: Path, argv: list[str]) -> list[str]:
    """``argv`` run where ``folder`` cannot be written. Not by permissions when this is root
    (root writes anywhere): in a mount namespace of its own, with the folder bind-mounted
    read-only: a read-only file system, as a snapshot or a ro NFS export gives (the host's
    mounts are untouched)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return argv
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run(
        [unshare, "--mount", "--propagation", "private", "true"], capture_output=True, timeout=30
    )
    if not probe or probe.returncode != 0:
        pytest.skip("root without a mount namespace: no way to make a folder read-only here")
    script = (
        f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    )
    return [unshare, "--mount", "--propagation", "private", "sh", "-c", script, "sh", *argv]


def test_a_read_only_warehouse_is_refused_before_any_work(tmp_path, env, small_warehouse):
    storywire = str(Path(sys.executable).with_name("storywire"))
    before = sorted(p.name for p in small_warehouse.iterdir())
    for args in (["ingest", str(SAMPLES)], ["compact"], ["reprocess", "--all"]):
        argv = _read_only(small_warehouse, [storywire, *args, "-w", str(small_warehouse)])
        res = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
        line = one_error_line(res, "SW214", 1)
        assert str(small_warehouse) in line
    assert sorted(p.name for p in small_warehouse.iterdir()) == before


def test_a_reader_that_stops_early_ends_the_command_quietly(env, small_warehouse):
    """`storywire query ... | head -1`: the reader closes the pipe mid-output; that is no
    failure (no SW901 line), and the status is click's for a closed stdout (1)."""
    exe = Path(sys.executable).with_name("storywire")
    sql = "select range from range(2000000)"  # more than any pipe buffer holds
    proc = subprocess.Popen([str(exe), "query", "-w", str(small_warehouse), "-f", "csv", sql], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"range\n"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1 and err == ""


@pytest.mark.parametrize(("where", "code", "status"), [("/dev/null", "SW202", 2), ("/proc/storywire-wh", "SW214", 1)])
def test_a_warehouse_where_none_can_be_is_one_line(where, code, status, env):
    res = run_cli(["ingest", str(SAMPLES / "afp_nantes_bridge.txt"), "-w", where], env=env, timeout=120)
    assert where in one_error_line(res, code, status)


def test_a_query_result_that_cannot_be_written_is_one_line_exit_1(tmp_path, env, small_warehouse):
    for out in (tmp_path, Path("/dev/full")):  # a folder; a full disk
        res = run_cli(["query", "select 1 as x", "-w", str(small_warehouse), "--out", str(out)], env=env)
        assert f"cannot write the result to {out}" in one_error_line(res, "SW427", 1)


def test_arguments_that_are_not_utf8_are_one_coded_line(env, small_warehouse):
    wh = ["-w", str(small_warehouse)]
    bad = os.fsdecode(b"\xff")  # what the command line hands over for a byte no encoding read
    res = run_cli(["query", f"select '{bad}'", *wh], env=env)
    assert "not valid UTF-8" in one_error_line(res, "SW428", 2)
    res = run_cli(["search", f"council {bad}", *wh], env=env)
    assert "not valid UTF-8" in one_error_line(res, "SW446", 2)
    res = run_cli(["show", f"/in/{bad}.txt", *wh], env=env)  # a path, as stored: no such story
    one_error_line(res, "SW440", 2)


def _closed_port() -> int:
    return free_port()  # bound and released: nothing listens there


@pytest.mark.parametrize("where", ["environment", "profile"])
def test_an_api_that_does_not_answer_is_one_line_with_the_fix(where, tmp_path, env):
    url = f"http://127.0.0.1:{_closed_port()}/api"
    if where == "environment":
        env["PREFECT_API_URL"] = url
        fix = "unset PREFECT_API_URL"
    else:  # what `prefect config set PREFECT_API_URL=...` writes
        home = Path(env["PREFECT_HOME"])
        home.mkdir(parents=True)
        (home / "profiles.toml").write_text(
            f'active = "default"\n\n[profiles.default]\nPREFECT_API_URL = "{url}"\n'
        )
        fix = "`prefect config unset PREFECT_API_URL`"
    started = time.monotonic()
    res = run_cli(["ingest", str(SAMPLES), "-w", str(tmp_path / "wh")], env=env, timeout=120)
    line = one_error_line(res, "SW703", 1)
    assert (
        f"the Prefect API at {url} does not answer" in line
        and fix in line
        and "storywire ui" in line
    )
    assert time.monotonic() - started < 30  # Prefect's own retries take minutes
    assert not (tmp_path / "wh").exists()  # checked before the warehouse is created


def test_ui_on_a_busy_port_says_which_port(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = run_cli(["ui", "--port", str(port)], env=env, timeout=120)
    line = one_error_line(res, "SW704", 1)
    assert f"port {port} on 127.0.0.1 is already in use" in line


_CHECKS_BREAK = """
import storywire.warehouse.checks as checks

def _broken(*args, **kwargs):
    raise ZeroDivisionError("division by zero in a check")

checks.checks_over = _broken
"""


def test_an_unexpected_failure_is_one_line_and_the_traceback_waits_for_debug(
    tmp_path, env, small_warehouse
):
    faulty = with_fault(env, tmp_path / "fault", _CHECKS_BREAK)
    res = run_cli(["check", "-w", str(small_warehouse)], env=faulty, timeout=120)
    line = one_error_line(res, "SW901", 1)
    assert line.endswith(
        "unexpected ZeroDivisionError: division by zero in a check (run with --debug for the traceback)"
    )
    debug = run_cli(["--debug", "check", "-w", str(small_warehouse)], env=faulty, timeout=120)
    assert debug.returncode == 1
    assert (
        "Traceback (most recent call last)" in debug.stderr and "ZeroDivisionError" in debug.stderr
    )


_ENTITY_OFFSETS_OFF_BY_ONE = """
import storywire.flows.rows as rows

_real = rows.record_rows

def _off_by_one(table, records, **extra):
    out = _real(table, records, **extra)
    if table == "entities":
        out = [{**r, "start_char": r["start_char"] + 1} for r in out]
    return out

rows.record_rows = _off_by_one
"""


@pytest.mark.slow
def test_a_failed_check_prints_the_summary_then_one_line_naming_the_check(tmp_path, env):
    """The entity rows a (simulated) bug shifts by one character fail the entity_offsets
    check: the rows are committed, so the summary says what the run did, then one line says
    which check failed (and nothing of Prefect's traceback)."""
    faulty = with_fault(env, tmp_path / "fault", _ENTITY_OFFSETS_OFF_BY_ONE)
    res = run_cli(["ingest", str(SAMPLES), "-w", str(tmp_path / "wh")], env=faulty)
    line = one_error_line(res, "SW601", 1)
    assert "entity_offsets" in line
    (summary,) = res.stdout.splitlines()
    assert " files seen: " in summary and " stories ingested from " in summary
    assert view_rows(tmp_path / "wh", {"s": "select status from runs"})["s"] == [("failed_checks",)]


@pytest.mark.slow
def test_quiet_and_json_logs_and_the_summary_printed_once(tmp_path, env):
    env = {**env, "PREFECT_LOGGING_LEVEL": "INFO"}  # the tests' default is WARNING
    wh = str(tmp_path / "wh")
    res = run_cli(["--log-format", "json", "ingest", str(SAMPLES), "-w", wh], env=env)
    assert res.returncode == 0, res.stderr[-3000:]
    (summary,) = res.stdout.splitlines()
    records = [
        json.loads(line) for line in res.stderr.splitlines()
    ]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any(r["logger"] == "prefect.flow_runs" and r.get("flow_run_name") for r in records)
    assert summary not in {
        r["message"] for r in records
    }  # stdout has it; the log does not repeat it

    quiet = run_cli(["--quiet", "ingest", str(SAMPLES), "-w", wh], env=env)
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    assert quiet.stderr == ""
    (again,) = quiet.stdout.splitlines()
    assert " skipped as already seen" in again


@pytest.mark.parametrize("command", ["ingest", "reprocess"])
@pytest.mark.parametrize(
    ("option", "value", "code"),
    [("--model", "nonexistent_model", "SW414"), ("--pipelines", "fr=fr_core_news_xl", "SW413")],
)
def test_a_pipeline_that_cannot_be_used_is_one_line_before_any_work(command, option, value, code, tmp_path, env):
    args = [command, str(SAMPLES)] if command == "ingest" else [command, "--all"]
    res = run_cli([*args, "-w", str(tmp_path / "wh"), option, value], env=env, timeout=120)
    assert value.split("=")[-1] in one_error_line(res, code, 2)  # the package named
    assert not (tmp_path / "wh").exists()  # refused before the warehouse was made


@pytest.mark.slow
def test_a_chosen_pipeline_reads_its_language_in_the_ner_workers(tmp_path, env):
    """`--pipelines` reaches the worker processes: a French story read by the English
    pipeline (any installed spaCy package may be chosen) records that pipeline's version."""
    from storywire.flows.settings import DEFAULT_MODEL

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nantes.txt").write_bytes((SAMPLES / "afp_nantes_bridge.txt").read_bytes())
    wh = tmp_path / "wh"
    out = run_cli(["ingest", str(folder), "-w", str(wh), "--no-progress", "--pipelines", f"fr={DEFAULT_MODEL}"],
                  env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    q = run_cli(["query", "select language, model from stories", "-w", str(wh), "-f", "json"], env=env)
    assert q.returncode == 0, q.stderr
    (row,) = json.loads(q.stdout)
    assert row["language"] == "fr" and row["model"].startswith("core_web_sm")
