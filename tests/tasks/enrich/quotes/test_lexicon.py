"""The reporting-verb table: inflected forms, multi-word forms, their lemmas."""

from __future__ import annotations

from storywire.tasks.enrich.quotes.lexicon import REPORTING_VERBS


def test_verb_lemmas() -> None:
    assert REPORTING_VERBS["said"] == "say"
    assert REPORTING_VERBS["emphasized"] == "emphasize"
    assert REPORTING_VERBS["told"] == "tell"
    assert REPORTING_VERBS["pointed out"] == "point out"
    assert REPORTING_VERBS["according to"] == "according to"
