"""Tables built from installed packages' data files, kept between processes in a cache file.

The gazetteer (``enrich.gazetteer``) and the time zones of cities (``clean.zones``) are built
from registry packages' data: seconds of Python, in every process that needs them (the flow's
own, each NER worker). :func:`load_or_build` keeps what a build made in one file per version
of those packages and of the module that builds it (a new version's file replaces the old
ones), so the build is paid once per machine. The file is only ever made from the installed packages (no network), written atomically
(workers race for it), and a cache that cannot be read or written just means building in
memory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TypeVar

#: Folder under the user's cache directory ($XDG_CACHE_HOME or ~/.cache) for built tables.
CACHE_FOLDER = "storywire"

T = TypeVar("T")


def cache_path(name: str, module: Path, packages: Sequence[str]) -> Path:
    """One file per version of ``packages`` and of ``module``'s source: a change rebuilds."""
    stamp = hashlib.sha256(module.read_bytes())
    for package in packages:
        stamp.update(f"{package}={metadata.version(package)};".encode())
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / CACHE_FOLDER / f"{name}-{stamp.hexdigest()[:16]}.pickle"


def load_or_build(name: str, module: Path, packages: Sequence[str], build: Callable[[], T], kind: type) -> T:
    """What ``build`` returns (an instance of ``kind``), read from its cache file when a
    process built it before, else built now and left there."""
    path = None
    try:
        path = cache_path(name, module, packages)
        with path.open("rb") as fh:
            cached = pickle.load(fh)
        if isinstance(cached, kind):
            return cached
    except (OSError, RuntimeError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass  # no home folder, no file yet, or a damaged one: build
    built = build()
    if path is None:
        return built
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)
        for old in path.parent.glob(f"{name}-*.pickle"):  # earlier versions' files
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return built
