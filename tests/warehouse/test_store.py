"""The one writer: atomic commits, crash leftovers, newest-version-wins views, version checks."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storywire.tasks.dedup import content_hash, minhash_signature, signature_bytes
from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.schemas import TABLES, to_table, view_columns
from storywire.warehouse.store import INIT_COMMIT, Warehouse

NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)


def _story(story_id: str, commit_id: str, headline: str) -> dict:
    return {
        "story_id": story_id,
        "source_uri": f"/data/{story_id}.txt",
        "headline": headline,
        "body": "Body text.",
        "ingested_at": NOW,
        "commit_id": commit_id,
    }


def _signed(story_id: str, body: str) -> dict:
    """A story row with the hash and MinHash columns the duplicate lookup reads."""
    return {**_story(story_id, "", story_id), "body": body, "content_hash": content_hash(None, body),
            "minhash": signature_bytes(minhash_signature(body))}


def _entity(story_id: str, commit_id: str, text: str) -> dict:
    return {"story_id": story_id, "start_char": 0, "end_char": len(text), "text": text,
            "label": "GPE", "commit_id": commit_id}


def _commit(wh: Warehouse, **tables: list[dict]) -> str:
    cid = wh.new_commit_id()
    rows = {name: to_table(name, [{**r, "commit_id": cid} for r in rs]) for name, rs in tables.items()}
    return wh.commit(rows, commit_id=cid)


def test_new_warehouse_has_every_view_empty(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    assert wh.commit_ids() == [INIT_COMMIT]
    con = wh.connect()
    for table in TABLES:
        assert con.execute(f"select count(*) from {table}").fetchone() == (0,)


def test_views_expose_the_declared_columns(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    con = wh.connect()
    for table in TABLES:
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        assert cols == view_columns(table), table


def test_commit_needs_the_lock(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with pytest.raises(WarehouseError, match="SW208"):
        wh.commit({"stories": to_table("stories", [])})


def test_newer_commit_of_a_story_replaces_its_rows(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "", "First"), _story("s2", "", "Other")],
                     entities=[_entity("s1", "", "Baku"), _entity("s2", "", "Kyiv")])
        c2 = _commit(wh, stories=[_story("s1", "", "First, corrected")],
                     entities=[_entity("s1", "", "Ganja")])
    assert c1 < c2
    con = wh.connect()
    assert con.execute("select story_id, headline from stories order by 1").fetchall() == [
        ("s1", "First, corrected"), ("s2", "Other")]
    assert con.execute("select story_id, text from entities order by 1").fetchall() == [
        ("s1", "Ganja"), ("s2", "Kyiv")]
    assert con.execute("select count(*) from story_versions").fetchone() == (3,)


def test_views_narrowed_to_some_commits_see_only_their_rows(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "", "First"), _story("s2", "", "Other")],
                     entities=[_entity("s1", "", "Baku")])
        c2 = _commit(wh, stories=[_story("s1", "", "First, corrected")])  # no entities file

    def seen(commits):
        con = wh.connect(commits)
        try:
            return (con.execute("select story_id, headline from stories order by 1").fetchall(),
                    con.execute("select text from entities").fetchall())
        finally:
            con.close()

    assert seen([c1]) == ([("s1", "First"), ("s2", "Other")], [("Baku",)])
    assert seen([c2]) == ([("s1", "First, corrected")], [])
    assert seen([]) == ([], [])  # the empty first commit still gives every view its columns
    assert seen(None) == ([("s1", "First, corrected"), ("s2", "Other")], [])


def test_crashed_commit_is_invisible_and_cleaned_up(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    # A writer killed mid-commit leaves only a staging folder behind.
    staging = wh.staging_dir / "20990101T000000000000Z-dead"
    staging.mkdir(parents=True)
    (staging / "stories.parquet").write_bytes(b"PAR1 half written")
    assert wh.connect().execute("select count(*) from stories").fetchone() == (0,)
    with wh.locked():
        pass
    assert not wh.staging_dir.exists()


def test_commit_ids_always_increase(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        ids = [wh.new_commit_id() for _ in range(50)]
    assert ids == sorted(ids) and len(set(ids)) == 50


def test_refuses_a_folder_that_is_not_a_warehouse(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(WarehouseError, match="SW202"):
        Warehouse.open(tmp_path)


@pytest.mark.parametrize("version, code", [(99, "SW205"), (0, "SW206"), ("x", "SW205")])
def test_refuses_other_schema_versions(tmp_path, version, code):
    wh = Warehouse.open(tmp_path / "wh")
    wh.marker.write_text(json.dumps({"format": "storywire-warehouse", "schema_version": version}))
    with pytest.raises(WarehouseError, match=code):
        Warehouse.open(wh.root)


def test_second_writer_times_out_while_the_first_holds_the_lock(tmp_path):
    first = Warehouse.open(tmp_path / "wh")
    second = Warehouse(first.root)
    with first.locked(), pytest.raises(WarehouseError, match="SW207"), second.locked(timeout=0.2):
        pass


def test_compaction_interrupted_after_its_commit_is_rolled_forward(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_story("s1", "", "One")])
        c2 = _commit(wh, stories=[_story("s2", "", "Two")])
    # Simulate a crash between the compacted commit landing and the old ones being deleted.
    merged = wh.commits_dir / "20990101T000000000000Z-merged"
    shutil.copytree(wh.commits_dir / c2, merged)
    (merged / "_supersedes.json").write_text(json.dumps([c2]))
    assert (wh.commits_dir / c2).exists()
    with wh.locked():
        pass
    assert not (wh.commits_dir / c2).exists() and (wh.commits_dir / c1).exists()
    assert wh.connect().execute("select count(*) from stories").fetchone() == (2,)


def test_older_warehouse_is_migrated_step_by_step(tmp_path, monkeypatch):
    from storywire.warehouse import store

    wh = Warehouse.open(tmp_path / "wh")  # written as version 1
    calls = []
    monkeypatch.setattr(store, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(store, "MIGRATIONS", {1: lambda w: calls.append(1), 2: lambda w: calls.append(2)})
    Warehouse.open(wh.root)
    assert calls == [1, 2]
    assert json.loads(wh.marker.read_text())["schema_version"] == 3
    Warehouse.open(wh.root)  # already current: nothing runs again
    assert calls == [1, 2]


def test_older_warehouse_without_a_migration_is_refused(tmp_path, monkeypatch):
    from storywire.warehouse import store

    wh = Warehouse.open(tmp_path / "wh")
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store, "MIGRATIONS", {})
    with pytest.raises(WarehouseError, match="SW206"):
        Warehouse.open(wh.root)


def test_files_from_an_older_writer_read_with_nulls_for_new_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    wh = Warehouse.open(tmp_path / "wh")
    # A commit written before `language` and `warnings` existed.
    old = pa.table({"story_id": ["s1"], "source_uri": ["/in/a.txt"], "body": ["Text."],
                    "commit_id": ["20200101T000000000000Z-old"]})
    folder = wh.commits_dir / "20200101T000000000000Z-old"
    folder.mkdir()
    pq.write_table(old, folder / "stories.parquet")
    con = wh.connect()
    assert con.execute("select story_id, body, language, warnings from stories").fetchall() == [
        ("s1", "Text.", None, None)]


def test_story_version_batches_read_every_stored_version_in_commit_order(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        c1 = _commit(wh, stories=[_signed("s1", "The first text of the story."), _signed("s2", "Another story.")])
        c2 = _commit(wh, stories=[_signed("s1", "The first text of the story, corrected.")])
    columns = ["story_id", "commit_id", "minhash"]
    batches = list(wh.story_version_batches(columns, batch_rows=1))
    assert [b.num_rows for b in batches] == [1, 1, 1]  # never more than batch_rows at a time
    assert all(b.schema == pa.schema([TABLES["stories"].field(c) for c in columns]) for b in batches)
    rows = [r for b in batches for r in b.to_pylist()]
    assert [(r["story_id"], r["commit_id"]) for r in rows] == [("s1", c1), ("s2", c1), ("s1", c2)]  # superseded too
    assert rows[2]["minhash"] == signature_bytes(minhash_signature("The first text of the story, corrected."))


def test_story_version_batches_give_nulls_for_columns_an_older_file_lacks(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    folder = wh.commits_dir / "20200101T000000000000Z-old"  # written before content_hash/minhash
    folder.mkdir()
    pq.write_table(pa.table({"story_id": ["s1"], "body": ["Text."], "commit_id": [folder.name]}),
                   folder / "stories.parquet")
    rows = [r for b in wh.story_version_batches(["story_id", "content_hash", "minhash"]) for r in b.to_pylist()]
    assert rows == [{"story_id": "s1", "content_hash": None, "minhash": None}]
