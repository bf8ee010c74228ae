"""Compaction and re-enrichment keep query results stable and never duplicate rows."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import FIXTURES, lake_connection, view_rows

from storywire.tasks.enrich.workers import LocalAnnotator, WorkerError

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

QUERIES = {
    "stories": "select story_id, headline, body, published_date from stories order by all",
    "entities": "select story_id, field, start_char, end_char, label, canonical from entities order by all",
    "timexes": "select story_id, start_char, value from timexes order by all",
    "quotes": "select story_id, start_char, speaker_canonical from quotes order by all",
    "rejects": "select source_uri, reason from rejects order by all",
    "sources": "select source_uri, status from sources order by all",
    "runs": "select run_id, stories_ingested from runs order by all",
}


def _state(wh) -> dict:
    return view_rows(wh, QUERIES)


@pytest.fixture
def warehouse(tmp_path):
    from storywire.flows.ingest import ingest

    src = tmp_path / "in"
    src.mkdir()
    for name in ("reuters.txt", "tass_seed_style.txt", "xinhua.txt", "ap_modern.txt"):
        shutil.copy(FIXTURES / "wire" / name, src / name)
    (src / "empty.txt").write_text("")
    wh = tmp_path / "wh"
    ingest(sources=[str(src)], warehouse=str(wh), chunk_size=1)  # one commit per file
    return wh


def test_compact_merges_files_expires_snapshots_and_keeps_results(warehouse):
    from storywire.flows.maintenance import compact, reprocess
    from storywire.warehouse.lake import Warehouse

    reprocess(warehouse=str(warehouse), everything=True)  # replaced versions for compaction to drop
    before = _state(warehouse)
    versions = _versions(warehouse)
    result = compact(warehouse=str(warehouse), keep_days=0)
    assert result["snapshots_expired"] > 0 and result["files_deleted"] > 0
    assert _state(warehouse) == before
    assert _versions(warehouse) == versions  # the lineage table keeps every version
    assert Warehouse.open(warehouse, create=False).counts()["snapshots"] == 1
    again = compact(warehouse=str(warehouse), keep_days=0)
    assert again["snapshots_expired"] == 0 and again["files_deleted"] == 0


def _versions(warehouse) -> int:
    con = lake_connection(warehouse)
    try:
        return con.execute("select count(*) from story_versions").fetchone()[0]
    finally:
        con.close()


def test_reprocess_replaces_rows_in_place(warehouse):
    from storywire.flows.maintenance import reprocess

    before = _state(warehouse)
    assert reprocess(warehouse=str(warehouse), stale=True)["stories"] == 0  # all current
    dates = sorted(r[3] for r in before["stories"] if r[3])
    picked = reprocess(warehouse=str(warehouse), since=dates[-1], until=dates[-1])["stories"]
    assert picked == sum(1 for r in before["stories"] if r[3] == dates[-1]) >= 1
    everything = reprocess(warehouse=str(warehouse), everything=True)
    assert everything["stories"] == len(before["stories"])
    after = _state(warehouse)
    assert after == before  # same rows, not doubled
    con = lake_connection(warehouse)
    versions = con.execute("select count(*) from story_versions").fetchone()[0]
    assert versions == 2 * len(before["stories"]) + picked


POISON = "Hainan Province"  # in the Xinhua story's body, in no other story


class _PoisonedLocal:
    """Real spaCy in this process, except that a batch holding ``POISON`` 'kills the worker'
    (raises ``WorkerError``, as a pool does when the OOM killer takes a worker)."""

    def __init__(self, model: str, batch_size: int) -> None:
        self.local = LocalAnnotator(model, batch_size=batch_size)

    def start(self, items):
        if any(POISON in body for _, body, *_ in items):
            raise WorkerError("SW802", "an enrichment worker process died (killed or out of memory)")
        return self.local.start(items)


def test_reprocess_keeps_the_version_of_a_story_whose_enrichment_failed(warehouse, monkeypatch):
    from storywire.flows import maintenance
    from storywire.flows import tasks as tasks_module
    from storywire.tasks.enrich.halving import IsolatingAnnotator

    annotators: dict[str, _PoisonedLocal] = {}

    def annotator_for(model, batch_size, n_process, *, pooled):
        local = annotators.setdefault(model, _PoisonedLocal(model, batch_size))
        return IsolatingAnnotator(lambda: local)

    monkeypatch.setattr(tasks_module, "annotator_for", annotator_for)
    reports: list[dict] = []
    monkeypatch.setattr(maintenance, "publish_maintenance", lambda title, facts, checks: reports.append(facts))
    before = _state(warehouse)
    poisoned = view_rows(warehouse, {"id": f"select story_id from stories where body like '%{POISON}%'"})
    [(poisoned_id,)] = poisoned["id"]
    assert any(r[0] == poisoned_id for r in before["entities"])  # it has entities to lose

    result = maintenance.reprocess(warehouse=str(warehouse), everything=True)
    assert (result["stories"], result["failed"]) == (len(before["stories"]) - 1, 1)
    assert (reports[-1]["stories"], reports[-1]["failed"]) == (result["stories"], 1)
    assert _state(warehouse) == before  # its entities, dates and quotes are still there
    versions = dict(view_rows(warehouse, {
        "v": "select story_id, count(*) from story_versions group by story_id"})["v"])
    assert versions.pop(poisoned_id) == 1  # nothing was written for it
    assert set(versions.values()) == {2}  # the others were rewritten


@pytest.mark.parametrize("selection", [
    {"since": dt.date(2024, 1, 1)}, {"until": dt.date(2024, 1, 1)}, {"pipeline": "storywire-0.0.9"},
    {"model_version": "core_web_sm-3.7.1"}, {"stale": True}, {"everything": True},
    {"since": dt.date(2024, 3, 1), "until": dt.date(2024, 3, 1)},  # one day is a range
])
def test_a_selection_is_accepted(selection):
    from storywire.flows.maintenance import check_selection

    check_selection(**selection)


@pytest.mark.parametrize(("selection", "code"), [
    ({}, "SW410"),
    ({"pipeline": "", "model_version": ""}, "SW410"),  # empty values select nothing either
    ({"since": dt.date(2025, 1, 1), "until": dt.date(2024, 1, 1)}, "SW411"),
    ({"since": dt.date(2024, 3, 2), "until": dt.date(2024, 3, 1), "everything": True}, "SW411"),
])
def test_a_missing_or_empty_selection_is_refused(selection, code):
    from storywire.flows.maintenance import SelectionError, check_selection

    with pytest.raises(SelectionError) as exc:
        check_selection(**selection)
    assert exc.value.code == code


def test_the_flow_refuses_a_missing_selection_before_reading(tmp_path):
    from storywire.flows.maintenance import SelectionError, reprocess

    with pytest.raises(SelectionError, match="SW410"):
        reprocess.fn(warehouse=str(tmp_path / "not-even-a-warehouse"))
