"""Pairing guillemets, lapki, straight quotes and dialogue dashes into quote spans."""

from __future__ import annotations

import pytest

from storywire.tasks.enrich.quotes.lexicon_fr import FRENCH
from storywire.tasks.enrich.quotes.lexicon_ru import RUSSIAN
from storywire.tasks.enrich.quotes.marks_intl import scan_quotes_intl
from storywire.tasks.enrich.quotes.sentences import paragraph_spans


def quoted(body: str, verbs=RUSSIAN.verb_re) -> list[str]:
    """The text between each pair of marks, as the scanner paired them, trimmed."""
    spans = scan_quotes_intl(body, paragraph_spans(body), verb_re=verbs)
    return [body[s.open_end : s.close_start].strip() for s in spans]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("«Да», — сказал он.", ["Да"], id="yolochki"),
        pytest.param("„Да“, — сказал он.", ["Да"], id="lapki"),
        pytest.param('"Да", - сказал он.', ["Да"], id="straight-and-hyphen"),
        pytest.param(
            "«Это „красная линия“ для нас», — заявил он.",
            ["Это „красная линия“ для нас"],
            id="lapki-nested-in-yolochki",
        ),
        pytest.param(
            "«Газета «Вести» закрыта», — сообщил он.",
            ["Газета «Вести» закрыта"],
            id="nested-yolochki-count-depth",
        ),
        pytest.param(
            "«Мы работаем с «Уралхимом», — сказал он.",
            ["Мы работаем с «Уралхимом"],
            id="outer-closer-dropped",
        ),
        pytest.param("» Лишняя. «Настоящая».", ["Настоящая"], id="stray-closer"),
        pytest.param("Рост 6'2\" и «ответ».", ["ответ"], id="inch-mark"),
    ],
)
def test_russian_marks_pair(body: str, expected: list[str]) -> None:
    assert quoted(body) == expected


def test_dialogue_dash_paragraph_alternates_speech_and_author() -> None:
    body = "— Мы готовы, — сказал он. — Начнем завтра.\n\n– Согласен, – ответила она."
    assert quoted(body) == ["Мы готовы,", "Начнем завтра.", "Согласен,"]


def test_a_dash_without_punctuation_before_it_stays_inside_speech() -> None:
    assert quoted("— Москва — наш дом, — сказал он.") == ["Москва — наш дом,"]


def test_author_words_inside_quote_marks_split_the_quote() -> None:
    body = "«Мы видим замедление, — сказала она. — Но паники нет»."
    assert quoted(body) == ["Мы видим замедление,", "Но паники нет"]


def test_a_dash_inside_a_quote_without_a_verb_does_not_split_it() -> None:
    body = "«Мы готовы, — и это главное, — к любому исходу»."
    assert quoted(body) == ["Мы готовы, — и это главное, — к любому исходу"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("« Oui », dit-il.", ["Oui"], id="spaced-guillemets"),
        pytest.param("«\u202fOui\u202f», dit-il.", ["Oui"], id="narrow-no-break-spaces"),
        pytest.param(
            "« Il a dit “non” hier », a-t-elle ajouté.",
            ["Il a dit “non” hier"],
            id="curly-nested-in-guillemets",
        ),
        pytest.param(
            "« C'est grave, a-t-il dit. Il faut agir. »",
            ["C'est grave,", "Il faut agir."],
            id="incise-inside-guillemets",
        ),
        pytest.param(
            "— Nous sommes prêts, a dit le ministre. Le temps presse.",
            ["Nous sommes prêts,", "Le temps presse."],
            id="dialogue-incise",
        ),
        pytest.param(
            "— Nous sommes prêts, enfin presque.",
            ["Nous sommes prêts, enfin presque."],
            id="dialogue-without-incise",
        ),
    ],
)
def test_french_marks_pair(body: str, expected: list[str]) -> None:
    assert quoted(body, FRENCH.verb_re) == expected


def test_open_quote_continues_only_into_a_reopening_paragraph() -> None:
    continued = "«Первое.\n\n«Второе», — сказал он."
    assert quoted(continued) == ["Первое.\n\n«Второе"]
    broken = "«Первое без конца.\n\nДругой абзац."
    spans = scan_quotes_intl(broken, paragraph_spans(broken), verb_re=RUSSIAN.verb_re)
    assert [(s.paragraph, s.last_paragraph, s.closed) for s in spans] == [(0, 0, False)]
