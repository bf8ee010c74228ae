"""Score the cleaning stage's wire structure against gold JSONL, story by story.

Each gold record's ``raw`` is cleaned exactly as ingest cleans a local text file: the same
:func:`~storywire.tasks.clean.stories.build_stories` on a ``Payload`` of its UTF-8 bytes,
named ``<doc_id>.txt``, with the gold ``dct`` (noon UTC that day) as the file's modification
time and fetch time. Those are the fallbacks the publication-date cascade takes when a story
has no date of its own, and what a yearless dateline's year is inferred against, as for a
file a user drops in on that day.

A field is scored when the gold ``structure`` has it: right when gold and cleaned value are
equal after Unicode NFC and whitespace normalization (runs of white space are one space, an
empty string is null; null against null is right). No case folding: ``PARIS`` for a gold
``Paris`` is wrong, the ``dateline_place`` column stores the place as the cleaning
normalizes it. A gold ``agency`` is first given the agency table's name for it
(:func:`~storywire.tasks.clean.agencies.canonical_agency`, as the column is), so ``ТАСС``,
``Tass`` and ``TASS`` are one agency; an agency the table does not know stays as written.
``published_date`` compares ISO dates; ``lede`` is the first body paragraph
without its dateline (the ``lede`` column). A story the cleaning rejects has every gold
field wrong. "Fields right" is right fields / gold fields over the structure fields; the
detected ``language`` is scored beside them, not in that share (it is not structure).

Like the other scorers, this module reads files because it is the evaluation harness.
"""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storywire.tasks.clean.agencies import canonical_agency
from storywire.tasks.clean.stories import build_stories
from storywire.tasks.evaluate.entities import gold_error, gold_records
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.sources import SourceRef
from storywire.tasks.records import Reject, StoryDraft

__all__ = [
    "LANGUAGE",
    "STRUCTURE_FIELDS",
    "clean_raw",
    "evaluate_structure_file",
    "format_structure_report",
    "load_structure_gold",
    "normalize",
    "score_structure",
    "story_fields",
]

#: The gold ``structure`` fields, in the order the report lists them (StoryDraft's names).
STRUCTURE_FIELDS = (
    "site_header", "headline", "subheadline", "byline", "caption", "credit",
    "dateline_place", "agency", "published_date", "lede",
)  # fmt: skip
#: The record's language, scored beside the structure fields.
LANGUAGE = "language"
#: The hour (UTC) of the gold dct taken as mtime and fetch time: mid-day, so the day is the
#: dct's whichever zone a date is read in.
DCT_HOUR = 12
#: Wrong fields listed in the printed report (the JSON has them all).
REPORT_WRONG = 40
_CUT = 70  # characters of a value shown in the printed report


def normalize(value: Any) -> str | None:
    """The form values are compared in: NFC, white space runs as one space, "" as null."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def _parse_dct(raw: Any, where: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise gold_error(f"{where}: dct {raw!r:.40} is not an ISO date") from None


def _check_record(doc: Any, where: str) -> None:
    """A record needs doc_id, a string raw and a structure object of known fields whose
    values are strings or null (published_date an ISO date); else SW409."""
    if not isinstance(doc, dict):
        raise gold_error(f"{where}: a gold record must be a JSON object")
    missing = {"doc_id", "raw", "structure"} - doc.keys()
    if missing:
        raise gold_error(f"{where}: gold record lacks {sorted(missing)}")
    if not isinstance(doc["raw"], str) or not isinstance(doc["structure"], dict):
        raise gold_error(f"{where}: raw must be a string, structure an object")
    unknown = set(doc["structure"]) - set(STRUCTURE_FIELDS)
    if unknown:
        raise gold_error(
            f"{where}: unknown structure field(s) {sorted(unknown)}; expected {', '.join(STRUCTURE_FIELDS)}"
        )
    for name, value in doc["structure"].items():
        if value is not None and not isinstance(value, str):
            raise gold_error(f"{where}: structure.{name} must be a string or null")
    if (day := doc["structure"].get("published_date")) is not None:
        _parse_dct(day, f"{where}: structure.published_date")
    if doc.get(LANGUAGE) is not None and not isinstance(doc[LANGUAGE], str):
        raise gold_error(f"{where}: language must be a string or null")


def load_structure_gold(path: Path) -> list[dict[str, Any]]:
    """Read gold JSONL records ``{doc_id, raw, structure, dct?, language?, ...}``; a record
    out of shape raises SW409 naming the file and line (other fields ride along)."""
    docs: list[dict[str, Any]] = []
    for doc, where in gold_records(path):
        _check_record(doc, where)
        doc["_dct"] = _parse_dct(doc.get("dct"), where)
        docs.append(doc)
    return docs


def clean_raw(raw: str, dct: dt.date | None, name: str = "story") -> StoryDraft | Reject:
    """``raw`` cleaned as ingest cleans a local text file ``/gold/<name>.txt`` whose
    modification time is ``dct`` (and fetched that day); without a dct, fetched now."""
    when = (
        dt.datetime.combine(dct, dt.time(DCT_HOUR), tzinfo=dt.UTC)
        if dct is not None
        else dt.datetime.now(dt.UTC)
    )
    ref = SourceRef(uri=f"/gold/{name}.txt", size=len(raw.encode()), mtime=when if dct else None)
    out = build_stories(Payload(ref=ref, data=raw.encode("utf-8"), fetched_at=when))
    # a text file is one story or one reject (a URL list needs an http source); a raw that
    # reads as a JSON feed is scored on its first record
    if isinstance(out, list) and out:
        return out[0]
    return Reject(ref.uri, "empty", "the cleaning gave no story")  # not reached for a text file


def story_fields(story: StoryDraft | Reject) -> dict[str, str | None]:
    """The scored fields of a cleaned story, normalized; all null for a reject (scored
    wrong even against a null gold)."""
    if isinstance(story, Reject):
        return dict.fromkeys((*STRUCTURE_FIELDS, LANGUAGE))
    return {name: normalize(getattr(story, name)) for name in (*STRUCTURE_FIELDS, LANGUAGE)}


def _expected(name: str, value: str | None) -> str | None:
    """A gold value in the form the cleaned one is compared in (agencies by the table)."""
    return normalize(canonical_agency(value) if name == "agency" else value)


def _share(right: int, n: int) -> dict[str, float | int]:
    return {"n": n, "right": right, "share": right / n if n else 0.0}


def score_structure(
    docs: Sequence[dict[str, Any]], cleaned: Sequence[StoryDraft | Reject]
) -> dict[str, Any]:
    """Per field, overall, per gold language and for the detected language: the share of
    gold values the cleaning got right; ``wrong`` lists each miss with expected and got,
    ``rejected`` the stories the cleaning refused."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    by_lang: dict[str, Counter[str]] = {}
    wrong: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for doc, story in zip(docs, cleaned, strict=True):
        got = story_fields(story)
        if isinstance(story, Reject):
            rejected.append({"doc_id": doc["doc_id"], "reason": story.reason, "detail": story.detail})
        lang = doc.get(LANGUAGE) or "?"
        gold = {k: doc["structure"][k] for k in STRUCTURE_FIELDS if k in doc["structure"]}
        if doc.get(LANGUAGE) is not None:
            gold[LANGUAGE] = doc[LANGUAGE]
        for name, value in gold.items():
            expected = _expected(name, value)
            ok = expected == got[name] and not isinstance(story, Reject)  # a null is no match then
            total[name] += 1
            right[name] += ok
            if name != LANGUAGE:
                tally = by_lang.setdefault(lang, Counter())
                tally["n"] += 1
                tally["right"] += ok
            if not ok:
                wrong.append({"doc_id": doc["doc_id"], "field": name, "expected": expected, "got": got[name]})
    fields = [f for f in STRUCTURE_FIELDS if total[f]]
    out: dict[str, Any] = {
        "overall": _share(sum(right[f] for f in fields), sum(total[f] for f in fields)),
        "per_field": {f: _share(right[f], total[f]) for f in fields},
        "per_language": {lang: _share(c["right"], c["n"]) for lang, c in sorted(by_lang.items())},
        "wrong": wrong,
        "rejected": rejected,
    }
    if total[LANGUAGE]:
        out[LANGUAGE] = _share(right[LANGUAGE], total[LANGUAGE])
    return out


def evaluate_structure_file(gold_path: Path) -> dict[str, Any]:
    """Clean every gold ``raw`` (:func:`clean_raw`) and score its structure; the scores
    carry ``gold``, ``docs`` and the cleaning's ``seconds``."""
    docs = load_structure_gold(Path(gold_path))
    t0 = time.perf_counter()
    cleaned = [clean_raw(d["raw"], d["_dct"], str(d["doc_id"])) for d in docs]
    seconds = time.perf_counter() - t0
    scores = score_structure(docs, cleaned)
    scores.update(gold=str(gold_path), docs=len(docs), seconds=seconds)
    return scores


def _pct(s: dict[str, float | int]) -> str:
    return f"{100 * s['share']:.1f}% ({s['right']}/{s['n']})"


def _shown(value: str | None) -> str:
    if value is None:
        return "null"
    return repr(value if len(value) <= _CUT else value[: _CUT - 3] + "...")


def format_structure_report(scores: dict[str, Any]) -> str:
    """Plain text: fields right overall, per field and per language, the detected language,
    the rejected stories and the wrong fields with expected vs got."""
    lines = [
        f"structure on {scores.get('gold', '?')} (docs={scores.get('docs', '?')})",
        f"{'field':<16}{'right':>22}",
        f"{'ALL':<16}{_pct(scores['overall']):>22}",
    ]
    lines += [f"{name:<16}{_pct(s):>22}" for name, s in scores["per_field"].items()]
    if LANGUAGE in scores:
        lines.append(f"{'(language)':<16}{_pct(scores[LANGUAGE]):>22}")
    if len(scores["per_language"]) > 1 or "?" in scores["per_language"]:
        listed = ", ".join(f"{lang} {_pct(s)}" for lang, s in scores["per_language"].items())
        lines.append(f"fields right per language: {listed}")
    for r in scores["rejected"]:
        lines.append(f"rejected {r['doc_id']}: {r['reason']} ({r['detail']})")
    wrong = scores["wrong"]
    if wrong:
        lines.append(f"wrong ({len(wrong)}):")
        for w in wrong[:REPORT_WRONG]:
            lines.append(f"  {w['doc_id']} {w['field']}: expected {_shown(w['expected'])}, got {_shown(w['got'])}")
        if len(wrong) > REPORT_WRONG:
            lines.append(f"  ... {len(wrong) - REPORT_WRONG} more (--json lists them all)")
    if "seconds" in scores:
        lines.append(f"cleaned in {scores['seconds']:.2f}s")
    return "\n".join(lines)
