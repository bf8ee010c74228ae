"""The ingest flow: raw story files -> cleaned, enriched, deduplicated warehouse commits.

Reading order for a newcomer: ``ingest`` (this flow) -> ``tasks.batch`` (Prefect tasks per
chunk) -> ``tasks.stories`` (cleaning) / ``tasks.enrich`` (entities, dates, quotes) ->
``warehouse.store`` (atomic commits) -> ``warehouse/views/*.sql`` (what queries see).

Per chunk of sources: fetch (I/O, retried) -> clean (pure) -> duplicate check (needs every
story seen so far, so it runs here in the flow) -> enrich (one ``nlp.pipe`` pass) -> one
atomic commit holding the chunk's stories, entities, dates, quotes, rejects and manifest rows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from storywire.flows.report import collect_facts, publish
from storywire.flows.settings import DEFAULT_MODEL, DEFAULT_WAREHOUSE, pipeline_version
from storywire.tasks.batch import Cleaned, clean_batch, enrich_batch, fetch_batch
from storywire.tasks.dedup import DEFAULT_THRESHOLD, DuplicateIndex, signature_from_bytes
from storywire.tasks.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchLimits, Payload
from storywire.tasks.sources import SourceRef, discover
from storywire.tasks.stories import Reject, StoryDraft, UrlList
from storywire.warehouse.checks import run_checks
from storywire.warehouse.rows import record_row, record_rows
from storywire.warehouse.schemas import TABLES, to_table
from storywire.warehouse.store import SourceState, Warehouse
from storywire.warehouse.views import build_database

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
) -> dict:
    """Ingest SOURCES (folders, globs, files, http(s) URLs, fsspec URLs) into WAREHOUSE.

    Re-runs are incremental and idempotent: a file already ingested or rejected and unchanged
    is skipped, and a changed one replaces its stories.
    """
    logger = get_run_logger()
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    ctx = get_run_context()
    flow_run_id = str(ctx.flow_run.id) if getattr(ctx, "flow_run", None) else None
    run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{(flow_run_id or 'local')[:8]}"
    limits = FetchLimits(max_bytes=max_bytes, timeout=timeout)
    wh = Warehouse.open(warehouse)
    summary = RunSummary(run_id=run_id, warehouse=str(wh.root))
    version = pipeline_version()

    with wh.locked(timeout=lock_timeout):
        refs = discover_sources(sources, exclude=[wh.root])
        known = wh.source_states()
        index = DuplicateIndex.from_rows(wh.story_signatures(), threshold=near_duplicate_threshold)
        queue: deque[SourceRef] = deque()
        for ref in refs:
            summary.files_seen += 1
            if unchanged(ref, known.get(ref.uri)):
                summary.files_skipped += 1
            else:
                queue.append(ref)
        logger.info(
            "%d files: %d to read, %d unchanged since the last run",
            summary.files_seen, len(queue), summary.files_skipped,
        )
        done = summary.files_skipped
        _report(done, summary.files_seen)
        model_name: str | None = None
        listed = {r.uri for r in refs}
        status = "failed"
        try:
            while queue:
                chunk = [queue.popleft() for _ in range(min(chunk_size, len(queue)))]
                tables, chunk_model, new_refs = _process_chunk(
                    chunk, known, index, summary, limits, run_id, version, model, batch_size, n_process
                )
                model_name = chunk_model or model_name
                for ref in new_refs:
                    if ref.uri not in listed:
                        listed.add(ref.uri)
                        summary.files_seen += 1
                        queue.append(ref)
                if any(tables.values()):
                    commit_tables(wh, tables)
                done += len(chunk)
                _report(done, summary.files_seen)
            con = wh.connect()
            checks = run_checks(con)
            facts = collect_facts(con, run_id)
            con.close()
            status = "completed" if all(c.passed for c in checks) else "failed_checks"
        finally:
            summary.seconds = round(time.perf_counter() - started, 3)
            commit_tables(wh, {"runs": [_run_row(summary, status, sources, started_at, flow_run_id, model_name, version)]})
            build_database(wh.root)
    publish(summary, facts, checks)
    failed = [c for c in checks if not c.passed]
    if failed:
        raise DataQualityError(
            "SW601: data-quality checks failed: "
            + ", ".join(f"{c.name} ({c.failures} rows)" for c in failed)
        )
    logger.info(summary.line())
    return asdict(summary)


class DataQualityError(RuntimeError):
    """A data-quality check found offending rows: the run is marked failed."""


def _run_row(
    summary: RunSummary,
    status: str,
    sources: Sequence[str],
    started_at: dt.datetime,
    flow_run_id: str | None,
    model_name: str | None,
    version: str,
) -> dict:
    return {
        "run_id": summary.run_id,
        "flow_run_id": flow_run_id,
        "flow_name": "storywire-ingest",
        "status": status,
        "started_at": started_at,
        "finished_at": dt.datetime.now(dt.UTC),
        "sources": list(sources),
        "files_seen": summary.files_seen,
        "stories_ingested": summary.stories,
        "rejected": summary.files_rejected,
        "skipped": summary.files_skipped,
        "duplicates": summary.duplicates,
        "entities": summary.entities,
        "timexes": summary.timexes,
        "quotes": summary.quotes,
        "words": summary.words,
        "seconds": summary.seconds,
        "model": model_name,
        "pipeline_version": version,
    }


def _report(done: int, total: int) -> None:
    if _progress_hook is not None:
        _progress_hook(done, total)


def _process_chunk(
    chunk: list[SourceRef],
    known: dict[str, SourceState],
    index: DuplicateIndex,
    summary: RunSummary,
    limits: FetchLimits,
    run_id: str,
    version: str,
    model: str,
    batch_size: int,
    n_process: int,
) -> tuple[dict[str, list[dict]], str | None, list[SourceRef]]:
    """Fetch, clean, deduplicate and enrich one chunk; return its rows per table."""
    now = dt.datetime.now(dt.UTC)
    lineage = {"run_id": run_id, "pipeline_version": version}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES if name != "runs"}
    new_refs: list[SourceRef] = []

    fetched = fetch_batch(chunk, limits)
    payloads: list[Payload] = []
    for item in fetched:
        if isinstance(item, Reject):
            _reject(tables, summary, item, now, lineage)
            summary.files_rejected += 1
            if not item.transient:  # permanent: remember it, do not read it again unchanged
                ref = next(r for r in chunk if r.uri == item.source_uri)
                tables["sources"].append(_source_row(ref, None, "rejected", 0, now, lineage))
            continue
        state = known.get(item.ref.uri)
        if state is not None and state.content_hash == item.sha256:
            summary.files_skipped += 1  # touched but identical: remember the new mtime
            tables["sources"].append(_source_row(item.ref, item, "unchanged", 0, now, lineage))
            continue
        payloads.append(item)

    cleaned: list[Cleaned] = clean_batch(payloads) if payloads else []
    stories: list[StoryDraft] = []
    for c in cleaned:
        if isinstance(c.outcome, UrlList):
            summary.files_listed += 1
            new_refs.extend(SourceRef(uri=u) for u in c.outcome.urls)
            tables["sources"].append(_source_row(c.payload.ref, c.payload, "listed", 0, now, lineage))
            continue
        file_stories = [o for o in c.outcome if isinstance(o, StoryDraft)]
        for o in c.outcome:
            if isinstance(o, Reject):
                _reject(tables, summary, o, now, lineage)
        if not file_stories:
            summary.files_rejected += 1
        status = "ingested" if file_stories else "rejected"
        tables["sources"].append(
            _source_row(c.payload.ref, c.payload, status, len(file_stories), now, lineage)
        )
        if file_stories:
            summary.files_ingested += 1
        stories.extend(file_stories)

    for story in stories:
        match = index.check_and_add(story.story_id, story.content_hash, signature_from_bytes(story.minhash))
        if match is not None:
            story.duplicate_of, story.duplicate_kind = match.of, match.kind
            story.duplicate_similarity = match.similarity
            summary.duplicates += 1

    model_name = None
    if stories:
        enrichments, model_name = enrich_batch(stories, model, batch_size, n_process)
        for story, enr in zip(stories, enrichments, strict=True):
            story.warnings.extend(w for w in enr.warnings if w not in story.warnings)
            sid = {"story_id": story.story_id}
            tables["stories"].append(record_row("stories", story, model=model_name, ingested_at=now, **lineage))
            tables["entities"] += record_rows("entities", enr.entities, model=model_name, **sid, **lineage)
            tables["timexes"] += record_rows(
                "timexes", enr.timexes, anchor_date=story.published_date, **sid, **lineage
            )
            tables["quotes"] += record_rows("quotes", enr.quotes, model=model_name, **sid, **lineage)
            summary.stories += 1
            summary.words += story.word_count
            summary.entities += len(enr.entities)
            summary.timexes += len(enr.timexes)
            summary.quotes += len(enr.quotes)
    return tables, model_name, new_refs


def _reject(
    tables: dict[str, list[dict]],
    summary: RunSummary,
    rej: Reject,
    now: dt.datetime,
    lineage: dict,
) -> None:
    tables["rejects"].append(record_row("rejects", rej, rejected_at=now, **lineage))
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
