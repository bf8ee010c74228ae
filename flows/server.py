"""A local Prefect server on loopback for the UI, and whether a Prefect API answers.

``storywire ui`` changes no configuration, as ``prefect server start`` does not: it prints
the one ``export PREFECT_API_URL=...`` line that points other terminals at it. Whatever
stops it (Ctrl-C, SIGTERM, the terminal closing: SIGHUP) stops its server too, which runs
in a session of its own so that only ``ui`` decides when it ends.
"""

from __future__ import annotations

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
from pathlib import Path

from storywire.flows.console import CommandError

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


def wait_healthy(port: int, timeout: float = 120.0, proc: subprocess.Popen | None = None) -> None:
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
        time.sleep(0.5)
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
    """Fail fast (SW703) when the configured Prefect API does not answer: a flow would
    otherwise retry it for a minute and end in a page of "Failed to reach API"."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url or api_answers(url):
        return  # no URL: Prefect starts a temporary server of its own
    if os.environ.get("PREFECT_API_URL"):
        fix = "unset PREFECT_API_URL"
    else:  # it comes from the active Prefect profile
        fix = "run `prefect config unset PREFECT_API_URL`"
    raise CommandError(
        "SW703",
        f"the Prefect API at {url} does not answer; start it (storywire ui) or {fix} "
        "to use a temporary one",
    )


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
