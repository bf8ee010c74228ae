"""Typed records passed between the pure text functions and the warehouse writer.

Every pure function in ``storywire.tasks`` takes strings (or these records) and returns
these records. They are plain frozen dataclasses so they pickle cheaply to Dask workers
and can be built by hand in tests without loading any model. ``CodedError`` is the one base
of the numbered errors raised across storywire (warehouse included), so that every one of
them carries its code the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any


class CodedError(Exception):
    """An error with a machine-readable ``code`` and a ``detail`` for people.

    ``code`` is an ``SWnnn`` number shown to users (docs/errors.md) or, for input that is
    rejected, the rejects table's ``reason``; ``str(exc)`` is ``"code: detail"``.
    """

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from (code, detail), not from the one-string message, so an error raised in
        # a worker process unpickles; keyword extras (``transient``) ride in ``__dict__``.
        return type(self), (self.code, self.detail), self.__dict__


@dataclass(frozen=True, slots=True)
class Dateline:
    """A parsed dateline such as ``BAKU, October 26. /TASS/.``.

    ``month``/``day``/``year`` are what the dateline itself says; ``year`` is None when the
    dateline has no year (the common case), and the date resolver fills it in later.
    ``date_valid`` is False for impossible dates such as ``February 30``: those are kept
    as written and flagged, never rolled over into the next month.
    """

    raw: str
    place: str | None = None
    agency: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0=Monday, when the dateline names one ("Monday (AP)")
    date_valid: bool = True


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Structure recovered from one plain-text wire story (see ``tasks.wire``)."""

    headline: str | None
    body_paragraphs: tuple[str, ...]
    subheadline: str | None = None
    site_header: str | None = None
    byline: str | None = None
    caption: str | None = None
    credit: str | None = None
    dateline: Dateline | None = None
    trailers: tuple[str, ...] = ()  # removed sign-offs: "(Reporting by ...)", "Enditem", ...
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """The story's publication date and where it came from.

    ``source`` is one of, best evidence first: metadata, html, feed, text (a date line in
    the story), dateline, url (a day in the story URL), inferred, fetched
    (``tasks.clean.pubdate``).
    """

    date: dt.date | None
    source: str | None
    timestamp: dt.datetime | None = None  # timezone-aware when the timezone is known
    timezone: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimexMention:
    """A TIMEX3-style temporal expression found in ``field`` ('headline' or 'body')."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # 2020-10-26, 2020-W43, 2014-SU, P3W, PAST_REF, XXXX-WXX-1 ...
    range_start: dt.date | None = None  # calendar span covered, for DATE/TIME values
    range_end: dt.date | None = None
    mod: str | None = None  # TIMEX3 mod: BEFORE, AFTER, START, MID, END, APPROX ...
    field: str = "body"


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named-entity mention with its within-story canonical name and geocode."""

    start: int
    end: int
    text: str
    label: str  # spaCy label (PERSON, ORG, GPE, LOC, NORP, ...)
    sentence: int
    canonical: str
    entity_key: str
    field: str = "body"
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """A direct quotation with its speaker, when the text says who spoke."""

    start: int
    end: int
    text: str
    speaker: str | None = None  # speaker text as written ("Aliyev", "he")
    speaker_canonical: str | None = None
    speaker_key: str | None = None
    verb: str | None = None  # reporting verb lemma ("say", "emphasize")
    paragraph: int | None = None


@dataclass(frozen=True, slots=True)
class Reject:
    """An input (a file, or one record of a feed) that could not become a story."""

    source_uri: str
    reason: str
    detail: str
    item_key: str = ""
    transient: bool = False


@dataclass(frozen=True, slots=True)
class UrlList:
    """An HTTP source whose body is a plain list of story URLs."""

    source_uri: str
    urls: tuple[str, ...]
    #: Its lines that are not URLs storywire fetches (a malformed URL, an ftp:// one): one
    #: reject each, so the list's good URLs are still fetched.
    rejected: tuple[Reject, ...] = ()


@dataclass(slots=True)
class StoryDraft:
    """A story on its way to the ``stories`` table; fields are named as its columns."""

    story_id: str
    source_uri: str
    item_key: str
    input_format: str
    encoding: str | None
    headline: str | None
    body: str
    content_hash: str
    site_header: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    caption: str | None = None
    credit: str | None = None
    dateline: str | None = None
    dateline_place: str | None = None
    agency: str | None = None
    lede: str | None = None
    paragraphs: int = 0
    word_count: int = 0
    language: str | None = None
    language_confidence: float | None = None
    published_date: dt.date | None = None
    published_date_source: str | None = None
    published_at: dt.datetime | None = None
    published_tz: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    duplicate_similarity: float | None = None
    trailers: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    minhash: bytes | None = None  # near-duplicate signature (tasks.dedup)
