"""Prefect servers on loopback: the UI's, and the temporary API a command's flows report to.

``storywire ui`` changes no configuration, as ``prefect server start`` does not: it prints
the one ``export PREFECT_API_URL=...`` line that points other terminals at it. Whatever
stops it (Ctrl-C, SIGTERM, the terminal closing: SIGHUP) stops its server too, which runs
in a session of its own so that only ``ui`` decides when it ends.

A command that runs a flow with no ``PREFECT_API_URL`` set gets a temporary API server, as
Prefect would start one itself; storywire starts it (``require_api``) before loading
anything else, so the server's own start (about 4 s of imports and database set-up in its
process) overlaps the command's imports and the NER workers' model load instead of following
them, and this process never imports Prefect's server code (2 s). It is Prefect's own
command (uvicorn serving ``prefect.server.api.server:create_app``, UI off), ends with the
command, and also when the command dies without cleaning up (the kernel's parent-death
signal: a closed terminal's SIGHUP leaves no server behind).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storywire.flows.console import CommandError, at_command_end

#: How long a Prefect API may take to answer its health check before a command gives up.
API_CHECK_SECONDS = 3.0
#: The signals that stop ``storywire ui`` (and its server).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def api_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api"


def prefect_exe() -> str:
    return str(Path(sys.executable).with_name("prefect"))


def start_server(port: int, env: dict[str, str] | None = None, log=None) -> subprocess.Popen:
    """Start ``prefect server start`` on 127.0.0.1:``port`` (telemetry off)."""
    env = {
        **(env or os.environ),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The UI asks the server where its API is; without this it says port 4200.
        "PREFECT_UI_API_URL": api_url(port),
    }
    env.pop("PREFECT_API_URL", None)
    return subprocess.Popen(
        [
            prefect_exe(),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--analytics-off",
        ],
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_healthy(port: int, timeout: float = 120.0, proc: subprocess.Popen | None = None,
                 poll: float = 0.5) -> None:
    """Block until the server answers its health check (or fail with the reason)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise CommandError(
                "SW701", f"the Prefect server exited with code {proc.returncode} while starting"
            )
        try:
            with urllib.request.urlopen(api_url(port) + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(poll)
    raise CommandError(
        "SW702", f"the Prefect server on port {port} was not healthy after {timeout:.0f}s"
    )


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def api_answers(url: str, timeout: float = API_CHECK_SECONDS) -> bool:
    """Whether anything answers HTTP at the API ``url`` (its ``/health``) within ``timeout``.

    Any HTTP answer counts, an error status too: then a server is there, and Prefect's own
    client reports what it says. Only silence (refused, unreachable, timed out) is False.
    """
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def require_api() -> None:
    """The Prefect API this command's flows report to: the configured one must answer (SW703
    fast, where a flow would retry it for a minute and end in a page of "Failed to reach
    API"); with none configured, a temporary server starts now, in the background
    (``api_ready`` waits for it)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    url = PREFECT_API_URL.value()
    if not url:
        if PREFECT_SERVER_EPHEMERAL_ENABLED.value():  # else Prefect says what is missing
            _start_temporary()
        return
    if api_answers(url):
        return
    if os.environ.get("PREFECT_API_URL"):
        fix = "unset PREFECT_API_URL"
    else:  # it comes from the active Prefect profile
        fix = "run `prefect config unset PREFECT_API_URL`"
    raise CommandError(
        "SW703",
        f"the Prefect API at {url} does not answer; start it (storywire ui) or {fix} "
        "to use a temporary one",
    )


# -- the temporary API server ---------------------------------------------------------------

#: Run in the server's process before uvicorn: end with the process that started it (Linux's
#: PR_SET_PDEATHSIG, set here rather than in a ``preexec_fn``, which is unsafe in a process
#: with threads), and not start at all if that process is already gone.
_SERVER_BOOT = """
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)
from uvicorn.main import main
sys.argv = ["uvicorn", *sys.argv[2:]]
main()
"""
_PORT_TAKEN = 3  # uvicorn's exit status when it cannot bind (another process took the port)


@dataclass
class _Temporary:
    process: subprocess.Popen
    port: int
    previous: dict[str, str | None]  # the variables ``_point_at`` set, as they were (None: unset)
    settings: object  # Prefect's process-wide settings context before (restored at the end)
    ready: bool = False


_temporary: _Temporary | None = None


def _start_temporary() -> None:
    """Start the temporary server and point this process (and its children) at it."""
    global _temporary
    if _temporary is not None:
        return
    import prefect.context

    port = _free_port()
    _temporary = _Temporary(_run_temporary(port), port, {k: os.environ.get(k) for k in _POINTED},
                            prefect.context.GLOBAL_SETTINGS_CONTEXT)
    _point_at(port)
    at_command_end(stop_temporary)
    atexit.register(stop_temporary)  # called outside a command; a no-op after the command's end


#: The variables that point this process and its children (Dask workers, a deployment's runs)
#: at the temporary server. No UI URL: it serves no UI (Prefect's "View at" line would lead
#: nowhere).
_POINTED = ("PREFECT_API_URL", "PREFECT_UI_URL")


def _point_at(port: int | None) -> None:
    """Point Prefect in this process (its settings, read again) and its children at the
    temporary server on ``port``; None: back to the variables and settings as they were."""
    import prefect.context

    assert _temporary is not None
    values = dict(zip(_POINTED, (api_url(port), ""), strict=True)) if port else _temporary.previous
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if port:
        prefect.context.refresh_global_settings_context()
    else:  # what was in force, not a fresh read: a caller may have set it (Prefect's test harness)
        prefect.context.GLOBAL_SETTINGS_CONTEXT = _temporary.settings


def _run_temporary(port: int) -> subprocess.Popen:
    import prefect
    from prefect.settings import get_current_settings

    env = {
        **os.environ,
        **get_current_settings().to_environment_variables(exclude_unset=True),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    for name in _POINTED:
        env.pop(name, None)
    args = [
        sys.executable, "-c", _SERVER_BOOT, str(os.getpid()),
        "--app-dir", str(Path(prefect.__file__).parent.parent), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]
    # SIGINT blocked: after a Ctrl-C (sent to the whole process group) the server must
    # outlive it by a second, so the stop can record the run as Cancelled (flows/runtime.py).
    with sigint_blocked():
        return subprocess.Popen(args, env=env)


@contextlib.contextmanager
def sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread, so a process started meanwhile inherits it blocked.

    Why: Ctrl-C reaches every process of the terminal's process group; the temporary server
    must outlive it by a second, to record the run as Cancelled (the NER workers' forkserver
    is shielded the same way, ``tasks.enrich.workers``); the stop ends it itself. A signal
    that arrives meanwhile waits, and is delivered when the block ends.
    """
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api_ready() -> None:
    """Wait until the temporary server (if this command started one) answers; called just
    before the first flow run. A port taken meanwhile by another process is retried on another."""
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    t = _temporary
    if t is None or t.ready:
        return
    timeout = float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    for attempt in range(3):
        try:
            wait_healthy(t.port, timeout=timeout, proc=t.process, poll=0.05)
            t.ready = True
            return
        except CommandError:
            if t.process.returncode != _PORT_TAKEN or attempt == 2:
                raise
        t.port = _free_port()
        t.process = _run_temporary(t.port)
        _point_at(t.port)


def _drain_prefect_services(timeout: float = 5.0) -> None:
    """Let Prefect's background workers send the logs and events they hold (as its test
    harness does before stopping its server): after the server stops they would retry for a
    minute at exit."""
    for module, service in (("prefect.logging.handlers", "APILogWorker"), ("prefect.events.worker", "EventsWorker")):
        worker = getattr(sys.modules.get(module), service, None)  # not imported: nothing was sent
        if worker is not None:
            with contextlib.suppress(Exception):
                worker.drain_all(timeout=timeout)


def temporary_api_pid() -> int | None:
    """The temporary server's pid, while it runs (a stop keeps it to record the run)."""
    return _temporary.process.pid if _temporary is not None else None


def stop_temporary() -> None:
    """Stop the temporary server and restore this process's Prefect settings."""
    global _temporary
    t = _temporary
    if t is None:
        return
    _drain_prefect_services()
    if t.process.poll() is None:
        t.process.terminate()
        try:
            t.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            t.process.kill()
            t.process.wait()
    _point_at(None)
    _temporary = None


def require_free_port(port: int) -> None:
    """Fail (SW704) when something already listens on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as uvicorn binds: a port left in TIME_WAIT by a stopped server is free
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise CommandError(
                "SW704",
                f"port {port} on 127.0.0.1 is already in use (another storywire ui or "
                "Prefect server?); stop it, or choose another --port",
            ) from exc


class _Stop(Exception):
    """Raised in the main thread by a stop signal."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def run_ui(port: int) -> int:
    """Foreground: the server on ``port`` until a stop signal; then no server is left."""
    require_free_port(port)
    # A stop signal must stop it even when started from a parent that ignores or blocks it
    # (nohup ignores SIGHUP, some CI runners block SIGINT): children inherit both.
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise_stop)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOP_SIGNALS))
    proc = start_server(port, log=None)
    try:
        wait_healthy(port, proc=proc)
        _say(
            f"Prefect UI: http://127.0.0.1:{port}  (API {api_url(port)})",
            "To record storywire and prefect runs here, in another terminal:",
            f"  export PREFECT_API_URL={api_url(port)}",
            "Ctrl-C stops the server.",
        )
        proc.wait()
        raise CommandError(
            "SW705",
            f"the Prefect server on port {port} stopped by itself (exit code {proc.returncode})",
        )
    except _Stop:
        return 0
    finally:
        for sig in STOP_SIGNALS:  # a second signal must not cut the clean-up short
            signal.signal(sig, signal.SIG_IGN)
        stop_server(proc)


def _say(*lines: str) -> None:
    # after SIGHUP the terminal is gone: printing must not fail the clean-up
    with contextlib.suppress(OSError):
        print(*lines, sep="\n", flush=True)
