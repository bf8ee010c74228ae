"""Parse JSON and JSON Lines story feeds, and ``NAME.meta.json`` sidecars, into records.

Feeds come from many exporters, each with its own field names (``title`` or ``headline``,
``pubDate`` or ``published_at``, epoch seconds or RFC 2822 strings). Normalizing them here
lets the rest of the pipeline see one shape. One broken item must not cost the whole feed:
bad items become ``FeedRecordError`` entries in place, good ones are kept. Two records with
the same ``id`` stay two stories (the repeat's id gets a ``#<index>`` suffix and a warning),
and a record or a sidecar with one bad field (a ``url`` that is not http(s)) keeps its good
ones (a warning per bad field). Every string read is storable: a lone surrogate
(``"\\ud800"``) becomes U+FFFD and a NUL is removed, each with a warning.

Pure functions: no file or network access.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dateutil import parser as date_parser

from storywire.tasks.clean.html import html_to_text
from storywire.tasks.clean.sniff import PayloadKind
from storywire.tasks.read.urls import url_problem
from storywire.tasks.records import CodedError

__all__ = [
    "FeedError",
    "FeedRecord",
    "FeedRecordError",
    "SidecarError",
    "feed_kind",
    "parse_feed",
    "parse_feed_date",
    "parse_sidecar",
]


class FeedError(CodedError, ValueError):
    """The feed as a whole is unusable (``invalid_json``, ``no_records``, ``unsupported_kind``)."""


class SidecarError(CodedError, ValueError):
    """A ``.meta.json`` sidecar is unusable as a whole (``invalid_json``, ``not_an_object``)."""


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One story from a feed, with fields under their canonical names.

    ``index`` is the item's 0-based position (for JSONL, among non-blank lines) and ``line``
    its 1-based line in a JSONL file. ``id`` is unique within the feed, and never equal to
    the index of a record without one (``parse_feed``). ``extra`` keeps every field not
    mapped to a canonical one; ``warnings`` notes recoverable problems (an unparseable
    date, a repeated id, a repaired string, a ``url`` dropped for not being http(s)).
    """

    index: int
    id: str | None
    headline: str | None
    body: str
    published: dt.datetime | dt.date | None
    source: str | None
    url: str | None
    language: str | None
    extra: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedRecordError:
    """An item that could not become a record (``invalid_json``, ``not_an_object``, ``no_body``)."""

    index: int
    code: str
    detail: str
    line: int | None = None


# Aliases in priority order: the first present, non-empty one wins.
_ID_KEYS = ("id", "guid", "uuid")
_HEADLINE_KEYS = ("headline", "title")
_BODY_KEYS = ("body", "text", "content", "article")
_DATE_KEYS = ("published", "date", "pubDate", "published_at", "datetime", "timestamp")
_SOURCE_KEYS = ("source", "agency", "publisher")
_URL_KEYS = ("url", "link")
_LANGUAGE_KEYS = ("language", "lang", "inLanguage")
_CONTAINER_KEYS = ("items", "stories", "articles", "data", "records")

_HTML_MARKUP = re.compile(
    r"<\s*/?\s*(?:p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|figure|img|"
    r"table|section|article|script|style)\b[^>]*>",
    re.IGNORECASE,
)
# Epoch values above this are milliseconds (1e11 s is the year 5138), above 1e14 microseconds.
_EPOCH_MS = 1e11
_EPOCH_US = 1e14
_MAX_PARTS_DEPTH = 8
_DEFAULT_A = dt.datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = dt.datetime(2001, 2, 2, 1, 1, 1)
# Longest raw value quoted in a warning: a field can be megabytes long.
_QUOTED = 80
_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_NAME_SUFFIXES = (".json", ".jsonl", ".ndjson", ".jsonlines")
_JSON_CONTENT_TYPES = (
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/ndjson",
)


def _json_int(digits: str) -> int | str:
    """An integer literal as an ``int``; past Python's int-conversion limit (4,300 digits) its
    digits as text, so that one huge number costs only a field that needs a number, never
    the document (``int()`` raises ``ValueError`` there, which no caller would expect)."""
    try:
        return int(digits)
    except ValueError:
        return digits


_DECODER = json.JSONDecoder(parse_int=_json_int)


def _loads(text: str) -> Any:
    """``json.loads`` with huge integers kept as text (``_json_int``)."""
    return _DECODER.decode(text)


# JSON can spell half of a UTF-16 pair alone (``"\\ud800"``, common from JavaScript); UTF-8
# cannot hold it, so such a string would fail wherever the story is written.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _repaired(value: Any) -> tuple[Any, list[str]]:
    """``value`` with every string in it, keys too, made storable: a lone surrogate becomes
    U+FFFD (as invalid UTF-8 bytes do) and a NUL (``"\\u0000"``) is removed (as from a
    text file), with one warning per kind of repair.

    Lists and dicts fresh from the parser are repaired in place, without recursion: a record
    may nest as deep as the parser allows.
    """
    found: set[str] = set()

    def fix(text: str) -> str:
        if _LONE_SURROGATE.search(text):
            found.add("lone_surrogates_repaired")
            text = _LONE_SURROGATE.sub("\ufffd", text)
        if "\x00" in text:
            found.add("nul_removed")
            text = text.replace("\x00", "")
        return text

    if isinstance(value, str):
        value = fix(value)
    stack = [value] if isinstance(value, dict | list) else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            keys = list(node)
            if (fixed := [fix(k) for k in keys]) != keys:
                values = list(node.values())
                node.clear()
                node.update(zip(fixed, values, strict=True))
            slots: Any = node.items()
        else:
            slots = enumerate(node)
        for slot, child in list(slots):
            if isinstance(child, str):
                node[slot] = fix(child)
            elif isinstance(child, dict | list):
                stack.append(child)
    return value, sorted(found)


def _url_field(key: str, value: Any, warnings: list[str], prefix: str) -> str | None:
    """A feed's or sidecar's URL field, or None with a ``<prefix>:<key>: ...`` warning."""
    text = _text_value(value)
    if text is None or not text.strip():
        if value is not None:
            warnings.append(f"{prefix}:{key}: not text ({type(value).__name__})")
        return None
    url = text.strip()
    # only http(s) with a host and nothing a URL cannot hold: javascript: and file: are not
    # where a story lives, and a reader may follow them
    if isinstance(value, int | float) or url_problem(url) is not None:
        warnings.append(f"{prefix}:{key}: not an http(s) URL: {url[:_QUOTED]!r}")
        return None
    return url


def _epoch(value: float) -> dt.datetime:
    if abs(value) >= _EPOCH_US:
        value /= 1e6
    elif abs(value) >= _EPOCH_MS:
        value /= 1e3
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


def parse_feed_date(value: Any) -> dt.datetime | dt.date | None:
    """Parse a feed date: epoch seconds/ms/µs, ISO 8601, RFC 2822 or free-form English.

    Returns a ``date`` when only a day is given, an aware ``datetime`` when an offset is given
    (epochs are UTC), a naive ``datetime`` otherwise. Raises ``ValueError`` when the value is
    not a date or leaves the day unknown ("March 2024"): guessing a day would be invented data.
    """
    if value is None or isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _epoch(float(value))
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if re.fullmatch(r"-?\d{9,17}(?:\.\d+)?", text):
        return _epoch(float(text))
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", text):
        return dt.date.fromisoformat(text)
    if re.fullmatch(r"\d{4}(?:-\d{2})?", text):
        raise ValueError(f"date without a full day: {value!r}")
    try:
        return date_parser.isoparse(text)
    except (ValueError, OverflowError):
        pass
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d", text):
        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            pass
    # Free-form: parse twice with different defaults to see which parts the text really
    # gave. Parts that differ were filled in from the default, so they were not given.
    try:
        first = date_parser.parse(text, default=_DEFAULT_A)
        second = date_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc
    if first.date() != second.date():
        raise ValueError(f"date without a full day: {value!r}")
    if (first.hour, first.minute) != (second.hour, second.minute):
        return first.date()
    return first


def _text_value(value: Any, depth: int = 0) -> str | None:
    """A string field that exporters sometimes wrap: ``{"rendered": ...}``, lists of parts
    (nested at most ``_MAX_PARTS_DEPTH`` deep: deeper is not text anyone wrote)."""
    if value is None or depth > _MAX_PARTS_DEPTH:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):
        for key in ("rendered", "text", "value", "html", "#text", "name", "href"):
            if isinstance(value.get(key), str):
                return value[key]
        return None
    if isinstance(value, list):
        parts = [part for part in (_text_value(v, depth + 1) for v in value) if part and part.strip()]
        return "\n\n".join(parts) if parts else None
    return None


def _plain(value: str) -> str:
    """Strip markup from HTML bodies and headlines; normalize line endings otherwise."""
    if _HTML_MARKUP.search(value) or "&#" in value or "&amp;" in value:
        return html_to_text(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _picked(item: Mapping[str, Any], keys: tuple[str, ...], used: set[str]) -> tuple[str, Any]:
    """The first present, non-empty alias and its value (``("", None)`` when none is)."""
    for key in keys:
        value = item.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            used.add(key)
            return key, value
    used.update(k for k in keys if k in item)  # empty aliases are not "extra" either
    return "", None


def _pick(item: Mapping[str, Any], keys: tuple[str, ...], used: set[str]) -> Any:
    return _picked(item, keys, used)[1]


def _language_code(value: Any) -> str | None:
    text = _text_value(value)
    if not text or not text.strip():
        return None
    return re.split(r"[-_]", text.strip())[0].lower() or None


def _record(item: Any, index: int, line: int | None) -> FeedRecord | FeedRecordError:
    where = f"line {line}" if line is not None else f"item {index}"
    if not isinstance(item, Mapping):
        return FeedRecordError(
            index, "not_an_object", f"{where}: expected an object, got {type(item).__name__}", line
        )
    item, warnings = _repaired(item)
    used: set[str] = set()
    body_value = _text_value(_pick(item, _BODY_KEYS, used))
    body = _plain(body_value) if body_value else ""
    if not body:
        return FeedRecordError(
            index, "no_body", f"{where}: none of {', '.join(_BODY_KEYS)} has text", line
        )
    published: dt.datetime | dt.date | None = None
    raw_date = _pick(item, _DATE_KEYS, used)
    if raw_date is not None:
        try:
            published = parse_feed_date(raw_date)
        except (ValueError, OverflowError, OSError):
            warnings.append(f"unparseable_date:{raw_date!r:.{_QUOTED}}")
    headline_value = _text_value(_pick(item, _HEADLINE_KEYS, used))
    headline = _plain(headline_value).replace("\n", " ").strip() if headline_value else None
    id_value = _text_value(_pick(item, _ID_KEYS, used))
    source = _text_value(_pick(item, _SOURCE_KEYS, used))
    url = _url_field(*_picked(item, _URL_KEYS, used), warnings, "feed_bad_field")
    language = _language_code(_pick(item, _LANGUAGE_KEYS, used))
    return FeedRecord(
        index=index,
        id=id_value.strip() or None if id_value else None,
        headline=headline or None,
        body=body,
        published=published,
        source=source.strip() if source else None,
        url=url,
        language=language,
        extra={k: v for k, v in item.items() if k not in used},
        line=line,
        warnings=tuple(warnings),
    )


def _unique_ids(results: list[FeedRecord | FeedRecordError]) -> list[FeedRecord | FeedRecordError]:
    """Give repeated ids a ``#<index>`` suffix, so that two records stay two stories.

    A record without an id is keyed by its index downstream, so indexes count as taken.
    """
    taken = {str(r.index) for r in results if isinstance(r, FeedRecord) and r.id is None}
    out: list[FeedRecord | FeedRecordError] = []
    for rec in results:
        if isinstance(rec, FeedRecord) and rec.id is not None:
            key, n = rec.id, 0
            while key in taken:
                n += 1
                key = f"{rec.id}#{rec.index}" + (f".{n - 1}" if n > 1 else "")
            if key != rec.id:
                rec = replace(rec, id=key, warnings=(*rec.warnings, f"duplicate_id:{rec.id}->{key}"))
            taken.add(key)
        out.append(rec)
    return out


def _json_type(value: Any) -> str:
    """JSON's name for a parsed value's type, for details people read."""
    for kind, name in ((bool, "boolean"), (int | float, "number"), (str, "string"),
                       (list, "array"), (dict, "object")):
        if isinstance(value, kind):
            return name
    return "null"


def _where(text: str, pos: int) -> str:
    """``line L column C`` of a position, as ``JSONDecodeError`` says it."""
    line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
    return f"line {line} column {column}"


def _skip_space(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not JSON whitespace."""
    space = _JSON_WS.match(text, pos)
    return space.end() if space else pos


def _documents(text: str) -> tuple[list[Any], str | None]:
    """The JSON values in ``text``, one or several written back to back (``{...}{...}``),
    and where and why reading stopped early (None when it read to the end)."""
    values: list[Any] = []
    pos = _skip_space(text, 0)
    while pos < len(text):
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return values, f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        except RecursionError:
            return values, f"{_where(text, pos)}: nested too deep to read"
        values.append(value)
        pos = _skip_space(text, end)
    return values, None


def _feed_items(value: Any) -> list[Any]:
    """The items of one JSON document read as a feed; ``FeedError`` when it holds none."""
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        for key in _CONTAINER_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        if any(key in value for key in _BODY_KEYS):
            return [value]  # a single story object
        raise FeedError(
            "no_records",
            f"object has no list under {', '.join(_CONTAINER_KEYS)} and is not a story itself",
        )
    raise FeedError("no_records", f"the JSON document is a lone {_json_type(value)}, not records")


def _json_items(text: str) -> tuple[list[Any], str | None]:
    """A JSON feed's items, and why its tail could not be read (None when all of it was).

    Documents back to back (an exporter that appends objects, JSON Lines without its line
    breaks) are read one after another, as JSON Lines are: each gives its items, or is one
    item itself. A tail that does not parse cannot be split into records, so it is one error
    and the items before it are kept.
    """
    documents, error = _documents(text)
    if not documents:
        raise FeedError("invalid_json", error or "no JSON value")
    if len(documents) == 1 and error is None:
        return _feed_items(documents[0]), None
    items: list[Any] = []
    for value in documents:
        try:
            items.extend(_feed_items(value))
        except FeedError:
            items.append(value)  # not a feed: an item that is not a record (not_an_object, no_body)
    return items, (f"{error}; the rest of the file is not read" if error else None)


def _json_hint(name: str, content_type: str | None) -> bool:
    ctype = (content_type or "").split(";")[0].strip().lower()
    return name.lower().endswith(_JSON_NAME_SUFFIXES) or ctype in _JSON_CONTENT_TYPES or (
        ctype.endswith("+json")
    )


def feed_kind(text: str, name: str = "", content_type: str | None = None) -> PayloadKind | None:
    """``JSON`` when decoded text that the sniffer took for prose is JSON after all, else None.

    ``decode.sniff_kind`` tries a prefix with the standard parser, which fails on a document
    with one integer past Python's conversion limit, on documents back to back, and takes a
    lone ``42`` or ``true`` for text. Here the whole text is read leniently: text that is
    nothing but JSON documents is a feed (so one odd field costs at most its record), and so
    is any text that starts like JSON, or is a JSON scalar, in a file whose name or content
    type says JSON (the feed parser then rejects it as ``invalid_json`` or ``no_records``
    instead of storing raw JSON as a story). Other text stays text: names lie.
    """
    stripped = text.strip()
    if not stripped:
        return None
    hinted = _json_hint(name, content_type)
    if stripped[0] in "{[":
        documents, error = _documents(stripped)
        return PayloadKind.JSON if hinted or (documents and error is None) else None
    if not hinted:
        return None
    try:
        _loads(stripped)
    except (ValueError, RecursionError):
        return None
    return PayloadKind.JSON


def parse_feed(text: str, kind: PayloadKind) -> list[FeedRecord | FeedRecordError]:
    """Parse a JSON or JSONL feed into records, keeping per-item errors in place.

    JSON: an array of stories, or an object holding one under ``items``/``stories``/
    ``articles``/``data``/``records`` (or a single story object); documents written back to
    back give their records in turn, and a tail that does not parse is one
    ``FeedRecordError``. JSONL: one story per line, blank lines skipped; a line that is not
    valid JSON becomes a ``FeedRecordError`` with its line number and the others are kept.

    Raises ``FeedError`` when the whole payload is unusable (invalid JSON from its start, a
    document that holds no stories, such as a lone number, a kind other than JSON/JSONL).
    """
    kind = PayloadKind(kind)
    results: list[FeedRecord | FeedRecordError] = []
    if kind is PayloadKind.JSON:
        items, rest = _json_items(text)
        results = [_record(item, index, None) for index, item in enumerate(items)]
        if rest is not None:
            results.append(FeedRecordError(len(items), "invalid_json", rest))
        return _unique_ids(results)
    if kind is not PayloadKind.JSONL:
        raise FeedError("unsupported_kind", f"cannot parse a {kind} payload as a feed")
    index = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = _loads(line)
        except json.JSONDecodeError as exc:
            results.append(
                FeedRecordError(
                    index, "invalid_json", f"line {line_no} column {exc.colno}: {exc.msg}", line_no
                )
            )
        except RecursionError:
            results.append(
                FeedRecordError(index, "invalid_json", f"line {line_no}: nested too deep", line_no)
            )
        else:
            results.append(_record(item, index, line_no))
        index += 1
    return _unique_ids(results)


def _sidecar_text(key: str, value: Any, warnings: list[str]) -> str | None:
    text = _text_value(value)
    if value is not None and (text is None or not text.strip()):
        warnings.append(f"sidecar_bad_field:{key}: not text ({type(value).__name__})")
        return None
    return text.strip() if text else None


def parse_sidecar(text: str) -> dict[str, Any]:
    """Parse a ``NAME.meta.json`` sidecar into a normalized metadata dict.

    Returns ``published`` (``datetime``/``date``/None), ``url``, ``source``, ``language``
    (ISO 639-1 primary subtag), ``headline`` (all None when absent), ``extra`` (any other
    keys) and ``warnings``. Feed aliases are accepted (``date``, ``link``, ``agency``,
    ``title``...). A bad field (a date that does not parse, a URL that is a number) is
    left out with one ``sidecar_bad_field:<key>: <why>`` warning, and the good fields are
    kept; a URL must be http(s). Lone surrogates in its strings become U+FFFD, NULs are
    removed (warnings ``lone_surrogates_repaired``, ``nul_removed``).
    Raises ``SidecarError`` only when nothing can be read: invalid JSON, a non-object.
    """
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarError(
            "invalid_json", f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise SidecarError("invalid_json", "nested too deep to read") from exc
    if not isinstance(value, Mapping):
        raise SidecarError("not_an_object", f"expected a JSON object, got {type(value).__name__}")
    value, warnings = _repaired(value)
    used: set[str] = set()
    date_key, raw_date = _picked(value, _DATE_KEYS, used)
    published = None
    if raw_date is not None:
        try:
            published = parse_feed_date(raw_date)
        except (ValueError, OverflowError, OSError) as exc:
            warnings.append(f"sidecar_bad_field:{date_key}: {str(exc)[:120]}")
    url = _url_field(*_picked(value, _URL_KEYS, used), warnings, "sidecar_bad_field")
    source = _sidecar_text(*_picked(value, _SOURCE_KEYS, used), warnings)
    headline = _sidecar_text(*_picked(value, _HEADLINE_KEYS, used), warnings)
    language_key, raw_language = _picked(value, _LANGUAGE_KEYS, used)
    language = _language_code(raw_language)
    if raw_language is not None and (language is None or not re.fullmatch(r"[a-z]{2,3}", language)):
        warnings.append(f"sidecar_bad_field:{language_key}: not a language code")
        language = None
    return {
        "published": published,
        "url": url,
        "source": source,
        "language": language,
        "headline": " ".join(headline.split()) if headline else None,
        "extra": {k: v for k, v in value.items() if k not in used},
        "warnings": warnings,
    }
