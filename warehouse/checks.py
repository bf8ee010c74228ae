"""Data-quality checks: SQL files in ``warehouse/checks`` that return the offending rows.

A check passes when its query returns no rows. An ingest run checks what it wrote, a group
of commits at a time (:class:`CommitChecks`); maintenance runs and ``storywire check`` check
the whole warehouse. A failing check is reported (name, count, a sample) and fails the run,
so a bad batch is visible in the Prefect UI instead of being discovered by an analyst.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import duckdb

from storywire.warehouse.errors import DataQualityError
from storywire.warehouse.sql import sql_files


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    description: str
    failures: int
    sample: list[dict]

    @property
    def passed(self) -> bool:
        return self.failures == 0


def check_sql() -> dict[str, str]:
    """Check name -> its SQL (``checks/*.sql``)."""
    return dict(sql_files("checks"))


def _description(sql: str) -> str:
    lines = [ln.removeprefix("--").strip() for ln in sql.splitlines() if ln.startswith("--")]
    return " ".join(lines)


def run_checks(con: duckdb.DuckDBPyConnection, sample_size: int = 5) -> list[CheckResult]:
    """Run every check on a connection that has the warehouse views."""
    results = []
    for name, sql in check_sql().items():
        # one pass: the total rides on each sampled row (a check's query can be a big join)
        cur = con.execute(
            f"select count(*) over () as {_TOTAL}, * from ({sql}) limit {max(1, int(sample_size))}"
        )
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        count = rows[0][0] if rows else 0
        sample = [dict(zip(cols[1:], row[1:], strict=True)) for row in rows[: max(0, sample_size)]]
        results.append(CheckResult(name, _description(sql), count, sample))
    return results


_TOTAL = "storywire_check_failures"


def checks_over(
    connect: Callable[[], duckdb.DuckDBPyConnection], sample_size: int = 5
) -> list[CheckResult]:
    """Every check on a connection from ``connect`` (whole warehouse or some commits),
    closed afterwards."""
    con = connect()
    try:
        return run_checks(con, sample_size)
    finally:
        con.close()


def merge_checks(a: Sequence[CheckResult], b: Sequence[CheckResult], sample_size: int = 5) -> list[CheckResult]:
    """The results of the same checks over two sets of rows, as one: failures add up, the
    sample keeps the first rows found."""
    by_name = {c.name: c for c in a}
    for c in b:
        old = by_name.get(c.name)
        by_name[c.name] = c if old is None else replace(
            old, failures=old.failures + c.failures, sample=(old.sample + c.sample)[:sample_size]
        )
    return list(by_name.values())


class CommitChecks:
    """The checks over one run's own commits, a group of commits at a time.

    Every check is about rows of one commit (an offset into the story version it was computed
    on, ids within a commit, one row's dates), so checking each commit once is as strict as
    checking the whole warehouse again at the end of every run, and it costs what the run
    wrote rather than what the warehouse holds: DuckDB joins a group's entity rows to its
    stories' text, so memory is bounded by ``group_stories``, and a re-run with nothing new
    reads nothing.

    ``connect(commit_ids)`` returns a connection whose views see only those commits.
    """

    def __init__(
        self,
        connect: Callable[[Sequence[str]], duckdb.DuckDBPyConnection],
        group_stories: int = 1024,
        sample_size: int = 5,
    ) -> None:
        self._connect, self.group_stories, self.sample_size = connect, group_stories, sample_size
        self._pending: list[str] = []
        self._stories = 0
        self._results: list[CheckResult] | None = None

    def add(self, commit_id: str, stories: int) -> None:
        """A commit landed with ``stories`` stories; check the group once it is big enough."""
        self._pending.append(commit_id)
        self._stories += stories
        if self._stories >= self.group_stories:
            self._check()

    def results(self) -> list[CheckResult]:
        """Every check over every commit added (run over an empty set when none was: each
        check still reports, with no failures)."""
        if self._pending or self._results is None:
            self._check()
        return list(self._results or [])

    def _check(self) -> None:
        found = checks_over(functools.partial(self._connect, list(self._pending)), self.sample_size)
        self._results = found if self._results is None else merge_checks(self._results, found, self.sample_size)
        self._pending.clear()
        self._stories = 0


def raise_if_failed(checks: list[CheckResult]) -> None:
    failed = [c for c in checks if not c.passed]
    if failed:
        raise DataQualityError(
            "SW601", "data-quality checks failed: " + ", ".join(f"{c.name} ({c.failures} rows)" for c in failed)
        )
