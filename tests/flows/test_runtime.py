"""The flow process's set-up: few malloc arenas, Arrow through glibc, and a stop that owns
SIGTERM while Prefect's flow engine runs (the whole stop: tests/scenarios/test_interrupts.py)."""

from __future__ import annotations

import os
import platform

import pytest

_COUNT_ARENAS = """
import ctypes, os, sys, tempfile, threading
from storywire.flows import runtime
runtime.configure()
libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p
barrier = threading.Barrier(12)
def work():
    keep = [bytearray(2000) for _ in range(2000)]  # every thread allocates at once
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(12)]
for t in threads: t.start()
for t in threads: t.join()
with tempfile.TemporaryFile() as f:
    fp = libc.fdopen(os.dup(f.fileno()), b"w")
    libc.malloc_info(0, ctypes.c_void_p(fp))
    libc.fflush(ctypes.c_void_p(fp))
    f.seek(0)
    print(f.read().decode().count("<heap nr="))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")
@pytest.mark.parametrize("env, most", [({}, 2), ({"MALLOC_ARENA_MAX": "1"}, 1)])
def test_the_flow_process_keeps_few_malloc_arenas(env, most):
    """glibc would give a dozen busy threads a dozen heaps, each keeping its freed blocks
    (the flow's RSS crept up chunk after chunk); the flow's runtime set-up caps them at two,
    unless the user chose otherwise."""
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", _COUNT_ARENAS], env={**clean, **env},
                         capture_output=True, text=True, check=True)
    assert 1 <= int(out.stdout) <= most


@pytest.mark.parametrize(("chosen", "expected"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_storywire_processes_allocate_arrow_memory_through_glibc(chosen, expected):
    """So ``malloc_trim`` after each commit hands Arrow's freed buffers back too (pyarrow's
    default mimalloc pool keeps them), Parquet reading
    included; a pool the user chose with ``ARROW_DEFAULT_MEMORY_POOL`` is left alone."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    code = (
        "import io, storywire.flows.runtime as rt, pyarrow as pa, pyarrow.parquet as pq\n"
        "rt.configure()\n"
        "buf = io.BytesIO(); pq.write_table(pa.table({'n': list(range(50_000))}), buf)\n"
        "batch = next(pq.ParquetFile(io.BytesIO(buf.getvalue())).iter_batches())\n"
        "print(pa.default_memory_pool().backend_name, pa.mimalloc_memory_pool().max_memory() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=120)
    # the default pool, and whether Parquet writing or reading used mimalloc at all
    assert out.stdout.split() == [expected, str(expected == "mimalloc")]


_SIGTERM_IN_FLOW = """
import os, signal, sys, time
from prefect import flow
from storywire.flows import runtime

@flow(name="storywire-sigterm-probe")
def probe() -> None:
    print(signal.getsignal(signal.SIGTERM) is runtime._freeze_main_thread, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)  # what a supervisor or `kill` sends mid-run
    time.sleep(30)

runtime.stop_on_signals(lambda: "probe stopped")
runtime.cancellable(probe)()
"""


@pytest.mark.slow
def test_a_sigterm_during_a_flow_run_records_it_as_cancelled(prefect_server):
    """Prefect's engine installs its own SIGTERM handler for a flow run, which raised in the
    main thread and forced Crashed over the stop's Cancelled (CI saw Failed, from inside a
    task): the stop takes SIGTERM back when the run starts."""
    import json
    import subprocess
    import sys
    import urllib.request

    env = {**prefect_server, "PREFECT_LOGGING_LEVEL": "WARNING"}
    out = subprocess.run([sys.executable, "-c", _SIGTERM_IN_FLOW], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 128 + 15, out.stderr[-2000:]
    body = json.dumps({"flows": {"name": {"any_": ["storywire-sigterm-probe"]}},
                       "sort": "START_TIME_DESC", "limit": 1}).encode()
    request = urllib.request.Request(f"{env['PREFECT_API_URL']}/flow_runs/filter", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        state = json.load(response)[0]["state"]
    assert (state["type"], state["message"]) == ("CANCELLED", "stopped by SIGTERM")
    assert out.stderr.strip() == "storywire: stopped by SIGTERM: probe stopped"
    assert out.stdout.splitlines() == ["True"]  # the main thread froze: it printed nothing more


def test_an_ignored_sighup_stays_ignored_so_nohup_runs_outlive_their_terminal():
    import signal

    from storywire.flows.runtime import _stop_signals

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts a command
    try:
        assert _stop_signals() == [signal.SIGINT, signal.SIGTERM]
        signal.signal(signal.SIGHUP, signal.SIG_DFL)  # as a terminal starts it
        assert _stop_signals() == [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    finally:
        signal.signal(signal.SIGHUP, before)
