"""Whether a name is a spaCy pipeline this machine can load, without loading spaCy: the
command line checks ``--model`` and ``--pipelines`` before any worker starts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["is_spacy_pipeline"]


def is_spacy_pipeline(name: str) -> bool:
    """An installed spaCy pipeline package (``en_core_web_sm``: a package with its
    ``meta.json``), or a pipeline folder (``spacy.load`` takes a path: a folder with its
    ``config.cfg``)."""
    if (Path(name).expanduser() / "config.cfg").is_file():  # a folder, relative ones too
        return True
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin is not None and (Path(spec.origin).parent / "meta.json").exists()
