"""Character references written as text become their characters; other ampersands stay."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean.references import replace_references


@pytest.mark.parametrize(
    ("text", "clean", "replaced"),
    [
        ("Procter &AMP; Gamble won the account", "Procter & Gamble won the account", 1),
        ("A&amp;E said it&#8217;s final", "A&E said it\u2019s final", 2),
        ("the 1990&#x2013;91 season &#150; and after", "the 1990\u201391 season \u2013 and after", 2),
        ("&quot;We wait,&quot; she said", '"We wait," she said', 2),
        ("Port&NBSP;Avalen", "Port\xa0Avalen", 1),  # a name HTML knows in lower case
        ("&UR; (Jane Doe writes for the Courier.) &LR;", " (Jane Doe writes for the Courier.) ", 2),
        ("AT&T and R&D; S&PX; stay", "AT&T and R&D; S&PX; stay", 0),  # names' ampersands
        ("see /find?a=1&copy=2 and &Foo; &TOOLONG;", "see /find?a=1&copy=2 and &Foo; &TOOLONG;", 0),
        ("&#0;&#55296;&#1114112;&#x7;", "&#0;&#55296;&#1114112;&#x7;", 0),  # no character to hold
        ("no ampersand at all", "no ampersand at all", 0),
    ],
)
def test_references_are_replaced(text: str, clean: str, replaced: int) -> None:
    assert replace_references(text) == (clean, replaced)


_NAMES = st.sampled_from(["amp", "AMP", "quot", "lt", "gt", "eacute", "mdash", "rsquo", "nbsp"])


@given(st.lists(st.one_of(st.text(alphabet=st.characters(blacklist_characters="&"), max_size=12),
                          _NAMES.map(lambda n: f"&{n};"),
                          st.integers(0x20, 0x2FFF).filter(lambda n: chr(n).isprintable() and n > 0x9F)
                          .map(lambda n: f"&#{n};")), max_size=12))
def test_every_complete_reference_reads_as_a_browser_reads_it(parts: list[str]) -> None:
    text = "".join(parts)
    out, count = replace_references(text)
    assert out == html.unescape(text)
    assert count == sum(p.startswith("&") for p in parts)


@given(st.text())
def test_replacing_never_grows_the_text_and_leaves_no_new_reference(text: str) -> None:
    out, count = replace_references(text)
    assert len(out) <= len(text)
    assert (count == 0) == (out == text)
