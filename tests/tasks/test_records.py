"""The coded errors: one base, one format, and every SWnnn code meaning one failure."""

from __future__ import annotations

import ast
import importlib
import pickle
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT

from storywire.tasks.records import CodedError

#: Every module that defines a coded error: imported so that each subclass is registered.
ERROR_MODULES = (
    "storywire.tasks.read.fetch",
    "storywire.tasks.read.sources",
    "storywire.tasks.clean.decode",
    "storywire.tasks.clean.feeds",
    "storywire.tasks.clean.html",
    "storywire.tasks.enrich.workers",
    "storywire.tasks.evaluate.entities",
    "storywire.warehouse.errors",
)
EXPECTED = {
    "FetchError", "SourceError", "DecodeError", "FeedError", "SidecarError", "ExtractionError",
    "WorkerError", "GoldError", "WarehouseError", "ViewError", "QueryError", "DataQualityError",
}  # fmt: skip
CODE = re.compile(r"SW\d{3}")
#: A string that raises a code: the code alone (passed as ``code``) or a message starting with it.
RAISED = re.compile(r"^(SW\d{3})(?:$|: )")
SOURCE_DIRS = ("flows", "tasks", "warehouse")
DOCS = ROOT / "docs" / "errors.md"


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _coded_errors() -> list[type[CodedError]]:
    for name in ERROR_MODULES:
        importlib.import_module(name)
    return sorted(_subclasses(CodedError), key=lambda c: c.__qualname__)


def test_every_coded_error_is_found() -> None:
    assert {c.__name__ for c in _coded_errors()} >= EXPECTED


@pytest.mark.parametrize("cls", _coded_errors(), ids=lambda c: c.__name__)
def test_every_coded_error_formats_code_colon_detail(cls: type[CodedError]) -> None:
    exc = cls("SW000", "what went wrong")
    assert str(exc) == "SW000: what went wrong"
    assert (exc.code, exc.detail) == ("SW000", "what went wrong")
    # survives the trip to and from a worker process, extras included
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is cls and str(again) == str(exc) and vars(again) == vars(exc)


def test_keyword_extras_stay_on_their_subclass() -> None:
    from storywire.tasks.read.fetch import FetchError

    exc = FetchError("timeout", "GET x timed out", transient=True)
    assert str(exc) == "timeout: GET x timed out" and exc.transient
    assert pickle.loads(pickle.dumps(exc)).transient


def _raised_codes() -> dict[str, set[str]]:
    """Code -> the source modules whose string literals raise it (docstrings and comments
    that merely mention a code do not count: they do not start with it)."""
    where: dict[str, set[str]] = defaultdict(set)
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    m = RAISED.match(node.value)
                    if m:
                        where[m.group(1)].add(str(path.relative_to(ROOT)))
    return where


def _documented_codes() -> list[str]:
    return re.findall(r"^\| (SW\d{3}) \|", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_each_code_is_raised_from_one_module() -> None:
    """One module per code: a code reused elsewhere is almost always a second failure given
    the same number (SW401 once meant both a bad URL and a bad worker count)."""
    where = _raised_codes()
    assert len(where) > 20
    shared = {code: sorted(mods) for code, mods in where.items() if len(mods) > 1}
    assert not shared


def test_docs_list_every_code_once_and_nothing_else() -> None:
    documented = _documented_codes()
    assert len(documented) == len(set(documented)), "a code has two rows in docs/errors.md"
    assert set(documented) == set(_raised_codes())


def test_tests_assert_only_codes_that_exist() -> None:
    known = set(_documented_codes())
    here = Path(__file__).resolve()
    stale = {
        f"{path.relative_to(ROOT)}: {code}"
        for path in (ROOT / "tests").rglob("*.py")
        if path.resolve() != here
        for code in CODE.findall(path.read_text(encoding="utf-8"))
        if code not in known
    }
    assert not stale
