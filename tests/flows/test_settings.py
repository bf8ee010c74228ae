"""Settings are declared once: the environment defaults never override the user, and the CLI
options and the flows' parameters take their defaults from ``flows.settings`` (a config file
changes the CLI's through ``flows.config``: tests/flows/test_config.py)."""

from __future__ import annotations

import inspect
import os

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from storywire.flows import settings
from storywire.flows.cli import app
from storywire.flows.settings import ENVIRONMENT_DEFAULTS, apply_environment_defaults


def _unset(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    # setenv first so that monkeypatch removes the variable again afterwards even if it was
    # unset before (delenv alone records nothing for an absent variable)
    monkeypatch.setenv(name, "placeholder")
    monkeypatch.delenv(name)


def test_unset_variables_get_their_defaults(monkeypatch):
    for name in ENVIRONMENT_DEFAULTS:
        _unset(monkeypatch, name)
    apply_environment_defaults()
    assert {name: os.environ.get(name) for name in ENVIRONMENT_DEFAULTS} == ENVIRONMENT_DEFAULTS


@pytest.mark.parametrize("chosen", list(ENVIRONMENT_DEFAULTS))
def test_a_variable_the_user_set_is_kept(monkeypatch, chosen):
    for name in ENVIRONMENT_DEFAULTS:
        _unset(monkeypatch, name)
    monkeypatch.setenv(chosen, "users-own-value")
    apply_environment_defaults()
    assert os.environ[chosen] == "users-own-value"
    others = {n: v for n, v in ENVIRONMENT_DEFAULTS.items() if n != chosen}
    assert {n: os.environ.get(n) for n in others} == others


def test_a_variable_set_to_the_empty_string_is_kept(monkeypatch):
    name = next(iter(ENVIRONMENT_DEFAULTS))
    monkeypatch.setenv(name, "")
    apply_environment_defaults()
    assert os.environ[name] == ""


#: CLI option -> the settings constant that is its default.
INGEST_OPTIONS = {
    "warehouse": settings.DEFAULT_WAREHOUSE,
    "model": settings.DEFAULT_MODEL,
    "chunk_size": settings.CHUNK_SIZE,
    "batch_size": settings.BATCH_SIZE,
    "processes": settings.PROCESSES,
    "max_bytes": settings.MAX_BYTES,
    "timeout": settings.TIMEOUT,
}
REPROCESS_OPTIONS = {
    "warehouse": settings.DEFAULT_WAREHOUSE,
    "model": settings.DEFAULT_MODEL,
    "batch_size": settings.BATCH_SIZE,
    "processes": settings.PROCESSES,
}


def _option_defaults(command: str) -> dict[str, object]:
    params = typer.main.get_command(app).commands[command].params  # type: ignore[attr-defined]
    return {p.name: p.default for p in params}


@pytest.mark.parametrize(
    ("command", "expected"),
    [("ingest", INGEST_OPTIONS), ("serve", INGEST_OPTIONS), ("reprocess", REPROCESS_OPTIONS)],
)
def test_cli_options_default_to_the_settings(command, expected):
    defaults = _option_defaults(command)
    assert {name: defaults[name] for name in expected} == expected


def _options(command=None, path: tuple[str, ...] = ()):
    """(command path, option) for every option of every command."""
    command = command or typer.main.get_command(app)
    for name, sub in getattr(command, "commands", {}).items():
        yield from _options(sub, (*path, name))
    for param in getattr(command, "params", []) if not hasattr(command, "commands") else []:
        if param.param_type_name == "option":
            yield path, param


#: What an option defaults to before a config file: the flows' defaults (which still read
#: these three variables) or the built-in default.
_BEFORE_CONFIG = {
    "warehouse": settings.DEFAULT_WAREHOUSE,
    "model": settings.DEFAULT_MODEL,
    "processes": settings.PROCESSES,
}


def test_every_setting_is_an_option_with_its_default_and_minimum():
    """A config file sets options by name: each setting must be an option somewhere, and each
    option of that name must have the setting's default and the minimum the file is checked
    against (else a file could set what a flag may not)."""
    by_name = {s.name: s for s in settings.SETTINGS}
    seen = set()
    for path, option in _options():
        setting = by_name.get(option.name)
        if setting is None:
            continue
        seen.add(setting.name)
        where = f"{' '.join(path)} --{option.name}"
        assert option.default == _BEFORE_CONFIG.get(setting.name, setting.default), where
        assert option.min == setting.minimum, where
    assert seen == set(by_name)


def test_settings_have_distinct_names_and_variables():
    names = [s.name for s in settings.SETTINGS]
    assert len(set(names)) == len(names)
    assert settings.Setting("chunk_size", 1, int).env == "STORYWIRE_CHUNK_SIZE"


def _parameter_defaults(fn) -> dict[str, object]:
    return {name: p.default for name, p in inspect.signature(fn).parameters.items()}


def test_the_ingest_flow_defaults_to_the_settings():
    from storywire.flows.ingest import ingest

    defaults = _parameter_defaults(ingest.fn)
    assert {
        n: defaults[n]
        for n in (
            "warehouse",
            "model",
            "chunk_size",
            "batch_size",
            "n_process",
            "max_bytes",
            "timeout",
            "near_duplicate_threshold",
            "lock_timeout",
        )
    } == {
        "warehouse": settings.DEFAULT_WAREHOUSE,
        "model": settings.DEFAULT_MODEL,
        "chunk_size": settings.CHUNK_SIZE,
        "batch_size": settings.BATCH_SIZE,
        "n_process": settings.PROCESSES,
        "max_bytes": settings.MAX_BYTES,
        "timeout": settings.TIMEOUT,
        "near_duplicate_threshold": settings.NEAR_DUPLICATE_THRESHOLD,
        "lock_timeout": settings.LOCK_TIMEOUT,
    }


def test_the_reprocess_flow_defaults_to_the_settings():
    from storywire.flows.maintenance import reprocess

    defaults = _parameter_defaults(reprocess.fn)
    assert {
        n: defaults[n] for n in ("warehouse", "model", "chunk_size", "batch_size", "n_process")
    } == {
        "warehouse": settings.DEFAULT_WAREHOUSE,
        "model": settings.DEFAULT_MODEL,
        "chunk_size": settings.CHUNK_SIZE,
        "batch_size": settings.BATCH_SIZE,
        "n_process": settings.PROCESSES,
    }


GB = 1024**3


@pytest.mark.parametrize(
    ("cores", "memory", "expected"),
    [
        (2, 24 * GB, 2),  # this machine: one worker per core
        (16, 6 * GB, 6),  # memory, not cores, is the limit
        (8, GB // 2, 1),  # at least one, however little is free
        (4, None, 4),  # memory unknown (no /proc): cores decide
    ],
)
def test_default_processes(cores, memory, expected):
    assert settings.default_processes(cores, memory) == expected


@given(cores=st.integers(1, 512), memory=st.none() | st.integers(0, 2**44))
def test_default_processes_stays_within_cores_and_memory(cores, memory):
    n = settings.default_processes(cores, memory)
    assert 1 <= n <= cores
    assert memory is None or n == 1 or n * settings.WORKER_MEMORY_BYTES <= memory


def test_the_process_default_reads_the_machine():
    assert settings.usable_cores() >= 1
    memory = settings.available_memory()
    assert memory is None or memory > 0
