"""Warehouse upkeep flows: ``reprocess`` (backfill / re-enrich) and ``compact``.

Both write through the same atomic commits as ingest, under the same lock, so they can run
on a schedule beside it: a reprocess writes new versions of the selected stories (the views
show only the newest), and a compaction replaces many small commits by one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from storywire.flows.report import checks_and_report
from storywire.flows.settings import DEFAULT_MODEL, DEFAULT_WAREHOUSE, pipeline_version
from storywire.flows.tasks import reenrich_batch, tasks_run_in_flow_process
from storywire.tasks.clean.stories import StoryDraft
from storywire.tasks.enrich.workers import close_pools
from storywire.warehouse.rows import record_row, record_rows
from storywire.warehouse.schemas import TABLES, empty_table, to_table
from storywire.warehouse.store import Warehouse


def sql_params_text(params: list) -> str:
    return ", ".join(map(str, params)) or "all stories"


_DRAFT_FIELDS = [f.name for f in dataclasses.fields(StoryDraft)]


def selection_sql(
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    pipeline: str | None = None,
    model: str | None = None,
    stale_for: tuple[str, str] | None = None,
) -> tuple[str, list]:
    """SQL (and parameters) choosing the stories to re-enrich.

    ``pipeline``/``model`` pick stories produced by that version; ``stale_for`` =
    (pipeline version, model version) picks every story produced by anything else.
    """
    filters = [
        ("s.published_date >= ?", since),
        ("s.published_date <= ?", until),
        ("s.pipeline_version = ?", pipeline),
        ("s.model = ?", model),
    ]
    where = [clause for clause, value in filters if value]
    params: list = [value for _, value in filters if value]
    if stale_for:
        where.append("(s.pipeline_version is distinct from ? or s.model is distinct from ?)")
        params.extend(stale_for)
    # The current version's row, with the minhash column the `stories` view leaves out.
    sql = (
        "select v.* from story_versions v join stories s using (story_id, commit_id) "
        f"where {' and '.join(where) or 'true'} order by v.story_id"
    )
    return sql, params


@flow(name="storywire-reprocess")
def reprocess(
    warehouse: str = DEFAULT_WAREHOUSE,
    since: dt.date | None = None,
    until: dt.date | None = None,
    pipeline: str | None = None,
    model_version: str | None = None,
    stale: bool = False,
    model: str = DEFAULT_MODEL,
    chunk_size: int = 256,
    batch_size: int = 32,
    n_process: int = 1,
) -> dict:
    """Re-enrich the stories selected by publication date range and/or by the pipeline or
    model version that produced them (``stale``: everything not produced by this pipeline
    and ``model``). Their entities, dates and quotes are replaced, not added to."""
    from storywire.tasks.enrich.entities import model_version as version_of
    from storywire.tasks.enrich.workers import cached_nlp

    logger = get_run_logger()
    started = time.perf_counter()
    wh = Warehouse.open(warehouse, create=False)
    version = pipeline_version()
    run_id = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-reprocess"
    stale_for = (version, version_of(cached_nlp(model))) if stale else None
    sql, params = selection_sql(
        since=since, until=until, pipeline=pipeline, model=model_version, stale_for=stale_for
    )
    done = 0
    pooled = tasks_run_in_flow_process()
    with wh.locked():
        con = wh.connect()
        cur = con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk_size):
            drafts = [StoryDraft(**{k: v for k, v in zip(cols, r, strict=True) if k in _DRAFT_FIELDS})
                      for r in rows]
            enrichments, model_name = reenrich_batch(quote(drafts), model, batch_size, n_process, pooled)
            cid = wh.new_commit_id()
            lineage = {"run_id": run_id, "pipeline_version": version, "commit_id": cid}
            now = dt.datetime.now(dt.UTC)
            tables: dict[str, list[dict]] = {"stories": [], "entities": [], "timexes": [], "quotes": []}
            for story, enr in zip(drafts, enrichments, strict=True):
                sid = {"story_id": story.story_id}
                tables["stories"].append(record_row("stories", story, model=model_name, ingested_at=now, **lineage))
                tables["entities"] += record_rows("entities", enr.entities, model=model_name, **sid, **lineage)
                tables["timexes"] += record_rows("timexes", enr.timexes, anchor_date=story.published_date,
                                                 **sid, **lineage)
                tables["quotes"] += record_rows("quotes", enr.quotes, model=model_name, **sid, **lineage)
            wh.commit({k: to_table(k, v) for k, v in tables.items()}, commit_id=cid)
            done += len(drafts)
        con.close()
        close_pools()
        wh.build_database()
    seconds = round(time.perf_counter() - started, 3)
    logger.info("re-enriched %d stories in %.1fs", done, seconds)
    result = {"stories": done, "seconds": seconds}
    checks_and_report(wh, "storywire reprocess", {**result, "selection": sql_params_text(params)})
    return result


# Per table: the view whose rows are still current, and the key joining file rows to it.
_CURRENT = {
    "stories": ("stories", "v.story_id = c.story_id and v.commit_id = c.commit_id"),
    "entities": ("stories", "v.story_id = c.story_id and v.commit_id = c.commit_id"),
    "timexes": ("stories", "v.story_id = c.story_id and v.commit_id = c.commit_id"),
    "quotes": ("stories", "v.story_id = c.story_id and v.commit_id = c.commit_id"),
    "sources": ("sources", "v.source_uri = c.source_uri and v.commit_id = c.commit_id"),
    "runs": ("runs", "v.run_id = c.run_id and v.commit_id = c.commit_id"),
    "rejects": (
        "rejects",
        "v.source_uri = c.source_uri and v.item_key is not distinct from c.item_key "
        "and v.run_id is not distinct from c.run_id and v.commit_id = c.commit_id",
    ),
}


@flow(name="storywire-compact")
def compact(warehouse: str = DEFAULT_WAREHOUSE, small_bytes: int = 64 * 1024 * 1024) -> dict:
    """Merge the warehouse's small commits (under ``small_bytes`` each) into one, dropping
    rows that newer versions superseded. Queries see the same results before and after."""
    logger = get_run_logger()
    wh = Warehouse.open(warehouse, create=False)
    with wh.locked():
        small = [cid for cid, size in wh.commit_sizes().items() if size < small_bytes]
        if len(small) < 2:
            logger.info("nothing to compact (%d small commits)", len(small))
            return {"merged": 0, "commits_before": len(wh.commit_ids())}
        before = len(wh.commit_ids())
        con = wh.connect()
        tables: dict[str, pa.Table] = {}
        for table, (view, on) in _CURRENT.items():
            files = wh.commit_files(small, table)
            if not files:
                tables[table] = empty_table(table)
                continue
            tables[table] = con.sql(
                f"select v.* from read_parquet(?, union_by_name = true) v "
                f"where exists (select 1 from {view} c where {on})",
                params=[files],
            ).to_arrow_table()
        con.close()
        for name in TABLES:
            tables.setdefault(name, empty_table(name))
        cid = wh.commit(tables, supersedes=small)
        wh.build_database()
        after = len(wh.commit_ids())
    logger.info("compacted %d commits into %s (%d -> %d)", len(small), cid, before, after)
    result = {"merged": len(small), "commits_before": before, "commits_after": after, "commit_id": cid}
    checks_and_report(wh, "storywire compact", result)
    return result
