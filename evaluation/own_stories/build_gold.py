"""Build gold.jsonl (the format ``storywire eval entities`` reads) from stories.txt.

stories.txt holds our own invented wire stories with the mentions marked inline as
``[surface|LABEL|flags...]``, so the annotation can be read and reviewed as text; this script
strips the marks and computes the offsets. Run from the repository root:

    .venv/bin/python evaluation/own_stories/build_gold.py          # writes gold.jsonl
    .venv/bin/python evaluation/own_stories/build_gold.py --check  # fails if it is stale
    .venv/bin/python evaluation/own_stories/build_gold.py evaluation/own_stories_2  # another set
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW", "PRODUCT"}
LABELS |= {"WORK_OF_ART", "LANGUAGE"}
MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]]+)\]")


def parse_story(doc_id: str, marked: str) -> dict:
    """One story's text without marks and its entities with offsets into that text."""
    text, entities, pos = [], [], 0
    for m in MARK.finditer(marked):
        text.append(marked[pos : m.start()])
        start = sum(map(len, text))
        surface, (label, *flags) = m.group(1), m.group(2).split("|")
        if label not in LABELS:
            raise ValueError(f"{doc_id}: unknown label {label!r} on {surface!r}")
        entity = {"start": start, "end": start + len(surface), "text": surface, "label": label}
        for flag in flags:
            if flag == "key":
                entity["key"] = True
            elif flag == "opt":
                entity["optional"] = True
            elif re.fullmatch(r"[A-Z]{2}", flag):
                entity["country"] = flag
            else:
                raise ValueError(f"{doc_id}: unknown flag {flag!r} on {surface!r}")
        text.append(surface)
        entities.append(entity)
        pos = m.end()
    text.append(marked[pos:])
    plain = "".join(text)
    if "[" in plain or "]" in plain:
        raise ValueError(f"{doc_id}: a mark is not closed: {plain[plain.find('[') :][:60]!r}")
    return {"doc_id": doc_id, "text": plain, "entities": entities}


def parse_file(path: Path) -> list[dict]:
    stories: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            stories.append((line[4:].strip(), []))
        elif stories:
            stories[-1][1].append(line)
    return [parse_story(doc_id, "\n".join(lines).strip() + "\n") for doc_id, lines in stories]


def main(argv: list[str]) -> int:
    # a folder argument builds another set kept the same way (stories.txt -> gold.jsonl)
    folder = next((Path(a) for a in argv if not a.startswith("--")), HERE)
    docs = parse_file(folder / "stories.txt")
    out = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    target = folder / "gold.jsonl"
    if "--check" in argv:
        if not target.exists() or target.read_text(encoding="utf-8") != out:
            print(f"{target} is stale: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    target.write_text(out, encoding="utf-8")
    n = sum(len(d["entities"]) for d in docs)
    print(f"{len(docs)} stories, {n} entities -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
