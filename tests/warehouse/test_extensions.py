"""DuckDB extensions come from their installed registry packages, load by path with the
signature check on and auto-install off, and a missing package is one SW215 line."""

from __future__ import annotations

import importlib.metadata
import shutil
from pathlib import Path

import duckdb
import pytest

from storywire.warehouse.errors import WarehouseError
from storywire.warehouse.extensions import (
    EXTENSIONS,
    MISSING_PACKAGE,
    extension_path,
    load_extensions,
    load_sql,
    package_name,
)


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> object:
    return con.execute("select current_setting(?)", [name]).fetchone()[0]


def _loaded(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Loaded extension -> the file it came from (built-in ones excluded)."""
    rows = con.execute(
        "select extension_name, install_path from duckdb_extensions() "
        "where loaded and install_path is distinct from '(BUILT-IN)'"
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("name", EXTENSIONS)
def test_each_extension_is_a_file_of_its_installed_package(name: str) -> None:
    path = extension_path(name)
    dist = importlib.metadata.distribution(package_name(name))
    assert dist.version == duckdb.__version__  # pinned together in pyproject.toml
    shipped = {Path(dist.locate_file(f)).resolve() for f in dist.files or ()}
    assert path.resolve() in shipped
    assert path.name == f"{name}.duckdb_extension" and f"v{duckdb.__version__}" in path.parts


def test_a_signed_package_file_loads_and_works_without_unsigned_extensions() -> None:
    con = duckdb.connect()
    try:
        load_extensions(con, ["fts"])
        assert _setting(con, "allow_unsigned_extensions") is False
        assert _setting(con, "autoinstall_known_extensions") is False
        assert _setting(con, "autoload_known_extensions") is False
        assert "fts" in _loaded(con)
        # the extension does its work: a full-text index ranks the story that names the dam
        con.execute("create table docs (id int, body varchar)")
        con.execute(
            "insert into docs values (1, 'The river rose overnight near the old mill.'), "
            "(2, 'Engineers opened the dam gates after the river rose.'), "
            "(3, 'The council met to discuss the budget.')"
        )
        con.execute("pragma create_fts_index('docs', 'id', 'body')")
        hits = con.execute(
            "select id from (select id, fts_main_docs.match_bm25(id, 'dam river') as score "
            "from docs) where score is not null order by score desc"
        ).fetchall()
        assert hits[0] == (2,) and (3,) not in hits
    finally:
        con.close()


def test_every_extension_loads_on_one_connection() -> None:
    con = duckdb.connect()
    try:
        load_extensions(con)
        loaded = _loaded(con)
        assert set(EXTENSIONS) <= set(loaded)
        assert _setting(con, "allow_unsigned_extensions") is False
    finally:
        con.close()


def test_a_file_that_is_not_the_signed_one_is_refused(tmp_path: Path) -> None:
    """The signature check is on: one changed byte in the middle and DuckDB will not load it."""
    copy = tmp_path / "fts.duckdb_extension"
    shutil.copyfile(extension_path("fts"), copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    con = duckdb.connect()
    try:
        with pytest.raises(duckdb.Error, match=r"(?i)signature"):
            con.execute(f"load '{copy}'")
        assert "fts" not in _loaded(con)
    finally:
        con.close()


def test_a_missing_package_is_sw215_naming_the_package() -> None:
    with pytest.raises(WarehouseError) as caught:
        extension_path("spatial_index")
    assert caught.value.code == MISSING_PACKAGE
    assert f"duckdb-extension-spatial-index=={duckdb.__version__}" in str(caught.value)


def test_a_package_of_another_duckdb_version_is_sw215() -> None:
    with pytest.raises(WarehouseError, match=r"SW215: .*no file for DuckDB 9\.9\.9.*fts==9\.9\.9"):
        extension_path("fts", version="9.9.9")


def test_a_missing_package_fails_before_anything_loads() -> None:
    with pytest.raises(WarehouseError, match="SW215"):
        load_sql(["fts", "no_such_extension"])


def test_statements_load_by_quoted_path_after_switching_downloads_off() -> None:
    statements = load_sql(["httpfs"])
    assert statements[:2] == [
        "set autoinstall_known_extensions = false",
        "set autoload_known_extensions = false",
    ]
    assert statements[2] == f"load '{extension_path('httpfs')}'"
    assert not any("unsigned" in s for s in statements)
