"""The flow process's memory set-up: few malloc arenas, Arrow through glibc."""

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
