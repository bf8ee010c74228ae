"""The run report: what a flow run did, as markdown and tables for the Prefect UI.

``render_report`` is pure (summary + facts in, markdown out) so it is tested without Prefect;
``publish`` is the thin edge that turns it into Prefect artifacts on the current flow run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storywire.warehouse.checks import CheckResult


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


@dataclass(slots=True)
class RunFacts:
    """Facts about one run's stories and rejects, gathered from the rows it commits.

    Gathered as the rows go by rather than read back from the warehouse at the end: a query
    over the run's stories would cost memory in proportion to the run.
    """

    date_sources: dict[str, int] = field(default_factory=dict)
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    languages: dict[str, int] = field(default_factory=dict)
    rejects: list[dict] = field(default_factory=list)
    max_rejects: int = 200

    def add_story(self, row: Mapping[str, Any]) -> None:
        """Count one ``stories`` row."""
        source = row.get("published_date_source") or "none"
        self.date_sources[source] = self.date_sources.get(source, 0) + 1
        language = row.get("language") or "unknown"
        self.languages[language] = self.languages.get(language, 0) + 1
        day = row.get("published_date")
        if day is not None:
            self.first_date = day if self.first_date is None else min(self.first_date, day)
            self.last_date = day if self.last_date is None else max(self.last_date, day)

    def add_reject(self, row: Mapping[str, Any]) -> None:
        """Keep one ``rejects`` row for the rejects table (the first ``max_rejects``)."""
        if len(self.rejects) < self.max_rejects:
            self.rejects.append({k: row.get(k) for k in _REJECT_COLUMNS})


_REJECT_COLUMNS = ("source_uri", "item_key", "reason", "detail", "transient")


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def render_report(summary: RunSummary, facts: RunFacts, checks: Sequence[CheckResult]) -> str:
    """Markdown for the run report artifact."""
    s = summary
    rate = (
        f"{s.words / s.seconds:,.0f} words/s, {s.stories / s.seconds:,.1f} stories/s"
        if s.seconds
        else "-"
    )
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
        lines += [
            f"| {k} | {v} |" for k, v in sorted(s.reject_reasons.items(), key=lambda kv: -kv[1])
        ]
    else:
        lines.append("None.")
    lines += ["", "## Date coverage", ""]
    if facts.date_sources:
        lines.append(
            f"Publication dates from {facts.first_date or '-'} to {facts.last_date or '-'}."
        )
        lines += ["", "| date source | stories |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in _by_count(facts.date_sources)]
        lines += [
            "",
            "Languages: " + ", ".join(f"{k} {v}" for k, v in _by_count(facts.languages)) + ".",
        ]
    else:
        lines.append("No new stories in this run.")
    lines += ["", "## Data-quality checks", "", render_checks(checks)]
    return "\n".join(lines)


SummaryHook = Callable[[RunSummary], None]
_summary_hook: SummaryHook | None = None


def set_summary_hook(hook: SummaryHook | None) -> None:
    """Give ``hook`` each summary ``publish`` publishes in this process: the CLI prints a
    run's summary even when the flow then fails on a data-quality check."""
    global _summary_hook
    _summary_hook = hook


def publish(summary: RunSummary, facts: RunFacts, checks: Sequence[CheckResult]) -> None:
    """Attach the report and the rejects table to the current Prefect flow run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    if _summary_hook is not None:
        _summary_hook(summary)

    from storywire.flows.htmlreport import run_page_line

    # the pictures: `storywire report`'s page, rewritten when the run changed the warehouse
    page = run_page_line(summary.warehouse, changed=bool(summary.stories or summary.rejects))
    create_markdown_artifact(
        markdown=render_report(summary, facts, checks) + f"\n## Pictures\n\n{page}\n",
        key="storywire-run-report",
        description="What this ingest run did: counts, throughput, rejects, dates, checks.",
    )
    rows = sorted(facts.rejects, key=lambda r: (r["source_uri"] or "", r["item_key"] or ""))
    if not rows:  # a placeholder row, so the artifact always shows its columns
        rows = [
            {"source_uri": "", "item_key": "", "reason": "none", "detail": "", "transient": False}
        ]
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
