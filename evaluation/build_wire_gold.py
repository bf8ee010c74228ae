"""Build gold.jsonl for the Russian and French wire-story sets from their marked stories.txt.

Each set (evaluation/own_stories_ru, evaluation/own_stories_fr) keeps its stories as text a
person can read and correct; this script strips the marks and computes every offset, so the
offsets are never typed by hand. Run from the repository root:

    .venv/bin/python evaluation/build_wire_gold.py            # writes both gold.jsonl
    .venv/bin/python evaluation/build_wire_gold.py --check    # fails if one is stale
    .venv/bin/python evaluation/build_wire_gold.py evaluation/own_stories_ru   # one set

The marked format (see the head of each stories.txt):

    === ru-001-border                 a story starts; its id
    dct: 2025-03-12                   publication date (also `published_date`)
    dateline_place: Бишкек            structure fields that are not a span of the raw file
    agency: ТАСС
    --- header                        raw lines above the dateline; [value|field] marks a
    [Все новости|site_header]         structure field (site_header headline subheadline
                                      byline caption credit); other lines are raw as written
    --- text                          the body, dateline to last paragraph:
                                      [surface|LABEL|flags] an entity (spaCy label; flags
                                      key, opt, two-letter ISO country),
                                      [surface|DATE|value] a timex (DATE TIME DURATION SET),
                                      {quoted words}<Speaker Name> a quote, <> if unnamed,
                                      ¦ the end of the dateline (the lede starts after it)
    --- trailer                       raw lines after the body (`(avec AFP)`, codes)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = (HERE / "own_stories_ru", HERE / "own_stories_fr")
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW",
                           "PRODUCT", "WORK_OF_ART", "LANGUAGE"})  # fmt: skip
TIMEX_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
HEADER_FIELDS = ("site_header", "headline", "subheadline", "byline", "caption", "credit")
META_FIELDS = ("dct", "language", "dateline_place", "agency")
DATELINE_END = "¦"
TIMEX_MODS = frozenset({"APPROX", "START", "END", "MID", "EQUAL_OR_MORE", "EQUAL_OR_LESS",
                        "MORE_THAN", "LESS_THAN", "BEFORE", "AFTER"})  # fmt: skip
# one token of the marked body: a bracket mark, a quote opening, a quote close with speaker,
# or the end-of-dateline sign
TOKEN = re.compile(r"\[([^\[\]|]+)\|([^\[\]]+)\]|(\{)|\}<([^<>]*)>|(¦)")


def _entity(doc_id: str, start: int, surface: str, label: str, flags: list[str]) -> dict:
    entity = {"start": start, "end": start + len(surface), "text": surface, "label": label}
    for flag in flags:
        if flag == "key":
            entity["key"] = True
        elif flag == "opt":
            # `optional` is what `storywire eval entities` reads; `opt` is the brief's name
            entity["opt"] = entity["optional"] = True
        elif re.fullmatch(r"[A-Z]{2}", flag):
            entity["country"] = flag
        else:
            raise ValueError(f"{doc_id}: unknown flag {flag!r} on {surface!r}")
    return entity


def _timex(doc_id: str, start: int, surface: str, kind: str, flags: list[str]) -> dict:
    if not flags:
        raise ValueError(f"{doc_id}: the timex {surface!r} has no value")
    value, *mods = flags
    if len(mods) > 1 or not set(mods) <= TIMEX_MODS:
        raise ValueError(f"{doc_id}: unknown timex mod {mods!r} on {surface!r}")
    timex = {"start": start, "end": start + len(surface), "text": surface, "type": kind}
    timex["value"] = value
    if mods:
        timex["mod"] = mods[0]
    return timex


def parse_body(doc_id: str, marked: str) -> dict:
    """The body without marks, with its entities, timexes, quotes and the dateline's end."""
    out: list[str] = []
    entities, timexes, quotes, open_quotes = [], [], [], []
    dateline_end, pos = None, 0
    for m in TOKEN.finditer(marked):
        out.append(marked[pos : m.start()])
        here = sum(map(len, out))
        pos = m.end()
        if m.group(1) is not None:
            surface, (label, *flags) = m.group(1), m.group(2).split("|")
            if label in TIMEX_TYPES:
                timexes.append(_timex(doc_id, here, surface, label, flags))
            elif label in ENTITY_LABELS:
                entities.append(_entity(doc_id, here, surface, label, flags))
            else:
                raise ValueError(f"{doc_id}: unknown label {label!r} on {surface!r}")
            out.append(surface)
        elif m.group(3):
            open_quotes.append(here)
        elif m.group(5):
            dateline_end = here
        else:
            if not open_quotes:
                raise ValueError(f"{doc_id}: a quote closes that never opened at {here}")
            start = open_quotes.pop()
            quotes.append({"start": start, "end": here, "speaker": m.group(4) or None})
    out.append(marked[pos:])
    text = "".join(out)
    if open_quotes or any(c in text for c in "[]{}¦"):
        raise ValueError(f"{doc_id}: a mark is not closed near {text[:60]!r}")
    for q in quotes:
        q["text"] = text[q["start"] : q["end"]]
    quotes.sort(key=lambda q: q["start"])
    quotes = [{k: q[k] for k in ("start", "end", "text", "speaker")} for q in quotes]
    return {"text": text, "entities": entities, "timexes": timexes, "quotes": quotes,
            "dateline_end": dateline_end}  # fmt: skip


def parse_header(doc_id: str, marked: str) -> tuple[str, dict]:
    """The raw header lines and the structure fields marked in them."""
    fields: dict = dict.fromkeys(HEADER_FIELDS)
    out, pos = [], 0
    for m in re.finditer(r"\[([^\[\]|]+)\|([a-z_]+)\]", marked):
        if m.group(2) not in HEADER_FIELDS:
            raise ValueError(f"{doc_id}: unknown header field {m.group(2)!r}")
        out += [marked[pos : m.start()], m.group(1)]
        fields[m.group(2)] = m.group(1)
        pos = m.end()
    out.append(marked[pos:])
    raw = "".join(out)
    if "[" in raw or "]" in raw:
        raise ValueError(f"{doc_id}: a header mark is not closed: {raw[raw.find('[') :][:60]!r}")
    return raw, fields


def build_story(doc_id: str, meta: dict, sections: dict[str, str]) -> dict:
    header, fields = parse_header(doc_id, sections.get("header", ""))
    body = parse_body(doc_id, sections["text"])
    text, cut = body["text"], body["dateline_end"]
    if cut is None:
        raise ValueError(f"{doc_id}: the dateline's end (¦) is not marked")
    raw = "\n\n".join(p for p in (header, text, sections.get("trailer", "")) if p) + "\n"
    structure = {**fields, "dateline_place": meta.get("dateline_place") or None,
                 "agency": meta.get("agency") or None, "published_date": meta["dct"],
                 "lede": text[cut:].split("\n\n")[0].strip()}  # fmt: skip
    return {"doc_id": doc_id, "language": meta.get("language") or doc_id[:2],
            "dct": meta["dct"], "raw": raw, "structure": structure, "text": text,
            "entities": body["entities"], "timexes": body["timexes"],
            "quotes": body["quotes"]}  # fmt: skip


def parse_file(path: Path) -> list[dict]:
    """Every story of one marked stories.txt, in order."""
    stories: list[tuple[str, dict, dict[str, list[str]]]] = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            stories.append((line[4:].strip(), {}, {}))
            section = None
        elif line.startswith("--- "):
            section = line[4:].strip()
            stories[-1][2][section] = []
        elif section is not None:
            stories[-1][2][section].append(line)
        elif stories and line.strip():
            key, _, value = line.partition(":")
            if key.strip() not in META_FIELDS:
                raise ValueError(f"{stories[-1][0]}: unknown field {key!r}")
            stories[-1][1][key.strip()] = value.strip()
    return [
        build_story(doc_id, meta, {k: "\n".join(v).strip("\n") for k, v in parts.items()})
        for doc_id, meta, parts in stories
    ]


def render(docs: list[dict]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv if not a.startswith("--")] or list(SETS)
    status = 0
    for folder in folders:
        docs = parse_file(folder / "stories.txt")
        out, target = render(docs), folder / "gold.jsonl"
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != out:
                print(f"{target} is stale: run {Path(__file__).name}", file=sys.stderr)
                status = 1
            continue
        target.write_text(out, encoding="utf-8")
        counts = [sum(len(d[k]) for d in docs) for k in ("entities", "timexes", "quotes")]
        print(f"{len(docs)} stories, {counts[0]} entities, {counts[1]} timexes, "
              f"{counts[2]} quotes -> {target}")  # fmt: skip
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
