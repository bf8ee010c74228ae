"""A batch NER fails on is halved until the story at fault is alone. Fake annotators (no
model): each records what it was given, and breaks like a real pool when a worker dies."""

from __future__ import annotations

import math
import threading

import pytest

from storywire.tasks.enrich.halving import PROBE, IsolatingAnnotator
from storywire.tasks.enrich.isolation import StoryEntities
from storywire.tasks.enrich.workers import WorkerError
from storywire.tasks.records import EntityMention

POISON = "a story no worker survives"


def _item(i: int, body: str | None = None) -> tuple[str, str, None]:
    return (f"Headline {i}", body or f"Story number {i} from Riga.", None)


def _mention(body: str) -> EntityMention:
    return EntityMention(start=0, end=5, text=body[:5], label="ORG", sentence=0, canonical=body[:5],
                         entity_key=f"org:{body[:5].lower()}")


class FakePool:
    """A pool whose worker dies (``WorkerError``) on any batch holding ``poison``, and stays
    broken afterwards like a real one; ``Pools`` counts what it was asked."""

    def __init__(self, pools: Pools) -> None:
        self.pools, self.broken = pools, False

    def start(self, items):
        self.pools.attempts.append(len(items))
        self.pools.probes += list(items) == [PROBE]
        if self.broken:
            raise WorkerError("SW802", "an enrichment worker process died: the pool is broken")
        if any(self.pools.poisonous(body) for _, body, *_ in items):
            self.broken = True

            def died():
                raise WorkerError("SW802", "an enrichment worker process died (killed or out of memory)")

            return died
        result = [StoryEntities(mentions=[_mention(body)]) for _, body, *_ in items], "fake-1.0"
        return lambda: result


class Pools:
    """The run's pool registry: ``current`` is the live pool, ``discard`` starts a fresh one."""

    def __init__(self, poisons: tuple[str, ...] = (POISON,)) -> None:
        self.poisons = poisons
        self.attempts: list[int] = []
        self.probes = 0
        self.started = 1
        self.pool = FakePool(self)

    def poisonous(self, body: str) -> bool:
        return any(p in body for p in self.poisons)

    def current(self) -> FakePool:
        return self.pool

    def discard(self, pool: FakePool) -> None:
        assert pool is self.pool, "only the broken pool is discarded"
        self.pool = FakePool(self)
        self.started += 1


@pytest.mark.parametrize("n, at", [(2, 0), (7, 6), (64, 17), (256, 200), (1, 0)])
def test_the_story_that_kills_a_worker_is_found_alone_and_the_rest_annotated(n, at):
    pools = Pools()
    items = [_item(i, POISON if i == at else None) for i in range(n)]
    found, version = IsolatingAnnotator(pools.current, pools.discard).start(items)()
    assert len(found) == n and version == "fake-1.0"
    assert [i for i, f in enumerate(found) if f.failed] == [at]
    assert found[at].mentions == [] and found[at].warnings == ["entities_failed:WorkerError"]
    assert "SW802" in found[at].failed
    for i, f in enumerate(found):  # everyone else in order, annotated
        if i != at:
            assert f.failed is None and f.mentions[0].text == items[i][1][:5]
    # the whole batch, two halves per level down to the story, then the probe
    assert len(pools.attempts) <= 2 * math.ceil(math.log2(max(n, 2))) + 2
    assert pools.attempts[0] == n and pools.probes == 1
    assert pools.started == 2 + math.ceil(math.log2(n))  # a fresh pool after each death


def test_two_poison_stories_in_different_halves_are_both_found():
    pools = Pools(poisons=(POISON, "another poison"))
    items = [_item(i, POISON if i == 3 else "another poison" if i == 28 else None) for i in range(32)]
    found, _ = IsolatingAnnotator(pools.current, pools.discard).start(items)()
    assert [i for i, f in enumerate(found) if f.failed] == [3, 28]
    assert sum(f.failed is None for f in found) == 30
    assert len(pools.attempts) <= 2 * (2 * 5 + 2)


def test_a_batch_that_succeeds_costs_one_attempt():
    pools = Pools()
    found, _ = IsolatingAnnotator(pools.current, pools.discard).start([_item(i) for i in range(40)])()
    assert pools.attempts == [40] and pools.started == 1 and not any(f.failed for f in found)


def test_a_death_that_does_not_repeat_costs_no_story():
    """A worker killed once (memory pressure from the whole chunk): the halves pass."""
    pools = Pools()
    pools.pool.broken = True  # the first attempt meets a dead pool
    found, _ = IsolatingAnnotator(pools.current, pools.discard).start([_item(i) for i in range(10)])()
    assert not any(f.failed for f in found) and pools.attempts == [10, 5, 5]


def test_when_even_the_probe_fails_ner_itself_is_broken_and_the_error_is_raised():
    pools = Pools(poisons=("",))  # every batch kills its worker: a pipeline that cannot run
    annotator = IsolatingAnnotator(pools.current, pools.discard)
    with pytest.raises(WorkerError, match="SW802"):
        annotator.start([_item(i) for i in range(16)])()
    assert len(pools.attempts) == 1 + 4 + 1  # the batch, one half per level, the probe
    assert pools.probes == 1


class RaisingAnnotator:
    """An in-process annotator (Dask, tests) that raises a plain exception on one story."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def start(self, items):
        self.batches.append([body for _, body, *_ in items])
        if any("Tallinn" in body for _, body, *_ in items):
            raise ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000")
        return lambda: ([StoryEntities(mentions=[_mention(body)]) for _, body, *_ in items], "local-1.0")


def test_an_exception_no_step_pinned_on_a_story_is_isolated_without_a_new_pool():
    local = RaisingAnnotator()
    discarded = []
    items = [_item(i, "TALLINN, Estonia - Tallinn port" if i == 5 else None) for i in range(12)]
    found, version = IsolatingAnnotator(lambda: local, discarded.append).start(items)()
    assert version == "local-1.0" and [i for i, f in enumerate(found) if f.failed] == [5]
    assert found[5].failed == "ValueError: [E088] Text of length 1200000 exceeds maximum of 1000000"
    assert found[5].warnings == ["entities_failed:ValueError"]
    assert discarded == []  # not a dead worker: the annotator is kept
    assert local.batches.count([PROBE[1]]) == 1


def test_an_empty_batch_passes_through():
    pools = Pools()
    assert IsolatingAnnotator(pools.current, pools.discard).start([])() == ([], "fake-1.0")


class PrivatePools:
    """One-worker pools a halving makes for itself: created, closed, and what they were asked."""

    def __init__(self, pools: Pools) -> None:
        self.shared = pools
        self.made: list[FakePool] = []
        self.closed: list[FakePool] = []

    def make(self) -> FakePool:
        self.made.append(FakePool(self.shared))
        return self.made[-1]


def _isolating(pools: Pools, private: PrivatePools) -> IsolatingAnnotator:
    return IsolatingAnnotator(pools.current, pools.discard, private=private.make, close=private.closed.append)


def test_halves_run_on_a_pool_of_their_own_which_is_closed_after_each_death():
    pools = Pools()
    private = PrivatePools(pools)
    shared = pools.pool
    items = [_item(i, POISON if i == 9 else None) for i in range(16)]
    found, _ = _isolating(pools, private).start(items)()
    assert [i for i, f in enumerate(found) if f.failed] == [9]
    assert pools.started == 2 and shared.broken  # the shared pool: one attempt, then replaced
    deaths = sum(p.broken for p in private.made)
    assert deaths == 4 and len(private.made) == deaths + 1  # a fresh private pool after each
    assert private.closed == private.made  # every one of them ended


def test_a_batch_that_only_met_a_pool_killed_by_another_chunk_loses_no_story():
    pools = Pools()
    private = PrivatePools(pools)
    pools.pool.broken = True  # another chunk's story killed the shared worker
    found, _ = _isolating(pools, private).start([_item(i) for i in range(12)])()
    assert not any(f.failed for f in found)
    assert pools.attempts == [12, 6, 6] and len(private.made) == 1 and private.closed == private.made


def test_chunks_in_flight_together_blame_only_their_own_stories():
    pools = Pools()
    private = PrivatePools(pools)
    batches = {"poisoned": [_item(i, POISON if i == 3 else None) for i in range(32)],
               "innocent": [_item(100 + i) for i in range(32)]}
    results = {}

    def run(name):
        results[name] = _isolating(pools, private).start(batches[name])()[0]

    threads = [threading.Thread(target=run, args=(name,)) for name in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [i for i, f in enumerate(results["poisoned"]) if f.failed] == [3]
    assert not any(f.failed for f in results["innocent"])
