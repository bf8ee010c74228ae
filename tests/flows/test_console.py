"""What the command shows on stderr: exit statuses by code (and docs/errors.md saying the
same), one-line messages, JSON log lines, and what the console filter keeps of a record."""

from __future__ import annotations

import json
import logging
import re
import sys

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from storywire.flows import console
from storywire.warehouse.errors import DataQualityError

DOCS = ROOT / "docs" / "errors.md"


def _documented_codes() -> list[str]:
    return re.findall(r"^\| (SW\d{3}) \|", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)


def _exit_paragraph() -> tuple[set[int], set[int]]:
    """The codes docs/errors.md names under exit status 2 (beyond the SW4xx rule) and the
    SW4xx codes it excepts."""
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    usage = re.search(r"\*\*2\*\*: (.*?)\*\*1\*\*", text).group(1)
    but = re.search(r"every SW4xx code but ([^,]+(?:, SW\d{3})*)", usage).group(1)
    excepted = {int(c) for c in re.findall(r"SW(\d{3})", but)}
    named = {int(c) for c in re.findall(r"SW(\d{3})", usage)} - excepted
    return named, excepted


def test_docs_give_the_exit_statuses_the_code_uses():
    named, excepted = _exit_paragraph()
    assert named == set(console.USAGE_CODES)
    assert excepted == set(console.FAILURE_CODES)


@pytest.mark.parametrize("code", _documented_codes())
def test_every_documented_code_has_a_status_by_the_documented_rule(code):
    number = int(code[2:])
    usage = (
        400 <= number < 500 and number not in console.FAILURE_CODES
    ) or number in console.USAGE_CODES
    assert console.exit_status(code) == (2 if usage else 1)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("SW403", 2),
        ("SW412", 2),
        ("SW201", 2),
        ("SW204", 2),
        ("SW421", 1),
        ("SW207", 1),
        ("SW214", 1),
        ("SW601", 1),
        ("SW703", 1),
        ("SW704", 1),
        ("SW901", 1),
        ("timeout", 1),
    ],
)
def test_exit_status_usage_versus_failure(code, status):
    assert console.exit_status(code) == status


@given(st.text())
def test_error_line_is_always_one_line(message):
    line = console.error_line(message)
    assert line.startswith("storywire: error: ")
    assert "\n" not in line and "\r" not in line


def test_one_line_keeps_every_line_of_a_duckdb_message():
    msg = 'Binder Error: Referenced column "nope" not found\n\nLINE 1: select nope from stories\n        ^'
    assert console.one_line(msg) == (
        'Binder Error: Referenced column "nope" not found LINE 1: select nope from stories ^'
    )


def test_unexpected_names_the_exception_and_the_way_to_the_traceback():
    exc = console.unexpected(KeyError("text"))
    assert exc.code == "SW901"
    assert str(exc) == "SW901: unexpected KeyError: 'text' (run with --debug for the traceback)"


def _record(name: str, msg: str, exc: BaseException | None = None, **extra) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, (), exc_info)
    record.__dict__.update(extra)
    return record


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_json_lines_are_one_json_object_with_the_run():
    record = _record(
        "prefect.flow_runs", "13 files: 13 to read", flow_run_name="calm-otter", flow_run_id="42"
    )
    line = console.JsonLines("default", None, "%").format(record)  # as logging.config builds it
    assert "\n" not in line
    out = json.loads(line)
    assert out["level"] == "INFO" and out["logger"] == "prefect.flow_runs"
    assert out["message"] == "13 files: 13 to read" and out["flow_run_name"] == "calm-otter"
    assert out["time"].endswith("+00:00")


def test_json_lines_keep_a_multi_line_message_on_one_line():
    line = console.JsonLines().format(_record("prefect", "Starting server\nSee the docs"))
    assert "\n" not in line and json.loads(line)["message"] == "Starting server\nSee the docs"


def test_console_filter_leaves_the_flows_failure_to_the_command():
    keep = console._ConsoleFilter(debug=False, printed=lambda: None)
    failure = _record(
        "prefect.flow_runs",
        "Encountered exception during execution: %r",
        _raised(DataQualityError("SW601", "checks failed")),
    )
    assert not keep.filter(failure)
    assert console._ConsoleFilter(debug=True, printed=lambda: None).filter(failure)


def test_console_filter_drops_a_tasks_traceback_but_keeps_its_message():
    keep = console._ConsoleFilter(debug=False, printed=lambda: None)
    retry = _record("prefect.task_runs", "Task run failed; retrying", _raised(TimeoutError("slow")))
    assert keep.filter(retry)
    assert retry.exc_info is None
    assert logging.Formatter().format(retry) == "Task run failed; retrying"


def test_console_filter_drops_the_line_the_command_prints_itself():
    summary = "13 files seen: 15 stories ingested from 13 files"
    keep = console._ConsoleFilter(debug=False, printed=lambda: summary)
    assert not keep.filter(_record("prefect.flow_runs", summary))
    assert keep.filter(_record("prefect.flow_runs", "13 files: 13 to read"))


def test_flow_console_quiet_and_json_on_the_console_handler_only_and_undone_after(monkeypatch):
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    api = logging.Handler()  # stands for Prefect's API handler: untouched
    root.addHandler(handler)
    root.addHandler(api)
    before = (handler.level, handler.formatter, list(handler.filters))
    monkeypatch.setattr(
        console, "OUTPUT", console.Output(quiet=True, log_format=console.LogFormat.json)
    )
    try:
        with console.flow_console():
            assert handler.level == logging.WARNING and isinstance(
                handler.formatter, console.JsonLines
            )
            assert len(handler.filters) == 1 and api.level == logging.NOTSET and not api.filters
        assert (handler.level, handler.formatter, list(handler.filters)) == before
    finally:
        root.removeHandler(handler)
        root.removeHandler(api)


def test_require_writable_creates_and_removes_its_probe(tmp_path):
    console.require_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(console.CommandError, match=r"^SW214: the warehouse .* cannot be written"):
        console.require_writable(tmp_path / "missing")


def test_log_lines_print_above_a_live_bar_as_text_not_markup(monkeypatch):
    import io

    from rich.console import Console
    from rich.progress import Progress

    stream = io.StringIO()
    bar = Progress(
        "[progress.description]{task.description}",
        console=Console(file=stream, force_terminal=True, width=100),
    )
    bar.add_task("ingesting files", total=None)
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.console = Console(file=sys.stderr)  # as Prefect's handler has one
    handler.emit = lambda record: handler.console.print(handler.format(record), soft_wrap=True)
    root.addHandler(handler)
    monkeypatch.setattr(console, "OUTPUT", console.Output())
    try:
        bar.start()
        with console.flow_console(bar):
            logging.getLogger("prefect.flow_runs").warning("could not read [/in/a.txt] [bold]")
        bar.stop()
    finally:
        root.removeHandler(handler)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())  # the highlighter's colours
    assert "could not read [/in/a.txt] [bold]\n" in shown
    assert "ingesting files" in shown and "[progress.description]" not in shown  # the bar as drawn
