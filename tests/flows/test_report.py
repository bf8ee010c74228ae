"""The run report: facts gathered from the rows a run commits, rendered as markdown."""

from __future__ import annotations

import datetime as dt

from storywire.flows.ingest import RunSummary
from storywire.flows.report import RunFacts, render_report
from storywire.warehouse.checks import CheckResult


def _story(day, source="dateline", language="en"):
    return {"story_id": "x", "published_date": day, "published_date_source": source, "language": language}


def test_facts_count_date_sources_languages_and_the_date_range():
    facts = RunFacts()
    for row in [_story(dt.date(2024, 3, 9)), _story(dt.date(2023, 12, 31), "metadata"),
                _story(None, None, None), _story(dt.date(2024, 1, 2), "dateline", "fr")]:
        facts.add_story(row)
    assert facts.date_sources == {"dateline": 2, "metadata": 1, "none": 1}
    assert facts.languages == {"en": 2, "unknown": 1, "fr": 1}
    assert (facts.first_date, facts.last_date) == (dt.date(2023, 12, 31), dt.date(2024, 3, 9))


def test_facts_keep_at_most_max_rejects_rows_with_the_table_columns():
    facts = RunFacts(max_rejects=2)
    for i in range(3):
        facts.add_reject({"source_uri": f"/in/{i}.bin", "item_key": None, "reason": "binary",
                          "detail": "NUL bytes", "transient": False, "run_id": "r"})
    assert [r["source_uri"] for r in facts.rejects] == ["/in/0.bin", "/in/1.bin"]
    assert set(facts.rejects[0]) == {"source_uri", "item_key", "reason", "detail", "transient"}


def test_report_lists_counts_most_common_first_and_every_check():
    facts = RunFacts()
    for source in ["metadata", "dateline", "dateline"]:
        facts.add_story(_story(dt.date(2024, 3, 9), source))
    summary = RunSummary(run_id="r1", warehouse="/wh", files_seen=4, files_ingested=3, files_rejected=1,
                         stories=3, rejects=1, seconds=2.0, words=900, reject_reasons={"binary": 1})
    checks = [CheckResult("entity_offsets", "d", 0, []), CheckResult("dates_in_range", "d", 2, [])]
    text = render_report(summary, facts, checks)
    assert text.index("| dateline | 2 |") < text.index("| metadata | 1 |")
    assert "Publication dates from 2024-03-09 to 2024-03-09." in text
    assert "| binary | 1 |" in text and "450 words/s" in text
    assert "| entity_offsets | pass | 0 |" in text and "| dates_in_range | **FAIL** | 2 |" in text


def test_report_of_a_run_with_no_new_stories_says_so():
    text = render_report(RunSummary(run_id="r2", files_seen=5, files_skipped=5), RunFacts(), [])
    assert "No new stories in this run." in text and "None." in text
