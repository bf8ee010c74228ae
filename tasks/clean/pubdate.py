"""Resolve a story's publication date from the best evidence it has.

The cascade, best first; ``ResolvedDate.source`` names the step that won:

1. ``metadata`` / ``html`` / ``feed``: dates the caller passes as ``metadata`` and
   ``evidence`` (a sidecar, the page's structured metadata, a feed field), in the order
   given: the sidecar's date first, but one out of range gives way to the next;
2. ``text``: a timestamp line in the story text (``Published: ...``, a ``Source: X | <date>``
   line, a line that is only a date, in English or with French, Spanish, German, Russian...
   month names; see ``tasks.clean.timestamps``; RIA Novosti's time-first ``14:35
   12.03.2025 (обновлено: ...)``, ``tasks.clean.stamps_ru_fr``), the original publication
   over an update;
   an unlabelled date line that the dateline's day contradicts is set aside
   (``date_line_contradicts_dateline``);
3. ``dateline``: a dateline with a full year;
4. ``url``: a day in the story's URL path (``/2024/06/11/``, ``-20240611-``; see
   ``tasks.clean.urldates``), unless the dateline's day contradicts it
   (``url_date_contradicts_dateline``);
5. ``inferred``: a month/day dateline whose year comes from an update line of the text
   when there is one, else from the URL's year and month (``year_from_url``), else from
   the file's mtime or fetch time when that falls on the dateline's day or up to two days
   after it (``year_from_file_time``: a fresh copy), else is reasoned from the text
   (``tasks.clean.years``);
6. ``text`` again for a story dated only by an update line (flagged
   ``date_from_update_line``: the story is at most that old);
7. ``fetched``: the file's mtime, else the fetch time, labelled so SQL can tell it apart.

Evidence outside 1800-01-01 .. (fetch time + 1 day) is discarded with a warning naming it
(``date_out_of_range:metadata:1066-10-14``) and the cascade goes on: a feed's year 1 or a
2099 mtime must not become a story's date.

The timestamp and its zone are kept whenever the winning evidence has a time. A time
written without a zone (``Published: March 3, 2025 11:42 AM``, a feed's
``2024-06-11 08:05:00``) gets the zone the story's evidence supports, in this order: a
zone written on another of its date lines, the credited agency's home zone, the dateline
place's zone (``tasks.clean.zones``); the story says which with a ``timezone_from_text``,
``timezone_from_agency`` or ``timezone_from_dateline`` warning. Without such evidence the
date is kept, the time is not: ``published_at`` and ``published_tz`` stay null and the
story is flagged ``time_without_zone``. Reading the wall-clock time as UTC (or as the
fetching machine's zone) would store a wrong instant that looks exact, and the warehouse
has no column for a wall-clock time without its zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from storywire.tasks.clean.stamps_ru_fr import time_first_stamps
from storywire.tasks.clean.timestamps import (
    TextStamp,
    find_stamps,
    publication_stamp,
    update_stamp,
)
from storywire.tasks.clean.urldates import UrlDate, url_date
from storywire.tasks.clean.years import infer_year, safe_date
from storywire.tasks.clean.zones import infer_zone
from storywire.tasks.records import Dateline, ResolvedDate

__all__ = [
    "DATE_SOURCES",
    "EARLIEST_DATE",
    "METADATA_SOURCES",
    "infer_year",
    "resolve_published_date",
]

DATE_SOURCES = ("metadata", "html", "feed", "text", "dateline", "url", "inferred", "fetched")
# What a caller may pass as ``metadata_source``: "text" is a date line the caller found
# outside the story text (a visible "Posted on ..." line of an HTML page).
METADATA_SOURCES = frozenset({"metadata", "html", "feed", "text"})
EARLIEST_DATE = dt.date(1800, 1, 1)
# Dateline and other evidence may disagree by time zones and overnight filing.
_MAX_DATELINE_DRIFT_DAYS = 2


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(slots=True)
class _Range:
    """The dates a story may have, and the warnings for evidence outside them."""

    latest: dt.date
    warnings: list[str] = field(default_factory=list)

    def admits(self, value: dt.datetime | dt.date, what: str) -> bool:
        day = _day(value)
        if EARLIEST_DATE <= day <= self.latest:
            return True
        self.warnings.append(f"date_out_of_range:{what}:{day.isoformat()}")
        return False


def _tz_name(value: dt.datetime) -> str | None:
    tz = value.tzinfo
    if tz is None or value.utcoffset() is None:
        return None
    key = getattr(tz, "key", None)
    if key:
        return str(key)
    offset = value.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _dateline_drift(dateline: Dateline, published: dt.date) -> int | None:
    """Days between the dateline's month/day and a known date, nearest year taken."""
    if dateline.month is None or dateline.day is None or not dateline.date_valid:
        return None
    years = (
        [dateline.year]
        if dateline.year
        else [published.year - 1, published.year, published.year + 1]
    )
    diffs = [
        abs((d - published).days)
        for y in years
        if 1 <= y <= 9999 and (d := safe_date(y, dateline.month, dateline.day)) is not None
    ]
    return min(diffs) if diffs else None


def _from_evidence(
    dateline: Dateline | None, value: dt.datetime | dt.date, source: str, warnings: list[str]
) -> ResolvedDate:
    if isinstance(value, dt.datetime):
        date, timestamp, tz = value.date(), value, _tz_name(value)
    else:
        date, timestamp, tz = value, None, None
    if dateline is not None:
        if not dateline.date_valid:
            warnings.append("invalid_dateline_date")
        drift = _dateline_drift(dateline, date)
        if drift is not None and drift > _MAX_DATELINE_DRIFT_DAYS:
            warnings.append("dateline_metadata_mismatch")
    return ResolvedDate(
        date=date, source=source, timestamp=timestamp, timezone=tz, warnings=tuple(warnings)
    )


def _contradicted(stamp: TextStamp, dateline: Dateline | None) -> bool:
    """True for a bare date line (no label) that the dateline's month and day contradict."""
    if stamp.label != "none" or dateline is None:
        return False
    drift = _dateline_drift(dateline, stamp.date)
    return drift is not None and drift > _MAX_DATELINE_DRIFT_DAYS


def _stamp_value(stamp: TextStamp) -> dt.datetime | dt.date:
    return stamp.timestamp if stamp.timestamp is not None else stamp.date


def _latest_on_or_before(latest: dt.date, month: int, day: int) -> dt.date | None:
    for y in range(latest.year, max(latest.year - 8, 0), -1):
        d = safe_date(y, month, day)
        if d is not None and d <= latest:
            return d
    return None


def _fallback(
    fetched_at: dt.datetime | None, modified: dt.date | None, allowed: _Range
) -> ResolvedDate:
    """Nothing in the story dates it: the file's mtime, else the fetch time, labelled."""
    day = modified
    if day is None and fetched_at is not None and allowed.admits(fetched_at, "fetched"):
        day = fetched_at.date()
    if day is None:
        return ResolvedDate(date=None, source=None, warnings=tuple(allowed.warnings))
    return ResolvedDate(
        date=day, source="fetched", warnings=(*allowed.warnings, "date_from_fetch_time")
    )


def _full_dateline(dateline: Dateline, allowed: _Range) -> ResolvedDate | None:
    """Step 3: a dateline with its year; None if that date is out of range."""
    assert dateline.month is not None and dateline.day is not None and dateline.year is not None
    date = safe_date(dateline.year, dateline.month, dateline.day)
    if date is None or not allowed.admits(date, "dateline"):
        return None
    warnings = allowed.warnings
    if dateline.weekday is not None and date.weekday() != dateline.weekday:
        warnings.append("dateline_weekday_mismatch")
    return ResolvedDate(date=date, source="dateline", warnings=tuple(warnings))


def _near(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The month/day nearest ``anchor`` (its year, the one before or after)."""
    dates = [
        d
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if 1 <= y <= 9999 and (d := safe_date(y, month, day)) is not None
    ]
    return min(dates, key=lambda d: abs((d - anchor).days)) if dates else None


def _url_anchor(found: UrlDate | None) -> dt.date | None:
    """The day a URL's date points at: its day, else the middle of its month."""
    if found is None or found.year is None:
        return None
    return found.date or safe_date(found.year, found.month or 7, 15 if found.month else 1)


def _yearless_dateline(
    dateline: Dateline,
    body: str,
    update: TextStamp | None,
    url: UrlDate | None,
    latest: dt.date,
    fetched: bool,
    allowed: _Range,
    language: str | None = None,
) -> ResolvedDate:
    """Step 4: a month/day dateline's year, from an update line, the URL's year and month,
    else reasoned from the text; the fetch year as a labelled last resort."""
    assert dateline.month is not None and dateline.day is not None
    warnings = allowed.warnings
    if update is not None:
        # Published on or before its update: the latest such year (overnight filing allowed).
        bound = update.date + dt.timedelta(days=_MAX_DATELINE_DRIFT_DAYS)
        date = _latest_on_or_before(bound, dateline.month, dateline.day)
        if date is not None and allowed.admits(date, "inferred"):
            return ResolvedDate(
                date=date, source="inferred", warnings=(*warnings, "year_from_date_line")
            )
    anchor = _url_anchor(url)
    near = _near(dateline.month, dateline.day, anchor) if anchor is not None else None
    if near is not None and allowed.admits(near, "inferred"):
        return ResolvedDate(date=near, source="inferred", warnings=(*warnings, "year_from_url"))
    # A file saved (or fetched) on the dateline's day or a day or two after it was saved
    # when the story was new: an archive copy's time falls on that day by chance one year
    # in a hundred. Text clues are weaker than that: they date the events, not the story.
    near = _near(dateline.month, dateline.day, latest) if fetched else None
    if near is not None and 0 <= (latest - near).days <= _MAX_DATELINE_DRIFT_DAYS and allowed.admits(near, "inferred"):
        return ResolvedDate(date=near, source="inferred", warnings=(*warnings, "year_from_file_time"))
    year, clues = infer_year(
        dateline.month, dateline.day, body, latest=latest, weekday=dateline.weekday,
        language=language,
    )
    if year is not None:
        date = dt.date(year, dateline.month, dateline.day)
        if allowed.admits(date, "inferred"):
            return ResolvedDate(date=date, source="inferred", warnings=(*warnings, *clues))
    if not fetched:
        return ResolvedDate(date=None, source=None, warnings=(*warnings, *clues))
    fallback = _latest_on_or_before(latest, dateline.month, dateline.day)
    if fallback is not None and not allowed.admits(fallback, "fetched"):
        fallback = None
    if "year_unconstrained" not in clues:
        clues.append("year_unconstrained")
    return ResolvedDate(
        date=fallback, source="fetched" if fallback else None, warnings=(*warnings, *clues)
    )


def _from_url(
    found: UrlDate | None, dateline: Dateline | None, allowed: _Range
) -> ResolvedDate | None:
    """Step 4 (url): the day in the story's URL, unless the dateline's day contradicts it
    (the URL then only lends its year, in ``_yearless_dateline``)."""
    if found is None or found.date is None or not allowed.admits(found.date, "url"):
        return None
    drift = _dateline_drift(dateline, found.date) if dateline is not None else None
    if drift is not None and drift > _MAX_DATELINE_DRIFT_DAYS:
        allowed.warnings.append(f"url_date_contradicts_dateline:{found.date.isoformat()}")
        return None
    return _from_evidence(dateline, found.date, "url", allowed.warnings)


def _checked_evidence(
    metadata: dt.datetime | dt.date | None,
    metadata_source: str | None,
    evidence: Sequence[tuple[str, dt.datetime | dt.date]],
) -> list[tuple[str, dt.datetime | dt.date]]:
    """The caller's evidence, best first, every source name checked."""
    found = [(metadata_source or "metadata", metadata)] if metadata is not None else []
    found.extend(evidence)
    for source, _ in found:
        if source not in METADATA_SOURCES:
            raise ValueError(
                f"metadata_source must be one of {sorted(METADATA_SOURCES)}, got {source!r}"
            )
    return found


def resolve_published_date(
    dateline: Dateline | None,
    body: str,
    *,
    metadata: dt.datetime | dt.date | None = None,
    metadata_source: str | None = None,
    evidence: Sequence[tuple[str, dt.datetime | dt.date]] = (),
    url: str | None = None,
    agency: str | None = None,
    fetched_at: dt.datetime | None = None,
    modified_at: dt.datetime | None = None,
    text: str | None = None,
    language: str | None = None,
) -> ResolvedDate:
    """Decide the publication date of one story (the cascade is in the module docstring).

    ``metadata`` is a sidecar, feed or HTML date; ``metadata_source`` names which
    (metadata, html, feed, or text for a date line found outside the story text).
    ``evidence`` lists more such ``(source, date)`` pairs, best first, after ``metadata``:
    the first one in range wins, and one out of range is dropped with a warning.
    ``url`` is the story's URL (its path may carry a date), ``agency`` a credit from
    outside the text (the dateline's own agency comes first); both also help find the
    zone of a time written without one. ``fetched_at`` is when this run fetched the
    story, ``modified_at`` the file's mtime. ``text`` is the story as received, header
    lines included (default: ``body``); its first and last lines are searched for date
    lines. ``language`` (ISO 639-1, the body's) picks the clue words a yearless
    dateline's year is inferred from (``tasks.clean.years``). Impossible dateline dates
    (February 30) are never rolled over: they yield no date unless other evidence does.
    """
    candidates = _checked_evidence(metadata, metadata_source, evidence)
    now = fetched_at if fetched_at is not None else dt.datetime.now(dt.UTC)
    allowed = _Range(latest=now.date() + dt.timedelta(days=1))
    written = text if text is not None else body
    stamps = tuple(
        s
        for s in sorted((*find_stamps(written), *time_first_stamps(written)), key=lambda s: s.line)
        if allowed.admits(s.date, "text")
    )
    resolved = _cascade(
        dateline, body, candidates, stamps, url_date(url), fetched_at, modified_at, allowed,
        language,
    )
    written = [
        (s.timezone, s.timestamp.tzinfo)
        for s in stamps
        if s.timestamp is not None and s.timestamp.tzinfo is not None
    ]
    written += [
        (None, v.tzinfo)
        for _, v in candidates
        if isinstance(v, dt.datetime) and v.tzinfo is not None
    ]
    return _with_zone(
        resolved,
        written,
        [dateline.agency if dateline else None, agency],
        dateline.place if dateline else None,
    )


def _with_zone(
    resolved: ResolvedDate,
    written: list[tuple[str | None, dt.tzinfo | None]],
    agencies: list[str | None],
    place: str | None,
) -> ResolvedDate:
    """A time without a zone gets the zone the evidence supports (``tasks.clean.zones``),
    named in a ``timezone_from_*`` warning; without one it stays naive (``published_at``
    stays null) and the story is flagged ``time_without_zone``."""
    stamp = resolved.timestamp
    if stamp is None or stamp.tzinfo is not None:
        return resolved
    zone = infer_zone(
        stamp, written=[(w, z) for w, z in written if z is not None], agencies=agencies, place=place
    )
    if zone is None:
        return replace(resolved, warnings=(*resolved.warnings, "time_without_zone"))
    return replace(
        resolved,
        timestamp=stamp.replace(tzinfo=zone.tzinfo),
        timezone=zone.name,
        warnings=(*resolved.warnings, f"timezone_from_{zone.how}"),
    )


def _cascade(
    dateline: Dateline | None,
    body: str,
    candidates: list[tuple[str, dt.datetime | dt.date]],
    stamps: tuple[TextStamp, ...],
    url: UrlDate | None,
    fetched_at: dt.datetime | None,
    modified_at: dt.datetime | None,
    allowed: _Range,
    language: str | None = None,
) -> ResolvedDate:
    for source, value in candidates:
        if allowed.admits(value, source):
            return _from_evidence(dateline, value, source, allowed.warnings)
    original = publication_stamp(stamps)
    if original is not None and _contradicted(original, dateline):
        # An unlabelled date line far from the dateline's day is more likely an event's
        # date than the story's: the dateline, part of the story itself, goes first.
        allowed.warnings.append(f"date_line_contradicts_dateline:{original.date.isoformat()}")
        original = None
    if original is not None:
        return _from_evidence(dateline, _stamp_value(original), "text", allowed.warnings)
    update = update_stamp(stamps)

    modified = None
    if modified_at is not None and allowed.admits(modified_at, "mtime"):
        modified = modified_at.date()
    latest = modified or (fetched_at or dt.datetime.now(dt.UTC)).date()
    has_day = dateline is not None and dateline.month is not None and dateline.day is not None
    full = has_day and dateline.year is not None and dateline.date_valid
    if full and (found := _full_dateline(dateline, allowed)) is not None:
        return found
    if (from_url := _from_url(url, dateline, allowed)) is not None:
        return from_url
    if has_day:
        if not dateline.date_valid or safe_date(2000, dateline.month, dateline.day) is None:
            return ResolvedDate(
                date=None, source=None, warnings=(*allowed.warnings, "invalid_dateline_date")
            )
        if dateline.year is None:
            fetched = fetched_at is not None or modified is not None
            return _yearless_dateline(
                dateline, body, update, url, latest, fetched, allowed, language
            )
    if update is not None:
        resolved = _from_evidence(dateline, _stamp_value(update), "text", allowed.warnings)
        return replace(resolved, warnings=(*resolved.warnings, "date_from_update_line"))
    return _fallback(fetched_at, modified, allowed)
