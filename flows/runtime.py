"""The flow process's set-up: memory tuning, and how it stops on SIGINT/SIGTERM.

Memory: called once at start (``configure``) and after each commit (``trim_heap``); a no-op
off glibc. A run builds and frees every chunk's stories, rows and Arrow buffers; glibc keeps
freed blocks in per-thread heaps, so without this the process's RSS creeps up chunk after
chunk (``docs/performance.md`` has the measurements).

Signals: ``stop_on_signals`` (the CLI installs it for every command but ``ui``). See its
docstring for the design.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import faulthandler
import functools
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from storywire.flows.settings import MALLOC_ARENAS, STOP_SECONDS

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


# -- stopping on SIGINT / SIGTERM -------------------------------------------------------------
#
# Why a hard exit: a flow run is a main thread waiting on task threads, NER worker processes and
# Prefect's API client; unwinding all of that politely is what took minutes and printed pages.
# Nothing needs unwinding: every commit is atomic (a chunk's files appear together or not at
# all) and the local lock is released by the kernel, so a process that ends at any instant
# leaves a warehouse the next run resumes from, exactly (``tests/scenarios/test_faults.py``
# kills runs with SIGKILL to prove it). So on the first signal this process:
#   1. freezes its main thread at its next bytecode, so no further commit starts;
#   2. points its stdout/stderr at /dev/null: what the abandoned threads would print
#      (cancelled futures, a worker gone, Prefect's retries) is noise about the stop itself;
#   3. ends its child processes (NER workers, the forkserver, Dask workers) but Prefect's
#      temporary API server, then records the flow run as Cancelled (bounded), then ends that;
#   4. prints one line: what this command committed and that a re-run resumes;
#   5. exits 128 + the signal (130 for SIGINT, 143 for SIGTERM) with ``os._exit``.
# SIGHUP (the terminal closed) stops it the same way (129), unless it is ignored (nohup).
# SIGTERM stays ours during a flow run too: Prefect's engine installs its own handler for the run
# (raising in the main thread, which then records Crashed or Failed), and ``note_flow_run`` puts
# ours back.
# A watcher thread does this, woken by ``signal.set_wakeup_fd``: the C-level handler writes
# the signal's number to a socket at once, even while the main thread is inside C code (a
# Parquet write, a DuckDB query) where a Python handler would not run. If the watcher cannot
# finish in time (the GIL held by a long C call), faulthandler's timer, a C thread, exits the
# process anyway. A second signal exits at once.

_TRACKER_WARNING = "ignore:resource_tracker:UserWarning:multiprocessing.resource_tracker"

#: What the one line says after "stopped by SIGINT: "; a command sets its own.
Describe = Callable[[], str]


@dataclass
class _Stopper:
    describe: Describe
    flow_run_id: str | None = None
    interrupts: int = 0  # SIGINTs the main thread has seen
    wake: socket.socket | None = None
    restore: list[Callable[[], None]] = field(default_factory=list)


_stopper: _Stopper | None = None


#: The signals that stop a command this way.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop_signals() -> list[signal.Signals]:
    """STOPPING, but a SIGHUP that is ignored stays ignored: ``nohup storywire ingest ...``
    must outlive its terminal."""
    return [s for s in STOPPING if not (s == signal.SIGHUP and signal.getsignal(s) == signal.SIG_IGN)]


def stop_on_signals(describe: Describe = lambda: "nothing was written") -> Callable[[], None]:
    """Stop this process within ``STOP_SECONDS`` of SIGINT, SIGTERM or SIGHUP (see above);
    returns the function that uninstalls it. A no-op off the main thread (signals only reach
    it)."""
    global _stopper
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    stopper = _stopper = _Stopper(describe)
    # The resource tracker (started later, with these warning options) unlinks the semaphores
    # of a pool a stop abandons, and would say so on the terminal: expected, not news.
    if _TRACKER_WARNING not in sys.warnoptions:
        sys.warnoptions.append(_TRACKER_WARNING)
    watch, wake = socket.socketpair()
    wake.setblocking(False)
    stopper.wake = wake
    previous_fd = signal.set_wakeup_fd(wake.fileno(), warn_on_full_buffer=False)
    previous = {sig: signal.signal(sig, _freeze_main_thread) for sig in _stop_signals()}
    watcher = threading.Thread(
        target=_watch, args=(stopper, watch), name="storywire-stop", daemon=True
    )
    watcher.start()

    def uninstall() -> None:
        global _stopper
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(previous_fd)
        with contextlib.suppress(OSError):
            wake.send(b"\0")  # 0 is no signal: the watcher returns
        watcher.join(timeout=1)
        wake.close()
        _stopper = None

    return uninstall


def describe_stop(describe: Describe) -> None:
    """What the stop line says about this command's work (called by a command that writes)."""
    if _stopper is not None:
        _stopper.describe = describe


def cancellable(flow):  # -> prefect.Flow
    """``flow`` with a hook that tells a stop which run to record as Cancelled; waits for the
    temporary API server, if the command started one (``server.require_api``)."""
    import logging

    from storywire.flows.server import api_ready

    api_ready()
    # Prefect logs two INFO lines around every hook; this one is bookkeeping, not news.
    logging.getLogger("prefect.engine").addFilter(_QuietHook())
    return flow.with_options(on_running=[note_flow_run])


def note_flow_run(flow, flow_run, state) -> None:
    """``on_running`` hook: the flow run a stop records as Cancelled. It also takes SIGTERM
    back: Prefect's flow engine installs its own handler for the run, which raises in the main
    thread, and the engine then forces Crashed (or Failed, from inside a task) over the stop's
    Cancelled, or the stop keeps that state as the run's own outcome."""
    if _stopper is None:
        return
    _stopper.flow_run_id = str(flow_run.id)
    if signal.SIGTERM in _stop_signals() and threading.current_thread() is threading.main_thread():
        # The engine restores its own predecessor, ours, when the run ends.
        signal.signal(signal.SIGTERM, _freeze_main_thread)


class _QuietHook:
    """A logging filter dropping Prefect's "Running hook 'note_flow_run'" lines."""

    def filter(self, record) -> bool:
        return f"'{note_flow_run.__name__}'" not in record.getMessage()

    def __eq__(self, other: object) -> bool:  # added once however often flows start
        return isinstance(other, _QuietHook)

    __hash__ = object.__hash__


def _freeze_main_thread(signum: int, frame: object) -> None:
    """The Python-level handler: the watcher does the work; the main thread must do nothing
    more (no new commit, no traceback). A second Ctrl-C exits at once (not a second SIGTERM:
    a supervisor may send one more while the stop records the run)."""
    if _stopper is not None and signum == signal.SIGINT:
        _stopper.interrupts += 1
        if _stopper.interrupts > 1:
            os._exit(128 + signum)
    threading.Event().wait()


def _watch(stopper: _Stopper, watch: socket.socket) -> None:
    with watch:
        while data := watch.recv(64):
            signals = [b for b in data if b in STOPPING]
            if 0 in data and not signals:
                return
            if signals:
                _stop(stopper, signals[0])


def _stop(stopper: _Stopper, signum: int) -> None:
    deadline = time.monotonic() + STOP_SECONDS
    devnull = open(os.devnull, "w")  # noqa: SIM115 - the process ends below
    faulthandler.dump_traceback_later(STOP_SECONDS + 0.5, exit=True, file=devnull)
    terminal = _silence_output(devnull.fileno())
    from storywire.tasks.enrich.workers import stop_pools

    stop_pools()  # before ending the workers, so none is started again
    from storywire.flows.server import temporary_api_pid

    server = temporary_api_pid()
    keep = {server, _resource_tracker_pid()} - {None}
    _end_children(keep, seconds=1.0)
    if stopper.flow_run_id:
        _bounded(
            lambda: _record_cancelled(stopper.flow_run_id, signum),
            max(0.0, min(2.0, deadline - time.monotonic() - 1.0)),
        )
    _end_children(keep, seconds=0)  # anything started meanwhile (a Dask worker respawned)
    if server:
        with contextlib.suppress(OSError):
            os.kill(server, signal.SIGTERM)
    what = _bounded(stopper.describe, max(0.0, deadline - time.monotonic() - 0.2))
    name = signal.Signals(signum).name
    line = f"storywire: stopped by {name}: {what or 'see the warehouse for what was committed'}\n"
    if os.isatty(terminal):  # a progress bar may have hidden the cursor and left a line
        line = "\r\x1b[2K\x1b[?25h" + line
    with contextlib.suppress(OSError):
        os.write(terminal, line.encode())
    os._exit(128 + signum)


def _resource_tracker_pid() -> int | None:
    """multiprocessing's resource tracker: it must outlive this process, to unlink the
    semaphores of the worker pool this exit leaves (its warning about them is silenced, see
    ``stop_on_signals``)."""
    tracker = sys.modules.get("multiprocessing.resource_tracker")
    return getattr(getattr(tracker, "_resource_tracker", None), "_pid", None)


def _silence_output(devnull: int) -> int:
    """Point fds 1 and 2 at /dev/null; returns a copy of the original stderr."""
    terminal = os.dup(2)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    return terminal


def _bounded(work: Callable[[], object], seconds: float) -> object | None:
    """``work()`` in a daemon thread, or None when it does not finish within ``seconds``."""
    box: list[object] = []

    def run() -> None:
        with contextlib.suppress(Exception):
            box.append(work())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return box[0] if box else None


def _end_children(keep: set[int], seconds: float) -> None:
    """SIGTERM every descendant process but ``keep``; SIGKILL those alive after ``seconds``."""
    try:
        import psutil
    except ImportError:
        return
    children = [p for p in _descendants() if p.pid not in keep]
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    # Not psutil.wait_procs: a grandchild (an NER worker) stays a zombie until its parent,
    # the forkserver, reaps it, so it would look alive for the whole wait.
    until = time.monotonic() + seconds
    while (alive := [c for c in children if _running(c)]) and time.monotonic() < until:
        time.sleep(0.05)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()


def _descendants() -> list:  # of psutil.Process
    """Every descendant process, walked one level at a time. Not ``children(recursive=True)``:
    it raises when any process of the tree ends during the walk, and the signal that stops us
    is ending NER workers at that moment (a stop then ended no child, and an orphaned
    forkserver kept the terminal's pipes open)."""
    import psutil

    found, todo = [], [psutil.Process()]
    while todo:
        try:
            children = todo.pop().children()
        except psutil.Error:  # gone meanwhile: so are its children's ties to us
            continue
        found += children
        todo += children
    return found


def _running(process) -> bool:  # a psutil.Process
    import psutil

    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:  # gone
        return False


def _record_cancelled(flow_run_id: str, signum: int) -> None:
    from prefect.client.orchestration import get_client
    from prefect.states import Cancelled

    message = f"stopped by {signal.Signals(signum).name}"
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(flow_run_id).state
        if state is not None and state.is_final() and not state.is_crashed():
            return  # the run finished before the signal: its own state stands
        # force: over Crashed too, which a SIGTERM makes Prefect's own handler propose
        client.set_flow_run_state(flow_run_id, Cancelled(message=message), force=True)
