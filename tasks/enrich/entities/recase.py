"""Re-case ALL-CAPS lines (headlines, datelines, table headers) before the model reads them.

The model reads word shape, so a capitals-only line looks like a row of acronyms. The
result always has the input's length, so entity offsets found in it hold for the original.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from storywire.tasks.enrich.entities.lexicon import SHORT_WORDS

__all__ = ["is_caps_line", "recase_caps_lines"]

# A word of a caps line, and any word of a mixed-case line (where spellings are learnt).
_WORD_RE = re.compile(r"[A-Z][A-Z0-9'’.&\-]*")
_ANY_WORD_RE = re.compile(r"[^\W\d_][\w'’\-&]*(?<!['’\-&])")
_VOWELS = frozenset("AEIOUY")


def _recase_word(word: str, first: bool, seen: dict[str, str]) -> str:
    lower = word.lower()
    if len(lower) != len(word):  # a few Unicode capitals change length when lowered
        return word
    core = word.rstrip(".'’-&")
    tail = word[len(core) :]
    known = seen.get(core.lower())
    if known is not None and len(known) == len(core):
        # the story spells it elsewhere: trust that ("Leicestershire", "take")
        return (core[0] + known[1:] if first else known) + tail
    if "." in core:  # U.S., U.N.: abbreviations stay as written
        return word
    if core.lower() in STOP_WORDS or core.lower() in SHORT_WORDS:
        return word[0] + lower[1:] if first else lower
    if len(core) <= 3 or not _VOWELS.intersection(core):  # IMF, UN, FDCH: acronyms
        return word
    return word[0] + lower[1:] if first else lower


def _spellings(lines: Iterable[str]) -> dict[str, str]:
    """Most frequent spelling of each word in the mixed-case lines of a text."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        for m in _ANY_WORD_RE.finditer(line):
            w = m.group(0)
            counts[w.lower()][w] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def is_caps_line(line: str) -> bool:
    """At least three letters and none of them lower case."""
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and not any(ch.islower() for ch in letters)


def recase_caps_lines(text: str) -> str:
    """Re-case lines written entirely in capitals; the result has exactly ``len(text)``.

    The model reads word shape: "LEICESTERSHIRE TAKE OVER" looks like a row of acronyms
    and gets no entities, "Leicestershire take over" gets them. Each word takes the
    spelling the same story uses in its mixed-case lines (a cheap document-level
    truecaser); unseen words are lower-cased (sentence case: Title Case made the model
    tag "Public Radio Hosts Drop"), except short or vowel-less words, which are kept as
    acronyms. Only whole ALL-CAPS lines (headlines, datelines, table
    headers) change; acronyms in normal prose stay.
    """
    if not text:
        return text
    lines = text.splitlines(keepends=True)
    caps = [is_caps_line(line) for line in lines]
    if not any(caps):
        return text
    seen = _spellings(line for line, c in zip(lines, caps, strict=True) if not c)
    out: list[str] = []
    for line, is_caps in zip(lines, caps, strict=True):
        if not is_caps:
            out.append(line)
            continue
        first = [True]

        def repl(m: re.Match[str], first: list[bool] = first) -> str:
            word = _recase_word(m.group(0), first[0], seen)
            first[0] = False
            return word

        out.append(_WORD_RE.sub(repl, line))
    result = "".join(out)
    return result if len(result) == len(text) else text
