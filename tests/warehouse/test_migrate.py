"""``storywire migrate``'s conversion: an old-format warehouse (tests/oldformat.py) becomes a
lake holding what the old views showed, lineage and band index included; re-runs are no-ops,
a crash at any step is finished by the next run, and every other command refuses the old
folder."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from oldformat import (
    C1,
    C3,
    CURRENT,
    INIT,
    OldWarehouse,
    lacking,
    write_commit,
    write_old_warehouse,
)

from storywire.tasks.records import CodedError
from storywire.warehouse import migrate as migration
from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.query import run_query, run_statements
from storywire.warehouse.schemas import LAKE_TABLES, TABLES

STORY_ROWS = ("entities", "timexes", "quotes")
OLD_NAMES = ["_staging", "_warehouse.json", "commits", "warehouse.duckdb"]


def _lake_tables(root: Path, *tables: str) -> dict[str, list[dict]]:
    """The stored rows of ``tables`` (all their schema's columns), read on one connection."""
    schemas = {**TABLES, **LAKE_TABLES}
    con = Warehouse(root).connect(read_only=True)
    try:
        return {t: con.execute(f"select {', '.join(schemas[t].names)} from stored.{t}").to_arrow_table().to_pylist()
                for t in tables}  # fmt: skip
    finally:
        con.close()


def _lake_rows(root: Path, table: str) -> list[dict]:
    return _lake_tables(root, table)[table]


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: repr(sorted(r.items())))


def _expected(old: OldWarehouse, table: str) -> list[dict]:
    """The rows the old views showed, picked from what the fixture wrote by ``CURRENT``."""
    if table in STORY_ROWS:  # the rows of each story's current version
        keep = CURRENT["stories"]
        return [lacking(table, cid, r) for cid in old.commits for r in old.rows(table, cid)
                if (r["story_id"], cid) in keep]  # fmt: skip
    key = {"stories": lambda r: r["story_id"], "sources": lambda r: r["source_uri"], "runs": lambda r: r["run_id"],
           "rejects": lambda r: (r["source_uri"], r["item_key"], r["run_id"])}[table]  # fmt: skip
    return [lacking(table, cid, r) for cid in old.commits for r in old.rows(table, cid)
            if (key(r), cid) in CURRENT[table]]  # fmt: skip


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[OldWarehouse, dict[str, int]]:
    """The fixture warehouse migrated in transactions of 2 stories (several commits)."""
    old = write_old_warehouse(tmp_path_factory.mktemp("old") / "wh")
    return old, migration.migrate(old.root, batch_stories=2)


@pytest.fixture(scope="module")
def lake(migrated) -> dict[str, list[dict]]:
    """Every stored table of the migrated lake."""
    return _lake_tables(migrated[0].root, *TABLES, *LAKE_TABLES)


@pytest.mark.parametrize("table", ["stories", *STORY_ROWS, "sources", "runs", "rejects"])
def test_each_table_holds_what_the_old_views_showed(migrated, lake, table):
    expected = _expected(migrated[0], table)
    assert expected, "the fixture has rows for every table"
    assert _sorted(lake[table]) == _sorted(expected)


def test_every_stored_version_is_a_lineage_row_with_its_own_commit(migrated, lake):
    old, rows = migrated[0], lake["story_versions"]
    assert {(r["story_id"], r["commit_id"]) for r in rows} == CURRENT["story_versions"]
    assert len(rows) == len(CURRENT["story_versions"])
    first = next(r for r in rows if (r["story_id"], r["commit_id"]) == ("s-dam", C1))
    written = old.rows("stories", C1)[0]
    assert {k: first[k] for k in ("run_id", "content_hash", "published_date", "ingested_at")} == {
        k: written[k] for k in ("run_id", "content_hash", "published_date", "ingested_at")
    }


def test_the_band_index_covers_the_current_stories(lake):
    bands = lake["story_bands"]
    assert {(r["story_id"], r["commit_id"]) for r in bands} == CURRENT["stories"]
    per_story = {sid: sum(r["story_id"] == sid for r in bands) for sid in ("s-dam", "s-port")}
    # s-dam's current version has a MinHash (its bands + the hash); C1's files had no column
    assert per_story["s-dam"] > 1 and per_story["s-port"] == 1


def test_counts_are_the_views_and_the_folder_is_a_lake_only(migrated):
    old, counts = migrated
    assert counts == {"stories": 3, "entities": 4, "timexes": 1, "quotes": 2, "rejects": 3, "sources": 5,
                      "runs": 2, "story_versions": 4}  # fmt: skip
    assert sorted(p.name for p in old.root.iterdir()) == [".lock", "catalog.sqlite", "data"]
    assert not migration.is_old_format(old.root)


def test_queries_see_the_migrated_stories_and_duplicates(migrated):
    old, _ = migrated
    stories, ghost = run_statements(
        old.root,
        "select story_id, headline, duplicate_of from stories order by story_id; "
        "select count(*) from story_versions where story_id = 's-ghost'",
    )
    assert stories.rows == [("s-dam", "Riverton dam opens as rain goes on", None),
                    ("s-port", "Halden port sets record", None),
                    ("s-port-copy", "Halden port sets record", "s-port")]  # fmt: skip
    assert ghost.rows == [(0,)]  # a staged commit never landed


def test_a_rerun_is_a_no_op(migrated):
    old, _ = migrated
    wh = Warehouse.open(old.root, create=False)
    before = wh.snapshot_id()
    assert migration.migrate(old.root) == {}
    assert wh.snapshot_id() == before
    assert sorted(p.name for p in old.root.iterdir()) == [".lock", "catalog.sqlite", "data"]


def test_the_lake_takes_new_versions_after_migration(migrated, tmp_path):
    """A commit after migration replaces a migrated story's rows and adds a lineage row."""
    old, _ = migrated
    root = tmp_path / "copy"
    shutil.copytree(old.root, root)
    wh = Warehouse.open(root)
    story = {**old.rows("stories", C3)[0], "headline": "Riverton dam closes again"}
    with wh.locked():
        cid = wh.commit({"stories": pa.Table.from_pylist([story], schema=TABLES["stories"])})
    assert cid > C3
    headline, versions, entities = (r.rows for r in run_statements(root, (
        "select headline from stories where story_id = 's-dam'; "
        "select count(*) from story_versions where story_id = 's-dam'; "
        "select count(*) from entities where story_id = 's-dam'")))  # fmt: skip
    assert headline == [("Riverton dam closes again",)]
    assert versions == [(3,)]
    assert entities == [(0,)]  # the new version had none: the migrated ones went with the old


def test_every_command_refuses_the_old_folder_naming_migrate(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    for create in (True, False):
        with pytest.raises(WarehouseError, match=r"^SW217: .*storywire migrate " + str(old.root)):
            Warehouse.open(old.root, create=create)
    with pytest.raises(CodedError, match="SW217"):  # storywire query, show, report
        run_query(old.root, "select 1")
    assert not (old.root / "catalog.sqlite").exists()  # refusing wrote nothing


def test_keep_old_moves_the_old_files_aside(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    counts = migration.migrate(old.root, keep_old=True)
    assert counts["stories"] == 3
    assert sorted(p.name for p in old.root.iterdir()) == [
        ".lock",
        "_old_format",
        "catalog.sqlite",
        "data",
    ]
    kept = old.root / "_old_format"
    assert sorted(p.name for p in kept.iterdir()) == OLD_NAMES
    assert sorted(p.name for p in (kept / "commits").iterdir()) == sorted(old.commits)
    Warehouse.open(
        old.root, create=False
    )  # the lake is usable, the old files are no longer in the way


class Crash(Exception):
    """Stands for the process dying at that point."""


def _crash(*_args, **_kwargs):
    raise Crash


def test_a_crash_while_building_is_rebuilt_from_scratch(tmp_path, monkeypatch):
    old = write_old_warehouse(tmp_path / "wh")
    real_commit, calls = Warehouse.commit, []

    def dying_commit(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the first batch is in the half-built lake
            raise Crash
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(Warehouse, "commit", dying_commit)
    with pytest.raises(Crash):
        migration.migrate(old.root, batch_stories=1)
    monkeypatch.undo()
    assert (old.root / "_migrating" / "catalog.sqlite").is_file()
    assert not (old.root / "_migrating" / "built").exists()
    with pytest.raises(WarehouseError, match="SW217"):
        Warehouse.open(old.root, create=False)
    assert migration.migrate(old.root)["stories"] == 3
    assert _sorted(_lake_rows(old.root, "entities")) == _sorted(_expected(old, "entities"))
    assert len(_lake_rows(old.root, "story_versions")) == 4


def test_a_crash_after_the_build_before_the_move_is_finished(tmp_path, monkeypatch):
    old = write_old_warehouse(tmp_path / "wh")
    monkeypatch.setattr(migration, "_move_in", _crash)
    with pytest.raises(Crash):
        migration.migrate(old.root)
    monkeypatch.undo()
    assert (old.root / "_migrating" / "built").is_file()
    with pytest.raises(WarehouseError, match="SW217"):
        Warehouse.open(old.root, create=False)  # not migrated until the catalog arrives
    assert migration.migrate(old.root)["stories"] == 3
    assert sorted(p.name for p in old.root.iterdir()) == [".lock", "catalog.sqlite", "data"]
    assert _sorted(_lake_rows(old.root, "stories")) == _sorted(_expected(old, "stories"))


def test_a_crash_between_moving_the_data_and_the_catalog_is_finished(tmp_path, monkeypatch):
    old = write_old_warehouse(tmp_path / "wh")
    real_rename = os.rename

    def rename_then_die(src, dst):
        if Path(dst).name == "catalog.sqlite":
            raise Crash
        real_rename(src, dst)

    monkeypatch.setattr(migration.os, "rename", rename_then_die)
    with pytest.raises(Crash):
        migration.migrate(old.root)
    monkeypatch.undo()
    assert (old.root / "data").is_dir() and not (old.root / "catalog.sqlite").exists()
    assert migration.migrate(old.root)["entities"] == 4  # the moved data is the lake's, kept
    assert _sorted(_lake_rows(old.root, "quotes")) == _sorted(_expected(old, "quotes"))


def test_a_crash_after_the_catalog_moved_leaves_a_usable_lake_cleaned_up_next(
    tmp_path, monkeypatch
):
    old = write_old_warehouse(tmp_path / "wh")
    monkeypatch.setattr(migration, "_clean_up", _crash)
    with pytest.raises(Crash):
        migration.migrate(old.root)
    monkeypatch.undo()
    assert (old.root / "_warehouse.json").is_file() and (old.root / "catalog.sqlite").is_file()
    _, rows = run_query(old.root, "select count(*) from stories")  # committed: usable already
    assert rows == [(3,)]
    assert migration.is_old_format(old.root)
    assert migration.migrate(old.root)["stories"] == 3
    assert sorted(p.name for p in old.root.iterdir()) == [".lock", "catalog.sqlite", "data"]


def test_a_compaction_that_landed_hides_the_commits_it_replaced(tmp_path):
    """A crash could leave a compacted commit's sources behind: their rows count once."""
    old = write_old_warehouse(tmp_path / "wh")
    compacted = old.root / "commits" / "20240701T000000000000Z-c0ffee"
    write_commit(compacted, {name: [r for r in rows if (r.get("story_id"), C1) != ("s-dam", C1)]
                             for name, rows in old.commits[C1].items()})  # fmt: skip
    (compacted / "_supersedes.json").write_text(json.dumps([C1]))
    assert migration.commit_folders(old.root)[0].name == INIT
    assert C1 not in {f.name for f in migration.commit_folders(old.root)}
    counts = migration.migrate(old.root)
    assert counts["entities"] == 4 and counts["rejects"] == 3
    # the superseded version of s-dam was dropped by the compaction, as its rows were
    assert counts["story_versions"] == 3


def test_a_bad_marker_is_refused_with_its_own_code(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    (old.root / "_warehouse.json").write_text(
        '{"format": "storywire-warehouse", "schema_version": 7}'
    )
    with pytest.raises(WarehouseError, match=r"^SW225: cannot migrate .*schema version 1"):
        migration.migrate(old.root)
    (old.root / "_warehouse.json").write_text("{not json")
    with pytest.raises(WarehouseError, match=r"^SW225: .*cannot be read"):
        migration.migrate(old.root)
    assert not (old.root / "_migrating").exists()


def test_an_unreadable_parquet_file_is_refused_and_changes_nothing_visible(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    (old.root / "commits" / C3 / "stories.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(WarehouseError, match=r"^SW225: cannot migrate "):
        migration.migrate(old.root)
    assert not (old.root / "catalog.sqlite").exists() and (old.root / "_warehouse.json").is_file()


def test_a_data_folder_of_someone_else_is_never_overwritten(tmp_path):
    old = write_old_warehouse(tmp_path / "wh")
    (old.root / "data").mkdir()
    (old.root / "data" / "notes.txt").write_text("mine")
    with pytest.raises(WarehouseError, match=r"^SW226: .*data exists"):
        migration.migrate(old.root)
    assert (old.root / "data" / "notes.txt").read_text() == "mine"


def test_nothing_to_do_for_a_lake_an_empty_folder_or_a_url(tmp_path, small_warehouse):
    assert migration.migrate(small_warehouse) == {}
    assert migration.migrate(tmp_path / "nowhere") == {}
    assert not migration.is_old_format("s3://bucket/wh")
    with pytest.raises(WarehouseError, match=r"^SW225: .*local folder"):
        migration.migrate("s3://bucket/wh")
