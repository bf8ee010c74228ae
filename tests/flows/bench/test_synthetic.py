"""The synthetic stored warehouse of ``storywire bench --stored N``: rows in every table in the
shape ingest writes, a band index that finds planted copies within the window only, a cache
that is reused, and a copy that reads its own files."""

from __future__ import annotations

import contextlib
import datetime as dt

import numpy as np
import pytest

from storywire.flows.bench.synthetic import (
    COPY_LAG_DAYS,
    NUM_PERM,
    REJECTS,
    copy_warehouse,
    stored_warehouse,
)
from storywire.tasks.dedup import NEAR_DUPLICATE_THRESHOLD, index_candidates, lsh_bands
from storywire.warehouse.lake import Warehouse

N, BATCH = 2000, 1000  # conftest's ``built``


def _count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def test_every_table_has_the_rows_of_each_story(built):
    _, root, info = built
    wh = Warehouse.open(root, create=False)
    with contextlib.closing(wh.connect(read_only=True)) as con:
        stories = _count(con, "select count(*) from stored.stories")
        assert stories == N == info["rows"]["stories"]
        per_story = {
            t: _count(con, f"select count(*) from stored.{t}") / N
            for t in ("entities", "timexes", "quotes")
        }
        assert (
            22 <= per_story["entities"] <= 28
            and 5 <= per_story["timexes"] <= 7
            and 2.5 <= per_story["quotes"] <= 3.5
        )
        # every story has mentions, and none points at a story that is not stored
        assert (
            _count(
                con,
                "select count(*) from stored.stories where story_id not in "
                "(select story_id from stored.entities)",
            )
            == 0
        )
        assert (
            _count(
                con,
                "select count(*) from stored.quotes where story_id not in "
                "(select story_id from stored.stories)",
            )
            == 0
        )
        # the band index and lineage as commit builds them: LSH bands plus the content hash
        bands = lsh_bands(NEAR_DUPLICATE_THRESHOLD)[0] + 1
        assert _count(con, "select count(*) from stored.story_bands") == bands * N
        assert _count(con, "select count(*) from stored.story_versions") == N
        rejects = _count(con, "select count(*) from stored.rejects")
        assert rejects == (N // BATCH) * int(BATCH * REJECTS)
        assert _count(con, "select count(*) from stored.sources") == N + rejects
        assert _count(con, "select count(*) from stored.runs") == N // BATCH
        words = con.execute(
            "select min(word_count), max(word_count), count(distinct content_hash), "
            "min(published_date), max(published_date), count(*) - count(published_date) "
            "from stored.stories"
        ).fetchone()
        assert words[0] >= 250 and words[1] <= 510
        assert (words[4] - words[3]).days > 4 * 365  # dates spread over years
        assert 0 < words[5] < N * 0.05  # a few stories without a date
        # the views users query read the same rows
        assert _count(con, "select count(*) from stories") == N


def test_planted_copies_point_at_an_original_published_days_before(built):
    _, root, _ = built
    wh = Warehouse.open(root, create=False)
    with contextlib.closing(wh.connect(read_only=True)) as con:
        rows = con.execute(
            "select c.duplicate_kind, c.published_date - o.published_date, c.duplicate_similarity, "
            "c.content_hash = o.content_hash, o.duplicate_of "
            "from stored.stories c join stored.stories o on c.duplicate_of = o.story_id"
        ).fetchall()
        copies = _count(con, "select count(duplicate_of) from stored.stories")
    assert len(rows) == copies and 0.02 * N < copies < 0.07 * N
    for kind, lag, similarity, same_hash, original_is_copy in rows:
        assert 0 <= lag <= COPY_LAG_DAYS and original_is_copy is None
        assert (kind, same_hash) in (("exact", True), ("near", False))
        assert similarity >= NEAR_DUPLICATE_THRESHOLD


def _near_copy(minhash: bytes, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    values = np.frombuffer(minhash, dtype=np.uint32).copy()
    changed = rng.permutation(NUM_PERM)[:12]
    values[changed] = rng.integers(0, 2**32, size=len(changed), dtype=np.uint32)
    return values.tobytes()


@pytest.mark.parametrize(("lag", "found"), [(5, True), (-20, True), (60, False), (-45, False)])
def test_the_band_index_finds_a_planted_copy_within_the_window_only(built, lag, found):
    _, root, _ = built
    wh = Warehouse.open(root, create=False)
    with contextlib.closing(wh.connect(read_only=True)) as con:
        sid, minhash, published = con.execute(
            "select story_id, minhash, published_date from stored.stories "
            "where duplicate_of is null and published_date is not null order by story_id limit 1"
        ).fetchone()
    key = ("new-story", "0" * 64, _near_copy(minhash, 1), published + dt.timedelta(days=lag))
    rows = index_candidates(
        [key], lambda k, ids: wh.duplicate_rows(k, ids, 31), NEAR_DUPLICATE_THRESHOLD, wh.banding
    )
    assert (sid in {r[0] for r in rows}) is found


def test_the_cache_is_reused_and_a_copy_reads_its_own_files(built, tmp_path):
    cache, root, info = built
    assert not info["cached"]
    again, second = stored_warehouse(cache, N, batch=BATCH)
    assert again == root and second["cached"] and second["seconds"] == info["seconds"]
    copy = copy_warehouse(root, tmp_path / "copy")
    wh = Warehouse.open(copy, create=False)
    with contextlib.closing(wh.connect(read_only=True)) as con:
        assert _count(con, "select count(*) from stored.stories") == N
        paths = con.execute(
            "select data_file from ducklake_list_files('lake', 'stories', schema => 'stored')"
        )
        assert all(p[0].startswith(str(copy)) for p in paths.fetchall())
