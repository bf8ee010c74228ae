"""Fixtures shared by the entity tests: a blank English pipeline, and the real one (slow)."""

from __future__ import annotations

import pytest
import spacy

from storywire.flows.settings import DEFAULT_MODEL
from storywire.tasks.enrich.entities import load_nlp


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="package")
def nlp():
    """The flow's pipeline, loaded once for every slow test of this folder."""
    return load_nlp(DEFAULT_MODEL)
