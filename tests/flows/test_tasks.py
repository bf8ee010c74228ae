"""The batch-level Prefect tasks, run by a real flow on the test Prefect API."""

from __future__ import annotations

import pytest
from prefect import flow
from prefect.context import FlowRunContext

from storywire.flows.settings import MAX_BYTES, TIMEOUT
from storywire.flows.tasks import Cleaned, Unchanged, clean_batch, fetch_batch
from storywire.tasks.read.fetch import FetchLimits
from storywire.tasks.read.sources import discover
from storywire.tasks.records import Reject, StoryDraft

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
