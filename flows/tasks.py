"""Every Prefect task of storywire: thin, batch-level wrappers around the pure functions.

One task run handles a whole chunk of sources (hundreds of stories), never one story, so
Prefect's bookkeeping stays a small share of the run. Only the I/O tasks that can be
repeated safely retry (listing sources, fetching them); cleaning and enrichment are
deterministic, so retrying them would only repeat the same failure, and a commit either
happened or left nothing. No task caches its inputs (hashing megabytes of story text per
task would cost more than the work).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import MissingContextError
from prefect.task_runners import ThreadPoolTaskRunner

from storywire.tasks.clean.stories import build_stories, url_list_of
from storywire.tasks.enrich.halving import IsolatingAnnotator
from storywire.tasks.enrich.stories import Enrichment, enrich_stories
from storywire.tasks.enrich.workers import (
    Annotator,
    LocalAnnotator,
    PoolAnnotator,
    discard_pool,
    pooled_annotator,
)
from storywire.tasks.read.fetch import FetchError, FetchLimits, Payload, fetch, make_client
from storywire.tasks.read.sources import SourceRef, discover
from storywire.tasks.records import Reject, StoryDraft, UrlList
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The clean stage's result for one fetched source."""

    payload: Payload
    outcome: list[StoryDraft | Reject] | UrlList


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A source whose bytes equal what the manifest recorded (touched, not changed)."""

    payload: Payload
    listing: UrlList | None = None  # an unchanged URL list: the URLs it names


ChunkItem = Cleaned | Reject | Unchanged


# Each task returns one object holding its list rather than the list itself: Prefect links a
# task's result, and every element one level down, to the task's state for the whole run,
# so a returned list would make the flow's memory grow with every story ingested.


@dataclass(frozen=True, slots=True)
class FetchedChunk:
    """The fetch stage's result: a payload or a reject per source, in chunk order."""

    items: list[Payload | Reject]


@dataclass(frozen=True, slots=True)
class CleanedChunk:
    """The clean stage's result: one item per fetched source, in chunk order."""

    items: list[ChunkItem]


@dataclass(slots=True)
class EnrichedChunk:
    """Everything the flow needs to commit one chunk: per-source outcomes, and per story
    (in the order ``stories()`` yields them) its enrichment."""

    items: list[ChunkItem]
    enrichments: list[Enrichment]
    model: str | None

    def stories(self) -> list[StoryDraft]:
        return [
            o
            for item in self.items
            if isinstance(item, Cleaned) and not isinstance(item.outcome, UrlList)
            for o in item.outcome
            if isinstance(o, StoryDraft)
        ]


@task(name="discover-sources", retries=2, retry_delay_seconds=2, cache_policy=NO_CACHE)
def discover_sources(sources: Sequence[str], exclude: Sequence[Path]) -> list[SourceRef]:
    return discover(sources, exclude=exclude)


@task(name="fetch-batch", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def fetch_batch(refs: Sequence[SourceRef], limits: FetchLimits) -> FetchedChunk:
    """Read every source of a chunk. Per-source failures become rejects (transient ones are
    retried inside ``fetch`` with backoff first); the task-level retry covers the rest."""
    out: list[Payload | Reject] = []
    client = make_client(limits) if any(r.is_http for r in refs) else None
    try:
        for ref in refs:
            try:
                out.append(fetch(ref, limits, client))
            except FetchError as exc:
                out.append(Reject(ref.uri, exc.code, exc.detail, transient=exc.transient))
    finally:
        if client is not None:
            client.close()
    return FetchedChunk(out)


@task(name="clean-batch", cache_policy=NO_CACHE)
def clean_batch(fetched: FetchedChunk, known_hashes: Mapping[str, str]) -> CleanedChunk:
    """Clean every fetched source of a chunk (``build_stories``); sources whose
    bytes the manifest already has (``known_hashes``: uri -> sha256) are only marked."""
    out: list[ChunkItem] = []
    for item in fetched.items:
        if isinstance(item, Reject):
            out.append(item)
        elif known_hashes.get(item.ref.uri) == item.sha256:
            out.append(Unchanged(item, url_list_of(item)))
        else:
            out.append(Cleaned(item, build_stories(item)))
    return CleanedChunk(out)


def tasks_run_in_flow_process() -> bool:
    """True when this flow run's tasks execute in its own process (the thread runner), so
    NER may go to warm worker processes; False on Dask and outside a flow run."""
    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(getattr(ctx, "task_runner", None), ThreadPoolTaskRunner)


def annotator_for(model: str, batch_size: int, n_process: int, *, pooled: bool) -> Annotator:
    """Warm worker processes when the task runs in the flow's own process (thread runner),
    spaCy in place when it runs on a Dask worker (which may not start child processes).

    Either way a batch that fails is retried in halves until the story at fault is alone
    (``tasks.enrich.halving``): a pool whose worker died is replaced by a fresh one, and the
    halves run on a one-worker pool of their own, which the chunks in flight do not share.
    """
    if pooled:
        return IsolatingAnnotator(
            functools.partial(pooled_annotator, model, n_process, batch_size),
            discard=discard_pool,  # type: ignore[arg-type]
            private=functools.partial(PoolAnnotator, model, 1, batch_size=batch_size),
            close=PoolAnnotator.close,  # type: ignore[arg-type]
        )
    local = LocalAnnotator(model, batch_size=batch_size, n_process=n_process)
    return IsolatingAnnotator(lambda: local)


def _enrich(stories: Sequence[StoryDraft], model: str, batch_size: int, n_process: int, pooled: bool):
    return enrich_stories(annotator_for(model, batch_size, n_process, pooled=pooled), stories)


def without_failed(items: list[ChunkItem], stories: Sequence[StoryDraft],
                   enrichments: Sequence[Enrichment]) -> tuple[list[ChunkItem], list[Enrichment]]:
    """The chunk with each story NER could not run on replaced, in its source's outcome, by an
    ``enrichment_failed`` reject (its ``item_key`` kept), and the enrichments of the rest.

    So the duplicate check and the rows see only stories that are stored, and a source whose
    every story failed is recorded as rejected (not read again while it is unchanged).
    """
    failed = {id(s): e.failed for s, e in zip(stories, enrichments, strict=True) if e.failed is not None}
    if not failed:
        return items, list(enrichments)
    out: list[ChunkItem] = []
    for item in items:
        if isinstance(item, Cleaned) and not isinstance(item.outcome, UrlList):
            item = Cleaned(item.payload, [
                Reject(o.source_uri, "enrichment_failed", failed[id(o)], item_key=o.item_key)
                if id(o) in failed else o
                for o in item.outcome
            ])
        out.append(item)
    return out, [e for s, e in zip(stories, enrichments, strict=True) if id(s) not in failed]


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except MissingContextError:  # the task's function called outside a run (tests, scripts)
        return logging.getLogger(__name__)


@task(name="enrich-batch", cache_policy=NO_CACHE)
def enrich_batch(
    cleaned: CleanedChunk, model: str, batch_size: int, n_process: int, pooled: bool = False
) -> EnrichedChunk:
    """Entities, temporal expressions and quotes for a chunk (NER batched with ``nlp.pipe``).

    ``pooled``: run NER in ``n_process`` warm worker processes (see ``tasks.workers``).
    """
    chunk = EnrichedChunk(items=cleaned.items, enrichments=[], model=None)
    stories = chunk.stories()
    if stories:
        enrichments, chunk.model = _enrich(stories, model, batch_size, n_process, pooled)
        for story, e in zip(stories, enrichments, strict=True):
            if e.failed is not None:
                _logger().warning("enrichment failed on %s %s: %s", story.source_uri, story.item_key, e.failed)
        chunk.items, chunk.enrichments = without_failed(chunk.items, stories, enrichments)
    return chunk


@task(name="re-enrich-batch", cache_policy=NO_CACHE)
def reenrich_batch(
    stories: Sequence[StoryDraft], model: str, batch_size: int, n_process: int, pooled: bool = False
) -> tuple[list[Enrichment], str]:
    """Enrichment of stories already in the warehouse (reprocess/backfill)."""
    return _enrich(stories, model, batch_size, n_process, pooled)


@task(name="commit", cache_policy=NO_CACHE)
def commit_tables(wh: Warehouse, tables: Mapping[str, list[dict]], replaces: Sequence[str] | None = None) -> str:
    """One warehouse transaction of rows per table (each row stamped with the commit id);
    ``replaces``: the stories that may already be stored (``Warehouse.commit``)."""
    return wh.commit({name: to_table(name, [{**r, "commit_id": ""} for r in rows]) for name, rows in tables.items()},
                     replaces=replaces)
