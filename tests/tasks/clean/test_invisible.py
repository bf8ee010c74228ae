"""Invisible format characters leave story text; visible text and meaningful joiners stay."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.invisible import strip_invisible


@pytest.mark.parametrize(
    ("text", "clean", "removed"),
    [
        ("Vla\u200bdimir Pu\u200btin met Emmanuel Macron", "Vladimir Putin met Emmanuel Macron", 2),
        ("\u202aPort Avalen\u202c harbour", "Port Avalen harbour", 2),
        ("\u2066Ahmad\u2069 \u200fsaid\u200e", "Ahmad said", 4),
        ("\ufeffHarbour\u2060board", "Harbourboard", 2),
        ("ferry\u00adterminal", "ferryterminal", 1),  # a soft hyphen is only a break hint
        ("Ferry\u200c terminal", "Ferry terminal", 1),  # ZWNJ beside a space joins nothing
        ("Ferry\u200dterminal", "Ferryterminal", 1),  # ZWJ between Latin letters: noise
        ("\u200dstart and end\u200d", "start and end", 2),
        ("\u061cالقاهرة", "القاهرة", 1),  # the Arabic letter mark is a bidi control
    ],
)
def test_invisible_characters_are_removed(text: str, clean: str, removed: int) -> None:
    assert strip_invisible(text) == (clean, removed)


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم به خانه بروم",  # Persian: ZWNJ keeps a prefix apart from its verb
        "क्\u200dष",  # Devanagari: ZWJ asks for a half form
        "👩\u200d🔬 scientist",  # an emoji sequence: woman scientist
        "👨\u200d👩\u200d👧 family",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",  # tag flag
        "\u0600\u0661\u0662\u0663",  # the Arabic number sign is drawn
        "Plain ASCII headline",
        "Café, São Paulo, Zürich — «ferry»",
    ],
)
def test_meaningful_or_visible_characters_stay(text: str) -> None:
    assert strip_invisible(text) == (text, 0)


def test_tags_away_from_a_flag_are_removed() -> None:
    assert strip_invisible("ferry\U000e0067\U000e0062") == ("ferry", 2)


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(
            [*"\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\ufeff\u00ad\u180e",
             "\U000e0067", "\U0001f3f4", "\u0600", "ب", "क", "👩", " "]
        ),
    ),
    max_size=200,
)


@given(_TEXT)
def test_stripping_is_idempotent(text: str) -> None:
    once, _ = strip_invisible(text)
    assert strip_invisible(once) == (once, 0)


@given(_TEXT)
def test_only_format_characters_are_removed(text: str) -> None:
    clean, removed = strip_invisible(text)
    assert len(text) - len(clean) == removed

    def visible(s: str) -> str:
        return "".join(ch for ch in s if unicodedata.category(ch) != "Cf")

    assert visible(clean) == visible(text)
