"""`storywire show`: a story named by id, prefix or source, on a terminal and as JSON."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from typer.testing import CliRunner

from storywire.flows.cli import app

runner = CliRunner()

BODY = 'Flood waters rose in Lagos on Monday. "We lost everything," said Ada Obi, a trader.'


@pytest.fixture
def show_warehouse(tmp_path):
    """Four stories: three ids share the prefix "ab", one is an exact copy of another, and
    one feed file holds two stories; the first has entities, dates and quotes."""
    from storywire.warehouse.lake import Warehouse
    from storywire.warehouse.schemas import to_table

    wh = Warehouse.open(tmp_path / "wh")
    stories = [
        {
            "story_id": "ab0001",
            "source_uri": "/in/lagos.txt",
            "headline": "Lagos floods",
            "body": BODY,
            "agency": "AFP",
            "language": "en",
            "paragraphs": 1,
            "dateline_place": "Lagos",
            "published_date": dt.date(2024, 5, 6),
            "published_date_source": "dateline",
            "warnings": ["year inferred"],
        },
        {
            "story_id": "ab0002",
            "source_uri": "/in/copy.txt",
            "headline": "Lagos floods",
            "body": BODY,
            "agency": "Daily Copy",
            "published_date": dt.date(2024, 5, 7),
            "duplicate_of": "ab0001",
            "duplicate_kind": "exact",
            "duplicate_similarity": 1.0,
        },
        {
            "story_id": "ab0003",
            "source_uri": "/in/feed.jsonl",
            "item_key": "r1",
            "headline": "Port",
            "body": "Ships wait.",
            "published_date": dt.date(2024, 5, 8),
        },
        {
            "story_id": "cd0004",
            "source_uri": "/in/feed.jsonl",
            "item_key": "r2",
            "headline": "Rail",
            "body": "Trains run.",
            "published_date": dt.date(2024, 5, 9),
        },
    ]
    entities = [
        {
            "story_id": "ab0001",
            "field": "body",
            "start_char": 21,
            "end_char": 26,
            "text": "Lagos",
            "label": "GPE",
            "canonical": "Lagos",
            "entity_key": "place:geonames:2332459",
            "country_code": "NG",
            "latitude": 6.454,
            "longitude": 3.395,
        },
        {
            "story_id": "ab0001",
            "field": "headline",
            "start_char": 0,
            "end_char": 5,
            "text": "Lagos",
            "label": "GPE",
            "canonical": "Lagos",
            "entity_key": "place:geonames:2332459",
            "country_code": "NG",
            "latitude": 6.454,
            "longitude": 3.395,
        },
        {
            "story_id": "ab0001",
            "field": "body",
            "start_char": 66,
            "end_char": 73,
            "text": "Ada Obi",
            "label": "PERSON",
            "canonical": "Ada Obi",
            "entity_key": "person:ada obi",
        },
    ]
    timexes = [
        {
            "story_id": "ab0001",
            "field": "body",
            "start_char": 30,
            "end_char": 36,
            "text": "Monday",
            "type": "DATE",
            "value": "2024-05-06",
            "range_start": dt.date(2024, 5, 6),
            "range_end": dt.date(2024, 5, 6),
            "anchor_date": dt.date(2024, 5, 6),
        }
    ]
    quotes = [
        {
            "story_id": "ab0001",
            "start_char": 39,
            "end_char": 58,
            "text": "We lost everything,",
            "speaker": "Ada Obi",
            "speaker_canonical": "Ada Obi",
            "speaker_key": "person:ada obi",
            "verb": "say",
            "paragraph": 0,
        }
    ]
    with wh.locked():
        cid = wh.new_commit_id()
        tables = {"stories": stories, "entities": entities, "timexes": timexes, "quotes": quotes}
        wh.commit(
            {
                name: to_table(name, [{**r, "commit_id": cid} for r in rows])
                for name, rows in tables.items()
            },
            commit_id=cid,
        )
    return wh.root


def _show(warehouse, *args: str):
    return runner.invoke(app, ["show", *args, "-w", str(warehouse)])


def test_a_full_id_shows_every_section(show_warehouse):
    res = _show(show_warehouse, "ab0001")
    assert res.exit_code == 0, res.output
    out = res.output
    for expected in (
        "story ab0001",
        "Lagos floods",
        "AFP",
        "dateline",
        "year inferred",  # structure, date evidence
        "Monday",
        "2024-05-06",  # a date in the text and its value
        "place:geonames:2332459",
        "6.454, 3.395",
        "Ada Obi",  # entities
        "We lost everything",
        "say",  # the quote and its speaker
        "the original of its group",
        "ab0002",
    ):  # the copy in its group
        assert expected in out, expected
    lagos = next(line for line in out.splitlines() if "place:geonames:2332459" in line)
    assert "│ 2 " in lagos  # two mentions, one row: grouped by entity_key


def test_a_unique_prefix_and_a_source_path_name_the_story(show_warehouse):
    assert "story cd0004" in _show(show_warehouse, "cd").output
    res = _show(show_warehouse, "/in/copy.txt")
    assert res.exit_code == 0 and "story ab0002" in res.output
    assert "a copy (exact, similarity 1.00) of ab0001" in res.output


def test_an_ambiguous_prefix_lists_the_candidates_on_one_line(show_warehouse):
    res = _show(show_warehouse, "ab")
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("storywire: error: SW441:")
    assert all(sid in lines[0] for sid in ("ab0001", "ab0002", "ab0003"))
    assert "cd0004" not in lines[0]


def test_a_feed_file_with_two_stories_is_ambiguous_with_its_item_keys(show_warehouse):
    res = _show(show_warehouse, "/in/feed.jsonl")
    assert res.exit_code == 2
    assert "feed.jsonl#r1" in res.output and "feed.jsonl#r2" in res.output


def test_no_match_is_a_one_line_error(show_warehouse):
    res = _show(show_warehouse, "zz")
    assert res.exit_code == 2
    assert (
        res.output.strip()
        == "storywire: error: SW440: no story matches 'zz' (not a story id, id prefix or source)"
    )


def test_json_is_one_object_with_every_section(show_warehouse):
    res = _show(show_warehouse, "ab0001", "--format", "json")
    assert res.exit_code == 0, res.output
    shown = json.loads(res.output)
    assert shown["story"]["story_id"] == "ab0001"
    assert shown["story"]["published_date"] == "2024-05-06"
    assert shown["story"]["published_date_source"] == "dateline"
    assert shown["story"]["duplicate_group"] == "ab0001"
    [lagos, ada] = shown["entities"]
    assert (lagos["entity_key"], lagos["mentions"], lagos["latitude"]) == (
        "place:geonames:2332459",
        2,
        6.454,
    )
    assert ada["canonical"] == "Ada Obi" and ada["label"] == "PERSON"
    assert [t["value"] for t in shown["timexes"]] == ["2024-05-06"]
    assert [q["speaker_key"] for q in shown["quotes"]] == ["person:ada obi"]
    assert [m["story_id"] for m in shown["duplicates"]] == ["ab0001", "ab0002"]
    assert len(shown["versions"]) == 1 and shown["versions"][0]["commit_id"]


def test_a_missing_warehouse_is_a_one_line_error(tmp_path):
    res = runner.invoke(app, ["show", "ab", "-w", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "SW201" in res.output


def test_a_path_that_is_not_utf8_is_looked_up_as_its_stored_uri(tmp_path):
    from storywire.flows.show import _as_path

    name = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt")  # as the command line gives it
    assert _as_path(name) == f"file://{tmp_path.resolve()}/caf%E9.txt"  # what ingest stored
    assert _as_path(f"file://{tmp_path.resolve()}/caf%E9.txt") == _as_path(name)
    assert _as_path(str(tmp_path / "plain.txt")) == str((tmp_path / "plain.txt").resolve())
