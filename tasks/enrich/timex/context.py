"""What a TIMEX3 rule is made of and what its normalizer works with.

A :class:`Rule` is a name, a precompiled pattern, a normalizer and a gate; the normalizer
turns the match into a :data:`Norm` (type, value, mod), looking at the text around it through
:class:`Ctx` (the publication date, the tense on demand, the text's :class:`TextFacts`). The
English, Russian and French tables are all built of these parts. Also here: ``_Shim``, a
match with some groups overridden, through which a normalizer written for one pattern's groups
serves another (and ``norms`` hands the English normalizers Russian and French matches), and
the readers of captured words every family of English normalizers shares (months, days,
years, "early"/"late", "last"/"next").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from storywire.tasks.enrich.timex.gates import Gate
from storywire.tasks.enrich.timex.lexicon import MONTHS, spelled_year
from storywire.tasks.enrich.timex.resolve import ENGLISH_CUES, Sentences, TenseCues

# (type, value, mod)
Norm = tuple[str, str, str | None]

# Values starting with this are resolved after extraction, in document order, against the
# last absolute date the story mentioned (see relative.resolve_anaphor).
ANAPHOR_PREFIX = "ANAPHOR|"


_PERIOD_WORD_RE = re.compile(r"\bquarter|\bperiod\b", re.IGNORECASE)


class TextFacts:
    """What normalizers ask about the whole text, each answered at most once per text.

    Why: an answer worked out again for every match (a sentence's tense cues, a search of
    the whole story) makes extraction cost the text's length squared.
    """

    def __init__(self, text: str, cues: TenseCues = ENGLISH_CUES) -> None:
        self.text = text
        self.cues = cues  # the text's language's tense cues

    @cached_property
    def sentences(self) -> Sentences:
        return Sentences(self.text, cues=self.cues)

    @cached_property
    def names_a_period(self) -> bool:
        """Whether the story says "quarter" or "period" anywhere, as results stories do."""
        return _PERIOD_WORD_RE.search(self.text) is not None


@dataclass
class Ctx:
    """What a normalizer may look at: the text, the publication date, tense on demand."""

    text: str
    dct: dt.date | None
    start: int = 0
    end: int = 0
    _facts: TextFacts | None = field(default=None, repr=False)

    @property
    def facts(self) -> TextFacts:
        """The text's shared facts (one per text when extract_timexes passes them)."""
        if self._facts is None:
            self._facts = TextFacts(self.text)
        return self._facts

    def tense(self) -> str | None:
        return self.facts.sentences.tense_near(self.start, self.end)

    def before(self, n: int = 30) -> str:
        return self.text[max(0, self.start - n) : self.start]

    def after(self, n: int = 30) -> str:
        return self.text[self.end : self.end + n]


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    normalize: Callable[[re.Match[str], Ctx], Norm | None]
    gate: Gate | None = None  # None: no selective keyword, the rule always scans


class _Shim:
    """A match look-alike that overrides some groups (to reuse a normalizer)."""

    def __init__(self, m: re.Match[str], over: dict[str, str | None]) -> None:
        self._m, self._over = m, over

    def __getitem__(self, key: str) -> str | None:
        if key in self._over:
            return self._over[key]
        return self._m[key]

    def groupdict(self) -> dict[str, str | None]:
        return {**self._m.groupdict(), **self._over}


# --- reading a match: what every family of normalizers needs ---------------------------

# what the patterns' POSMOD fragment (rules.py) captures as <pos>, as a TIMEX3 mod
_POSMOD_MAP = {
    "early": "START", "late": "END", "mid": "MID", "the end of": "END",
    "the beginning of": "START", "the start of": "START", "the middle of": "MID",
    "the rest of": None, "the first day of": "START", "the first days of": "START",
}  # fmt: skip


def _pos_mod(m: re.Match[str]) -> str | None:
    pos = m.groupdict().get("pos")
    return _POSMOD_MAP.get(pos.lower()) if pos else None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])


def _year_of(text: str) -> int:
    return int(text) if text.isdigit() else spelled_year(text) or 0


def _date_value(year: int | None, month: int, day: int | None) -> str:
    y = f"{year:04d}" if year else "XXXX"
    return f"{y}-{month:02d}" + (f"-{day:02d}" if day else "")


def _rel_offset(rel: str | None) -> int:
    """ "last"/"past"/"previous" -> -1, "next"/"coming" -> +1, "this"/"current" -> 0."""
    if not rel:
        return 0
    r = rel.lower()
    if re.search(r"last|past|previous|preceding|ago", r):
        return -1
    if re.search(r"next|coming|following|upcoming", r):
        return 1
    return 0
