"""Rows from dataclass records: the schema decides which fields are stored, and an extra value
for a column the table lacks is a bug caught at once (SW102), not a silently dropped value."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storywire.warehouse.rows import record_row, record_rows
from storywire.warehouse.schemas import columns, to_table


@dataclass(frozen=True)
class Quote:
    """A record shaped like the quotes a stage returns, plus a field no table stores."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    scratch: str = "not stored"


def test_columns_come_from_the_record_with_offsets_renamed():
    row = record_row("quotes", Quote(3, 9, "hello", speaker="Aliyev"))
    assert row == {"start_char": 3, "end_char": 9, "text": "hello", "speaker": "Aliyev"}


def test_fields_the_table_does_not_store_are_left_out():
    row = record_row("quotes", Quote(0, 1, "x"))
    assert "scratch" not in row and "start" not in row and "end" not in row
    assert set(row) <= set(columns("quotes"))


def test_extras_are_merged_into_the_row():
    row = record_row("quotes", Quote(0, 5, "words"), story_id="s1", model="m", commit_id="c")
    assert row == {"start_char": 0, "end_char": 5, "text": "words", "speaker": None,
                   "story_id": "s1", "model": "m", "commit_id": "c"}
    assert to_table("quotes", [row]).column("story_id").to_pylist() == ["s1"]


def test_an_extra_wins_over_the_record_field_of_the_same_column():
    assert record_row("quotes", Quote(0, 5, "words"), text="other")["text"] == "other"


def test_an_unknown_extra_column_raises_with_its_code():
    with pytest.raises(KeyError, match=r"SW102: 'modle' is not a column of 'quotes'"):
        record_row("quotes", Quote(0, 1, "x"), story_id="s1", modle="typo")


def test_an_extra_must_be_a_column_of_this_table():
    # ``anchor_date`` is a column of timexes, not of quotes
    with pytest.raises(KeyError, match="SW102"):
        record_row("quotes", Quote(0, 1, "x"), anchor_date=None)


def test_record_rows_gives_one_row_per_record_with_the_same_extras():
    rows = record_rows("quotes", [Quote(0, 1, "a"), Quote(2, 3, "b")], story_id="s1")
    assert [(r["text"], r["start_char"], r["story_id"]) for r in rows] == [("a", 0, "s1"), ("b", 2, "s1")]
    assert record_rows("quotes", [], story_id="s1") == []


def test_record_rows_checks_extras_even_per_record():
    with pytest.raises(KeyError, match="SW102"):
        record_rows("quotes", [Quote(0, 1, "a")], nope=1)
