"""Time lines that write the clock before the date, as RIA Novosti and Interfax pages do.

``14:35 12.03.2025 (обновлено: 15:02 12.03.2025)`` sits under a RIA Novosti headline: the
publication and, in parentheses, the update. ``tasks.clean.timestamps`` reads date-first
lines (``12.03.2025, 14:35``); this module reads the time-first ones, in the same header
and sign-off zones, as ``TextStamp`` values the publication-date cascade
(``tasks.clean.pubdate``) takes with the others.
"""

from __future__ import annotations

import datetime as dt
import re

from storywire.tasks.clean.timestamps import HEAD_LINES, TAIL_LINES, TextStamp

__all__ = ["time_first_stamps"]

_STAMP = r"(?P<{n}h>\d{{1,2}}):(?P<{n}m>\d{{2}})\s*,?\s*(?P<{n}d>\d{{1,2}})\.(?P<{n}mo>\d{{1,2}})\.(?P<{n}y>(?:19|20)\d\d)"
_LINE_RE = re.compile(
    rf"^\s*{_STAMP.format(n='p')}"
    rf"(?:\s*\((?:обновлено|updated|mis à jour)\s*:?\s*{_STAMP.format(n='u')}\s*\))?\s*$",
    re.IGNORECASE,
)


def _moment(m: re.Match[str], n: str) -> dt.datetime | None:
    try:
        return dt.datetime(
            int(m.group(f"{n}y")), int(m.group(f"{n}mo")), int(m.group(f"{n}d")),
            int(m.group(f"{n}h")), int(m.group(f"{n}m")),
        )
    except ValueError:  # 31.02 or 25:00: not a time line
        return None


def _zone_lines(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= HEAD_LINES + TAIL_LINES:
        return filled
    return [*filled[:HEAD_LINES], *filled[-TAIL_LINES:]]


def time_first_stamps(text: str) -> tuple[TextStamp, ...]:
    """The time-first stamps of ``text``'s header and sign-off lines: the publication
    (``published``) and its update (``updated``), without a zone (the cascade finds it)."""
    lines = text.splitlines()
    found: list[TextStamp] = []
    for index in _zone_lines(lines):
        m = _LINE_RE.match(lines[index])
        if m is None or (published := _moment(m, "p")) is None:
            continue
        line = lines[index].strip()
        found.append(TextStamp(published.date(), published, None, "published", index, line))
        if m.group("uy") and (updated := _moment(m, "u")) is not None:
            found.append(TextStamp(updated.date(), updated, None, "updated", index, line))
    return tuple(found)
