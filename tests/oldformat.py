"""A warehouse in storywire's format before DuckLake, written with pyarrow for the tests of
``storywire migrate``: ``_warehouse.json``, one folder of Parquet files per commit
(``commits/<commit_id>/<table>.parquet``), the empty first commit, a ``warehouse.duckdb``,
the ``.lock`` and a crashed commit left in ``_staging/``.

What it holds (the old views' answers are spelled out in ``CURRENT``):

- ``C1`` (run r1): stories s-dam (first text), s-port and s-port-copy (an exact copy), their
  entities, a timex, a quote, four sources, one reject. Written before three columns
  existed: its stories lack ``published_tz`` and ``minhash``, its timexes ``anchor_date``,
  its rejects ``transient``.
- ``C2``: run r1's row.
- ``C3`` (run r2): s-dam re-ingested with a new text (its second version) and that version's
  entities, timex and quote; dam.txt and empty.txt seen again; run r2's first row
  (``running``); a transient reject of a feed item and a permanent one of empty.txt.
- ``C4``: the feed item rejected again in the same run (newer detail), run r2 completed.
- ``_staging/`` holds a commit that never landed (story s-ghost): never visible.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from storywire.tasks.dedup import content_hash, minhash_signature, signature_bytes
from storywire.warehouse.schemas import TABLES

INIT = "00000000T000000000000Z-init"
C1 = "20240501T080000000000Z-a1b2c3"
C2 = "20240501T080500000000Z-d4e5f6"
C3 = "20240602T090000000000Z-0a0b0c"
C4 = "20240602T091000000000Z-0d0e0f"
STAGED = "20240602T100000000000Z-ffffff"

#: What the old views showed: (key, commit_id) of each table's current rows.
CURRENT: dict[str, set[tuple]] = {
    "stories": {("s-dam", C3), ("s-port", C1), ("s-port-copy", C1)},
    "story_versions": {("s-dam", C1), ("s-dam", C3), ("s-port", C1), ("s-port-copy", C1)},
    "sources": {("/in/dam.txt", C3), ("/in/port.txt", C1), ("/in/port-copy.txt", C1),
                ("/in/empty.txt", C3), ("/in/feed.json", C3)},
    "runs": {("r1", C2), ("r2", C4)},
    "rejects": {(("/in/empty.txt", "", "r1"), C1), (("/in/empty.txt", "", "r2"), C3),
                (("/in/feed.json", "3", "r2"), C4)},
}  # fmt: skip

DAM_V1 = (
    "RIVERTON (Wire) - The gates of the Riverton dam will open on Tuesday, the water board "
    "said, after a week of heavy rain filled the reservoir to the brim."
)
DAM_V2 = (
    'RIVERTON (Wire) - The gates of the Riverton dam opened on Tuesday morning. "We are '
    'ready for the flood," Mayor Ana Ruiz said, as crews stacked sandbags along the quay.'
)
PORT = (
    "HALDEN (Wire) - The Port of Halden handled a record number of containers in April, its "
    'director said. "The new cranes paid off," said Lena Moe, the port\'s director.'
)
T1 = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)
T3 = dt.datetime(2024, 6, 2, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class OldWarehouse:
    """The folder and every row written, by commit and table (as given, before the columns
    a commit's files lack were dropped)."""

    root: Path
    commits: dict[str, dict[str, list[dict]]]

    def rows(self, table: str, commit_id: str) -> list[dict]:
        return self.commits.get(commit_id, {}).get(table, [])


def _story(
    story_id: str,
    source: str,
    headline: str,
    body: str,
    cid: str,
    run: str,
    at: dt.datetime,
    **extra,
) -> dict:
    return {
        "story_id": story_id, "source_uri": source, "item_key": "", "content_hash": content_hash(headline, body),
        "input_format": "text", "encoding": "utf-8", "headline": headline, "body": body,
        "dateline": body.split(" (")[0], "agency": "Wire", "paragraphs": 1, "word_count": len(body.split()),
        "language": "en", "language_confidence": 0.75, "published_date": at.date(),
        "published_date_source": "header", "published_at": at, "published_tz": "+00:00",
        "trailers": [], "warnings": ["no_byline"], "model": "en_core_web_sm", "ingested_at": at,
        "minhash": signature_bytes(minhash_signature(body)), "commit_id": cid, "run_id": run,
        "pipeline_version": "0.9.0", **extra,
    }  # fmt: skip


def _entity(story_id: str, text: str, label: str, start: int, cid: str, run: str) -> dict:
    return {"story_id": story_id, "field": "body", "start_char": start, "end_char": start + len(text),
            "text": text, "label": label, "sentence": 0, "canonical": text, "entity_key": text.lower(),
            "model": "en_core_web_sm", "commit_id": cid, "run_id": run, "pipeline_version": "0.9.0"}  # fmt: skip


def _timex(story_id: str, value: str, cid: str, run: str, anchor: dt.date) -> dict:
    return {"story_id": story_id, "field": "body", "start_char": 60, "end_char": 67, "text": "Tuesday",
            "type": "DATE", "value": value, "anchor_date": anchor, "commit_id": cid, "run_id": run,
            "pipeline_version": "0.9.0"}  # fmt: skip


def _quote(story_id: str, text: str, speaker: str, cid: str, run: str) -> dict:
    return {"story_id": story_id, "start_char": 80, "end_char": 80 + len(text), "text": text, "speaker": speaker,
            "speaker_canonical": speaker, "speaker_key": speaker.lower(), "verb": "said", "paragraph": 0,
            "model": "en_core_web_sm", "commit_id": cid, "run_id": run, "pipeline_version": "0.9.0"}  # fmt: skip


def _source(
    uri: str, size: int, status: str, stories: int, at: dt.datetime, cid: str, run: str
) -> dict:
    return {"source_uri": uri, "size": size, "mtime": at - dt.timedelta(hours=1), "etag": None,
            "content_hash": f"{size:064x}", "status": status, "stories": stories, "seen_at": at,
            "commit_id": cid, "run_id": run, "pipeline_version": "0.9.0"}  # fmt: skip


def _reject(
    uri: str,
    item: str,
    reason: str,
    detail: str,
    transient: bool,
    at: dt.datetime,
    cid: str,
    run: str,
) -> dict:
    return {"source_uri": uri, "item_key": item, "reason": reason, "detail": detail, "transient": transient,
            "rejected_at": at, "commit_id": cid, "run_id": run, "pipeline_version": "0.9.0"}  # fmt: skip


def _run(run_id: str, status: str, started: dt.datetime, stories: int, cid: str) -> dict:
    return {"run_id": run_id, "flow_run_id": f"flow-{run_id}", "flow_name": "storywire-ingest", "status": status,
            "started_at": started, "finished_at": started + dt.timedelta(minutes=4), "sources": ["/in"],
            "files_seen": 4, "stories_ingested": stories, "rejected": 1, "skipped": 0, "duplicates": 1,
            "entities": 3, "timexes": 1, "quotes": 1, "words": 90, "seconds": 240.5, "model": "en_core_web_sm",
            "commit_id": cid, "pipeline_version": "0.9.0"}  # fmt: skip


def old_commits() -> dict[str, dict[str, list[dict]]]:
    """Every commit's rows (see the module doc)."""
    dam_v2 = "Riverton dam opens as rain goes on"
    return {
        INIT: {name: [] for name in TABLES},
        C1: {
            "stories": [
                _story("s-dam", "/in/dam.txt", "Riverton dam to open", DAM_V1, C1, "r1", T1),
                _story("s-port", "/in/port.txt", "Halden port sets record", PORT, C1, "r1", T1),
                _story(
                    "s-port-copy",
                    "/in/port-copy.txt",
                    "Halden port sets record",
                    PORT,
                    C1,
                    "r1",
                    T1,
                    duplicate_of="s-port",
                    duplicate_kind="exact",
                    duplicate_similarity=1.0,
                ),
            ],
            "entities": [
                _entity("s-dam", "Riverton", "GPE", 0, C1, "r1"),
                _entity("s-port", "Port of Halden", "FAC", 20, C1, "r1"),
                _entity("s-port-copy", "Port of Halden", "FAC", 20, C1, "r1"),
            ],
            "timexes": [_timex("s-dam", "2024-05-07", C1, "r1", T1.date())],
            "quotes": [_quote("s-port", "The new cranes paid off,", "Lena Moe", C1, "r1")],
            "sources": [
                _source("/in/dam.txt", 180, "ingested", 1, T1, C1, "r1"),
                _source("/in/port.txt", 170, "ingested", 1, T1, C1, "r1"),
                _source("/in/port-copy.txt", 170, "ingested", 1, T1, C1, "r1"),
                _source("/in/empty.txt", 0, "rejected", 0, T1, C1, "r1"),
            ],
            "rejects": [
                _reject("/in/empty.txt", "", "empty", "the file is empty", False, T1, C1, "r1")
            ],
        },
        C2: {"runs": [_run("r1", "completed", T1, 3, C2)]},
        C3: {
            "stories": [_story("s-dam", "/in/dam.txt", dam_v2, DAM_V2, C3, "r2", T3)],
            "entities": [
                _entity("s-dam", "Riverton", "GPE", 0, C3, "r2"),
                _entity("s-dam", "Ana Ruiz", "PERSON", 105, C3, "r2"),
            ],
            "timexes": [_timex("s-dam", "2024-06-04", C3, "r2", T3.date())],
            "quotes": [_quote("s-dam", "We are ready for the flood,", "Ana Ruiz", C3, "r2")],
            "sources": [
                _source("/in/dam.txt", 190, "ingested", 1, T3, C3, "r2"),
                _source("/in/empty.txt", 0, "rejected", 0, T3, C3, "r2"),
                _source("/in/feed.json", 900, "rejected", 0, T3, C3, "r2"),
            ],
            "rejects": [
                _reject("/in/empty.txt", "", "empty", "the file is empty", False, T3, C3, "r2"),
                _reject(
                    "/in/feed.json", "3", "fetch_failed", "timed out after 30 s", True, T3, C3, "r2"
                ),
            ],
            "runs": [_run("r2", "running", T3, 0, C3)],
        },
        C4: {
            "rejects": [
                _reject(
                    "/in/feed.json", "3", "fetch_failed", "timed out after 60 s", True, T3, C4, "r2"
                )
            ],
            "runs": [_run("r2", "completed", T3, 1, C4)],
        },
    }


#: Columns C1's files were written without (added to the schemas later).
C1_LACKS = {
    "stories": ("published_tz", "minhash"),
    "timexes": ("anchor_date",),
    "rejects": ("transient",),
}


def write_commit(
    folder: Path, tables: dict[str, list[dict]], lacks: dict[str, tuple[str, ...]] | None = None
) -> None:
    """One commit folder: a Parquet file per table, without the columns ``lacks`` names."""
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        schema = TABLES[name]
        table = pa.Table.from_pylist(rows, schema=schema)
        dropped = (lacks or {}).get(name, ())
        table = table.select([n for n in schema.names if n not in dropped])
        pq.write_table(table, folder / f"{name}.parquet", compression="zstd")


def write_old_warehouse(root: Path) -> OldWarehouse:
    """The old-format warehouse of the module doc at ``root`` (a new folder)."""
    commits = old_commits()
    root.mkdir(parents=True)
    (root / "_warehouse.json").write_text(
        json.dumps({"format": "storywire-warehouse", "schema_version": 1}, indent=2) + "\n"
    )
    (root / ".lock").touch()
    for cid, tables in commits.items():
        write_commit(root / "commits" / cid, tables, C1_LACKS if cid == C1 else None)
    ghost = _story("s-ghost", "/in/ghost.txt", "Never committed", PORT, STAGED, "r3", T3)
    write_commit(root / "_staging" / STAGED, {"stories": [ghost]})
    con = duckdb.connect(str(root / "warehouse.duckdb"))  # the old views' database (stale here)
    con.execute("create view stories as select 1 as story_id")
    con.close()
    return OldWarehouse(root, commits)


def lacking(table: str, commit_id: str, row: dict) -> dict:
    """``row`` as its commit's file holds it: every column, those the file lacks null."""
    dropped = C1_LACKS.get(table, ()) if commit_id == C1 else ()
    return {name: (None if name in dropped else row.get(name)) for name in TABLES[table].names}
