"""The settings' layers: a flag > ``STORYWIRE_<NAME>`` > ``storywire.toml`` > the default, which
file is read, errors that name the file and the key, and ``storywire config``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from storywire.flows import settings
from storywire.flows.cli import app
from storywire.flows.config import ConfigError, default_map, find_file, resolve

#: An environment without any storywire variable and with an empty user config folder.
CLEAN = {"HOME": "/nonexistent-home"}


def _write(folder: Path, text: str, name: str = "storywire.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_file_or_variables_every_setting_is_its_default(tmp_path):
    config = resolve(CLEAN, tmp_path)
    assert config.file is None
    assert {v.name: (v.value, v.source) for v in config.values.values()} == {
        s.name: (s.default, "default") for s in settings.SETTINGS
    }


def test_environment_beats_file_beats_default(tmp_path):
    path = _write(tmp_path, 'chunk_size = 100\nbatch_size = 8\nmodel = "en_core_web_md"\n')
    env = {**CLEAN, "STORYWIRE_BATCH_SIZE": "16"}
    values = resolve(env, tmp_path).values
    assert (
        values["batch_size"].value,
        values["batch_size"].source,
        values["batch_size"].origin,
    ) == (16, "env", "STORYWIRE_BATCH_SIZE")
    assert (
        values["chunk_size"].value,
        values["chunk_size"].source,
        values["chunk_size"].origin,
    ) == (100, "file", str(path))
    assert values["model"].value == "en_core_web_md"
    assert (values["max_bytes"].value, values["max_bytes"].source) == (
        settings.MAX_BYTES,
        "default",
    )
    assert resolve(env, tmp_path).changed() == {
        "model": "en_core_web_md",
        "chunk_size": 100,
        "batch_size": 16,
    }


def test_the_working_folder_comes_before_the_user_config_folder(tmp_path):
    user = _write(tmp_path / "xdg" / "storywire", "chunk_size = 2\n")
    env = {**CLEAN, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    work = tmp_path / "work"
    work.mkdir()
    assert find_file(env, work) == user.resolve()
    here = _write(work, "chunk_size = 3\n")
    assert find_file(env, work) == here.resolve()
    assert resolve(env, work).values["chunk_size"].value == 3


def test_home_config_is_used_without_xdg(tmp_path):
    user = _write(tmp_path / "home" / ".config" / "storywire", "timeout = 5\n")
    config = resolve({"HOME": str(tmp_path / "home")}, tmp_path)
    assert config.file == user.resolve() and config.values["timeout"].value == 5.0


def test_storywire_config_names_the_file_and_it_must_exist(tmp_path):
    named = _write(tmp_path / "elsewhere", "max_list_depth = 0\n", name="news.toml")
    _write(tmp_path, "max_list_depth = 1\n")
    assert (
        resolve({**CLEAN, "STORYWIRE_CONFIG": str(named)}, tmp_path).values["max_list_depth"].value
        == 0
    )
    with pytest.raises(
        ConfigError, match=r"^SW424: STORYWIRE_CONFIG names '.*missing.toml'"
    ) as info:
        resolve({**CLEAN, "STORYWIRE_CONFIG": str(tmp_path / "missing.toml")}, tmp_path)
    assert info.value.code == "SW424"


def test_a_relative_warehouse_is_relative_to_the_file(tmp_path):
    _write(tmp_path / "cfg", 'warehouse = "news"\n')
    config = resolve(
        {**CLEAN, "STORYWIRE_CONFIG": str(tmp_path / "cfg" / "storywire.toml")}, tmp_path / "other"
    )
    assert config.values["warehouse"].value == str((tmp_path / "cfg" / "news").resolve())
    _write(tmp_path, 'warehouse = "s3://bucket/wh"\n')
    assert resolve(CLEAN, tmp_path).values["warehouse"].value == "s3://bucket/wh"


@pytest.mark.parametrize(("text", "code", "words"), [
    ("chunk_sise = 10\n", "SW425", "unknown setting 'chunk_sise'"),
    ("[ingest]\nchunk_size = 10\n", "SW425", "unknown setting 'ingest'"),
    ('chunk_size = "10"\n', "SW426", "chunk_size must be a whole number, got '10'"),
    ("chunk_size = true\n", "SW426", "chunk_size must be a whole number, got True"),
    ("chunk_size = 1.5\n", "SW426", "chunk_size must be a whole number"),
    ("chunk_size = 0\n", "SW426", "chunk_size must be at least 1, got 0"),
    ("timeout = 0.01\n", "SW426", "timeout must be at least 0.1"),
    ('model = ""\n', "SW426", "model must not be empty"),
    ("model = 3\n", "SW426", "model must be a string"),
    ("chunk_size = \n", "SW424", "cannot be read"),
])  # fmt: skip
def test_a_bad_file_is_a_coded_error_naming_file_and_key(tmp_path, text, code, words):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        resolve(CLEAN, tmp_path)
    assert info.value.code == code and words in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "raw"),
    [("STORYWIRE_PROCESSES", "two"), ("STORYWIRE_PROCESSES", "0"), ("STORYWIRE_TIMEOUT", "fast")],
)
def test_a_bad_variable_is_a_coded_error(tmp_path, name, raw):
    with pytest.raises(ConfigError, match=rf"^SW426: {name}='{raw}'"):
        resolve({**CLEAN, name: raw}, tmp_path)


def test_an_empty_variable_counts_as_unset(tmp_path):
    assert (
        resolve({**CLEAN, "STORYWIRE_CHUNK_SIZE": " "}, tmp_path).values["chunk_size"].source
        == "default"
    )


@given(value=st.integers(1, 2**40))
def test_a_whole_number_reads_back_from_file_and_environment(tmp_path_factory, value):
    folder = tmp_path_factory.mktemp("cfg")
    _write(folder, f"max_bytes = {value}\n")
    assert resolve(CLEAN, folder).values["max_bytes"].value == value
    assert (
        resolve({**CLEAN, "STORYWIRE_MAX_BYTES": str(value)}, folder).values["max_bytes"].value
        == value
    )


def test_the_default_map_reaches_every_option_of_that_name():
    command = typer.main.get_command(app)
    mapped = default_map(command, {"chunk_size": 9, "warehouse": "/w", "model": "m"})
    assert mapped["ingest"] == mapped["serve"] == {"chunk_size": 9, "warehouse": "/w", "model": "m"}
    assert mapped["query"] == {"warehouse": "/w"} and mapped["reprocess"] == {
        "warehouse": "/w",
        "model": "m",
    }
    assert mapped["eval"] == {"entities": {"model": "m"}, "quotes": {"model": "m"}}
    assert "ui" not in mapped  # no option of those names


# The real command line, in a subprocess: the layers decide which warehouse `query` opens.


@pytest.fixture
def cli(tmp_path):
    workdir = tmp_path / "work"
    workdir.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith("STORYWIRE_")}
    base |= {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "STORYWIRE_PROCESSES": "1",
    }

    def run(*args: str, **env: str):
        return run_cli(list(args), env={**base, **env}, cwd=workdir, timeout=120)

    return workdir, run


def test_precedence_on_the_command_line(cli, small_warehouse, tmp_path):
    workdir, run = cli
    _write(workdir, f'warehouse = "{tmp_path / "from-file"}"\n')
    res = run("query", "select 1")
    assert (
        res.returncode == 2 and f"SW201: {tmp_path / 'from-file'} is not" in res.stderr
    )  # file > default
    res = run("query", "select 1", STORYWIRE_WAREHOUSE=str(tmp_path / "from-env"))
    assert (
        res.returncode == 2 and f"SW201: {tmp_path / 'from-env'} is not" in res.stderr
    )  # env > file
    res = run(
        "query",
        "select count(*) as n from stories",
        "-f",
        "csv",
        "-w",
        str(small_warehouse),
        STORYWIRE_WAREHOUSE=str(tmp_path / "from-env"),
    )
    assert res.returncode == 0 and res.stdout == "n\n2\n"  # flag > env


def test_a_file_warehouse_is_what_query_opens(cli, small_warehouse):
    workdir, run = cli
    _write(workdir, f'warehouse = "{small_warehouse}"\n')
    res = run("query", "select count(*) as n from stories", "-f", "csv")
    assert res.returncode == 0 and res.stdout == "n\n2\n"


def test_storywire_config_shows_values_and_where_they_come_from(cli):
    workdir, run = cli
    path = _write(workdir, 'chunk_size = 100\nmodel = "en_core_web_md"\n')
    res = run("config", "--format", "json", STORYWIRE_MODEL="en_core_web_lg")
    assert res.returncode == 0, res.stderr
    shown = json.loads(res.stdout)
    assert shown["file"] == str(path.resolve())
    got = shown["settings"]
    assert got["chunk_size"] == {"value": 100, "source": "file", "origin": str(path.resolve())}
    assert got["model"] == {"value": "en_core_web_lg", "source": "env", "origin": "STORYWIRE_MODEL"}
    assert got["processes"] == {"value": 1, "source": "env", "origin": "STORYWIRE_PROCESSES"}
    assert got["max_bytes"] == {"value": settings.MAX_BYTES, "source": "default", "origin": None}
    assert list(got) == [s.name for s in settings.SETTINGS]
    table = run("config").stdout.splitlines()
    assert table[0] == f"config file: {path.resolve()}"
    assert any(line.split() == ["chunk_size", "100", "file", str(path.resolve())] for line in table)
    assert any(line.split() == ["max_list_depth", "2", "default"] for line in table)


@pytest.mark.parametrize("command", [["config"], ["query", "select 1"], ["check"]])
def test_a_bad_config_file_stops_every_command_with_one_line(cli, command):
    workdir, run = cli
    _write(workdir, "chunk_size = -5\n")
    res = run(*command)
    assert res.returncode == 2 and res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storywire: error: SW426: "), res.stderr
