"""An ingest with nothing to read, finished before Prefect or spaCy start.

Most scheduled and repeated runs find every file as the last run left it. Deciding that
costs a listing and the manifest (well under a second); starting Prefect's temporary API,
importing the flow and loading spaCy cost several seconds more, all to write one ``runs``
row. So the command checks first: when every source is a file (or object) the manifest has
seen with the same size, mtime and ETag, it records the run in the warehouse itself and
prints the usual summary, without a Prefect flow run. Anything else (a new or changed file,
an HTTP URL, whose content alone can tell) goes through the flow as always.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

from storywire.flows import console, settings
from storywire.flows.report import RunSummary
from storywire.flows.rows import run_row
from storywire.tasks.read.sources import SourceRef, discover
from storywire.warehouse.lake import SourceState, Warehouse, WarehouseError, local_folder
from storywire.warehouse.schemas import to_table

#: Manifest states a run may skip a file in (the file is as that run left it).
SETTLED = ("ingested", "rejected", "listed", "unchanged")


def unchanged(ref: SourceRef, state: SourceState | None) -> bool:
    """Skip without reading: same size, mtime and ETag as the manifest's last entry."""
    if state is None or state.status not in SETTLED:
        return False
    if ref.size is None and ref.mtime is None and ref.etag is None:
        return False  # an HTTP URL: only its content can tell
    return (ref.size, ref.mtime, ref.etag) == (state.size, state.mtime, state.etag)


def files_if_all_unchanged(wh: Warehouse, sources: Sequence[str]) -> int | None:
    """How many files ``sources`` name when the manifest has seen every one unchanged;
    None when any needs reading (or is an HTTP URL)."""
    refs = discover(sources, exclude=[wh.root] if wh.is_local else [])
    if not refs or any(ref.is_http for ref in refs):
        return None
    known = wh.source_states(ref.uri for ref in refs)
    return len(refs) if all(unchanged(ref, known.get(ref.uri)) for ref in refs) else None


def record_unchanged_run(wh: Warehouse, sources: Sequence[str], files: int, started: float) -> RunSummary:
    """The ``runs`` row of a run that skipped all ``files`` (one commit), and its summary;
    ``started``: the command's ``time.perf_counter()`` at its start."""
    started_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=time.perf_counter() - started)
    summary = RunSummary(run_id=f"{started_at:%Y%m%dT%H%M%SZ}-unchanged", warehouse=wh.location,
                         files_seen=files, files_skipped=files)
    summary.seconds = round(time.perf_counter() - started, 3)
    row = run_row(summary, status="completed", sources=list(sources), started_at=started_at, flow_run_id=None,
                  model=None, pipeline_version=settings.pipeline_version())
    with wh.locked(timeout=settings.LOCK_TIMEOUT):
        wh.commit({"runs": to_table("runs", [{**row, "commit_id": ""}])})
    return summary


def skip_if_all_unchanged(warehouse: str, catalog: str | None, sources: Sequence[str]) -> RunSummary | None:
    """The summary of a run on an existing warehouse that had nothing to read, its run row
    recorded; None when the flow must run (which then reports any error itself)."""
    started = time.perf_counter()
    try:
        wh = Warehouse.open(warehouse, create=False, catalog=catalog)
    except WarehouseError:
        return None
    files = files_if_all_unchanged(wh, sources)
    if files is None:
        return None
    folder = local_folder(warehouse)
    if folder is not None:
        console.require_writable(folder)  # SW214: the run row is written
    return record_unchanged_run(wh, sources, files, started)
