"""TIMEX3 temporal expression extraction and normalization (pure Python, rule-based).

``extract_timexes(text, dct, language=...)`` finds dates, times, durations and sets in
English (``rules``), Russian (``rules_ru``) or French (``rules_fr``) text and resolves
relative ones against the publication date (``resolve``; the shared normalizers of the
non-English tables are in ``norms``); its evaluation lives in ``tasks.evaluate.timex``.
"""

from storywire.tasks.enrich.timex.extract import LANGUAGES, extract_timexes

__all__ = ["LANGUAGES", "extract_timexes"]
