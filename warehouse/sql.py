"""The SQL files shipped with the package: ``views/``, ``checks/`` and ``maintenance/``.

SQL lives in ``.sql`` files, one query each, so it can be read, linted and diffed as SQL;
this is the one place that reads them. They are package data (``importlib.resources``), so
an installed storywire finds them wherever it is installed, zipped or not.
"""

from __future__ import annotations

import functools
from importlib import resources
from types import MappingProxyType
from typing import Literal

Folder = Literal["views", "checks", "maintenance"]


@functools.cache
def sql_files(folder: Folder) -> MappingProxyType[str, str]:
    """File stem -> SQL text of every ``<folder>/*.sql``, in name order. Read once per
    process (the files are part of the installed package); read-only."""
    root = resources.files("storywire.warehouse").joinpath(folder)
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
    return MappingProxyType({e.name.removesuffix(".sql"): e.read_text(encoding="utf-8") for e in entries})
