"""Time-first date lines (``tasks.clean.stamps_ru_fr``) and their place in the
publication-date cascade."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.pubdate import resolve_published_date
from storywire.tasks.clean.stamps_ru_fr import time_first_stamps
from storywire.tasks.records import Dateline

RIA = (
    "В Мурманске открыли новый причал\n\n"
    "14:35 12.03.2025 (обновлено: 15:02 13.03.2025)\n\n"
    "МУРМАНСК, 12 мар — РИА Новости. Новый причал открыли в среду.\n"
)


def test_publication_and_update_of_a_ria_time_line() -> None:
    published, updated = time_first_stamps(RIA)
    assert (published.timestamp, published.label) == (dt.datetime(2025, 3, 12, 14, 35), "published")
    assert (updated.timestamp, updated.label) == (dt.datetime(2025, 3, 13, 15, 2), "updated")
    assert published.line == updated.line == 2


def test_a_time_line_alone_and_impossible_dates() -> None:
    assert [s.date for s in time_first_stamps("09:05 01.02.2024")] == [dt.date(2024, 2, 1)]
    assert time_first_stamps("14:35 31.02.2025") == ()
    assert time_first_stamps("25:99 12.03.2025") == ()
    assert time_first_stamps("В 14:35 12.03.2025 началось заседание.") == ()


def test_the_cascade_dates_a_ria_story_by_its_time_line_in_moscow_time() -> None:
    dateline = Dateline(raw="МУРМАНСК, 12 мар — РИА Новости.", place="Мурманск",
                        agency="РИА Новости", month=3, day=12)
    resolved = resolve_published_date(
        dateline, "Новый причал открыли в среду.", text=RIA,
        fetched_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC), language="ru",
    )
    assert (resolved.date, resolved.source) == (dt.date(2025, 3, 12), "text")
    assert resolved.timezone == "Europe/Moscow"
    assert resolved.timestamp == dt.datetime(2025, 3, 12, 11, 35, tzinfo=dt.UTC)


@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    for stamp in time_first_stamps(text):
        assert stamp.text in text
