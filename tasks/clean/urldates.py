"""The date a story's URL carries: ``/2024/06/11/``, ``/20240611/``, ``-2024-06-11-``.

News sites put the publication day in their article paths, so a URL date is evidence of
the publication date (weaker than anything the story says about itself: a site may file
a story under the day it was first drafted or moved). Only the path of an http(s) URL is
read (a query's ``?date=`` is a search, not the article's day), each date must sit
between separators (``/``, ``-``, ``_``, ``.``) so an id's digits never read as one, and
a path whose dates disagree dates nothing. A year and month without a day
(``/2024/06/``) is kept as :attr:`UrlDate.year`/:attr:`UrlDate.month` only: it can give a
yearless dateline its year, never a day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["UrlDate", "url_date"]

# Paths longer than this are not article paths (and bound the regex work).
_MAX_PATH_CHARS = 2000
_SEP = r"[/_.-]"
_YEAR = r"(?P<y>1[89]\d\d|2[01]\d\d)"
_MON_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_FULL = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # /2024/06/11/, -2024-06-11-, /2024_06_11, /2024.06.11.
        rf"(?<![^/_.-]){_YEAR}(?P<s>{_SEP})(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d|(?P=s)\d)",
        # /20240611/, -20240611.html
        rf"(?<![^/_.-]){_YEAR}(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)",
        # /2024/jun/11/
        rf"(?<![^/_.-]){_YEAR}/(?P<mon>{'|'.join(_MON_NAMES)})/(?P<d>[0-3]?\d)(?=[/_.-]|$)",
    )
)
_YEAR_MONTH = re.compile(rf"(?<![^/]){_YEAR}/(?P<m>[01]?\d)(?=/|$)")


@dataclass(frozen=True, slots=True)
class UrlDate:
    """What a URL says of its story's date: a full day, or only a year and month."""

    date: dt.date | None = None
    year: int | None = None
    month: int | None = None


def _full_dates(path: str) -> set[dt.date]:
    found: set[dt.date] = set()
    for pattern in _FULL:
        for m in pattern.finditer(path):
            groups = m.groupdict()
            month = (
                _MON_NAMES.index(groups["mon"].lower()) + 1
                if groups.get("mon")
                else int(groups["m"])
            )
            try:
                found.add(dt.date(int(groups["y"]), month, int(groups["d"])))
            except ValueError:
                continue  # /2024/13/45/ is an id, not a day
    return found


def url_date(url: str | None) -> UrlDate | None:
    """The date in an http(s) URL's path, or None when it has none or several."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or len(parts.path) > _MAX_PATH_CHARS:
        return None
    path = parts.path
    days = _full_dates(path)
    if len(days) == 1:
        day = days.pop()
        return UrlDate(day, day.year, day.month)
    if days:
        return None
    months = {(int(m.group("y")), int(m.group("m"))) for m in _YEAR_MONTH.finditer(path)}
    months = {(y, m) for y, m in months if 1 <= m <= 12}
    if len(months) == 1:
        year, month = months.pop()
        return UrlDate(None, year, month)
    return None
