"""The batch-level Prefect tasks, run by a real flow on the test Prefect API; a story
enrichment cannot survive becomes a reject, through a whole ingest run."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import view_rows
from prefect import flow
from prefect.context import FlowRunContext

from storywire.flows import tasks as tasks_module
from storywire.flows.settings import MAX_BYTES, TIMEOUT
from storywire.flows.tasks import (
    Cleaned,
    EnrichedChunk,
    Unchanged,
    clean_batch,
    fetch_batch,
    without_failed,
)
from storywire.tasks.enrich.halving import IsolatingAnnotator
from storywire.tasks.enrich.stories import Enrichment
from storywire.tasks.enrich.workers import LocalAnnotator, WorkerError
from storywire.tasks.read.fetch import FetchLimits, Payload
from storywire.tasks.read.sources import SourceRef, discover
from storywire.tasks.records import Reject, StoryDraft, UrlList

STORY = """Harbour News
Ferry line to the islands resumes after storm
Schedules return to normal on Monday

KIEL, March {day}. /Baltic Wire/. The ferry line to the northern islands resumed service on
Monday after a storm kept ships in port for three days, the operator said.

"Passengers booked for the weekend can travel on any sailing this week," a spokeswoman said.
"""


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for day in range(1, 29):
        (folder / f"story-{day:02}.txt").write_text(STORY.format(day=day), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not a story")
    return discover([str(folder)])


@flow
def _fetch_and_clean(refs, known):
    fetched = fetch_batch(refs, FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
    cleaned = clean_batch(fetched, known)
    # what Prefect keeps for the whole flow run, per task result
    return fetched, cleaned, len(FlowRunContext.get().run_results)


def test_a_chunk_costs_prefect_a_few_result_links_not_one_per_story(prefect_api, sources):
    known = {sources[0].uri: "sha256 of other bytes"}
    fetched, cleaned, links = _fetch_and_clean(sources, known)
    assert len(fetched.items) == len(cleaned.items) == len(sources) == 29
    stories = [o for item in cleaned.items if isinstance(item, Cleaned) for o in item.outcome
               if isinstance(o, StoryDraft)]
    rejects = [o for item in cleaned.items if isinstance(item, Cleaned) for o in item.outcome
               if isinstance(o, Reject)] + [i for i in cleaned.items if isinstance(i, Reject)]
    assert len(stories) == 28 and stories[0].minhash  # fingerprinted for the duplicate check
    assert len(rejects) == 1 and "broken.txt" in rejects[0].source_uri
    assert not any(isinstance(i, Unchanged) for i in cleaned.items)  # the known hash differs
    assert links <= 6, f"{links} result links for two task runs over {len(sources)} sources"


def test_a_source_whose_bytes_the_manifest_has_is_only_marked(prefect_api, sources):
    fetched = fetch_batch.fn(sources[:2], FetchLimits(max_bytes=MAX_BYTES, timeout=TIMEOUT))
    known = {fetched.items[0].ref.uri: fetched.items[0].sha256}
    cleaned = clean_batch.fn(fetched, known)
    assert isinstance(cleaned.items[0], Unchanged) and isinstance(cleaned.items[1], Cleaned)


# --- a story enrichment cannot survive ---------------------------------------------------

POISON = "The hearing transcript resumes"


def _payload(uri: str) -> Payload:
    return Payload(ref=SourceRef(uri=uri), data=b"...", fetched_at=dt.datetime.now(dt.UTC))


def _draft(uri: str, key: str) -> StoryDraft:
    return StoryDraft(story_id=f"{uri}#{key}", source_uri=uri, item_key=key, input_format="jsonl",
                      encoding="utf-8", headline=None, body=f"Story {key}.", content_hash=key)


def test_stories_whose_enrichment_failed_become_rejects_in_their_source():
    a1, a2 = _draft("file:///a.jsonl", "r1"), _draft("file:///a.jsonl", "r2")
    b1 = _draft("file:///b.txt", "")
    listed = Cleaned(_payload("file:///list.txt"), UrlList("file:///list.txt", ("http://x/1",)))
    fetch_failed = Reject("file:///c.txt", "not_found", "gone")
    items = [Cleaned(_payload("file:///a.jsonl"), [a1, Reject("file:///a.jsonl", "invalid_json", "x", "2"), a2]),
             fetch_failed, listed, Cleaned(_payload("file:///b.txt"), [b1])]
    ok, failed = Enrichment(), Enrichment(failed="SW802: an enrichment worker process died")
    out, kept = without_failed(items, [a1, a2, b1], [ok, failed, failed])
    assert kept == [ok]
    assert out[1:3] == [fetch_failed, listed]
    a, b = out[0].outcome, out[3].outcome
    assert a[0] is a1 and a[1] == items[0].outcome[1]
    assert a[2] == Reject("file:///a.jsonl", "enrichment_failed", "SW802: an enrichment worker process died",
                          item_key="r2")
    assert b == [Reject("file:///b.txt", "enrichment_failed", "SW802: an enrichment worker process died")]
    chunk = EnrichedChunk(out, kept, "m")
    assert chunk.stories() == [a1]  # what the duplicate check and the rows see
    unchanged = [Enrichment(), Enrichment()]
    assert without_failed(items, [a1, a2], unchanged) == (items, unchanged)


class _PoisonedLocal:
    """Real spaCy in this process, except that a batch holding the poison text kills the
    'worker' (raises ``WorkerError``, as a pool does when the OOM killer strikes)."""

    def __init__(self, model: str, batch_size: int) -> None:
        self.local = LocalAnnotator(model, batch_size=batch_size)

    def start(self, items):
        if any(POISON in (body or "") for _, body, *_ in items):
            raise WorkerError("SW802", "an enrichment worker process died (killed or out of memory)")
        return self.local.start(items)


@pytest.mark.slow
def test_a_story_that_kills_enrichment_is_rejected_and_the_run_goes_on(prefect_api, tmp_path, monkeypatch):
    from storywire.flows import ingest as ingest_module

    annotators = {}

    def annotator_for(model, batch_size, n_process, *, pooled):
        local = annotators.setdefault(model, _PoisonedLocal(model, batch_size))
        return IsolatingAnnotator(lambda: local)

    monkeypatch.setattr(tasks_module, "annotator_for", annotator_for)
    monkeypatch.setattr(ingest_module, "warm_up_pool", lambda *a: None)  # no real pool needed
    folder = tmp_path / "in"
    folder.mkdir()
    for day in (1, 2):
        (folder / f"story-{day}.txt").write_text(STORY.format(day=day), encoding="utf-8")
    def poisoned(day: int) -> str:
        return STORY.format(day=day).replace("a spokeswoman said.", f"a spokeswoman said. {POISON} on Friday.")

    (folder / "transcript.txt").write_text(poisoned(3), encoding="utf-8")
    records = [{"id": "ok-1", "title": "Ferries resume", "body": STORY.format(day=4).split("\n\n", 1)[1]},
               {"id": "bad-2", "title": "Hearing", "body": poisoned(5).split("\n\n", 1)[1]}]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    wh = tmp_path / "wh"

    first = ingest_module.ingest(sources=[str(folder)], warehouse=str(wh))
    assert (first["stories"], first["files_ingested"], first["files_rejected"]) == (3, 3, 1)
    assert first["reject_reasons"] == {"enrichment_failed": 2}
    rows = view_rows(wh, {
        "rejects": "select source_uri, item_key, reason, detail from rejects order by 1, 2",
        "sources": "select source_uri, status, stories from sources order by 1",
        "stories": "select source_uri, item_key from stories order by 1, 2",
        "entities": "select count(*) from entities",
    })
    feed, transcript = str(folder / "feed.jsonl"), str(folder / "transcript.txt")
    assert [r[:3] for r in rows["rejects"]] == [(feed, "bad-2", "enrichment_failed"),
                                                 (transcript, "", "enrichment_failed")]
    assert all("SW802" in r[3] for r in rows["rejects"])
    assert (transcript, "rejected", 0) in rows["sources"] and (feed, "ingested", 1) in rows["sources"]
    assert (feed, "ok-1") in rows["stories"] and transcript not in {s for s, _ in rows["stories"]}
    assert rows["entities"][0][0] > 0  # the other stories were enriched

    again = ingest_module.ingest(sources=[str(folder)], warehouse=str(wh))
    assert (again["files_skipped"], again["stories"], again["rejects"]) == (4, 0, 0)  # not tried again
