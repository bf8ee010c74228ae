"""Gates (``timex/gates.py``): the case folding every lowercase gate relies on. Each rule's
gate is checked against its rule in the rules' own tests (``test_rules*.py``)."""

from __future__ import annotations

import re
import string

from storywire.tasks.enrich.timex.gates import fold_case, low, raw


def test_fold_case_maps_what_ignorecase_equates() -> None:
    """Gates rely on this, for every character of the running Python's Unicode tables."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    folded = fold_case(everything)
    assert len(folded) == len(everything)  # one character for one: keywords stay contiguous
    for m in re.finditer(r"[a-z]", everything, re.IGNORECASE):
        assert folded[m.start()] in string.ascii_lowercase, repr(m[0])
        assert re.fullmatch(folded[m.start()], m[0], re.IGNORECASE), repr(m[0])
    for m in re.finditer(rf"[\s\d{re.escape(string.punctuation)}]", everything):
        assert folded[m.start()] == m[0], repr(m[0])


def test_a_lowercase_gate_searches_the_folded_text_and_a_raw_one_the_text():
    text = "THE 20TH \u0130NDUSTRY CENTURY"
    assert low("century").admits(text, fold_case(text)) and low("industry").admits(text, fold_case(text))
    assert not low("century").admits("century", "")  # the folded text is what it searches
    assert raw(r"(?-i:May) \d").admits("May 4", "") and not raw(r"(?-i:May) \d").admits("may 4", "may 4")
