"""What the benchmark reads from the warehouse the flow built: the run it just measured, the
texts the flow piped, and a few typical DuckDB queries, timed.

The SQL is in ``queries/*.sql`` beside this module (package data), one query per file.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import time
from pathlib import Path

from storywire.flows.bench.errors import BenchmarkError
from storywire.warehouse.sql import sql_files

QUERY_REPEATS = 5
#: How the report names the README's example queries (the issue's latency target is theirs).
README_PREFIX = "README: "

#: The timed queries, in report order: (name shown in the report, ``queries/<stem>.sql``).
#: The ``readme_*`` ones are the README's example queries, word for word (a test keeps them so).
QUERIES: tuple[tuple[str, str], ...] = (
    ("entity counts per week", "entity_counts_per_week"),
    ("stories mentioning a place in a date range", "stories_mentioning_a_place"),
    ("most quoted speakers", "most_quoted_speakers"),
    (README_PREFIX + "the people quoted most", "readme_quoted_most"),
    (README_PREFIX + "quoted most this month", "readme_quoted_this_month"),
    (README_PREFIX + "places mentioned per week", "readme_places_per_week"),
    (README_PREFIX + "stories about a month", "readme_talk_about_a_month"),
    (README_PREFIX + "rejects of the last run", "readme_rejects_last_run"),
)


@functools.cache
def sql(name: str) -> str:
    """The text of ``queries/<name>.sql``."""
    return sql_files("queries", package="storywire.flows.bench")[name]


def _connect(warehouse: Path):
    """A read-only connection to the lake at ``warehouse``, its views current (what
    ``storywire query`` reads through)."""
    from storywire.warehouse.errors import QueryError
    from storywire.warehouse.query import open_database

    try:
        return open_database(warehouse)
    except QueryError as exc:
        raise BenchmarkError(f"cannot read the warehouse {warehouse}: {exc}") from exc


def last_run(warehouse: Path) -> dict:
    con = _connect(warehouse)
    try:
        cur = con.execute(sql("last_run"))
        row = cur.fetchone()
        cols = [d[0] for d in cur.description]
    finally:
        con.close()
    if row is None:
        raise BenchmarkError(f"no run recorded in {warehouse}")
    return dict(zip(cols, row, strict=True))


def enriched_texts(warehouse: Path) -> tuple[list[str], int, int]:
    """Headlines and bodies exactly as the flow piped them; (texts, stories, body words)."""
    con = _connect(warehouse)
    try:
        rows = con.execute(sql("enriched_texts")).fetchall()
    finally:
        con.close()
    texts = [t for h, b, _ in rows for t in (h, b) if t and t.strip()]
    return texts, len(rows), sum(w or 0 for _, _, w in rows)


def _query_params(con) -> dict:
    """Pick query arguments from the data, so each query returns rows on any corpus."""
    place = con.execute(sql("param_place")).fetchone()
    lo, hi = con.execute(sql("param_dates")).fetchone()
    today = dt.date.today()
    return {
        "place": place[0] if place else "",
        "start": lo or dt.date(1900, 1, 1),
        "end": hi or today,
    }


def time_queries(warehouse: Path, repeats: int = QUERY_REPEATS) -> list[dict]:
    """Each typical query run ``repeats`` times on one connection; median latency in ms."""
    con = _connect(warehouse)
    try:
        params = _query_params(con)
        out = []
        for name, stem in QUERIES:
            text = sql(stem)
            args = {k: v for k, v in params.items() if f"${k}" in text}
            runs, rows = [], 0
            for _ in range(repeats):
                t0 = time.perf_counter()
                rows = len(con.execute(text, args).fetchall())
                runs.append((time.perf_counter() - t0) * 1000)
            out.append(
                {
                    "name": name,
                    "sql": text,
                    "params": {k: str(v) for k, v in args.items()},
                    "rows": rows,
                    "median_ms": round(statistics.median(runs), 2),
                    "runs_ms": [round(r, 2) for r in runs],
                }
            )
    finally:
        con.close()
    return out


#: The search the benchmark times: words of the generated, corpus and synthetic stories alike.
SEARCH_TEXT = "minister said prices"


def time_search(warehouse: Path, text: str = SEARCH_TEXT, repeats: int = QUERY_REPEATS) -> dict:
    """One ``storywire search`` query (``storywire.warehouse.search.search``) timed like the
    queries. The hook for the search: without that module (or on a warehouse it cannot
    search) the entry says why and has no latency."""
    entry: dict = {
        "name": "search",
        "sql": f"search {text!r}",
        "params": {"text": text},
        "rows": 0,
        "median_ms": None,
        "runs_ms": [],
    }
    try:
        from storywire.warehouse.search import search
    except ImportError as exc:
        return {**entry, "skipped": f"no storywire.warehouse.search ({exc})"}
    con = _connect(warehouse)
    try:
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            found = search(con, text)
            runs.append((time.perf_counter() - t0) * 1000)
    except Exception as exc:  # a search that fails is reported, the other numbers stand
        return {**entry, "skipped": f"search failed: {type(exc).__name__}: {exc}"}
    finally:
        con.close()
    return {
        **entry,
        "rows": len(found.rows),
        "median_ms": round(statistics.median(runs), 2),
        "runs_ms": [round(r, 2) for r in runs],
    }
