"""``storywire eval structure`` and ``eval quotes``, and ``eval timex``/``eval entities`` on the
same gold records (raw, structure, text, entities, timexes, quotes, language, dct)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storywire.flows.cli import app

runner = CliRunner()
GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "eval_structure" / "gold.jsonl"


def test_eval_structure_prints_the_fields_right_and_writes_the_json(tmp_path: Path) -> None:
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    records[0]["structure"]["dateline_place"] = "YEREVAN"  # the column holds "Yerevan"
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "scores.json"
    result = runner.invoke(app, ["eval", "structure", str(gold), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "ALL                      96.7% (29/30)" in result.output
    assert "dateline_place             66.7% (2/3)" in result.output
    assert "en-001-rail dateline_place: expected 'YEREVAN', got 'Yerevan'" in result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["per_field"]["lede"] == {"n": 3, "right": 3, "share": 1.0}


@pytest.mark.parametrize("command", ["structure", "quotes"])
@pytest.mark.parametrize(
    ("content", "message"),
    [("not json at all", "not a JSON record"), ('{"doc_id": "a"}', "gold record lacks")],
)
def test_a_malformed_gold_file_is_one_coded_line(tmp_path: Path, command, content, message) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content + "\n", encoding="utf-8")
    model = ["--model", "no-such-model"] if command == "quotes" else []
    result = runner.invoke(app, ["eval", command, str(gold), *model])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()  # no traceback, no model loaded
    assert line.startswith(f"storywire: error: SW409: {gold}:1: ") and message in line


@pytest.mark.slow
def test_eval_quotes_scores_the_flow_and_writes_predictions(tmp_path: Path) -> None:
    preds, out = tmp_path / "preds.jsonl", tmp_path / "scores.json"
    result = runner.invoke(app, ["eval", "quotes", str(GOLD), "--predictions", str(preds), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "ALL      100.00 100.00 100.00     6     0     0         100.0% (6/6)" in result.output
    assert len(preds.read_text(encoding="utf-8").splitlines()) == 3
    assert json.loads(out.read_text(encoding="utf-8"))["attributed"]["right"] == 6


def test_eval_timex_reads_the_gold_format_and_passes_its_language(tmp_path: Path, monkeypatch) -> None:
    result = runner.invoke(app, ["eval", "timex", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "documents 3  gold 12" in result.output  # the records' timexes, dct as their date

    from storywire.tasks.evaluate import timex

    seen = []

    def extract(text, dct, *, field="body", language="en"):
        seen.append((language, str(dct)))
        return []

    monkeypatch.setattr(timex, "extract_timexes", extract)
    assert runner.invoke(app, ["eval", "timex", str(GOLD)]).exit_code == 0
    assert seen == [("en", "2025-04-10"), ("en", "2025-06-04"), ("en", "2025-01-13")]


@pytest.mark.slow
def test_eval_entities_reads_the_gold_format_and_opt_excuses_a_mention(tmp_path: Path) -> None:
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    opt = [e for r in records for e in r["entities"] if e.get("opt")]
    assert [e["text"] for e in opt] == ["Sadakhlo"]
    out = tmp_path / "scores.json"
    result = runner.invoke(app, ["eval", "entities", str(GOLD), "--json", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    gold_scored = sum(1 for r in records for e in r["entities"] if not e.get("opt"))
    assert scores["overall"]["tp"] + scores["overall"]["fn"] == gold_scored
