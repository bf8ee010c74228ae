"""Sign-offs and boilerplate lines of wire copy (``is_trailer``), and cutting them from the
end of a story's body into ``ParsedText.trailers`` (``strip_trailers``): ``(Reporting by
...; Editing by ...)``, ``Enditem``, desk initials, copyright and contact lines, in English;
Russian and French ones are ``wire_ru_fr.trailer``'s.
"""

from __future__ import annotations

import re

from storywire.tasks.clean import wire_ru_fr
from storywire.tasks.clean.agencies import agency_forms

__all__ = ["AGENCY_NAMES", "is_trailer", "strip_trailers"]

# Every agency spelling of the table, longest first, as a regex alternation.
AGENCY_NAMES = "|".join(re.escape(f) for f in sorted(agency_forms(), key=len, reverse=True))

_TRAILER_ANYWHERE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|reported|edited|"
        r"translated|graphics)\s+by\b[^()]*\)?\.?$",
        r"^(?:enditem|end\s+item|\(end\)|-+\s*30\s*-+|#{3}|\*{3})$",
        r"^[A-Z]{2,6}(?:-[A-Z0-9]{1,6})*-\d{2}-\d{2}-\d{2,4}\s+\d{3,4}\s*[A-Z]{2,4}$",
        r"^(?:copyright|\(c\)|©)\s*(?:\d{4}|the\b|by\b)",
        r"^(?:copyright\s+)?\d{4}\s+(?:the\s+)?associated press\b",
        r"\ball rights reserved\b",
        r"^this material may not be published, broadcast",
        # Page furniture. Each needs its marker shape (a colon, or the whole line), so
        # that prose such as "Share prices fell" or "More than 200 people" survives.
        r"^(?:related(?: stories| articles| news| coverage)?|read more|read also|also read|"
        r"see also|more from [\w ]{1,30}|recommended(?: for you)?|watch|listen)\s*(?:[:»>|]|$)",
        r"^(?:share this(?: article| story)?|share on \w+|share|tweet|advertisement|ad|"
        r"print|email|comments?)\s*$",
        r"^(?:follow us on|follow (?:\S+ ){0,3}on (?:twitter|x|facebook|instagram|telegram|bluesky)\b)"
        r".{0,120}$",
        r"^(?:sign up for|subscribe to|subscribe now|click here)\b.{0,120}$",
        r"^_{3,}$",
        r"^our standards\s*:",
        rf"^(?:the\s+)?(?:{AGENCY_NAMES})\s+(?:\w+\s+)?(?:writers?|reporters?|"
        r"correspondents?|journalists?|researchers?)\b.{0,200}\bcontributed\b.{0,60}$",
        # Wire correction and update notes: "(Corrects spelling of name in paragraph 3)",
        # "(Adds minister's comment, paragraphs 5-6)", "(This story has been refiled to ...)".
        r"^[(\[]\s*(?:(?:this\s+)?(?:story|version|article)\s+(?:has\s+been\s+|was\s+)?)?"
        r"(?:corrects?|corrected|updates?|updated|adds|recasts?|refiles?|refiled|repeats?|"
        r"repeated|removes|changes|fixes|clarifies|rewrites|replaces|deletes|inserts|"
        r"writes\s+through|withdraws|kills|reissues|resends|amends|amended)\b"
        r"[^()\[\]]{0,300}(?<![.!?])[)\]]$",
        r"^(?:online|follow ap's|find more of ap's|more ap coverage)\b.{0,160}https?://\S+$",
        # Bloomberg sign-offs: "--With assistance from ...", "To contact the reporter ...".
        r"^-{0,2}\s*with assistance from\b.{0,200}$",
        r"^to contact the (?:reporters?|editors?)\b.{0,300}$",
    )
]
# Only meaningful as the last lines: editor initials such as "(ta/jp)", "(cm-kjd)".
_TRAILER_AT_END = [
    re.compile(r"^\(\s*[a-z]{1,6}(?:\s*[-/,;]\s*[a-z]{1,6}){0,5}\s*\)$"),
    re.compile(r"^(?:end|ends|more)$", re.IGNORECASE),
    # AFP-style desk initials on their own line: "hm/jri/bp", "burs-lth/bc".
    re.compile(r"^[a-z]{2,5}(?:[-/][a-z]{1,5}){1,5}$"),
    # A contact line under a sign-off: "Jane Doe in London at jdoe@example.com".
    re.compile(r"^.{0,120}\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\.?$"),
]
_INLINE_TRAILER_RE = re.compile(
    r"\s+(enditem|end item|\(end\)|-+30-+|\((?:reporting|editing|writing) by [^()]+\))\s*$",
    re.IGNORECASE,
)


def is_trailer(paragraph: str, *, at_end: bool = False) -> bool:
    """True when ``paragraph`` is a sign-off or boilerplate line rather than story text."""
    text = paragraph.strip()
    if len(text.split()) > 60:
        return False
    if any(p.search(text) for p in _TRAILER_ANYWHERE) or (at_end and any(p.search(text) for p in _TRAILER_AT_END)):
        return True
    return wire_ru_fr.trailer(text, at_end=at_end)


#: How far from a paragraph's end a sign-off is looked for. Sign-offs are a line or two; a
#: search of the whole paragraph for each one was quadratic (20,000 "(Reporting by ...)"
#: lines joined into one paragraph took minutes).
_TRAILER_REACH = 500


def strip_trailers(body: list[str], trailers: list[str]) -> list[str]:
    """Drop boilerplate lines anywhere and sign-offs at the end, keeping their text in order."""
    removed: dict[int, list[str]] = {}  # per paragraph, its trailers last first
    kept: list[tuple[int, str]] = []
    for i, text in enumerate(body):
        if is_trailer(text):
            removed[i] = [text]
        else:
            kept.append((i, text))
    cut: int | None = None  # where the last kept paragraph ends once sign-offs are cut off
    while kept:
        i, last = kept[-1]
        end = len(last) if cut is None else cut
        rest = last if cut is None else (last[:end] if end <= _TRAILER_REACH else None)
        if rest is not None and is_trailer(rest, at_end=True):  # what is left is a trailer too
            removed.setdefault(i, []).append(rest)
            kept.pop()
            cut = None
            continue
        m = _INLINE_TRAILER_RE.search(last, max(0, end - _TRAILER_REACH), end)
        if m and m.start() > 0:
            removed.setdefault(i, []).append(m.group(1))
            cut = m.start()
            while cut > 0 and last[cut - 1].isspace():
                cut -= 1
            continue
        break
    if kept and cut is not None:
        kept[-1] = (kept[-1][0], kept[-1][1][:cut])
    for i in sorted(removed):
        trailers.extend(reversed(removed[i]))
    return [text for _, text in kept]
