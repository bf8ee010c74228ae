"""Score the entity pipeline against gold JSONL (CoNLL-2003, IE-ER) the way the flow runs it.

Why a module and not a notebook: the score must come from the *same* code path as the
flow (:func:`storywire.tasks.enrich.entities.annotate_batch`, text as body, no headline), so a
rule that helps the benchmark but breaks the flow cannot hide. Predictions are written as
JSONL with the pipeline's own labels; label folding (``conll``/``ieer``) happens only at
scoring time. Scoring is exact span + label, micro-averaged P/R/F1, overall and per
label; IE-ER markables flagged optional count neither as misses nor as false alarms.

Run it as ``storywire eval entities GOLD --map conll`` (or ``--map ieer``); the stock spaCy
baseline is ``evaluate_entities_file(gold, None, model=..., stock=True)``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "LABEL_MAPS",
    "evaluate_entities_file",
    "format_entities_report",
    "load_gold",
    "predict_documents",
    "score_predictions",
]

_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "WORK_OF_ART": "MISC",
}
_IEER = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
LABEL_MAPS: dict[str, dict[str, str]] = {"conll": _CONLL, "ieer": _IEER}

Span = tuple[int, int, str]


def load_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read gold JSONL: doc_id, text, entities [{start, end, label, optional?}]."""
    docs: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            doc = json.loads(line)
            missing = {"doc_id", "text", "entities"} - doc.keys()
            if missing:
                raise ValueError(f"{path}:{n}: gold record lacks {sorted(missing)}")
            docs.append(doc)
            if limit is not None and len(docs) >= limit:
                break
    return docs


def predict_documents(
    docs: Sequence[dict[str, Any]], nlp: Any, *, batch_size: int, stock: bool = False
) -> tuple[list[list[dict[str, Any]]], float]:
    """Predicted entities per doc (pipeline labels, offsets into ``text``) and seconds taken.

    ``stock=True`` scores plain ``doc.ents`` of ``nlp`` (a plain ``spacy.load``), the
    baseline the news rules must beat.
    """
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    if stock:
        preds = [
            [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]
    else:
        from storywire.tasks.enrich.entities import annotate_batch

        stories = annotate_batch(nlp, [(None, t, None) for t in texts], batch_size=batch_size)
        preds = [
            [{"start": m.start, "end": m.end, "label": m.label} for m in ms if m.field == "body"]
            for ms in stories
        ]
    return preds, time.perf_counter() - t0


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def score_predictions(
    docs: Sequence[dict[str, Any]],
    preds: Sequence[Sequence[dict[str, Any]]],
    *,
    label_map: str | None,
) -> dict[str, Any]:
    """Exact span + label micro P/R/F1, overall and per (folded) label."""
    mapping = LABEL_MAPS.get(label_map) if label_map else None
    if label_map and mapping is None:
        raise ValueError(f"unknown label_map {label_map!r}; expected one of {sorted(LABEL_MAPS)}")
    targets = set(mapping.values()) if mapping else None
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc, pred in zip(docs, preds, strict=True):
        gold: set[Span] = set()
        optional: set[Span] = set()
        for e in doc["entities"]:
            if targets is not None and e["label"] not in targets:
                continue
            (optional if e.get("optional") else gold).add((e["start"], e["end"], e["label"]))
        guess: set[Span] = set()
        for e in pred:
            label = mapping.get(e["label"]) if mapping else e["label"]
            if label:
                guess.add((e["start"], e["end"], label))
        for s in guess & gold:
            tp[s[2]] += 1
        for s in guess - gold - optional:
            fp[s[2]] += 1
        for s in gold - guess:
            fn[s[2]] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {
        "overall": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_label": {lab: _prf(tp[lab], fp[lab], fn[lab]) for lab in labels},
    }


def evaluate_entities_file(
    gold_path: Path,
    predictions_path: Path | None,
    *,
    label_map: str | None = "conll",
    nlp: Any = None,
    model: str | None = None,
    batch_size: int,
    stock: bool = False,
    limit: int | None = None,
) -> dict[str, Any]:
    """Run the pipeline over a gold file, optionally write predictions JSONL, return scores.

    Without ``nlp``, ``model`` is loaded with :func:`storywire.tasks.enrich.entities.load_nlp`
    (or a plain ``spacy.load`` when ``stock``); ``limit`` scores the first docs only.
    """
    from storywire.tasks.enrich import entities

    if nlp is None:
        if model is None:
            raise ValueError("evaluate_entities_file needs nlp or a model name")
        if stock:
            import spacy

            nlp = spacy.load(model)
        else:
            nlp = entities.load_nlp(model)
    docs = load_gold(Path(gold_path), limit=limit)
    preds, seconds = predict_documents(docs, nlp, stock=stock, batch_size=batch_size)
    if predictions_path is not None:
        with Path(predictions_path).open("w", encoding="utf-8") as fh:
            for doc, pred in zip(docs, preds, strict=True):
                fh.write(json.dumps({"doc_id": doc["doc_id"], "entities": pred}) + "\n")
    scores = score_predictions(docs, preds, label_map=label_map)
    words = sum(len(d["text"].split()) for d in docs)
    scores.update(
        gold=str(gold_path),
        docs=len(docs),
        words=words,
        seconds=seconds,
        words_per_second=words / seconds if seconds else 0.0,
        label_map=label_map,
        model=entities.model_version(nlp),
        pipeline="stock" if stock else "storywire",
    )
    return scores


def format_entities_report(scores: dict[str, Any]) -> str:
    """Plain-text table: overall and per-label P/R/F1 with counts, plus throughput."""
    lines = [
        f"{scores.get('pipeline', '?')} {scores.get('model', '?')} on {scores.get('gold', '?')} "
        f"(map={scores.get('label_map')}, docs={scores.get('docs', '?')})",
        f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>7}{'fp':>7}{'fn':>7}",
    ]
    rows = [("ALL", scores["overall"]), *sorted(scores["per_label"].items())]
    for name, s in rows:
        lines.append(
            f"{name:<14}{100 * s['precision']:>7.2f}{100 * s['recall']:>7.2f}{100 * s['f1']:>7.2f}"
            f"{s['tp']:>7}{s['fp']:>7}{s['fn']:>7}"
        )
    if "words_per_second" in scores:
        lines.append(
            f"{scores['words']} words in {scores['seconds']:.1f}s = {scores['words_per_second']:.0f} words/s"
        )
    return "\n".join(lines)
