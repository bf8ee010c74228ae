"""Is a story body prose in some language? A pure check, run before enrichment.

Files that are not stories reach an ingest under story names: one block pasted until the
file is full, random tokens, base64 or hex dumps, tables of bare numbers, log and CSV
exports. Enriching them wastes the NER workers and fills the entity table with noise, so
the cleaning stage rejects them (``not_prose``).

The measures are general, not tied to a language or a kind of garbage:

* repetition: how well the body compresses (``zlib``) once its numbers are masked: a block
  pasted over and over, a log (one line shape, new numbers) and a table of numbers all
  shrink to almost nothing;
* shape: the share of letters among visible characters, of tokens that glue letters to
  digits or symbols or flip case inside (``a9Fk2``, ``id=417``, ``aGVsbG8``), and of
  symbols prose rarely uses (``= _ | { } < >``);
* variety: prose repeats its words, so about half the tokens of a 500-token window are
  new; in random tokens nearly all are.

Each threshold sits well outside what real news text shows: every story of the evaluation
corpora (wire copy with results tables and stock lists, scraped pages in English and
Japanese) and invented stories in Russian, French, German and Chinese pass. Texts written
without spaces (Chinese, Japanese, Thai) are read one character per token. Bodies under
``MIN_CHARS`` visible characters are never judged: a few lines say too little.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from dataclasses import dataclass

__all__ = ["MIN_CHARS", "ProseMeasures", "measure_prose", "not_prose_reason"]

MIN_CHARS = 400
# The measures read at most this much of a body: windows from its start, middle and end.
_SAMPLE_CHARS = 60_000
_WINDOWS = 3

# Limits, each well outside the range real stories show (see the module docstring).
_MIN_COMPRESSION = 0.04
_MIN_LETTERS = 0.45
_MAX_GLUED = 0.30
_MAX_SYMBOLS = 0.05
_MAX_VARIETY = 0.93

# Punctuation prose uses; anything else that is not a letter, digit or space is a symbol.
_PROSE_PUNCT = frozenset(
    ".,;:!?'\"()[]-–—‐‑%$€£¥₽/&…«»„“”‘’‚‹›·•*#@+№°§¡¿、。，：；！？（）「」『』《》〈〉・ー"
)
_EDGE = "\"'“”‘’«»„‚‹›()[]{}<>.,;:!?…*-–—¡¿、。，：；！？（）「」『』《》"
_WORD_INNER = frozenset("'’-‐‑.·")
# Scripts written without spaces (Thai, Lao, Myanmar, Khmer, kana, Han): each character is
# a token, so that "3月12日" is four tokens, not one glued token.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_TOKEN_RE = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
# Numbers and hex ids, masked to see a log's repetition: "12:04:55 id=9f3a" -> "0:0:0 id=0".
_NUMBERS_RE = re.compile(r"\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]+\b|\d+")
_SPACE_RE = re.compile(r"\s+")
# Word variety is read over windows of this many tokens (type-token ratios depend on length).
_VARIETY_WINDOW = 500


@dataclass(frozen=True, slots=True)
class ProseMeasures:
    """What ``not_prose_reason`` judges a body by (shares in [0, 1] unless noted)."""

    chars: int  # visible (non-space) characters of the whole body
    compression: float  # zlib size / UTF-8 size, numbers masked
    letters: float  # letters / visible characters
    glued: float  # tokens gluing letters to digits or symbols, or flipping case inside
    symbols: float  # symbols prose rarely uses / visible characters
    variety: float | None  # distinct tokens / tokens per window; None under one window


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    step = _SAMPLE_CHARS // _WINDOWS
    starts = [round(i * (len(text) - step) / (_WINDOWS - 1)) for i in range(_WINDOWS)]
    return "\n".join(text[s : s + step] for s in starts)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _case_flips(word: str) -> int:
    return sum(1 for a, b in itertools.pairwise(word) if a.islower() and b.isupper())


def _is_glued(token: str) -> bool:
    """Letters glued to digits or symbols, or case flipping twice ("a9Fk2", "id=417",
    "aGVsbG8"); "G7", "COVID-19" or "McDonald" are rare or allowed in prose."""
    core = token.strip(_EDGE)
    if core.isalpha():  # most tokens: a word; it flips case only with capitals inside
        return not (core[1:].islower() or core.isupper()) and _case_flips(core) >= 2
    letters = sum(ch.isalpha() for ch in core)
    if letters == len(core):
        return _case_flips(core) >= 2
    if not letters:
        return False
    return any(not (ch.isalpha() or ch in _WORD_INNER or _is_mark(ch)) for ch in core)


def _variety(tokens: list[str]) -> float | None:
    """Mean type-token ratio over full windows of ``_VARIETY_WINDOW`` tokens."""
    windows = [tokens[i : i + _VARIETY_WINDOW] for i in range(0, len(tokens), _VARIETY_WINDOW)]
    full = [w for w in windows if len(w) == _VARIETY_WINDOW][:20]
    if not full:
        return None
    ratios = [len({t.strip(_EDGE).casefold() for t in w}) / len(w) for w in full]
    return sum(ratios) / len(ratios)


def _compression(text: str) -> float:
    raw = text.encode("utf-8", errors="surrogatepass")
    return len(zlib.compress(raw, 6)) / max(len(raw), 1)


def measure_prose(text: str) -> ProseMeasures:
    """The measures of a story body; bounded cost on long bodies (a sample is read)."""
    sample = _sample(text)
    shown = _SPACE_RE.sub("", sample)
    tokens = _TOKEN_RE.findall(sample)
    n_shown = max(len(shown), 1)
    return ProseMeasures(
        chars=len(_SPACE_RE.sub("", text)) if len(text) > len(sample) else len(shown),
        compression=_compression(_NUMBERS_RE.sub("0", sample)),
        letters=sum(ch.isalpha() for ch in shown) / n_shown,
        glued=sum(map(_is_glued, tokens)) / max(len(tokens), 1),
        symbols=sum(
            1 for ch in shown if not (ch.isalnum() or ch in _PROSE_PUNCT or _is_mark(ch))
        ) / n_shown,
        variety=_variety(tokens),
    )


def not_prose_reason(text: str) -> str | None:
    """Why a story body is not prose in any language, or None when it may be (or is too
    short to tell). Never raises on any text."""
    m = measure_prose(text)
    if m.chars < MIN_CHARS:
        return None
    if m.compression < _MIN_COMPRESSION:
        return (
            f"it repeats itself (numbers aside, it compresses to {m.compression:.1%}): "
            "a block pasted over and over, a log or a table of numbers"
        )
    if m.letters < _MIN_LETTERS:
        return f"letters are {m.letters:.0%} of its characters: numbers, codes or a dump"
    if m.glued > _MAX_GLUED:
        return f"{m.glued:.0%} of its tokens glue letters to digits or symbols: codes or a dump"
    if m.symbols > _MAX_SYMBOLS:
        return f"symbols are {m.symbols:.0%} of its characters: markup, code or noise"
    if m.variety is not None and m.variety > _MAX_VARIETY:
        return f"{m.variety:.0%} of its words are distinct: random tokens, not a language"
    return None
