"""Gates: cheap necessary conditions that let a temporal rule skip a text it cannot match.

Each rule's regex scans the whole text one position at a time: a leading lookbehind or
optional group keeps `re` from jumping ahead to a likely first character, and that scan is
most of extract_timexes' time. Yet most rules cannot match without some word that many
stories never contain ("century", "fiscal year", a capitalized month name followed by a
digit...). A Gate states such a necessary condition as a small regex, a fragment of the
rule's own pattern, that finds something inside every match of the rule; where it finds
nothing, the rule's finditer would find nothing either and is skipped. A gate may only
loosen the rule (drop lookarounds, boundaries, optional parts, letter case): a gate that
requires anything the rule does not would silently lose matches. The English, Russian and
French rules (``rules``, ``rules_ru``, ``rules_fr``) all use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The only characters outside ASCII that re.IGNORECASE equates with an ASCII letter (İ ı ſ
# and the Kelvin sign; a test checks this against the running Python's Unicode tables).
# Mapping them to that letter before lower() turns every case-insensitive match of an ASCII
# keyword into a verbatim match of the lowercase keyword, character for character.
# The same holds for the Cyrillic gates of rules_ru: re.IGNORECASE equates the old-style
# letters U+1C80-U+1C86 with в д о с т т ъ, which lower() leaves alone.
_FOLD = str.maketrans(
    {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k", "\u1c80": "в",
     "\u1c81": "д", "\u1c82": "о", "\u1c83": "с", "\u1c84": "т", "\u1c85": "т",
     "\u1c86": "ъ"}
)  # fmt: skip
_FOLD_NEEDED = re.compile("[\u0130\u0131\u017f\u212a\u1c80-\u1c86]")


def fold_case(text: str) -> str:
    """``text`` lowercased for the lowercase gates, one character for one.

    Why not ``casefold()`` or plain ``lower()``: "İ".lower() is two characters and "ı"/"ſ"
    do not lower to ASCII, yet re.IGNORECASE matches them as i and s; a gate must see every
    keyword the rule can see.
    """
    if text.isascii() or _FOLD_NEEDED.search(text) is None:
        return text.lower()
    return text.translate(_FOLD).lower()


@dataclass(frozen=True)
class Gate:
    """A cheap necessary condition of a rule (see "gates" above).

    Every match of the rule contains a hit of ``regex``, searched in the text itself or, when
    ``folded``, in ``fold_case(text)``.
    """

    regex: re.Pattern[str]
    folded: bool

    def admits(self, text: str, folded: str) -> bool:
        """False only if no match of the rule can exist in ``text`` (``folded`` its fold)."""
        return self.regex.search(folded if self.folded else text) is not None


def low(pattern: str) -> Gate:
    """Gate on lowercase ASCII keywords, matched verbatim in the folded text.

    Why fold instead of re.IGNORECASE: a case-sensitive alternation of literals lets `re`
    skip in C to the next possible first letter, several times faster than an
    IGNORECASE scan. Use only letters, digits, ``\\s``/``\\d`` and ASCII punctuation, which
    folding maps one-to-one.
    """
    return Gate(re.compile(pattern), folded=True)


def raw(pattern: str) -> Gate:
    """Gate searched in the original text with the rules' own flags (re.IGNORECASE).

    For digits and for names the rules match case-sensitively (``(?-i:...)`` months,
    weekdays, holidays): a capitalized "May" is far rarer than "may". Start the pattern with
    a case-sensitive or digit alternative so `re` can skip ahead to it.
    """
    return Gate(re.compile(pattern, re.IGNORECASE), folded=False)
