"""The packaged SQL files: all of them found, keyed by stem, in name order, read-only, and
each one a single statement DuckDB's parser accepts."""

from __future__ import annotations

import re
from importlib import resources
from types import MappingProxyType

import duckdb
import pytest

from storywire.warehouse.sql import sql_files

#: (folder, package) of every SQL folder storywire ships.
FOLDERS = [
    ("views", "storywire.warehouse"),
    ("checks", "storywire.warehouse"),
    ("maintenance", "storywire.warehouse"),
    ("upkeep", "storywire.warehouse"),
    ("lake", "storywire.warehouse"),
    ("queries", "storywire.flows.bench"),
]
#: ``{name}`` in an upkeep or lake file is filled in (``str.format``) by ``warehouse.lake``
#: before DuckDB sees it; a literal stands in for it here so the parser gets the SQL as run.
PLACEHOLDER = re.compile(r"\{\w+\}")


def _on_disk(folder: str, package: str) -> dict[str, str]:
    root = resources.files(package).joinpath(folder)
    return {e.name[: -len(".sql")]: e.read_text(encoding="utf-8")
            for e in root.iterdir() if e.name.endswith(".sql")}


@pytest.mark.parametrize(("folder", "package"), FOLDERS)
def test_every_sql_file_keyed_by_stem_in_name_order(folder, package):
    files = sql_files(folder, package=package)
    expected = _on_disk(folder, package)
    assert expected, f"no .sql files in {package}/{folder}"
    assert list(files) == sorted(expected)
    assert dict(files) == expected


def test_the_default_package_is_the_warehouse():
    assert sql_files("views") == sql_files("views", package="storywire.warehouse")
    assert {"stories", "entities"} <= set(sql_files("views"))
    assert "duplicate_story_ids" in sql_files("checks")
    assert "reprocess_selection" in sql_files("maintenance")


def test_only_sql_files_in_name_order(tmp_path, monkeypatch):
    # a throwaway package, so the filter and the order are seen apart from the shipped files
    pkg = tmp_path / "sw_sql_probe"
    (pkg / "things").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    for name, text in [("b.sql", "select 2"), ("notes.txt", "no"), ("a.sql", "select 1"),
                       ("c.sql.bak", "old"), ("README.md", "# no")]:
        (pkg / "things" / name).write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    files = sql_files("things", package="sw_sql_probe")
    assert list(files.items()) == [("a", "select 1"), ("b", "select 2")]


@pytest.mark.parametrize(("folder", "package"), FOLDERS)
def test_files_are_read_only(folder, package):
    files = sql_files(folder, package=package)
    assert isinstance(files, MappingProxyType)
    name = next(iter(files))
    with pytest.raises(TypeError):
        files[name] = "select 1"  # type: ignore[index]
    with pytest.raises(TypeError):
        del files[name]  # type: ignore[attr-defined]
    assert sql_files(folder, package=package) is files  # read once per process


def test_duckdb_has_a_parser_entry_point():
    assert callable(getattr(duckdb, "extract_statements", None))


@pytest.mark.parametrize(
    ("folder", "package", "name"),
    [(f, p, n) for f, p in FOLDERS for n in sql_files(f, package=p)],
)
def test_each_file_is_one_statement_duckdb_parses(folder, package, name):
    sql = PLACEHOLDER.sub("x", sql_files(folder, package=package)[name])
    assert len(duckdb.extract_statements(sql)) == 1
