"""The stored originals of groups of copies: after any sequence of commits (new copies,
earlier-dated copies arriving late, new versions changing a story's group), the ``stories``
view shows each copy pointing at the group's copy published first, exactly as the rule
computed over the final rows says."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table

DAY = dt.date(2024, 3, 10)
IDS = [f"s{i}" for i in range(6)]


def _row(story_id: str, dup: str | None, day: int | None, hour: int | None, sim: float) -> dict:
    return {
        "story_id": story_id,
        "source_uri": f"/wire/{story_id}.txt",
        "headline": f"Story {story_id}",
        "body": "Body.",
        "published_date": None if day is None else DAY + dt.timedelta(days=day),
        "published_at": None if day is None or hour is None
        else dt.datetime.combine(DAY + dt.timedelta(days=day), dt.time(hour), dt.UTC),
        "duplicate_of": dup,
        "duplicate_kind": None if dup is None else "near",
        "duplicate_similarity": None if dup is None else sim,
        "ingested_at": dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        "commit_id": "",
    }


def expected(rows: dict[str, dict], first_commit: dict[str, str]) -> dict[str, tuple]:
    """The rule of ``lake/story_groups.sql`` applied to the final rows, in Python."""
    members = defaultdict(list)
    for r in rows.values():
        members[r["duplicate_of"] or r["story_id"]].append(r)
    out = {}
    for group, rs in members.items():
        original = None
        if len(rs) > 1:
            dates = [r["published_date"] for r in rs if r["published_date"] is not None]
            cands = [r for r in rs if not dates or r["published_date"] == min(dates)]
            seen = {r["story_id"]: (r["story_id"] != group, first_commit[r["story_id"]], r["story_id"]) for r in rs}
            if all(r["published_at"] is not None for r in cands):
                original = min(cands, key=lambda r: (r["published_at"], *seen[r["story_id"]]))
            else:
                original = min(cands, key=lambda r: seen[r["story_id"]])
        for r in rs:
            sid = r["story_id"]
            if original is None:
                out[sid] = (None, r["duplicate_kind"], r["duplicate_similarity"])
            elif sid == original["story_id"]:
                out[sid] = (None, None, None)
            elif sid == group:
                out[sid] = (original["story_id"], original["duplicate_kind"], original["duplicate_similarity"])
            else:
                out[sid] = (original["story_id"], r["duplicate_kind"], r["duplicate_similarity"])
    return out


@st.composite
def commits(draw) -> list[list[tuple]]:
    """Commits of (story_id, duplicate_of, day, hour, similarity), as ingest makes them: a
    copy names a story stored before or earlier in its commit; an id seen before is a new
    version of that story."""
    stored: set[str] = set()
    out = []
    for _ in range(draw(st.integers(1, 5))):
        chunk, in_chunk = [], set()
        for sid in draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=4, unique=True)):
            roots = sorted((stored | in_chunk) - {sid})
            dup = draw(st.one_of(st.none(), st.sampled_from(roots))) if roots else None
            day = draw(st.one_of(st.none(), st.integers(0, 3)))
            hour = draw(st.one_of(st.none(), st.integers(0, 23)))
            chunk.append((sid, dup, day, hour, draw(st.sampled_from([0.75, 0.9, 1.0]))))
            in_chunk.add(sid)
        stored |= in_chunk
        out.append(chunk)
    return out


def _stories_view(wh: Warehouse) -> dict[str, tuple]:
    con = wh.connect(read_only=True)
    try:
        rows = con.execute("select story_id, duplicate_of, duplicate_kind, duplicate_similarity from stories").fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2], None if r[3] is None else round(r[3], 2)) for r in rows}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commits())
# a story replaced by a version that is no copy: the copies pointing at it form its group again
@example([[("s0", None, None, None, 0.75)], [("s1", "s0", None, None, 0.75)],
          [("s0", "s1", None, None, 0.75)], [("s0", None, None, None, 0.75)]])
def test_the_view_shows_the_original_the_rule_picks_after_any_commits(history):
    with tempfile.TemporaryDirectory() as tmp:
        wh = Warehouse.open(f"{tmp}/wh")
        final: dict[str, dict] = {}
        first: dict[str, str] = {}
        with wh.locked():
            for chunk in history:
                rows = [_row(*spec) for spec in chunk]
                commit_id = wh.commit({"stories": to_table("stories", rows)})
                for r in rows:
                    final[r["story_id"]] = r
                    first.setdefault(r["story_id"], commit_id)
        want = {sid: (d, k, None if s is None else round(s, 2)) for sid, (d, k, s) in expected(final, first).items()}
        assert _stories_view(wh) == want


def test_a_copy_published_earlier_but_ingested_later_becomes_the_original(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        wh.commit({"stories": to_table("stories", [_row("first_seen", None, 2, 9, 1.0)])})
        wh.commit({"stories": to_table("stories", [_row("wire", "first_seen", 1, 8, 0.9)])})
    assert _stories_view(wh) == {"wire": (None, None, None), "first_seen": ("wire", "near", 0.9)}


@pytest.mark.parametrize("hour", [None, 6])
def test_same_day_copies_without_times_keep_the_first_seen_as_original(tmp_path, hour):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        wh.commit({"stories": to_table("stories", [_row("a", None, 1, None, 1.0)])})
        wh.commit({"stories": to_table("stories", [_row("b", "a", 1, hour, 0.8)])})
    assert _stories_view(wh) == {"a": (None, None, None), "b": ("a", "near", 0.8)}


def test_a_lake_made_before_the_groups_table_gets_it_filled_when_a_writer_opens_it(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    with wh.locked():
        wh.commit({"stories": to_table("stories", [_row("late", None, 3, None, 1.0)])})
        wh.commit({"stories": to_table("stories", [_row("early", "late", 0, None, 0.8)])})
    con = wh.connect()
    con.execute("drop table stored.story_groups")
    con.execute("update stored.storywire_meta set views_hash = 'before'")
    con.close()
    assert Warehouse.open(tmp_path / "wh") is not None  # a writer brings the layout up to date
    assert _stories_view(wh) == {"early": (None, None, None), "late": ("early", "near", 0.8)}
