"""Score the entity pipeline against gold JSONL (CoNLL-2003, IE-ER) the way the flow runs it.

Why a module and not a notebook: the score must come from the *same* code path as the
flow (:func:`storywire.tasks.enrich.entities.annotate_batch`, text as body, no headline), so a
rule that helps the benchmark but breaks the flow cannot hide. Predictions are written as
JSONL with the pipeline's own labels; label folding (``conll``/``ieer``) happens only at
scoring time. Scoring is exact span + label, micro-averaged P/R/F1, overall and per
label; IE-ER markables flagged optional count neither as misses nor as false alarms.

Beyond P/R/F1 the scores hold the label confusion on gold spans, the gold left unscored
(a null or unmapped label is counted, never a crash), the share of found entities with the
right label, and the share of gold places geocoded (``evaluation/own_stories`` is our own
gold, with key entities and places' countries marked).

Run it as ``storywire eval entities GOLD --map conll`` (or ``--map ieer``); the stock spaCy
baseline is ``evaluate_entities_file(gold, None, model=..., stock=True)``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storywire.tasks.records import CodedError, EntityMention

__all__ = [
    "LABEL_MAPS",
    "PLACE_GOLD_LABELS",
    "GoldError",
    "annotate_documents",
    "evaluate_entities_file",
    "format_entities_report",
    "gold_error",
    "gold_records",
    "load_gold",
    "pipelines_used",
    "predict_documents",
    "score_predictions",
]

_CONLL = {
    "PERSON": "PER",
    "MISC": "MISC",  # the French pipeline's (tasks.enrich.entities.labels)
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

#: Gold labels of places (spaCy's, CoNLL's and IE-ER's): the ones geocoding is measured on.
#: FAC is left out: the pipeline does not geocode buildings and roads ("White House").
PLACE_GOLD_LABELS = frozenset({"GPE", "LOC", "LOCATION"})
MISSED, SPURIOUS = "(missed)", "(spurious)"
#: The name the given English pipeline goes by when a batch is split by language.
_GIVEN = "(the given English pipeline)"


class GoldError(CodedError):
    """A gold file that cannot be scored: unreadable, not JSONL, or a record out of shape."""


def gold_error(detail: str) -> GoldError:
    """The one error of a gold file out of shape, for every ``eval`` (``detail`` names where)."""
    return GoldError("SW409", detail)


def gold_records(path: Path) -> Iterator[tuple[Any, str]]:
    """Each record of a gold JSONL file with ``FILE:LINE`` for its errors (blank lines
    skipped); a file that cannot be read, or a line that is not JSON, raises SW409."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise gold_error(f"{where}: not a JSON record ({exc.msg})") from None
                yield doc, where
    except (OSError, UnicodeDecodeError) as exc:
        raise gold_error(f"{path}: cannot be read as UTF-8 text ({exc})") from None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_entity(e: Any, text: str, where: str) -> None:
    if not isinstance(e, dict):
        raise GoldError("SW409", f"{where}: an entity is not an object: {e!r:.60}")
    start, end = e.get("start"), e.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        raise GoldError(
            "SW409", f"{where}: entity offsets {start!r}..{end!r} are not a span of the text"
        )


def load_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read gold JSONL: doc_id, text, entities [{start, end, label, optional?, key?, country?}]
    (``opt`` is read as ``optional``; ``language``, ``dct`` and other fields ride along).

    A label may be null or one the label map does not know: such an entity is counted as
    ignored when scoring, not an error. Anything else out of shape raises :class:`GoldError`
    (SW409) naming the file and line.
    """
    docs: list[dict[str, Any]] = []
    for doc, where in gold_records(path):
        if not isinstance(doc, dict):
            raise GoldError("SW409", f"{where}: a gold record must be a JSON object")
        missing = {"doc_id", "text", "entities"} - doc.keys()
        if missing:
            raise GoldError("SW409", f"{where}: gold record lacks {sorted(missing)}")
        if not isinstance(doc["text"], str) or not isinstance(doc["entities"], list):
            raise GoldError("SW409", f"{where}: text must be a string, entities a list")
        for e in doc["entities"]:
            _check_entity(e, doc["text"], where)
        docs.append(doc)
        if limit is not None and len(docs) >= limit:
            break
    return docs


def _prediction(m: EntityMention) -> dict[str, Any]:
    """A mention as a prediction record; a geocoded place carries its gazetteer result."""
    out: dict[str, Any] = {"start": m.start, "end": m.end, "label": m.label}
    if m.latitude is not None:
        out.update(country_code=m.country_code, latitude=m.latitude, longitude=m.longitude,
                   geonames_id=m.geonames_id)  # fmt: skip
    return out


def annotate_documents(
    docs: Sequence[dict[str, Any]], nlp: Any, *, batch_size: int
) -> list[list[EntityMention]]:
    """The flow's body mentions of each doc's ``text`` (no headline, no dateline place).

    Records in English or without a ``language`` go through
    :func:`~storywire.tasks.enrich.entities.annotate_batch` with ``nlp``; when some record is
    in another language, the batch goes the flow's way, each record read by its language's
    pipeline (:func:`~storywire.tasks.enrich.entities.languages.annotate_languages`, ``nlp``
    standing for the run's English model).
    """
    if all(d.get("language") in (None, "en") for d in docs):
        from storywire.tasks.enrich.entities import annotate_batch

        stories = annotate_batch(nlp, [(None, d["text"], None) for d in docs], batch_size=batch_size)
        return [[m for m in ms if m.field == "body"] for ms in stories]
    from storywire.tasks.enrich.entities.languages import annotate_languages
    from storywire.tasks.enrich.workers import cached_nlp

    def load(name: str) -> Any:
        return nlp if name == _GIVEN else cached_nlp(name)

    items = [(None, d["text"], None, d.get("language")) for d in docs]
    found, _version = annotate_languages(_GIVEN, items, load=load, batch_size=batch_size)
    return [[m for m in s.mentions if m.field == "body"] for s in found]


def pipelines_used(docs: Sequence[dict[str, Any]], nlp: Any) -> str:
    """The version of ``nlp`` and, for each other language of the records, the pipeline
    the flow reads it with (``ru:natasha``, ``fr:fr_core_news_sm``; ``none`` when there is
    none), joined by ``+``."""
    from storywire.tasks.enrich.entities import model_version
    from storywire.tasks.enrich.entities.languages import pipeline_for

    names = [model_version(nlp)]
    for language in sorted({d.get("language") for d in docs} - {None, "en"}):
        names.append(f"{language}:{pipeline_for(language, _GIVEN) or 'none'}")
    return "+".join(names)


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
        preds = [[_prediction(m) for m in ms] for ms in annotate_documents(docs, nlp, batch_size=batch_size)]
    return preds, time.perf_counter() - t0


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def _share(part: int, whole: int) -> dict[str, float | int]:
    return {"n": whole, "right": part, "share": part / whole if whole else 0.0}


def _gold_label(label: Any, mapping: dict[str, str] | None) -> str | None:
    """The label a gold entity is scored under, or None when it cannot be scored (null, or
    a label outside the map's targets). Gold in the pipeline's own labels is folded too, so
    one gold file of our stories can be scored with and without a map."""
    if not isinstance(label, str) or not label:
        return None
    if mapping is None:
        return label
    folded = mapping.get(label, label)
    return folded if folded in set(mapping.values()) else None


def _optional(e: dict[str, Any]) -> bool:
    """A debatable markable: ``optional`` (IE-ER's flag) or ``opt`` (our gold sets' short form)."""
    return bool(e.get("optional") or e.get("opt"))


def _pred_label(label: str, mapping: dict[str, str] | None) -> str | None:
    return mapping.get(label) if mapping is not None else label


class _Tally:
    """Counts over one gold file: P/R/F1 per label, the confusion of labels on matched
    spans, the gold left out, and geocoding of gold places."""

    def __init__(self, mapping: dict[str, str] | None) -> None:
        self.mapping = mapping
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()
        self.confusion: dict[str, Counter[str]] = {}
        self.ignored: Counter[str] = Counter()
        self.matched = {"all": [0, 0], "key": [0, 0]}  # [span found, label right too]
        self.key_gold = 0  # gold entities marked key (found ones: matched["key"][0])
        self.places = Counter[str]()

    def add(self, doc: dict[str, Any], pred: Sequence[dict[str, Any]]) -> None:
        gold: dict[tuple[int, int], str] = {}
        key_spans: set[tuple[int, int]] = set()
        # predictions that are no false alarm: (start, end, label) of an optional markable
        # with its label, or (start, end, None) of a gold that cannot be scored, any label
        excused: set[tuple[int, int, str | None]] = set()
        for e in doc["entities"]:
            span = (e["start"], e["end"])
            label = _gold_label(e.get("label"), self.mapping)
            if label is None:
                self.ignored["null" if e.get("label") is None else str(e["label"])] += 1
                excused.add((*span, None))
            elif _optional(e):
                excused.add((*span, label))
            else:
                gold[span] = label
                if e.get("key"):
                    key_spans.add(span)
                    self.key_gold += 1
        guess: dict[tuple[int, int], str] = {}
        raw: dict[tuple[int, int], dict[str, Any]] = {}
        for e in pred:
            span = (e["start"], e["end"])
            raw.setdefault(span, e)
            label = _pred_label(e["label"], self.mapping)
            if label:
                guess.setdefault(span, label)
        excused_guesses = {
            span for span, lab in guess.items() if {(*span, lab), (*span, None)} & excused
        }
        self._score(gold, guess, excused_guesses)
        self._confuse(gold, guess, raw, excused_guesses, key_spans)
        self._geocoding(doc, raw)

    def _score(self, gold: dict, guess: dict, excused: set) -> None:
        gold_set = {(*span, lab) for span, lab in gold.items()}
        guess_set = {(*span, lab) for span, lab in guess.items()}
        for s in guess_set & gold_set:
            self.tp[s[2]] += 1
        for s in guess_set - gold_set:
            if s[:2] not in excused:
                self.fp[s[2]] += 1
        for s in gold_set - guess_set:
            self.fn[s[2]] += 1

    def _confuse(self, gold: dict, guess: dict, raw: dict, excused: set, key_spans: set) -> None:
        for span, label in gold.items():
            if span in guess:
                got = guess[span]
            elif span in raw:  # found, with a label the map drops ("(NORP)" under ieer)
                got = f"({raw[span]['label']})"
            else:
                got = MISSED
            self.confusion.setdefault(label, Counter())[got] += 1
            if got != MISSED:
                for kind in ("all", "key") if span in key_spans else ("all",):
                    self.matched[kind][0] += 1
                    self.matched[kind][1] += got == label
        for span, label in guess.items():
            if span not in gold and span not in excused:
                self.confusion.setdefault(SPURIOUS, Counter())[label] += 1

    def _geocoding(self, doc: dict[str, Any], raw: dict) -> None:
        for e in doc["entities"]:
            if _optional(e) or e.get("label") not in PLACE_GOLD_LABELS:
                continue
            found = raw.get((e["start"], e["end"]), {})
            self.places["gold"] += 1
            self.places["geocoded"] += found.get("latitude") is not None
            if e.get("country"):
                self.places["with_country"] += 1
                self.places["right_country"] += found.get("country_code") == e["country"]

    def result(self) -> dict[str, Any]:
        labels = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        out: dict[str, Any] = {
            "overall": _prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())),
            "per_label": {lab: _prf(self.tp[lab], self.fp[lab], self.fn[lab]) for lab in labels},
            "confusion": {
                g: dict(sorted(row.items())) for g, row in sorted(self.confusion.items())
            },
            "ignored_gold": dict(sorted(self.ignored.items())),
            "label_right": _share(self.matched["all"][1], self.matched["all"][0]),
        }
        if self.key_gold:
            out["key_found"] = _share(self.matched["key"][0], self.key_gold)
        if self.matched["key"][0]:
            out["key_label_right"] = _share(self.matched["key"][1], self.matched["key"][0])
        if self.places["gold"]:
            out["places"] = {
                "geocoded": _share(self.places["geocoded"], self.places["gold"]),
                "right_country": _share(self.places["right_country"], self.places["with_country"]),
            }
        return out


def score_predictions(
    docs: Sequence[dict[str, Any]],
    preds: Sequence[Sequence[dict[str, Any]]],
    *,
    label_map: str | None,
) -> dict[str, Any]:
    """Exact span + label micro P/R/F1, overall and per (folded) label, and more:

    * ``confusion``: gold label -> predicted label -> count over gold spans, with
      ``(missed)`` where no prediction has the span (a span off by a word is a miss and a
      ``(spurious)`` prediction), ``(LABEL)`` where the map drops the predicted label;
    * ``ignored_gold``: gold entities not scored (label null or outside the map) by label;
      they count neither as misses nor, whatever label is predicted there, as false alarms
      (an optional markable excuses a prediction of its own label only, as IE-ER means);
    * ``label_right`` (and ``key_label_right`` over gold marked ``key``): of the gold
      entities whose span was found, the share with the right label; ``key_found``: the
      share of the gold ``key`` entities whose exact span was found (any label);
    * ``places`` (when gold has GPE/LOC/LOCATION): the share of those spans the pipeline
      gave coordinates, and of those with a gold ``country`` the share geocoded to it.
    """
    mapping = LABEL_MAPS.get(label_map) if label_map else None
    if label_map and mapping is None:
        raise ValueError(f"unknown label_map {label_map!r}; expected one of {sorted(LABEL_MAPS)}")
    tally = _Tally(mapping)
    for doc, pred in zip(docs, preds, strict=True):
        tally.add(doc, pred)
    return tally.result()


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
    (or a plain ``spacy.load`` when ``stock``); ``limit`` scores the first docs only. The
    gold is read first: a bad file fails (SW409) before a model is loaded.
    """
    from storywire.tasks.enrich import entities

    if label_map and label_map not in LABEL_MAPS:
        raise ValueError(f"unknown label_map {label_map!r}; expected one of {sorted(LABEL_MAPS)}")
    if nlp is None and model is None:
        raise ValueError("evaluate_entities_file needs nlp or a model name")
    docs = load_gold(Path(gold_path), limit=limit)
    if nlp is None:
        if stock:
            import spacy

            nlp = spacy.load(model)
        else:
            nlp = entities.load_nlp(model)
    preds, seconds = predict_documents(docs, nlp, stock=stock, batch_size=batch_size)
    if predictions_path is not None:
        with Path(predictions_path).open("w", encoding="utf-8") as fh:
            for doc, pred in zip(docs, preds, strict=True):
                fh.write(json.dumps({"doc_id": doc["doc_id"], "entities": pred}) + "\n")
    scores = score_predictions(docs, preds, label_map=label_map)
    if stock:  # the plain pipeline geocodes nothing: no share to report
        scores.pop("places", None)
    words = sum(len(d["text"].split()) for d in docs)
    scores.update(
        gold=str(gold_path),
        docs=len(docs),
        words=words,
        seconds=seconds,
        words_per_second=words / seconds if seconds else 0.0,
        label_map=label_map,
        model=entities.model_version(nlp) if stock else pipelines_used(docs, nlp),
        pipeline="stock" if stock else "storywire",
    )
    return scores


def _pct(s: dict[str, float | int]) -> str:
    return f"{100 * s['share']:.1f}% ({s['right']}/{s['n']})"


def _confusion_lines(confusion: dict[str, dict[str, int]]) -> list[str]:
    """Gold labels down, predicted labels across; the diagonal is right."""
    gold_rows = [g for g in confusion if g != SPURIOUS]
    cols = sorted({c for row in confusion.values() for c in row} - {MISSED})
    cols = [c for c in gold_rows if c in cols] + [c for c in cols if c not in gold_rows]
    cols.append(MISSED)
    width = max([8, *(len(c) + 1 for c in cols)])
    lines = ["label confusion (gold down, predicted across, exact spans):"]
    lines.append(f"{'':<14}" + "".join(f"{c:>{width}}" for c in cols))
    for g in [*gold_rows, SPURIOUS] if SPURIOUS in confusion else gold_rows:
        row = confusion[g]
        lines.append(f"{g:<14}" + "".join(f"{row.get(c, 0) or '.':>{width}}" for c in cols))
    return lines


def format_entities_report(scores: dict[str, Any]) -> str:
    """Plain-text table: overall and per-label P/R/F1 with counts, the label confusion, the
    gold left out, label and geocoding shares, and throughput."""
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
    if scores.get("ignored_gold"):
        listed = ", ".join(f"{k} {v}" for k, v in scores["ignored_gold"].items())
        lines.append(f"gold not scored (label null or outside the map): {listed}")
    if scores.get("confusion"):
        lines += _confusion_lines(scores["confusion"])
    if "label_right" in scores:
        lines.append(f"label right where the span was found: {_pct(scores['label_right'])}")
    if "key_found" in scores:
        lines.append(f"key entities found (exact span): {_pct(scores['key_found'])}")
    if "key_label_right" in scores:
        lines.append(f"... of the key entities: {_pct(scores['key_label_right'])}")
    if "places" in scores:
        places = scores["places"]
        lines.append(f"gold places geocoded: {_pct(places['geocoded'])}")
        if places["right_country"]["n"]:
            lines.append(f"... in the gold country: {_pct(places['right_country'])}")
    if "words_per_second" in scores:
        lines.append(
            f"{scores['words']} words in {scores['seconds']:.1f}s = {scores['words_per_second']:.0f} words/s"
        )
    return "\n".join(lines)
