"""Each data-quality check catches what it is named for, and passes on good data."""

from __future__ import annotations

import datetime as dt

import pytest

from storywire.warehouse.checks import (
    CheckResult,
    CommitChecks,
    check_sql,
    merge_checks,
    run_checks,
)
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table

BODY = "Flooding hit Porto on Monday. Mayor Rui Moreira said crews were ready."


def _warehouse(tmp_path, *, entities=(), timexes=(), stories=None):
    wh = Warehouse.open(tmp_path / "wh")
    stories = stories or [{"story_id": "s1", "source_uri": "/in/s1.txt", "headline": "Porto floods",
                           "body": BODY, "published_date": dt.date(2024, 3, 4)}]
    with wh.locked():
        cid = wh.new_commit_id()
        tables = {"stories": stories, "entities": list(entities), "timexes": list(timexes)}
        wh.commit({k: to_table(k, [{**r, "commit_id": cid} for r in v]) for k, v in tables.items()},
                  commit_id=cid)
    return wh


def _failing(wh):
    return {c.name: c.failures for c in run_checks(wh.connect()) if not c.passed}


def _ent(start, end, text, field="body"):
    return {"story_id": "s1", "field": field, "start_char": start, "end_char": end, "text": text}


def test_good_data_passes_every_check(tmp_path):
    start = BODY.index("Porto")
    wh = _warehouse(tmp_path, entities=[_ent(start, start + 5, "Porto"), _ent(0, 5, "Porto", "headline")])
    assert _failing(wh) == {}


@pytest.mark.parametrize(
    "entity",
    [_ent(13, 18, "Paris"), _ent(60, 200, "crews"), _ent(-1, 4, "Flood")],
    ids=["wrong-text", "past-the-end", "negative"],
)
def test_bad_entity_offsets_fail(tmp_path, entity):
    assert _failing(_warehouse(tmp_path, entities=[entity])) == {"entity_offsets": 1}


def test_implausible_dates_fail(tmp_path):
    story = {"story_id": "s1", "source_uri": "/x", "body": BODY, "published_date": dt.date(2999, 1, 1)}
    at = BODY.index("Monday")
    timex = {"story_id": "s1", "field": "body", "start_char": at, "end_char": at + 6, "text": "Monday",
             "range_start": dt.date(2024, 3, 4), "range_end": dt.date(2024, 3, 1)}
    assert _failing(_warehouse(tmp_path, stories=[story], timexes=[timex])) == {"dates_in_range": 2}


def test_duplicate_story_ids_fail(tmp_path):
    row = {"story_id": "s1", "source_uri": "/x", "body": BODY}
    wh = _warehouse(tmp_path, stories=[row, {**row, "source_uri": "/y"}])
    assert _failing(wh) == {"duplicate_story_ids": 1}


def _commit(wh, story_id, entities=()):
    """One commit holding story ``story_id`` (body BODY) and ``entities`` of it."""
    with wh.locked():
        cid = wh.new_commit_id()
        rows = {
            "stories": [{"story_id": story_id, "source_uri": f"/in/{story_id}.txt", "body": BODY}],
            "entities": [{**e, "story_id": story_id} for e in entities],
        }
        wh.commit({k: to_table(k, [{**r, "commit_id": cid} for r in v]) for k, v in rows.items()},
                  commit_id=cid)
    return cid


def _porto():
    start = BODY.index("Porto")
    return _ent(start, start + 5, "Porto")


def test_commit_checks_see_only_the_commits_they_are_given(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    bad = _commit(wh, "old", entities=[_ent(13, 18, "Paris")])  # written by an earlier run
    good = _commit(wh, "new", entities=[_porto()])
    checks = CommitChecks(wh.connect)
    checks.add(good, stories=1)
    assert all(c.passed for c in checks.results())
    whole = {c.name: c.failures for c in run_checks(wh.connect())}
    assert whole["entity_offsets"] == 1  # the whole warehouse still has the old bad row
    scoped = CommitChecks(wh.connect)
    scoped.add(bad, stories=1)
    assert {c.name: c.failures for c in scoped.results() if not c.passed} == {"entity_offsets": 1}


@pytest.mark.parametrize("group", [1, 2, 100], ids=["each-commit", "pairs", "one-group"])
def test_commit_checks_in_groups_add_up_to_one_pass(tmp_path, group):
    wh = Warehouse.open(tmp_path / "wh")
    ids = [_commit(wh, f"s{i}", entities=[_ent(13, 18, "Paris")] if i % 2 else [_porto()]) for i in range(5)]
    opened: list[list[str]] = []

    def connect(commit_ids):
        opened.append(list(commit_ids))
        return wh.connect(commit_ids)

    checks = CommitChecks(connect, group_stories=group, sample_size=3)
    for cid in ids:
        checks.add(cid, stories=1)
    results = {c.name: c for c in checks.results()}
    assert results["entity_offsets"].failures == 2  # s1 and s3
    assert sorted(r["story_id"] for r in results["entity_offsets"].sample) == ["s1", "s3"]
    assert sorted(c for group_ids in opened for c in group_ids) == sorted(ids)  # each commit once
    assert len(opened) == -(-5 // group)
    assert set(results) == set(check_sql())


def test_commit_checks_with_nothing_committed_report_every_check_passed(tmp_path):
    wh = Warehouse.open(tmp_path / "wh")
    _commit(wh, "old", entities=[_ent(13, 18, "Paris")])
    results = CommitChecks(wh.connect).results()
    assert {c.name for c in results} == set(check_sql())
    assert all(c.passed for c in results)


def test_merge_checks_adds_failures_and_keeps_the_first_samples():
    a = [CheckResult("x", "d", 2, [{"n": 1}, {"n": 2}]), CheckResult("y", "d", 0, [])]
    b = [CheckResult("x", "d", 3, [{"n": 3}, {"n": 4}, {"n": 5}]), CheckResult("y", "d", 1, [{"n": 9}])]
    merged = {c.name: c for c in merge_checks(a, b, sample_size=3)}
    assert (merged["x"].failures, merged["x"].sample) == (5, [{"n": 1}, {"n": 2}, {"n": 3}])
    assert (merged["y"].failures, merged["y"].sample) == (1, [{"n": 9}])


def _long_body() -> str:
    """A long story with non-ASCII text (which makes substring() count characters), so its
    mentions fall in many windows of ``story_text_windows``."""
    para = "Le café du port de Sète a rouvert lundi, a déclaré le maire Élise Durand. "
    return "\n\n".join(f"{n}. {para * 3}" for n in range(500))


def test_offsets_in_a_long_story_are_checked_window_by_window(tmp_path):
    """Mentions anywhere in a text of several windows (8,192 characters each, overlapping),
    those straddling a window boundary included, pass when right and fail when off by one."""
    body = _long_body()
    story = {"story_id": "s1", "source_uri": "/in/s1.txt", "body": body}
    good, bad = [], []
    for boundary in (8192, 8192 * 7, 8192 * 11):
        at = body.index("Élise Durand", boundary - 12)  # at or just before a window boundary
        good.append(_ent(at, at + 12, "Élise Durand"))
        bad.append(_ent(at + 1, at + 13, "Élise Durand"))
    last = body.rindex("Sète")
    good.append(_ent(last, last + 4, "Sète"))
    bad.append(_ent(last, len(body) + 1, "Sète"))
    assert len(body) > 8192 * 12 and any(g["start_char"] // 8192 != (g["end_char"] - 1) // 8192 for g in good)
    assert _failing(_warehouse(tmp_path / "good", entities=good, stories=[story])) == {}
    failing = _failing(_warehouse(tmp_path / "bad", entities=good + bad, stories=[story]))
    assert failing == {"entity_offsets": len(bad)}


def test_long_quotes_are_checked_against_the_whole_body(tmp_path):
    body = _long_body()
    start, end = 100, 100 + 20_000  # longer than a window's reach
    story = {"story_id": "s1", "source_uri": "/in/s1.txt", "body": body}
    wh = Warehouse.open(tmp_path / "wh")
    quotes = [{"story_id": "s1", "start_char": start, "end_char": end, "text": body[start:end]},
              {"story_id": "s1", "start_char": start, "end_char": end, "text": body[start + 1:end + 1]},
              {"story_id": "s1", "start_char": 5000, "end_char": 5010, "text": body[5001:5011]}]
    with wh.locked():
        cid = wh.new_commit_id()
        tables = {"stories": [story], "quotes": quotes}
        wh.commit({k: to_table(k, [{**r, "commit_id": cid} for r in v]) for k, v in tables.items()},
                  commit_id=cid)
    assert _failing(wh) == {"quote_offsets": 2}
