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
    DuplicateIndex,
    DuplicateMatch,
    content_hash,
    lsh_bands,
    min_equal_values,
    minhash_signature,
    signature_bytes,
    signature_from_bytes,
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


def _matches(index: DuplicateIndex, chunk: list[tuple[str, str, bytes]]) -> list[DuplicateMatch | None]:
    return [index.check_and_add(sid, chash, signature_from_bytes(sig)) for sid, chash, sig in chunk]


def test_duplicate_candidates_give_the_matches_of_an_index_of_the_whole_warehouse(tmp_path):
    """An index built from the lookup's rows finds, for a chunk of new stories checked in
    order, the same originals and similarities as an index holding every stored story: near
    copies of stories stored many times over, a copy of a copy (its root), an exact copy, a
    story re-ingested with new text (a later story in the chunk then compares with the new
    text and falls back to its next best match), unrelated text. And it needs about one row
    per new story, not every stored copy that shares a band."""
    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    bases = [_wire_text(rng, words, 120) for _ in range(8)]
    # copies at every similarity from identical to unrelated, so some collide in a band and
    # some do not
    rates = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5]
    bodies = {f"s{k}{j}": _edited(rng, base, rate) for k, base in enumerate(bases) for j, rate in enumerate(rates)}
    ids = sorted(bodies)
    whole = DuplicateIndex()  # the reference: every stored story, checked as the flow would

    def stored(sid: str, body: str) -> dict:
        row = _signed(sid, body)
        match = whole.check_and_add(sid, row["content_hash"], signature_from_bytes(row["minhash"]))
        return {**row, "duplicate_of": match.of if match else None}

    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        for part in (ids[:32], ids[32:]):
            _commit(wh, stories=[stored(sid, bodies[sid]) for sid in part])
        # s00 (an exact copy of bases[0]) is re-ingested with unrelated text: only the new
        # signature may match
        _commit(wh, stories=[stored("s00", _wire_text(rng, words, 120))])

    new = [_edited(rng, bases[k], 0.02) for k in range(8)] + [bases[0], _wire_text(rng, words, 120)]
    chunk = [(f"n{i}", content_hash(None, b), signature_bytes(minhash_signature(b))) for i, b in enumerate(new)]
    # s30 (bases[3] itself) comes back with unrelated text before n3, a copy of bases[3]
    chunk.insert(3, ("s30", content_hash(None, "x"), signature_bytes(minhash_signature(_wire_text(rng, words, 120)))))

    rows = wh.duplicate_candidates(chunk, *lsh_bands(), min_equal_values())
    found = _matches(DuplicateIndex.from_rows(rows), chunk)
    expected = _matches(whole, chunk)
    assert found == expected
    kinds = [m.kind if m else None for m in expected]
    assert kinds.count("near") >= 6 and "exact" in kinds and None in kinds  # every case occurs
    assert expected[4] is not None and expected[4].similarity < 1.0  # n3 fell back from s30
    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=NUM_PERM)
    for sid in ids:
        lsh.insert(sid, minhash_signature(bodies[sid]))
    band_matches = {sid for body in new for sid in lsh.query(minhash_signature(body))}
    assert len(rows) <= len(chunk) + 2 < len(band_matches)
    commit_of = {sid: 0 if sid in ids[:32] else 1 for sid in ids} | {"s00": 2}
    returned = [r[0] for r in rows]
    assert returned == sorted(returned, key=lambda sid: (commit_of[sid], sid))  # oldest commit first


def test_duplicate_candidates_stream_the_stored_stories_past_the_new_ones(tmp_path, monkeypatch):
    """The lookup's memory does not grow with the warehouse: under a 20 MB DuckDB limit with
    no disk to spill to, it still runs over ~37 MB of stored story text. (Written as
    ``from story_versions, range(...)``, DuckDB plans a LATERAL join that holds every column
    of every story: that version fails here with an out-of-memory error.)"""
    rng = random.Random(5)
    words = [f"word{i}" for i in range(5000)]
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        for c in range(6):
            rows = []
            for i in range(50):
                short = _wire_text(rng, words, 60)
                rows.append({**_signed(f"s{c}-{i}", short), "body": " ".join(rng.choices(words, k=15_000))})
            _commit(wh, stories=rows)
    connect = wh.connect

    def limited():
        con = connect()
        con.execute("set memory_limit = '20MB'")
        con.execute("set temp_directory = ''")
        return con

    monkeypatch.setattr(wh, "connect", limited)
    stored = connect().execute("select story_id, content_hash, minhash from story_versions limit 1").fetchone()
    found = wh.duplicate_candidates([("n1", "not-a-stored-hash", stored[2])], *lsh_bands(), min_equal_values())
    assert [r[0] for r in found] == [stored[0]]
    assert connect().execute("select sum(length(body)) from stories").fetchone()[0] > 35_000_000


def test_duplicate_candidates_of_nothing_is_nothing(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    assert wh.duplicate_candidates([], *lsh_bands(), min_equal_values()) == []
