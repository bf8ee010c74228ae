"""The article-extraction metric ``tasks.clean.html`` is measured with: token 4-gram shingle
precision, recall and F1 of an extracted text against the gold text (the Zyte
article-extraction-benchmark's). Pure functions.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["shingle_f1"]

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_f1(pred: str, gold: str) -> tuple[float, float, float]:
    """Token 4-gram shingle precision, recall and F1 of one extracted text against gold.

    The metric of the Zyte article-extraction-benchmark: ``\\w+`` tokens (case kept), shingle
    multisets compared by count. As there, two empty texts score 1.0 and an empty side
    scores 0.0. The benchmark averages precision over documents with a non-empty prediction
    and recall over documents with a non-empty gold text, then takes F1 of the two means.
    """
    predicted, expected = _shingles(pred), _shingles(gold)
    tp = sum((predicted & expected).values())
    fp = sum(predicted.values()) - tp
    fn = sum(expected.values()) - tp
    if fp == fn == 0:
        return 1.0, 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1
