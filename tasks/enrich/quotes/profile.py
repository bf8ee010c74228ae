"""What one language gives the shared quote machinery of Russian and French.

English keeps its own, finely tuned attribution (``attribution``, ``phrases``,
``speakers``); the languages that mark quotes with guillemets and dialogue dashes
share ``marks_intl``, ``attribution_intl`` and ``speakers_intl``, which read only
the word lists and regexes of a :class:`QuoteLanguage` (``lexicon_ru``,
``lexicon_fr``). Adding such a language is one more lexicon module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A reporting verb read from a regex match: its lemma and, for French inverted
#: forms ("a-t-il déclaré"), the (start, end) of the pronoun inside it.
VerbReading = tuple[str, tuple[int, int] | None]


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: a cache key per language
class QuoteLanguage:
    """Word lists and patterns of one language's quote attribution.

    Words are lowercase, "ё" spelled "е" (see :func:`fold`).
    """

    code: str
    verb_re: re.Pattern[str]
    read_verb: Callable[[re.Match[str]], VerbReading | None]
    # "по словам X", "selon X": the speaker phrase follows; lemma "according to".
    # A group "pron" is a pronoun speaker inside the phrase ("по его словам").
    according_re: re.Pattern[str]
    person_pronouns: frozenset[str]  # resolve to the last PERSON ("он", "il", "lui")
    group_pronouns: frozenset[str]  # kept as written, no canonical ("они", "nous")
    prepositions: frozenset[str]  # a mention right after one is a modifier, not a speaker
    # ...unless nobody else is named: "В МИД России заявили" (impersonal: the ministry).
    impersonal_preps: frozenset[str]
    stop_words: frozenset[str]  # end a speaker phrase
    link_words: frozenset[str]  # may sit inside a role phrase ("de", "des", "l")
    determiners: frozenset[str]
    role_stems: tuple[str, ...]  # prefixes of the words that head a role ("министр")
    inversion_leads: frozenset[str]  # "как заявил X", "comme l'a dit X"
    relative_stems: tuple[str, ...]  # open a relative clause ("который", "dont")
    subordinators: frozenset[str]  # "что", "que": indirect speech runs on to the quote
    abbreviations: frozenset[str]
    naming_re: re.Pattern[str]  # words that make the next quote a name
    # "Об этом сообщил X." after a quote that ends its sentence: the next
    # sentence refers back to the quote.
    anaphor_re: re.Pattern[str]
    # Lemmas of a statement that speaks for an organization named before it ("говорится в
    # сообщении госкорпорации"): with no name after the verb, the last organization named.
    statement_lemmas: frozenset[str] = frozenset()


def fold(word: str) -> str:
    """A word as the word lists spell it: lowercase, "ё" as "е", typographic apostrophe
    as the straight one, no trailing full stop."""
    return word.rstrip(".").lower().replace("ё", "е").replace("’", "'")


def wordset(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string, folded."""
    return frozenset(fold(w) for w in text.split())


def verb_table(table: str) -> dict[str, str]:
    """``lemma: form form ...`` lines -> {folded form: lemma}; "+" joins words."""
    forms: dict[str, str] = {}
    for line in table.strip().splitlines():
        lemma, _, rest = line.partition(":")
        for form in rest.split():
            forms[fold(form.replace("+", " "))] = lemma.strip()
    return forms


def alternation(forms: list[str]) -> str:
    """A regex alternation of literal forms, longest first, spaces as any white space,
    each "е" also matching "ё"."""
    out = []
    for form in sorted(set(forms), key=len, reverse=True):
        escaped = re.escape(form).replace(r"\ ", r"\s+").replace(" ", r"\s+")
        out.append(escaped.replace("е", "[её]").replace("'", "['’]"))
    return "|".join(out)
