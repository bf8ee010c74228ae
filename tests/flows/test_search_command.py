"""`storywire search`: stories ingested for real (the flow, through a loopback Prefect API),
then found by their words as a table and as JSON."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from storywire.flows.search import search_command

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

runner = CliRunner()
# the command alone (the lead registers it in flows/cli.py as ``storywire search``)
app = typer.Typer()
app.command()(search_command)

STORIES = {
    "harbour.txt": """Harbour cranes idle as dock strike spreads

ROTTERDAM, March 12, 2024 (Reuters) - Dock workers at three terminals joined the strike on Tuesday, leaving container cranes idle and ships queuing at anchor off the harbour, the port authority said.

"Every day of the strike costs the harbour dearly," port spokeswoman Ineke de Vries told reporters.
""",
    "rain.txt": """Heavy rain floods low streets in Porto

PORTO, April 2, 2024 (Reuters) - Heavy rain flooded streets near the river on Tuesday and the city opened two shelters, the civil protection agency said. Ferry crossings to the harbour were suspended until the water falls.
""",
    "budget.txt": """Finance ministers agree on budget rules

BRUSSELS, May 7, 2024 (Reuters) - Finance ministers agreed on Tuesday to loosen the deficit rules for countries that invest in defence, officials said after a long meeting.
""",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    from storywire.flows.ingest import ingest

    base = tmp_path_factory.mktemp("search")
    (base / "in").mkdir()
    for name, text in STORIES.items():
        (base / "in" / name).write_text(text, encoding="utf-8")
    ingest(sources=[str(base / "in")], warehouse=str(base / "wh"))
    return str(base / "wh")


def test_the_table_lists_the_best_story_first(warehouse) -> None:
    res = runner.invoke(app, ["harbour strike", "-w", warehouse], env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert "story_id" in lines[1] and "snippet" in lines[1]
    rows = [line for line in lines if "│" in line and "story_id" not in line]
    assert "Harbour cranes idle" in rows[0]
    assert "Heavy rain floods" in rows[1]  # says "harbour" once, not "strike"
    assert len(rows) == 2 and lines[-1] == "(2 rows)"


def test_json_has_every_field_and_the_dates_narrow_it(warehouse) -> None:
    res = runner.invoke(
        app, ["harbour", "-w", warehouse, "--format", "json", "--since", "2024-04-01"]
    )
    assert res.exit_code == 0, res.output
    (found,) = json.loads(res.output)
    assert set(found) == {"story_id", "score", "published_date", "agency", "headline", "snippet"}
    assert found["headline"] == "Heavy rain floods low streets in Porto"
    assert found["published_date"] == "2024-04-02" and found["agency"] == "Reuters"
    assert found["score"] > 0 and "harbour" in found["snippet"]


def test_jsonl_of_a_word_nobody_wrote_is_empty(warehouse) -> None:
    res = runner.invoke(app, ["volcano", "-w", warehouse, "--format", "jsonl"])
    assert res.exit_code == 0 and res.output == ""


def test_a_query_of_stopwords_is_one_error_line(warehouse) -> None:
    res = runner.invoke(app, ["the and of", "-w", warehouse])
    assert res.exit_code == 2
    assert res.output.strip().startswith("storywire: error: SW444: nothing to search for")
