"""Language identification for story text, with py3langid's bundled model.

One raw-score identifier is built on first use and shared: loading the model takes most of a
second, classifying a paragraph well under a millisecond. Raw scores are kept (instead of
the library's normalized mode); the normalized confidence for callers is computed here with
the same length-scaled softmax py3langid uses. ``coverage`` (the model's feature hits per
byte) is what ``decode`` compares competing decodings of the same bytes by.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

__all__ = ["MIN_LETTERS", "coverage", "detect_language"]

# Below this many letters no identifier is reliable (a headline fragment, "OK", a number).
MIN_LETTERS = 12
# Long inputs add nothing to accuracy but cost time (py3langid walks its byte automaton in
# Python): a couple of paragraphs identify a language as well as a whole story does.
_MAX_CHARS = 2000

# A longer text is read as this many samples spread over it (start, middle, end), their
# scores summed: a long list of short lines looks like its first 2,000 characters nowhere
# else, and one repetitive stretch must not decide for the whole text.
_SAMPLES = 3
# Below this confidence a long text is repetitive, not a rare language (a real story of
# that length identifies itself with near certainty): its label is taken among the
# languages most written on the web (_COMMON, about the top thirty by share of web
# content), so 100,000 lines of "list line 41" are not Estonian, Malagasy or Pidgin.
_LOW_CONFIDENCE = 0.5
_SPACE = re.compile(r"\s")
_MAX_WORD_CHARS = 64
_COMMON = frozenset((
    "en", "es", "de", "ja", "fr", "ru", "pt", "it", "nl", "pl", "tr", "fa", "zh", "vi", "id",
    "cs", "ko", "uk", "ar", "hu", "sv", "el", "ro", "da", "he", "th", "fi", "sk", "no", "bg",
    "hr", "sr", "hi",
))  # fmt: skip

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


def _samples(text: str) -> list[str]:
    """The text itself when short, else ``_SAMPLES`` stretches of ``_MAX_CHARS`` spread over
    it, each starting after a whitespace so no sample starts mid-word."""
    if len(text) <= _MAX_CHARS:
        return [text]
    last = len(text) - _MAX_CHARS
    out = []
    for k in range(_SAMPLES):
        start = last * k // (_SAMPLES - 1)
        if start and (space := _SPACE.search(text, start, start + _MAX_WORD_CHARS)):
            start = space.end()
        out.append(text[start : start + _MAX_CHARS])
    return out


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
    samples = [_prepare(sample) for sample in _samples(text)]
    # Naive-Bayes scores of independent samples add up, like the score of their join.
    scores: dict[str, float] = defaultdict(float)
    for sample in samples:
        for label, score in _identifier().rank(sample):
            scores[label] += score
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    size = sum(len(s.encode("utf-8", errors="surrogatepass")) for s in samples)
    scale = 1.0 / math.sqrt(size or 1)

    def confidence(score: float) -> float:
        return 1.0 / sum(math.exp((other - score) * scale) for _, other in ranked)

    label, top = ranked[0]
    if len(samples) > 1 and label not in _COMMON and confidence(top) < _LOW_CONFIDENCE:
        label, top = next(((lab, sc) for lab, sc in ranked if lab in _COMMON), (label, top))
    if label in _NO_LANGUAGE:
        return None, 0.0
    return _TO_ISO639_1.get(label, label), confidence(top)


def coverage(text: str) -> float:
    """How much of ``text`` the language model knows: its feature hits per byte.

    Real words in any language hit the model's n-grams densely; the same bytes read in a
    wrong code page make letter sequences no language has, which hit few. Unlike the mean
    log-probability per hit it compares fairly across scripts: a model whose script is small
    (Greek, Hebrew, Thai) gives each of its rare hits a high probability, so a wrong reading
    in such a script can look more "probable" per hit than real Russian, but it hits less.
    """
    prepared = _prepare(text).encode("utf-8", errors="surrogatepass")
    if not prepared:
        return 0.0
    identifier = _identifier()
    visits = visit_counts(identifier.tk_nextmove, _rowbase(), identifier.tk_output, prepared)
    return sum(visits.values()) / len(prepared) if visits else 0.0


@lru_cache(maxsize=1)
def _rowbase() -> list[int]:
    """Row offsets of the tokenizer automaton, as py3langid computes them internally."""
    return [row << 8 for row in _identifier().tk_row]
