"""Rows for the warehouse tables, built from the stages' records, shared by every flow.

Columns are named as the records' fields (``warehouse.rows.record_row`` checks them against
the schemas); what a record does not carry (lineage, model, timestamps) is added here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from storywire.flows.report import RunSummary
from storywire.tasks.enrich.stories import Enrichment
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.records import Reject, StoryDraft
from storywire.warehouse.rows import record_row, record_rows

#: The tables one story's rows go to.
STORY_TABLES = ("stories", "entities", "timexes", "quotes")


def story_rows(
    story: StoryDraft, enrichment: Enrichment, *, model: str | None, now: dt.datetime, lineage: Mapping
) -> dict[str, list[dict]]:
    """The ``stories`` row of one story and its ``entities``, ``timexes`` and ``quotes`` rows."""
    sid = {"story_id": story.story_id}
    return {
        "stories": [record_row("stories", story, model=model, ingested_at=now, **lineage)],
        "entities": record_rows("entities", enrichment.entities, model=model, **sid, **lineage),
        "timexes": record_rows("timexes", enrichment.timexes, anchor_date=story.published_date,
                               **sid, **lineage),
        "quotes": record_rows("quotes", enrichment.quotes, model=model, **sid, **lineage),
    }


def reject_row(reject: Reject, *, now: dt.datetime, lineage: Mapping) -> dict:
    return record_row("rejects", reject, rejected_at=now, **lineage)


def source_row(
    ref: SourceRef,
    payload: Payload | None,
    status: str,
    stories: int,
    *,
    now: dt.datetime,
    lineage: Mapping,
) -> dict:
    """The manifest row that lets the next run skip ``ref`` while it is unchanged."""
    return {
        "source_uri": ref.uri,
        "size": ref.size if ref.size is not None else (len(payload.data) if payload else None),
        "mtime": ref.mtime,
        "etag": ref.etag if ref.etag else (payload.etag if payload else None),
        "content_hash": payload.sha256 if payload else None,
        "status": status,
        "stories": stories,
        "seen_at": now,
        **lineage,
    }


def run_row(
    summary: RunSummary,
    *,
    status: str,
    sources: Sequence[str],
    started_at: dt.datetime,
    flow_run_id: str | None,
    model: str | None,
    pipeline_version: str,
) -> dict:
    """The ``runs`` row: what one ingest run did, written last, whatever its outcome."""
    s = summary
    return {
        "run_id": s.run_id,
        "flow_run_id": flow_run_id,
        "flow_name": "storywire-ingest",
        "status": status,
        "started_at": started_at,
        "finished_at": dt.datetime.now(dt.UTC),
        "sources": list(sources),
        "files_seen": s.files_seen,
        "stories_ingested": s.stories,
        "rejected": s.files_rejected,
        "skipped": s.files_skipped,
        "duplicates": s.duplicates,
        "entities": s.entities,
        "timexes": s.timexes,
        "quotes": s.quotes,
        "words": s.words,
        "seconds": s.seconds,
        "model": model,
        "pipeline_version": pipeline_version,
    }
