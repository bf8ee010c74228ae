"""The SQL files shipped with storywire: the warehouse's ``views/``, ``checks/`` and
``maintenance/``, and the benchmark's ``queries/`` (``storywire.flows.bench``).

SQL lives in ``.sql`` files, one query each, so it can be read, linted and diffed as SQL;
this is the one place that reads them. They are package data (``importlib.resources``), so
an installed storywire finds them wherever it is installed, zipped or not.
"""

from __future__ import annotations

import functools
from importlib import resources
from types import MappingProxyType


@functools.cache
def sql_files(folder: str, package: str = "storywire.warehouse") -> MappingProxyType[str, str]:
    """File stem -> SQL text of every ``<folder>/*.sql`` of ``package``, in name order. Read
    once per process (the files are part of the installed package); read-only."""
    root = resources.files(package).joinpath(folder)
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
    return MappingProxyType({e.name.removesuffix(".sql"): e.read_text(encoding="utf-8") for e in entries})
