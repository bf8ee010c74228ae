"""Recover the structure of a plain-text wire story.

Scraped and archived wire copy arrives as plain text in a few recurring shapes, in English,
Russian or French (whose own words for each line are in ``tasks.clean.wire_ru_fr``):

* scraped pages (TASS, Interfax, Xinhua...): a site-section line ("All news"), the
  headline, a subheadline, photo caption lines and a "©" credit, then the body whose
  first paragraph opens with the dateline;
* modern agency copy (AP, Reuters, AFP): headline, byline lines, ``WASHINGTON (AP) —``
  lede, and sign-offs such as ``(Reporting by ...; Editing by ...)`` or ``Enditem``;
* 1990s wire feeds: tab-indented paragraphs hard-wrapped at ~70 columns, ``_`` dashes,
  ````quotes''``, editor codes like ``(cm-kjd)`` and ``AP-NY-03-14-98 1422EST`` slugs;
* structureless text: just paragraphs (or one long line).

:func:`parse_wire_text` rebuilds paragraphs first (joining hard line breaks), then splits
a short header zone from the body, using the dateline as the strongest anchor, and finally
strips boilerplate and sign-offs into ``ParsedText.trailers`` so that downstream NLP sees
only the story's prose. It never invents a headline from a body sentence: without a
dateline, only a short, title-like first line followed by a paragraph break is a headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storywire.tasks.clean import wire_ru_fr
from storywire.tasks.clean.datelines import split_dateline
from storywire.tasks.clean.trailers import AGENCY_NAMES, is_trailer, strip_trailers
from storywire.tasks.records import Dateline, ParsedText

__all__ = ["is_trailer", "parse_wire_text"]

# How far into the story a dateline may sit (after header lines or notices).
_MAX_HEADER_PARAGRAPHS = 10
# Header lines are short; a header candidate longer than this is prose.
_MAX_HEADER_WORDS = 45
_MAX_TITLE_WORDS = 25
_MAX_TITLE_CHARS = 200

_INDENT_RE = re.compile(r"^(?:\t|[ ]{2,})[ \t]*\S")
_WS_RE = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class _Para:
    """One rebuilt paragraph and where it came from (blank-line block, first line)."""

    text: str
    block: int
    line: int
    indented: bool


# --------------------------------------------------------------------------- paragraphs


def _is_wire_layout(lines: list[str]) -> bool:
    """True for the 1990s layout: indented paragraph starts plus unindented continuations."""
    indented = continuation = 0
    prev_nonblank = False
    for line in lines:
        blank = not line.strip()
        if not blank and _INDENT_RE.match(line):
            indented += 1
        elif not blank and prev_nonblank:
            continuation += 1
        prev_nonblank = not blank
    nonblank = sum(1 for line in lines if line.strip())
    return indented >= 2 and (continuation >= 1 or indented * 2 >= nonblank)


def _wrap_width(lines: list[str]) -> int | None:
    """Column width of a hard-wrapped (but unindented) text, or None if lines are unwrapped.

    Wrapped text has many lines close to one width, with the short last line of each
    paragraph; unwrapped scraped text has one (often very long) line per paragraph.
    """
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 6:
        return None
    p90 = lengths[int(len(lengths) * 0.9) - 1]
    if p90 > 100:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * p90)
    return p90 if near >= 0.5 * len(lengths) else None


def _join(lines: list[str]) -> str:
    """Join hard-wrapped lines; keep compounds broken at a hyphen ("ten-\nyear") intact."""
    parts: list[str] = []
    for raw in lines:
        line = raw.strip()
        if parts:
            prev = parts[-1]
            glue = prev.endswith("-") and not prev.endswith("--") and prev[-2:-1].isalpha()
            parts.append("" if glue else " ")
        parts.append(line)
    return "".join(parts)


def _clean(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def _paragraphs(text: str) -> list[_Para]:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    wire = _is_wire_layout(lines)
    width = None if wire else _wrap_width(lines)
    paras: list[_Para] = []
    cur: list[str] = []
    cur_start = 0
    cur_indented = False
    block = 0
    prev_len = 0

    def flush() -> None:
        if cur:
            cleaned = _clean(_join(cur))
            if cleaned:
                paras.append(_Para(cleaned, block, cur_start, cur_indented))
        cur.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            flush()
            block += 1
            prev_len = 0
            continue
        indented = bool(_INDENT_RE.match(line))
        if wire:
            # Sign-offs ("AP-NY-03-12-98 1547EST") sit unindented under the last paragraph.
            starts_new = (
                indented
                or not cur
                or is_trailer(line)
                or (
                    len(cur) == 1
                    and len(cur[0].split()) <= 3
                    and is_trailer(cur[0], at_end=True)
                )
            )
        elif width is not None:
            starts_new = not cur or prev_len < 0.6 * width
        else:
            starts_new = True
        if starts_new:
            flush()
            cur_start, cur_indented = i, indented
        cur.append(line)
        prev_len = len(line.rstrip())
    flush()
    return paras


# --------------------------------------------------------------------------- line classes

_BOILERPLATE_HEADER = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bcopyright\b.*\b(?:reserved|without|portion|permission|attribution|used)\b",
        r"\b(?:no portion|may not be|without attribution|without permission)\b",
        # Editor's notes in parentheses: "&UR; (Jane Doe is a staff writer ...) &LR;".
        r"^(?:&\w+;\s*)?\((?=[^)]*\b(?:staff writer|writer for|writes for|distributed by|"
        r"editor'?s note|this (?:story|article|report) (?:was|is|first)|correspondent for|"
        r"special to|news service|columnist for|contributor to|reported from)\b).{0,400}\)"
        r"(?:\s*&\w+;)?$",
    )
]
_TIMESTAMP_RE = re.compile(
    r"^(?:(?:published|updated|last updated|posted|first published|modified)\b[:\s].{0,80}"
    r"|\d{1,2}\s+\w+\s+\d{4},?\s+\d{1,2}:\d{2}.{0,20}"
    r"|\d{1,2}\s+[A-Za-z]{3,9},?\s+\d{1,2}:\d{2}(?:\s*(?:am|pm|[A-Z]{2,4}))?"
    r"|\w+\s+\d{1,2},\s+\d{4},?\s+(?:at\s+)?\d{1,2}:\d{2}.{0,20}"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.{0,20}"
    r"|\d{1,2}:\d{2}\s*(?:am|pm)?\s*(?:[A-Z]{2,4})?,?\s+\w+\s+\d{1,2}(?:,\s+\d{4})?)$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^By\s+(?:[A-Z][\w.'’\-]*|[a-z]{2,3}\s+[A-Z])[\w.'’\-]*(?:[\s,]+(?:and\s+)?[\w.'’\-]+){0,11}$"
)
_AFFILIATION_RE = re.compile(
    rf"^(?:The\s+)?(?:{AGENCY_NAMES})"
    r"(?:\s+[A-Z][\w\-]*){0,3}(?:\s+(?:Writers?|Correspondents?|Reporters?|Editors?))?$"
    r"|^(?:[A-Z][\w\-]*\s+){0,3}(?:Staff\s+)?(?:Writers?|Correspondents?|Reporters?|Editor)$"
    r"|^(?:Special|Staff)\s+to\s+.{2,60}$"
)
_CREDIT_LINE_RE = re.compile(
    r"^(?:©|\(c\)\s|photo\s*(?:credit)?\s*:|photograph\s*:|image\s*:|picture\s*:|credit\s*:|"
    r"photo by\b|photos by\b|photo courtesy\b)\s*(?P<credit>.+)$",
    re.IGNORECASE,
)
_CREDIT_WHOLE_RE = re.compile(
    r"^\(?(?P<credit>(?:AP|AFP|Reuters|EPA|Xinhua|TASS|Sputnik)\s*(?:Photo|Images?)?\s*/\s*[^()]{2,80}"
    r"|[A-Z][A-Za-z .&\-]{1,40}/(?:Getty Images|AFP|Reuters|EPA|AP|Shutterstock|Alamy|Bloomberg))\)?$"
)
_CAPTION_CREDIT_SUFFIX_RE = re.compile(
    r"^(?P<caption>.+?)\s*(?:\((?P<paren>[^()]*\b(?:Photo|Photograph|Pool|Images?)\b[^()]*)\)"
    r"|(?:Photo|Photograph|Credit)\s*:\s*(?P<after>[^.]{2,80})"
    r"|(?P<slash>(?:REUTERS|AFP|EPA|AP)/[A-Z][^.]{1,60}))\s*\.?$"
)
_NAV_SEP_RE = re.compile(r"\s(?:>|»|›|\||/|·|•)\s")
_SECTIONS = frozenset(
    {
        "all news", "news", "latest news", "top stories", "breaking news", "world", "world news",
        "politics", "business", "economy", "business & economy", "markets", "finance",
        "sport", "sports", "science", "science & space", "technology", "tech", "health",
        "society & culture", "culture", "entertainment", "lifestyle", "opinion", "analysis",
        "military & defense", "defense", "emergencies", "international", "home", "local",
        "national", "europe", "asia", "africa", "americas", "middle east", "us", "u.s.",
        "uk", "russia", "china", "environment", "climate", "energy", "education", "travel",
        "weather", "crime", "law", "science & technology", "in focus", "press review",
    }
)


def _matches_any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _ends_like_sentence(text: str) -> bool:
    core = text.rstrip(" \"'”’»)]`")
    # Full-width marks end Chinese and Japanese sentences ("。"), so such a line is prose.
    ends = core.endswith((".", ";", ",", ":", "。", "；", "，", "：", "．"))
    return ends and not re.search(r"\b(?:[A-Z]\.){2,}$", core)


def _is_title_like(text: str) -> bool:
    """A headline/subheadline shape: short, no sentence-final period."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_TITLE_WORDS
        and len(text) <= _MAX_TITLE_CHARS
        and not _ends_like_sentence(text)
        and any(c.isalpha() for c in text)
    )


def _is_site_header(text: str) -> bool:
    """Section names and breadcrumb trails that scraped pages put above the headline."""
    low = text.lower().strip(" :")
    if low in _SECTIONS or wire_ru_fr.section(text):
        return True
    words = text.split()
    return len(words) <= 10 and bool(_NAV_SEP_RE.search(text)) and not _ends_like_sentence(text)


_NAME_GLUE = frozenset({"and", "of", "de", "van", "von", "der", "da", "di", "la", "le", "bin", "al"})
_STAFF_BYLINE_RE = re.compile(
    r"^(?:by\s+|from\s+)?(?:the\s+)?(?:staff(?: and wire)? reports?|staff|wire reports?|"
    r"news services|wire services|staff and agencies|agencies)$",
    re.IGNORECASE,
)


def _byline(text: str) -> bool:
    """A byline line: "By JANE DOE", "By Jane Doe and John Roe", "Staff Reports".

    Names are capitalized, so "By Monday, most shops had closed." is not a byline.
    """
    if _STAFF_BYLINE_RE.match(text) or wire_ru_fr.byline(text):
        return True
    if not _BYLINE_RE.match(text) or len(text) > 120 or text.rstrip().endswith("."):
        return False
    words = [w for w in re.findall(r"[^\s,]+", text)[1:] if w.lower() not in _NAME_GLUE]
    capitalized = sum(w[:1].isupper() for w in words)
    return bool(words) and capitalized * 3 >= len(words) * 2


def _credit_of(text: str) -> str | None:
    """The credit named by a pure credit line ("© X", "Photo: X", "AP Photo/X"), else None."""
    m = _CREDIT_LINE_RE.match(text)
    if m:
        return m.group("credit").strip()
    m = _CREDIT_WHOLE_RE.match(text)
    return m.group("credit").strip() if m else wire_ru_fr.credit_of(text)


def _caption_with_credit(text: str) -> tuple[str, str] | None:
    """Split "Caption text. (AP Photo/Jane Doe)" into caption and credit."""
    if len(text.split()) > 80:
        return None
    m = _CAPTION_CREDIT_SUFFIX_RE.match(text)
    if not m:
        return wire_ru_fr.caption_with_credit(text)
    credit = m.group("paren") or m.group("after") or m.group("slash")
    return m.group("caption").strip(), credit.strip()


# --------------------------------------------------------------------------- header zone


@dataclass(slots=True)
class _Header:
    site_header: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    caption: str | None = None
    credit: str | None = None


def _classify_header(items: list[_Para], trailers: list[str], warnings: list[str]) -> _Header:
    """Assign the lines above the body to header fields.

    Order matters: credits, bylines and notices are recognized by their own shape; what is
    left is, in order, the headline, the subheadline, then caption text (scraped pages put
    the photo caption right above its credit line).
    """
    header = _Header()
    rest: list[tuple[int, _Para]] = []
    bylines: list[str] = []
    caption_parts: list[str] = []
    credits: list[str] = []
    credit_at: set[int] = set()
    prev_byline = False
    for idx, item in enumerate(items):
        text = item.text
        if is_trailer(text) or _matches_any(_BOILERPLATE_HEADER, text):
            trailers.append(text)
            prev_byline = False
            continue
        if _TIMESTAMP_RE.match(text) or wire_ru_fr.is_timestamp(text):
            trailers.append(text)
            continue
        if _byline(text):
            bylines.append(text)
            prev_byline = True
            continue
        if prev_byline and _AFFILIATION_RE.match(text):
            bylines.append(text)
            continue
        if rest and wire_ru_fr.bare_name(text) and not (
            idx + 1 < len(items) and _credit_of(items[idx + 1].text) is not None
        ):  # a name alone under the headline is its byline; above a credit, a caption
            bylines.append(text)
            continue
        prev_byline = False
        credit = _credit_of(text)
        if credit is not None:
            credits.append(credit)
            credit_at.add(idx)
            continue
        split = _caption_with_credit(text)
        if split is not None and rest:
            caption_parts.append(split[0])
            credits.append(split[1])
            continue
        if not rest and header.site_header is None and _is_site_header(text) and len(items) > 1:
            header.site_header = text
            continue
        rest.append((idx, item))

    if rest:
        header.headline = rest[0][1].text
        others = rest[1:]
        first = others[0][1].text if others else ""
        if (len(others) == 1 and others[0][0] + 1 in credit_at) or any(
            first.endswith(c) and first != c for c in credits
        ):
            # A single line right above the credit is the photo caption, and so is a
            # scraped "<caption> <credit>" duplicate: neither is a subheadline.
            caption_parts = [o[1].text for o in others] + caption_parts
        elif others:
            header.subheadline = others[0][1].text
            extra = [o[1].text for o in others[1:]]
            if extra:
                caption_parts = extra + caption_parts
                if not credits:
                    warnings.append("header_lines_as_caption")
    header.byline = ", ".join(b.rstrip(",") for b in bylines) if bylines else None
    header.credit = "; ".join(dict.fromkeys(credits)) if credits else None
    header.caption = _merge_captions(caption_parts, credits) if caption_parts else None
    return header


def _merge_captions(parts: list[str], credits: list[str]) -> str:
    """Join caption lines, dropping scraped duplicates such as "<caption> <credit>"."""
    kept: list[str] = []
    for part in parts:
        stripped = part
        for credit in credits:
            if stripped.endswith(credit) and stripped != credit:
                stripped = stripped[: -len(credit)].rstrip(" ,;:-–—|/")
        if any(stripped == other or stripped in other for other in kept):
            continue
        kept = [k for k in kept if k not in stripped]
        kept.append(stripped)
    # A duplicate may also come first: drop parts contained in a later, cleaner part.
    unique = [k for k in kept if not any(k != o and o in k and len(o) > 10 for o in kept)]
    return " ".join(unique or kept)


def _header_candidate(p: _Para) -> bool:
    """A paragraph that may sit above the dateline: short, or a recognizable notice."""
    if _matches_any(_BOILERPLATE_HEADER, p.text) or is_trailer(p.text):
        return True
    return len(p.text.split()) <= _MAX_HEADER_WORDS


_ENDS_LIKE_DATELINE_RE = re.compile(r"(?:\s[—–_-]|\s--|[—–]|\)|/\.?)\s*$")


def _find_dateline(paras: list[_Para]) -> tuple[int, int, Dateline, str] | None:
    """First paragraph (within the header zone) that opens with a dateline.

    Returns (index of the dateline paragraph, index of the first paragraph after the
    dateline's text, dateline, rest of the lede).
    """
    for i, p in enumerate(paras[:_MAX_HEADER_PARAGRAPHS]):
        dateline, rest = split_dateline(p.text)
        if dateline is not None and (rest or i + 1 < len(paras)):
            return i, i + 1, dateline, rest
        if (
            dateline is None
            and i + 1 < len(paras)
            and len(p.text.split()) <= 8
            and _ENDS_LIKE_DATELINE_RE.search(p.text)
        ):
            # A dateline on a line of its own ("WASHINGTON _" then the lede): read it
            # together with the next paragraph, and accept it only if it ends exactly there.
            joined = f"{p.text} {paras[i + 1].text}"
            dateline, rest = split_dateline(joined)
            if dateline is not None and len(dateline.raw) >= len(p.text.strip()):
                return i, i + 2, dateline, rest
        if not _header_candidate(p):
            return None
    return None


def _leading_header_count(paras: list[_Para]) -> int:
    """Without a dateline: how many leading paragraphs form the header.

    Only header-shaped paragraphs count (title-like lines, bylines, credits, notices), and
    the first one must be followed by a paragraph break, so a structureless story keeps all
    its text in the body.
    """
    n = 0
    for p in paras[:_MAX_HEADER_PARAGRAPHS]:
        text = p.text
        shaped = (
            _is_title_like(text)
            or _byline(text)
            or _credit_of(text) is not None
            or _TIMESTAMP_RE.match(text) is not None
            or wire_ru_fr.is_timestamp(text)
            or _matches_any(_BOILERPLATE_HEADER, text)
        )
        if not shaped or (p.indented and n > 0 and not _matches_any(_BOILERPLATE_HEADER, text)):
            break
        n += 1
    if n == len(paras):
        # All header-shaped: a header with no body (the caller rejects it), unless it is
        # a single line of text, which is more likely a one-paragraph story.
        return n if n > 1 or _is_title_like(paras[0].text) else 0
    if n and paras[0].indented:
        return 0
    return n


# --------------------------------------------------------------------------- body


def parse_wire_text(text: str) -> ParsedText:
    """Recover headline, header fields, dateline, body paragraphs and trailers of a story.

    ``text`` is the raw story as plain text (any of the layouts in the module docstring).
    The returned body paragraphs have the dateline prefix removed and hard line breaks
    joined; header fields are None when the text has no such cue. A text with a header
    but no story text returns empty ``body_paragraphs``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_wire_text expects str, got {type(text).__name__}")
    paras = _paragraphs(text)
    trailers: list[str] = []
    warnings: list[str] = []
    if not paras:
        return ParsedText(headline=None, body_paragraphs=(), warnings=("empty_text",))

    found = _find_dateline(paras)
    dateline: Dateline | None = None
    if found is not None:
        idx, after, dateline, rest = found
        header_items = paras[:idx]
        body_texts = ([rest] if rest else []) + [p.text for p in paras[after:]]
        if not dateline.date_valid:
            warnings.append("invalid_dateline_date")
    else:
        n = _leading_header_count(paras)
        header_items = paras[:n]
        body_texts = [p.text for p in paras[n:]]

    header = _classify_header(header_items, trailers, warnings)
    if header.byline is None and dateline is not None:  # RIA and TASS name reporters there
        header.byline = wire_ru_fr.dateline_byline(dateline.raw)
    body = strip_trailers(body_texts, trailers)
    if not body:
        warnings.append("no_body")
    return ParsedText(
        headline=header.headline,
        body_paragraphs=tuple(body),
        subheadline=header.subheadline,
        site_header=header.site_header,
        byline=header.byline,
        caption=header.caption,
        credit=header.credit,
        dateline=dateline,
        trailers=tuple(trailers),
        warnings=tuple(dict.fromkeys(warnings)),
    )
