"""Memory tuning for the long-running flow process: called once at start (``configure``) and
after each commit (``trim_heap``). Everything here is a no-op off glibc.

A run builds and frees every chunk's stories, rows and Arrow buffers; glibc keeps freed
blocks in per-thread heaps, so without this the process's RSS creeps up chunk after chunk
(``docs/performance.md`` has the measurements).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

from storywire.flows.settings import MALLOC_ARENAS

_M_ARENA_MAX = -8  # glibc <malloc.h>


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:  # not glibc (musl, macOS, Windows): nothing to tune
        return None


def configure() -> None:
    """Tune this process for a run; call it early, before threads start allocating.

    Idempotent, so both the CLI (before Prefect starts its threads) and the flow body (a
    deployment's flow-run process never passes through the CLI) call it.
    """
    limit_malloc_arenas(MALLOC_ARENAS)
    use_system_arrow_pool()


def limit_malloc_arenas(arenas: int) -> None:
    """Let glibc keep at most ``arenas`` heaps for this process's threads.

    By default each busy thread (Prefect's, the task runner's, DuckDB's) may get a heap of its
    own, and memory freed in one heap is reused only by the threads allocating there. Same
    effect as ``MALLOC_ARENA_MAX``, which wins when the user set it.
    """
    libc = _glibc()
    if libc is not None and "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(_M_ARENA_MAX, arenas)


def use_system_arrow_pool() -> None:
    """Point pyarrow's default pool at glibc's malloc, so ``trim_heap`` hands Arrow's freed
    buffers back too (mimalloc keeps their pages for reuse).

    ``ARROW_DEFAULT_MEMORY_POOL=system`` (``settings.ENVIRONMENT_DEFAULTS``) already does this
    for Parquet reading and writing when it is set before pyarrow's first import; this covers a
    process that imported pyarrow first. A pool the user chose is left alone.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system") == "system":
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())


def trim_heap() -> None:
    """Hand the memory freed by a committed chunk back to the OS (``malloc_trim``)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
