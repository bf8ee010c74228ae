"""Character references left as literal text: ``&amp;``, ``&#8217;``, ``&AMP;``.

Text copied out of web pages and feeds, and old wire archives (whose copy, typeset for
SGML, writes ``Procter &AMP; Gamble``), carry HTML character references as text; entity
names, duplicate hashes and search terms then differ from the same text typed cleanly.

Replaced: a complete reference (ending in ``;``) to a character HTML names, in any case
(``&AMP;``, ``&Nbsp;``), or by number (``&#8217;``, ``&#x2014;``) when the number is a
character a story can hold (not a control character, a surrogate or beyond Unicode).
Removed: the same shape in capitals naming no character (``&UR;``, ``&LR;``, ``&QL;``: the
typesetting codes of news-service copy), which are layout, not words.
Left alone: anything else with an ampersand (``AT&T``, ``R&D;``, ``S&PX;``, ``?a=1&copy=2``).
"""

from __future__ import annotations

import html
import re
from html.entities import html5

__all__ = ["replace_references"]

_REFERENCE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
# A typesetting code: two to four capitals; what HTML does not name (``&AMP;`` it does).
_CODE = re.compile(r"[A-Z]{2,4}")


def _numeric(number: int) -> str | None:
    if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return None
    char = html.unescape(f"&#{number};")  # HTML's own table: &#150; is the en dash
    # HTML drops some numbers ("") and marks others invalid ("\ufffd"): left as written
    if len(char) != 1 or char == "\ufffd" or not (char.isprintable() or char.isspace()):
        return None
    return char


def _named(name: str, after_word: bool) -> str | None:
    for key in (f"{name};", f"{name.lower()};"):
        if key in html5:
            return html5[key]
    # after a letter it is a name's ampersand ("S&PX;"), not a code set apart
    return "" if _CODE.fullmatch(name) and not after_word else None


def _replace(match: re.Match[str]) -> str:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        start = match.start()
        char = _named(name, start > 0 and match.string[start - 1].isalnum())
    else:
        char = _numeric(int(decimal) if decimal is not None else int(hexadecimal, 16))
    return match.group(0) if char is None else char


def replace_references(text: str) -> tuple[str, int]:
    """``text`` with its character references replaced (typesetting codes removed), and
    how many were."""
    if "&" not in text:
        return text, 0
    count = 0

    def counted(match: re.Match[str]) -> str:
        nonlocal count
        out = _replace(match)
        count += out != match.group(0)
        return out

    return _REFERENCE.sub(counted, text), count
