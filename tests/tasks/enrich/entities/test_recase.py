"""ALL-CAPS lines re-cased with the story's own spellings, same length as the input."""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.entities.recase import recase_caps_lines


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        (
            "ALIYEV HOLDS TALKS IN ANKARA\nPresident Aliyev arrived in Ankara for talks on Monday.",
            "Aliyev holds talks in Ankara",  # seen words as the story writes them
        ),
        (
            "SOCCER - KELSO ROVERS BEAT DUNMORE\nKelso Rovers won 2-1.",
            "Soccer - Kelso Rovers beat dunmore",
        ),
        ("IMF WARNS ON DEBT\nThe fund said debt was rising.", "IMF warns on debt"),
        ("FDCH REPORT\nNothing else here.", "FDCH report"),
    ],
)
def test_recase_caps_lines_uses_story_spelling(text, first_line):
    out = recase_caps_lines(text)
    assert len(out) == len(text)
    assert out.splitlines()[0] == first_line
    assert out.splitlines()[1:] == text.splitlines()[1:]


@pytest.mark.parametrize(
    "text",
    ["", "Mixed case line with NATO and the IMF.", "12 34\n56", "NATO summit in Riga opens"],
)
def test_recase_leaves_mixed_case_alone(text):
    assert recase_caps_lines(text) == text
