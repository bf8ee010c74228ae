"""The article-extraction metric, and the extraction benchmark's floor it measures."""

from __future__ import annotations

import gzip
import json
import statistics

import pytest
from conftest import CORPORA

from storywire.tasks.clean.html import ExtractionError, parse_html
from storywire.tasks.evaluate.html import shingle_f1

BENCHMARK = CORPORA / "article_extraction_benchmark" / "gold.jsonl.gz"


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("the cat sat on the mat today", "the cat sat on the mat today", (1.0, 1.0, 1.0)),
        ("", "", (1.0, 1.0, 1.0)),
        ("", "the cat sat on the mat", (0.0, 0.0, 0.0)),
        ("a b c d e", "a b c d", (0.5, 1.0, 2 / 3)),
        ("Menu. a b c d", "a b c d", (0.5, 1.0, 2 / 3)),
    ],
)
def test_shingle_f1(pred: str, gold: str, expected: tuple[float, float, float]) -> None:
    assert shingle_f1(pred, gold) == pytest.approx(expected)


# Just under the score the README reports, so that a regression fails.
BENCHMARK_F1_FLOOR = 0.955


@pytest.mark.corpus
def test_article_extraction_benchmark_floor() -> None:
    """Zyte article-extraction-benchmark, scored as its evaluate.py does.

    Precision is averaged over pages with a non-empty extraction, recall over all pages,
    and F1 is taken of the two means. Run: pytest -m corpus tests/tasks/evaluate/test_html.py -s
    """
    if not BENCHMARK.exists():
        pytest.skip("article_extraction_benchmark corpus not present")
    precisions: list[float] = []
    recalls: list[float] = []
    with gzip.open(BENCHMARK, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            try:
                predicted = parse_html(row["html"], url=row["url"]).text
            except ExtractionError:
                predicted = ""
            precision, recall, _ = shingle_f1(predicted, row["gold_text"])
            if predicted.strip():
                precisions.append(precision)
            if row["gold_text"].strip():
                recalls.append(recall)
    precision, recall = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    print(
        f"\narticle_extraction_benchmark: n={len(recalls)} P={precision:.4f} R={recall:.4f} F1={f1:.4f}"
    )
    assert f1 >= BENCHMARK_F1_FLOOR
