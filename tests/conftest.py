"""Shared fixtures. Tests never touch the network (loopback only) or ../shared unless marked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


def pytest_collection_modifyitems(config, items):
    if CORPORA.exists():
        return
    skip = pytest.mark.skip(reason="../shared/corpora is not present")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def prefect_api():
    """A real (temporary, loopback) Prefect API for flow tests, isolated from ~/.prefect."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def wire_fixture():
    def read(name: str) -> str:
        return (FIXTURES / "wire" / name).read_text(encoding="utf-8")

    return read


os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network beyond loopback
