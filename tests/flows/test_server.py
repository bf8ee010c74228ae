"""The temporary Prefect API a command starts when no PREFECT_API_URL is set (flows/server.py):
a real server process, pointed at by this process's settings while the command runs, and
nothing left of it afterwards.

Each test runs in an empty ``contextvars`` context, as a command's main thread does: the
suite's Prefect test harness (another test's session fixture) enters a settings context of
its own, which would otherwise hide the process-wide settings under test.
"""

from __future__ import annotations

import contextvars
import functools
import os
import urllib.request

import pytest

from storywire.flows import console, server


def in_a_fresh_context(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return contextvars.Context().run(test, *args, **kwargs)

    return run


@pytest.fixture
def settings_restored():
    """Prefect's process-wide settings as they were before the test, whatever it did."""
    import prefect.context

    before = prefect.context.GLOBAL_SETTINGS_CONTEXT
    yield
    prefect.context.GLOBAL_SETTINGS_CONTEXT = before


@pytest.fixture
def no_api(monkeypatch, tmp_path, settings_restored):
    """This process as a fresh command sees it: no API configured, a Prefect home of its own."""
    from prefect.context import refresh_global_settings_context

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_UI_URL", "http://ui.example:4200")  # a user's own, to be restored
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    refresh_global_settings_context()
    yield
    server.stop_temporary()


def _health(url: str) -> int:
    with urllib.request.urlopen(url + "/health", timeout=5) as response:
        return response.status


@pytest.mark.slow
@in_a_fresh_context
def test_a_command_gets_a_temporary_api_that_ends_with_it(no_api):
    from prefect.settings import PREFECT_API_URL, PREFECT_UI_URL

    server.require_api()
    pid = server.temporary_api_pid()
    assert pid is not None
    url = os.environ["PREFECT_API_URL"]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
    assert PREFECT_API_URL.value() == url  # Prefect in this process reports there
    assert not PREFECT_UI_URL.value()  # it serves no UI: no "View at" link to nowhere

    server.api_ready()
    assert _health(url) == 200

    # The command's end (console.Commands.invoke runs what was registered) stops it.
    while console._AT_END:
        console._AT_END.pop()()
    assert server.temporary_api_pid() is None
    with pytest.raises(OSError):
        _health(url)
    assert "PREFECT_API_URL" not in os.environ
    assert os.environ["PREFECT_UI_URL"] == "http://ui.example:4200"
    assert PREFECT_API_URL.value() is None  # the settings in force before, again


@in_a_fresh_context
def test_a_configured_api_that_does_not_answer_fails_fast(monkeypatch, settings_restored):
    from conftest import free_port
    from prefect.context import refresh_global_settings_context

    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")
    refresh_global_settings_context()
    with pytest.raises(console.CommandError, match=r"SW703.*unset PREFECT_API_URL"):
        server.require_api()
    assert server.temporary_api_pid() is None  # no server started in its place
