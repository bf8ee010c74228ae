"""The README documents every column the schemas declare and every CLI command there is."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from storywire.flows.cli import app
from storywire.warehouse.schemas import TABLES

README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_is_documented(table):
    missing = [c for c in TABLES[table].names if c != "minhash" and not re.search(rf"\b{c}\b", README)]
    assert not missing, f"README does not mention {table}.{missing}"


def test_every_command_is_documented():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names and all(f"storywire {n}" in README for n in names)
    assert "storywire eval timex" in README and "storywire eval entities" in README


def test_the_two_commands_are_there():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()
