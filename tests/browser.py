"""Debian's Chromium, headless, for tests that check a page (the Prefect UI, the report)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium")

# Without the background-networking flags Chromium tries hosts this machine cannot reach.
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic")  # fmt: skip


def chromium(args: list[str], user_dir: Path, *, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run headless Chromium with a fresh profile in ``user_dir``; output captured as text."""
    assert CHROMIUM is not None, "Debian's chromium is not installed (.ci/run installs it)"
    return subprocess.run([CHROMIUM, *_FLAGS, f"--user-data-dir={user_dir}", *args],
                          capture_output=True, text=True, timeout=timeout)  # fmt: skip
