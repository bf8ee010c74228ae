"""``storywire eval``: score the flow's extraction against gold JSONL.

``timex`` and ``entities`` read ``text`` with its ``timexes``/``entities`` (the format of
../shared/corpora); ``structure`` cleans each record's ``raw`` story and scores its
``structure``; ``quotes`` scores ``quotes`` on ``text``. One gold record may hold all of them
(the Russian and French gold sets do). The scoring is in ``storywire.tasks.evaluate``; a gold
file out of shape is one coded line (SW409).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from storywire.flows import console, settings
from storywire.flows.settings import DEFAULT_MODEL

eval_app = typer.Typer(help="Score extraction against gold data (the format of ../shared/corpora).")


def _report(score: Callable[[], dict], describe: Callable[[dict], str], json_out: Path | None) -> None:
    """Run one scoring, write its scores as JSON when asked, print its report; a gold file
    out of shape is the one SW409 line."""
    from storywire.tasks.evaluate.entities import GoldError

    try:
        scores = score()
    except GoldError as exc:
        raise console.fail(str(exc)) from exc
    if json_out is not None:
        json_out.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(describe(scores))


@eval_app.command("timex")
def eval_timex(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL.")],
    predictions: Annotated[Path | None, typer.Option(help="Write predictions JSONL here.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores here (JSON).")] = None,
) -> None:
    """Extract temporal expressions from each gold text (dct as publication date, the
    record's language when it has one) and score them TempEval-3 style (relaxed, strict,
    value F1)."""
    from storywire.tasks.evaluate.timex import evaluate_timex_file, format_timex_report

    _report(lambda: evaluate_timex_file(gold, predictions), format_timex_report, json_out)


@eval_app.command("entities")
def eval_entities(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL.")],
    predictions: Annotated[Path | None, typer.Option(help="Write predictions JSONL here.")] = None,
    map: Annotated[str | None, typer.Option("--map", help="Fold labels for scoring: conll or ieer.")] = None,
    model: Annotated[str, typer.Option(help="spaCy pipeline package.")] = DEFAULT_MODEL,
    stock: Annotated[bool, typer.Option(help="Score the plain pipeline (the baseline), not the flow's.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores here (JSON).")] = None,
) -> None:
    """Run the flow's entity annotation on each gold text and score exact span + label; print
    the label confusion, the gold left unscored, and the share of gold places geocoded."""
    from storywire.tasks.evaluate.entities import (
        LABEL_MAPS,
        evaluate_entities_file,
        format_entities_report,
    )

    if map is not None and map not in LABEL_MAPS:
        raise typer.BadParameter(f"{map!r} is not one of {', '.join(sorted(LABEL_MAPS))}", param_hint="--map")
    _report(lambda: evaluate_entities_file(gold, predictions, label_map=map, model=model, stock=stock,
                                           batch_size=settings.BATCH_SIZE),
            format_entities_report, json_out)


@eval_app.command("structure")
def eval_structure(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL (raw + structure).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores here (JSON).")] = None,
) -> None:
    """Clean each gold raw story as ingest cleans a text file (dct as its date) and score the
    structure fields (headline, dateline, agency, date, lede ...) and the detected language."""
    from storywire.tasks.evaluate.structure import evaluate_structure_file, format_structure_report

    _report(lambda: evaluate_structure_file(gold), format_structure_report, json_out)


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL (text + quotes).")],
    predictions: Annotated[Path | None, typer.Option(help="Write predictions JSONL here.")] = None,
    model: Annotated[str, typer.Option(help="spaCy pipeline package.")] = DEFAULT_MODEL,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores here (JSON).")] = None,
) -> None:
    """Run the flow's quote extraction (with the flow's entities) on each gold text and score
    quotes found (span overlap) and attributed (the right speaker)."""
    from storywire.tasks.evaluate.quotes import evaluate_quotes_file, format_quotes_report

    _report(lambda: evaluate_quotes_file(gold, predictions, model=model, batch_size=settings.BATCH_SIZE),
            format_quotes_report, json_out)
