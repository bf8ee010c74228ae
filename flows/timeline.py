"""The report page's timeline: stories published per period beside the dates they talk
about, as an inline SVG bar chart (pure: rows in, markup out)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any

#: The periods a timeline may use, finest first; it uses the finest with at most MAX_BINS.
UNITS = ("month", "year", "decade")
MAX_BINS = 150
#: The share of all counts the axis may leave off at each end (stray far dates).
TRIM_SHARE = 0.01
WIDTH, HEIGHT = 1000, 240
_MARGIN_LEFT, _MARGIN_BOTTOM, _MARGIN_TOP = 44, 34, 26
SERIES = (("published", "stories published"), ("mentioned", "dates in the text"))


def _bin(day: dt.date, unit: str) -> int:
    """A period's ordinal: months since year 0, years, or decades."""
    if unit == "month":
        return day.year * 12 + day.month - 1
    return day.year if unit == "year" else day.year // 10


def _label(ordinal: int, unit: str) -> str:
    if unit == "month":
        return f"{ordinal // 12}-{ordinal % 12 + 1:02d}"
    return str(ordinal) if unit == "year" else f"{ordinal * 10}s"


def axis_range(rows: Sequence[Mapping[str, Any]]) -> tuple[dt.date, dt.date] | None:
    """The first and last month the axis shows: all of them, but for stray far dates (at most
    TRIM_SHARE of the counts at either end, e.g. one story about 1917 among thousands about
    this year), which would squeeze everything else into a few bars."""
    counted = sorted(
        (r["month"], int(r.get("published") or 0) + int(r.get("mentioned") or 0))
        for r in rows
        if r.get("month") is not None
    )
    if not counted:
        return None
    total = sum(n for _, n in counted)
    allowed = total * TRIM_SHARE

    def first_kept(items: Sequence[tuple[dt.date, int]]) -> dt.date:
        dropped = 0
        for month, n in items:
            dropped += n
            if dropped > allowed:
                return month
        return items[-1][0]

    first, last = first_kept(counted), first_kept(counted[::-1])
    return (first, last) if first <= last else (counted[0][0], counted[-1][0])


def binned(rows: Sequence[Mapping[str, Any]]) -> tuple[str, list[tuple[int, int, int]], int]:
    """(unit, [(period ordinal, published, mentioned)], counts left off the axis) for every
    period of ``axis_range``, empty ones included, in the finest unit within MAX_BINS."""
    span = axis_range(rows)
    if span is None:
        return "month", [], 0
    first, last = span
    unit = next(u for u in UNITS if _bin(last, u) - _bin(first, u) < MAX_BINS or u == UNITS[-1])
    counts: dict[int, list[int]] = {}
    outside = 0
    for r in rows:
        if r.get("month") is None:
            continue
        if not first <= r["month"] <= last:
            outside += int(r.get("published") or 0) + int(r.get("mentioned") or 0)
            continue
        slot = counts.setdefault(_bin(r["month"], unit), [0, 0])
        slot[0] += int(r.get("published") or 0)
        slot[1] += int(r.get("mentioned") or 0)
    lo, hi = _bin(first, unit), _bin(last, unit)
    return unit, [(k, *counts.get(k, [0, 0])) for k in range(lo, hi + 1)], outside


def timeline_svg(rows: Sequence[Mapping[str, Any]]) -> str:
    """Two bars per period (``class="bar published"`` and ``class="bar mentioned"``), each
    titled with its period and count, over a labelled time axis."""
    unit, bins, outside = binned(rows)
    if not bins:
        return '<p class="empty">No dated stories or dates in the text.</p>'
    top = max(max(p, m) for _, p, m in bins) or 1
    plot_w = WIDTH - _MARGIN_LEFT - 8
    plot_h = HEIGHT - _MARGIN_BOTTOM - _MARGIN_TOP
    step = plot_w / len(bins)
    bar_w = max(step * 0.42, 0.6)
    base = _MARGIN_TOP + plot_h
    parts = [
        f'<line class="axis" x1="{_MARGIN_LEFT}" y1="{base}" x2="{WIDTH - 8}" y2="{base}"/>',
        f'<text class="tick" x="{_MARGIN_LEFT - 6}" y="{_MARGIN_TOP + 4}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{_MARGIN_LEFT - 6}" y="{base}" text-anchor="end">0</text>',
    ]
    every = max(1, round(len(bins) / 12))  # about a dozen period labels
    for i, (ordinal, published, mentioned) in enumerate(bins):
        x0 = _MARGIN_LEFT + i * step + step * 0.08
        for j, ((cls, what), value) in enumerate(zip(SERIES, (published, mentioned), strict=True)):
            if not value:
                continue
            h = max(plot_h * value / top, 1.0)
            parts.append(
                f'<rect class="bar {cls}" x="{x0 + j * bar_w:.1f}" y="{base - h:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{_label(ordinal, unit)}: '
                f"{value} {what}</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x0 + bar_w:.1f}" y="{base + 16}" text-anchor="middle">'
                f"{_label(ordinal, unit)}</text>"
            )
    legend = "".join(
        f'<rect class="bar {cls}" x="{_MARGIN_LEFT + k * 190}" y="4" width="12" height="12"/>'
        f'<text class="tick" x="{_MARGIN_LEFT + k * 190 + 18}" y="14">{html.escape(what)} per {unit}</text>'
        for k, (cls, what) in enumerate(SERIES)
    )
    if outside:
        legend += (
            f'<text class="tick" x="{WIDTH - 8}" y="14" text-anchor="end">{outside:,} outside '
            f"{_label(bins[0][0], unit)} .. {_label(bins[-1][0], unit)}, not drawn</text>"
        )
    return (
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Stories published and dates mentioned, per {unit}">{legend}{"".join(parts)}</svg>'
    )
