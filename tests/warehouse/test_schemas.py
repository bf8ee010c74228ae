from __future__ import annotations

import pytest

from storywire.warehouse.schemas import TABLES, columns, to_table


@pytest.mark.parametrize("table", [t for t in TABLES if t != "runs"])
def test_every_written_table_carries_lineage(table):
    assert {"commit_id", "run_id", "pipeline_version"} <= set(columns(table))


def test_unknown_columns_are_an_error_not_a_silent_drop():
    with pytest.raises(KeyError, match="SW101"):
        to_table("stories", [{"story_id": "a", "source_uri": "x", "commit_id": "c", "headlne": "typo"}])


def test_missing_columns_become_nulls():
    t = to_table("rejects", [{"source_uri": "/x", "reason": "empty", "commit_id": "c"}])
    assert t.num_rows == 1 and t.column("detail").to_pylist() == [None]
