"""Each data-quality check catches what it is named for, and passes on good data."""

from __future__ import annotations

import datetime as dt

import pytest

from storywire.warehouse.checks import run_checks
from storywire.warehouse.schemas import to_table
from storywire.warehouse.store import Warehouse

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
