"""Dates in a story's URL path."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.urldates import UrlDate, url_date

JUNE_11 = UrlDate(dt.date(2024, 6, 11), 2024, 6)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://coastal.example/news/2024/06/11/ferry-fares-rise", JUNE_11),
        ("https://coastal.example/a/20240611/ferry-fares", JUNE_11),
        ("https://coastal.example/ferry-fares-rise-2024-06-11-story.html", JUNE_11),
        ("https://coastal.example/world/2024/jun/11/ferry-fares", JUNE_11),
        ("http://coastal.example/v/20240611.html", JUNE_11),
        ("https://coastal.example/2024/06/ferry-fares", UrlDate(None, 2024, 6)),
        ("https://coastal.example/story/12320240611999", None),  # digits of an id
        ("https://coastal.example/2024/13/45/ferry", None),  # no such day
        ("https://coastal.example/search?date=2024-06-11", None),  # a query, not the path
        ("https://coastal.example/2024/06/11/a/2023/01/02/b", None),  # two days: neither
        ("data:image/png;base64,iVBO20190412AAAA", None),
        ("/data/wire/2024/06/11/ferry.txt", None),  # a local path is no URL
        ("", None),
        (None, None),
    ],
)
def test_url_date(url: str | None, expected: UrlDate | None) -> None:
    assert url_date(url) == expected


@given(st.text(max_size=300))
def test_any_url_text_never_raises(text: str) -> None:
    found = url_date("https://x.example/" + text)
    if found is not None and found.date is not None:
        assert 1800 <= found.date.year <= 2199
