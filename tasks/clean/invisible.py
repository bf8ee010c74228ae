"""Remove invisible format characters from story text.

Scraped and syndicated copy carries characters no reader sees: zero-width spaces from CMS
line-break hints, bidi marks around names pasted from right-to-left pages, word joiners,
stray byte-order marks and soft hyphens. Left in place they split words ("Pu\u200btin"),
so headlines, entity names and duplicate hashes differ from the same text typed cleanly.

Removed: every format character (Unicode category Cf: zero-width spaces and joiners,
bidi marks, embeddings and isolates, word joiners, invisible operators, U+FEFF, the
soft hyphen...). Kept, because they change what is shown or how it is spelled:

* ZWJ and ZWNJ (and the Mongolian vowel separator) between two characters of a script
  that uses them (Persian "می‌خواهم", Indic conjuncts, Mongolian) or inside an emoji
  sequence ("👩‍🔬");
* tag characters right after the black flag: they spell a subdivision flag (Scotland);
* prepended concatenation marks (the Arabic number sign U+0600 and its kin): they are
  drawn.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["strip_invisible"]

_JOINERS = frozenset("\u200c\u200d\u180e")
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
_VISIBLE_FORMAT |= frozenset("\U000110bd\U000110cd")


# Where format characters live (Unicode 15); each hit is confirmed as category Cf.
_FORMAT_RE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def _uses_joiners(ch: str) -> bool:
    """A character a ZWJ/ZWNJ may sit beside with meaning: letters and marks of the scripts
    from Hebrew to Mongolian (and their extensions), emoji and other astral symbols."""
    cp = ord(ch)
    if unicodedata.category(ch) in ("Cf", "Zs", "Cc") or ch.isspace():
        return False
    return (
        0x0590 <= cp <= 0x1CFF
        or 0xA800 <= cp <= 0xABFF
        or 0x2190 <= cp <= 0x2BFF  # arrows, technical symbols, dingbats: emoji bases
        or cp in (0xFE0F, 0x20E3)  # emoji presentation selector, keycap
        or cp >= 0x10000
    )


def _keep(text: str, i: int) -> bool:
    ch = text[i]
    if ch in _VISIBLE_FORMAT:
        return True
    if ch in _JOINERS:
        return 0 < i < len(text) - 1 and _uses_joiners(text[i - 1]) and _uses_joiners(text[i + 1])
    if ord(ch) in _TAGS:
        j = i - 1
        while j >= 0 and ord(text[j]) in _TAGS:
            j -= 1
        return j >= 0 and text[j] == _BLACK_FLAG
    return False


def strip_invisible(text: str) -> tuple[str, int]:
    """``text`` without its invisible format characters, and how many were removed.

    Only format characters (category Cf) are ever removed, so every visible character and
    all whitespace stay as they were; applying it twice changes nothing more.
    """
    if text.isascii():
        return text, 0
    drop = [
        m.start() for m in _FORMAT_RE.finditer(text)
        if unicodedata.category(m.group()) == "Cf" and not _keep(text, m.start())
    ]  # fmt: skip
    if not drop:
        return text, 0
    parts, last = [], 0
    for i in drop:
        parts.append(text[last:i])
        last = i + 1
    parts.append(text[last:])
    return "".join(parts), len(drop)
