"""Main-text and metadata extraction from news HTML pages.

A scraped article page is mostly not the article: navigation, share buttons, "related
stories", cookie banners, comments and footers. Downstream enrichment (entities, dates,
quotes) is only as good as the text it gets, so boilerplate removal here favours precision:
trafilatura in precision mode with comments and tables left out, then htmldate for the
original publication date when trafilatura's metadata pass finds none.

Also here: ``html_to_text`` for HTML *fragments* (feed bodies), where boilerplate removal
would wrongly drop short bodies. The metric this module is measured with is in
``tasks.evaluate.html``.

Pure functions: no file or network access.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from dateutil import parser as date_parser
from htmldate import find_date
from lxml import etree

from storywire.tasks.clean.language import detect_language
from storywire.tasks.records import CodedError

__all__ = [
    "ExtractionError",
    "HtmlArticle",
    "html_to_text",
    "parse_date_string",
    "parse_html",
]


class ExtractionError(CodedError, ValueError):
    """Raised when a page yields no article text (``code``: ``empty_html``, ``no_main_text``)."""


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """The article found in one HTML page.

    ``text`` holds the body paragraphs separated by blank lines. ``published`` is a
    timezone-aware ``datetime`` when the page gives a time with an offset, a naive
    ``datetime`` for a time without one, a ``date`` when it gives only a day.
    ``date_source`` says which extractor found it (``trafilatura`` or ``htmldate``).
    """

    title: str | None
    text: str
    published: dt.datetime | dt.date | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date_source: str | None = None


# htmldate keeps the time and offset when the page has them (JSON-LD, article:published_time).
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# The metadata pass stays fast (structured markup only); the full-page visible-text search,
# twice as slow, runs only when it found nothing.
_FAST_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": _DATE_FORMAT}
# Shorter precision-mode output triggers a second, balanced-mode pass (see parse_html).
_MIN_PRECISE_CHARS = 500
# A page whose longest extracted paragraph is shorter than this holds no article, only
# menu items or labels ("Home", "News", "404"). Characters, not words: CJK has no spaces.
_MIN_PARAGRAPH_CHARS = 40
_CONFIDENT_LANGUAGE = 0.9
_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)


def parse_date_string(value: str) -> dt.datetime | dt.date | None:
    """Parse an ISO-8601-like date string, keeping only the precision it really has.

    ``2024-03-05`` and ``2024-03-05T00:00:00`` without an offset (htmldate's way of saying
    "day only") become a ``date``; a time with an offset stays an aware ``datetime``.
    """
    try:
        parsed = date_parser.isoparse(value.strip())
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is None and parsed.time() == dt.time(0, 0):
        return parsed.date()
    return parsed


def _paragraphs(text: str) -> str:
    """Trafilatura separates blocks with one newline; the project uses blank lines."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _drop_title(text: str, title: str | None) -> str:
    """Remove the headline when trafilatura kept it as the first body paragraph."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    squash = re.compile(r"\W+")
    if rest and squash.sub("", first).lower() == squash.sub("", title).lower():
        return rest
    return text


_JSONLD = re.compile(
    r"<script[^>]+type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)


def _jsonld_nodes(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        yield value
        yield from _jsonld_nodes(value.get("@graph"))
    elif isinstance(value, list):
        for item in value:
            yield from _jsonld_nodes(item)


def _jsonld_published(html: str) -> dt.datetime | dt.date | None:
    """``datePublished`` from schema.org JSON-LD, keeping its time and offset.

    htmldate reads the same field but reduces it to a day; the wire timestamp matters
    for ordering stories published on the same day.
    """
    for block in _JSONLD.findall(html):
        try:
            data = json.loads(block.strip())
        except ValueError:
            continue
        for node in _jsonld_nodes(data):
            value = node.get("datePublished")
            if isinstance(value, str) and (parsed := parse_date_string(value)) is not None:
                return parsed
    return None


def _html_language(html: str, text: str) -> str | None:
    """The language of the article text, falling back on the page's ``<html lang>``.

    Detection on the extracted body wins when it is confident: templates often carry a
    site-wide ``lang`` that is wrong for the article (4 of ~150 declared pages in the
    extraction benchmark, e.g. German posts on a ``lang="en"`` blog), while detection on a
    full article body was right on all of them.
    """
    detected, confidence = detect_language(text)
    if detected is not None and confidence >= _CONFIDENT_LANGUAGE:
        return detected
    match = _HTML_LANG.search(html[:5000])
    if match:
        return match.group(1).lower()
    return detected


def _extract(html: str, url: str | None, include_tables: bool, *, precise: bool) -> Any:
    """One trafilatura pass with metadata; ``precise`` selects precision mode."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=precise,
        include_comments=False,
        include_tables=include_tables,
        date_extraction_params={**_FAST_DATE_PARAMS, "url": url},
    )


def parse_html(
    html: str,
    *,
    url: str | None = None,
    include_tables: bool = False,
) -> HtmlArticle:
    """Extract the article body and its metadata from a full HTML page.

    Trafilatura runs in precision mode without comments (reader comments are not the story)
    and, by default, without tables (numbers grids read badly as prose for NLP; including
    them raises benchmark recall a little, see the project README). The publication date is
    the *original* one, not "updated": trafilatura's metadata pass first, htmldate's
    extensive visible-text search as a fallback.

    Raises ``ExtractionError('empty_html')`` for blank input and
    ``ExtractionError('no_main_text')`` when no article body can be found.
    """
    if not html or not html.strip():
        raise ExtractionError("empty_html", "the page is empty")
    doc = _extract(html, url, include_tables, precise=True)
    text = _paragraphs(doc.text or "") if doc is not None else ""
    if len(text) < _MIN_PRECISE_CHARS:
        # Precision mode sometimes keeps only a reprint notice or nothing on pages with an
        # unusual layout; balanced mode then usually finds the real body.
        balanced = _extract(html, url, include_tables, precise=False)
        balanced_text = _paragraphs(balanced.text or "") if balanced is not None else ""
        if len(balanced_text) > len(text):
            doc, text = balanced, balanced_text
    if not text:
        raise ExtractionError("no_main_text", f"no article body found in {url or 'page'}")

    text = _drop_title(text, doc.title)
    if max(len(p) for p in text.split("\n\n")) < _MIN_PARAGRAPH_CHARS:
        raise ExtractionError(
            "no_main_text", f"only short fragments (menus, labels) found in {url or 'page'}"
        )

    published = _jsonld_published(html)
    date_source: str | None = "json-ld" if published is not None else None
    if published is None and doc.date:
        published = parse_date_string(doc.date)
        date_source = "trafilatura" if published is not None else None
    if published is None:
        found = find_date(
            html, url=url, original_date=True, extensive_search=True, outputformat=_DATE_FORMAT
        )
        published = parse_date_string(found) if found else None
        date_source = "htmldate" if published is not None else None

    return HtmlArticle(
        title=(doc.title or "").strip() or None,
        text=text,
        published=published,
        author=(doc.author or "").strip() or None,
        sitename=(doc.sitename or "").strip() or None,
        url=doc.url or url,
        language=_html_language(html, text),
        description=(doc.description or "").strip() or None,
        categories=tuple(c for c in (doc.categories or []) if c),
        tags=tuple(t for t in (doc.tags or []) if t),
        date_source=date_source,
    )


# --- HTML fragments (feed bodies) ----------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
        "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "pre", "table", "tr", "figure",
        "figcaption", "address", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html",
    }
)  # fmt: skip
_PARAGRAPH_MARK = "\x00"


def _walk(element: etree._Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None or tag.lower() in _SKIP_TAGS:  # comments, processing instructions, scripts
        if element.tail:
            out.append(element.tail)
        return
    tag = tag.lower()
    block = tag in _BLOCK_TAGS
    if tag == "br":
        out.append("\n")
    if block:
        out.append(_PARAGRAPH_MARK)
    if element.text:
        out.append(element.text)
    for child in element:
        _walk(child, out)
    if block:
        out.append(_PARAGRAPH_MARK)
    if element.tail:
        out.append(element.tail)


def html_to_text(fragment: str) -> str:
    """Convert an HTML fragment (a feed item's body) to plain paragraphs.

    Unlike ``parse_html`` this keeps *everything* visible: a feed body is already the article,
    and boilerplate heuristics would drop a legitimately short one. Block elements become
    paragraphs separated by blank lines, ``<br>`` a line break, entities are decoded, and
    scripts and styles are dropped.
    """
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    out: list[str] = []
    _walk(root, out)
    paragraphs = []
    for block in "".join(out).split(_PARAGRAPH_MARK):
        lines = (re.sub(r"[ \t\r\n\u00a0]+", " ", ln).strip() for ln in block.split("\n"))
        paragraph = "\n".join(ln for ln in lines if ln)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)
