"""``storywire show STORY``: one story as the warehouse holds it, on a terminal or as JSON.

A story is named by its id, a unique prefix of it, or the source it came from (a path or a
URL). Everything is read through the warehouse's views by name (``flows/sql/show/*.sql``),
over the read-only connection ``storywire query`` uses, so the command keeps working when the
storage under the views changes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storywire.flows.settings import DEFAULT_WAREHOUSE
from storywire.tasks.read.sources import local_path, local_uri
from storywire.tasks.records import CodedError
from storywire.warehouse.sql import sql_files

if TYPE_CHECKING:
    import duckdb
    from rich.console import RenderableType

#: How many candidates an ambiguous reference lists.
CANDIDATES_SHOWN = 5
#: The sections of a shown story, each one query of ``flows/sql/show``.
SECTIONS = ("entities", "timexes", "quotes", "duplicates", "versions")


class StoryRefError(CodedError):
    """A reference that names no story (SW440) or more than one (SW441)."""


def _queries() -> Mapping[str, str]:
    return sql_files("sql/show", package="storywire.flows")


def _records(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict]:
    cur = con.execute(_queries()[name], params)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _as_path(ref: str) -> str:
    """The ``source_uri`` a local path ``ref`` would be stored as: resolved, and for a name
    that is not valid UTF-8 the ``file://`` URI ``local_uri`` writes."""
    if ref.startswith("file://"):
        ref = local_path(ref)
    elif "://" in ref:
        return _storable(ref)
    try:
        return local_uri(str(Path(ref).expanduser().resolve()))
    except (OSError, RuntimeError):  # a symlink loop, an unreadable folder: match as given
        return _storable(ref)


def _storable(text: str) -> str:
    """``text`` as a query parameter can carry it: the command line's lone surrogates (bytes
    that are not UTF-8) as escapes, which match no id."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def resolve(con: duckdb.DuckDBPyConnection, ref: str) -> str:
    """The story_id ``ref`` names: an exact id, else a source path/URL, else an id prefix."""
    ref = ref.strip()
    if not ref:
        raise StoryRefError(
            "SW440", "no story named: give a story id, a prefix of one, or a source path"
        )
    params = {"ref": _storable(ref), "path": _as_path(ref), "limit": CANDIDATES_SHOWN + 1}
    found = _records(con, "resolve", params)
    if not found:
        raise StoryRefError(
            "SW440", f"no story matches {ref!r} (not a story id, id prefix or source)"
        )
    if len(found) > 1:
        listed = ", ".join(_candidate(r) for r in found[:CANDIDATES_SHOWN])
        more = ", ..." if len(found) > CANDIDATES_SHOWN else ""
        raise StoryRefError("SW441", f"{ref!r} names more than one story: {listed}{more}")
    return found[0]["story_id"]


def _candidate(row: Mapping[str, Any]) -> str:
    name = Path(str(row["source_uri"])).name
    item = f"#{row['item_key']}" if row.get("item_key") else ""
    return f"{row['story_id'][:16]} ({name}{item})"


def load_story(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """The story ``ref`` names with its sections: ``{"story": {...}, "entities": [...], ...}``."""
    story_id = resolve(con, ref)
    params = {"story_id": story_id}
    (story,) = _records(con, "story", params)
    return {"story": story, **{name: _records(con, name, params) for name in SECTIONS}}


# --- JSON -------------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def to_json(shown: Mapping[str, Any]) -> str:
    """One JSON object: the story's fields and its sections."""
    return json.dumps(shown, default=_json_default, ensure_ascii=False, indent=2)


# --- Terminal ---------------------------------------------------------------------------

_STRUCTURE = ("headline", "subheadline", "dateline", "dateline_place", "agency", "byline",
              "caption", "credit", "lede", "paragraphs", "word_count", "language", "input_format",
              "encoding", "source_uri", "item_key", "url")  # fmt: skip
_DATES = ("published_date", "published_date_source", "published_at", "published_tz")


def _text(value: object, limit: int = 300) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fields(story: Mapping[str, Any], names: Sequence[str]) -> RenderableType:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(overflow="fold")
    for name in names:
        value = story.get(name)
        if name == "language" and value and story.get("language_confidence") is not None:
            value = f"{value} ({story['language_confidence']:.2f})"
        if value not in (None, ""):
            grid.add_row(name, _text(value))
    return grid


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> RenderableType:
    from rich.table import Table

    table = Table(title=title, title_justify="left", title_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_text(v, 120) for v in row))
    if not rows:
        table.add_row(*(["none"] + [""] * (len(columns) - 1)))
    return table


def _coords(row: Mapping[str, Any]) -> str:
    if row.get("latitude") is None or row.get("longitude") is None:
        return ""
    return f"{row['latitude']:.3f}, {row['longitude']:.3f}"


def renderables(shown: Mapping[str, Any]) -> list[RenderableType]:
    """The terminal view, one rich renderable per section."""
    from rich.rule import Rule

    s = shown["story"]
    warnings = s.get("warnings") or []
    trailers = s.get("trailers") or []
    dates = [_fields(s, _DATES)]
    if warnings:
        dates.append(_table("warnings", ["warning"], [[w] for w in warnings]))
    out: list[RenderableType] = [
        Rule(f"story {s['story_id']}"),
        _fields(s, _STRUCTURE),
    ]
    if trailers:
        out.append(_table("trailers", ["trailer"], [[t] for t in trailers]))
    out += [Rule("publication date"), *dates]
    out.append(
        _table(
            "dates in the text",
            ["text", "type", "value", "range", "anchor"],
            [
                [t["text"], t["type"], t["value"], _range(t), t["anchor_date"]]
                for t in shown["timexes"]
            ],
        )
    )
    out.append(
        _table(
            "entities",
            ["canonical", "label", "mentions", "as written", "entity_key", "country", "lat, lon"],
            [
                [
                    e["canonical"],
                    e["label"],
                    e["mentions"],
                    " | ".join(e["texts"] or []),
                    e["entity_key"],
                    e["country_code"],
                    _coords(e),
                ]
                for e in shown["entities"]
            ],
        )
    )
    out.append(
        _table(
            "quotes",
            ["speaker", "canonical", "verb", "paragraph", "quote"],
            [
                [q["speaker"], q["speaker_canonical"], q["verb"], q["paragraph"], q["text"]]
                for q in shown["quotes"]
            ],
        )
    )
    out += _duplicates(s, shown["duplicates"])
    out.append(
        _table(
            "versions (newest first)",
            ["commit_id", "run_id", "ingested_at", "pipeline", "model"],
            [
                [v["commit_id"], v["run_id"], v["ingested_at"], v["pipeline_version"], v["model"]]
                for v in shown["versions"]
            ],
        )
    )
    return out


def _range(timex: Mapping[str, Any]) -> str:
    start, end = timex.get("range_start"), timex.get("range_end")
    if start is None:
        return ""
    return str(start) if end in (None, start) else f"{start} .. {end}"


def _duplicates(
    story: Mapping[str, Any], members: Sequence[Mapping[str, Any]]
) -> list[RenderableType]:
    from rich.text import Text

    if len(members) <= 1:
        return [Text("duplicates: none (no other story has this text)")]
    if story.get("duplicate_of"):
        kind, sim = story.get("duplicate_kind"), story.get("duplicate_similarity")
        how = f"{kind}, similarity {sim:.2f}" if sim is not None else f"{kind}"
        head = f"duplicates: a copy ({how}) of {story['duplicate_of']}"
    else:
        head = "duplicates: the original of its group"
    rows = [
        [
            m["story_id"],
            "original" if not m["duplicate_of"] else m["duplicate_kind"],
            m["agency"],
            m["published_date"],
            m["source_uri"],
        ]
        for m in members
    ]
    return [
        Text(f"{head}; group {story.get('duplicate_group')}"),
        _table("duplicate group", ["story_id", "role", "agency", "published", "source"], rows),
    ]


def print_story(shown: Mapping[str, Any]) -> None:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped: wide enough that ids and paths are not cut
        console = Console(width=160)
    for part in renderables(shown):
        console.print(part)


# --- Command ----------------------------------------------------------------------------


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"storywire: error: {message}", err=True)
    return typer.Exit(code=2)


def show_command(
    story: Annotated[
        str, typer.Argument(help="A story_id, a unique prefix of one, or the source path/URL.")
    ],
    warehouse: Annotated[
        str,
        typer.Option(
            "--warehouse", "-w", help="Warehouse folder or s3:// URL (env STORYWIRE_WAREHOUSE)."
        ),
    ] = DEFAULT_WAREHOUSE,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text (a terminal view) or json.")
    ] = ShowFormat.text,
) -> None:
    """Show one story: its structure, dates and their evidence, entities, quotes, duplicates
    and versions."""
    import duckdb

    from storywire.warehouse.query import QueryError, open_database

    try:
        con = open_database(warehouse)
    except QueryError as exc:
        raise _fail(str(exc)) from exc
    try:
        shown = load_story(con, story)
    except (StoryRefError, duckdb.Error) as exc:
        raise _fail(str(exc).strip()) from exc
    finally:
        con.close()
    if format is ShowFormat.json:
        typer.echo(to_json(shown))
    else:
        print_story(shown)
