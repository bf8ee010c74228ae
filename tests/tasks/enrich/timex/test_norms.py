"""The machinery the Russian and French rules share: tries, numbers, tense cues, dispatch."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.enrich.timex import extract_timexes, lexicon_fr, lexicon_ru
from storywire.tasks.enrich.timex.norms import _roman, trie
from storywire.tasks.enrich.timex.resolve import Sentences

MONDAY = dt.date(2020, 10, 26)
RU = lexicon_ru.CUES
ENGLISH = "Austria's chancellor said on Monday that the government will tighten checks on Thursday."


@given(
    st.lists(
        st.text(st.characters(min_codepoint=0x430, max_codepoint=0x44F), min_size=1, max_size=6),
        min_size=1,
        max_size=12,
    )
)
def test_trie_matches_exactly_its_words_longest_first(words: list[str]) -> None:
    pattern = re.compile(trie(words))
    for word in words:
        assert pattern.fullmatch(word)
        # at a word's start the longest word it begins with is what matches first
        longest = max((w for w in words if word.startswith(w)), key=len)
        assert pattern.match(word)[0] == longest
    assert not pattern.fullmatch("".join(words) + "ъъъ")


@pytest.mark.parametrize(
    ("roman", "n"), [("XXI", 21), ("XIX", 19), ("XVIII", 18), ("IV", 4), ("XL", 40)]
)
def test_roman_numerals(roman: str, n: int) -> None:
    assert _roman(roman) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("двух", 2),
        ("трёх", 3),
        ("пяти", 5),
        ("двадцати пяти", 25),
        ("полутора", 1.5),
        ("сорока", 40),
        ("семью", 7),
        ("17", 17),
        ("2,5", 2.5),
        ("нескольких", None),
    ],
)
def test_russian_numerals_in_their_cases(text: str, n: float | None) -> None:
    assert lexicon_ru.number(text) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("deux", 2),
        ("vingt-cinq", 25),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("quatre-vingt-douze", 92),
        ("plusieurs", None),
    ],
)
def test_french_number_words(text: str, n: float | None) -> None:
    assert lexicon_fr.number(text) == n


@pytest.mark.parametrize(
    ("lang", "word", "month"),
    [
        ("ru", "марта", 3),
        ("ru", "мае", 5),
        ("ru", "маем", 5),
        ("ru", "январём", 1),
        ("ru", "авг.", 8),
        ("fr", "août", 8),
        ("fr", "aout", 8),
        ("fr", "juin", 6),
        ("fr", "juillet", 7),
        ("fr", "févr.", 2),
    ],
)
def test_months_in_every_form(lang: str, word: str, month: int) -> None:
    assert {"ru": lexicon_ru, "fr": lexicon_fr}[lang].month(word) == month


@pytest.mark.parametrize(
    ("cues", "text", "target", "tense"),
    [
        (lexicon_ru.CUES, "Министр заявил, что встреча состоится в среду.", "среду", "FUTURE"),
        (lexicon_ru.CUES, "Встреча прошла в среду в Казани.", "среду", "PAST"),
        (lexicon_ru.CUES, "Завод простаивал с понедельника.", "понедельника", "PAST"),
        (
            lexicon_ru.CUES,
            "Водоканал с понедельника ограничит подачу воды.",
            "понедельника",
            "FUTURE",
        ),
        (lexicon_ru.CUES, "Совет директоров в понедельник утвердил отчёт.", "понедельник", "PAST"),
        (
            lexicon_ru.CUES,
            "Об этом сообщает агентство, в понедельник начались торги.",
            "понедельник",
            "PAST",
        ),
        (RU, "Донской водоканал с понедельника ограничит подачу.", "понедельника", "FUTURE"),
        (RU, "Во вторник телеканал покажет финал.", "вторник", "FUTURE"),
        (RU, "Во вторник телеканал показал финал.", "вторник", "PAST"),
        (RU, "Выставка в Казани открывается в пятницу, сообщает агентство.", "пятницу", None),
        (lexicon_fr.CUES, "La réunion aura lieu mercredi.", "mercredi", "FUTURE"),
        (lexicon_fr.CUES, "Le ministre a démissionné mercredi.", "mercredi", "PAST"),
        (lexicon_fr.CUES, "Les départs de ce week-end sont annulés.", "week-end", None),
    ],
)
def test_tense_cues_per_language(cues, text: str, target: str, tense: str | None) -> None:
    start = text.index(target)
    assert Sentences(text, cues=cues).tense_near(start, start + len(target)) == tense


def test_english_is_read_the_same_with_or_without_a_language() -> None:
    default = extract_timexes(ENGLISH, MONDAY)
    assert [m.value for m in default] == ["2020-10-26", "2020-10-29"]
    assert extract_timexes(ENGLISH, MONDAY, language="en") == default
    assert extract_timexes(ENGLISH, MONDAY, language=None) == default
    assert extract_timexes(ENGLISH, MONDAY, language="EN") == default


@pytest.mark.parametrize("lang", ["de", "es", "zh", "", "english"])
def test_other_languages_get_no_mentions(lang: str) -> None:
    assert extract_timexes(ENGLISH, MONDAY, language=lang) == []


def test_each_language_reads_only_its_own_words() -> None:
    assert extract_timexes("Переговоры прошли во вторник.", MONDAY, language="en") == []
    assert extract_timexes("Les négociations ont eu lieu mardi.", MONDAY, language="ru") == []
    assert [
        m.text
        for m in extract_timexes("Les négociations ont eu lieu mardi.", MONDAY, language="fr")
    ] == ["mardi"]
