"""Structure scoring: the flow's own cleaning on each gold raw story, field by field."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storywire.tasks.evaluate.entities import GoldError
from storywire.tasks.evaluate.structure import (
    STRUCTURE_FIELDS,
    clean_raw,
    evaluate_structure_file,
    format_structure_report,
    load_structure_gold,
    normalize,
)
from storywire.tasks.records import Reject

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "eval_structure" / "gold.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def _write(tmp_path: Path, records: list[dict]) -> Path:
    out = tmp_path / "gold.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return out


def test_the_three_wire_layouts_are_cleaned_right_field_by_field() -> None:
    scores = evaluate_structure_file(GOLD)
    assert scores["docs"] == 3
    assert scores["overall"] == {"n": 30, "right": 30, "share": 1.0}
    assert set(scores["per_field"]) == set(STRUCTURE_FIELDS)
    assert all(s == {"n": 3, "right": 3, "share": 1.0} for s in scores["per_field"].values())
    assert scores["language"]["right"] == 3
    assert scores["per_language"] == {"en": {"n": 30, "right": 30, "share": 1.0}}
    assert scores["wrong"] == [] and scores["rejected"] == []


def test_a_wrong_field_counts_wrong_and_the_report_shows_expected_and_got(tmp_path: Path) -> None:
    records = _records()
    records[1]["structure"]["agency"] = "AP"  # the Reuters story
    records[2]["structure"]["byline"] = "By INÊS MOREIRA"  # the cleaning keeps ", Associated Press"
    scores = evaluate_structure_file(_write(tmp_path, records))
    assert scores["overall"]["right"] == 28 and scores["overall"]["n"] == 30
    assert scores["per_field"]["agency"]["right"] == 2
    assert scores["per_field"]["headline"]["right"] == 3
    assert scores["wrong"] == [
        {"doc_id": "en-002-rates", "field": "agency", "expected": "AP", "got": "Reuters"},
        {"doc_id": "en-003-floods", "field": "byline", "expected": "By INÊS MOREIRA",
         "got": "By INÊS MOREIRA, Associated Press"},
    ]  # fmt: skip
    report = format_structure_report(scores)
    assert "ALL                      93.3% (28/30)" in report
    assert "en-002-rates agency: expected 'AP', got 'Reuters'" in report


def test_only_gold_fields_are_scored_and_null_against_null_is_right(tmp_path: Path) -> None:
    record = _records()[1]
    record["structure"] = {"caption": None, "subheadline": None, "headline": record["structure"]["headline"]}
    scores = evaluate_structure_file(_write(tmp_path, [record]))
    assert set(scores["per_field"]) == {"headline", "subheadline", "caption"}
    assert scores["overall"] == {"n": 3, "right": 3, "share": 1.0}


def test_white_space_and_unicode_forms_do_not_make_a_field_wrong(tmp_path: Path) -> None:
    record = _records()[2]
    caption = record["structure"]["caption"]
    record["structure"] = {"caption": "  " + unicodedata.normalize("NFD", caption).replace(" ", " \n ")}
    assert record["structure"]["caption"] != caption
    scores = evaluate_structure_file(_write(tmp_path, [record]))
    assert scores["overall"]["right"] == 1


def test_the_dct_is_the_date_of_a_story_without_one_of_its_own(tmp_path: Path) -> None:
    # The AP story's dateline has no date: the file's date (the gold dct) is the fallback.
    record = _records()[2]
    record["dct"] = "2025-01-20"
    record["structure"] = {"published_date": "2025-01-20"}
    assert evaluate_structure_file(_write(tmp_path, [record]))["overall"]["right"] == 1
    story = clean_raw(record["raw"], None)
    assert not isinstance(story, Reject) and story.published_date is not None  # today, as ingest


def test_a_yearless_dateline_takes_its_year_from_the_dct() -> None:
    record = _records()[0]  # "YEREVAN, April 9": a Wednesday in 2025
    story = clean_raw(record["raw"], dt.date(2025, 4, 10))
    assert str(story.published_date) == "2025-04-09"


def test_a_rejected_story_has_every_gold_field_wrong(tmp_path: Path) -> None:
    record = {"doc_id": "x-1", "language": "en", "dct": "2025-03-01", "raw": "All news\n\nMinisters meet in Riga\n",
              "structure": {"headline": "Ministers meet in Riga", "lede": "?", "byline": None}}  # fmt: skip
    scores = evaluate_structure_file(_write(tmp_path, [record]))
    assert scores["overall"] == {"n": 3, "right": 0, "share": 0.0}  # a null byline too
    assert scores["language"]["right"] == 0
    assert scores["rejected"][0]["doc_id"] == "x-1" and scores["rejected"][0]["reason"] == "no_body"
    assert "rejected x-1: no_body" in format_structure_report(scores)


def test_per_language_shares_are_kept_apart(tmp_path: Path) -> None:
    records = _records()
    records[0]["language"] = "hy"  # gold says Armenian: the detected 'en' is wrong
    records[0]["structure"]["headline"] = "something else"
    scores = evaluate_structure_file(_write(tmp_path, records))
    assert scores["per_language"] == {"en": {"n": 20, "right": 20, "share": 1.0},
                                      "hy": {"n": 10, "right": 9, "share": 0.9}}  # fmt: skip
    assert scores["language"] == {"n": 3, "right": 2, "share": pytest.approx(2 / 3)}
    assert "fields right per language: en 100.0% (20/20), hy 90.0% (9/10)" in format_structure_report(scores)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"doc_id": "a", "structure": {}}, "lacks ['raw']"),
        ({"doc_id": "a", "raw": "x", "structure": {"title": "x"}}, "unknown structure field(s) ['title']"),
        ({"doc_id": "a", "raw": "x", "structure": {"headline": 3}}, "structure.headline must be a string"),
        ({"doc_id": "a", "raw": "x", "structure": {"published_date": "12 March"}}, "is not an ISO date"),
        ({"doc_id": "a", "raw": "x", "structure": {}, "dct": "yesterday"}, "dct 'yesterday'"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_a_malformed_gold_record_is_sw409_naming_its_line(tmp_path: Path, record, message) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(GoldError) as err:
        load_structure_gold(gold)
    assert err.value.code == "SW409" and f"{gold}:2: " in str(err.value) and message in str(err.value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(line=st.text(max_size=200))
def test_any_gold_line_loads_or_is_sw409(tmp_path_factory, line: str) -> None:
    gold = tmp_path_factory.mktemp("g") / "gold.jsonl"
    gold.write_text(line, encoding="utf-8", errors="surrogatepass")
    try:
        load_structure_gold(gold)
    except GoldError as exc:
        assert exc.code == "SW409"


@settings(max_examples=40, deadline=None)
@given(raw=st.text(max_size=400))
def test_any_raw_text_cleans_to_a_story_or_a_reject(raw: str) -> None:
    story = clean_raw(raw, dt.date(2025, 3, 12))
    assert isinstance(story, Reject) or story.body


@given(value=st.one_of(st.none(), st.text(max_size=80)))
def test_normalize_is_idempotent(value) -> None:
    once = normalize(value)
    assert normalize(once) == once
    assert once is None or (once == once.strip() and "  " not in once)


def test_a_gold_agency_is_compared_by_the_agency_table(tmp_path: Path) -> None:
    records = _records()[:2]
    records[0]["structure"] = {"agency": "Tass"}  # the table's name is TASS
    records[1]["structure"] = {"agency": "Nairobi Wire Service"}  # not in the table: as written
    scores = evaluate_structure_file(_write(tmp_path, records))
    assert scores["per_field"]["agency"] == {"n": 2, "right": 1, "share": 0.5}
    assert scores["wrong"] == [{"doc_id": "en-002-rates", "field": "agency",
                                "expected": "Nairobi Wire Service", "got": "Reuters"}]  # fmt: skip


def test_the_fixture_is_built_from_its_stories_with_exact_offsets() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gold", GOLD.with_name("build_gold.py"))
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert [build.record(s) for s in build.STORIES] == _records()  # run build_gold.py after an edit
    for r in _records():
        assert r["text"] in r["raw"]
        for item in (*r["entities"], *r["timexes"], *r["quotes"]):
            assert r["text"][item["start"]:item["end"]] == item["text"]
