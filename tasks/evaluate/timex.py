"""TempEval-3 Task A scoring of :func:`extract_timexes` against a gold JSONL file.

Conventions (../shared/README.md): a relaxed match is an extent overlap, a strict match
identical extents; precision/recall are micro-averaged over documents; value (type)
accuracy is the share of relaxed matches whose value (type) equals the gold one; value F1
= relaxed F1 x value accuracy. Gold and system mentions are paired one-to-one (largest
overlap first) so one long system span cannot be credited for two gold spans.

This module reads and writes files because it is the evaluation harness, not a pipeline
step; the extractor itself stays pure.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storywire.tasks.enrich.timex.extract import extract_timexes
from storywire.tasks.evaluate.entities import gold_error


def _parse_dct(raw: Any, where: str) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(str(raw)[:10])
    except ValueError as exc:
        raise gold_error(f"{where}: dct {raw!r:.40} is not an ISO date") from exc


def _check_row(row: Any, where: str) -> None:
    """A gold line must be an object with a text and a list of timexes (SW409 otherwise)."""
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise gold_error(f"{where}: a record needs a string 'text'")
    if not isinstance(row.get("timexes", []), list):
        raise gold_error(f"{where}: 'timexes' is not a list")


def pair_spans(
    gold: Sequence[dict[str, Any]], system: Sequence[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one pairs of overlapping gold/system spans, largest overlap first."""
    options = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g["end"], s["end"]) - max(g["start"], s["start"])
            if overlap > 0:
                options.append((-overlap, gi, si))
    options.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for _neg, gi, si in options:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gold[gi], system[si]))
    return pairs


def _prf(tp_sys: int, n_sys: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_sys / n_sys if n_sys else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_documents(
    docs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]]],
) -> dict[str, Any]:
    """Micro-averaged TempEval-3 scores over (gold, system) mention lists."""
    n_gold = n_sys = relaxed = strict = value_ok = type_ok = 0
    for gold, system in docs:
        n_gold += len(gold)
        n_sys += len(system)
        pairs = pair_spans(gold, system)
        relaxed += len(pairs)
        strict += sum(1 for g, s in pairs if g["start"] == s["start"] and g["end"] == s["end"])
        value_ok += sum(1 for g, s in pairs if g["value"] == s["value"])
        type_ok += sum(1 for g, s in pairs if g["type"] == s["type"])
    rp, rr, rf = _prf(relaxed, n_sys, relaxed, n_gold)
    sp, sr, sf = _prf(strict, n_sys, strict, n_gold)
    value_acc = value_ok / relaxed if relaxed else 0.0
    type_acc = type_ok / relaxed if relaxed else 0.0
    return {
        "gold": n_gold, "system": n_sys, "relaxed_matches": relaxed, "strict_matches": strict,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "value_accuracy": value_acc, "value_f1": rf * value_acc,
        "type_accuracy": type_acc, "type_f1": rf * type_acc,
    }  # fmt: skip


def _mention_dict(m: Any) -> dict[str, Any]:
    return {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "value": m.value}


def evaluate_timex_file(gold_path: Path, predictions_path: Path | None = None) -> dict[str, Any]:
    """Run :func:`extract_timexes` on every gold document and score it.

    Gold lines: ``{"doc_id", "dct", "text", "timexes": [{start, end, text, type, value}]}``,
    with an optional ``language`` passed on to the extractor (none: English, as in the flow).
    When ``predictions_path`` is given, writes one ``{"doc_id", "timexes": [...]}`` line
    per document. Returns the scores plus ``documents``, ``words`` and ``words_per_s``.
    """
    gold_path = Path(gold_path)
    if not gold_path.is_file():
        raise gold_error(f"{gold_path}: no such gold file")
    rows = []
    try:
        with gold_path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{gold_path}:{lineno}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise gold_error(f"{where}: not valid JSON ({exc.msg})") from exc
                _check_row(row, where)
                row["_dct"] = _parse_dct(row.get("dct"), where)
                rows.append(row)
    except (OSError, UnicodeDecodeError) as exc:
        raise gold_error(f"{gold_path}: cannot be read as UTF-8 text ({exc})") from exc
    words = 0
    elapsed = 0.0
    pairs = []
    predictions = []
    for row in rows:
        text = row["text"]
        dct = row["_dct"]
        t0 = time.perf_counter()
        mentions = extract_timexes(text, dct, language=row.get("language"))
        elapsed += time.perf_counter() - t0
        words += len(text.split())
        system = [_mention_dict(m) for m in mentions]
        predictions.append({"doc_id": row.get("doc_id"), "timexes": system})
        pairs.append((row.get("timexes", []), system))
    scores = score_documents(pairs)
    scores.update(
        documents=len(rows), words=words, seconds=elapsed,
        words_per_s=words / elapsed if elapsed else 0.0,
    )  # fmt: skip
    if predictions_path is not None:
        out = Path(predictions_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for p in predictions:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    return scores


def format_timex_report(scores: dict[str, Any]) -> str:
    """A short fixed-width report of :func:`evaluate_timex_file` scores."""
    pct = lambda x: f"{100 * x:6.2f}"  # noqa: E731
    lines = [
        f"documents {scores.get('documents', '?')}  gold {scores['gold']}  system {scores['system']}",
        "            P       R       F1",
        f"relaxed  {pct(scores['relaxed_p'])}  {pct(scores['relaxed_r'])}  {pct(scores['relaxed_f1'])}",
        f"strict   {pct(scores['strict_p'])}  {pct(scores['strict_r'])}  {pct(scores['strict_f1'])}",
        f"value    accuracy {pct(scores['value_accuracy'])}   F1 {pct(scores['value_f1'])}",
        f"type     accuracy {pct(scores['type_accuracy'])}   F1 {pct(scores['type_f1'])}",
    ]
    if "words_per_s" in scores:
        lines.append(f"speed    {scores['words']} words, {scores['words_per_s']:,.0f} words/s")
    return "\n".join(lines)
