"""TIMEX3 temporal expression extraction and normalization (pure Python, rule-based).

``extract_timexes(text, dct)`` finds dates, times, durations and sets and resolves
relative ones against the publication date; ``evaluate_timex_file`` scores it TempEval-3
style on a gold JSONL file.
"""

from storywire.tasks.timex.evaluate import evaluate_timex_file, format_timex_report
from storywire.tasks.timex.extract import extract_timexes

__all__ = ["evaluate_timex_file", "extract_timexes", "format_timex_report"]
