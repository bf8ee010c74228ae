"""Language identification for story text, with py3langid's bundled model.

One raw-score identifier is built on first use and shared: loading the model takes most of a
second, classifying a paragraph well under a millisecond. Raw scores are kept (instead of
the library's normalized mode) because ``decode`` also uses them to compare how *plausible*
competing decodings of the same bytes are; the normalized confidence for callers is computed
here with the same length-scaled softmax py3langid uses.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

__all__ = ["MIN_LETTERS", "detect_language", "plausibility"]

# Below this many letters no identifier is reliable (a headline fragment, "OK", a number).
MIN_LETTERS = 12
# Long inputs add nothing to accuracy but cost time (py3langid walks its byte automaton in
# Python): a couple of paragraphs identify a language as well as a whole story does.
_MAX_CHARS = 2000

# py3langid labels without an ISO 639-1 code that belong to a macrolanguage which has one.
_TO_ISO639_1 = {"ary": "ar", "arz": "ar", "uzs": "uz", "wuu": "zh", "yue": "zh", "gug": "gn"}
_NO_LANGUAGE = {"zxx", "und"}


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The shared identifier, built once per process (all languages, raw scores)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def _has_letters(text: str, n: int) -> bool:
    """At least ``n`` letters in ``text`` (stops counting as soon as there are)."""
    count = 0
    for ch in text:
        if ch.isalpha():
            count += 1
            if count >= n:
                return True
    return False


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text[:_MAX_CHARS])
    # All-caps wire headlines classify badly; py3langid lowercases them too.
    return text.lower() if text.isupper() else text


def detect_language(text: str) -> tuple[str | None, float]:
    """Return ``(ISO 639-1 code, confidence in [0, 1])`` for ``text``.

    ``(None, 0.0)`` when the text has fewer than ``MIN_LETTERS`` letters or the model says it
    is not language (``zxx``). Languages without a two-letter code keep py3langid's
    three-letter ISO 639-3 label (``ace``, ``pcm``...). The confidence is the softmax of the
    raw naive-Bayes scores scaled by 1/sqrt(byte length), as py3langid's ``norm_probs`` does,
    so short texts get honest, lower confidences.
    """
    if not _has_letters(text, MIN_LETTERS):
        return None, 0.0
    prepared = _prepare(text)
    ranked = _identifier().rank(prepared)
    scale = 1.0 / math.sqrt(len(prepared.encode("utf-8", errors="surrogatepass")) or 1)
    top = ranked[0][1]
    total = sum(math.exp((score - top) * scale) for _, score in ranked)
    label = ranked[0][0]
    if label in _NO_LANGUAGE:
        return None, 0.0
    return _TO_ISO639_1.get(label, label), 1.0 / total


def plausibility(text: str) -> float:
    """How much ``text`` looks like *some* language: mean log-probability per model feature.

    Only comparisons between decodings of the same bytes are meaningful (higher is more
    plausible); ``decode`` uses it to choose between legacy code pages that all decode the
    bytes without error, where French "fête" beats cp1257's "fźte". The mean is taken per
    *feature hit* rather than per byte because naive Bayes ignores n-grams it has never seen:
    per byte, garbage characters would look cheap instead of suspicious.
    """
    prepared = _prepare(text).encode("utf-8", errors="surrogatepass")
    identifier = _identifier()
    visits = visit_counts(identifier.tk_nextmove, _rowbase(), identifier.tk_output, prepared)
    if not visits:
        return -math.inf
    best = identifier.rank(prepared)[0][1]
    return best / sum(visits.values())


@lru_cache(maxsize=1)
def _rowbase() -> list[int]:
    """Row offsets of the tokenizer automaton, as py3langid computes them internally."""
    return [row << 8 for row in _identifier().tk_row]
