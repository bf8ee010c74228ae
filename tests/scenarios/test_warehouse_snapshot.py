"""The warehouse a fixed set of inputs produces, row for row, against a committed snapshot.

The inputs are the bundled samples, every test fixture file and a batch of generated stories,
copied with fixed modification times so that nothing depends on the day or the folder. What
varies from run to run (commit and run ids, timestamps, the folder the files sit in) is left
out or made relative; everything else of every table is compared. A change that alters what
lands in the warehouse fails here until the snapshot is written again on purpose with
``STORYWIRE_WRITE_SNAPSHOT=1 pytest tests/scenarios/test_warehouse_snapshot.py``, and the diff
of ``tests/fixtures/warehouse_snapshot.json`` then shows what changed.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, lake_connection, view_rows
from storygen import write_stories

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

SNAPSHOT = FIXTURES / "warehouse_snapshot.json"
FIXED_MTIME = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC).timestamp()
GENERATED = 40

# Columns that differ on every run whatever the code does.
VOLATILE = {"commit_id", "run_id", "ingested_at", "seen_at", "rejected_at", "pipeline_version"}
# Long text is compared by digest, to keep the snapshot readable.
DIGESTED = {"body", "minhash"}

TABLE_ORDER = {
    "stories": "source_uri, item_key",
    "entities": "source_uri, item_key, field, start_char, end_char, label",
    "timexes": "source_uri, item_key, field, start_char, end_char, value",
    "quotes": "source_uri, item_key, start_char, end_char",
    "rejects": "source_uri, item_key, reason",
    "sources": "source_uri",
}


def _build_inputs(root: Path) -> Path:
    src = root / "in"
    shutil.copytree(ROOT / "samples", src / "samples")
    for kind in ("wire", "html", "feeds", "encodings"):
        shutil.copytree(FIXTURES / kind, src / "fixtures" / kind)
    write_stories(src / "generated", GENERATED, seed=11)
    for path in src.rglob("*"):
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return src


def _plain(value: object, root: str) -> object:
    if isinstance(value, str):
        return value.replace(root, "<in>")
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, decimal.Decimal):
        return round(float(value), 4)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v, root) for v in value]
    return value


def _digest(value: object) -> str | None:
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def _snapshot(warehouse: Path, src: Path) -> dict[str, list[dict]]:
    # Rows of the story tables name their story by its source, not by its id (a hash of the
    # absolute path, which differs per run).
    queries = {}
    for table, order in TABLE_ORDER.items():
        if table in ("stories", "rejects", "sources"):
            queries[table] = f"select * from {table} order by {order}"
        else:
            queries[table] = (
                f"select s.source_uri, s.item_key, t.* exclude (story_id) from {table} t "
                f"join stories s using (story_id) order by {order}"
            )
    queries["stories"] = (
        "select s.*, d.source_uri as duplicate_of_uri, d.item_key as duplicate_of_key "
        "from stored.stories s "
        "left join stories d on d.story_id = s.duplicate_of order by s.source_uri, s.item_key"
    )
    con_rows = _rows_with_names(warehouse, queries)
    root = str(src)
    out: dict[str, list[dict]] = {}
    for table, rows in con_rows.items():
        cleaned = []
        for row in rows:
            item = {}
            for name, value in row.items():
                if name in VOLATILE or name in ("story_id", "duplicate_of"):
                    continue
                item[name] = _digest(value) if name in DIGESTED else _plain(value, root)
            cleaned.append(item)
        out[table] = cleaned
    return out


def _rows_with_names(warehouse: Path, queries: dict[str, str]) -> dict[str, list[dict]]:

    con = lake_connection(warehouse)
    try:
        out = {}
        for name, sql in queries.items():
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            out[name] = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        return out
    finally:
        con.close()


def test_sample_ingest_matches_the_committed_snapshot(tmp_path):
    from storywire.flows.ingest import ingest

    src = _build_inputs(tmp_path)
    ingest(sources=[str(src)], warehouse=str(tmp_path / "wh"))
    got = json.loads(json.dumps(_snapshot(tmp_path / "wh", src), ensure_ascii=False))
    assert view_rows(tmp_path / "wh", {"n": "select count(*) from stories"})["n"][0][0] > GENERATED
    if os.environ.get("STORYWIRE_WRITE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(got, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    want = json.loads(SNAPSHOT.read_text())
    assert sorted(got) == sorted(want)
    for table in want:
        assert len(got[table]) == len(want[table]), table
        for g, w in zip(got[table], want[table], strict=True):
            assert g == w, f"{table}: {w.get('source_uri')} {w.get('item_key')}"
