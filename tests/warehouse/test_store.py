"""The one writer: atomic commits, crash leftovers, newest-version-wins views, version checks."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil

import pytest
from datasketch import MinHashLSH

from storywire.tasks.dedup import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    content_hash,
    lsh_bands,
    minhash_signature,
    signature_bytes,
)
from storywire.warehouse.schemas import TABLES, to_table
from storywire.warehouse.store import INIT_COMMIT, Warehouse, WarehouseError

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
    for table, schema in TABLES.items():
        cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
        expected = [c for c in schema.names if c != "minhash"]
        assert cols == expected, table


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


def _wire_text(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def _edited(rng: random.Random, text: str, rate: float) -> str:
    """A syndicated copy: each word replaced with probability ``rate``."""
    return " ".join("edited" + str(rng.randrange(10**6)) if rng.random() < rate else w for w in text.split())


def test_duplicate_candidates_are_what_an_lsh_index_of_the_warehouse_returns(tmp_path):
    """The DuckDB lookup finds, for a batch of new stories, exactly the current stories a
    datasketch ``MinHashLSH`` holding the whole warehouse would return (same band banding),
    plus exact content-hash matches; a superseded version's signature no longer counts."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    bases = [_wire_text(rng, words, 120) for _ in range(8)]
    # copies at every similarity from identical to unrelated, so some collide in a band and
    # some do not
    rates = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]
    bodies = {f"s{k}{j}": _edited(rng, base, rate) for k, base in enumerate(bases) for j, rate in enumerate(rates)}
    wh = Warehouse.open(tmp_path / "wh")
    ids = sorted(bodies)
    with wh.locked():
        for part in (ids[:32], ids[32:]):
            _commit(wh, stories=[_signed(sid, bodies[sid]) for sid in part])
        # s00 (an exact copy of bases[0]) is re-ingested with unrelated text: only the new
        # signature may match
        bodies["s00"] = _wire_text(rng, words, 120)
        _commit(wh, stories=[_signed("s00", bodies["s00"])])

    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=NUM_PERM)
    for sid in ids:
        lsh.insert(sid, minhash_signature(bodies[sid]))
    new = [_edited(rng, bases[k], 0.02) for k in range(8)] + [bases[0], _wire_text(rng, words, 120)]
    new_keys = [(f"n{i}", content_hash(None, b), signature_bytes(minhash_signature(b))) for i, b in enumerate(new)]

    found = wh.duplicate_candidates(new_keys, *lsh_bands())
    expected = {sid for body in new for sid in lsh.query(minhash_signature(body))}
    expected |= {sid for sid in ids if content_hash(None, bodies[sid]) in {k[1] for k in new_keys}}
    assert {r[0] for r in found} == expected
    assert len(found) == len(expected)  # one row per story: its current version
    assert 8 < len(expected) < len(ids)  # the test data spans both sides of the band cut
    assert "s00" not in expected  # its old version matched bases[0]; the current one does not
    assert {r[0]: r[2] for r in found} == {
        sid: signature_bytes(minhash_signature(bodies[sid])) for sid in expected
    }
    commit_order = [r[0] for r in found]
    assert commit_order == sorted(commit_order, key=lambda s: (s >= ids[32], s))


def test_duplicate_candidates_stream_the_stored_stories_past_the_new_ones(tmp_path, monkeypatch):
    """The lookup's memory does not grow with the warehouse: under a 16 MB DuckDB limit with
    no disk to spill to, it still runs over ~25 MB of stored story text. (Written as
    ``from story_versions, range(...)``, DuckDB plans a LATERAL join that holds every column
    of every story: that version fails here with an out-of-memory error.)"""
    rng = random.Random(5)
    words = [f"word{i}" for i in range(5000)]
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        for c in range(4):
            rows = []
            for i in range(50):
                short = _wire_text(rng, words, 60)
                rows.append({**_signed(f"s{c}-{i}", short), "body": " ".join(rng.choices(words, k=15_000))})
            _commit(wh, stories=rows)
    connect = wh.connect

    def limited():
        con = connect()
        con.execute("set memory_limit = '16MB'")
        con.execute("set temp_directory = ''")
        return con

    monkeypatch.setattr(wh, "connect", limited)
    stored = connect().execute("select story_id, content_hash, minhash from story_versions limit 1").fetchone()
    found = wh.duplicate_candidates([("n1", "not-a-stored-hash", stored[2])], *lsh_bands())
    assert [r[0] for r in found] == [stored[0]]
    assert connect().execute("select sum(length(body)) from stories").fetchone()[0] > 25_000_000 * 0.9


def test_duplicate_candidates_of_nothing_is_nothing(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    assert wh.duplicate_candidates([], *lsh_bands()) == []
