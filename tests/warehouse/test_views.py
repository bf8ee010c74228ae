"""The view files' ``{{ files.<table> }}`` placeholder: a glob for a local folder (exactly the
SQL of before, so existing ``warehouse.duckdb`` files stay current), an explicit file list
for a remote warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from storywire.warehouse.schemas import TABLES
from storywire.warehouse.views import ViewSource, build_database, view_sql


def test_a_local_folder_reads_every_commit_folder_by_glob():
    sql = view_sql(Path("/data/wh"))
    assert "read_parquet('/data/wh/commits/*/stories.parquet', union_by_name = true)" in sql["story_versions"]
    assert "read_parquet('/data/wh/commits/*/entities.parquet', union_by_name = true)" in sql["entities"]
    assert not any("{{" in text for text in sql.values())


def test_quotes_in_a_path_are_escaped():
    assert "'/data/o''brien/commits/*/runs.parquet'" in view_sql(Path("/data/o'brien"))["runs"]


def test_a_remote_source_reads_exactly_the_listed_files():
    files = {name: [f"s3://b/wh/commits/c1/{name}.parquet", f"s3://b/wh/commits/c2/{name}.parquet"]
             for name in TABLES}
    sql = view_sql(ViewSource("s3://b/wh", files))
    assert ("read_parquet(['s3://b/wh/commits/c1/stories.parquet', "
            "'s3://b/wh/commits/c2/stories.parquet'], union_by_name = true)") in sql["story_versions"]
    assert "*" not in sql["story_versions"].split("from", 1)[1].split("union_by_name")[0]


def test_a_table_without_files_is_a_clear_error():
    files = {name: [f"s3://b/wh/commits/c1/{name}.parquet"] for name in TABLES} | {"quotes": []}
    with pytest.raises(RuntimeError, match="SW303"):
        view_sql(ViewSource("s3://b/wh", files))


def test_a_remote_database_file_must_be_placed_locally():
    import fsspec

    source = ViewSource("memory:///x", {name: [] for name in TABLES}, fsspec.filesystem("memory"))
    with pytest.raises(ValueError, match="local db_path"):
        build_database(source)


def test_a_database_that_cannot_be_built_leaves_no_half_built_file(tmp_path):
    """A warehouse folder deleted while a run was stopping: building its views fails, and no
    temporary file stays behind to make the folder look foreign (SW202) to the next run."""
    from storywire.warehouse.store import Warehouse

    wh = Warehouse.open(tmp_path / "wh")
    for folder in wh.commits_dir.iterdir():  # every committed file gone
        for f in folder.iterdir():
            f.unlink()
    with pytest.raises(duckdb.Error):
        build_database(wh.root)
    assert [p.name for p in wh.root.iterdir() if p.name.endswith((".tmp", ".wal"))] == []
