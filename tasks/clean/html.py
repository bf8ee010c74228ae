"""Main-text and metadata extraction from news HTML pages.

A scraped article page is mostly not the article: navigation, share buttons, "related
stories", cookie banners, comments and footers. Downstream enrichment (entities, dates,
quotes) is only as good as the text it gets, so boilerplate removal here favours precision:
trafilatura in precision mode with comments and tables left out.

The publication date comes only from structured metadata: JSON-LD ``datePublished``,
``article:published_time`` and the other publication ``<meta>`` tags, microdata
``itemprop="datePublished"``, a ``<time datetime>`` marked as the publication or inside the
``<article>``. A date guessed from free text, a bare year or digits inside an inline
``data:`` image is not metadata; failing metadata, a labelled date line shown above the
article ("Posted on 22 April 2022 by ...") is reported as a date line of the page
(``date_evidence`` ``text``), and otherwise the date is left to the story text.

Pages are parsed with lxml's ``huge_tree`` (libxml2 otherwise stops at 256 nested
elements and silently drops the rest of the page); a page nested deeper than 2,048 levels,
deeper than any real page, is flattened to its paragraphs with a warning.

Also here: ``html_to_text`` for HTML *fragments* (feed bodies), where boilerplate removal
would wrongly drop short bodies. The metric this module is measured with is in
``tasks.evaluate.html``.

Pure functions: no file or network access.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from dateutil import parser as date_parser
from lxml import etree

from storywire.tasks.clean.language import detect_language
from storywire.tasks.clean.timestamps import find_stamps, parse_stamp, publication_stamp
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
    ``date_source`` says where it was found: ``json-ld``, ``meta``, ``microdata``,
    ``time`` (structured metadata) or ``page_text`` (a date line shown above the article).
    ``warnings`` notes what the page cost (``html_nesting_flattened``).
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
    warnings: tuple[str, ...] = ()

    @property
    def date_evidence(self) -> str | None:
        """The date's step in the publication-date cascade: ``html`` for metadata,
        ``text`` for a date line of the page, None without a date."""
        if self.published is None:
            return None
        return "text" if self.date_source == "page_text" else "html"


# Trafilatura's own date guess is not used (it falls back on free text); keep its pass fast.
_FAST_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# libxml2's nesting limit with huge_tree; a deeper page is flattened (see parse_html).
_MAX_DEPTH_ERROR = "Excessive depth"
_ISO_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])|\d{8}(?!\d)")
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

    ``2024-03-05`` and ``2024-03-05T00:00:00`` without an offset (a CMS's way of saying
    "day only") become a ``date``; a time with an offset stays an aware ``datetime``.
    Other layouts (``Tue, 04 Mar 2025 10:00:00 +0000``, ``March 3, 2025``) are read only
    when they are exactly one full date (``timestamps.parse_stamp``).
    """
    text = value.strip()
    try:
        if not _ISO_FULL_DATE.match(text):
            raise ValueError("not an ISO date with a day")  # "2019", "2019-11": no day
        parsed = date_parser.isoparse(text)
    except (ValueError, OverflowError):
        stamp = parse_stamp(text[:100])
        if stamp is None:
            return None
        return stamp[1] if stamp[1] is not None else stamp[0]
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


# --- structured publication dates ----------------------------------------------------------

# Publication <meta> names (name=, property= or itemprop=), best first. Modified/updated
# times are not publication dates and are not listed.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "article:published", "published_time", "datepublished", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
    "citation_publication_date", "citation_date", "pubdate", "publishdate", "publish-date",
    "publish_date", "publication_date", "published-date", "article.published",
    "article_date_original", "original-publish-date", "parsely-pub-date", "sailthru.date",
    "date",
)  # fmt: skip
_META_RANK = {name: i for i, name in enumerate(_PUBLISHED_META)}
# Site-specific names ("sn-post-date", "cXenseParse:publishtime") rank after the known ones.
_PUBLISH_NAME = re.compile(r"publish|pub-?date|post-?date|posted|created|issued|release", re.I)
_JSONLD_FIELD = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_ARTICLE_TYPES = re.compile(r"article|posting|report|news", re.IGNORECASE)
_UPDATE_CLASS = re.compile(r"updat|modif|edit", re.IGNORECASE)
_PUBLISH_CLASS = re.compile(r"publish|posted|created|pubdate", re.IGNORECASE)


def _jsonld_nodes(value: Any) -> Iterator[Mapping[str, Any]]:
    """Objects of a JSON-LD document, breadth-first (lists and ``@graph``), without recursion."""
    queue: deque[Any] = deque([value])
    seen = 0
    while queue and seen < 10_000:
        item = queue.popleft()
        seen += 1
        if isinstance(item, Mapping):
            yield item
            queue.append(item.get("@graph"))
        elif isinstance(item, list):
            queue.extend(item)


def _jsonld_published(tree: Any) -> dt.datetime | dt.date | None:
    """``datePublished`` from schema.org JSON-LD, the article's node first, keeping its time
    and offset (a page's JSON-LD may also list other pages' dates)."""
    fallback: dt.datetime | dt.date | None = None
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip(), strict=False)
        except (ValueError, RecursionError):
            # Broken JSON-LD is common (a stray quote in a description): the field still is.
            m = _JSONLD_FIELD.search(script.text)
            fallback = fallback or (parse_date_string(m.group(1)) if m else None)
            continue
        for node in _jsonld_nodes(data):
            value = node.get("datePublished")
            if not isinstance(value, str) or (parsed := parse_date_string(value)) is None:
                continue
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
                return parsed
            fallback = fallback or parsed
    return fallback


def _meta_published(tree: Any) -> dt.datetime | dt.date | None:
    best: tuple[int, dt.datetime | dt.date] | None = None
    for meta in tree.iter("meta"):
        for attr in ("property", "name", "itemprop"):
            name = (meta.get(attr) or "").strip().lower()
            rank = _META_RANK.get(name)
            if rank is None and _PUBLISH_NAME.search(name) and not _UPDATE_CLASS.search(name):
                rank = len(_META_RANK)
            if rank is None or (best is not None and rank >= best[0]):
                continue
            parsed = parse_date_string(meta.get("content") or "")
            if parsed is not None:
                best = (rank, parsed)
    return best[1] if best else None


def _element_date(element: Any) -> dt.datetime | dt.date | None:
    for attr in ("datetime", "content"):
        if (value := element.get(attr)) and (parsed := parse_date_string(value)) is not None:
            return parsed
    return parse_date_string(" ".join(element.text_content().split())[:100])


def _microdata_published(tree: Any) -> dt.datetime | dt.date | None:
    for element in tree.iterfind('.//*[@itemprop="datePublished"]'):
        if element.tag != "meta" and (parsed := _element_date(element)) is not None:
            return parsed
    return None


def _time_published(tree: Any) -> dt.datetime | dt.date | None:
    """A ``<time datetime>`` marked as the publication (``pubdate``, a "published" class),
    else the first one inside the ``<article>`` that is not marked as an update."""
    in_article = None
    for element in tree.iter("time"):
        if not element.get("datetime"):
            continue
        parent = element.getparent()
        marks = f"{element.get('class') or ''} {parent.get('class') or '' if parent is not None else ''}"
        if _UPDATE_CLASS.search(marks):
            continue
        marked = element.get("pubdate") is not None or _PUBLISH_CLASS.search(marks)
        related = any(_boilerplate(a, a.tag) for a in element.iterancestors()
                      if isinstance(a.tag, str))
        if marked and not related and (parsed := _element_date(element)) is not None:
            return parsed
        if in_article is None and any(a.tag == "article" for a in element.iterancestors()):
            in_article = _element_date(element)
    return in_article


_MACHINE_ATTRS = ("datetime", "content", "value", "data-pubdate", "data-published",
                  "data-date", "data-timestamp", "title")


def _markup_published(tree: Any) -> dt.datetime | dt.date | None:
    """A machine-readable value on an element marked as the publication date:
    ``<input class="published_date" value="2019-11-18 23:41:18">``,
    ``<span class="pub-date" data-pubdate="Nov. 18, 2019, 4:06 p.m.">``."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "html", "body", "article"):
            continue
        marks = " ".join(element.get(a) or "" for a in ("class", "id", "itemprop", "name"))
        if not _PUBLISH_NAME.search(marks) or _UPDATE_CLASS.search(marks):
            continue
        if any(_boilerplate(a, a.tag) for a in element.iterancestors() if isinstance(a.tag, str)):
            continue  # a related story's date
        for attr in _MACHINE_ATTRS:
            if (value := element.get(attr)) and (parsed := parse_date_string(value)) is not None:
                return parsed
    return None


def _structured_published(tree: Any) -> tuple[dt.datetime | dt.date | None, str | None]:
    for source, find in (("json-ld", _jsonld_published), ("meta", _meta_published),
                         ("microdata", _microdata_published), ("time", _time_published),
                         ("markup", _markup_published)):
        if (found := find(tree)) is not None:
            return found, source
    return None, None


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


def _extract(tree: Any, url: str | None, include_tables: bool, *, precise: bool) -> Any:
    """One trafilatura pass with metadata; ``precise`` selects precision mode."""
    return trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        favor_precision=precise,
        include_comments=False,
        include_tables=include_tables,
        date_extraction_params={**_FAST_DATE_PARAMS, "url": url},
    )


# --- parsing deep pages ----------------------------------------------------------------------

# Kept when a too-deep page is flattened: what carries metadata, paragraphs and line breaks.
_FLAT_KEEP = "html|head|title|meta|link|script|style|body|p|br"
_FLATTEN_TAGS = re.compile(rf"</?(?!(?:{_FLAT_KEEP})\b)[A-Za-z][\w:-]*(?:\s[^>]*)?/?>")


def _too_deep(parser: Any) -> bool:
    return any(_MAX_DEPTH_ERROR in str(e.message) for e in parser.error_log)


def _parse_tree(html: str) -> tuple[Any, str, tuple[str, ...]]:
    """The page's tree (huge_tree: 2,048 levels), the HTML it came from, and warnings.

    A page nested deeper loses everything after the limit in libxml2; it is flattened to
    its paragraphs instead, which keeps all its text.
    """
    parser = _parser()
    tree = _document(html, parser)
    if not _too_deep(parser):
        return tree, html, ()
    flat = _FLATTEN_TAGS.sub(" ", html)
    return (
        _document(flat, _parser()),
        flat,
        ("html_nesting_flattened: deeper than 2048 elements, kept as paragraphs",),
    )


def _parser() -> Any:
    """Trafilatura's own parser settings, plus huge_tree."""
    return lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False,
                                encoding="utf-8", remove_comments=True, remove_pis=True)


def _document(html: str, parser: Any) -> Any:
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)


# --- a date line shown above the article ---------------------------------------------------

# Containers whose dates are not the article's (comments, related links, menus).
_NOT_ARTICLE = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|sidebar|widgets?|footer|menus?|nav|navbar|navigation|"
    r"newsletter|promo|adverts?|advertisement|recommended|recommendations?|trending|popular|"
    r"most-read|more-stories|teasers?|breadcrumbs?)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Page-wide containers carry site-wide classes ("menu-type-dropdown" on <body>).
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})
_NOT_ARTICLE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "select"})
# Blocks above the article's first paragraph searched for its date line.
_PAGE_HEADER_BLOCKS = 15


def _page_blocks(tree: Any) -> list[str]:
    """The page's visible text as blocks, leaving out menus, asides, comments, related;
    a ``<time datetime>`` becomes a block of its own, ``_TIME_MARK`` + its value."""
    out: list[str] = []
    _walk(tree, out, skip=_boilerplate, times=True)
    return [" ".join(b.split()) for b in "".join(out).split(_PARAGRAPH_MARK) if b.strip()]


def _boilerplate(element: Any, tag: str) -> bool:
    if tag in _NOT_ARTICLE_TAGS:
        return True
    if tag in _PAGE_TAGS:
        return False
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(marks.strip()) and bool(_NOT_ARTICLE.search(marks))


def _page_header_date(tree: Any, text: str) -> tuple[dt.datetime | dt.date | None, str | None]:
    """The date shown just above the article: a ``<time datetime>`` there (``time``), else
    a labelled or date-only line (``page_text``)."""
    # The first real paragraph (a short one, "BAAR, SWITZERLAND", may repeat on the page).
    first = next((" ".join(p.split())[:60] for p in text.split("\n\n") if len(p) >= 40), "")
    if not first:
        return None, None
    blocks = _page_blocks(tree)
    at = next((i for i, b in enumerate(blocks) if first in b), None)
    if at is None:
        return None, None
    header = blocks[max(0, at - _PAGE_HEADER_BLOCKS) : at]
    for block in header:
        if block.startswith(_TIME_MARK) and (found := parse_date_string(block[1:])) is not None:
            return found, "time"
    lines = [b for b in header if not b.startswith(_TIME_MARK)]
    stamp = publication_stamp(find_stamps("\n".join(lines)))
    if stamp is None:
        return None, None
    return (stamp.timestamp if stamp.timestamp is not None else stamp.date), "page_text"


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
    the *original* one, not "updated", from structured metadata only (module docstring).

    Raises ``ExtractionError('empty_html')`` for blank input and
    ``ExtractionError('no_main_text')`` when no article body can be found.
    """
    if not html or not html.strip():
        raise ExtractionError("empty_html", "the page is empty")
    try:
        tree, html, warnings = _parse_tree(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError("no_main_text", f"unparseable page: {exc}") from exc
    # Read before trafilatura runs: its cleaning may drop the scripts and meta tags.
    published, date_source = _structured_published(tree)
    doc = _extract(tree, url, include_tables, precise=True)
    text = _paragraphs(doc.text or "") if doc is not None else ""
    if len(text) < _MIN_PRECISE_CHARS:
        # Precision mode sometimes keeps only a reprint notice or nothing on pages with an
        # unusual layout; balanced mode then usually finds the real body.
        balanced = _extract(tree, url, include_tables, precise=False)
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
    if published is None:
        published, date_source = _page_header_date(tree, text)

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
        warnings=warnings,
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
_TIME_MARK = "\x01"


def _never(element: Any, tag: str) -> bool:
    return False


def _walk(
    root: Any, out: list[str], skip: Callable[[Any, str], bool] = _never, *, times: bool = False
) -> None:
    """Append the visible text under ``root`` to ``out``, blocks between paragraph marks
    (with ``times``, each ``<time datetime>`` also as a block: ``_TIME_MARK`` + value).

    Iterative: a page may nest thousands of elements, far beyond Python's recursion limit.
    """
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        block = tag in _BLOCK_TAGS
        if closing:
            if block:
                out.append(_PARAGRAPH_MARK)
            if element.tail:
                out.append(element.tail)
            continue
        if tag is None or tag in _SKIP_TAGS or skip(element, tag):
            # comments, processing instructions, scripts: only the text after them counts
            if element.tail:
                out.append(element.tail)
            continue
        if tag == "br":
            out.append("\n")
        if times and tag == "time" and element.get("datetime") and not _UPDATE_CLASS.search(
            element.get("class") or ""
        ):
            out.append(f"{_PARAGRAPH_MARK}{_TIME_MARK}{element.get('datetime')}{_PARAGRAPH_MARK}")
        if block:
            out.append(_PARAGRAPH_MARK)
        if element.text:
            out.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def html_to_text(fragment: str) -> str:
    """Convert an HTML fragment (a feed item's body) to plain paragraphs.

    Unlike ``parse_html`` this keeps *everything* visible: a feed body is already the article,
    and boilerplate heuristics would drop a legitimately short one. Block elements become
    paragraphs separated by blank lines, ``<br>`` a line break, entities are decoded, and
    scripts and styles are dropped. A fragment nested too deep for libxml2 is flattened.
    """
    if not fragment.strip():
        return ""
    try:
        parser = lxml.html.HTMLParser(huge_tree=True)
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=parser)
        if _too_deep(parser):
            flat = _FLATTEN_TAGS.sub(" ", fragment)
            root = lxml.html.fragment_fromstring(
                flat, create_parent="div", parser=lxml.html.HTMLParser(huge_tree=True)
            )
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
