"""Every command the README shows runs: the synopsis's commands answer --help, the example
queries run on a warehouse of the bundled samples, and the commands of "Your own stories"
work with their paths pointed at real files (the URL list served on loopback)."""

from __future__ import annotations

import re
import shlex
import shutil

import duckdb
import pytest
from conftest import ROOT, run_cli
from loopback import serve

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _fenced() -> list[tuple[str, str]]:
    """(info string, text) of every fenced block of the README, in order."""
    blocks, info, lines = [], None, []
    for line in README.splitlines():
        if line.startswith("```"):
            if info is None:
                info, lines = line[3:].strip(), []
            else:
                blocks.append((info, "\n".join(lines)))
                info = None
        elif info is not None:
            lines.append(line)
    return blocks


def _blocks(lang: str) -> list[str]:
    return [text for info, text in _fenced() if info == lang]


def _synopsis_commands() -> list[tuple[str, ...]]:
    """`storywire X [Y]` of the command-line synopsis (the unlabelled block listing them)."""
    block = next(b for b in _blocks("") if "storywire ingest SOURCE" in b)
    found = []
    for line in block.splitlines():
        m = re.match(r"storywire ((?:eval \w+)|\w+)", line)
        if m:
            found.append(tuple(m.group(1).split()))
    return found


@pytest.fixture(scope="module")
def samples_warehouse(tmp_path_factory, prefect_server):
    wh = tmp_path_factory.mktemp("readme") / "wh"
    done = run_cli(["ingest", str(ROOT / "samples"), "--warehouse", str(wh)], prefect_server)
    assert done.returncode == 0, done.stderr[-2000:]
    return wh


def test_the_synopsis_lists_real_commands_that_answer_help(prefect_server):
    commands = _synopsis_commands()
    assert {("ingest",), ("query",), ("show",), ("report",), ("eval", "entities")} <= set(commands)
    for command in commands:
        done = run_cli([*command, "--help"], prefect_server, timeout=120)
        assert done.returncode == 0 and "Usage" in done.stdout, (command, done.stderr[-500:])
    version = run_cli(["--version"], prefect_server, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("storywire ")


def test_every_example_query_runs_on_the_samples(samples_warehouse, prefect_server):
    blocks = _blocks("sql")
    make_run = re.search(r'storywire query --warehouse \$\(WAREHOUSE\) \\\n\s*"(.*?)"', MAKEFILE, flags=re.S)
    assert blocks and make_run, "the README shows example queries and `make run` one"
    outputs = []
    for sql in [*blocks, make_run.group(1).replace("\\\n", " ")]:
        # the whole block, as a user pastes it ("--" ends the options: it starts with a comment)
        done = run_cli(["query", "--warehouse", str(samples_warehouse), "--format", "csv", "--", sql],
                       prefect_server, timeout=120)  # fmt: skip
        assert done.returncode == 0, (sql[:80], done.stderr[-500:])
        results = [r for r in done.stdout.split("\n\n") if r.strip()]
        assert len(results) == len(duckdb.connect().extract_statements(sql)), done.stdout[:500]
        outputs.append(results)
    people = outputs[0][0].splitlines()
    assert people[0].startswith("speaker_canonical") and len(people) > 1, "the samples quote people"


def test_your_own_stories_commands_run_with_real_paths(tmp_path, prefect_server):
    block = next(b for b in _blocks("sh") if "~/warehouses/news" in b)
    folder = tmp_path / "wire"
    shutil.copytree(ROOT / "samples", folder)
    feeds = tmp_path / "feeds" / "2024"
    feeds.mkdir(parents=True)
    shutil.copy(ROOT / "samples" / "feed.jsonl", feeds / "feed.jsonl")
    story = (ROOT / "samples" / "xinhua_kunming_rail.txt").read_bytes()
    script = {"/story.txt": [(200, story, 0)]}
    with serve(script) as (base, hits):
        script["/story-urls.txt"] = [(200, f"{base}/story.txt\n".encode(), 0)]
        for line in block.splitlines():
            if not line.startswith(".venv/bin/storywire "):
                continue
            line = line.split("  #")[0]
            line = (line.replace("~/wire/2024/", f"{folder}/").replace("~/warehouses/news", str(tmp_path / "wh"))
                    .replace("https://example.org", base).replace("'feeds/", f"'{tmp_path}/feeds/"))  # fmt: skip
            done = run_cli(shlex.split(line)[1:], prefect_server)
            assert done.returncode == 0, (line, done.stderr[-1000:])
        assert hits["/story-urls.txt"] == 1 and hits["/story.txt"] == 1
    listed = run_cli(["query", "select count(*) as n from stories where source_uri like 'http%'", "-w",
                      str(tmp_path / "wh"), "--format", "csv"], prefect_server)  # fmt: skip
    assert listed.stdout.split() == ["n", "1"]


def test_show_report_check_and_config_run_on_the_samples(samples_warehouse, prefect_server, tmp_path):
    ids = run_cli(["query", "select story_id from stories order by 1 limit 1", "-w", str(samples_warehouse),
                   "--format", "csv"], prefect_server)  # fmt: skip
    story_id = ids.stdout.split()[1]
    for args in (["show", story_id[:8]], ["show", story_id, "--format", "json"],
                 ["report", "--out", str(tmp_path / "r.html")], ["check"], ["config"]):  # fmt: skip
        done = run_cli([*args, "-w", str(samples_warehouse)] if args[0] != "config" else args, prefect_server)
        assert done.returncode == 0, (args, done.stderr[-800:])
    assert (tmp_path / "r.html").stat().st_size > 10_000


def test_a_plain_duckdb_client_opens_the_warehouse_as_the_readme_shows(samples_warehouse, tmp_path):
    """The README's lines for "any DuckDB client", run by a plain DuckDB connection whose
    extensions are installed the usual way (here from the packages' files: no network)."""
    from storywire.warehouse.extensions import extension_path

    con = duckdb.connect(config={"extension_directory": str(tmp_path / "ext"),
                                 "autoinstall_known_extensions": False})
    for name in ("ducklake", "sqlite_scanner"):
        con.execute(f"install '{extension_path(name)}'")
    block = next(b for b in _blocks("duckdb") if "ATTACH" in b)
    sql = block.replace("DIR/", f"{samples_warehouse}/")
    results = [con.execute(s.query).fetchall() for s in con.extract_statements(sql)]
    counts = [r for r in results if r and isinstance(r[0][0], int) and len(r[0]) == 1]
    assert counts and counts[0][0][0] > 0  # SELECT count(*) FROM stories
    assert any(r and len(r[0]) == 2 for r in results)  # the snapshots
