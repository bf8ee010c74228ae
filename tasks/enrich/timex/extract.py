"""Find and normalize TIMEX3 expressions in one text.

Every rule's regex runs once over the whole text (C-speed scanning, no per-token Python
loop); candidates then compete: the longest extent wins, ties go to the earlier rule. A rule
whose gate (a keyword every one of its matches contains) finds nothing in the text is not
run at all: that skips about half of the scanning on news text without changing any result.
"""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.enrich.timex import rules_fr, rules_ru
from storywire.tasks.enrich.timex.context import ANAPHOR_PREFIX, Ctx, Rule, TextFacts
from storywire.tasks.enrich.timex.gates import fold_case
from storywire.tasks.enrich.timex.relative import resolve_anaphor
from storywire.tasks.enrich.timex.resolve import ENGLISH_CUES, TenseCues, value_range
from storywire.tasks.enrich.timex.rules import RULES
from storywire.tasks.records import TimexMention

# ISO 639-1 code -> (rules, tense cues); None is a story whose language nobody detected,
# read as English as it always was. Other languages get no rules: no mentions.
_LANGUAGES: dict[str | None, tuple[tuple[Rule, ...], TenseCues]] = {
    None: (RULES, ENGLISH_CUES),
    "en": (RULES, ENGLISH_CUES),
    "ru": (rules_ru.RULES, rules_ru.CUES),
    "fr": (rules_fr.RULES, rules_fr.CUES),
}
#: The languages (ISO 639-1) with rules of their own.
LANGUAGES = frozenset(code for code in _LANGUAGES if code is not None)

_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
_ABSOLUTE_RE = re.compile(r"\d{4}(?:-\d\d){0,2}(?:T|$)")


def extract_timexes(
    text: str, dct: dt.date | None, *, field: str = "body", language: str | None = "en"
) -> list[TimexMention]:
    """TIMEX3 mentions in ``text`` with values resolved against ``dct`` (publication date).

    ``language`` (ISO 639-1) picks the rules: English ("en" or None), Russian ("ru"),
    French ("fr"); any other language has none and gets ``[]``.

    ``dct`` None leaves relative values unresolved TIMEX3-style (``XXXX-10-26``,
    ``XXXX-WXX-1``) instead of inventing a year. Offsets are exact: ``text[m.start:m.end]
    == m.text``.
    """
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    table = _LANGUAGES.get(language.lower() if language is not None else None)
    if not text or table is None:
        return []
    rules, cues = table
    folded = fold_case(text)
    candidates: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    for priority, rule in enumerate(rules):
        if rule.gate is not None and not rule.gate.admits(text, folded):
            continue  # the rule's finditer could not find anything either
        for m in rule.regex.finditer(text):
            s, e = m.span("x") if "x" in rule.regex.groupindex else m.span()
            # trailing whitespace/punctuation never belongs to an extent
            while e > s and text[e - 1] in " \t\n,;:":
                e -= 1
            if e > s:
                candidates.append((s, e, priority, rule, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken = _Taken(len(text))
    facts = TextFacts(text, cues)
    found: list[tuple[int, int, str, str, str | None]] = []
    for s, e, _prio, rule, m in candidates:
        if taken.overlaps(s, e):
            continue
        ctx = Ctx(text=text, dct=dct, start=s, end=e, _facts=facts)
        norm = rule.normalize(m, ctx)
        if norm is None:
            continue
        ttype, value, mod = norm[:3]
        if len(norm) == 4:  # the normalizer narrowed the extent (e.g. dropped "the")
            s, e = norm[3]  # type: ignore[misc]
        if ttype not in _TYPES:
            raise ValueError(f"rule {rule.name} produced unknown TIMEX3 type {ttype!r}")
        taken.claim(s, e)
        found.append((s, e, ttype, value, mod))
    found.sort()
    mentions: list[TimexMention] = []
    anchor: str | None = None  # last absolute calendar date, for "the next day" & co.
    for s, e, ttype, value, mod in found:
        if value.startswith(ANAPHOR_PREFIX):
            value = resolve_anaphor(value, anchor, dct)
        elif _ABSOLUTE_RE.match(value):
            anchor = value.split("T", 1)[0]
        rs, re_ = value_range(value) if ttype in {"DATE", "TIME"} else (None, None)
        mentions.append(
            TimexMention(
                start=s, end=e, text=text[s:e], type=ttype, value=value,
                range_start=rs, range_end=re_, mod=mod, field=field,
            )
        )  # fmt: skip
    return mentions


class _Taken:
    """The characters kept mentions cover, one byte each.

    Why: asking whether a candidate overlaps a kept mention then costs the candidate's
    length, not the number of mentions kept so far (which grows with the text).
    """

    def __init__(self, size: int) -> None:
        self._covered = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        return self._covered.find(1, start, end) != -1

    def claim(self, start: int, end: int) -> None:
        self._covered[start:end] = b"\x01" * (end - start)
