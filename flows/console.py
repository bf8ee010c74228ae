"""What ``storywire`` shows on stderr: one line per failure, and Prefect's logs.

Failures. Every failure a user can expect ends a command with one line, ``storywire: error:
SWnnn: what went wrong``, and an exit status saying whose move it is: 2 when the command
line is wrong (fix what you typed), 1 when it was right but the run failed (the warehouse,
the data, a server), 130/143 when a signal stopped it (``flows.runtime``). A failure nobody
expected is one line too (SW901); its traceback is shown only under ``--debug``.

Logs. Prefect logs to stderr through its console handler, and to its API through another.
While a flow runs, ``flow_console`` adjusts only the console one, so the UI keeps every
record: ``--quiet`` shows warnings and errors only, ``--log-format json`` prints one JSON
object a line, a live progress bar gets the lines printed above it (not through it), the
flow's own failure is left to the command's one line, and tracebacks wait for ``--debug``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import select
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException  # typer's own copy of click: not exported
from typer.core import TyperGroup

from storywire.tasks.records import CodedError

USAGE = 2  # the command line is wrong
FAILURE = 1  # the command line was right; the run failed

#: The command line names nothing usable (a ``--warehouse``, a query): exit 2 like the SW4xx
#: codes of the arguments themselves. Numbers, not "SWnnn" strings: a string of a code is
#: where the code is raised (``tests/tasks/test_records.py``).
USAGE_CODES = frozenset({201, 202, 204, 212, 216, 217, 501})
#: SW4xx codes of a run that failed: the SQL was read, DuckDB failed to run it (as psql does),
#: or its result could not be written where --out says.
FAILURE_CODES = frozenset({421, 427})


def exit_status(code: str) -> int:
    """The exit status of a failure with this code (docs/errors.md says which and why)."""
    number = int(code[2:]) if code[2:].isdigit() else 0
    if number in FAILURE_CODES:
        return FAILURE
    return USAGE if 400 <= number < 500 or number in USAGE_CODES else FAILURE


class CommandError(CodedError, RuntimeError):
    """A failure the command itself finds (SW214, SW412, SW7xx, SW901)."""


def one_line(text: str) -> str:
    """``text`` on one line: a DuckDB or Prefect message may span several."""
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def error_line(message: str) -> str:
    return f"storywire: error: {one_line(message)}"


def fail(message: str) -> typer.Exit:
    """Print the one error line; the exit status follows the message's code (2 without one,
    the status of an argument checked by hand)."""
    typer.echo(error_line(message), err=True)
    code = message.partition(":")[0]
    return typer.Exit(code=exit_status(code) if code.startswith("SW") else USAGE)


def unexpected(exc: BaseException) -> CommandError:
    """The one line for an exception no code covers."""
    detail = one_line(str(exc)) or "(no message)"
    return CommandError(
        "SW901", f"unexpected {type(exc).__name__}: {detail} (run with --debug for the traceback)"
    )


class LogFormat(StrEnum):
    text = "text"
    json = "json"


@dataclass(slots=True)
class Output:
    """The global options of one command (``storywire --debug --quiet --log-format``)."""

    debug: bool = False
    quiet: bool = False
    log_format: LogFormat = LogFormat.text


#: Set by the CLI's callback before each command.
OUTPUT = Output()

#: What the running command started and must end with it, whatever way it ends (see
#: ``Commands.invoke``); a command run in-process (tests, scripts) leaves nothing behind.
_AT_END: list[Callable[[], None]] = []


def at_command_end(clean_up: Callable[[], None]) -> None:
    _AT_END.append(clean_up)

DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress bar, no Prefect INFO lines: warnings, errors and the final summary "
        "only (the Prefect API still gets every log).",
    ),
]
LogFormatOpt = Annotated[
    LogFormat,
    typer.Option(
        "--log-format", help="Prefect's log lines on stderr: text, or json (one object a line)."
    ),
]


def configure(options: Output) -> None:
    """Make ``options`` this command's, and Prefect's logging configuration (read when Prefect
    is first imported, and by the processes it starts: its temporary API server) follow them.

    Through ``logging.yml``'s environment overrides, on the console handler only: a quiet
    run still sends its INFO records to the API, so the UI shows the whole run.
    """
    global OUTPUT
    OUTPUT = options
    if "prefect" in sys.modules:  # configured already (a test calling the app in-process)
        return
    overrides: dict[str, str] = {}
    if options.quiet:
        overrides["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "WARNING"
    if options.log_format is LogFormat.json:
        overrides["PREFECT_LOGGING_FORMATTERS_JSON_CLASS"] = f"{__name__}.JsonLines"
        overrides["PREFECT_LOGGING_HANDLERS_CONSOLE_FORMATTER"] = "json"
        overrides["PREFECT_LOGGING_HANDLERS_DEBUG_FORMATTER"] = "json"
        overrides["PREFECT_LOGGING_COLORS"] = "false"  # no escape codes inside a JSON line
    os.environ.update(overrides)


class JsonLines(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the run it belongs to.

    Takes (and ignores) ``logging.config``'s positional format arguments, so Prefect's
    ``logging.yml`` can name it as a formatter class too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("flow_run_name", "flow_run_id", "task_run_name", "task_run_id"):
            value = getattr(record, key, None)
            if value:
                out[key] = str(value)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


class _ConsoleFilter(logging.Filter):
    """What the terminal shows of a record (the API handler, earlier in the chain, got it
    whole): not the flow's failure (the command says it in one line), not a line the
    command prints itself (the run summary), and no traceback unless ``debug``."""

    def __init__(self, debug: bool, printed: Callable[[], str | None]) -> None:
        super().__init__()
        self.debug = debug
        self.printed = printed

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.name == "prefect.flow_runs" and not self.debug:
            return False  # "Encountered exception during execution" + the traceback
        said = self.printed()
        if said is not None and record.getMessage() == said:
            return False
        if record.exc_info and not self.debug:
            record.exc_info = None  # the console is the last handler: the API had it already
            record.exc_text = None
        return True


def _stderr_handlers() -> list[logging.StreamHandler]:
    """Prefect's console handlers (the root's, shared with uvicorn's) and its internal one."""
    # while a bar is live, sys.stderr is rich's proxy of the stream the handlers hold
    stderr = {
        id(sys.__stderr__),
        id(sys.stderr),
        id(getattr(sys.stderr, "rich_proxied_file", None)),
    }
    found: list[logging.StreamHandler] = []
    for name in (None, "prefect._internal"):
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and id(handler.stream) in stderr:
                found.append(handler)
    return found


@contextlib.contextmanager
def flow_console(
    progress: Any = None, printed: Callable[[], str | None] = lambda: None
) -> Iterator[None]:
    """Prefect's stderr handlers set for this command while a flow runs (see the module's
    docstring); ``progress`` is a live ``rich.progress.Progress`` to print above;
    ``printed()`` is a line the command prints itself, not to be logged twice."""
    options = OUTPUT
    log_filter = _ConsoleFilter(options.debug, printed)
    with contextlib.ExitStack() as undo:
        for handler in _stderr_handlers():
            _adjust(handler, undo, log_filter, options, progress)
        yield


def _adjust(
    handler: logging.StreamHandler,
    undo: contextlib.ExitStack,
    log_filter: logging.Filter,
    options: Output,
    progress: Any,
) -> None:
    handler.addFilter(log_filter)
    undo.callback(handler.removeFilter, log_filter)
    if options.quiet and handler.level < logging.WARNING:
        undo.callback(handler.setLevel, handler.level)
        handler.setLevel(logging.WARNING)
    if options.log_format is LogFormat.json:
        undo.callback(handler.setFormatter, handler.formatter)
        handler.setFormatter(JsonLines())
    console = getattr(handler, "console", None)  # Prefect's handler prints through rich
    if options.log_format is LogFormat.json and console is not None:
        from rich.console import Console

        # plain: no colours, markup or emoji codes inside a JSON line
        plain = Console(
            file=handler.stream,
            color_system=None,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=True,
        )
        undo.callback(setattr, handler, "console", console)
        handler.console = plain
    if progress is not None:  # print above the live bar, not through it
        if console is not None:
            undo.callback(setattr, handler, "console", handler.console)
            handler.console = _PrintAbove(progress.console)
        else:  # sys.stderr is rich's proxy while the bar is live
            undo.callback(handler.setStream, handler.stream)
            handler.setStream(sys.stderr)


class _PrintAbove:
    """Stands for the rich console of Prefect's handler while a bar is live: prints through
    the bar's console (above the bar), the message as text: a ``[...]`` in a log line is not
    rich markup."""

    def __init__(self, bar_console: Any) -> None:
        self.bar_console = bar_console

    def print(self, message: str, **kwargs: Any) -> None:
        # a Text, not markup=False: that option would reach the bar's own cells, drawn by the
        # same call, and show their markup ("[progress.description]") as text
        self.bar_console.print(self.bar_console.highlighter(message), soft_wrap=True)


class Commands(TyperGroup):
    """The ``storywire`` command group: whatever a command raises ends in one line on stderr
    and its exit status; the traceback only under ``--debug``."""

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[override]
        try:  # the options before the command: storywire --log-format xml ...
            return super().make_context(info_name, args, parent=parent, **extra)
        except ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # a bare `storywire`: the help
                raise
            raise _usage_error(exc) from exc

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return self._invoke(ctx)
        finally:
            while _AT_END:
                _AT_END.pop()()

    def _invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except ClickException as exc:  # a bad option, a missing argument, no such command
            raise _usage_error(exc) from exc
        except BrokenPipeError as exc:
            if _stdout_reader_gone() or OUTPUT.debug:  # `storywire query ... | head`
                raise  # click's own ending for a closed stdout: exit 1, no message
            raise fail(str(unexpected(exc))) from exc
        except CodedError as exc:
            if OUTPUT.debug:
                raise
            raise fail(str(exc)) from exc
        except Exception as exc:
            if OUTPUT.debug:
                raise
            raise fail(str(unexpected(exc))) from exc


def _stdout_reader_gone() -> bool:
    """stdout is a pipe whose reader has closed its end (the write end then polls POLLERR)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test's capture
        return False
    poll = select.poll()
    poll.register(fd, select.POLLOUT)
    return any(events & select.POLLERR for _, events in poll.poll(0))


def _usage_error(exc: ClickException) -> typer.Exit:
    where = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "storywire"
    return fail(f"SW412: {exc.format_message()} (see {where} --help)")


def require_writable(folder: Path) -> None:
    """SW214 unless a file can be created in ``folder``: tried, not asked (``os.access``
    says yes to root on any folder, and knows nothing of a read-only mount)."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".storywire-probe-"):
            pass
    except OSError as exc:
        raise unwritable_warehouse(folder, exc) from exc


def unwritable_warehouse(where: str | Path, exc: OSError) -> CommandError:
    """SW214: the local warehouse folder cannot be written, or made (``/proc/x``)."""
    reason = exc.strerror or type(exc).__name__
    return CommandError(
        "SW214", f"the warehouse {where} cannot be written ({reason}); give write access, or choose another --warehouse"
    )


class ProgressBar:
    """A live bar on stderr (stdout stays the summary's); ``flow_console`` prints Prefect's
    log lines above it, through ``progress.console``."""

    def __init__(self, description: str = "ingesting files") -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self.progress.add_task(description, total=None)
        self.progress.start()

    def update(self, done: int, total: int) -> None:
        self.progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        self.progress.stop()
