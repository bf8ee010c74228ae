"""Random non-overlapping entity spans over a hand-built ``Doc``, for the property tests of
the entity components (``test_repair.py``, ``test_labels.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import strategies as st
from spacy.tokens import Doc, Span


def draw_entities(draw: Callable, doc: Doc, labels: Sequence[str], most: int) -> Doc:
    """``doc`` with up to ``most`` entities of 1-4 tokens, left to right, labels drawn."""
    spans, free = [], 0
    for _ in range(draw(st.integers(0, most))):
        if free >= len(doc):
            break
        start = draw(st.integers(free, len(doc) - 1))
        end = draw(st.integers(start + 1, min(len(doc), start + 4)))
        spans.append(Span(doc, start, end, label=draw(st.sampled_from(labels))))
        free = end
    doc.ents = spans
    return doc
