"""The ingest flow: raw story files -> cleaned, enriched, deduplicated warehouse commits.

Per chunk of sources: list (``tasks.read.sources``) -> fetch (``tasks.read.fetch``, the only
task that retries) -> clean (``tasks.clean.stories``) -> enrich (``tasks.enrich.stories``,
NER in warm worker processes) as task futures on the flow's task runner, several chunks in
flight; then here, in chunk order, the duplicate check (``tasks.dedup``), the rows
(``flows.rows``) and one DuckLake transaction (``warehouse.lake``) holding the chunk's rows, its
sources' manifest rows and the run's row. Every ~1,000 stories the
data-quality checks run over the commits just made (``warehouse.checks``). The route of one
story, function by function, is drawn in ``docs/architecture.md``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field

from prefect import flow, get_run_logger
from prefect.context import get_run_context
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import opaque, quote

from storywire.flows import runtime, settings
from storywire.flows.report import RunFacts, RunSummary, publish
from storywire.flows.rows import reject_row, run_row, source_row, story_rows
from storywire.flows.tasks import (
    Cleaned,
    EnrichedChunk,
    Unchanged,
    clean_batch,
    commit_tables,
    discover_sources,
    enrich_batch,
    fetch_batch,
    tasks_run_in_flow_process,
)
from storywire.flows.unchanged import unchanged
from storywire.tasks.dedup import index_candidates, mark_duplicates
from storywire.tasks.enrich.workers import close_pools, warm_up_pool
from storywire.tasks.read.fetch import FetchLimits
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.read.urls import without_credentials
from storywire.tasks.records import Reject, StoryDraft, UrlList
from storywire.warehouse.checks import CommitChecks, raise_if_failed
from storywire.warehouse.errors import DataQualityError
from storywire.warehouse.lake import SourceState, Warehouse
from storywire.warehouse.schemas import TABLES

__all__ = ["DataQualityError", "RunSummary", "ingest"]

#: Optional progress callback (files done, files total), set by the CLI on a terminal.
ProgressHook = Callable[[int, int], None]
_progress_hook: ProgressHook | None = None


def set_progress_hook(hook: ProgressHook | None) -> None:
    global _progress_hook
    _progress_hook = hook


@flow(name="storywire-ingest", log_prints=False)
def ingest(
    sources: list[str],
    warehouse: str = settings.DEFAULT_WAREHOUSE,
    model: str = settings.DEFAULT_MODEL,
    chunk_size: int = settings.CHUNK_SIZE,
    batch_size: int = settings.BATCH_SIZE,
    n_process: int = settings.PROCESSES,
    max_bytes: int = settings.MAX_BYTES,
    timeout: float = settings.TIMEOUT,
    near_duplicate_threshold: float = settings.NEAR_DUPLICATE_THRESHOLD,
    lock_timeout: float = settings.LOCK_TIMEOUT,
    duplicate_window_days: int = settings.DUPLICATE_WINDOW_DAYS,
    catalog: str | None = None,
    chunks_in_flight: int | None = None,
    max_list_depth: int = settings.MAX_LIST_DEPTH,
    max_listed_urls: int = settings.MAX_LISTED_URLS,
) -> dict:
    """Ingest SOURCES (folders, globs, files, http(s) URLs, fsspec URLs) into WAREHOUSE.

    Re-runs are incremental and idempotent: a file already ingested or rejected and unchanged
    is skipped, and a changed one replaces its stories. With the default thread runner, NER
    runs in ``n_process`` warm worker processes and ``chunks_in_flight`` chunks (default 3)
    are fetched, cleaned and enriched at once, so the workers always have the next chunk
    queued while this process commits; the first chunks are small (batch_size, doubling up
    to ``chunk_size``) so NER starts at once. On a Dask cluster (``DaskTaskRunner``) each
    task runs on a worker, spaCy in place, one chunk per worker. The duplicate check and the
    commits happen here, in chunk order, so the result does not depend on the runner.

    A URL list's URLs are followed ``max_list_depth`` lists deep, and at most
    ``max_listed_urls`` of them per run; the others are rejected unread. A story is checked
    for copies published within ``duplicate_window_days`` of it (0: at any date).
    ``catalog``: the lake's catalog (default: the SQLite file in a local warehouse folder).
    """
    runtime.configure()
    logger = get_run_logger()
    run = _RunState.start(near_duplicate_threshold, max_list_depth=max_list_depth,
                          max_listed_urls=max_listed_urls)
    wh = Warehouse.open(warehouse, catalog=catalog, banding=near_duplicate_threshold)
    run.summary.warehouse = wh.location
    checks = CommitChecks(wh.connect)
    pipeline = _Pipeline(FetchLimits(max_bytes=max_bytes, timeout=timeout), model, chunk_size, batch_size,
                         n_process, chunks_in_flight)
    status, results = "failed", []
    with wh.locked(timeout=lock_timeout):
        refs = discover_sources(sources, exclude=[wh.root] if wh.is_local else [])
        run.manifest = wh.source_states
        queue = _plan(refs, run)
        logger.info("%d files: %d to read, %d unchanged since the last run",
                    run.summary.files_seen, len(queue), run.summary.files_skipped)
        try:
            for chunk, enriched in pipeline.run(queue, run):                    # fetch, clean, enrich
                stories = enriched.stories()
                run.summary.duplicates += mark_duplicates(stories, run.candidates(wh, duplicate_window_days or None),
                                                          run.threshold)
                tables = _chunk_tables(chunk, enriched, run, queue)                 # rows
                if any(tables.values()):
                    tables["runs"] = [run.run_row("running", sources)]
                    checks.add(commit_tables(wh, quote(tables), run.replaced(stories)),  # commit
                               len(tables["stories"]))
                del tables, stories, enriched
                runtime.trim_heap()
            results = checks.results()
            status = "completed" if all(c.passed for c in results) else "failed_checks"
        finally:
            run.summary.seconds = round(time.perf_counter() - run.started, 3)
            close_pools()  # idle workers would hold the model's memory until the process ends
            commit_tables(wh, quote({"runs": [run.run_row(status, sources)]}))
    publish(run.summary, run.facts, results)
    raise_if_failed(results)
    logger.info(run.summary.line())
    return asdict(run.summary)


@dataclass(slots=True)
class _RunState:
    """State one flow run carries from chunk to chunk."""

    summary: RunSummary
    lineage: dict
    threshold: float  # near-duplicate similarity
    started: float
    started_at: dt.datetime
    flow_run_id: str | None
    known: dict[str, SourceState] = field(default_factory=dict)  # manifest rows of the sources met
    manifest: Callable[[Iterable[str]], dict[str, SourceState]] = lambda uris: {}
    listed: set[str] = field(default_factory=set)
    done: int = 0
    model: str | None = None
    facts: RunFacts = field(default_factory=RunFacts)
    max_list_depth: int = settings.MAX_LIST_DEPTH  # URL lists followed inside URL lists
    max_listed_urls: int = settings.MAX_LISTED_URLS  # URLs fetched from lists, per run
    listed_urls: int = 0  # URLs queued from lists so far

    @classmethod
    def start(cls, threshold: float, *, max_list_depth: int = settings.MAX_LIST_DEPTH,
              max_listed_urls: int = settings.MAX_LISTED_URLS) -> _RunState:
        started_at = dt.datetime.now(dt.UTC)
        ctx = get_run_context()
        flow_run_id = str(ctx.flow_run.id) if getattr(ctx, "flow_run", None) else None
        run_id = f"{started_at:%Y%m%dT%H%M%SZ}-{(flow_run_id or 'local')[:8]}"
        return cls(
            summary=RunSummary(run_id=run_id),
            lineage={"pipeline_version": settings.pipeline_version(), "run_id": run_id},
            threshold=threshold,
            started=time.perf_counter(),
            started_at=started_at,
            flow_run_id=flow_run_id,
            max_list_depth=max_list_depth,
            max_listed_urls=max_listed_urls,
        )

    def candidates(self, wh: Warehouse, window_days: int | None) -> Callable[[Sequence[StoryDraft]], list]:
        """The duplicate check's stored rows for a chunk, from the warehouse's band index."""
        def lookup(stories: Sequence[StoryDraft]) -> list:
            keys = [(s.story_id, s.content_hash, s.minhash, s.published_date) for s in stories]
            return index_candidates(keys, lambda k, ids: wh.duplicate_rows(k, ids, window_days), self.threshold,
                                    wh.banding, self.replaced(stories))
        return lookup

    def replaced(self, stories: Sequence[StoryDraft]) -> list[str]:
        """The stories that may already be stored: those of sources a run saw before. A
        source never seen has no stored story (its rows and manifest row land together)."""
        return [s.story_id for s in stories if s.source_uri in self.known]

    def remember(self, uris: Iterable[str]) -> None:
        """Read the manifest rows of sources this run meets (listed files, then the URLs
        that URL lists name), never the whole manifest."""
        self.known.update(self.manifest([u for u in uris if u not in self.known]))

    def progress(self, files: int) -> None:
        self.done += files
        if _progress_hook is not None:
            _progress_hook(self.done, self.summary.files_seen)

    def run_row(self, status: str, sources: Sequence[str]) -> dict:
        return run_row(self.summary, status=status, sources=sources, started_at=self.started_at,
                       flow_run_id=self.flow_run_id, model=self.model,
                       pipeline_version=self.lineage["pipeline_version"])


def _plan(refs: Sequence[SourceRef], run: _RunState) -> deque[SourceRef]:
    """Count every listed file; queue those that need reading (the rest are skipped)."""
    run.remember(ref.uri for ref in refs)
    todo: deque[SourceRef] = deque()
    for ref in refs:
        run.summary.files_seen += 1
        run.listed.add(ref.uri)
        if unchanged(ref, run.known.get(ref.uri)):
            run.summary.files_skipped += 1
        else:
            todo.append(ref)
    run.progress(run.summary.files_skipped)
    return todo


@dataclass(frozen=True, slots=True)
class _Pipeline:
    """Submits chunks of the queue to fetch -> clean -> enrich, keeping ``in_flight`` of them
    going, and yields each chunk's result in chunk order."""

    limits: FetchLimits
    model: str
    chunk_size: int
    batch_size: int
    n_process: int
    in_flight: int | None

    def run(self, queue: deque[SourceRef], run: _RunState) -> Iterator[tuple[list[SourceRef], EnrichedChunk]]:
        pooled = tasks_run_in_flow_process()
        in_flight = self.in_flight
        if in_flight is None:
            in_flight = settings.CHUNKS_IN_FLIGHT if pooled else 1
        # Ramp up: small first chunks get NER going while later, full-size chunks are read.
        size = min(self.chunk_size, self.batch_size) if pooled else self.chunk_size
        if pooled and queue:
            warm_up_pool(self.model, self.n_process, self.batch_size)  # load the model while chunk 1 is read
        going: deque[tuple[list[SourceRef], PrefectFuture]] = deque()
        previous_clean: list[PrefectFuture] = []
        while queue or going:  # the caller appends the URLs a URL list names to the queue
            while queue and len(going) < max(1, in_flight):
                chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
                size = min(self.chunk_size, size * 2)
                known_hashes = {r.uri: run.known[r.uri].content_hash for r in chunk
                                if r.uri in run.known and run.known[r.uri].content_hash}
                fetched = fetch_batch.submit(chunk, self.limits)
                if pooled:
                    # opaque: Prefect would otherwise walk every payload and story of the results
                    # it passes on, looking for futures. wait_for: cleaning in chunk order, so NER
                    # work reaches the pool in order.
                    cleaned = clean_batch.submit(opaque(fetched), known_hashes, wait_for=previous_clean)
                    enriched = enrich_batch.submit(opaque(cleaned), self.model, self.batch_size,
                                                   self.n_process, True)
                    previous_clean = [cleaned]
                else:  # Dask serializes arguments itself (annotations would not survive it)
                    cleaned = clean_batch.submit(fetched, known_hashes)
                    enriched = enrich_batch.submit(cleaned, self.model, self.batch_size, self.n_process, False)
                going.append((chunk, enriched))
            chunk, future = going.popleft()
            yield chunk, future.result()
            run.progress(len(chunk))


def _chunk_tables(
    chunk: list[SourceRef], result: EnrichedChunk, run: _RunState, queue: deque[SourceRef]
) -> dict[str, list[dict]]:
    """One chunk's rows per table; the URLs a URL list named join the queue.

    Runs in the flow, in chunk order, after the chunk's duplicate check.
    """
    now = dt.datetime.now(dt.UTC)
    summary, lineage = run.summary, run.lineage
    refs = {r.uri: r for r in chunk}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES if name != "runs"}
    sources = tables["sources"]
    for item in result.items:
        if isinstance(item, Reject):  # the fetch failed
            _add_reject(tables, run, item, now)
            summary.files_rejected += 1
            if not item.transient:  # permanent: remember it, do not read it again unchanged
                sources.append(source_row(refs[item.source_uri], None, "rejected", 0, now=now, lineage=lineage))
        elif isinstance(item, Unchanged):  # touched but identical: remember the new mtime
            summary.files_skipped += 1
            status = "unchanged" if item.listing is None else "listed"  # a list stays one to follow
            sources.append(source_row(item.payload.ref, item.payload, status, 0, now=now, lineage=lineage))
            if item.listing is not None:  # an unchanged list: only what never landed is read again
                for rej in _queue_listed(item.payload.ref, item.listing, run, queue, settled_only=True):
                    _add_reject(tables, run, rej, now)
                    summary.files_rejected += 1
        elif isinstance(item.outcome, UrlList):
            summary.files_listed += 1
            for rej in item.outcome.rejected:  # lines that are not URLs to fetch
                _add_reject(tables, run, rej, now)
            cut = _queue_listed(item.payload.ref, item.outcome, run, queue)
            for rej in cut:  # URLs beyond the run's limits: counted, rejected unread
                _add_reject(tables, run, rej, now)
                summary.files_rejected += 1
            run.progress(len(cut))
            # URLs cut or failed transiently leave no manifest row, so the next run, finding the
            # list unchanged, reads them (and only them) again, under its own limits
            sources.append(source_row(item.payload.ref, item.payload, "listed", 0, now=now, lineage=lineage))
        else:
            _add_source(tables, run, item, now)

    run.model = result.model or run.model
    for story, enr in zip(result.stories(), result.enrichments, strict=True):
        story.warnings.extend(w for w in enr.warnings if w not in story.warnings)
        for name, rows in story_rows(story, enr, model=enr.model, now=now, lineage=lineage).items():
            tables[name] += rows
        run.facts.add_story(tables["stories"][-1])
        summary.stories += 1
        summary.words += story.word_count
        summary.entities += len(enr.entities)
        summary.timexes += len(enr.timexes)
        summary.quotes += len(enr.quotes)
    return tables


def _add_source(tables: dict[str, list[dict]], run: _RunState, item: Cleaned, now: dt.datetime) -> None:
    """A cleaned source: its rejected records, and its manifest row."""
    assert not isinstance(item.outcome, UrlList)
    stories = [o for o in item.outcome if isinstance(o, StoryDraft)]
    for o in item.outcome:
        if isinstance(o, Reject):
            _add_reject(tables, run, o, now)
    if stories:
        run.summary.files_ingested += 1
    else:
        run.summary.files_rejected += 1
        if any(isinstance(o, Reject) and o.transient for o in item.outcome):
            return  # no manifest row: the next run reads it again (internal_error)
    status = "ingested" if stories else "rejected"
    tables["sources"].append(
        source_row(item.payload.ref, item.payload, status, len(stories), now=now, lineage=run.lineage)
    )


def _queue_listed(
    ref: SourceRef, listing: UrlList, run: _RunState, queue: deque[SourceRef], *, settled_only: bool = False
) -> list[Reject]:
    """Queue the URLs a URL list names, each once per run, within the run's limits on list
    depth and on listed URLs; returns the rejects of the URLs beyond them (transient: the
    next run follows the list again). ``settled_only``: the list is unchanged since a run
    that followed it, so a URL the manifest already records (ingested, or rejected for good)
    is left alone and only the others (a transient failure, a URL cut by a limit, a list)
    are read again: a server that was down must not cost its stories for good."""
    chain = (*ref.listed_by, listing.source_uri)
    depth = len(chain)
    cut = []
    credentials = dict(without_credentials(url) for url in listing.urls)  # uri -> auth
    run.remember(uri for uri in credentials if uri not in run.listed)
    for uri, auth in credentials.items():
        if uri in run.listed:
            continue
        state = run.known.get(uri)
        if settled_only and state is not None and state.status != "listed":
            continue
        run.listed.add(uri)
        run.summary.files_seen += 1
        if depth > run.max_list_depth:
            cut.append(Reject(uri, "url_list_too_deep", f"found {depth} URL lists deep (named by "
                              f"{listing.source_uri}); --max-list-depth is {run.max_list_depth}", transient=True))
        elif run.listed_urls >= run.max_listed_urls:
            cut.append(Reject(uri, "too_many_urls", f"named by {listing.source_uri} after this run had queued "
                              f"--max-listed-urls {run.max_listed_urls} listed URLs", transient=True))
        else:
            run.listed_urls += 1
            queue.append(SourceRef(uri=uri, listed_by=chain, auth=auth))
    return cut


def _add_reject(tables: dict[str, list[dict]], run: _RunState, rej: Reject, now: dt.datetime) -> None:
    row = reject_row(rej, now=now, lineage=run.lineage)
    tables["rejects"].append(row)
    run.facts.add_reject(row)
    run.summary.rejects += 1
    run.summary.reject_reasons[rej.reason] = run.summary.reject_reasons.get(rej.reason, 0) + 1
