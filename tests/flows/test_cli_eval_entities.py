"""``storywire eval entities``: a bad gold file or map is a one-line error, odd labels are
counted, and the scores can be written as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storywire.flows.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc_id": "a", "text": "Baku"}', "lacks ['entities']"),
        ("not json at all", "not a JSON record"),
        ('{"doc_id": "a", "text": "Baku", "entities": [{"start": 2, "end": 1}]}', "not a span"),
    ],
)
def test_a_malformed_gold_file_is_one_coded_line(tmp_path, content, message):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "entities", str(gold)])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()  # no traceback
    assert line.startswith(f"storywire: error: SW409: {gold}:1: ") and message in line


def test_an_unknown_map_is_a_usage_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc_id": "a", "text": "Baku", "entities": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "entities", str(gold), "--map", "muc7"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "'muc7' is not one of conll, ieer" in result.output


@pytest.mark.slow
def test_null_and_unmapped_labels_are_scored_around_and_the_json_has_the_confusion(tmp_path):
    text = "YEREVAN, May 4 - Armenian Foreign Minister Ara Sargsyan flew to Tbilisi on Monday."
    ents = []
    for surface, label in [("YEREVAN", "GPE"), ("Armenian", None), ("Ara Sargsyan", "PERSON"),
                           ("Tbilisi", "CITY")]:  # fmt: skip
        start = text.index(surface)
        ents.append({"start": start, "end": start + len(surface), "label": label})
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d1", "text": text, "entities": ents}) + "\n")
    out = tmp_path / "scores.json"
    result = runner.invoke(
        app, ["eval", "entities", str(gold), "--map", "conll", "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "gold not scored (label null or outside the map): CITY 1, null 1" in result.output
    assert "label confusion" in result.output and "gold places geocoded" in result.output
    scores = json.loads(out.read_text())
    assert scores["ignored_gold"] == {"CITY": 1, "null": 1}
    assert scores["confusion"]["PER"] == {"PER": 1}
    assert scores["places"]["geocoded"]["n"] == 1  # YEREVAN; Tbilisi's label is not scored
