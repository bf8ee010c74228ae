"""A local Prefect server on loopback for the UI, and the profile setting that points at it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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
        [prefect_exe(), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--analytics-off"],
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
            raise RuntimeError(f"SW701: Prefect server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(api_url(port) + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"SW702: Prefect server on port {port} not healthy after {timeout:.0f}s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _config(*args: str) -> None:
    # never interactive: `prefect config unset` asks "are you sure?" when it believes it has
    # a terminal, and a prompt nobody answers would keep `storywire ui` from exiting
    subprocess.run([prefect_exe(), "config", *args], check=True, stdout=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, timeout=120)


def run_ui(port: int) -> int:
    """Foreground: server up, profile pointed at it, until Ctrl-C; then restore."""
    # Ctrl-C must stop it even when started from a parent that ignores or blocks SIGINT
    # (nohup, some CI runners): children inherit both, and Python then never raises
    # KeyboardInterrupt. SIGTERM stops it the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    proc = start_server(port, log=None)
    try:
        wait_healthy(port, proc=proc)
        _config("set", f"PREFECT_API_URL={api_url(port)}")
        print(f"Prefect UI: http://127.0.0.1:{port}  (API {api_url(port)})")
        print("storywire and prefect commands now record their runs here. Ctrl-C to stop.")
        while proc.poll() is None:
            time.sleep(1)
        return proc.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop_server(proc)
        _config("unset", "--yes", "PREFECT_API_URL")
