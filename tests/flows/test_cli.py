"""The ``storywire`` command line: argument errors, read-only queries in each format, and one
real ``storywire ingest`` of the bundled samples through the installed console script."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from storywire.flows.cli import app
from storywire.warehouse.lake import Warehouse
from storywire.warehouse.schemas import to_table

runner = CliRunner()



def test_query_json(small_warehouse):
    res = runner.invoke(app, ["query", "select story_id, published_date from stories order by 1",
                              "--warehouse", str(small_warehouse), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [
        {"story_id": "a1", "published_date": "2024-05-06"},
        {"story_id": "b2", "published_date": "2024-05-07"},
    ]


def test_query_csv_quotes_properly(small_warehouse):
    res = runner.invoke(app, ["query", "select agency, headline from stories order by 1",
                              "-w", str(small_warehouse), "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert list(csv.reader(io.StringIO(res.output))) == [
        ["agency", "headline"], ["AP", "Dam opens"], ["Reuters", 'Port, "busy"']]


def test_query_table(small_warehouse):
    res = runner.invoke(app, ["query", "select count(*) as n from stories", "-w", str(small_warehouse)])
    assert res.exit_code == 0 and "(1 row)" in res.output and "2" in res.output


def test_query_is_read_only(small_warehouse):
    res = runner.invoke(app, ["query", "drop view stories", "-w", str(small_warehouse)])
    assert res.exit_code == 2 and "read-only" in res.output.lower()
    ok = runner.invoke(app, ["query", "select count(*) from stories", "-w", str(small_warehouse), "-f", "csv"])
    assert ok.output.splitlines()[1] == "2"


def test_query_rebuilds_views_after_the_folder_moves(small_warehouse, tmp_path):
    moved = tmp_path / "moved"
    small_warehouse.rename(moved)
    res = runner.invoke(app, ["query", "select count(*) from stories", "-w", str(moved), "-f", "csv"])
    assert res.exit_code == 0 and res.output.splitlines()[1] == "2"


def test_query_errors_are_clear(small_warehouse, tmp_path):
    bad = runner.invoke(app, ["query", "select nope from stories", "-w", str(small_warehouse)])
    assert bad.exit_code == 1 and "SW421" in bad.output and "nope" in bad.output  # SQL fails at run time
    missing = runner.invoke(app, ["query", "select 1", "-w", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "SW201" in missing.output


def test_check_passes_then_names_the_offending_rows(small_warehouse):
    res = runner.invoke(app, ["check", "-w", str(small_warehouse)])
    assert res.exit_code == 0, res.output
    assert "pass  entity_offsets: 0 offending rows" in res.output and "FAIL" not in res.output
    wh = Warehouse.open(small_warehouse)
    with wh.locked():  # an entity whose offsets point past the end of story a1's body ("x")
        cid = wh.new_commit_id()
        story = {"story_id": "a1", "source_uri": "/in/a.txt", "body": "x", "commit_id": cid}
        bad = {"story_id": "a1", "field": "body", "start_char": 0, "end_char": 9, "text": "Reykjavik",
               "commit_id": cid}
        wh.commit({"stories": to_table("stories", [story]), "entities": to_table("entities", [bad])},
                  commit_id=cid)
    res = runner.invoke(app, ["check", "-w", str(small_warehouse)])
    assert res.exit_code == 1
    assert "FAIL  entity_offsets: 1 offending rows" in res.output and '"text": "Reykjavik"' in res.output


def test_check_refuses_a_folder_that_is_not_a_warehouse(tmp_path):
    res = runner.invoke(app, ["check", "-w", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "storywire: error:" in res.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "/no/such/folder"], "SW403"),
        (["ingest", "/no/such/*.txt"], "SW402"),
        (["ingest", "http://"], "SW401"),
    ],
)
def test_ingest_argument_errors(args, message, tmp_path):
    res = runner.invoke(app, [*args, "--warehouse", str(tmp_path / "wh")])
    assert res.exit_code == 2 and message in res.output


def test_ingest_refuses_a_non_warehouse_folder(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    res = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--warehouse", str(tmp_path)])
    assert res.exit_code == 2 and "SW202" in res.output
    assert (tmp_path / "precious.txt").read_text() == "keep me"


@pytest.mark.slow
def test_console_script_ingests_the_samples_then_queries(tmp_path):
    """What ``make run`` does, through the installed ``storywire`` script and Prefect's
    ephemeral API (its own PREFECT_HOME, so the developer's settings do not leak in)."""
    exe = Path(sys.executable).with_name("storywire")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # a temporary API
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    wh = tmp_path / "wh"
    out = subprocess.run([exe, "ingest", str(ROOT / "samples"), "--warehouse", str(wh)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    summary = out.stdout.strip().splitlines()[-1]
    n_files = sum(1 for p in (ROOT / "samples").iterdir() if not p.name.endswith(".meta.json"))
    assert summary.startswith(f"{n_files} files seen:")
    q = subprocess.run([exe, "query", "select count(*) as n, count(distinct language) as langs, count(duplicate_of) as dups from stories",
                        "-w", str(wh), "-f", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert q.returncode == 0, q.stderr
    (row,) = json.loads(q.stdout)
    assert row["n"] >= n_files - 1 and row["langs"] >= 2
    assert row["dups"] >= 1  # the bundled syndicated copy


@pytest.mark.slow
@pytest.mark.parametrize("stock", [True, False])
def test_eval_entities_scores_the_flow_or_the_stock_pipeline(tmp_path, stock):
    """``--stock`` scores plain ``doc.ents`` of the model (the baseline the flow's rules must
    beat); without it, the flow's own annotation."""
    import spacy

    from storywire.flows.settings import BATCH_SIZE, DEFAULT_MODEL
    from storywire.tasks.enrich.entities import annotate_batch, load_nlp

    text = "TBILISI, May 4 (AP) _ Georgia's foreign minister Nino Beridze flew to Yerevan on Monday."
    gold = tmp_path / "gold.jsonl"
    start = text.index("Nino Beridze")
    gold.write_text(json.dumps({"doc_id": "d1", "text": text, "entities": [
        {"start": start, "end": start + len("Nino Beridze"), "label": "PERSON"}]}) + "\n")
    preds = tmp_path / "preds.jsonl"
    args = ["eval", "entities", str(gold), "--predictions", str(preds), *(["--stock"] if stock else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "PER" in result.output or "PERSON" in result.output
    got = [(e["start"], e["end"], e["label"]) for e in json.loads(preds.read_text())["entities"]]
    if stock:
        want = [(e.start_char, e.end_char, e.label_) for e in spacy.load(DEFAULT_MODEL)(text).ents]
    else:
        (mentions,) = annotate_batch(load_nlp(DEFAULT_MODEL), [(None, text, None)], batch_size=BATCH_SIZE)
        want = [(m.start, m.end, m.label) for m in mentions if m.field == "body"]
    assert got == want


def test_version_prints_the_installed_version():
    from importlib.metadata import version

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output == f"storywire {version('storywire')}\n"


def test_shell_completion_is_offered():
    res = runner.invoke(app, ["--help"])
    assert "--install-completion" in res.output and "--show-completion" in res.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], "SW410"),  # no selection: never the whole warehouse by accident
        (["--since", "2025-01-01", "--until", "2024-01-01"], "SW411"),
    ],
)
def test_reprocess_refuses_a_missing_or_empty_selection(args, code, small_warehouse):
    res = runner.invoke(app, ["reprocess", *args, "--warehouse", str(small_warehouse)])
    assert res.exit_code == 2
    assert res.output.startswith(f"storywire: error: {code}: ") and res.output.count("\n") == 1


def test_serve_takes_the_ingest_options_that_a_deployment_uses():
    from typer.main import get_command

    commands = get_command(app).commands  # type: ignore[attr-defined]
    ingest = {p.name: p for p in commands["ingest"].params}
    serve = {p.name: p for p in commands["serve"].params}
    run_only = {"sources", "progress", "dask"}  # a terminal's bar; Dask is set per run
    for name in ingest.keys() - run_only:
        assert name in serve, name
        assert (serve[name].default, serve[name].opts, serve[name].help) == (
            ingest[name].default, ingest[name].opts, ingest[name].help)


def test_signals_are_handled_only_while_a_command_runs():
    import signal

    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    runner.invoke(app, ["--version"])
    res = runner.invoke(app, ["query", "select 1", "--warehouse", "/no/such/wh"])
    assert res.exit_code == 2
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("tcp://127.0.0.1:99999", "out of range"),
        ("tcp://256.0.0.1:8786", "Invalid IPv4 address"),
        ("http://scheduler:8786", "is not tcp/tls/ucx/ws/wss"),
        ("tcp://scheduler", "no port"),
        ("tcp://:8786", "no host"),
        ("tcp://127.0.0.1:8786", None),
        ("tcp://scheduler.example.org:8786", None),
        ("tcp://[::1]:8786", None),
    ],
)
def test_a_dask_address_with_no_usable_host_or_port_is_refused_before_connecting(address, problem):
    from storywire.flows.cli import _address_problem

    found = _address_problem(address)
    assert (found is None) if problem is None else (problem in found)
