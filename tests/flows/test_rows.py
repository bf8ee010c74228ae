"""Warehouse rows built from hand-made records: lineage, model and timestamps are added, and
every row fits its table's schema (the writer would refuse it otherwise)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from storywire.flows.report import RunSummary
from storywire.flows.rows import STORY_TABLES, reject_row, run_row, source_row, story_rows
from storywire.tasks.enrich.stories import Enrichment
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.records import EntityMention, QuoteMention, Reject, StoryDraft, TimexMention
from storywire.warehouse.schemas import TABLES, to_table

NOW = dt.datetime(2024, 5, 6, 12, 30, tzinfo=dt.UTC)
LINEAGE = {"commit_id": "c-0001", "run_id": "r-0001", "pipeline_version": "storywire-test"}
MODEL = "en_core_web_sm-3.8.0"
PUBLISHED = dt.date(2024, 5, 6)


def _story() -> StoryDraft:
    return StoryDraft(
        story_id="s1", source_uri="/in/a.txt", item_key="", input_format="text", encoding="utf-8",
        headline="Dam opens", body="Officials said the dam opened on Monday.", content_hash="h1",
        agency="AP", published_date=PUBLISHED, published_date_source="dateline",
        warnings=["w1"], trailers=["(Reporting by X)"],
    )


def _enrichment() -> Enrichment:
    return Enrichment(
        entities=[
            EntityMention(start=0, end=9, text="Officials", label="NORP", sentence=0,
                          canonical="Officials", entity_key="norp:officials"),
            EntityMention(start=4, end=7, text="Dam", label="FAC", sentence=0, canonical="Dam",
                          entity_key="fac:dam", field="headline", country_code="US",
                          latitude=1.5, longitude=-2.5, geonames_id=42),
        ],
        timexes=[
            TimexMention(start=32, end=38, text="Monday", type="DATE", value="2024-05-06",
                         range_start=PUBLISHED, range_end=PUBLISHED),
        ],
        quotes=[QuoteMention(start=0, end=10, text="it opened", speaker="Officials", verb="say",
                             paragraph=0)],
    )


def _assert_fits(table: str, rows: list[dict]) -> None:
    """Every key is a column of ``table`` and the schema accepts the rows as they are."""
    for row in rows:
        assert set(row) <= set(TABLES[table].names), set(row) - set(TABLES[table].names)
    assert to_table(table, rows).num_rows == len(rows)


# --- story_rows ----------------------------------------------------------------------------


def test_story_rows_fill_every_story_table():
    rows = story_rows(_story(), _enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)
    assert tuple(rows) == STORY_TABLES
    assert [len(rows[t]) for t in STORY_TABLES] == [1, 2, 1, 1]
    for table in STORY_TABLES:
        _assert_fits(table, rows[table])


def test_story_row_carries_the_story_model_timestamp_and_lineage():
    [row] = story_rows(_story(), Enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)["stories"]
    assert row["story_id"] == "s1" and row["headline"] == "Dam opens" and row["agency"] == "AP"
    assert row["published_date"] == PUBLISHED and row["warnings"] == ["w1"]
    assert row["model"] == MODEL and row["ingested_at"] == NOW
    assert {k: row[k] for k in LINEAGE} == LINEAGE
    table = to_table("stories", [row])
    assert table.column("ingested_at").to_pylist() == [NOW]
    assert table.column("trailers").to_pylist() == [["(Reporting by X)"]]


def test_mention_rows_carry_the_story_id_model_and_lineage():
    rows = story_rows(_story(), _enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)
    for table in ("entities", "quotes"):
        for row in rows[table]:
            assert row["story_id"] == "s1" and row["model"] == MODEL
            assert {k: row[k] for k in LINEAGE} == LINEAGE
    for row in rows["timexes"]:
        assert row["story_id"] == "s1" and {k: row[k] for k in LINEAGE} == LINEAGE


def test_entity_rows_keep_the_mention_fields_with_renamed_offsets():
    rows = story_rows(_story(), _enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)["entities"]
    assert [(r["start_char"], r["end_char"], r["text"], r["field"]) for r in rows] == [
        (0, 9, "Officials", "body"), (4, 7, "Dam", "headline")]
    assert (rows[1]["country_code"], rows[1]["latitude"], rows[1]["longitude"],
            rows[1]["geonames_id"]) == ("US", 1.5, -2.5, 42)


def test_timex_rows_are_anchored_on_the_publication_date():
    rows = story_rows(_story(), _enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)["timexes"]
    assert [r["anchor_date"] for r in rows] == [PUBLISHED]
    assert rows[0]["value"] == "2024-05-06" and rows[0]["range_start"] == PUBLISHED
    assert "model" not in rows[0]  # the timexes table has no model column: rules, not the model


def test_timex_rows_of_an_undated_story_have_no_anchor():
    story = _story()
    story.published_date = None
    rows = story_rows(story, _enrichment(), model=MODEL, now=NOW, lineage=LINEAGE)["timexes"]
    assert [r["anchor_date"] for r in rows] == [None]


def test_story_rows_without_a_model_write_nulls():
    rows = story_rows(_story(), _enrichment(), model=None, now=NOW, lineage=LINEAGE)
    assert rows["stories"][0]["model"] is None
    assert {r["model"] for t in ("entities", "quotes") for r in rows[t]} == {None}


# --- reject_row ----------------------------------------------------------------------------


def test_reject_row_carries_the_reject_time_and_lineage():
    reject = Reject(source_uri="/in/b.bin", reason="binary", detail="NUL bytes", item_key="3",
                    transient=True)
    row = reject_row(reject, now=NOW, lineage=LINEAGE)
    assert row == {"source_uri": "/in/b.bin", "item_key": "3", "reason": "binary",
                   "detail": "NUL bytes", "transient": True, "rejected_at": NOW, **LINEAGE}
    _assert_fits("rejects", [row])


# --- source_row ----------------------------------------------------------------------------


MTIME = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
DATA = b"Dam opens\n\nOfficials said so.\n"


def _payload(ref: SourceRef, etag: str | None = "payload-etag") -> Payload:
    return Payload(ref=ref, data=DATA, fetched_at=NOW, etag=etag)


def test_source_row_prefers_what_the_listing_said():
    ref = SourceRef(uri="https://example.test/a", size=999, mtime=MTIME, etag="ref-etag")
    row = source_row(ref, _payload(ref), "ingested", 2, now=NOW, lineage=LINEAGE)
    assert row == {"source_uri": "https://example.test/a", "size": 999, "mtime": MTIME,
                   "etag": "ref-etag", "content_hash": hashlib.sha256(DATA).hexdigest(),
                   "status": "ingested", "stories": 2, "seen_at": NOW, **LINEAGE}
    _assert_fits("sources", [row])


def test_source_row_falls_back_on_the_payload():
    ref = SourceRef(uri="https://example.test/a")
    row = source_row(ref, _payload(ref), "ingested", 1, now=NOW, lineage=LINEAGE)
    assert (row["size"], row["etag"]) == (len(DATA), "payload-etag")
    assert row["content_hash"] == hashlib.sha256(DATA).hexdigest()
    _assert_fits("sources", [row])


def test_source_row_keeps_a_listed_size_of_zero():
    ref = SourceRef(uri="/in/empty.txt", size=0)
    assert source_row(ref, _payload(ref), "rejected", 0, now=NOW, lineage=LINEAGE)["size"] == 0


@pytest.mark.parametrize("ref", [SourceRef(uri="/in/gone.txt"),
                                 SourceRef(uri="/in/big.txt", size=7, mtime=MTIME, etag="e")])
def test_source_row_without_payload(ref):
    row = source_row(ref, None, "rejected", 0, now=NOW, lineage=LINEAGE)
    assert row["content_hash"] is None
    assert (row["size"], row["etag"], row["mtime"]) == (ref.size, ref.etag, ref.mtime)
    assert (row["status"], row["stories"], row["seen_at"]) == ("rejected", 0, NOW)
    _assert_fits("sources", [row])


# --- run_row -------------------------------------------------------------------------------


def test_run_row_maps_the_summary_onto_the_runs_columns():
    summary = RunSummary(run_id="r-0001", warehouse="/wh", files_seen=10, files_ingested=6,
                         files_rejected=2, files_skipped=1, files_listed=1, stories=8, rejects=3,
                         duplicates=1, entities=40, timexes=12, quotes=5, words=900, seconds=3.25)
    started = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
    before = dt.datetime.now(dt.UTC)
    row = run_row(summary, status="completed", sources=("/in", "https://example.test/feed"),
                  started_at=started, flow_run_id="fr-1", model=MODEL,
                  pipeline_version="storywire-test")
    after = dt.datetime.now(dt.UTC)
    finished = row.pop("finished_at")
    assert before <= finished <= after and finished.tzinfo is not None
    assert row == {
        "run_id": "r-0001", "flow_run_id": "fr-1", "flow_name": "storywire-ingest",
        "status": "completed", "started_at": started,
        "sources": ["/in", "https://example.test/feed"],
        "files_seen": 10, "stories_ingested": 8, "rejected": 2, "skipped": 1,
        "duplicates": 1, "entities": 40, "timexes": 12, "quotes": 5, "words": 900,
        "seconds": 3.25, "model": MODEL, "pipeline_version": "storywire-test",
    }
    _assert_fits("runs", [{**row, "finished_at": finished}])


def test_run_row_of_a_failed_run_without_a_flow_run():
    row = run_row(RunSummary(run_id="r-2"), status="failed", sources=[], started_at=NOW,
                  flow_run_id=None, model=None, pipeline_version="storywire-test")
    assert (row["status"], row["flow_run_id"], row["model"], row["sources"]) == ("failed", None, None, [])
    assert row["stories_ingested"] == row["rejected"] == row["skipped"] == 0
    _assert_fits("runs", [row])
