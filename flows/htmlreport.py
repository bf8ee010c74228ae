"""``storywire report``: one self-contained HTML page about what a warehouse holds.

A map of the places mentioned, a timeline of the dates the stories talk about beside their
publication dates, the top people, organizations, places and quoted speakers, the stories per
agency and language, and the rejects by reason. Everything is read through the warehouse's
views by name (``flows/sql/report/*.sql``, one query each) over the read-only connection
``storywire query`` uses; the page is drawn as inline SVG and needs no network to be viewed
(no scripts, fonts, tiles or styles from elsewhere).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storywire.flows.settings import DEFAULT_WAREHOUSE, REPORT_REBUILD_MAX_STORIES
from storywire.warehouse.sql import sql_files

if TYPE_CHECKING:
    import duckdb

#: The page's file name beside a local warehouse (the default of ``--out``).
REPORT_FILE = "report.html"
#: Rows of each "top" table, and the most places the map draws.
TOP_ROWS = 15
MAX_PLACES = 2000
_KINDS = (("people", "People"), ("organizations", "Organizations"), ("places", "Places"))


@dataclass(slots=True)
class ReportData:
    """What the page shows, one list of row dicts per query of ``flows/sql/report``."""

    summary: dict[str, Any] = field(default_factory=dict)
    places: list[dict] = field(default_factory=list)
    top_entities: list[dict] = field(default_factory=list)
    speakers: list[dict] = field(default_factory=list)
    agencies: list[dict] = field(default_factory=list)
    languages: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any]) -> list[dict]:
    sql = sql_files("sql/report", package="storywire.flows")[name]
    wanted = {k: v for k, v in params.items() if f"${k}" in sql}  # DuckDB refuses unused ones
    cur = con.execute(sql, wanted)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def gather(
    con: duckdb.DuckDBPyConnection,
    since: dt.date | None = None,
    until: dt.date | None = None,
    top: int = TOP_ROWS,
) -> ReportData:
    """Run every report query over the stories published in [since, until]."""
    params = {"since": since, "until": until, "limit": top}
    data = ReportData()
    for name in ReportData.__slots__:
        rows = _rows(con, name, {**params, "limit": MAX_PLACES} if name == "places" else params)
        setattr(data, name, rows[0] if name == "summary" else rows)
    return data


# --- The page ---------------------------------------------------------------------------


def _cell(value: object, cls: str = "", title: object = None) -> str:
    text = "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)
    attrs = (f' class="{cls}"' if cls else "") + (
        f' title="{html.escape(str(title))}"' if title else ""
    )
    return f"<td{attrs}>{html.escape(text)}</td>"


def table_html(
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    measure: str | None = None,
) -> str:
    """A titled table (``<section class="table">``); ``columns`` are (key, heading) pairs,
    counts right-aligned; ``measure`` adds a bar of that column's share of the largest. A
    row's ``entity_key`` or ``speaker_key`` is the tooltip of its first cell."""
    most = max((int(r[measure] or 0) for r in rows), default=0) if measure else 0
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h in columns) + (
        "<th></th>" if measure else ""
    )
    body = []
    for r in rows:
        key = r.get("entity_key") or r.get("speaker_key")
        cells = "".join(
            _cell(r.get(k), "n" if isinstance(r.get(k), int) else "", key if i == 0 else None)
            for i, (k, _) in enumerate(columns)
        )
        if measure:
            share = 100 * int(r[measure] or 0) / most if most else 0
            cells += (
                f'<td class="meter-cell"><div class="meter" style="width:{share:.0f}%"></div></td>'
            )
        body.append(f"<tr>{cells}</tr>")
    if not body:
        body.append(
            f'<tr><td class="empty" colspan="{len(columns) + bool(measure)}">None.</td></tr>'
        )
    return (
        f'<section class="table"><h2>{html.escape(title)}</h2><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></section>"
    )


def _tables(data: ReportData) -> str:
    parts = []
    for kind, title in _KINDS:
        rows = [r for r in data.top_entities if r["kind"] == kind]
        heading = "Person" if kind == "people" else title[:-1]
        parts.append(
            table_html(
                f"Top {title.lower()}",
                [("canonical", heading), ("mentions", "mentions"), ("stories", "stories")],
                rows,
                "mentions",
            )
        )
    parts.append(
        table_html(
            "Top quoted speakers",
            [("speaker", "Speaker"), ("quotes", "quotes"), ("stories", "stories")],
            data.speakers,
            "quotes",
        )
    )
    parts.append(
        table_html(
            "Stories per agency",
            [("agency", "Agency"), ("stories", "stories"), ("duplicates", "copies")],
            data.agencies,
            "stories",
        )
    )
    parts.append(
        table_html(
            "Stories per language",
            [("language", "Language"), ("stories", "stories")],
            data.languages,
            "stories",
        )
    )
    rejects = [
        {**r, "transient": "yes (retried)" if r["transient"] else "no"} for r in data.rejects
    ]
    parts.append(
        table_html(
            "Rejects by reason",
            [("reason", "Reason"), ("transient", "transient"), ("inputs", "inputs")],
            rejects,
            "inputs",
        )
    )
    return "".join(parts)


def _numbers(summary: Mapping[str, Any], rejects: Sequence[Mapping[str, Any]]) -> str:
    first, last = summary.get("first_published"), summary.get("last_published")
    items = [
        ("stories", summary.get("stories")),
        ("copies (duplicates)", summary.get("duplicates")),
        ("agencies", summary.get("agencies")),
        ("languages", summary.get("languages")),
        ("entity mentions", summary.get("entities")),
        ("dates in the text", summary.get("timexes")),
        ("quotes", summary.get("quotes")),
        ("rejected inputs", sum(int(r["inputs"]) for r in rejects)),
        ("published", f"{first} .. {last}" if first else "-"),
    ]
    return "".join(
        f'<div class="number"><b>{html.escape(f"{v:,}" if isinstance(v, int) else str(v or 0))}</b>'
        f"{html.escape(k)}</div>"
        for k, v in items
    )


def render_page(
    data: ReportData,
    location: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The whole page as one string (pure but for the outlines, read once per process)."""
    from storywire.flows.timeline import timeline_svg
    from storywire.flows.worldmap import map_svg

    template = Template(
        resources.files("storywire.flows").joinpath("templates/report.html").read_text("utf-8")
    )
    now = now or dt.datetime.now(dt.UTC)
    window = (
        f"published {since or 'any time'} .. {until or 'any time'}"
        if since or until
        else "all stories"
    )
    shown = len(data.places)
    note = (
        f'<p class="tick">{shown:,} places with coordinates{" (the most mentioned)" if shown >= MAX_PLACES else ""}; '
        f"a point's area grows with its mentions.</p>"
    )
    return template.substitute(
        title=html.escape(f"storywire report: {location}"),
        subtitle=html.escape(f"{window}; written {now:%Y-%m-%d %H:%M} UTC"),
        numbers=_numbers(data.summary, data.rejects),
        map_note=note,
        map=map_svg(data.places),
        timeline=timeline_svg(data.timeline),
        tables=_tables(data),
    )


# --- Writing it -------------------------------------------------------------------------


def default_out(location: str) -> Path:
    """``DIR/report.html`` beside a local warehouse; ``./report.html`` for a URL."""
    from storywire.warehouse.lake import local_folder

    folder = local_folder(location)
    return (Path(folder) if folder is not None else Path.cwd()) / REPORT_FILE


def write_report(
    location: str,
    out: str | os.PathLike[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Path:
    """Build the page for the warehouse at ``location`` and write it (atomically) to ``out``."""
    from storywire.warehouse.query import open_database

    con = open_database(location)
    try:
        return _write(con, location, out, since, until)
    finally:
        con.close()


def _write(con: duckdb.DuckDBPyConnection, location: str, out: str | os.PathLike[str] | None = None,
           since: dt.date | None = None, until: dt.date | None = None) -> Path:
    data = gather(con, since, until)
    target = Path(out) if out is not None else default_out(location)
    page = render_page(data, location, since, until)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(target)  # a reader never sees half a page
    return target


def run_page_line(location: str, *, changed: bool = True,
                  max_stories: int = REPORT_REBUILD_MAX_STORIES) -> str:
    """For an ingest run's report: the page written beside a local warehouse, or how to write
    it (a remote one). A run that changed nothing links the page it finds (a no-op run stays
    cheap), and so does a run on a warehouse of more than ``max_stories`` stories (the page
    reads all of them: its cost would grow with every run). A page that cannot be written
    costs the line, never the run."""
    from storywire.warehouse.lake import local_folder

    command = f"`storywire report --warehouse {location}`"
    if local_folder(location) is None:
        return f"Pictures of the warehouse: {command} --out report.html."
    try:
        existing = default_out(location)
        if not changed and existing.exists():
            path = existing
        elif (path := _rebuilt(location, max_stories)) is None:
            built = "" if not existing.exists() else f": [{existing}]({existing.as_uri()}) is from an earlier run"
            return (f"Pictures of the warehouse{built}. Runs rebuild the page up to {max_stories:,} "
                    f"stories; {command} rebuilds it now.")
    except Exception as exc:
        return f"The report page could not be written ({type(exc).__name__}: {exc}); try `storywire report`."
    return f"Pictures of the warehouse (map, timeline, top entities): [{path}]({path.as_uri()}), rebuilt after each run."


def _rebuilt(location: str, max_stories: int) -> Path | None:
    """The page written again, unless the warehouse holds more than ``max_stories`` stories
    (counted from the lake's file statistics, on the same connection: opening the lake is
    most of a small page's cost)."""
    from storywire.warehouse.query import open_database

    con = open_database(location)
    try:
        if int(con.execute("select count(*) from stored.stories").fetchone()[0]) > max_stories:
            return None
        return _write(con, location)
    finally:
        con.close()


# --- Command ----------------------------------------------------------------------------


def _fail(message: str) -> typer.Exit:
    typer.echo(f"storywire: error: {message}", err=True)
    return typer.Exit(code=2)


def report_command(
    warehouse: Annotated[
        str,
        typer.Option(
            "--warehouse", "-w", help="Warehouse folder or s3:// URL (env STORYWIRE_WAREHOUSE)."
        ),
    ] = DEFAULT_WAREHOUSE,
    since: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/after.")
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/before.")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where to write the page (default: DIR/report.html, "
            "or ./report.html for a URL warehouse).",
        ),
    ] = None,
) -> None:
    """Write one self-contained HTML page: a map of the places mentioned, a timeline, the top
    people, organizations, places and speakers, stories per agency and language, rejects."""
    import duckdb

    from storywire.warehouse.query import QueryError

    first, last = (since.date() if since else None), (until.date() if until else None)
    if first and last and first > last:
        raise _fail(f"SW442: --since {first} is after --until {last}: the report would be empty")
    try:
        path = write_report(warehouse, out, first, last)
    except (QueryError, duckdb.Error) as exc:
        raise _fail(str(exc).strip()) from exc
    except OSError as exc:
        raise _fail(f"SW443: cannot write the report: {exc}") from exc
    typer.echo(f"wrote {path}")
