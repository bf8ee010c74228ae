"""The run report: what a flow run did, as markdown and tables for the Prefect UI.

``render_report`` is pure (summary + facts in, markdown out) so it is tested without Prefect;
``publish`` is the thin edge that turns it into Prefect artifacts on the current flow run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from storywire.warehouse.checks import CheckResult


@dataclass(frozen=True, slots=True)
class RunFacts:
    """Facts about one run read back from the warehouse (what actually landed)."""

    date_sources: dict[str, int] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    languages: dict[str, int] = field(default_factory=dict)
    rejects: list[dict] = field(default_factory=list)


def collect_facts(con: duckdb.DuckDBPyConnection, run_id: str, max_rejects: int = 200) -> RunFacts:
    stories = "from stories where run_id = ?"
    sources = dict(con.execute(
        f"select coalesce(published_date_source, 'none'), count(*) {stories} group by 1 order by 2 desc",
        [run_id]).fetchall())
    first, last = con.execute(f"select min(published_date)::varchar, max(published_date)::varchar {stories}",
                              [run_id]).fetchone()
    languages = dict(con.execute(
        f"select coalesce(language, 'unknown'), count(*) {stories} group by 1 order by 2 desc", [run_id]
    ).fetchall())
    cur = con.execute(
        "select source_uri, item_key, reason, detail, transient from rejects where run_id = ? "
        "order by source_uri, item_key limit ?", [run_id, max_rejects])
    cols = [d[0] for d in cur.description]
    rejects = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    return RunFacts(sources, first, last, languages, rejects)


def render_report(summary, facts: RunFacts, checks: Sequence[CheckResult]) -> str:
    """Markdown for the run report artifact."""
    s = summary
    rate = f"{s.words / s.seconds:,.0f} words/s, {s.stories / s.seconds:,.1f} stories/s" if s.seconds else "-"
    lines = [
        f"# storywire run `{s.run_id}`",
        "",
        f"Warehouse: `{s.warehouse}`",
        "",
        "| files seen | ingested | rejected | skipped (already seen) | URL lists | stories | duplicates |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s.files_seen} | {s.files_ingested} | {s.files_rejected} | {s.files_skipped} | {s.files_listed} "
        f"| {s.stories} | {s.duplicates} |",
        "",
        f"Enrichment: {s.entities} entities, {s.timexes} temporal expressions, {s.quotes} quotes. "
        f"Time: {s.seconds:.1f}s ({rate}).",
        "",
        "## Reject reasons",
        "",
    ]
    if s.reject_reasons:
        lines += ["| reason | rows |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(s.reject_reasons.items(), key=lambda kv: -kv[1])]
    else:
        lines.append("None.")
    lines += ["", "## Date coverage", ""]
    if facts.date_sources:
        lines.append(f"Publication dates from {facts.first_date or '-'} to {facts.last_date or '-'}.")
        lines += ["", "| date source | stories |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in facts.date_sources.items()]
        lines += ["", "Languages: " + ", ".join(f"{k} {v}" for k, v in facts.languages.items()) + "."]
    else:
        lines.append("No new stories in this run.")
    lines += ["", "## Data-quality checks", "", render_checks(checks)]
    return "\n".join(lines)


def publish(summary, facts: RunFacts, checks: Sequence[CheckResult]) -> None:
    """Attach the report and the rejects table to the current Prefect flow run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_markdown_artifact(
        markdown=render_report(summary, facts, checks),
        key="storywire-run-report",
        description="What this ingest run did: counts, throughput, rejects, dates, checks.",
    )
    rows = facts.rejects or [{"source_uri": "", "item_key": "", "reason": "none", "detail": "", "transient": False}]
    create_table_artifact(
        table=rows,
        key="storywire-rejects",
        description="Inputs this run could not turn into stories, with the reason.",
    )


def render_checks(checks: Sequence[CheckResult]) -> str:
    lines = ["| check | result | offending rows |", "|---|---|---:|"]
    lines += [f"| {c.name} | {'pass' if c.passed else '**FAIL**'} | {c.failures} |" for c in checks]
    return "\n".join(lines) + "\n"


def publish_maintenance(title: str, facts: dict, checks: Sequence[CheckResult]) -> None:
    """Report of a reprocess or compact run: what it did and the data-quality checks."""
    from prefect.artifacts import create_markdown_artifact

    body = "\n".join(f"- {k}: {v}" for k, v in facts.items())
    create_markdown_artifact(
        markdown=f"# {title}\n\n{body}\n\n## Data-quality checks\n\n{render_checks(checks)}",
        key="storywire-maintenance-report",
        description=title,
    )


def checks_and_report(wh, title: str, facts: dict) -> None:
    """Run the data-quality checks on ``wh``, publish the report, fail on a failing check."""
    from storywire.warehouse.checks import raise_if_failed, run_checks

    con = wh.connect()
    try:
        checks = run_checks(con)
    finally:
        con.close()
    publish_maintenance(title, facts, checks)
    raise_if_failed(checks)
