"""``storywire migrate DIR``: one summary line, ``--keep-old``, a lake said so (exit 0), no
warehouse and a broken one as one coded line; ``storywire query`` refuses the old folder
naming the command, and works on the migrated one."""

from __future__ import annotations

import os

import pytest
import typer
from conftest import run_cli
from oldformat import write_old_warehouse
from typer.testing import CliRunner

from storywire.flows.migrate import migrate_command

app = typer.Typer()
app.command("migrate")(migrate_command)


@app.callback()
def _group() -> None:
    """A group, so the command is called by name as under ``storywire``."""


def _run(*args: str):
    return CliRunner().invoke(app, ["migrate", *args])


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    out = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
    }
    for name in ("STORYWIRE_CONFIG", "STORYWIRE_WAREHOUSE", "STORYWIRE_CATALOG"):
        out.pop(name, None)
    return out


def test_migrates_with_one_summary_line_and_then_queries_work(tmp_path, env):
    old = write_old_warehouse(tmp_path / "wh")
    refused = run_cli(["query", "select count(*) from stories", "-w", str(old.root)], env=env)
    assert refused.returncode != 0  # query gives 2 for any warehouse error (cli.query)
    assert refused.stderr.strip() == (
        f"storywire: error: SW217: {old.root} is a warehouse in storywire's format before DuckLake; "
        f"convert it once with: storywire migrate {old.root}"
    )

    res = _run(str(old.root))
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"storywire: migrated {old.root} to DuckLake: ")
    assert (
        "3 stories, 4 entities, 1 timexes, 2 quotes, 3 rejects, 5 sources, 2 runs, 4 story_versions"
        in lines[0]
    )
    assert lines[0].endswith("the old format's files removed")

    res = run_cli(
        ["query", "select story_id from stories order by 1", "-w", str(old.root), "-f", "csv"],
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["story_id", "s-dam", "s-port", "s-port-copy"]

    again = _run(str(old.root))
    assert again.exit_code == 0
    assert (
        again.output
        == f"storywire: {old.root} is already a DuckLake warehouse; nothing to migrate\n"
    )


def test_keep_old_says_where_the_old_files_went(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    res = _run(str(old.root), "--keep-old")
    assert res.exit_code == 0, res.output
    assert res.output.rstrip().endswith(
        f"the old format's files kept in {old.root / '_old_format'}"
    )
    assert (old.root / "_old_format" / "_warehouse.json").is_file()


@pytest.mark.parametrize("make", ["missing", "empty", "foreign"])
def test_no_warehouse_is_sw201_on_one_line(tmp_path, make):
    folder = tmp_path / "x"
    if make != "missing":
        folder.mkdir()
    if make == "foreign":
        (folder / "notes.txt").write_text("not a warehouse")
    res = _run(str(folder))
    assert res.exit_code == 2
    assert res.output.startswith("storywire: error: SW201: ") and res.output.count("\n") == 1
    assert not (folder / "catalog.sqlite").exists()


def test_a_broken_old_warehouse_is_one_coded_line(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    (old.root / "_warehouse.json").write_text("{broken")
    res = _run(str(old.root))
    assert res.exit_code == 1
    assert res.output.startswith(f"storywire: error: SW225: cannot migrate {old.root}: ")
    assert res.output.count("\n") == 1
