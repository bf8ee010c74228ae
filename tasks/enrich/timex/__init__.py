"""TIMEX3 temporal expression extraction and normalization (pure Python, rule-based).

``extract_timexes(text, dct)`` finds dates, times, durations and sets and resolves relative
ones against the publication date; its evaluation lives in ``tasks.evaluate.timex``.
"""

from storywire.tasks.enrich.timex.extract import extract_timexes

__all__ = ["extract_timexes"]
