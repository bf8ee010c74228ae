"""The view files' ``{{ files.<table> }}`` placeholder: a glob for a local folder (exactly the
SQL of before, so existing ``warehouse.duckdb`` files stay current), an explicit file list
for a remote warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from storywire.warehouse.schemas import TABLES
from storywire.warehouse.sql import sql_files
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


# -- the stories view: one row per story, duplicates pointed at the earliest published copy --


def _stories(rows: list[tuple]) -> dict[str, tuple]:
    """Run the ``stories`` view over hand-built versions: (story_id, commit_id, published_date,
    published_at, duplicate_of, duplicate_kind, duplicate_similarity)."""
    con = duckdb.connect()
    con.execute(
        "create table story_versions (story_id varchar, commit_id varchar, published_date date,"
        " published_at timestamp, duplicate_of varchar, duplicate_kind varchar,"
        " duplicate_similarity float, minhash blob)"
    )
    con.executemany("insert into story_versions values (?, ?, ?, ?, ?, ?, ?, null)", rows)
    con.execute(sql_files("views")["stories"])
    out = con.execute(
        "select story_id, duplicate_of, duplicate_kind, duplicate_similarity, duplicate_group from stories"
    ).fetchall()
    return {r[0]: r[1:] for r in out}


def test_the_earliest_published_copy_is_the_original_whatever_was_seen_first():
    # "a" was ingested first; "b" (seen later) was published a day earlier; "c" copies "a".
    got = _stories([
        ("a", "c1", "2024-05-02", None, None, None, None),
        ("b", "c2", "2024-05-01", None, "a", "near", 0.9),
        ("c", "c2", "2024-05-03", None, "a", "exact", 1.0),
    ])
    assert got["b"] == (None, None, None, "a")
    assert got["a"][:2] == ("b", "near") and got["a"][2] == pytest.approx(0.9)
    assert got["c"][:2] == ("b", "exact") and got["a"][3] == got["c"][3] == "a"


def test_times_order_copies_of_one_day_only_when_every_candidate_has_one():
    timed = _stories([
        ("a", "c1", "2024-05-01", "2024-05-01 18:00", None, None, None),
        ("b", "c2", "2024-05-01", "2024-05-01 09:30", "a", "near", 0.8),
    ])
    assert timed["b"][0] is None and timed["a"][0] == "b"
    # "a" has no time: which was first that day is unknown, so the first seen stays the original
    untimed = _stories([
        ("a", "c1", "2024-05-01", None, None, None, None),
        ("b", "c2", "2024-05-01", "2024-05-01 09:30", "a", "near", 0.8),
    ])
    assert untimed["a"][0] is None and untimed["b"][0] == "a"


def test_the_newest_version_decides_and_singletons_are_untouched():
    got = _stories([
        ("a", "c1", "2024-05-03", None, None, None, None),
        ("b", "c2", "2024-05-04", None, "a", "near", 0.75),
        ("a", "c3", "2024-05-05", None, None, None, None),  # a re-ingested version with a later date
        ("z", "c1", None, None, None, None, None),
    ])
    assert set(got) == {"a", "b", "z"}
    assert got["b"][0] is None and got["a"][:2] == ("b", "near")
    assert got["z"] == (None, None, None, "z")
