"""The ingest flow: raw story files -> cleaned, enriched, deduplicated warehouse commits.

Reading order for a newcomer: ``ingest`` (this flow) -> ``tasks.batch`` (Prefect tasks per
chunk) -> ``tasks.stories`` (cleaning) / ``tasks.enrich`` (entities, dates, quotes) ->
``warehouse.store`` (atomic commits) -> ``warehouse/views/*.sql`` (what queries see).

Per chunk of sources, as task futures on the flow's task runner: fetch (I/O, retried) ->
clean (pure) -> enrich (NER in warm worker processes, ``tasks.workers``, while this process
resolves dates; several chunks in flight). Then, here in the flow and in chunk order: the
duplicate check (against the chunk's candidates looked up in the warehouse,
``tasks.dedup.stored_candidates``, and the chunk's earlier stories) and one atomic commit
holding the chunk's stories, entities, dates, quotes, rejects and manifest rows; every ~1,000
stories, the data-quality checks over the commits just made (``warehouse.checks.CommitChecks``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import functools
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import opaque, quote

from storywire.flows.report import RunFacts, publish
from storywire.flows.settings import DEFAULT_MODEL, DEFAULT_WAREHOUSE, pipeline_version
from storywire.flows.tasks import (
    EnrichedChunk,
    Unchanged,
    clean_batch,
    enrich_batch,
    fetch_batch,
    tasks_run_in_flow_process,
)
from storywire.tasks.clean.stories import Reject, StoryDraft, UrlList
from storywire.tasks.dedup import (
    DEFAULT_THRESHOLD,
    DuplicateIndex,
    signature_from_bytes,
    stored_candidates,
)
from storywire.tasks.enrich.workers import close_pools, warm_up_pool
from storywire.tasks.read.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchLimits, Payload
from storywire.tasks.read.sources import SourceRef, discover
from storywire.warehouse.checks import CommitChecks, DataQualityError, raise_if_failed
from storywire.warehouse.rows import record_row, record_rows
from storywire.warehouse.schemas import TABLES, to_table
from storywire.warehouse.store import SourceState, Warehouse

__all__ = ["DataQualityError", "RunSummary", "ingest"]

#: Optional progress callback (files done, files total), set by the CLI on a terminal.
ProgressHook = Callable[[int, int], None]
_progress_hook: ProgressHook | None = None


def set_progress_hook(hook: ProgressHook | None) -> None:
    global _progress_hook
    _progress_hook = hook


@dataclass(slots=True)
class RunSummary:
    """Every input file is counted once: seen = ingested + rejected + skipped + listed."""

    run_id: str = ""
    warehouse: str = ""
    files_seen: int = 0
    files_ingested: int = 0
    files_rejected: int = 0
    files_skipped: int = 0
    files_listed: int = 0  # HTTP sources that were lists of story URLs
    stories: int = 0
    rejects: int = 0  # reject rows (whole files and single feed records)
    duplicates: int = 0
    entities: int = 0
    timexes: int = 0
    quotes: int = 0
    words: int = 0
    seconds: float = 0.0
    reject_reasons: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        listed = f", {self.files_listed} URL lists" if self.files_listed else ""
        return (
            f"{self.files_seen} files seen: {self.stories} stories ingested from "
            f"{self.files_ingested} files, {self.files_rejected} files rejected "
            f"({self.rejects} reject rows), {self.files_skipped} skipped as already seen{listed}; "
            f"{self.duplicates} duplicates; {self.entities} entities, {self.timexes} dates, "
            f"{self.quotes} quotes in {self.seconds:.1f}s"
        )


@task(name="discover-sources", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def discover_sources(sources: Sequence[str], exclude: Sequence[Path]) -> list[SourceRef]:
    return discover(sources, exclude=exclude)


@task(name="commit", cache_policy=NO_CACHE)
def commit_tables(wh: Warehouse, tables: dict[str, list[dict]]) -> str:
    """One atomic warehouse commit (no retry: a commit either happened or left nothing)."""
    commit_id = wh.new_commit_id()
    return wh.commit(
        {name: to_table(name, [{**r, "commit_id": commit_id} for r in rows]) for name, rows in tables.items()},
        commit_id=commit_id,
    )


def unchanged(ref: SourceRef, state: SourceState | None) -> bool:
    """Skip without reading: same size, mtime and ETag as the manifest's last entry."""
    if state is None or state.status not in ("ingested", "rejected", "listed", "unchanged"):
        return False
    if ref.size is None and ref.mtime is None and ref.etag is None:
        return False  # an HTTP URL: only its content can tell
    return (ref.size, ref.mtime, ref.etag) == (state.size, state.mtime, state.etag)


@flow(name="storywire-ingest", log_prints=False)
def ingest(
    sources: list[str],
    warehouse: str = DEFAULT_WAREHOUSE,
    model: str = DEFAULT_MODEL,
    chunk_size: int = 256,
    batch_size: int = 32,
    n_process: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    near_duplicate_threshold: float = DEFAULT_THRESHOLD,
    lock_timeout: float = -1,
    chunks_in_flight: int | None = None,
) -> dict:
    """Ingest SOURCES (folders, globs, files, http(s) URLs, fsspec URLs) into WAREHOUSE.

    Re-runs are incremental and idempotent: a file already ingested or rejected and unchanged
    is skipped, and a changed one replaces its stories. Chunks are fetched, cleaned and
    enriched as task futures on the flow's task runner, ``chunks_in_flight`` at a time. With
    the default thread runner, NER runs in ``n_process`` warm worker processes
    (``tasks.workers``) and three chunks are in flight (default), so the workers always have
    the next chunk's stories queued while this process cleans and commits; the first chunks
    are small (batch_size, doubling up to ``chunk_size``) so NER starts at once. On a Dask
    cluster (``DaskTaskRunner``) each task runs on a worker, spaCy in place, one chunk per
    worker. The duplicate check and the commits happen here, in chunk order, so the result
    does not depend on the runner.
    """
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    ctx = get_run_context()
    flow_run_id = str(ctx.flow_run.id) if getattr(ctx, "flow_run", None) else None
    run = _Run(
        threshold=near_duplicate_threshold,
        summary=RunSummary(run_id=f"{started_at:%Y%m%dT%H%M%SZ}-{(flow_run_id or 'local')[:8]}"),
        lineage={"pipeline_version": pipeline_version()},
    )
    run.lineage["run_id"] = run.summary.run_id
    limits = FetchLimits(max_bytes=max_bytes, timeout=timeout)
    wh = Warehouse.open(warehouse)
    run.summary.warehouse = wh.location
    checks = CommitChecks(wh.connect)
    pooled = tasks_run_in_flow_process()
    if chunks_in_flight is None:
        chunks_in_flight = 3 if pooled else 1

    with wh.locked(timeout=lock_timeout):
        refs = discover_sources(sources, exclude=[wh.root] if wh.is_local else [])
        run.known = wh.source_states()
        queue = deque(_plan(refs, run))
        logger.info("%d files: %d to read, %d unchanged since the last run",
                    run.summary.files_seen, len(queue), run.summary.files_skipped)
        listed = {r.uri for r in refs}
        done = run.summary.files_skipped
        _report(done, run.summary.files_seen)
        status = "failed"
        try:
            in_flight: deque[tuple[list[SourceRef], PrefectFuture]] = deque()
            previous_clean: list[PrefectFuture] = []
            # Ramp up: small first chunks get NER going while later, full-size chunks are read.
            size = min(chunk_size, batch_size) if pooled else chunk_size
            if pooled and queue:
                warm_up_pool(model, n_process, batch_size)  # load the model while chunk 1 is read
            while queue or in_flight:
                while queue and len(in_flight) < max(1, chunks_in_flight):
                    chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
                    size = min(chunk_size, size * 2)
                    known_hashes = {r.uri: run.known[r.uri].content_hash for r in chunk
                                    if r.uri in run.known and run.known[r.uri].content_hash}
                    fetched = fetch_batch.submit(chunk, limits)
                    if pooled:
                        # opaque: Prefect would otherwise walk every payload and story of the
                        # results it passes on, looking for futures (measured: ~20% of a run).
                        # wait_for: cleaning in chunk order, so NER work reaches the pool in order.
                        cleaned = clean_batch.submit(opaque(fetched), known_hashes, wait_for=previous_clean)
                        enriched = enrich_batch.submit(opaque(cleaned), model, batch_size, n_process, True)
                        previous_clean = [cleaned]
                    else:  # Dask serializes arguments itself (annotations would not survive it)
                        cleaned = clean_batch.submit(fetched, known_hashes)
                        enriched = enrich_batch.submit(cleaned, model, batch_size, n_process, False)
                    in_flight.append((chunk, enriched))
                chunk, future = in_flight.popleft()
                tables, new_refs = _chunk_tables(chunk, future.result(), run, wh)
                for ref in new_refs:
                    if ref.uri not in listed:
                        listed.add(ref.uri)
                        run.summary.files_seen += 1
                        queue.append(ref)
                if any(tables.values()):
                    commit_id = commit_tables(wh, quote(tables))  # quote: rows hold no futures
                    checks.add(commit_id, len(tables["stories"]))
                del tables
                _trim_heap()
                done += len(chunk)
                _report(done, run.summary.files_seen)
            results = checks.results()
            status = "completed" if all(c.passed for c in results) else "failed_checks"
        finally:
            run.summary.seconds = round(time.perf_counter() - started, 3)
            close_pools()  # idle workers would hold the model's memory until the process ends
            commit_tables(wh, quote({"runs": [_run_row(run, status, sources, started_at, flow_run_id)]}))
            wh.build_database()
    publish(run.summary, run.facts, results)
    raise_if_failed(results)
    logger.info(run.summary.line())
    return asdict(run.summary)


@dataclass(slots=True)
class _Run:
    """State one flow run carries from chunk to chunk."""

    summary: RunSummary
    lineage: dict
    threshold: float  # near-duplicate similarity
    known: dict[str, SourceState] = field(default_factory=dict)
    model: str | None = None
    facts: RunFacts = field(default_factory=RunFacts)


def _plan(refs: Sequence[SourceRef], run: _Run) -> list[SourceRef]:
    """Count every listed file; return those that need reading (the rest are skipped)."""
    todo = []
    for ref in refs:
        run.summary.files_seen += 1
        if unchanged(ref, run.known.get(ref.uri)):
            run.summary.files_skipped += 1
        else:
            todo.append(ref)
    return todo


def _run_row(
    run: _Run, status: str, sources: Sequence[str], started_at: dt.datetime, flow_run_id: str | None
) -> dict:
    s = run.summary
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
        "model": run.model,
        "pipeline_version": run.lineage["pipeline_version"],
    }


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:  # not glibc (musl, macOS, Windows): nothing to tune
        return None


def _libc_malloc_trim() -> Callable[[int], int] | None:
    libc = _glibc()
    return libc.malloc_trim if libc is not None else None


_M_ARENA_MAX = -8  # glibc <malloc.h>


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Let glibc keep at most ``arenas`` heaps for this process's threads.

    By default glibc gives each of the flow's ~20 threads (Prefect's, the task runner's,
    DuckDB's) up to 8 x cores heaps, and memory freed in one heap is reused only by the
    threads that allocate there: measured on 4,000 stories, RSS crept up ~10 MB per 1,000
    stories in freed-but-kept blocks, and stayed flat with two arenas. Same effect as
    ``MALLOC_ARENA_MAX=2``, which wins when the user set it. Call before threads start.
    """
    libc = _glibc()
    if libc is not None and "MALLOC_ARENA_MAX" not in os.environ:
        libc.mallopt(_M_ARENA_MAX, arenas)


limit_malloc_arenas()  # at import: before Prefect, the task runner and DuckDB start threads


def use_system_arrow_pool() -> None:
    """Have Arrow allocate through glibc's malloc, so ``_trim_heap`` hands its freed buffers
    back too.

    pyarrow's default pool (mimalloc) keeps the pages of freed buffers for reuse: the flow
    builds and reads Arrow tables on every chunk (rows to commit, stored signatures for the
    duplicate check). Measured over an in-process ingest of the 1k bench input: held after
    the 5th chunk 467 MB with mimalloc, 428 with the system pool; peak 506 -> 475 MB. The
    Arrow work is about 1 s per 1,000 stories either way.

    ``storywire.flows`` sets ``ARROW_DEFAULT_MEMORY_POOL=system`` before pyarrow is imported,
    which is what Parquet reading and writing follow (Arrow's C++ default pool is chosen once,
    from that variable); this also points pyarrow's own default at it when pyarrow was
    imported first. A pool the user chose with the variable is left alone.
    """
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL", "system") == "system":
        pa.set_memory_pool(pa.system_memory_pool())


use_system_arrow_pool()


def _trim_heap() -> None:
    """Hand the memory freed by a committed chunk back to the OS.

    A chunk's stories, entities and Arrow buffers are freed after its commit, but glibc keeps
    freed blocks in its heap and the process's RSS creeps up run after run; ``malloc_trim``
    releases them (Dask workers do the same for the same reason). A no-op off glibc.
    """
    trim = _libc_malloc_trim()
    if trim is not None:
        trim(0)


def _report(done: int, total: int) -> None:
    if _progress_hook is not None:
        _progress_hook(done, total)


def _chunk_tables(
    chunk: list[SourceRef], result: EnrichedChunk, run: _Run, wh: Warehouse
) -> tuple[dict[str, list[dict]], list[SourceRef]]:
    """Turn one chunk's results into rows per table (and the URLs a URL list named).

    Runs in the flow, in chunk order, each chunk committed before the next one's duplicate
    check: a story's original may be in any earlier chunk (now in the warehouse) or earlier
    in its own chunk.
    """
    now = dt.datetime.now(dt.UTC)
    summary, lineage = run.summary, run.lineage
    refs = {r.uri: r for r in chunk}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES if name != "runs"}
    new_refs: list[SourceRef] = []
    for item in result.items:
        if isinstance(item, Reject):  # the fetch failed
            _reject(tables, run, item, now)
            summary.files_rejected += 1
            if not item.transient:  # permanent: remember it, do not read it again unchanged
                tables["sources"].append(_source_row(refs[item.source_uri], None, "rejected", 0, now, lineage))
        elif isinstance(item, Unchanged):  # touched but identical: remember the new mtime
            summary.files_skipped += 1
            tables["sources"].append(_source_row(item.payload.ref, item.payload, "unchanged", 0, now, lineage))
        elif isinstance(item.outcome, UrlList):
            summary.files_listed += 1
            new_refs.extend(SourceRef(uri=u) for u in item.outcome.urls)
            tables["sources"].append(_source_row(item.payload.ref, item.payload, "listed", 0, now, lineage))
        else:
            stories = [o for o in item.outcome if isinstance(o, StoryDraft)]
            for o in item.outcome:
                if isinstance(o, Reject):
                    _reject(tables, run, o, now)
            if stories:
                summary.files_ingested += 1
            else:
                summary.files_rejected += 1
            tables["sources"].append(_source_row(
                item.payload.ref, item.payload, "ingested" if stories else "rejected", len(stories), now, lineage
            ))

    run.model = result.model or run.model
    drafts = result.stories()
    index = _duplicate_index(wh, drafts, run.threshold)
    for story, enr in zip(drafts, result.enrichments, strict=True):
        match = index.check_and_add(story.story_id, story.content_hash, signature_from_bytes(story.minhash))
        if match is not None:
            story.duplicate_of, story.duplicate_kind = match.of, match.kind
            story.duplicate_similarity = match.similarity
            summary.duplicates += 1
        story.warnings.extend(w for w in enr.warnings if w not in story.warnings)
        sid = {"story_id": story.story_id}
        row = record_row("stories", story, model=result.model, ingested_at=now, **lineage)
        tables["stories"].append(row)
        run.facts.add_story(row)
        tables["entities"] += record_rows("entities", enr.entities, model=result.model, **sid, **lineage)
        tables["timexes"] += record_rows("timexes", enr.timexes, anchor_date=story.published_date, **sid, **lineage)
        tables["quotes"] += record_rows("quotes", enr.quotes, model=result.model, **sid, **lineage)
        summary.stories += 1
        summary.words += story.word_count
        summary.entities += len(enr.entities)
        summary.timexes += len(enr.timexes)
        summary.quotes += len(enr.quotes)
    return tables, new_refs


def _duplicate_index(wh: Warehouse, stories: Sequence[StoryDraft], threshold: float) -> DuplicateIndex:
    """An index of the committed stories the chunk's duplicate check needs (each story's best
    stored near copy, the first stored exact copy, the versions the chunk replaces): the same
    matches as an index of the whole warehouse, at the memory cost of about one row per story
    however many stored copies a story has."""
    keys = [(s.story_id, s.content_hash, s.minhash) for s in stories]
    rows = stored_candidates(keys, wh.story_version_batches, threshold)
    return DuplicateIndex.from_rows(rows, threshold)


def _reject(tables: dict[str, list[dict]], run: _Run, rej: Reject, now: dt.datetime) -> None:
    row = record_row("rejects", rej, rejected_at=now, **run.lineage)
    tables["rejects"].append(row)
    run.facts.add_reject(row)
    summary = run.summary
    summary.rejects += 1
    summary.reject_reasons[rej.reason] = summary.reject_reasons.get(rej.reason, 0) + 1


def _source_row(
    ref: SourceRef,
    payload: Payload | None,
    status: str,
    stories: int,
    now: dt.datetime,
    lineage: dict,
) -> dict:
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
