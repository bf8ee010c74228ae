"""Score the flow's quote extraction and attribution against gold JSONL.

Each gold ``text`` goes through :func:`~storywire.tasks.enrich.quotes.extract_quotes` with
the body entities the flow's annotation gives that text
(:func:`~storywire.tasks.evaluate.entities.annotate_documents`, the path ``eval entities``
scores) and the record's ``language`` (passed when the extractor takes it).

**Found**: a predicted quote matches a gold one when their spans overlap; gold and predicted
quotes are paired one to one, largest overlap first (a quote the extractor cuts in two is
one match and one false alarm). Precision, recall and F1 are micro-averaged.

**Attributed**: of the gold quotes with a speaker, the share matched by a predicted quote
whose speaker is the gold one. The predicted speaker is ``speaker_canonical``, else the
speaker text. Both names are compared accent-folded (NFKD without combining marks, so
``ё`` is ``е`` and ``é`` is ``e``), case-folded, with hyphens and white space as word breaks.
The rule: equal names match, and so does a name that is the final words of the other
(gold ``Sergei Lavrov`` and predicted ``Lavrov``, or the reverse): a story names its speaker
in full once and by surname after, and resolving the surname to the full name is the
entity canonicalizer's job, scored by ``eval entities``. A first name alone (``Sergei``),
a pronoun or an inflected surname (``Лаврова``) does not match. ``attributed_exact`` is
the share under equality alone, so the leniency is visible. A predicted speaker on a quote
whose gold speaker is null is counted (``speaker_without_gold``), not scored.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storywire.tasks.evaluate.entities import (
    annotate_documents,
    gold_error,
    gold_records,
    pipelines_used,
)
from storywire.tasks.evaluate.timex import pair_spans
from storywire.tasks.records import EntityMention, QuoteMention

__all__ = [
    "evaluate_quotes_file",
    "fold_name",
    "format_quotes_report",
    "load_quote_gold",
    "predict_quotes",
    "score_quotes",
    "speakers_match",
]

#: Wrong or missing attributions listed in the printed report (the JSON has them all).
REPORT_WRONG = 40
_CUT = 60  # characters of a quote shown in the printed report
_BREAKS = re.compile(r"[\s\-‐‑‒–—]+")


def fold_name(name: str | None) -> tuple[str, ...]:
    """A name's words as compared: accents off, case folded, hyphens as breaks."""
    if not name:
        return ()
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(w for w in _BREAKS.split(bare) if w)


def speakers_match(gold: str | None, got: str | None, *, exact: bool = False) -> bool:
    """Whether ``got`` names the gold speaker: equal folded names, or (unless ``exact``) one
    being the final words of the other (the module docstring gives the rule)."""
    g, p = fold_name(gold), fold_name(got)
    if not g or not p:
        return False
    if g == p or exact:
        return g == p
    short, long = (g, p) if len(g) <= len(p) else (p, g)
    return long[-len(short):] == short


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_record(doc: Any, where: str) -> None:
    if not isinstance(doc, dict):
        raise gold_error(f"{where}: a gold record must be a JSON object")
    missing = {"doc_id", "text", "quotes"} - doc.keys()
    if missing:
        raise gold_error(f"{where}: gold record lacks {sorted(missing)}")
    if not isinstance(doc["text"], str) or not isinstance(doc["quotes"], list):
        raise gold_error(f"{where}: text must be a string, quotes a list")
    for q in doc["quotes"]:
        if not isinstance(q, dict):
            raise gold_error(f"{where}: a quote is not an object: {q!r:.60}")
        start, end = q.get("start"), q.get("end")
        if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(doc["text"])):
            raise gold_error(f"{where}: quote offsets {start!r}..{end!r} are not a span of the text")
        if q.get("speaker") is not None and not isinstance(q["speaker"], str):
            raise gold_error(f"{where}: a quote's speaker must be a string or null")
    if doc.get("language") is not None and not isinstance(doc["language"], str):
        raise gold_error(f"{where}: language must be a string or null")


def load_quote_gold(path: Path) -> list[dict[str, Any]]:
    """Read gold JSONL records ``{doc_id, text, quotes: [{start, end, text?, speaker}],
    language?}``; one out of shape raises SW409 naming the file and line."""
    docs: list[dict[str, Any]] = []
    for doc, where in gold_records(path):
        _check_record(doc, where)
        docs.append(doc)
    return docs


def _extract(text: str, entities: Sequence[EntityMention], language: str | None) -> list[QuoteMention]:
    from storywire.tasks.enrich.quotes import extract_quotes

    return extract_quotes(text, entities, language=language)


def _prediction(q: QuoteMention) -> dict[str, Any]:
    return {"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
            "speaker_canonical": q.speaker_canonical, "verb": q.verb}  # fmt: skip


def predict_quotes(
    docs: Sequence[dict[str, Any]], nlp: Any, *, batch_size: int
) -> tuple[list[list[dict[str, Any]]], float]:
    """Predicted quotes per doc (offsets into ``text``) and the seconds taken, entities
    included (``nlp=None``: no entities, as a story NER was not run on)."""
    t0 = time.perf_counter()
    ents = annotate_documents(docs, nlp, batch_size=batch_size) if nlp is not None else [[] for _ in docs]
    preds = [
        [_prediction(q) for q in _extract(d["text"], e, d.get("language"))]
        for d, e in zip(docs, ents, strict=True)
    ]
    return preds, time.perf_counter() - t0


def _said_by(pred: dict[str, Any]) -> str | None:
    return pred.get("speaker_canonical") or pred.get("speaker")


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"tp": tp, "fp": n_pred - tp, "fn": n_gold - tp, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}  # fmt: skip


def _share(right: int, n: int) -> dict[str, float | int]:
    return {"n": n, "right": right, "share": right / n if n else 0.0}


class _Tally:
    """Counts of one gold file, overall and per gold language."""

    def __init__(self) -> None:
        self.c: dict[str, Counter[str]] = {}
        self.wrong: list[dict[str, Any]] = []

    def add(self, doc: dict[str, Any], pred: Sequence[dict[str, Any]]) -> None:
        gold = doc["quotes"]
        pairs = {id(g): s for g, s in pair_spans(gold, pred)}
        for key in ("ALL", doc.get("language") or "?"):
            c = self.c.setdefault(key, Counter())
            c["gold"] += len(gold)
            c["pred"] += len(pred)
            c["found"] += len(pairs)
        for g in gold:
            got = pairs.get(id(g))
            said = _said_by(got) if got is not None else None
            if g.get("speaker") is None:
                if said is not None:
                    for key in ("ALL", doc.get("language") or "?"):
                        self.c[key]["speaker_without_gold"] += 1
                continue
            ok = speakers_match(g["speaker"], said)
            exact = speakers_match(g["speaker"], said, exact=True)
            for key in ("ALL", doc.get("language") or "?"):
                self.c[key]["with_speaker"] += 1
                self.c[key]["attributed"] += ok
                self.c[key]["attributed_exact"] += exact
            if not ok:
                quote = doc["text"][g["start"]:g["end"]]
                self.wrong.append({"doc_id": doc["doc_id"], "quote": quote, "expected": g["speaker"],
                                   "got": said, "found": got is not None})  # fmt: skip

    def _scores(self, c: Counter[str]) -> dict[str, Any]:
        return {
            "found": _prf(c["found"], c["pred"], c["gold"]),
            "attributed": _share(c["attributed"], c["with_speaker"]),
            "attributed_exact": _share(c["attributed_exact"], c["with_speaker"]),
            "speaker_without_gold": c["speaker_without_gold"],
        }

    def result(self) -> dict[str, Any]:
        out = self._scores(self.c.get("ALL", Counter()))
        out["per_language"] = {k: self._scores(c) for k, c in sorted(self.c.items()) if k != "ALL"}
        out["wrong"] = self.wrong
        return out


def score_quotes(
    docs: Sequence[dict[str, Any]], preds: Sequence[Sequence[dict[str, Any]]]
) -> dict[str, Any]:
    """Found (span overlap, one to one) P/R/F1, attributed and attributed_exact shares,
    overall and per gold language; ``wrong`` lists each gold speaker not matched, with the
    speaker found (null when the quote was missed or had none)."""
    tally = _Tally()
    for doc, pred in zip(docs, preds, strict=True):
        tally.add(doc, pred)
    return tally.result()


def evaluate_quotes_file(
    gold_path: Path,
    predictions_path: Path | None = None,
    *,
    nlp: Any = None,
    model: str | None = None,
    batch_size: int,
) -> dict[str, Any]:
    """Extract and score the quotes of every gold text; optionally write the predictions
    JSONL (``{"doc_id", "quotes": [...]}``). Without ``nlp``, ``model`` is loaded with the
    flow's loader; the gold is read first, so a bad file fails (SW409) before a model loads."""
    from storywire.tasks.enrich import entities

    docs = load_quote_gold(Path(gold_path))
    if nlp is None and model is not None:
        nlp = entities.load_nlp(model)
    preds, seconds = predict_quotes(docs, nlp, batch_size=batch_size)
    if predictions_path is not None:
        out = Path(predictions_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for doc, pred in zip(docs, preds, strict=True):
                fh.write(json.dumps({"doc_id": doc["doc_id"], "quotes": pred}, ensure_ascii=False) + "\n")
    scores = score_quotes(docs, preds)
    words = sum(len(d["text"].split()) for d in docs)
    scores.update(gold=str(gold_path), docs=len(docs), words=words, seconds=seconds,
                  model=pipelines_used(docs, nlp) if nlp is not None else None)  # fmt: skip
    return scores


def _pct(s: dict[str, float | int]) -> str:
    return f"{100 * s['share']:.1f}% ({s['right']}/{s['n']})"


def _cut(text: str) -> str:
    return text if len(text) <= _CUT else text[: _CUT - 3] + "..."


def _row(name: str, s: dict[str, Any]) -> str:
    f = s["found"]
    return (f"{name:<8}{100 * f['precision']:>7.2f}{100 * f['recall']:>7.2f}{100 * f['f1']:>7.2f}"
            f"{f['tp']:>6}{f['fp']:>6}{f['fn']:>6}   {_pct(s['attributed']):>18}"
            f"   {_pct(s['attributed_exact']):>18}")  # fmt: skip


def format_quotes_report(scores: dict[str, Any]) -> str:
    """Plain text: quotes found P/R/F1 and attributed shares, overall and per language, and
    the gold speakers not matched."""
    lines = [
        f"quotes with {scores.get('model') or 'no entities'} on {scores.get('gold', '?')} "
        f"(docs={scores.get('docs', '?')})",
        f"{'':<8}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}   {'attributed':>18}   {'exact name':>18}",
        _row("ALL", scores),
    ]
    per_language = scores.get("per_language", {})
    if len(per_language) > 1 or "?" in per_language:
        lines += [_row(lang, s) for lang, s in per_language.items()]
    if scores.get("speaker_without_gold"):
        lines.append(f"a speaker given where the gold has none: {scores['speaker_without_gold']}")
    wrong = scores.get("wrong", [])
    if wrong:
        lines.append(f"not attributed ({len(wrong)}):")
        for w in wrong[:REPORT_WRONG]:
            got = "quote not found" if not w["found"] else f"got {w['got']!r}" if w["got"] else "no speaker"
            lines.append(f"  {w['doc_id']} {_cut(w['quote'])!r}: expected {w['expected']!r}, {got}")
        if len(wrong) > REPORT_WRONG:
            lines.append(f"  ... {len(wrong) - REPORT_WRONG} more (--json lists them all)")
    if scores.get("seconds"):
        what = " (entities included)" if scores.get("model") else ""
        lines.append(f"{scores['words']} words in {scores['seconds']:.1f}s{what}")
    return "\n".join(lines)
