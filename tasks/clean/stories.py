"""Bytes of one source file -> story drafts or rejects. Pure: no files, no network, no Prefect.

This is the cleaning stage, one function per step, composed by ``build_stories``:

    sniff kind -> decode -> (html | feed records | wire text) -> invisible characters out
    -> wire structure -> prose check -> sidecar metadata -> publication date -> language
    -> hashes and MinHash signature

Every outcome is a value: a ``StoryDraft`` for each story, a ``Reject`` with a reason code for
what cannot become one, or ``UrlList`` when an HTTP source turns out to be a list of URLs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace

from storywire.tasks.clean.agencies import canonical_agency
from storywire.tasks.clean.decode import DecodeError, decode_bytes
from storywire.tasks.clean.feeds import (
    FeedError,
    FeedRecord,
    FeedRecordError,
    feed_kind,
    parse_feed,
    parse_sidecar,
)
from storywire.tasks.clean.html import parse_html
from storywire.tasks.clean.invisible import strip_invisible
from storywire.tasks.clean.language import detect_language
from storywire.tasks.clean.prose import not_prose_reason
from storywire.tasks.clean.pubdate import resolve_published_date
from storywire.tasks.clean.references import replace_references
from storywire.tasks.clean.sniff import PayloadKind, sniff_kind
from storywire.tasks.clean.wire import parse_wire_text
from storywire.tasks.dedup import content_hash, minhash_signature, signature_bytes
from storywire.tasks.read.fetch import Payload
from storywire.tasks.read.urls import parse_url_list
from storywire.tasks.records import Dateline, ParsedText, Reject, ResolvedDate, StoryDraft, UrlList

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True, slots=True)
class _Metadata:
    # Every date the metadata gives, best first, each with its cascade step (metadata,
    # html, feed, text): all of them reach the date cascade, which drops one out of range.
    dates: tuple[tuple[str, dt.datetime | dt.date], ...] = ()
    url: str | None = None
    agency: str | None = None
    headline: str | None = None
    language: str | None = None


def make_story_id(source_uri: str, item_key: str = "") -> str:
    """Stable id: the same source (and record within it) always gets the same id, so a
    changed file replaces its story instead of adding another."""
    key = f"{source_uri}\x1f{item_key}".encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(key).hexdigest()[:20]


def build_stories(payload: Payload) -> list[StoryDraft | Reject] | UrlList:
    """Clean one fetched source into stories (or rejects, or a URL list)."""
    try:
        return _build(payload)
    except Exception as exc:  # a parser bug must cost one file, not the run
        # transient: a storywire that no longer has the bug must read the file again
        return [Reject(payload.ref.uri, "internal_error", f"{type(exc).__name__}: {exc}", transient=True)]


def url_list_of(payload: Payload) -> UrlList | None:
    """The URL list ``payload`` is, if it is one (a source already known to be unchanged
    needs only this, not the whole cleaning)."""
    try:
        if not payload.ref.is_http or sniff_kind(payload.data, payload.ref.uri, payload.content_type) \
                is not PayloadKind.TEXT:
            return None
        listing = parse_url_list(decode_bytes(payload.data).text)
    except DecodeError:  # not text: not a list
        return None
    return listing.record(payload.ref.uri) if listing else None


def _build(src: Payload) -> list[StoryDraft | Reject] | UrlList:
    kind = sniff_kind(src.data, src.ref.uri, src.content_type)
    if kind is PayloadKind.EMPTY:
        return [Reject(src.ref.uri, "empty", "the file is empty or only whitespace")]
    if kind is PayloadKind.BINARY:
        return [Reject(src.ref.uri, "binary", "binary content, not a text, HTML or JSON story")]
    try:
        decoded = decode_bytes(src.data)
    except DecodeError as exc:
        return [Reject(src.ref.uri, exc.code, exc.detail)]
    if kind is PayloadKind.TEXT:
        # The sniffer reads a prefix with the strict parser; the whole text may be JSON still.
        kind = feed_kind(decoded.text, src.ref.uri, src.content_type) or kind
    warnings = list(decoded.warnings)
    sidecar, sidecar_warnings = _read_sidecar(src.sidecar)
    warnings.extend(sidecar_warnings)

    if kind is PayloadKind.TEXT and src.ref.is_http and (listing := parse_url_list(decoded.text)):
        return listing.record(src.ref.uri)
    if kind in (PayloadKind.JSON, PayloadKind.JSONL):
        return _from_feed(src, decoded.text, kind, decoded.encoding, warnings, sidecar)
    if kind is PayloadKind.HTML:
        try:
            article = parse_html(decoded.text, url=src.ref.uri if src.ref.is_http else None)
        except ValueError as exc:
            return [Reject(src.ref.uri, getattr(exc, "code", "no_main_text"), str(exc))]
        meta = _Metadata(
            dates=_dated(article.date_evidence, article.published),
            url=article.url or (src.ref.uri if src.ref.is_http else None),
            agency=article.sitename,
            headline=article.title,
            language=article.language,
        )
        text = f"{article.title}\n\n{article.text}" if article.title else article.text
        return [_from_text(src, text, "html", decoded.encoding, [*warnings, *article.warnings],
                           _merge(sidecar, meta))]
    return [_from_text(src, decoded.text, "text", decoded.encoding, warnings, sidecar)]


def _from_feed(
    src: Payload,
    text: str,
    kind: PayloadKind,
    encoding: str,
    warnings: list[str],
    sidecar: _Metadata,
) -> list[StoryDraft | Reject]:
    try:
        records = parse_feed(text, kind)
    except FeedError as exc:  # its codes are reasons; any other error is a bug (internal_error)
        return [Reject(src.ref.uri, exc.code, str(exc))]
    if not records:
        return [Reject(src.ref.uri, "empty_feed", "the feed holds no records")]
    out: list[StoryDraft | Reject] = []
    for rec in records:
        if isinstance(rec, FeedRecordError):
            out.append(Reject(src.ref.uri, rec.code, rec.detail, item_key=str(rec.index)))
            continue
        assert isinstance(rec, FeedRecord)
        meta = _Metadata(
            dates=_dated("feed", rec.published),
            url=rec.url,
            agency=rec.source,
            headline=rec.headline,
            language=rec.language,
        )
        story_text = f"{rec.headline}\n\n{rec.body}" if rec.headline else rec.body
        item_key = rec.id or str(rec.index)
        out.append(
            _from_text(src, story_text, kind.value, encoding, [*warnings, *rec.warnings], _merge(sidecar, meta), item_key)
        )
    return out


def _from_text(
    src: Payload,
    text: str,
    input_format: str,
    encoding: str | None,
    warnings: list[str],
    meta: _Metadata,
    item_key: str = "",
) -> StoryDraft | Reject:
    text, meta, warnings = _visible(text, meta, warnings)
    parsed = parse_wire_text(text)
    if meta.headline and input_format != "text":
        parsed = _with_headline(parsed, meta.headline)
    paragraphs = [p for p in parsed.body_paragraphs if p.strip()]
    if not paragraphs:
        what = f"headline {parsed.headline!r} but no body" if parsed.headline else "no body text"
        return Reject(src.ref.uri, "no_body", what, item_key=item_key)
    body = "\n\n".join(paragraphs)
    if (why := not_prose_reason(body)) is not None:
        return Reject(src.ref.uri, "not_prose", why, item_key=item_key)
    warnings = [*warnings, *parsed.warnings]
    # The language first: a yearless dateline's year is inferred from words of its language.
    language, confidence = detect_language(body)
    date = resolve_published_date(
        parsed.dateline,
        body,
        evidence=meta.dates,
        url=meta.url,
        agency=meta.agency,
        fetched_at=src.fetched_at,
        modified_at=src.ref.mtime,
        text=text,
        language=language,
    )
    warnings.extend(w for w in date.warnings if w not in warnings)
    if meta.language and language and meta.language.split("-")[0].lower() != language:
        warnings.append(f"language_metadata_{meta.language}_detected_{language}")
    return StoryDraft(
        story_id=make_story_id(src.ref.uri, item_key),
        source_uri=src.ref.uri,
        item_key=item_key,
        input_format=input_format,
        encoding=encoding,
        lede=paragraphs[0],
        body=body,
        paragraphs=len(paragraphs),
        word_count=len(_WORDS.findall(body)),
        language=language,
        language_confidence=confidence,
        content_hash=content_hash(parsed.headline, body),
        minhash=signature_bytes(minhash_signature(body)),
        url=meta.url,
        warnings=warnings,
        **_structure_columns(parsed, meta),
        **_date_columns(date),
    )


def _structure_columns(parsed: ParsedText, meta: _Metadata) -> dict:
    """The wire structure's columns; ``agency`` is the table's name for the credit."""
    dl: Dateline | None = parsed.dateline
    return {
        "headline": parsed.headline,
        "subheadline": parsed.subheadline,
        "site_header": parsed.site_header,
        "byline": parsed.byline,
        "caption": parsed.caption,
        "credit": parsed.credit,
        "dateline": dl.raw if dl else None,
        "dateline_place": dl.place if dl else None,
        "agency": canonical_agency(dl.agency if dl and dl.agency else meta.agency),
        "trailers": list(parsed.trailers),
    }


def _visible(
    text: str, meta: _Metadata, warnings: list[str]
) -> tuple[str, _Metadata, list[str]]:
    """The text and metadata without invisible format characters and with character
    references written as text replaced (``&AMP;``), before anything reads them, so
    headlines, entity names and hashes match the same text typed cleanly."""
    text, removed = strip_invisible(text)
    text, replaced = replace_references(text)
    fields: dict[str, str] = {}
    for name in ("headline", "agency"):
        if value := getattr(meta, name):
            value, count = strip_invisible(value)
            fields[name], references = replace_references(value)
            removed, replaced = removed + count, replaced + references
    if removed:
        warnings = [*warnings, "invisible_chars_removed"]
    if replaced:
        warnings = [*warnings, "character_references_replaced"]
    return text, replace(meta, **fields), warnings


def _date_columns(date: ResolvedDate) -> dict:
    ts = date.timestamp
    return {
        "published_date": date.date,
        "published_date_source": date.source,
        "published_at": ts.astimezone(dt.UTC) if ts and ts.tzinfo else None,
        "published_tz": date.timezone,
    }


def _with_headline(parsed: ParsedText, headline: str) -> ParsedText:
    """Metadata gave the headline (HTML title, feed field): the text's first line, if it
    repeats it, is not body text."""
    if parsed.headline and _same_text(parsed.headline, headline):
        return replace(parsed, headline=headline)
    paragraphs = list(parsed.body_paragraphs)
    if parsed.headline and not _same_text(parsed.headline, headline):
        # The parser took a body line for a headline: give it back to the body.
        paragraphs.insert(0, parsed.headline)
    elif not parsed.headline and paragraphs and _same_text(paragraphs[0], headline):
        # The composer's own copy of a headline the parser would not take for one (``12345``).
        paragraphs.pop(0)
    return replace(parsed, headline=headline, body_paragraphs=tuple(paragraphs))


def _same_text(a: str, b: str) -> bool:
    return _WORDS.findall(a.casefold()) == _WORDS.findall(b.casefold())


def _read_sidecar(raw: bytes | None) -> tuple[_Metadata, list[str]]:
    if raw is None:
        return _Metadata(), []
    try:
        meta = parse_sidecar(raw.decode("utf-8", errors="replace"))
    except ValueError as exc:
        return _Metadata(), [f"sidecar_ignored: {exc}"]
    return (
        _Metadata(
            dates=_dated("metadata", meta.get("published")),
            url=meta.get("url"),
            agency=meta.get("source"),
            headline=meta.get("headline"),
            language=meta.get("language"),
        ),
        list(meta.get("warnings", [])),
    )


def _dated(
    source: str | None, value: dt.datetime | dt.date | None
) -> tuple[tuple[str, dt.datetime | dt.date], ...]:
    return ((source, value),) if source is not None and value is not None else ()


def _merge(first: _Metadata, second: _Metadata) -> _Metadata:
    """Field-wise: ``first`` (the sidecar) wins where it has a value. Dates are not
    chosen here but listed, the sidecar's first: the cascade checks each one's range, so a
    sidecar's year 1 gives way to the page's or the feed's date instead of hiding it."""
    return _Metadata(
        dates=(*first.dates, *second.dates),
        url=first.url or second.url,
        agency=first.agency or second.agency,
        headline=first.headline or second.headline,
        language=first.language or second.language,
    )


__all__ = ["build_stories", "make_story_id"]
