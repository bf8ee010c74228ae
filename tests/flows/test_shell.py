"""``storywire shell`` through the installed console script: the DuckDB shell of the pinned
version on a small warehouse, the lake attached read-only with its views, the extensions loaded
from their packages (signed only), and one SW line when the shell's package is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import run_cli

from storywire.flows.shell import shell_command
from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.extensions import EXTENSIONS


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The CLI's environment, with a HOME of its own: no ``~/.duckdbrc`` of the developer's."""
    home = tmp_path / "home"
    home.mkdir()
    out = {**os.environ, "HOME": str(home), "PREFECT_HOME": str(tmp_path / "prefect-home")}
    for name in ("STORYWIRE_CONFIG", "STORYWIRE_WAREHOUSE"):
        out.pop(name, None)
    return out


def _shell(warehouse: Path, sql: str, env: dict[str, str]):
    return run_cli(["shell", "-w", str(warehouse)], env=env, input=sql, timeout=120)


def test_counts_the_stories_of_the_warehouse(small_warehouse, env):
    res = _shell(
        small_warehouse,
        "select count(*) || ' stories' as n from stories;\n"
        "select string_agg(story_id, ',' order by story_id) as ids from stories;\n",
        env,
    )
    assert res.returncode == 0, res.stderr
    assert "2 stories" in res.stdout and "a1,b2" in res.stdout
    assert not (small_warehouse / "warehouse.duckdb").exists()  # the lake itself, no file of views


def test_the_shell_is_the_pinned_duckdb_with_the_packaged_extensions(small_warehouse, env):
    res = _shell(
        small_warehouse,
        "select 'version=' || version() as v;\n"
        "select 'unsigned=' || current_setting('allow_unsigned_extensions') as u;\n"
        "select 'loaded=' || string_agg(extension_name, ',' order by extension_name) as l "
        "from duckdb_extensions() where loaded and install_path is distinct from '(BUILT-IN)';\n",
        env,
    )
    assert res.returncode == 0, res.stderr
    assert f"version=v{duckdb.__version__}" in res.stdout
    assert "unsigned=false" in res.stdout
    assert f"loaded={','.join(sorted(EXTENSIONS))}" in res.stdout


def test_the_warehouse_is_read_only(small_warehouse, env):
    res = _shell(small_warehouse, "drop view stories;\n", env)
    assert "read-only" in res.stderr and res.returncode != 0
    again = _shell(small_warehouse, "select count(*) || ' left' from stories;\n", env)
    assert "2 left" in again.stdout, again.stderr


def test_a_folder_with_a_quote_and_a_space_in_its_name(small_warehouse, tmp_path, env):
    moved = tmp_path / "news o'day"
    shutil.copytree(small_warehouse, moved)  # attached with its own data path
    res = _shell(moved, "select count(*) || ' stories' from stories;\n", env)
    assert res.returncode == 0, res.stderr
    assert "2 stories" in res.stdout


def _without_cli(tmp_path: Path, env: dict[str, str], how: str) -> dict[str, str]:
    """``env`` where the ``duckdb_cli`` package is absent (``missing``) or holds no binary
    (``empty``, a package that shadows the installed one)."""
    folder = tmp_path / f"site-{how}"
    folder.mkdir()
    if how == "missing":
        (folder / "sitecustomize.py").write_text("import sys\nsys.modules['duckdb_cli'] = None\n")
    else:
        (folder / "duckdb_cli").mkdir()
        (folder / "duckdb_cli" / "__init__.py").write_text("")
    return {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")])),
    }


@pytest.mark.parametrize("how", ["missing", "empty"])
def test_without_the_shell_package_one_line_names_it(small_warehouse, tmp_path, env, how):
    res = _shell(small_warehouse, "select 1;\n", _without_cli(tmp_path, env, how))
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0] == (
        "storywire: error: SW215: the DuckDB shell is not installed: "
        f"install duckdb-cli=={duckdb.__version__}"
    )
    assert res.returncode == 1 and res.stdout == ""


def test_a_missing_warehouse_is_its_own_error(tmp_path, env):
    res = _shell(tmp_path / "nowhere", "select 1;\n", env)
    assert res.stderr.startswith("storywire: error: SW201: ") and res.returncode == 2


def test_a_warehouse_on_an_object_store_without_a_catalog_is_refused_before_any_shell_starts(monkeypatch):
    """The data of s3:// needs a catalog to be named (SW216): nothing is started."""
    def no_exec(*args: object) -> None:
        raise AssertionError("the shell was started")

    monkeypatch.setattr(os, "execv", no_exec)
    with pytest.raises(WarehouseError, match="SW216"):
        shell_command(warehouse="s3://bucket/wh", catalog=None)
