"""Warehouse upkeep flows: ``reprocess`` (backfill / re-enrich) and ``compact``.

Both write through the same atomic commits as ingest, under the same lock, so they can run
on a schedule beside it: a reprocess writes new versions of the selected stories (the views
show only the newest), and a compaction replaces many small commits by one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from storywire.flows import runtime, settings
from storywire.flows.report import publish_maintenance
from storywire.flows.rows import STORY_TABLES, story_rows
from storywire.flows.tasks import reenrich_batch, tasks_run_in_flow_process
from storywire.tasks.enrich.stories import Enrichment
from storywire.tasks.enrich.workers import close_pools
from storywire.tasks.records import CodedError, StoryDraft
from storywire.warehouse.checks import checks_over, raise_if_failed
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table
from storywire.warehouse.sql import sql_files

_DRAFT_FIELDS = frozenset(f.name for f in dataclasses.fields(StoryDraft))


class SelectionError(CodedError, ValueError):
    """A ``reprocess`` selection that selects nothing or was not given."""


def check_selection(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    pipeline: str | None = None,
    model_version: str | None = None,
    stale: bool = False,
    everything: bool = False,
) -> None:
    """Refuse a selection that is missing or empty, before anything runs.

    Why: re-enriching every story is hours of NER on a large warehouse, so it must be asked
    for (``everything``), never the result of a forgotten option; a range that ends before it
    starts selects nothing and is a typo.
    """
    if not (since or until or pipeline or model_version or stale or everything):
        raise SelectionError("SW410", "reprocess needs a selection: --since/--until, --pipeline, "
                                      "--model-version, --stale, or --all for every story")
    if since and until and since > until:
        raise SelectionError("SW411", f"--since {since} is after --until {until}: the range selects nothing")


def selection(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    pipeline: str | None = None,
    model: str | None = None,
    stale_for: tuple[str, list[str]] | None = None,
) -> dict:
    """Parameters of ``maintenance/reprocess_selection.sql``: the stories to re-enrich.

    ``pipeline``/``model`` pick stories produced by that version; ``stale_for`` =
    (pipeline version, model versions: one per language's pipeline) picks every story
    produced by anything else. An empty
    value is no filter.
    """
    current_pipeline, current_model = stale_for or (None, None)
    return {
        "since": since or None,
        "until": until or None,
        "pipeline": pipeline or None,
        "model": model or None,
        "stale": stale_for is not None,
        "current_pipeline": current_pipeline,
        "current_model": current_model,
    }


def describe(params: dict) -> str:
    """The selection in words, for the report."""
    names = ("since", "until", "pipeline", "model", "current_pipeline", "current_model")
    words = [" or ".join(v) if isinstance(v, list) else str(v) for k in names if (v := params[k])]
    return ", ".join(words) or "all stories"


@flow(name="storywire-reprocess")
def reprocess(
    warehouse: str = settings.DEFAULT_WAREHOUSE,
    since: dt.date | None = None,
    until: dt.date | None = None,
    pipeline: str | None = None,
    model_version: str | None = None,
    stale: bool = False,
    everything: bool = False,
    model: str = settings.DEFAULT_MODEL,
    chunk_size: int = settings.CHUNK_SIZE,
    batch_size: int = settings.BATCH_SIZE,
    n_process: int = settings.PROCESSES,
    catalog: str | None = None,
) -> dict:
    """Re-enrich the stories selected by publication date range and/or by the pipeline or
    model version that produced them (``stale``: everything not produced by this pipeline
    and ``model``), or ``everything``; a selection is required (``check_selection``). Their
    entities, dates and quotes are replaced, not added to.

    A story whose re-enrichment failed (NER could not run on it) keeps its current version:
    the result's ``stories`` counts the stories rewritten, ``failed`` those kept.
    """
    from storywire.tasks.enrich.entities import model_version as version_of
    from storywire.tasks.enrich.entities.languages import pipeline_versions
    from storywire.tasks.enrich.workers import cached_nlp

    check_selection(since=since, until=until, pipeline=pipeline, model_version=model_version, stale=stale,
                    everything=everything)
    runtime.configure()
    logger = get_run_logger()
    started = time.perf_counter()
    wh = Warehouse.open(warehouse, create=False, catalog=catalog)
    version = settings.pipeline_version()
    run_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-reprocess"
    # a story is current when one of today's pipelines read it (its language's)
    stale_for = (version, [version_of(cached_nlp(model)), *pipeline_versions()]) if stale else None
    params = selection(since=since, until=until, pipeline=pipeline, model=model_version, stale_for=stale_for)
    done = failed = 0
    pooled = tasks_run_in_flow_process()
    with wh.locked():
        con = wh.connect()
        cur = con.execute(sql_files("maintenance")["reprocess_selection"], params)
        cols = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk_size):
            drafts = [StoryDraft(**{k: v for k, v in zip(cols, r, strict=True) if k in _DRAFT_FIELDS})
                      for r in rows]
            enrichments, _ = reenrich_batch(quote(drafts), model, batch_size, n_process, pooled)
            rewritten = _rewritable(logger, drafts, enrichments)
            if rewritten:
                lineage = {"run_id": run_id, "pipeline_version": version}
                _commit_versions(wh, rewritten, lineage)
            done += len(rewritten)
            failed += len(drafts) - len(rewritten)
        con.close()
        close_pools()
    seconds = round(time.perf_counter() - started, 3)
    logger.info("re-enriched %d stories in %.1fs (%d failed and kept their current version)",
                done, seconds, failed)
    result = {"stories": done, "failed": failed, "seconds": seconds}
    _check_and_report(wh, "storywire reprocess", {**result, "selection": describe(params)})
    return result


def _rewritable(
    logger: logging.Logger | logging.LoggerAdapter,
    drafts: list[StoryDraft],
    enrichments: list[Enrichment],
) -> list[tuple[StoryDraft, Enrichment]]:
    """The stories to rewrite with their new enrichment: all but those NER failed on.

    Why: a failed enrichment has no entities or quotes; writing it would replace a good
    version with an empty one, so the stored version stays (logged, counted in the result).
    """
    rewritten = []
    for story, enr in zip(drafts, enrichments, strict=True):
        if enr.failed is None:
            rewritten.append((story, enr))
        else:
            logger.warning("story %s keeps its current version: re-enrichment failed (%s)",
                           story.story_id, enr.failed)
    return rewritten


def _commit_versions(wh: Warehouse, rewritten: list[tuple[StoryDraft, Enrichment]], lineage: dict) -> None:
    """One atomic commit of new versions of ``rewritten`` stories (all their tables' rows)."""
    cid = wh.new_commit_id()
    lineage = {**lineage, "commit_id": cid}
    now = dt.datetime.now(dt.UTC)
    tables: dict[str, list[dict]] = {name: [] for name in STORY_TABLES}
    for story, enr in rewritten:
        rows = story_rows(story, enr, model=enr.model, now=now, lineage=lineage)
        for name, story_table in rows.items():
            tables[name] += story_table
    wh.commit({k: to_table(k, v) for k, v in tables.items()}, commit_id=cid)


@flow(name="storywire-compact")
def compact(
    warehouse: str = settings.DEFAULT_WAREHOUSE,
    keep_days: int = settings.KEEP_SNAPSHOTS_DAYS,
    catalog: str | None = None,
) -> dict:
    """Upkeep with DuckLake's own functions (``Warehouse.upkeep``): queries see the same
    results before and after; time travel reaches back ``keep_days``."""
    logger = get_run_logger()
    wh = Warehouse.open(warehouse, create=False, catalog=catalog)
    with wh.locked():
        result = wh.upkeep(keep_days)
    logger.info("files %d -> %d, %d snapshots expired, %d files deleted", result["files_before"],
                result["files_after"], result["snapshots_expired"], result["files_deleted"])
    _check_and_report(wh, "storywire compact", result)
    return result


def _check_and_report(wh: Warehouse, title: str, facts: dict) -> None:
    """Run the data-quality checks over the warehouse, publish the report, fail on a failure."""
    checks = checks_over(wh.connect)
    publish_maintenance(title, facts, checks)
    raise_if_failed(checks)
