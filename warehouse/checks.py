"""Data-quality checks: SQL files in ``warehouse/checks`` that return the offending rows.

A check passes when its query returns no rows. Checks run at the end of every flow run; a
failing one is reported (name, count, a sample) and fails the run, so a bad batch is visible
in the Prefect UI instead of being discovered by an analyst.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import duckdb


class DataQualityError(RuntimeError):
    """A data-quality check found offending rows: the run is marked failed."""


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
    folder = resources.files("storywire.warehouse").joinpath("checks")
    return {e.name.removesuffix(".sql"): e.read_text() for e in sorted(folder.iterdir()) if e.name.endswith(".sql")}


def _description(sql: str) -> str:
    lines = [ln.removeprefix("--").strip() for ln in sql.splitlines() if ln.startswith("--")]
    return " ".join(lines)


def run_checks(con: duckdb.DuckDBPyConnection, sample_size: int = 5) -> list[CheckResult]:
    """Run every check on a connection that has the warehouse views."""
    results = []
    for name, sql in check_sql().items():
        count = con.execute(f"select count(*) from ({sql})").fetchone()[0]
        cur = con.execute(f"select * from ({sql}) limit {int(sample_size)}")
        cols = [d[0] for d in cur.description]
        sample = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        results.append(CheckResult(name, _description(sql), count, sample))
    return results


def raise_if_failed(checks: list[CheckResult]) -> None:
    failed = [c for c in checks if not c.passed]
    if failed:
        raise DataQualityError(
            "SW601: data-quality checks failed: " + ", ".join(f"{c.name} ({c.failures} rows)" for c in failed)
        )
